// The unit of work of the solver engine: one closed SMT-LIB2 question, "does a breach
// exist?". Queries are plain text so that the same bytes are hashed (cache key), exported
// (`--emit-smt2`), shipped to worker threads and re-run by a native Z3 in CI: what the
// assessor re-runs is exactly what hvsafe asked.
//
// Every query expects UNSAT (no breach). SAT yields a model over the query's witness
// constants, which the owner of the query decodes into a finding and a concrete event trace
// that must replay on `boot`/`step`. `unknown`, a timeout or a solver crash is inconclusive.

export type WitnessSort = 'bv64' | 'bv32' | 'bv16' | 'bv8' | 'bool' | 'int';

export interface WitnessVar {
  /** An SMT-LIB2 constant declared in `smt2`. */
  readonly name: string;
  readonly sort: WitnessSort;
}

export type QueryLevel = 'config' | 'transition' | 'unwinding';

export interface Query {
  /** Unique within a run and stable across runs: `${property}/${subject}`. */
  readonly id: string;
  /** Catalog property ID the query argues. */
  readonly property: string;
  readonly level: QueryLevel;
  /** What UNSAT establishes, in words an assessor reads. */
  readonly claim: string;
  /**
   * Declarations and assertions, without `(check-sat)`, `(get-model)` or a header: the
   * exporter adds those. Must be deterministic for the same scenario.
   */
  readonly smt2: string;
  /** Constants to read back from a model on SAT. */
  readonly witness: readonly WitnessVar[];
  /** For transition and unwinding queries: the bound on the symbolic state, in words (goes into the evidence). */
  readonly bound?: string;
}

export type Answer =
  | { readonly status: 'unsat' }
  | { readonly status: 'sat'; readonly model: Readonly<Record<string, bigint | boolean>> }
  | { readonly status: 'unknown'; readonly reason: string };

export interface Solved {
  readonly query: Query;
  /** sha256 (hex) of the query text as exported, without the comment header. */
  readonly hash: string;
  readonly answer: Answer;
  readonly timeMs: number;
  readonly cached: boolean;
  /** e.g. "z3-solver 4.15.x (wasm)". */
  readonly solver: string;
}
