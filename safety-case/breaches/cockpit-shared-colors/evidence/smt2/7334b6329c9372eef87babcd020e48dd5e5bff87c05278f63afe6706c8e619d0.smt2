; hvsafe query isolation.hypervisor/irqs
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no VM is routed an interrupt the hypervisor keeps, nor holds a device that raises one
; scenario: cockpit-shared-colors (cockpit-shared-colors.yaml), file sha256 4936c89c289f31b527f87cf46c6d290aa6f643bbfdc543d1d20479e16e31ea07
; included file: auto-8c.yaml, file sha256 911888f6e5e48f13793c20810b0056973668d214e19940a1509806a6279cd0b0
; query sha256 (text below this header): 7334b6329c9372eef87babcd020e48dd5e5bff87c05278f63afe6706c8e619d0
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const r (_ BitVec 32))
(declare-const n (_ BitVec 32))
(assert (or (and (= r #x00000000) (= n #x000000da)) (and (= r #x00000001) (= n #x000000b8)) (and (= r #x00000002) (= n #x00000120)) (and (= r #x00000003) (= n #x00000047)) (and (= r #x00000004) (= n #x00000048)) (and (= r #x00000005) (= n #x000000c5)) (and (= r #x00000006) (= n #x0000013e)) (and (= r #x00000007) (= n #x00000097)) (and (= r #x00000008) (= n #x0000012c)) (and (= r #x00000009) (= n #x000000dc)) (and (= r #x0000000a) (= n #x00000172)) (and (= r #x0000000b) (= n #x000000da)) (and (= r #x0000000c) (= n #x000000b8)) (and (= r #x0000000d) (= n #x00000120)) (and (= r #x0000000e) (= n #x0000012c)) (and (= r #x0000000f) (= n #x00000097)) (and (= r #x00000010) (= n #x000000dc)) (and (= r #x00000011) (= n #x00000172)) (and (= r #x00000012) (= n #x00000047)) (and (= r #x00000013) (= n #x00000048)) (and (= r #x00000014) (= n #x000000c5)) (and (= r #x00000015) (= n #x0000013e))))
(assert (or (= n #x00000019) (= n #x0000001a) (= n #x000000c4)))
(check-sat)
