; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no endpoint of a channel is mapped writable unless its VM is a declared writer, and every writer→reader direction from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 60fd8997820a1bfa44fcb21303c302f6fbabb4cb715a17e7ce66517830a8cbd8
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
(define-fun writes ((c (_ BitVec 32)) (x (_ BitVec 32))) Bool (or (and (= c #x00000000) (= x #x00000000)) (and (= c #x00000001) (= x #x00000001)) (and (= c #x00000002) (= x #x00000000)) (and (= c #x00000003) (= x #x00000002))))
(define-fun crit ((x (_ BitVec 32))) (_ BitVec 8) (ite (= x #x00000000) #x01 (ite (= x #x00000001) #x01 (ite (= x #x00000002) #x00 #x00))))
(assert (or (and (= e #x00000000) (= ch #x00000000) (= vm #x00000000) (= rank #x01) (= w true) (= full false)) (and (= e #x00000001) (= ch #x00000000) (= vm #x00000001) (= rank #x01) (= w false) (= full false)) (and (= e #x00000002) (= ch #x00000001) (= vm #x00000001) (= rank #x01) (= w true) (= full false)) (and (= e #x00000003) (= ch #x00000001) (= vm #x00000000) (= rank #x01) (= w false) (= full false)) (and (= e #x00000004) (= ch #x00000002) (= vm #x00000000) (= rank #x01) (= w true) (= full false)) (and (= e #x00000005) (= ch #x00000002) (= vm #x00000002) (= rank #x00) (= w false) (= full false)) (and (= e #x00000006) (= ch #x00000003) (= vm #x00000002) (= rank #x00) (= w true) (= full true)) (and (= e #x00000007) (= ch #x00000003) (= vm #x00000000) (= rank #x01) (= w false) (= full true)) (and (= e #x00000008) (= ch #x00000003) (= vm #x00000001) (= rank #x01) (= w false) (= full true))))
(assert (or (and w (not (writes ch vm))) (and (writes ch src) (distinct src vm) (bvugt rank (crit src)) (not full))))
(check-sat)
