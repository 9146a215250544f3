; hvsafe query isolation.memory/dma-reach
; property: isolation.memory
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches another VM's RAM or a channel the VM is no endpoint of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: cockpit-overlap (cockpit-overlap.yaml), file sha256 683cb138a62b2cc5adbf12e815e81ffb1e454ca138b13238332722f386daf531
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): 8b56595d62b2ea8bca7f16c3771ef59197ff4239ad79918bf2f9efb34d026003
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(assert (not (or (and (bvule #x0000000040000000 p) (bvule p #x0000000043ffffff)) (and (bvule #x00000000e66c0000 p) (bvule p #x00000000e66cffff)) (and (bvule #x00000000e6e60000 p) (bvule p #x00000000e6e60fff)) (and (bvule #x00000000e6e88000 p) (bvule p #x00000000e6e88fff)) (and (bvule #x00000000feb00000 p) (bvule p #x00000000feb0ffff)) (and (bvule #x00000000feb30000 p) (bvule p #x00000000feb3ffff)) (and (bvule #x00000000fd000000 p) (bvule p #x00000000fd03ffff)) (and (bvule #x00000000e6ef0000 p) (bvule p #x00000000e6efffff)) (and (bvule #x00000000ec500000 p) (bvule p #x00000000ec50ffff)) (and (bvule #x00000000e6800000 p) (bvule p #x00000000e680ffff)) (and (bvule #x00000000ee140000 p) (bvule p #x00000000ee14ffff)) (and (bvule #x00000000e6510000 p) (bvule p #x00000000e6510fff)))))
(check-sat)
