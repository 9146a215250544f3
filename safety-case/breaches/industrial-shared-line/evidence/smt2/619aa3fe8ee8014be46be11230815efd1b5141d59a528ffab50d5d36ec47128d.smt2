; hvsafe query timing.cpu-exclusive/pcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): no vCPU other than the bound one is pinned to a bind-scheduled pCPU (pcpu #x00000004..#xffffffff, 2 chunk(s))
; scenario: industrial-shared-line (industrial-shared-line.yaml), file sha256 87003b626dbcc0a7eb87306e952a8cbb9493b38d6b63ebe9bddc2d3a1258b3c1
; included file: imx8qm-shared-uart-line.yaml, file sha256 096d8a64df0ad5ec95c72f8d885e33831b7443d1094ea261cad590f07d90c7a7
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
