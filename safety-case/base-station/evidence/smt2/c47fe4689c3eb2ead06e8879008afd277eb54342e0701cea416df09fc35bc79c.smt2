; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: base-station (base-station.yaml), sha256 0158177823d43fba06710cc4da22fff818daee0fb0841a61fd0bdbfbaa6becdd
; query sha256 (text below this header): c47fe4689c3eb2ead06e8879008afd277eb54342e0701cea416df09fc35bc79c
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(declare-const p (_ BitVec 64))
(define-fun smmu () Bool true)
(define-fun bypass () Bool false)
(assert (or (and (= d #x00000000) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000001) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000002) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000003) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000004) true true (not false) (or (not smmu) (and bypass false))) (and (= d #x00000005) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000006) true false (not false) (or (not smmu) (and bypass true))) (and (= d #x00000007) true false (not false) (or (not smmu) (and bypass true)))))
(assert (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)))
(check-sat)
