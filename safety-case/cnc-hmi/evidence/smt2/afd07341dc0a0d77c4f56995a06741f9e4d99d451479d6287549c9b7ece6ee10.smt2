; hvsafe query timing.cpu-exclusive/pcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): no vCPU other than the bound one is pinned to a bind-scheduled pCPU (pcpu #x00000000..#xffffffff, 6 chunk(s))
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 9ffcd56c5903280589ffe4ddeec09756251e99420c28f8351c9fcd28f0ee89cb
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): afd07341dc0a0d77c4f56995a06741f9e4d99d451479d6287549c9b7ece6ee10
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
(assert (or (and (= w #x00000000) (bvule k #x00000000) (and (= i #x00000002) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000000) (bvule k #x00000000)) (and (= j #x00000008) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000000) (bvule k #x00000000))) (and (= w #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)) (and (= i #x00000003) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001))) (and (= j #x00000009) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)))) (and (= w #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)) (and (= i #x00000004) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002))) (and (= j #x0000000a) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)))) (and (= w #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003)) (and (= i #x00000005) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003))) (and (= j #x0000000b) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003)))) (and (= w #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004)) (and (= i #x00000000) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000000) (and (bvule #x00000004 k) (bvule k #x00000004))) (and (= j #x00000006) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000000) (and (bvule #x00000004 k) (bvule k #x00000004)))) (and (= w #x00000005) (bvule #x00000005 k) (and (= i #x00000001) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000001) (and (bvule #x00000005 k) (bvule k #x00000005))) (and (= j #x00000007) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000001) (and (bvule #x00000005 k) (bvule k #x00000005))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (not (and (= i_vm j_vm) (= i_vcpu j_vcpu)))))
(check-sat)
