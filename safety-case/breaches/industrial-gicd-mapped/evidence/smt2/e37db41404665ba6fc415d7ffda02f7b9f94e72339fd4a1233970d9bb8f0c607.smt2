; hvsafe query isolation.hypervisor/pa/chunks-0001
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no physical address of the hypervisor's memory or register frames lies in a stage-2 mapping of a VM (memory, channel endpoint or passthrough registers) (pa #x0000000051800000..#x000000005187ffff, 1 chunk(s))
; scenario: industrial-gicd-mapped (industrial-gicd-mapped.yaml), sha256 75057938db666e053565009e77f2d81fba96e71e1533dc4dc4d69479a656b0d5
; query sha256 (text below this header): e37db41404665ba6fc415d7ffda02f7b9f94e72339fd4a1233970d9bb8f0c607
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
(assert (and (= w #x00000002) (and (bvule #x0000000051800000 k) (bvule k #x000000005187ffff)) (and (= i #x00000013) (= i_hv true) (and (bvule #x0000000051800000 k) (bvule k #x000000005180ffff))) (and (= j #x00000002) (= j_hv false) (and (bvule #x0000000051800000 k) (bvule k #x000000005180ffff)))))
(assert (distinct i j))
(assert (and i_hv (not j_hv)))
(check-sat)
(get-model)
