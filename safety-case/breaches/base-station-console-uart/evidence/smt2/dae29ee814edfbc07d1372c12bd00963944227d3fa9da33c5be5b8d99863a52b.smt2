; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 3 chunks of the color space are consecutive and cover all of it, each of the 3 declarations lies within the chunks it is checked in, and in 3 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (3 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): dae29ee814edfbc07d1372c12bd00963944227d3fa9da33c5be5b8d99863a52b
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x0000000c (bvadd #x0000000b #x00000001)) (bvult #x0000000b #x0000000c) (= #x00000018 (bvadd #x00000017 #x00000001)) (bvult #x00000017 #x00000018) (= #xffffffff #xffffffff) (bvule #x00000000 #x0000000b) (bvule #x00000000 #x00000000) (bvule #x0000000b #x0000000b) (bvule #x0000000c #x00000017) (bvule #x0000000c #x0000000c) (bvule #x00000017 #x00000017) (bvule #x00000018 #x0000001f) (bvule #x00000018 #x00000018) (bvule #x0000001f #xffffffff))))
(check-sat)
