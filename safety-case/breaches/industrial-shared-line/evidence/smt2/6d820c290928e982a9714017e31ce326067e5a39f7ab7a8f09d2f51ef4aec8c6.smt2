; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: industrial-shared-line (industrial-shared-line.yaml), file sha256 87003b626dbcc0a7eb87306e952a8cbb9493b38d6b63ebe9bddc2d3a1258b3c1
; included file: imx8qm-shared-uart-line.yaml, file sha256 096d8a64df0ad5ec95c72f8d885e33831b7443d1094ea261cad590f07d90c7a7
; query sha256 (text below this header): 6d820c290928e982a9714017e31ce326067e5a39f7ab7a8f09d2f51ef4aec8c6
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000001) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000002) (or false false) false (not false) (or (not smmu) true)) (and (= d #x00000003) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000004) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000005) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000006) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000007) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000008) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000009) (or true false) true (not false) (or (not smmu) false)) (and (= d #x0000000a) (or false false) true (not false) (or (not smmu) false))))
(check-sat)
