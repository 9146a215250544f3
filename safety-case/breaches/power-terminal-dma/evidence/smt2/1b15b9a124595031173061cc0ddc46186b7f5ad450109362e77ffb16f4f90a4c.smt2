; hvsafe query timing.cpu-exclusive/pcpu/partition
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): the 4 chunks of the pcpu space are consecutive and cover all of it, each of the 8 declarations lies within the chunks it is checked in, and in 0 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (0 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: power-terminal-dma (power-terminal-dma.yaml), file sha256 e832b131e65eea971c0e281da5f402868a05e85f0555467e526e439fb07f4de7
; included file: zu-a53-dma-uart.yaml, file sha256 83e1cda0e8057621d6edcc55bb3fac9d2e8d6433888b039c1282fd21c203e73d
; query sha256 (text below this header): 1b15b9a124595031173061cc0ddc46186b7f5ad450109362e77ffb16f4f90a4c
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000001 (bvadd #x00000000 #x00000001)) (bvult #x00000000 #x00000001) (= #x00000002 (bvadd #x00000001 #x00000001)) (bvult #x00000001 #x00000002) (= #x00000003 (bvadd #x00000002 #x00000001)) (bvult #x00000002 #x00000003) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000003 #x00000003) (bvule #x00000003 #x00000003) (bvule #x00000003 #xffffffff) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000003 #x00000003) (bvule #x00000003 #x00000003) (bvule #x00000003 #xffffffff) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001))))
(check-sat)
