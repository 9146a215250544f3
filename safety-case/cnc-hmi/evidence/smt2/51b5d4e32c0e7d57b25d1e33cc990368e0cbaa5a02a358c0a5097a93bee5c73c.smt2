; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 521f4d5558bbb9fafb2961369d41a9dd6e795405faad9fe7e1dc4e54f911b60c
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 51b5d4e32c0e7d57b25d1e33cc990368e0cbaa5a02a358c0a5097a93bee5c73c
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or false false) false (not false) (or (not smmu) true)) (and (= d #x00000001) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000002) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000003) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000006) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000007) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000008) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000009) (or true false) true (not false) (or (not smmu) false))))
(check-sat)
