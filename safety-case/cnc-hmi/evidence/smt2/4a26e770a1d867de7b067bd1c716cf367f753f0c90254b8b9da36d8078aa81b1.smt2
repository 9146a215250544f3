; hvsafe query isolation.memory/pa/chunks-0001
; property: isolation.memory
; level: config
; claim (unsat establishes): no physical address lies in stage-2 mappings of two different VMs unless both are endpoints of the same channel (pa #x00000000a0000000..#x00000000afffffff, 2 chunk(s))
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 9ffcd56c5903280589ffe4ddeec09756251e99420c28f8351c9fcd28f0ee89cb
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 4a26e770a1d867de7b067bd1c716cf367f753f0c90254b8b9da36d8078aa81b1
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
(assert (or (and (= w #x00000001) (and (bvule #x00000000a0000000 k) (bvule k #x00000000a00fffff)) (or (and (= i #x00000003) (= i_vm #x00000001) (= i_channel #x00000000) (and (bvule #x00000000a0000000 k) (bvule k #x00000000a00fffff))) (and (= i #x00000004) (= i_vm #x00000000) (= i_channel #x00000000) (and (bvule #x00000000a0000000 k) (bvule k #x00000000a00fffff)))) (or (and (= j #x00000003) (= j_vm #x00000001) (= j_channel #x00000000) (and (bvule #x00000000a0000000 k) (bvule k #x00000000a00fffff))) (and (= j #x00000004) (= j_vm #x00000000) (= j_channel #x00000000) (and (bvule #x00000000a0000000 k) (bvule k #x00000000a00fffff))))) (and (= w #x00000002) (and (bvule #x00000000a0100000 k) (bvule k #x00000000afffffff)) (or (and (= i #x00000005) (= i_vm #x00000000) (= i_channel #x00000001) (and (bvule #x00000000a0100000 k) (bvule k #x00000000a010ffff))) (and (= i #x00000006) (= i_vm #x00000001) (= i_channel #x00000001) (and (bvule #x00000000a0100000 k) (bvule k #x00000000a010ffff)))) (or (and (= j #x00000005) (= j_vm #x00000000) (= j_channel #x00000001) (and (bvule #x00000000a0100000 k) (bvule k #x00000000a010ffff))) (and (= j #x00000006) (= j_vm #x00000001) (= j_channel #x00000001) (and (bvule #x00000000a0100000 k) (bvule k #x00000000a010ffff)))))))
(assert (distinct i j))
(assert (and (distinct i_vm j_vm) (not (and (= i_channel j_channel) (distinct i_channel #xffffffff)))))
(check-sat)
