; hvsafe query timing.cpu-exclusive/pcpu/partition
; property: timing.cpu-exclusive
; level: config
; claim (unsat establishes): the 4 chunks of the pcpu space are consecutive and cover all of it, each of the 8 declarations lies within the chunks it is checked in, and in 0 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (0 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: power-terminal-reader-writes (power-terminal-reader-writes.yaml), file sha256 eba56f07db783b238119c3bc11fafb626b398b37d4a64b39c4cdbd9cbc1950d3
; included file: zu-a53.yaml, file sha256 0fa96cb64021c16776fde69e063095fef2480c45e63368e2140352f134d5f48c
; query sha256 (text below this header): 1b15b9a124595031173061cc0ddc46186b7f5ad450109362e77ffb16f4f90a4c
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000001 (bvadd #x00000000 #x00000001)) (bvult #x00000000 #x00000001) (= #x00000002 (bvadd #x00000001 #x00000001)) (bvult #x00000001 #x00000002) (= #x00000003 (bvadd #x00000002 #x00000001)) (bvult #x00000002 #x00000003) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000003 #x00000003) (bvule #x00000003 #x00000003) (bvule #x00000003 #xffffffff) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000003 #x00000003) (bvule #x00000003 #x00000003) (bvule #x00000003 #xffffffff) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000000 #x00000000) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000001 #x00000001))))
(check-sat)
