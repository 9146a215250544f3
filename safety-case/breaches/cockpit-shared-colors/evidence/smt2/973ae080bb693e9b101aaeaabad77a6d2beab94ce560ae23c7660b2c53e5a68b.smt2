; hvsafe query timing.cache-partition/color/partition
; property: timing.cache-partition
; level: config
; claim (unsat establishes): the 1 chunks of the color space are consecutive and cover all of it, each of the 3 declarations lies within the chunks it is checked in, and in 0 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (0 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: cockpit-shared-colors (cockpit-shared-colors.yaml), file sha256 4936c89c289f31b527f87cf46c6d290aa6f643bbfdc543d1d20479e16e31ea07
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): 973ae080bb693e9b101aaeaabad77a6d2beab94ce560ae23c7660b2c53e5a68b
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #xffffffff #xffffffff) (bvule #x00000000 #x00000003) (bvule #x00000000 #x00000000) (bvule #x00000003 #xffffffff) (bvule #x00000004 #x00000007) (bvule #x00000000 #x00000004) (bvule #x00000007 #xffffffff) (bvule #x00000000 #x0000000f) (bvule #x00000000 #x00000000) (bvule #x0000000f #xffffffff))))
(check-sat)
