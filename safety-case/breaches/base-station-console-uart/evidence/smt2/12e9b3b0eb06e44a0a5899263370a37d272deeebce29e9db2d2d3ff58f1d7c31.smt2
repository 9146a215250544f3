; hvsafe query timing.cpu-exclusive/pcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): no vCPU other than the bound one is pinned to a bind-scheduled pCPU (pcpu #x00000002..#xffffffff, 2 chunk(s))
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 12e9b3b0eb06e44a0a5899263370a37d272deeebce29e9db2d2d3ff58f1d7c31
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
(assert (or (and (= w #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)) (and (= i #x00000000) (= i_bind true) (= i_vm #x00000002) (= i_vcpu #x00000000) (and (bvule #x00000002 k) (bvule k #x00000002))) (and (= j #x00000006) (= j_bind false) (= j_vm #x00000002) (= j_vcpu #x00000000) (and (bvule #x00000002 k) (bvule k #x00000002)))) (and (= w #x00000003) (bvule #x00000003 k) (and (= i #x00000001) (= i_bind true) (= i_vm #x00000002) (= i_vcpu #x00000001) (and (bvule #x00000003 k) (bvule k #x00000003))) (and (= j #x00000007) (= j_bind false) (= j_vm #x00000002) (= j_vcpu #x00000001) (and (bvule #x00000003 k) (bvule k #x00000003))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (not (and (= i_vm j_vm) (= i_vcpu j_vcpu)))))
(check-sat)
