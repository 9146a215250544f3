; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no endpoint of a channel is mapped writable unless its VM is a declared writer, and every writer→reader direction from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: industrial-controller (industrial-controller.yaml), file sha256 f6057d5ff840f315bf9330f863aa4273365ac8fd0592c01a2afee970c89046be
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 0efdee4f06ef5ecbf23afe500d731291920979653dbccafc492dd4f875122224
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const ch (_ BitVec 32))
(declare-const vm (_ BitVec 32))
(declare-const rank (_ BitVec 8))
(declare-const w Bool)
(declare-const full Bool)
(declare-const src (_ BitVec 32))
(define-fun writes ((c (_ BitVec 32)) (x (_ BitVec 32))) Bool (or (and (= c #x00000000) (= x #x00000000)) (and (= c #x00000001) (= x #x00000001)) (and (= c #x00000002) (or (= x #x00000002) (= x #x00000003)))))
(define-fun crit ((x (_ BitVec 32))) (_ BitVec 8) (ite (= x #x00000000) #x02 (ite (= x #x00000001) #x00 (ite (= x #x00000002) #x00 (ite (= x #x00000003) #x00 #x00)))))
(assert (or (and (= e #x00000000) (= ch #x00000000) (= vm #x00000000) (= rank #x02) (= w true) (= full false)) (and (= e #x00000001) (= ch #x00000000) (= vm #x00000001) (= rank #x00) (= w false) (= full false)) (and (= e #x00000002) (= ch #x00000000) (= vm #x00000002) (= rank #x00) (= w false) (= full false)) (and (= e #x00000003) (= ch #x00000001) (= vm #x00000001) (= rank #x00) (= w true) (= full true)) (and (= e #x00000004) (= ch #x00000001) (= vm #x00000000) (= rank #x02) (= w false) (= full true)) (and (= e #x00000005) (= ch #x00000002) (= vm #x00000002) (= rank #x00) (= w true) (= full false)) (and (= e #x00000006) (= ch #x00000002) (= vm #x00000003) (= rank #x00) (= w true) (= full false))))
(assert (or (and w (not (writes ch vm))) (and (writes ch src) (distinct src vm) (bvugt rank (crit src)) (not full))))
(check-sat)
