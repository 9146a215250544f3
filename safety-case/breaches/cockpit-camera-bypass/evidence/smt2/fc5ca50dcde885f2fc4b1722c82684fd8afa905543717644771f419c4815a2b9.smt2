; hvsafe query isolation.hypervisor/dma-reach
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches the hypervisor's memory or register frames (1 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): fc5ca50dcde885f2fc4b1722c82684fd8afa905543717644771f419c4815a2b9
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert (and (= e #x00000000) true (or (and (= t #x00000000) (and (bvule #x0000000040000000 p) (bvule p #x0000000043ffffff))) (and (= t #x00000001) (and (bvule #x00000000f1010000 p) (bvule p #x00000000f101ffff))) (and (= t #x00000002) (and (bvule #x00000000f1040000 p) (bvule p #x00000000f105ffff))) (and (= t #x00000003) (and (bvule #x00000000f1060000 p) (bvule p #x00000000f115ffff))) (and (= t #x00000004) (and (bvule #x00000000fd800000 p) (bvule p #x00000000fd8fffff))) (and (= t #x00000005) (and (bvule #x00000000e6e88000 p) (bvule p #x00000000e6e88fff))) (and (= t #x00000006) (and (bvule #x00000000fe000000 p) (bvule p #x00000000fe0fffff))))))
(check-sat)
(get-model)
