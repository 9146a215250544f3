; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
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
