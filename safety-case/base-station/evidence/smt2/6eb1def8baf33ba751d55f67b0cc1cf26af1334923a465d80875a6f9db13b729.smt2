; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: base-station (base-station.yaml), sha256 0a5cb4802c1401344a522ba7ee81f896b4622e0a6d76534b545dbba9d6c36241
; query sha256 (text below this header): 6eb1def8baf33ba751d55f67b0cc1cf26af1334923a465d80875a6f9db13b729
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) true true (not false) (or (not smmu) false)) (and (= d #x00000001) true true (not false) (or (not smmu) false)) (and (= d #x00000002) true true (not false) (or (not smmu) false)) (and (= d #x00000003) true true (not false) (or (not smmu) false)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true false (not false) (or (not smmu) true)) (and (= d #x00000006) true false (not false) (or (not smmu) true)) (and (= d #x00000007) true false (not false) (or (not smmu) true)) (and (= d #x00000008) false false (not false) (or (not smmu) true))))
(check-sat)
