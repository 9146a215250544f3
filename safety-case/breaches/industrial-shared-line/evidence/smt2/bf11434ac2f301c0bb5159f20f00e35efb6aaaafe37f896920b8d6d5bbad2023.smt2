; hvsafe query isolation.memory/dma-reach
; property: isolation.memory
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches another VM's RAM or a channel the VM is no endpoint of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: industrial-shared-line (industrial-shared-line.yaml), file sha256 87003b626dbcc0a7eb87306e952a8cbb9493b38d6b63ebe9bddc2d3a1258b3c1
; included file: imx8qm-shared-uart-line.yaml, file sha256 096d8a64df0ad5ec95c72f8d885e33831b7443d1094ea261cad590f07d90c7a7
; query sha256 (text below this header): bf11434ac2f301c0bb5159f20f00e35efb6aaaafe37f896920b8d6d5bbad2023
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(assert (not (or (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)) (and (bvule #x000000005a060000 p) (bvule p #x000000005a06ffff)) (and (bvule #x000000005a070000 p) (bvule p #x000000005a07ffff)) (and (bvule #x000000005a080000 p) (bvule p #x000000005a08ffff)) (and (bvule #x000000005a8d0000 p) (bvule p #x000000005a8dffff)) (and (bvule #x000000005d080000 p) (bvule p #x000000005d08ffff)) (and (bvule #x000000005b040000 p) (bvule p #x000000005b04ffff)) (and (bvule #x000000005b050000 p) (bvule p #x000000005b05ffff)) (and (bvule #x000000005b010000 p) (bvule p #x000000005b01ffff)) (and (bvule #x0000000053000000 p) (bvule p #x000000005303ffff)) (and (bvule #x0000000056180000 p) (bvule p #x000000005618ffff)) (and (bvule #x0000000058220000 p) (bvule p #x000000005822ffff)))))
(check-sat)
