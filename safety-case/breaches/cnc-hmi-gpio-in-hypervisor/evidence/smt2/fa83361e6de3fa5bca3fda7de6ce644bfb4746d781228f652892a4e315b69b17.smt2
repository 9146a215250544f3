; hvsafe query isolation.hypervisor/pa/chunks-0001
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no physical address of the hypervisor's memory or register frames lies in a stage-2 mapping of a VM (memory, channel endpoint or passthrough registers) (pa #x000000005d080000..#x000000007fffffff, 1 chunk(s))
; scenario: cnc-hmi-gpio-in-hypervisor (cnc-hmi-gpio-in-hypervisor.yaml), sha256 36b8b7f8b306d000b39d71888537c419216b7c2bacd9f2241bbca1cf15dea3cd
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
