; hvsafe query isolation.hypervisor/dma
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 80d22c188a89d6a95e78fe5b8368d1993069e2c4a4befe6cf4300a11391b47a1
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
