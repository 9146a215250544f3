; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 7 chunks of the stream space are consecutive and cover all of it, each of the 7 declarations lies within the chunks it is checked in, and in 7 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (7 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): 81e824eb1e84ca710c787e7d881b5b38431b603899626a573a39256fbd85cfd1
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000011 (bvadd #x00000010 #x00000001)) (bvult #x00000010 #x00000011) (= #x00000020 (bvadd #x0000001f #x00000001)) (bvult #x0000001f #x00000020) (= #x00000021 (bvadd #x00000020 #x00000001)) (bvult #x00000020 #x00000021) (= #x00000030 (bvadd #x0000002f #x00000001)) (bvult #x0000002f #x00000030) (= #x00000031 (bvadd #x00000030 #x00000001)) (bvult #x00000030 #x00000031) (= #x00000050 (bvadd #x0000004f #x00000001)) (bvult #x0000004f #x00000050) (= #xffffffff #xffffffff) (bvule #x00000030 #x00000030) (bvule #x00000030 #x00000030) (bvule #x00000030 #x00000030) (bvule #x00000031 #x00000031) (bvule #x00000031 #x00000031) (bvule #x00000031 #x0000004f) (bvule #x00000010 #x00000010) (bvule #x00000000 #x00000010) (bvule #x00000010 #x00000010) (bvule #x00000011 #x00000011) (bvule #x00000011 #x00000011) (bvule #x00000011 #x0000001f) (bvule #x00000050 #x00000050) (bvule #x00000050 #x00000050) (bvule #x00000050 #xffffffff) (bvule #x00000020 #x00000020) (bvule #x00000020 #x00000020) (bvule #x00000020 #x00000020) (bvule #x00000021 #x00000021) (bvule #x00000021 #x00000021) (bvule #x00000021 #x0000002f))))
(check-sat)
