; hvsafe query isolation.memory/pa/chunks-0001
; property: isolation.memory
; level: config
; claim (unsat establishes): no physical address lies in stage-2 mappings of two different VMs unless both are endpoints of the same channel (pa #x0000000088000000..#x000000087fffffff, 3 chunk(s))
; scenario: industrial-ring-third-writer (industrial-ring-third-writer.yaml), file sha256 7153b9f5433efcb1e2f731e4edb8f8e92a05a1ae8d1f35860507d8db23a5f7e0
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 8f306ef1030090063fa0b5346eaa045ec439706521a8aca50b0f1e9b766f21eb
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
(assert (or (and (= w #x00000001) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff)) (or (and (= i #x00000004) (= i_vm #x00000000) (= i_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= i #x00000005) (= i_vm #x00000001) (= i_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= i #x00000006) (= i_vm #x00000002) (= i_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff)))) (or (and (= j #x00000004) (= j_vm #x00000000) (= j_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= j #x00000005) (= j_vm #x00000001) (= j_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= j #x00000006) (= j_vm #x00000002) (= j_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))))) (and (= w #x00000002) (and (bvule #x0000000088010000 k) (bvule k #x000000008801ffff)) (or (and (= i #x00000007) (= i_vm #x00000001) (= i_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff))) (and (= i #x00000008) (= i_vm #x00000000) (= i_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff)))) (or (and (= j #x00000007) (= j_vm #x00000001) (= j_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff))) (and (= j #x00000008) (= j_vm #x00000000) (= j_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff))))) (and (= w #x00000003) (and (bvule #x0000000088020000 k) (bvule k #x000000087fffffff)) (or (and (= i #x00000009) (= i_vm #x00000002) (= i_channel #x00000002) (and (bvule #x0000000088020000 k) (bvule k #x0000000088023fff))) (and (= i #x0000000a) (= i_vm #x00000003) (= i_channel #x00000002) (and (bvule #x0000000088020000 k) (bvule k #x0000000088023fff))) (and (= i #x0000000b) (= i_vm #x00000001) (= i_channel #x00000002) (and (bvule #x0000000088020000 k) (bvule k #x0000000088023fff)))) (or (and (= j #x00000009) (= j_vm #x00000002) (= j_channel #x00000002) (and (bvule #x0000000088020000 k) (bvule k #x0000000088023fff))) (and (= j #x0000000a) (= j_vm #x00000003) (= j_channel #x00000002) (and (bvule #x0000000088020000 k) (bvule k #x0000000088023fff))) (and (= j #x0000000b) (= j_vm #x00000001) (= j_channel #x00000002) (and (bvule #x0000000088020000 k) (bvule k #x0000000088023fff)))))))
(assert (distinct i j))
(assert (and (distinct i_vm j_vm) (not (and (= i_channel j_channel) (distinct i_channel #xffffffff)))))
(check-sat)
