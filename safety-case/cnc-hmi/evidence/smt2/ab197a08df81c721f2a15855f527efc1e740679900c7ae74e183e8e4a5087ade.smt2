; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 521f4d5558bbb9fafb2961369d41a9dd6e795405faad9fe7e1dc4e54f911b60c
; included file: imx8qm-like.yaml, file sha256 b03246e0f934275b2af48d825d52c99641cb1cfb3b91f2d31d11cf9e5aff1e0d
; query sha256 (text below this header): ab197a08df81c721f2a15855f527efc1e740679900c7ae74e183e8e4a5087ade
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(declare-const p (_ BitVec 64))
(define-fun smmu () Bool true)
(define-fun bypass () Bool false)
(assert (or (and (= d #x00000000) false false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000001) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000002) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000003) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000004) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000005) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000006) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000007) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000008) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000009) true true (not false) (or (not smmu) (and bypass false)))))
(assert (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)))
(check-sat)
