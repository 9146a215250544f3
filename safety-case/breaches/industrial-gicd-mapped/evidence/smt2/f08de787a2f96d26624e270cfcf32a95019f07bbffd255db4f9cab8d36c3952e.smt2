; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: industrial-gicd-mapped (industrial-gicd-mapped.yaml), file sha256 04171f076d19ca10bcb63e529274afe5d8ba9ed67597f5920489a60bd7538d6a
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): f08de787a2f96d26624e270cfcf32a95019f07bbffd255db4f9cab8d36c3952e
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or false false) false (not false) (or (not smmu) true)) (and (= d #x00000001) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000002) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000003) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000006) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000007) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000008) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000009) (or false false) true (not false) (or (not smmu) false))))
(check-sat)
