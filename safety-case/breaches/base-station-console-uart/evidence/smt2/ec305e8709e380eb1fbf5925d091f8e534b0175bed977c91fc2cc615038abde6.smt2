; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: base-station-console-uart (base-station-console-uart.yaml), sha256 3a132365a7a06f77e1e99e72e3d29b4960df53abe95403a78f4ca47e6a086554
; query sha256 (text below this header): ec305e8709e380eb1fbf5925d091f8e534b0175bed977c91fc2cc615038abde6
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) true true (not false) (or (not smmu) false)) (and (= d #x00000001) true true (not false) (or (not smmu) false)) (and (= d #x00000002) true true (not false) (or (not smmu) false)) (and (= d #x00000003) true true (not false) (or (not smmu) false)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true false (not false) (or (not smmu) true)) (and (= d #x00000006) true false (not false) (or (not smmu) true)) (and (= d #x00000007) true false (not false) (or (not smmu) true)) (and (= d #x00000008) true false (not false) (or (not smmu) true))))
(check-sat)
