; hvsafe query isolation.dma/unconfined
; property: isolation.dma
; level: config
; claim (unsat establishes): every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted
; scenario: industrial-shared-spi (industrial-shared-spi.yaml), sha256 40c29ed16e8bbeee0b13be191516a93a971f7d877cdb1d59f82c1f1504bcd8b2
; query sha256 (text below this header): d5d90ff71f840f63d2bfa90e32e040ad15a1e859e867c9a33b62df1984492062
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const d (_ BitVec 32))
(define-fun smmu () Bool true)
(assert (or (and (= d #x00000000) false false (not false) (or (not smmu) true)) (and (= d #x00000001) true false (not false) (or (not smmu) true)) (and (= d #x00000002) true false (not false) (or (not smmu) true)) (and (= d #x00000003) true false (not false) (or (not smmu) true)) (and (= d #x00000004) true true (not false) (or (not smmu) false)) (and (= d #x00000005) true true (not false) (or (not smmu) false)) (and (= d #x00000006) true true (not false) (or (not smmu) false)) (and (= d #x00000007) true true (not false) (or (not smmu) false)) (and (= d #x00000008) true true (not false) (or (not smmu) false)) (and (= d #x00000009) false true (not false) (or (not smmu) false))))
(check-sat)
