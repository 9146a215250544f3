; hvsafe query isolation.hypervisor/irqs
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no VM is routed an interrupt the hypervisor keeps, nor holds a device that raises one
; scenario: base-station-console-uart (base-station-console-uart.yaml), file sha256 dcd01cb7d63573dac2a7de6c98b4d1baa56298f07d1f881cda62da75e47511d8
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): c7f3a76464636eb50925355f3ee23af706fc094a1aa8cec347626ad3602e33ef
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
; hvsafe found: sat (a breach; the model names the witness)
(set-logic QF_BV)
(declare-const r (_ BitVec 32))
(declare-const n (_ BitVec 32))
(assert (or (and (= r #x00000000) (= n #x0000004c)) (and (= r #x00000001) (= n #x00000096)) (and (= r #x00000002) (= n #x0000004d)) (and (= r #x00000003) (= n #x0000009b)) (and (= r #x00000004) (= n #x0000005e)) (and (= r #x00000005) (= n #x00000083)) (and (= r #x00000006) (= n #x00000058)) (and (= r #x00000007) (= n #x00000062)) (and (= r #x00000008) (= n #x00000056)) (and (= r #x00000009) (= n #x0000004c)) (and (= r #x0000000a) (= n #x0000004d)) (and (= r #x0000000b) (= n #x00000096)) (and (= r #x0000000c) (= n #x0000009b)) (and (= r #x0000000d) (= n #x0000005e)) (and (= r #x0000000e) (= n #x00000083)) (and (= r #x0000000f) (= n #x00000058)) (and (= r #x00000010) (= n #x00000062)) (and (= r #x00000011) (= n #x00000056))))
(assert (or (= n #x00000019) (= n #x0000001a) (= n #x00000056)))
(check-sat)
(get-model)
