; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): e4dc2fcd04745813570fbae5d7a0428ed90e8dcb5816bdf5dd38da965f5ab687
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000001) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000002) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000003) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000006) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000007) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000008) (or false false) false (not false) (or (not smmu) true))))
(check-sat)
