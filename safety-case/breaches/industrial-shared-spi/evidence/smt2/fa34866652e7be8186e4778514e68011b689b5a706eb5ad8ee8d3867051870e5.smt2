; hvsafe query isolation.memory/pa/chunks-0001
; property: isolation.memory
; level: config
; claim (unsat establishes): no physical address lies in stage-2 mappings of two different VMs unless both are endpoints of the same channel (pa #x0000000088000000..#x000000087fffffff, 2 chunk(s))
; scenario: industrial-shared-spi (industrial-shared-spi.yaml), file sha256 767ed6067e4e0eae29ee9903b519a5f67a9a81b36953ebe938ed928666627368
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): fa34866652e7be8186e4778514e68011b689b5a706eb5ad8ee8d3867051870e5
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
(assert (or (and (= w #x00000001) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff)) (or (and (= i #x00000004) (= i_vm #x00000000) (= i_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= i #x00000005) (= i_vm #x00000001) (= i_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= i #x00000006) (= i_vm #x00000002) (= i_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff)))) (or (and (= j #x00000004) (= j_vm #x00000000) (= j_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= j #x00000005) (= j_vm #x00000001) (= j_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))) (and (= j #x00000006) (= j_vm #x00000002) (= j_channel #x00000000) (and (bvule #x0000000088000000 k) (bvule k #x000000008800ffff))))) (and (= w #x00000002) (and (bvule #x0000000088010000 k) (bvule k #x000000087fffffff)) (or (and (= i #x00000007) (= i_vm #x00000001) (= i_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff))) (and (= i #x00000008) (= i_vm #x00000000) (= i_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff)))) (or (and (= j #x00000007) (= j_vm #x00000001) (= j_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff))) (and (= j #x00000008) (= j_vm #x00000000) (= j_channel #x00000001) (and (bvule #x0000000088010000 k) (bvule k #x0000000088010fff)))))))
(assert (distinct i j))
(assert (and (distinct i_vm j_vm) (not (and (= i_channel j_channel) (distinct i_channel #xffffffff)))))
(check-sat)
