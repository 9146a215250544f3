; hvsafe query isolation.hypervisor/irqs
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no VM is routed an interrupt the hypervisor keeps, nor holds a device that raises one
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 892980d8a0f835193035e05bb91fd5963e0b7ac0f59f05b2bcd8df3100d94ee3
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const r (_ BitVec 32))
(declare-const n (_ BitVec 32))
(assert (or (and (= r #x00000000) (= n #x0000004c)) (and (= r #x00000001) (= n #x00000096)) (and (= r #x00000002) (= n #x0000004d)) (and (= r #x00000003) (= n #x0000009b)) (and (= r #x00000004) (= n #x0000005e)) (and (= r #x00000005) (= n #x00000083)) (and (= r #x00000006) (= n #x00000058)) (and (= r #x00000007) (= n #x00000062)) (and (= r #x00000008) (= n #x0000004c)) (and (= r #x00000009) (= n #x0000004d)) (and (= r #x0000000a) (= n #x00000096)) (and (= r #x0000000b) (= n #x0000009b)) (and (= r #x0000000c) (= n #x0000005e)) (and (= r #x0000000d) (= n #x00000083)) (and (= r #x0000000e) (= n #x00000058)) (and (= r #x0000000f) (= n #x00000062))))
(assert (or (= n #x00000019) (= n #x0000001a) (= n #x00000056)))
(check-sat)
