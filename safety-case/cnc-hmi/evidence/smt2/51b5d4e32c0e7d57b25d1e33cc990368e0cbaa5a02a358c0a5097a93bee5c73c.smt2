; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: cnc-hmi (cnc-hmi.yaml), sha256 680d1b66c8bcac0e5a7d79894095b9efb196046bc74af8f04ae2721704ee3adb
; query sha256 (text below this header): 51b5d4e32c0e7d57b25d1e33cc990368e0cbaa5a02a358c0a5097a93bee5c73c
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or false false) false (not false) (or (not smmu) true)) (and (= d #x00000001) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000002) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000003) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000006) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000007) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000008) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000009) (or true false) true (not false) (or (not smmu) false))))
(check-sat)
