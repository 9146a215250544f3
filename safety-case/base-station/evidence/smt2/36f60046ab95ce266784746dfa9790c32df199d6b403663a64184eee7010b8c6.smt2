; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 5 chunks of the stream space are consecutive and cover all of it, each of the 5 declarations lies within the chunks it is checked in, and in 5 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (5 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 36f60046ab95ce266784746dfa9790c32df199d6b403663a64184eee7010b8c6
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000101 (bvadd #x00000100 #x00000001)) (bvult #x00000100 #x00000101) (= #x00000200 (bvadd #x000001ff #x00000001)) (bvult #x000001ff #x00000200) (= #x00000201 (bvadd #x00000200 #x00000001)) (bvult #x00000200 #x00000201) (= #x00000300 (bvadd #x000002ff #x00000001)) (bvult #x000002ff #x00000300) (= #xffffffff #xffffffff) (bvule #x00000100 #x00000100) (bvule #x00000000 #x00000100) (bvule #x00000100 #x00000100) (bvule #x00000101 #x00000101) (bvule #x00000101 #x00000101) (bvule #x00000101 #x000001ff) (bvule #x00000200 #x00000200) (bvule #x00000200 #x00000200) (bvule #x00000200 #x00000200) (bvule #x00000201 #x00000201) (bvule #x00000201 #x00000201) (bvule #x00000201 #x000002ff) (bvule #x00000300 #x00000300) (bvule #x00000300 #x00000300) (bvule #x00000300 #xffffffff))))
(check-sat)
