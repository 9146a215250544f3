; hvsafe query isolation.hypervisor/irqs
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no VM is routed an interrupt the hypervisor keeps, nor holds a device that raises one
; scenario: industrial-controller (industrial-controller.yaml), file sha256 f6057d5ff840f315bf9330f863aa4273365ac8fd0592c01a2afee970c89046be
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 15dde528c48a16f72d1891ae919feaee6ec15908f059b7940fe6f07f14c65588
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const r (_ BitVec 32))
(declare-const n (_ BitVec 32))
(assert (or (and (= r #x00000000) (= n #x00000126)) (and (= r #x00000001) (= n #x00000127)) (and (= r #x00000002) (= n #x0000010b)) (and (= r #x00000003) (= n #x0000017a)) (and (= r #x00000004) (= n #x000000a8)) (and (= r #x00000005) (= n #x00000060)) (and (= r #x00000006) (= n #x00000040)) (and (= r #x00000007) (= n #x00000122)) (and (= r #x00000008) (= n #x00000123)) (and (= r #x00000009) (= n #x00000108)) (and (= r #x0000000a) (= n #x0000017a)) (and (= r #x0000000b) (= n #x0000010b)) (and (= r #x0000000c) (= n #x000000a8)) (and (= r #x0000000d) (= n #x00000122)) (and (= r #x0000000e) (= n #x00000123)) (and (= r #x0000000f) (= n #x00000126)) (and (= r #x00000010) (= n #x00000127)) (and (= r #x00000011) (= n #x00000108)) (and (= r #x00000012) (= n #x00000060)) (and (= r #x00000013) (= n #x00000040))))
(assert (or (= n #x00000019) (= n #x0000001a) (= n #x00000179)))
(check-sat)
