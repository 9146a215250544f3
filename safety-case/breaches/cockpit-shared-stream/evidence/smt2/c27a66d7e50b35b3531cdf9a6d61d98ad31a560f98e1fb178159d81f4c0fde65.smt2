; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 7 chunks of the stream space are consecutive and cover all of it, each of the 8 declarations lies within the chunks it is checked in, and in 6 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (6 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cockpit-shared-stream (cockpit-shared-stream.yaml), file sha256 598dea431a85856abe902ea40db2a8a3ec068f873453ce6696392cb4cb25320e
; included file: auto-8c-shared-stream.yaml, file sha256 016afd045446d4be2b6efbc9f772cc225295864495acaf1d36e1eb61b230555b
; query sha256 (text below this header): c27a66d7e50b35b3531cdf9a6d61d98ad31a560f98e1fb178159d81f4c0fde65
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000011 (bvadd #x00000010 #x00000001)) (bvult #x00000010 #x00000011) (= #x00000020 (bvadd #x0000001f #x00000001)) (bvult #x0000001f #x00000020) (= #x00000021 (bvadd #x00000020 #x00000001)) (bvult #x00000020 #x00000021) (= #x00000031 (bvadd #x00000030 #x00000001)) (bvult #x00000030 #x00000031) (= #x00000040 (bvadd #x0000003f #x00000001)) (bvult #x0000003f #x00000040) (= #x00000050 (bvadd #x0000004f #x00000001)) (bvult #x0000004f #x00000050) (= #xffffffff #xffffffff) (bvule #x00000031 #x00000031) (bvule #x00000031 #x00000031) (bvule #x00000031 #x0000003f) (bvule #x00000031 #x00000031) (bvule #x00000031 #x00000031) (bvule #x00000031 #x0000003f) (bvule #x00000010 #x00000010) (bvule #x00000000 #x00000010) (bvule #x00000010 #x00000010) (bvule #x00000011 #x00000011) (bvule #x00000011 #x00000011) (bvule #x00000011 #x0000001f) (bvule #x00000040 #x00000040) (bvule #x00000040 #x00000040) (bvule #x00000040 #x0000004f) (bvule #x00000050 #x00000050) (bvule #x00000050 #x00000050) (bvule #x00000050 #xffffffff) (bvule #x00000020 #x00000020) (bvule #x00000020 #x00000020) (bvule #x00000020 #x00000020) (bvule #x00000021 #x00000021) (bvule #x00000021 #x00000021) (bvule #x00000021 #x00000030))))
(check-sat)
