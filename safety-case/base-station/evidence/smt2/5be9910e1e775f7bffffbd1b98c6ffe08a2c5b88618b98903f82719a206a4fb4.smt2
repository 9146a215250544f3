; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 5be9910e1e775f7bffffbd1b98c6ffe08a2c5b88618b98903f82719a206a4fb4
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
(assert (or (and (= e #x00000000) (= vm #x00000000) (= writer #x00000000) (= rank #x01) (= wrank #x01) (= w true) (= full false)) (and (= e #x00000001) (= vm #x00000001) (= writer #x00000000) (= rank #x01) (= wrank #x01) (= w false) (= full false)) (and (= e #x00000002) (= vm #x00000001) (= writer #x00000001) (= rank #x01) (= wrank #x01) (= w true) (= full false)) (and (= e #x00000003) (= vm #x00000000) (= writer #x00000001) (= rank #x01) (= wrank #x01) (= w false) (= full false)) (and (= e #x00000004) (= vm #x00000000) (= writer #x00000000) (= rank #x01) (= wrank #x01) (= w true) (= full false)) (and (= e #x00000005) (= vm #x00000002) (= writer #x00000000) (= rank #x00) (= wrank #x01) (= w false) (= full false)) (and (= e #x00000006) (= vm #x00000002) (= writer #x00000002) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x00000007) (= vm #x00000000) (= writer #x00000002) (= rank #x01) (= wrank #x00) (= w false) (= full true)) (and (= e #x00000008) (= vm #x00000001) (= writer #x00000002) (= rank #x01) (= wrank #x00) (= w false) (= full true))))
(assert (distinct vm writer))
(assert (or w (and (bvugt rank wrank) (not full))))
(check-sat)
