; hvsafe query timing.cpu-exclusive/vcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): every bound vCPU is pinned to the pCPU bound to it (vcpu #x00000000..#x00000001, 2 chunk(s))
; scenario: industrial-controller (industrial-controller.yaml), file sha256 f6057d5ff840f315bf9330f863aa4273365ac8fd0592c01a2afee970c89046be
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 277a0a1e7c4511c33a8086b2fb97f9d62ef1ec01303d3366990fe49f29321d5b
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
(assert (or (and (= w #x00000000) (bvule k #x00000000) (and (= i #x00000000) (= i_bind true) (= i_pcpu #x00000004) (bvule k #x00000000)) (and (= j #x00000002) (= j_bind false) (= j_pcpu #x00000004) (bvule k #x00000000))) (and (= w #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)) (and (= i #x00000001) (= i_bind true) (= i_pcpu #x00000005) (and (bvule #x00000001 k) (bvule k #x00000001))) (and (= j #x00000003) (= j_bind false) (= j_pcpu #x00000005) (and (bvule #x00000001 k) (bvule k #x00000001))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (distinct i_pcpu j_pcpu)))
(check-sat)
