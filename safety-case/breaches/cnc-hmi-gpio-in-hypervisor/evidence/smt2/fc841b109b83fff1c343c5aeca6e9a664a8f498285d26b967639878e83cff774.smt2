; hvsafe query communication.channels/endpoints
; property: communication.channels
; level: config
; claim (unsat establishes): no endpoint of a channel is mapped writable unless its VM is a declared writer, and every writer→reader direction from a lower- to a higher-integrity VM declares crc, sequence and timeout protection
; scenario: cnc-hmi-gpio-in-hypervisor (cnc-hmi-gpio-in-hypervisor.yaml), file sha256 931cd4d2fdb5330f6ba2e2feb377c972112b72ebe961a42cb2656418e65c83d0
; included file: imx8qm-safety-gpio.yaml, file sha256 cfe2d20a9e635e60a43df4abb8cc4abeba488deb14a212c67b08003bbfc5f1a6
; query sha256 (text below this header): fc841b109b83fff1c343c5aeca6e9a664a8f498285d26b967639878e83cff774
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
(define-fun writes ((c (_ BitVec 32)) (x (_ BitVec 32))) Bool (or (and (= c #x00000000) (= x #x00000001)) (and (= c #x00000001) (= x #x00000000))))
(define-fun crit ((x (_ BitVec 32))) (_ BitVec 8) (ite (= x #x00000000) #x02 (ite (= x #x00000001) #x00 #x00)))
(assert (or (and (= e #x00000000) (= ch #x00000000) (= vm #x00000001) (= rank #x00) (= w true) (= full true)) (and (= e #x00000001) (= ch #x00000000) (= vm #x00000000) (= rank #x02) (= w false) (= full true)) (and (= e #x00000002) (= ch #x00000001) (= vm #x00000000) (= rank #x02) (= w true) (= full false)) (and (= e #x00000003) (= ch #x00000001) (= vm #x00000001) (= rank #x00) (= w false) (= full false))))
(assert (or (and w (not (writes ch vm))) (and (writes ch src) (distinct src vm) (bvugt rank (crit src)) (not full))))
(check-sat)
