; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted (the hypervisor refuses to reassign an unconfined one)
; scenario: industrial-controller (industrial-controller.yaml), file sha256 f6057d5ff840f315bf9330f863aa4273365ac8fd0592c01a2afee970c89046be
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): d5d90ff71f840f63d2bfa90e32e040ad15a1e859e867c9a33b62df1984492062
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) false false (not false) (or (not smmu) true)) (and (= d #x00000001) true false (not false) (or (not smmu) true)) (and (= d #x00000002) true false (not false) (or (not smmu) true)) (and (= d #x00000003) true false (not false) (or (not smmu) true)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true true (not false) (or (not smmu) false)) (and (= d #x00000006) true true (not false) (or (not smmu) false)) (and (= d #x00000007) true true (not false) (or (not smmu) false)) (and (= d #x00000008) true true (not false) (or (not smmu) false)) (and (= d #x00000009) false true (not false) (or (not smmu) false))))
(check-sat)
