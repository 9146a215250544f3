; hvsafe query timing.cpu-exclusive/vcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): every bound vCPU is pinned to the pCPU bound to it (vcpu #x00000000..#xffffffff, 8 chunk(s))
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): eb6495553d522328c5d6695f649a88ef4552b1a119689c35047fbc2d1dd7ea3f
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
(assert (or (and (= w #x00000000) (bvule k #x00000000) (and (= i #x00000000) (= i_bind true) (= i_pcpu #x00000000) (bvule k #x00000000)) (and (= j #x00000008) (= j_bind false) (= j_pcpu #x00000000) (bvule k #x00000000))) (and (= w #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)) (and (= i #x00000001) (= i_bind true) (= i_pcpu #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001))) (and (= j #x00000009) (= j_bind false) (= j_pcpu #x00000001) (and (bvule #x00000001 k) (bvule k #x00000001)))) (and (= w #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)) (and (= i #x00000002) (= i_bind true) (= i_pcpu #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002))) (and (= j #x0000000a) (= j_bind false) (= j_pcpu #x00000002) (and (bvule #x00000002 k) (bvule k #x00000002)))) (and (= w #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003)) (and (= i #x00000003) (= i_bind true) (= i_pcpu #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003))) (and (= j #x0000000b) (= j_bind false) (= j_pcpu #x00000003) (and (bvule #x00000003 k) (bvule k #x00000003)))) (and (= w #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004)) (and (= i #x00000004) (= i_bind true) (= i_pcpu #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004))) (and (= j #x0000000c) (= j_bind false) (= j_pcpu #x00000004) (and (bvule #x00000004 k) (bvule k #x00000004)))) (and (= w #x00000005) (and (bvule #x00000005 k) (bvule k #x00000005)) (and (= i #x00000005) (= i_bind true) (= i_pcpu #x00000005) (and (bvule #x00000005 k) (bvule k #x00000005))) (and (= j #x0000000d) (= j_bind false) (= j_pcpu #x00000005) (and (bvule #x00000005 k) (bvule k #x00000005)))) (and (= w #x00000006) (and (bvule #x00000006 k) (bvule k #x00000006)) (and (= i #x00000006) (= i_bind true) (= i_pcpu #x00000006) (and (bvule #x00000006 k) (bvule k #x00000006))) (and (= j #x0000000e) (= j_bind false) (= j_pcpu #x00000006) (and (bvule #x00000006 k) (bvule k #x00000006)))) (and (= w #x00000007) (bvule #x00000007 k) (and (= i #x00000007) (= i_bind true) (= i_pcpu #x00000007) (and (bvule #x00000007 k) (bvule k #x00000007))) (and (= j #x0000000f) (= j_bind false) (= j_pcpu #x00000007) (and (bvule #x00000007 k) (bvule k #x00000007))))))
(assert (distinct i j))
(assert (and i_bind (not j_bind) (distinct i_pcpu j_pcpu)))
(check-sat)
