; hvsafe query isolation.dma/stream/partition
; property: isolation.dma
; level: config
; claim (unsat establishes): the 1 chunks of the stream space are consecutive and cover all of it, each of the 0 declarations lies within the chunks it is checked in, and in 1 chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (1 chunk(s) need no query: disjoint, or no pair that could conflict)
; scenario: power-terminal-dma (power-terminal-dma.yaml), file sha256 e832b131e65eea971c0e281da5f402868a05e85f0555467e526e439fb07f4de7
; included file: zu-a53-dma-uart.yaml, file sha256 83e1cda0e8057621d6edcc55bb3fac9d2e8d6433888b039c1282fd21c203e73d
; query sha256 (text below this header): e5dc33506780ebfebcea0082e3bd53dbb0080717e63de8f044e8c16fb0aacf17
; solver: z3-solver 5.2.0; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>
; expected: unsat
(set-logic QF_BV)
(assert (not (and (= #x00000000 #x00000000) (= #xffffffff #xffffffff))))
(check-sat)
