; hvsafe query isolation.memory/dma-reach
; property: isolation.memory
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches another VM's RAM or a channel the VM is no endpoint of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: industrial-ring-third-writer (industrial-ring-third-writer.yaml), file sha256 7153b9f5433efcb1e2f731e4edb8f8e92a05a1ae8d1f35860507d8db23a5f7e0
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): f3051ddcbfb3e88ab272aa25ec84af04b72fb224b8349f9c1bd10a1cfade25a0
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(assert (not (or (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)) (and (bvule #x000000005a060000 p) (bvule p #x000000005a06ffff)) (and (bvule #x000000005a070000 p) (bvule p #x000000005a07ffff)) (and (bvule #x000000005a8d0000 p) (bvule p #x000000005a8dffff)) (and (bvule #x000000005d080000 p) (bvule p #x000000005d08ffff)) (and (bvule #x000000005b040000 p) (bvule p #x000000005b04ffff)) (and (bvule #x000000005b050000 p) (bvule p #x000000005b05ffff)) (and (bvule #x000000005b010000 p) (bvule p #x000000005b01ffff)) (and (bvule #x0000000053000000 p) (bvule p #x000000005303ffff)) (and (bvule #x0000000056180000 p) (bvule p #x000000005618ffff)) (and (bvule #x0000000058220000 p) (bvule p #x000000005822ffff)))))
(check-sat)
