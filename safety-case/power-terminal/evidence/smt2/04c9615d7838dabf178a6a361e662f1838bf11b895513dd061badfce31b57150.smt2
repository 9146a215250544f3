; hvsafe query timing.cpu-exclusive/vcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): every bound vCPU is pinned to the pCPU bound to it (vcpu #x00000000..#xffffffff, 4 chunk(s))
; scenario: power-terminal (power-terminal.yaml), file sha256 b3b340bea9371845985049b7b2cc8cf864d71b654c652752fdf6b19737e41a4a
; included file: zu-a53.yaml, file sha256 0fa96cb64021c16776fde69e063095fef2480c45e63368e2140352f134d5f48c
; query sha256 (text below this header): 04c9615d7838dabf178a6a361e662f1838bf11b895513dd061badfce31b57150
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
(assert (or (and (= w #x00000000) (bvule k #x00000000) (and (= i #x00000002) (= i_bind true) (= i_pcpu #x00000002) (bvule k #x00000000)) (and (= j #x00000004) (= j_bind false) (= j_pcpu #x00000002) (bvule k #x00000000))) (and (= w #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)) (and (= i #x00000003) (= i_bind true) (= i_pcpu #x00000003) (and (bvule #x00000001 k) (bvule k #x00000001))) (and (= j #x00000005) (= j_bind false) (= j_pcpu #x00000003) (and (bvule #x00000001 k) (bvule k #x00000001)))) (and (= w #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)) (and (= i #x00000000) (= i_bind true) (= i_pcpu #x00000000) (and (bvule #x00000002 k) (bvule k #x00000002))) (and (= j #x00000006) (= j_bind false) (= j_pcpu #x00000000) (and (bvule #x00000002 k) (bvule k #x00000002)))) (and (= w #x00000003) (bvule #x00000003 k) (and (= i #x00000001) (= i_bind true) (= i_pcpu #x00000001) (and (bvule #x00000003 k) (bvule k #x00000003))) (and (= j #x00000007) (= j_bind false) (= j_pcpu #x00000001) (and (bvule #x00000003 k) (bvule k #x00000003))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (distinct i_pcpu j_pcpu)))
(check-sat)
