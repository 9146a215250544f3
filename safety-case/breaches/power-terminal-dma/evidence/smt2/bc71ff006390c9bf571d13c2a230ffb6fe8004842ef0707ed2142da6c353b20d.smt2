; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 2 chunks of the color space are consecutive and cover all of it, each of the 2 declarations lies within the chunks it is checked in, and in 2 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (2 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: power-terminal-dma (power-terminal-dma.yaml), file sha256 e832b131e65eea971c0e281da5f402868a05e85f0555467e526e439fb07f4de7
; included file: zu-a53-dma-uart.yaml, file sha256 83e1cda0e8057621d6edcc55bb3fac9d2e8d6433888b039c1282fd21c203e73d
; query sha256 (text below this header): bc71ff006390c9bf571d13c2a230ffb6fe8004842ef0707ed2142da6c353b20d
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000008 (bvadd #x00000007 #x00000001)) (bvult #x00000007 #x00000008) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000007) (bvule #x00000000 #x00000000) (bvule #x00000007 #x00000007) (bvule #x00000008 #x0000000f) (bvule #x00000008 #x00000008) (bvule #x0000000f #xffffffff))))
(check-sat)
