; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 3 chunks of the color space are consecutive and cover all of it, each of the 3 declarations lies within the chunks it is checked in, and in 3 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (3 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): fbb346cb0fde9551cad86f19b77e7a9d148630b6c78e5b2db5f978697e637241
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000004 (bvadd #x00000003 #x00000001)) (bvult #x00000003 #x00000004) (= #x00000008 (bvadd #x00000007 #x00000001)) (bvult #x00000007 #x00000008) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000003) (bvule #x00000000 #x00000000) (bvule #x00000003 #x00000003) (bvule #x00000004 #x00000007) (bvule #x00000004 #x00000004) (bvule #x00000007 #x00000007) (bvule #x00000008 #x0000000f) (bvule #x00000008 #x00000008) (bvule #x0000000f #xffffffff))))
(check-sat)
