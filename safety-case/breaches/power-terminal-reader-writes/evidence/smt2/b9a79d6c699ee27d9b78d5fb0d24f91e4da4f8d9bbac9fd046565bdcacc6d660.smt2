; hvsafe query timing.cpu-exclusive/pcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): no vCPU other than the bound one is pinned to a bind-scheduled pCPU (pcpu #x00000000..#xffffffff, 4 chunk(s))
; scenario: power-terminal-reader-writes (power-terminal-reader-writes.yaml), file sha256 eba56f07db783b238119c3bc11fafb626b398b37d4a64b39c4cdbd9cbc1950d3
; included file: zu-a53.yaml, file sha256 0fa96cb64021c16776fde69e063095fef2480c45e63368e2140352f134d5f48c
; query sha256 (text below this header): b9a79d6c699ee27d9b78d5fb0d24f91e4da4f8d9bbac9fd046565bdcacc6d660
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
(assert (or (and (= w #x00000000) (bvule k #x00000000) (and (= i #x00000000) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000000) (bvule k #x00000000)) (and (= j #x00000006) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000000) (bvule k #x00000000))) (and (= w #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)) (and (= i #x00000001) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001))) (and (= j #x00000007) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)))) (and (= w #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)) (and (= i #x00000002) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000000) (and (bvule #x00000002 k) (bvule k #x00000002))) (and (= j #x00000004) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000000) (and (bvule #x00000002 k) (bvule k #x00000002)))) (and (= w #x00000003) (bvule #x00000003 k) (and (= i #x00000003) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000001) (and (bvule #x00000003 k) (bvule k #x00000003))) (and (= j #x00000005) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000001) (and (bvule #x00000003 k) (bvule k #x00000003))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (not (and (= i_vm j_vm) (= i_vcpu j_vcpu)))))
(check-sat)
