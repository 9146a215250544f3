; hvsafe query timing.cache-partition/color/chunks-0001
; property: timing.cache-partition
; level: config
; claim (unsat establishes): no last-level-cache color is used by VMs of different criticality (color #x00000000..#xffffffff, 1 chunk(s))
; scenario: cockpit-shared-colors (cockpit-shared-colors.yaml), file sha256 4936c89c289f31b527f87cf46c6d290aa6f643bbfdc543d1d20479e16e31ea07
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): 6726c7bb8664d45f00f2171818151d73979f92ed5dd3feba6417988d2de84f0c
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const w (_ BitVec 32))
(declare-const k (_ BitVec 32))
(declare-const i (_ BitVec 32))
(declare-const j (_ BitVec 32))
(declare-const i_rank (_ BitVec 8))
(declare-const j_rank (_ BitVec 8))
(assert (and (= w #x00000000) true (or (and (= i #x00000000) (= i_rank #x02) (bvule k #x00000003)) (and (= i #x00000002) (= i_rank #x00) (bvule k #x0000000f)) (and (= i #x00000001) (= i_rank #x02) (and (bvule #x00000004 k) (bvule k #x00000007)))) (or (and (= j #x00000000) (= j_rank #x02) (bvule k #x00000003)) (and (= j #x00000002) (= j_rank #x00) (bvule k #x0000000f)) (and (= j #x00000001) (= j_rank #x02) (and (bvule #x00000004 k) (bvule k #x00000007))))))
(assert (distinct i j))
(assert (distinct i_rank j_rank))
(check-sat)
(get-model)
