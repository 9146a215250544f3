; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: base-station (base-station.yaml), sha256 0158177823d43fba06710cc4da22fff818daee0fb0841a61fd0bdbfbaa6becdd
; query sha256 (text below this header): ebee065727e9e111ba396e933733163ae58ca021d34c03b3dc19ce96f97a3203
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) true true (not false) (or (not smmu) false)) (and (= d #x00000001) true true (not false) (or (not smmu) false)) (and (= d #x00000002) true true (not false) (or (not smmu) false)) (and (= d #x00000003) true true (not false) (or (not smmu) false)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true false (not false) (or (not smmu) true)) (and (= d #x00000006) true false (not false) (or (not smmu) true)) (and (= d #x00000007) true false (not false) (or (not smmu) true))))
(check-sat)
