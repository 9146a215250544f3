; hvsafe query communication.channels/dma-reach
; property: communication.channels
; level: config
; claim (unsat establishes): no DMA path of a VM's devices writes a channel that VM is not a declared writer of (1 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): 093fc5e2a6750482061bf407cd7e4221d2311b609c937617667c5574cc8ddc17
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert (and (= e #x00000000) true (or (and (= t #x00000003) (and (bvule #x0000000078300000 p) (bvule p #x00000000783fffff))) (and (= t #x00000004) (and (bvule #x0000000078400000 p) (bvule p #x00000000784fffff))) (and (= t #x00000005) (and (bvule #x0000000078500000 p) (bvule p #x000000007850ffff))))))
(check-sat)
(get-model)
