; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 2 chunks of the color space are consecutive and cover all of it, each of the 2 declarations lies within the chunks it is checked in, and in 2 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (2 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: power-terminal-reader-writes (power-terminal-reader-writes.yaml), sha256 852590d8d9b16ad516c1042da07c220871031716d7744167b5f1aab5b72fc1cb
; query sha256 (text below this header): bc71ff006390c9bf571d13c2a230ffb6fe8004842ef0707ed2142da6c353b20d
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000008 (bvadd #x00000007 #x00000001)) (bvult #x00000007 #x00000008) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000007) (bvule #x00000000 #x00000000) (bvule #x00000007 #x00000007) (bvule #x00000008 #x0000000f) (bvule #x00000008 #x00000008) (bvule #x0000000f #xffffffff))))
(check-sat)
