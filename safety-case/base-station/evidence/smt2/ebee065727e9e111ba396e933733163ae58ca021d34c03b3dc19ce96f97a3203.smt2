; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 80d22c188a89d6a95e78fe5b8368d1993069e2c4a4befe6cf4300a11391b47a1
; query sha256 (text below this header): ebee065727e9e111ba396e933733163ae58ca021d34c03b3dc19ce96f97a3203
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) true true (not false) (or (not smmu) false)) (and (= d #x00000001) true true (not false) (or (not smmu) false)) (and (= d #x00000002) true true (not false) (or (not smmu) false)) (and (= d #x00000003) true true (not false) (or (not smmu) false)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true false (not false) (or (not smmu) true)) (and (= d #x00000006) true false (not false) (or (not smmu) true)) (and (= d #x00000007) true false (not false) (or (not smmu) true))))
(check-sat)
