; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: industrial-controller (industrial-controller.yaml), sha256 0483c18dd1409d2179ae24aebbd8cfd1facb769288f27410cf8127bbe23e9079
; query sha256 (text below this header): d5d90ff71f840f63d2bfa90e32e040ad15a1e859e867c9a33b62df1984492062
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) false false (not false) (or (not smmu) true)) (and (= d #x00000001) true false (not false) (or (not smmu) true)) (and (= d #x00000002) true false (not false) (or (not smmu) true)) (and (= d #x00000003) true false (not false) (or (not smmu) true)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true true (not false) (or (not smmu) false)) (and (= d #x00000006) true true (not false) (or (not smmu) false)) (and (= d #x00000007) true true (not false) (or (not smmu) false)) (and (= d #x00000008) true true (not false) (or (not smmu) false)) (and (= d #x00000009) false true (not false) (or (not smmu) false))))
(check-sat)
