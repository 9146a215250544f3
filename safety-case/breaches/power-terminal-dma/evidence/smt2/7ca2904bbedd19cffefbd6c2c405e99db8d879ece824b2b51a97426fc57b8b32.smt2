; hvsafe query isolation.mmio/dma-reach
; property: isolation.mmio
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches the registers of a device that VM does not hold (1 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: power-terminal-dma (power-terminal-dma.yaml), file sha256 e832b131e65eea971c0e281da5f402868a05e85f0555467e526e439fb07f4de7
; included file: zu-a53-dma-uart.yaml, file sha256 83e1cda0e8057621d6edcc55bb3fac9d2e8d6433888b039c1282fd21c203e73d
; query sha256 (text below this header): 7ca2904bbedd19cffefbd6c2c405e99db8d879ece824b2b51a97426fc57b8b32
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert (and (= e #x00000000) true (or (and (= t #x00000000) (and (bvule #x00000000ff000000 p) (bvule p #x00000000ff00ffff))) (and (= t #x00000001) (and (bvule #x00000000ff010000 p) (bvule p #x00000000ff01ffff))) (and (= t #x00000002) (and (bvule #x00000000ff040000 p) (bvule p #x00000000ff04ffff))) (and (= t #x00000003) (and (bvule #x00000000ff060000 p) (bvule p #x00000000ff06ffff))) (and (= t #x00000004) (and (bvule #x00000000ff0a0000 p) (bvule p #x00000000ff0affff))) (and (= t #x00000005) (and (bvule #x00000000ff0e0000 p) (bvule p #x00000000ff0effff))) (and (= t #x00000006) (and (bvule #x00000000ff170000 p) (bvule p #x00000000ff17ffff))))))
(check-sat)
(get-model)
