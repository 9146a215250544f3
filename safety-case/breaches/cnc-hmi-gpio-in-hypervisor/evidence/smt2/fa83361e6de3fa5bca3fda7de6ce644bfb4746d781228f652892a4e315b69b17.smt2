; hvsafe query isolation.hypervisor/pa/chunks-0001
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no physical address of the hypervisor's memory or register frames lies in a stage-2 mapping of a VM (memory, channel endpoint or passthrough registers) (pa #x000000005d080000..#x000000007fffffff, 1 chunk(s))
; scenario: cnc-hmi-gpio-in-hypervisor (cnc-hmi-gpio-in-hypervisor.yaml), file sha256 931cd4d2fdb5330f6ba2e2feb377c972112b72ebe961a42cb2656418e65c83d0
; included file: imx8qm-safety-gpio.yaml, file sha256 cfe2d20a9e635e60a43df4abb8cc4abeba488deb14a212c67b08003bbfc5f1a6
; query sha256 (text below this header): fa83361e6de3fa5bca3fda7de6ce644bfb4746d781228f652892a4e315b69b17
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
(assert (and (= w #x0000000d) (and (bvule #x000000005d080000 k) (bvule k #x000000007fffffff)) (and (= i #x00000015) (= i_hv true) (and (bvule #x000000005d080000 k) (bvule k #x000000005d08ffff))) (and (= j #x00000009) (= j_hv false) (and (bvule #x000000005d080000 k) (bvule k #x000000005d08ffff)))))
(assert (distinct i j))
(assert (and i_hv (not j_hv)))
(check-sat)
(get-model)
