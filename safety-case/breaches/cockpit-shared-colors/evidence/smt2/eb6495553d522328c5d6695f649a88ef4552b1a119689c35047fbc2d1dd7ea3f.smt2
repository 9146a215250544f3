; hvsafe query timing.cpu-exclusive/vcpu/chunks-0001
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): every bound vCPU is pinned to the pCPU bound to it (vcpu #x00000000..#xffffffff, 8 chunk(s))
; scenario: cockpit-shared-colors (cockpit-shared-colors.yaml), file sha256 4936c89c289f31b527f87cf46c6d290aa6f643bbfdc543d1d20479e16e31ea07
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
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
