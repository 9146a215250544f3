; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: cockpit (cockpit.yaml), file sha256 41719c8b0212f8de0019bdcc8866fbe3d21f2db3c328aa705302cc7999a14081
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): d14c34750198393a8744d24a5bc609b5a4fa5958dce6ee9f11b83773c034eb3b
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000001) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000002) (or false false) false (not false) (or (not smmu) true)) (and (= d #x00000003) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000006) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000007) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000008) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000009) (or true false) true (not false) (or (not smmu) false)) (and (= d #x0000000a) (or true false) false (not false) (or (not smmu) true))))
(check-sat)
