; hvsafe query isolation.hypervisor/dma-reach
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches the hypervisor's memory or register frames (1 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: power-terminal-dma (power-terminal-dma.yaml), file sha256 e832b131e65eea971c0e281da5f402868a05e85f0555467e526e439fb07f4de7
; included file: zu-a53-dma-uart.yaml, file sha256 83e1cda0e8057621d6edcc55bb3fac9d2e8d6433888b039c1282fd21c203e73d
; query sha256 (text below this header): 69c96909a498b51b8180ef30dbd22631953820070347a1decf94e290f03ec3e1
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert (and (= e #x00000000) true (or (and (= t #x00000000) (and (bvule #x000000007c000000 p) (bvule p #x000000007fffffff))) (and (= t #x00000001) (and (bvule #x00000000f9010000 p) (bvule p #x00000000f901ffff))) (and (= t #x00000002) (and (bvule #x00000000f9040000 p) (bvule p #x00000000f905ffff))) (and (= t #x00000003) (and (bvule #x00000000ff000000 p) (bvule p #x00000000ff00ffff))) (and (= t #x00000004) (and (bvule #x00000000fc000000 p) (bvule p #x00000000fc0fffff))))))
(check-sat)
(get-model)
