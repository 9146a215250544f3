; hvsafe query timing.cpu-exclusive/pcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): no vCPU other than the bound one is pinned to a bind-scheduled pCPU (pcpu #x00000000..#xffffffff, 8 chunk(s))
; scenario: cockpit-shared-stream (cockpit-shared-stream.yaml), file sha256 598dea431a85856abe902ea40db2a8a3ec068f873453ce6696392cb4cb25320e
; included file: auto-8c-shared-stream.yaml, file sha256 016afd045446d4be2b6efbc9f772cc225295864495acaf1d36e1eb61b230555b
; query sha256 (text below this header): 26712086df50ad3726adb6803b20036099cd7551d63de968b8ed3328bbe3d744
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
(assert (or (and (= w #x00000000) (bvule k #x00000000) (and (= i #x00000000) (= i_bind true) (= i_vm #x00000000) (= i_vcpu #x00000000) (bvule k #x00000000)) (and (= j #x00000008) (= j_bind false) (= j_vm #x00000000) (= j_vcpu #x00000000) (bvule k #x00000000))) (and (= w #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)) (and (= i #x00000001) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000000) (and (bvule #x00000001 k) (bvule k #x00000001))) (and (= j #x00000009) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000000) (and (bvule #x00000001 k) (bvule k #x00000001)))) (and (= w #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)) (and (= i #x00000002) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000001) (and (bvule #x00000002 k) (bvule k #x00000002))) (and (= j #x0000000a) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000001) (and (bvule #x00000002 k) (bvule k #x00000002)))) (and (= w #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003)) (and (= i #x00000003) (= i_bind true) (= i_vm #x00000001) (= i_vcpu #x00000002) (and (bvule #x00000003 k) (bvule k #x00000003))) (and (= j #x0000000b) (= j_bind false) (= j_vm #x00000001) (= j_vcpu #x00000002) (and (bvule #x00000003 k) (bvule k #x00000003)))) (and (= w #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004)) (and (= i #x00000004) (= i_bind true) (= i_vm #x00000002) (= i_vcpu #x00000000) (and (bvule #x00000004 k) (bvule k #x00000004))) (and (= j #x0000000c) (= j_bind false) (= j_vm #x00000002) (= j_vcpu #x00000000) (and (bvule #x00000004 k) (bvule k #x00000004)))) (and (= w #x00000005) (and (bvule #x00000005 k) (bvule k #x00000005)) (and (= i #x00000005) (= i_bind true) (= i_vm #x00000002) (= i_vcpu #x00000001) (and (bvule #x00000005 k) (bvule k #x00000005))) (and (= j #x0000000d) (= j_bind false) (= j_vm #x00000002) (= j_vcpu #x00000001) (and (bvule #x00000005 k) (bvule k #x00000005)))) (and (= w #x00000006) (and (bvule #x00000006 k) (bvule k #x00000006)) (and (= i #x00000006) (= i_bind true) (= i_vm #x00000002) (= i_vcpu #x00000002) (and (bvule #x00000006 k) (bvule k #x00000006))) (and (= j #x0000000e) (= j_bind false) (= j_vm #x00000002) (= j_vcpu #x00000002) (and (bvule #x00000006 k) (bvule k #x00000006)))) (and (= w #x00000007) (bvule #x00000007 k) (and (= i #x00000007) (= i_bind true) (= i_vm #x00000002) (= i_vcpu #x00000003) (and (bvule #x00000007 k) (bvule k #x00000007))) (and (= j #x0000000f) (= j_bind false) (= j_vm #x00000002) (= j_vcpu #x00000003) (and (bvule #x00000007 k) (bvule k #x00000007))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (not (and (= i_vm j_vm) (= i_vcpu j_vcpu)))))
(check-sat)
