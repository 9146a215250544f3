; hvsafe query isolation.memory/pa/chunks-0001
; property: isolation.memory
; level: config
; claim (unsat establishes): no physical address lies in stage-2 mappings of two different VMs unless both are endpoints of the same channel (pa #x00000000fa000000..#x00000087ffffffff, 4 chunk(s))
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): b2fb33bc10d463d7df9c6ffd54781423a291f6a2f4a41d3ba10560515af73908
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const w (_ BitVec 32))
(declare-const k (_ BitVec 64))
(declare-const i (_ BitVec 32))
(declare-const j (_ BitVec 32))
(declare-const i_vm (_ BitVec 32))
(declare-const j_vm (_ BitVec 32))
(declare-const i_channel (_ BitVec 32))
(declare-const j_channel (_ BitVec 32))
(assert (or (and (= w #x00000002) (and (bvule #x00000000fa000000 k) (bvule k #x00000000fa0fffff)) (or (and (= i #x00000003) (= i_vm #x00000000) (= i_channel #x00000000) (and (bvule #x00000000fa000000 k) (bvule k #x00000000fa0fffff))) (and (= i #x00000004) (= i_vm #x00000001) (= i_channel #x00000000) (and (bvule #x00000000fa000000 k) (bvule k #x00000000fa0fffff)))) (or (and (= j #x00000003) (= j_vm #x00000000) (= j_channel #x00000000) (and (bvule #x00000000fa000000 k) (bvule k #x00000000fa0fffff))) (and (= j #x00000004) (= j_vm #x00000001) (= j_channel #x00000000) (and (bvule #x00000000fa000000 k) (bvule k #x00000000fa0fffff))))) (and (= w #x00000003) (and (bvule #x00000000fa100000 k) (bvule k #x00000000fa1fffff)) (or (and (= i #x00000005) (= i_vm #x00000001) (= i_channel #x00000001) (and (bvule #x00000000fa100000 k) (bvule k #x00000000fa100fff))) (and (= i #x00000006) (= i_vm #x00000000) (= i_channel #x00000001) (and (bvule #x00000000fa100000 k) (bvule k #x00000000fa100fff)))) (or (and (= j #x00000005) (= j_vm #x00000001) (= j_channel #x00000001) (and (bvule #x00000000fa100000 k) (bvule k #x00000000fa100fff))) (and (= j #x00000006) (= j_vm #x00000000) (= j_channel #x00000001) (and (bvule #x00000000fa100000 k) (bvule k #x00000000fa100fff))))) (and (= w #x00000004) (and (bvule #x00000000fa200000 k) (bvule k #x00000000fa2fffff)) (or (and (= i #x00000007) (= i_vm #x00000000) (= i_channel #x00000002) (and (bvule #x00000000fa200000 k) (bvule k #x00000000fa20ffff))) (and (= i #x00000008) (= i_vm #x00000002) (= i_channel #x00000002) (and (bvule #x00000000fa200000 k) (bvule k #x00000000fa20ffff)))) (or (and (= j #x00000007) (= j_vm #x00000000) (= j_channel #x00000002) (and (bvule #x00000000fa200000 k) (bvule k #x00000000fa20ffff))) (and (= j #x00000008) (= j_vm #x00000002) (= j_channel #x00000002) (and (bvule #x00000000fa200000 k) (bvule k #x00000000fa20ffff))))) (and (= w #x00000005) (and (bvule #x00000000fa300000 k) (bvule k #x00000087ffffffff)) (or (and (= i #x00000009) (= i_vm #x00000002) (= i_channel #x00000003) (and (bvule #x00000000fa300000 k) (bvule k #x00000000fa30ffff))) (and (= i #x0000000a) (= i_vm #x00000000) (= i_channel #x00000003) (and (bvule #x00000000fa300000 k) (bvule k #x00000000fa30ffff))) (and (= i #x0000000b) (= i_vm #x00000001) (= i_channel #x00000003) (and (bvule #x00000000fa300000 k) (bvule k #x00000000fa30ffff)))) (or (and (= j #x00000009) (= j_vm #x00000002) (= j_channel #x00000003) (and (bvule #x00000000fa300000 k) (bvule k #x00000000fa30ffff))) (and (= j #x0000000a) (= j_vm #x00000000) (= j_channel #x00000003) (and (bvule #x00000000fa300000 k) (bvule k #x00000000fa30ffff))) (and (= j #x0000000b) (= j_vm #x00000001) (= j_channel #x00000003) (and (bvule #x00000000fa300000 k) (bvule k #x00000000fa30ffff)))))))
(assert (distinct i j))
(assert (and (distinct i_vm j_vm) (not (and (= i_channel j_channel) (distinct i_channel #xffffffff)))))
(check-sat)
