; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), sha256 cfc230c8b79e5471453bcb1afca1c38e4a477bd0dde3f322ec1f2ad724e614c0
; query sha256 (text below this header): 01a6d2960af634e2425e4d26053b7eec34181443579c06d7953ec25610e716ae
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) true false (not false) (or (not smmu) true)) (and (= d #x00000001) true false (not false) (or (not smmu) true)) (and (= d #x00000002) false false (not false) (or (not smmu) true)) (and (= d #x00000003) true true (not false) (or (not smmu) false)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true true (not false) (or (not smmu) false)) (and (= d #x00000006) true true (not false) (or (not smmu) true)) (and (= d #x00000007) true true (not false) (or (not smmu) false)) (and (= d #x00000008) true true (not false) (or (not smmu) false)) (and (= d #x00000009) true true (not false) (or (not smmu) false)) (and (= d #x0000000a) true false (not false) (or (not smmu) true))))
(check-sat)
(get-model)
