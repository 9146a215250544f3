; hvsafe query timing.cpu-exclusive/pcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): no vCPU other than the bound one is pinned to a bind-scheduled pCPU (pcpu #x00000004..#xffffffff, 2 chunk(s))
; scenario: industrial-ring-third-writer (industrial-ring-third-writer.yaml), file sha256 7153b9f5433efcb1e2f731e4edb8f8e92a05a1ae8d1f35860507d8db23a5f7e0
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 619aa3fe8ee8014be46be11230815efd1b5141d59a528ffab50d5d36ec47128d
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const w (_ BitVec 32))
(declare-const k (_ BitVec 32))
(declare-const i (_ BitVec 32))
(declare-const j (_ BitVec 32))
(declare-const i_bind Bool)
(declare-const j_bind Bool)
(declare-const i_vm (_ BitVec 32))
(declare-const j_vm (_ BitVec 32))
(declare-const i_vcpu (_ BitVec 32))
(declare-const j_vcpu (_ BitVec 32))
(assert (or (and (= w #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004)) (and (= i #x00000000) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000000) (and (bvule #x00000004 k) (bvule k #x00000004))) (and (= j #x00000002) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000000) (and (bvule #x00000004 k) (bvule k #x00000004)))) (and (= w #x00000005) (bvule #x00000005 k) (and (= i #x00000001) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000001) (and (bvule #x00000005 k) (bvule k #x00000005))) (and (= j #x00000003) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000001) (and (bvule #x00000005 k) (bvule k #x00000005))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (not (and (= i_vm j_vm) (= i_vcpu j_vcpu)))))
(check-sat)
