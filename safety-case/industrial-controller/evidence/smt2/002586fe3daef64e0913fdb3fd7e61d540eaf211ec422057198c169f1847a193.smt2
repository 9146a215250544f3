; hvsafe query isolation.mmio/device/partition
; property: isolation.mmio
; level: config
; claim (unsat establishes): the 8 chunks of the device space are consecutive and cover all of it, each of the 8 declarations lies within the chunks it is checked in, and in 8 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (8 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: industrial-controller (industrial-controller.yaml), file sha256 f6057d5ff840f315bf9330f863aa4273365ac8fd0592c01a2afee970c89046be
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 002586fe3daef64e0913fdb3fd7e61d540eaf211ec422057198c169f1847a193
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #x00000002 (bvadd #x00000001 #x00000001)) (bvult #x00000001 #x00000002) (= #x00000003 (bvadd #x00000002 #x00000001)) (bvult #x00000002 #x00000003) (= #x00000004 (bvadd #x00000003 #x00000001)) (bvult #x00000003 #x00000004) (= #x00000005 (bvadd #x00000004 #x00000001)) (bvult #x00000004 #x00000005) (= #x00000006 (bvadd #x00000005 #x00000001)) (bvult #x00000005 #x00000006) (= #x00000007 (bvadd #x00000006 #x00000001)) (bvult #x00000006 #x00000007) (= #x00000008 (bvadd #x00000007 #x00000001)) (bvult #x00000007 #x00000008) (= #xffffffff #xffffffff) (bvule #x00000005 #x00000005) (bvule #x00000005 #x00000005) (bvule #x00000005 #x00000005) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000002 #x00000002) (bvule #x00000001 #x00000001) (bvule #x00000000 #x00000001) (bvule #x00000001 #x00000001) (bvule #x00000003 #x00000003) (bvule #x00000003 #x00000003) (bvule #x00000003 #x00000003) (bvule #x00000007 #x00000007) (bvule #x00000007 #x00000007) (bvule #x00000007 #x00000007) (bvule #x00000008 #x00000008) (bvule #x00000008 #x00000008) (bvule #x00000008 #xffffffff) (bvule #x00000004 #x00000004) (bvule #x00000004 #x00000004) (bvule #x00000004 #x00000004) (bvule #x00000006 #x00000006) (bvule #x00000006 #x00000006) (bvule #x00000006 #x00000006))))
(check-sat)
