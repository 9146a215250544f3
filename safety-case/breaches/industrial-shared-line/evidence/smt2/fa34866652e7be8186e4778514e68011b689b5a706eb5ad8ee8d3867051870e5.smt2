; hvsafe query isolation.memory/pa/chunks-0001
; property: isolation.memory
; level: config
; claim (unsat establishes): no physical address lies in stage-2 mappings of two different VMs unless both are endpoints of the same channel (pa #x0000000088000000..#x000000087fffffff, 2 chunk(s))
; scenario: industrial-shared-line (industrial-shared-line.yaml), file sha256 87003b626dbcc0a7eb87306e952a8cbb9493b38d6b63ebe9bddc2d3a1258b3c1
; included file: imx8qm-shared-uart-line.yaml, file sha256 096d8a64df0ad5ec95c72f8d885e33831b7443d1094ea261cad590f07d90c7a7
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
