; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: industrial-gateway-latency (industrial-gateway-latency.yaml), file sha256 de59d8b04bd3a7be1f85a6264c084ca28e0d64f08499b5a46d26825decc65269
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): eeca6946925efb4415a783edc7031d4be17e910bbdeef313b03ac31000a277ae
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
(assert (or (and (= e #x00000000) (= vm #x00000000) (= writer #x00000000) (= rank #x02) (= wrank #x02) (= w true) (= full false)) (and (= e #x00000001) (= vm #x00000001) (= writer #x00000000) (= rank #x00) (= wrank #x02) (= w false) (= full false)) (and (= e #x00000002) (= vm #x00000002) (= writer #x00000000) (= rank #x00) (= wrank #x02) (= w false) (= full false)) (and (= e #x00000003) (= vm #x00000001) (= writer #x00000001) (= rank #x00) (= wrank #x00) (= w true) (= full true)) (and (= e #x00000004) (= vm #x00000000) (= writer #x00000001) (= rank #x02) (= wrank #x00) (= w false) (= full true))))
(assert (distinct vm writer))
(assert (or w (and (bvugt rank wrank) (not full))))
(check-sat)
