; hvsafe query isolation.dma/stream/chunks-0001
; property: isolation.dma
; level: config
; claim (unsat establishes): no SMMU stream ID belongs to DMA masters of two different VMs (stream #x00000031..#x0000003f, 1 chunk(s))
; scenario: cockpit-shared-stream (cockpit-shared-stream.yaml), file sha256 598dea431a85856abe902ea40db2a8a3ec068f873453ce6696392cb4cb25320e
; included file: auto-8c-shared-stream.yaml, file sha256 016afd045446d4be2b6efbc9f772cc225295864495acaf1d36e1eb61b230555b
; query sha256 (text below this header): a0f73ed886ffe80edabc8e5609b7fdc5a0aa8d4646ff9672b5d6f5f6bef9a150
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const w (_ BitVec 32))
(declare-const k (_ BitVec 32))
(declare-const i (_ BitVec 32))
(declare-const j (_ BitVec 32))
(declare-const i_owner (_ BitVec 32))
(declare-const j_owner (_ BitVec 32))
(assert (and (= w #x00000004) (and (bvule #x00000031 k) (bvule k #x0000003f)) (or (and (= i #x00000000) (= i_owner #x00000000) (and (bvule #x00000031 k) (bvule k #x00000031))) (and (= i #x00000001) (= i_owner #x00000002) (and (bvule #x00000031 k) (bvule k #x00000031)))) (or (and (= j #x00000000) (= j_owner #x00000000) (and (bvule #x00000031 k) (bvule k #x00000031))) (and (= j #x00000001) (= j_owner #x00000002) (and (bvule #x00000031 k) (bvule k #x00000031))))))
(assert (distinct i j))
(assert (bvult i_owner j_owner))
(check-sat)
(get-model)
