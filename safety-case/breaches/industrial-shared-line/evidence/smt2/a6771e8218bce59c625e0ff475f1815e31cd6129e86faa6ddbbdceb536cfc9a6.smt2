; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 5 chunks of the stream space are consecutive and cover all of it, each of the 5 declarations lies within the chunks it is checked in, and in 5 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (5 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: industrial-shared-line (industrial-shared-line.yaml), file sha256 87003b626dbcc0a7eb87306e952a8cbb9493b38d6b63ebe9bddc2d3a1258b3c1
; included file: imx8qm-shared-uart-line.yaml, file sha256 096d8a64df0ad5ec95c72f8d885e33831b7443d1094ea261cad590f07d90c7a7
; query sha256 (text below this header): a6771e8218bce59c625e0ff475f1815e31cd6129e86faa6ddbbdceb536cfc9a6
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000012 (bvadd #x00000011 #x00000001)) (bvult #x00000011 #x00000012) (= #x00000013 (bvadd #x00000012 #x00000001)) (bvult #x00000012 #x00000013) (= #x00000018 (bvadd #x00000017 #x00000001)) (bvult #x00000017 #x00000018) (= #x00000019 (bvadd #x00000018 #x00000001)) (bvult #x00000018 #x00000019) (= #xffffffff #xffffffff) (bvule #x00000012 #x00000012) (bvule #x00000012 #x00000012) (bvule #x00000012 #x00000012) (bvule #x00000013 #x00000013) (bvule #x00000013 #x00000013) (bvule #x00000013 #x00000017) (bvule #x00000011 #x00000011) (bvule #x00000000 #x00000011) (bvule #x00000011 #x00000011) (bvule #x00000018 #x00000018) (bvule #x00000018 #x00000018) (bvule #x00000018 #x00000018) (bvule #x00000019 #x00000019) (bvule #x00000019 #x00000019) (bvule #x00000019 #xffffffff))))
(check-sat)
