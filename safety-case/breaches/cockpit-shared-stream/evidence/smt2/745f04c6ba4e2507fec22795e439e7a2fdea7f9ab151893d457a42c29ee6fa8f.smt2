; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: cockpit-shared-stream (cockpit-shared-stream.yaml), file sha256 598dea431a85856abe902ea40db2a8a3ec068f873453ce6696392cb4cb25320e
; included file: auto-8c-shared-stream.yaml, file sha256 016afd045446d4be2b6efbc9f772cc225295864495acaf1d36e1eb61b230555b
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
