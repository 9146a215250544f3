; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 6 chunks of the stream space are consecutive and cover all of it, each of the 6 declarations lies within the chunks it is checked in, and in 6 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (6 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 9ffcd56c5903280589ffe4ddeec09756251e99420c28f8351c9fcd28f0ee89cb
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 7b14b02b55cdd34d68a396807afca8cb83a9e4980c819881af90f1c700bc9f2d
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000012 (bvadd #x00000011 #x00000001)) (bvult #x00000011 #x00000012) (= #x00000013 (bvadd #x00000012 #x00000001)) (bvult #x00000012 #x00000013) (= #x00000018 (bvadd #x00000017 #x00000001)) (bvult #x00000017 #x00000018) (= #x00000019 (bvadd #x00000018 #x00000001)) (bvult #x00000018 #x00000019) (= #x0000001a (bvadd #x00000019 #x00000001)) (bvult #x00000019 #x0000001a) (= #xffffffff #xffffffff) (bvule #x00000012 #x00000012) (bvule #x00000012 #x00000012) (bvule #x00000012 #x00000012) (bvule #x00000013 #x00000013) (bvule #x00000013 #x00000013) (bvule #x00000013 #x00000017) (bvule #x00000011 #x00000011) (bvule #x00000000 #x00000011) (bvule #x00000011 #x00000011) (bvule #x00000018 #x00000018) (bvule #x00000018 #x00000018) (bvule #x00000018 #x00000018) (bvule #x00000019 #x00000019) (bvule #x00000019 #x00000019) (bvule #x00000019 #x00000019) (bvule #x0000001a #x0000001a) (bvule #x0000001a #x0000001a) (bvule #x0000001a #xffffffff))))
(check-sat)
