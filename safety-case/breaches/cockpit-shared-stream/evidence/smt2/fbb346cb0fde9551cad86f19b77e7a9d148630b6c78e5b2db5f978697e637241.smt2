; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 3 chunks of the color space are consecutive and cover all of it, each of the 3 declarations lies within the chunks it is checked in, and in 3 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (3 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cockpit-shared-stream (cockpit-shared-stream.yaml), file sha256 598dea431a85856abe902ea40db2a8a3ec068f873453ce6696392cb4cb25320e
; included file: auto-8c-shared-stream.yaml, file sha256 016afd045446d4be2b6efbc9f772cc225295864495acaf1d36e1eb61b230555b
; query sha256 (text below this header): fbb346cb0fde9551cad86f19b77e7a9d148630b6c78e5b2db5f978697e637241
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000004 (bvadd #x00000003 #x00000001)) (bvult #x00000003 #x00000004) (= #x00000008 (bvadd #x00000007 #x00000001)) (bvult #x00000007 #x00000008) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000003) (bvule #x00000000 #x00000000) (bvule #x00000003 #x00000003) (bvule #x00000004 #x00000007) (bvule #x00000004 #x00000004) (bvule #x00000007 #x00000007) (bvule #x00000008 #x0000000f) (bvule #x00000008 #x00000008) (bvule #x0000000f #xffffffff))))
(check-sat)
