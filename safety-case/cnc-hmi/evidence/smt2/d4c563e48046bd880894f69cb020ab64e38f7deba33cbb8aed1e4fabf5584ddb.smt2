; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: cnc-hmi (cnc-hmi.yaml), file sha256 9ffcd56c5903280589ffe4ddeec09756251e99420c28f8351c9fcd28f0ee89cb
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): d4c563e48046bd880894f69cb020ab64e38f7deba33cbb8aed1e4fabf5584ddb
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
(assert (or (and (= e #x00000000) (= vm #x00000001) (= writer #x00000001) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x00000001) (= vm #x00000000) (= writer #x00000001) (= rank #x02) (= wrank #x00) (= w false) (= full true)) (and (= e #x00000002) (= vm #x00000000) (= writer #x00000000) (= rank #x02) (= wrank #x02) (= w true) (= full false)) (and (= e #x00000003) (= vm #x00000001) (= writer #x00000000) (= rank #x00) (= wrank #x02) (= w false) (= full false))))
(assert (distinct vm writer))
(assert (or w (and (bvugt rank wrank) (not full))))
(check-sat)
