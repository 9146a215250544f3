; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: industrial-shared-line (industrial-shared-line.yaml), sha256 489df81bd9f976c83ca432d76662ecfd88232a6b4eb1006e616bb9beaef3b2d3
; query sha256 (text below this header): 08466f815d0c5dd18fc6bd6c8220b7581d810aa05b991e9e32e14cfa6237078f
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(declare-const p (_ BitVec 64))
(define-fun smmu () Bool true)
(define-fun bypass () Bool false)
(assert (or (and (= d #x00000000) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000001) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000002) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000003) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000004) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000005) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000006) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000007) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000008) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000009) false true (not false) (or (not smmu) (and bypass false)))))
(assert (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)))
(check-sat)
