; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: cnc-hmi (cnc-hmi.yaml), sha256 680d1b66c8bcac0e5a7d79894095b9efb196046bc74af8f04ae2721704ee3adb
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
