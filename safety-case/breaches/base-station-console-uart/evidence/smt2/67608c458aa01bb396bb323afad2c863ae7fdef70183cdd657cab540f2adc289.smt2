; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted; under unmatched-streams bypass, so is every DMA master a reassignment can pass through
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 67608c458aa01bb396bb323afad2c863ae7fdef70183cdd657cab540f2adc289
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000001) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000002) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000003) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000004) (or true false) true (not false) (or (not smmu) false)) (and (= d #x00000005) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000006) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000007) (or true false) false (not false) (or (not smmu) true)) (and (= d #x00000008) (or true false) false (not false) (or (not smmu) true))))
(check-sat)
