; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: cockpit (cockpit.yaml), file sha256 41719c8b0212f8de0019bdcc8866fbe3d21f2db3c328aa705302cc7999a14081
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): 745f04c6ba4e2507fec22795e439e7a2fdea7f9ab151893d457a42c29ee6fa8f
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const vm (_ BitVec 32))
(declare-const writer (_ BitVec 32))
(declare-const rank (_ BitVec 8))
(declare-const wrank (_ BitVec 8))
(declare-const w Bool)
(declare-const full Bool)
(assert (or (and (= e #x00000000) (= vm #x00000002) (= writer #x00000002) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x00000001) (= vm #x00000001) (= writer #x00000002) (= rank #x02) (= wrank #x00) (= w false) (= full true)) (and (= e #x00000002) (= vm #x00000002) (= writer #x00000002) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x00000003) (= vm #x00000001) (= writer #x00000002) (= rank #x02) (= wrank #x00) (= w false) (= full true)) (and (= e #x00000004) (= vm #x00000002) (= writer #x00000002) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x00000005) (= vm #x00000001) (= writer #x00000002) (= rank #x02) (= wrank #x00) (= w false) (= full true)) (and (= e #x00000006) (= vm #x00000001) (= writer #x00000001) (= rank #x02) (= wrank #x02) (= w true) (= full false)) (and (= e #x00000007) (= vm #x00000002) (= writer #x00000001) (= rank #x00) (= wrank #x02) (= w false) (= full false)) (and (= e #x00000008) (= vm #x00000001) (= writer #x00000001) (= rank #x02) (= wrank #x02) (= w true) (= full false)) (and (= e #x00000009) (= vm #x00000002) (= writer #x00000001) (= rank #x00) (= wrank #x02) (= w false) (= full false)) (and (= e #x0000000a) (= vm #x00000001) (= writer #x00000001) (= rank #x02) (= wrank #x02) (= w true) (= full false)) (and (= e #x0000000b) (= vm #x00000002) (= writer #x00000001) (= rank #x00) (= wrank #x02) (= w false) (= full false)) (and (= e #x0000000c) (= vm #x00000002) (= writer #x00000002) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x0000000d) (= vm #x00000000) (= writer #x00000002) (= rank #x02) (= wrank #x00) (= w false) (= full true))))
(assert (distinct vm writer))
(assert (or w (and (bvugt rank wrank) (not full))))
(check-sat)
