; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 8 chunks of the stream space are consecutive and cover all of it, each of the 8 declarations lies within the chunks it is checked in, and in 8 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (8 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cockpit (cockpit.yaml), file sha256 41719c8b0212f8de0019bdcc8866fbe3d21f2db3c328aa705302cc7999a14081
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): b1371ce4210ebe9e4092c9fbd24fd301b979d966a88ac949d246a604451832cf
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000011 (bvadd #x00000010 #x00000001)) (bvult #x00000010 #x00000011) (= #x00000020 (bvadd #x0000001f #x00000001)) (bvult #x0000001f #x00000020) (= #x00000021 (bvadd #x00000020 #x00000001)) (bvult #x00000020 #x00000021) (= #x00000030 (bvadd #x0000002f #x00000001)) (bvult #x0000002f #x00000030) (= #x00000031 (bvadd #x00000030 #x00000001)) (bvult #x00000030 #x00000031) (= #x00000040 (bvadd #x0000003f #x00000001)) (bvult #x0000003f #x00000040) (= #x00000050 (bvadd #x0000004f #x00000001)) (bvult #x0000004f #x00000050) (= #xffffffff #xffffffff) (bvule #x00000030 #x00000030) (bvule #x00000030 #x00000030) (bvule #x00000030 #x00000030) (bvule #x00000031 #x00000031) (bvule #x00000031 #x00000031) (bvule #x00000031 #x0000003f) (bvule #x00000010 #x00000010) (bvule #x00000000 #x00000010) (bvule #x00000010 #x00000010) (bvule #x00000011 #x00000011) (bvule #x00000011 #x00000011) (bvule #x00000011 #x0000001f) (bvule #x00000040 #x00000040) (bvule #x00000040 #x00000040) (bvule #x00000040 #x0000004f) (bvule #x00000050 #x00000050) (bvule #x00000050 #x00000050) (bvule #x00000050 #xffffffff) (bvule #x00000020 #x00000020) (bvule #x00000020 #x00000020) (bvule #x00000020 #x00000020) (bvule #x00000021 #x00000021) (bvule #x00000021 #x00000021) (bvule #x00000021 #x0000002f))))
(check-sat)
