; hvsafe query isolation.hypervisor/pa/chunks-0001
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no physical address of the hypervisor's memory or register frames lies in a stage-2 mapping of a VM (memory, channel endpoint or passthrough registers) (pa #x00000000021c0000..#x00000000022fffff, 1 chunk(s))
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 36922376f7df54283c7d13842719e799dbf8746955e80da8f0c7f221fef17f8b
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const w (_ BitVec 32))
(declare-const k (_ BitVec 64))
(declare-const i (_ BitVec 32))
(declare-const j (_ BitVec 32))
(declare-const i_hv Bool)
(declare-const j_hv Bool)
(assert (and (= w #x00000007) (and (bvule #x00000000021c0000 k) (bvule k #x00000000022fffff)) (and (= i #x00000019) (= i_hv true) (and (bvule #x00000000021c0000 k) (bvule k #x00000000021cffff))) (and (= j #x00000014) (= j_hv false) (and (bvule #x00000000021c0000 k) (bvule k #x00000000021cffff)))))
(assert (distinct i j))
(assert (and i_hv (not j_hv)))
(check-sat)
(get-model)
