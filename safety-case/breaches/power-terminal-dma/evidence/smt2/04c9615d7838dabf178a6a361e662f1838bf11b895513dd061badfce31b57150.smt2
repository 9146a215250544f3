; hvsafe query timing.cpu-exclusive/vcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): every bound vCPU is pinned to the pCPU bound to it (vcpu #x00000000..#xffffffff, 4 chunk(s))
; scenario: power-terminal-dma (power-terminal-dma.yaml), file sha256 e832b131e65eea971c0e281da5f402868a05e85f0555467e526e439fb07f4de7
; included file: zu-a53-dma-uart.yaml, file sha256 83e1cda0e8057621d6edcc55bb3fac9d2e8d6433888b039c1282fd21c203e73d
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
