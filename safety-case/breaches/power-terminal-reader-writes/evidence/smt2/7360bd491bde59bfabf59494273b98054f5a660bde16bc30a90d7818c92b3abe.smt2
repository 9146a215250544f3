; hvsafe query communication.channels/dma-reach
; property: communication.channels
; level: config
; claim (unsat establishes): no DMA path of a VM's devices writes a channel that VM is not a declared writer of (0 DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)
; scenario: power-terminal-reader-writes (power-terminal-reader-writes.yaml), file sha256 eba56f07db783b238119c3bc11fafb626b398b37d4a64b39c4cdbd9cbc1950d3
; included file: zu-a53.yaml, file sha256 0fa96cb64021c16776fde69e063095fef2480c45e63368e2140352f134d5f48c
; query sha256 (text below this header): 7360bd491bde59bfabf59494273b98054f5a660bde16bc30a90d7818c92b3abe
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(declare-const e (_ BitVec 32))
(declare-const t (_ BitVec 32))
(declare-const p (_ BitVec 64))
(assert false)
(check-sat)
