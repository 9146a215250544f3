; hvsafe query isolation.hypervisor/irqs
; property: isolation.hypervisor
; level: config
; claim (unsat establishes): no VM is routed an interrupt the hypervisor keeps, nor holds a device that raises one
; scenario: industrial-shared-line (industrial-shared-line.yaml), file sha256 87003b626dbcc0a7eb87306e952a8cbb9493b38d6b63ebe9bddc2d3a1258b3c1
; included file: imx8qm-shared-uart-line.yaml, file sha256 096d8a64df0ad5ec95c72f8d885e33831b7443d1094ea261cad590f07d90c7a7
; query sha256 (text below this header): b83581734c8359df84fd3f03e3abb738ebfb25039bab8541604b1e23774e1de5
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const r (_ BitVec 32))
(declare-const n (_ BitVec 32))
(assert (or (and (= r #x00000000) (= n #x00000126)) (and (= r #x00000001) (= n #x00000127)) (and (= r #x00000002) (= n #x0000010b)) (and (= r #x00000003) (= n #x0000017a)) (and (= r #x00000004) (= n #x000000a8)) (and (= r #x00000005) (= n #x00000060)) (and (= r #x00000006) (= n #x00000040)) (and (= r #x00000007) (= n #x00000122)) (and (= r #x00000008) (= n #x00000123)) (and (= r #x00000009) (= n #x00000108)) (and (= r #x0000000a) (= n #x0000017a)) (and (= r #x0000000b) (= n #x0000017a)) (and (= r #x0000000c) (= n #x0000010b)) (and (= r #x0000000d) (= n #x000000a8)) (and (= r #x0000000e) (= n #x00000122)) (and (= r #x0000000f) (= n #x00000123)) (and (= r #x00000010) (= n #x00000126)) (and (= r #x00000011) (= n #x00000127)) (and (= r #x00000012) (= n #x00000108)) (and (= r #x00000013) (= n #x00000060)) (and (= r #x00000014) (= n #x00000040))))
(assert (or (= n #x00000019) (= n #x0000001a) (= n #x0000017b)))
(check-sat)
