; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: base-station (base-station.yaml), sha256 0158177823d43fba06710cc4da22fff818daee0fb0841a61fd0bdbfbaa6becdd
; query sha256 (text below this header): ca601e9043cb2c17a44162226a3cfefd8a1eff5806f2f49e73e34c0408cf50f9
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000001) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000002) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000003) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000006) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000007) (or true false) false (not false) (or (not smmu) true))))
(check-sat)
