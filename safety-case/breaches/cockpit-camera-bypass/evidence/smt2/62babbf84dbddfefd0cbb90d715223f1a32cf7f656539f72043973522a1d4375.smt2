; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no endpoint of a channel is mapped writable unless its VM is a declared writer, and every writer→reader direction from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: cockpit-camera-bypass (cockpit-camera-bypass.yaml), file sha256 8845c37d4ad80b4ba0fffc00e2c2a0179f53a1e59ab9493d8a121214c139a53c
; included file: auto-8c-camera-bypass.yaml, file sha256 bee8de36298921f988898f242a312e7b513e011ad9bc13aa80c3d714806b330e
; query sha256 (text below this header): 62babbf84dbddfefd0cbb90d715223f1a32cf7f656539f72043973522a1d4375
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
(define-fun writes ((c (_ BitVec 32)) (x (_ BitVec 32))) Bool (or (and (= c #x00000000) (= x #x00000002)) (and (= c #x00000001) (= x #x00000002)) (and (= c #x00000002) (= x #x00000002)) (and (= c #x00000003) (= x #x00000001)) (and (= c #x00000004) (= x #x00000001)) (and (= c #x00000005) (= x #x00000001)) (and (= c #x00000006) (= x #x00000002))))
(define-fun crit ((x (_ BitVec 32))) (_ BitVec 8) (ite (= x #x00000000) #x02 (ite (= x #x00000001) #x02 (ite (= x #x00000002) #x00 #x00))))
(assert (or (and (= e #x00000000) (= ch #x00000000) (= vm #x00000002) (= rank #x00) (= w true) (= full true)) (and (= e #x00000001) (= ch #x00000000) (= vm #x00000001) (= rank #x02) (= w false) (= full true)) (and (= e #x00000002) (= ch #x00000001) (= vm #x00000002) (= rank #x00) (= w true) (= full true)) (and (= e #x00000003) (= ch #x00000001) (= vm #x00000001) (= rank #x02) (= w false) (= full true)) (and (= e #x00000004) (= ch #x00000002) (= vm #x00000002) (= rank #x00) (= w true) (= full true)) (and (= e #x00000005) (= ch #x00000002) (= vm #x00000001) (= rank #x02) (= w false) (= full true)) (and (= e #x00000006) (= ch #x00000003) (= vm #x00000001) (= rank #x02) (= w true) (= full false)) (and (= e #x00000007) (= ch #x00000003) (= vm #x00000002) (= rank #x00) (= w false) (= full false)) (and (= e #x00000008) (= ch #x00000004) (= vm #x00000001) (= rank #x02) (= w true) (= full false)) (and (= e #x00000009) (= ch #x00000004) (= vm #x00000002) (= rank #x00) (= w false) (= full false)) (and (= e #x0000000a) (= ch #x00000005) (= vm #x00000001) (= rank #x02) (= w true) (= full false)) (and (= e #x0000000b) (= ch #x00000005) (= vm #x00000002) (= rank #x00) (= w false) (= full false)) (and (= e #x0000000c) (= ch #x00000006) (= vm #x00000002) (= rank #x00) (= w true) (= full true)) (and (= e #x0000000d) (= ch #x00000006) (= vm #x00000000) (= rank #x02) (= w false) (= full true))))
(assert (or (and w (not (writes ch vm))) (and (writes ch src) (distinct src vm) (bvugt rank (crit src)) (not full))))
(check-sat)
