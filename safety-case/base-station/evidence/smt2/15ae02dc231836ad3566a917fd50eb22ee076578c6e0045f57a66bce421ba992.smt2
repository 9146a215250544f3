; hvsafe query isolation.memory/dma-reach
; property: isolation.memory
; level: config
; claim (unsat establishes): no DMA path of a VM's devices reaches another VM's RAM or a channel the VM is no endpoint of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: base-station (base-station.yaml), file sha256 0dc40e479830f780cb7a8326abfacabebf9ee68ba1a3abfbe4ca2ab54c1f5413
; included file: ls1046a-like.yaml, file sha256 c8639b9bb03fc8e8b481c2a37254769140800b87c5a5b9b0acd6496a469a5263
; query sha256 (text below this header): 15ae02dc231836ad3566a917fd50eb22ee076578c6e0045f57a66bce421ba992
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(assert (not (or (and (bvule #x00000000fc000000 p) (bvule p #x00000000ffffffff)) (and (bvule #x0000000001ae0000 p) (bvule p #x0000000001aeffff)) (and (bvule #x0000000001af0000 p) (bvule p #x0000000001afffff)) (and (bvule #x0000000003400000 p) (bvule p #x00000000034fffff)) (and (bvule #x0000000003500000 p) (bvule p #x00000000035fffff)) (and (bvule #x0000000001560000 p) (bvule p #x000000000156ffff)) (and (bvule #x0000000001550000 p) (bvule p #x000000000155ffff)) (and (bvule #x0000000002180000 p) (bvule p #x000000000218ffff)) (and (bvule #x0000000002300000 p) (bvule p #x000000000230ffff)) (and (bvule #x00000000021c0000 p) (bvule p #x00000000021cffff)))))
(check-sat)
