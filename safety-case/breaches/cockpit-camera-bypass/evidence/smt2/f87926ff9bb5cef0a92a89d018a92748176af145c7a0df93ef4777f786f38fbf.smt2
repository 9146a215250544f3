; hvsafe query isolation.mmio/dma-reach
; property: isolation.mmio
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches the registers of a device that VM does not hold, at boot or after a reassignment (1 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): f87926ff9bb5cef0a92a89d018a92748176af145c7a0df93ef4777f786f38fbf
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert (and (= e #x00000000) true (or (and (= t #x00000000) (and (bvule #x00000000e66c0000 p) (bvule p #x00000000e66cffff))) (and (= t #x00000001) (and (bvule #x00000000e6e60000 p) (bvule p #x00000000e6e60fff))) (and (= t #x00000002) (and (bvule #x00000000e6e88000 p) (bvule p #x00000000e6e88fff))) (and (= t #x00000003) (and (bvule #x00000000feb00000 p) (bvule p #x00000000feb0ffff))) (and (= t #x00000004) (and (bvule #x00000000feb30000 p) (bvule p #x00000000feb3ffff))) (and (= t #x00000005) (and (bvule #x00000000fd000000 p) (bvule p #x00000000fd03ffff))) (and (= t #x00000007) (and (bvule #x00000000ec500000 p) (bvule p #x00000000ec50ffff))) (and (= t #x00000008) (and (bvule #x00000000e6800000 p) (bvule p #x00000000e680ffff))) (and (= t #x00000009) (and (bvule #x00000000ee140000 p) (bvule p #x00000000ee14ffff))) (and (= t #x0000000a) (and (bvule #x00000000e6510000 p) (bvule p #x00000000e6510fff))))))
(check-sat)
(get-model)
