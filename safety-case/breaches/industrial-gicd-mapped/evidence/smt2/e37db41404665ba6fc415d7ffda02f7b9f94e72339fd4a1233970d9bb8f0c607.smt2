; hvsafe query isolation.hypervisor/pa/chunks-0001
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no physical address of the hypervisor's memory or register frames lies in a stage-2 mapping of a VM (memory, channel endpoint or passthrough registers) (pa #x0000000051800000..#x000000005187ffff, 1 chunk(s))
; scenario: industrial-gicd-mapped (industrial-gicd-mapped.yaml), file sha256 04171f076d19ca10bcb63e529274afe5d8ba9ed67597f5920489a60bd7538d6a
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
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
