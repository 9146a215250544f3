; hvsafe query timing.cpu-exclusive/vcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): every bound vCPU is pinned to the pCPU bound to it (vcpu #x00000004..#xffffffff, 2 chunk(s))
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 9b5f3d55cb81f48483071ae5cdb230e16cf82631c2527a27c231b66de6a80798
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const w (_ BitVec 32))
(declare-const k (_ BitVec 32))
(declare-const i (_ BitVec 32))
(declare-const j (_ BitVec 32))
(declare-const i_bind Bool)
(declare-const j_bind Bool)
(declare-const i_pcpu (_ BitVec 32))
(declare-const j_pcpu (_ BitVec 32))
(assert (or (and (= w #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004)) (and (= i #x00000000) (= i_bind true) (= i_pcpu #x00000002) (and (bvule #x00000004 k) (bvule k #x00000004))) (and (= j #x00000006) (= j_bind false) (= j_pcpu #x00000002) (and (bvule #x00000004 k) (bvule k #x00000004)))) (and (= w #x00000005) (bvule #x00000005 k) (and (= i #x00000001) (= i_bind true) (= i_pcpu #x00000003) (and (bvule #x00000005 k) (bvule k #x00000005))) (and (= j #x00000007) (= j_bind false) (= j_pcpu #x00000003) (and (bvule #x00000005 k) (bvule k #x00000005))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (distinct i_pcpu j_pcpu)))
(check-sat)
