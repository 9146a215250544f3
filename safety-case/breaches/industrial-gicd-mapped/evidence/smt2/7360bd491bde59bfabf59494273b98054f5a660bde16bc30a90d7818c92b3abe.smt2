; hvsafe query communication.channels/dma-reach
; property: communication.channels
; level: config
; claim (unsat establishes): no DMA path of a VM's devices writes a channel that VM is not a declared writer of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: industrial-gicd-mapped (industrial-gicd-mapped.yaml), file sha256 04171f076d19ca10bcb63e529274afe5d8ba9ed67597f5920489a60bd7538d6a
; included file: imx8qm-like.yaml, file sha256 553055a36143200edc3dc7604ae7f695279eb53353abd640ac7709182a4fc5bc
; query sha256 (text below this header): 7360bd491bde59bfabf59494273b98054f5a660bde16bc30a90d7818c92b3abe
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(check-sat)
