; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted (the hypervisor refuses to reassign an unconfined one)
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 9ffcd56c5903280589ffe4ddeec09756251e99420c28f8351c9fcd28f0ee89cb
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 7dfd76f95287fc8882512786f229aae57b6557cf2b9b52ee17bc737c62902a30
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) false false (not false) (or (not smmu) true)) (and (= d #x00000001) true false (not false) (or (not smmu) true)) (and (= d #x00000002) true false (not false) (or (not smmu) true)) (and (= d #x00000003) true false (not false) (or (not smmu) true)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true true (not false) (or (not smmu) false)) (and (= d #x00000006) true true (not false) (or (not smmu) false)) (and (= d #x00000007) true true (not false) (or (not smmu) false)) (and (= d #x00000008) true true (not false) (or (not smmu) false)) (and (= d #x00000009) true true (not false) (or (not smmu) false))))
(check-sat)
