; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted (the hypervisor refuses to reassign an unconfined one)
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): ec305e8709e380eb1fbf5925d091f8e534b0175bed977c91fc2cc615038abde6
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) true true (not false) (or (not smmu) false)) (and (= d #x00000001) true true (not false) (or (not smmu) false)) (and (= d #x00000002) true true (not false) (or (not smmu) false)) (and (= d #x00000003) true true (not false) (or (not smmu) false)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true false (not false) (or (not smmu) true)) (and (= d #x00000006) true false (not false) (or (not smmu) true)) (and (= d #x00000007) true false (not false) (or (not smmu) true)) (and (= d #x00000008) true false (not false) (or (not smmu) true))))
(check-sat)
