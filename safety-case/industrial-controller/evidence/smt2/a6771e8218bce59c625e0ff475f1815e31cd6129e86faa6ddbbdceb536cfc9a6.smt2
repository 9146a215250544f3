; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 5 chunks of the stream space are consecutive and cover all of it, each of the 5 declarations lies within the chunks it is checked in, and in 5 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (5 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: industrial-controller (industrial-controller.yaml), file sha256 f6057d5ff840f315bf9330f863aa4273365ac8fd0592c01a2afee970c89046be
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): a6771e8218bce59c625e0ff475f1815e31cd6129e86faa6ddbbdceb536cfc9a6
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000012 (bvadd #x00000011 #x00000001)) (bvult #x00000011 #x00000012) (= #x00000013 (bvadd #x00000012 #x00000001)) (bvult #x00000012 #x00000013) (= #x00000018 (bvadd #x00000017 #x00000001)) (bvult #x00000017 #x00000018) (= #x00000019 (bvadd #x00000018 #x00000001)) (bvult #x00000018 #x00000019) (= #xffffffff #xffffffff) (bvule #x00000012 #x00000012) (bvule #x00000012 #x00000012) (bvule #x00000012 #x00000012) (bvule #x00000013 #x00000013) (bvule #x00000013 #x00000013) (bvule #x00000013 #x00000017) (bvule #x00000011 #x00000011) (bvule #x00000000 #x00000011) (bvule #x00000011 #x00000011) (bvule #x00000018 #x00000018) (bvule #x00000018 #x00000018) (bvule #x00000018 #x00000018) (bvule #x00000019 #x00000019) (bvule #x00000019 #x00000019) (bvule #x00000019 #xffffffff))))
(check-sat)
