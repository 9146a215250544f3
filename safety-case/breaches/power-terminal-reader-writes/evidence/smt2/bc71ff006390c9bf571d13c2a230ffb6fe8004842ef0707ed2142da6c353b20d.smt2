; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 2 chunks of the color space are consecutive and cover all of it, each of the 2 declarations lies within the chunks it is checked in, and in 2 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (2 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: power-terminal-reader-writes (power-terminal-reader-writes.yaml), file sha256 eba56f07db783b238119c3bc11fafb626b398b37d4a64b39c4cdbd9cbc1950d3
; included file: zu-a53.yaml, file sha256 0fa96cb64021c16776fde69e063095fef2480c45e63368e2140352f134d5f48c
; query sha256 (text below this header): bc71ff006390c9bf571d13c2a230ffb6fe8004842ef0707ed2142da6c353b20d
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000008 (bvadd #x00000007 #x00000001)) (bvult #x00000007 #x00000008) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000007) (bvule #x00000000 #x00000000) (bvule #x00000007 #x00000007) (bvule #x00000008 #x0000000f) (bvule #x00000008 #x00000008) (bvule #x0000000f #xffffffff))))
(check-sat)
