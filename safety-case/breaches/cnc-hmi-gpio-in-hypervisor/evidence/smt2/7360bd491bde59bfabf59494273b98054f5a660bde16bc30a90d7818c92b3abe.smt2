; hvsafe query communication.channels/dma-reach
; property: communication.channels
; level: config
; claim (unsat establishes): no DMA path of a VM's devices writes a channel that VM is not a declared writer of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: cnc-hmi-gpio-in-hypervisor (cnc-hmi-gpio-in-hypervisor.yaml), file sha256 931cd4d2fdb5330f6ba2e2feb377c972112b72ebe961a42cb2656418e65c83d0
; included file: imx8qm-safety-gpio.yaml, file sha256 cfe2d20a9e635e60a43df4abb8cc4abeba488deb14a212c67b08003bbfc5f1a6
; query sha256 (text below this header): 7360bd491bde59bfabf59494273b98054f5a660bde16bc30a90d7818c92b3abe
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(check-sat)
