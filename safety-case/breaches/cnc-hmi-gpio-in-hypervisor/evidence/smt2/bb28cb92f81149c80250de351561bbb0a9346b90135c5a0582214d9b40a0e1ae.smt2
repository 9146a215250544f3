; hvsafe query isolation.memory/pa/partition
; property: isolation.memory
; level: config
; claim (unsat establishes): the 4 chunks of the pa space are consecutive and cover all of it, each of the 6 declarations lies within the chunks it is checked in, and in 2 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (2 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cnc-hmi-gpio-in-hypervisor (cnc-hmi-gpio-in-hypervisor.yaml), file sha256 931cd4d2fdb5330f6ba2e2feb377c972112b72ebe961a42cb2656418e65c83d0
; included file: imx8qm-safety-gpio.yaml, file sha256 cfe2d20a9e635e60a43df4abb8cc4abeba488deb14a212c67b08003bbfc5f1a6
; query sha256 (text below this header): bb28cb92f81149c80250de351561bbb0a9346b90135c5a0582214d9b40a0e1ae
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x0000000000000000 #x0000000000000000) (= #x00000000a0000000 (bvadd #x000000009fffffff #x0000000000000001)) (bvult #x000000009fffffff #x00000000a0000000) (= #x00000000a0100000 (bvadd #x00000000a00fffff #x0000000000000001)) (bvult #x00000000a00fffff #x00000000a0100000) (= #x0000000880000000 (bvadd #x000000087fffffff #x0000000000000001)) (bvult #x000000087fffffff #x0000000880000000) (= #xffffffffffffffff #xffffffffffffffff) (bvule #x0000000080000000 #x000000009fffffff) (bvule #x0000000000000000 #x0000000080000000) (bvule #x000000009fffffff #x000000009fffffff) (bvule #x0000000880000000 #x000000097fffffff) (bvule #x0000000880000000 #x0000000880000000) (bvule #x000000097fffffff #xffffffffffffffff) (bvule #x00000000a0000000 #x00000000a00fffff) (bvule #x00000000a0000000 #x00000000a0000000) (bvule #x00000000a00fffff #x00000000a00fffff) (bvule #x00000000a0000000 #x00000000a00fffff) (bvule #x00000000a0000000 #x00000000a0000000) (bvule #x00000000a00fffff #x00000000a00fffff) (bvule #x00000000a0100000 #x00000000a010ffff) (bvule #x00000000a0100000 #x00000000a0100000) (bvule #x00000000a010ffff #x000000087fffffff) (bvule #x00000000a0100000 #x00000000a010ffff) (bvule #x00000000a0100000 #x00000000a0100000) (bvule #x00000000a010ffff #x000000087fffffff))))
(check-sat)
