; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: industrial-gateway-latency (industrial-gateway-latency.yaml), file sha256 de59d8b04bd3a7be1f85a6264c084ca28e0d64f08499b5a46d26825decc65269
; included file: imx8qm-like.yaml, file sha256 b03246e0f934275b2af48d825d52c99641cb1cfb3b91f2d31d11cf9e5aff1e0d
; query sha256 (text below this header): b92a1479ed3466b8270cc477c6cd961737c5765b11f7bcaf3fdef6ffe76ecf8f
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(declare-const p (_ BitVec 64))
(define-fun smmu () Bool true)
(define-fun bypass () Bool false)
(assert (or (and (= d #x00000000) false false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000001) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000002) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000003) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000004) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000005) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000006) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000007) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000008) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000009) false true (not false) (or (not smmu) (and bypass false)))))
(assert (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)))
(check-sat)
