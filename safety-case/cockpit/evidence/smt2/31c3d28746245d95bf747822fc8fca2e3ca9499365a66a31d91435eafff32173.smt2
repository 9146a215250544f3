; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: cockpit (cockpit.yaml), file sha256 41719c8b0212f8de0019bdcc8866fbe3d21f2db3c328aa705302cc7999a14081
; included file: auto-8c.yaml, file sha256 9caeb95df25ae7822a014f466d85528e8c3f954a02d962e8c7bb5d7d86d8b981
; query sha256 (text below this header): 31c3d28746245d95bf747822fc8fca2e3ca9499365a66a31d91435eafff32173
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(declare-const p (_ BitVec 64))
(define-fun smmu () Bool true)
(define-fun bypass () Bool false)
(assert (or (and (= d #x00000000) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000001) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000002) false false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000003) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000004) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000005) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000006) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000007) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000008) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000009) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x0000000a) true false (not false) (or (not smmu) (and bypass true)))))
(assert (and (bvule #x0000000040000000 p) (bvule p #x0000000043ffffff)))
(check-sat)
