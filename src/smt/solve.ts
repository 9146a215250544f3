// One Z3 instance in this thread, answering SMT-LIB2 queries. Z3's asynchronous calls run
// one at a time per thread, so parallelism comes from worker threads, each with its own
// session (see the pool); this module is the single place that talks to Z3.

import { init } from 'z3-solver';
import type { Answer, Query, WitnessVar } from './query.js';

export interface SolverSession {
  /** e.g. "z3 4.x (z3-solver wasm)". */
  readonly solver: string;
  solve(query: Query, timeoutMs: number): Promise<Answer>;
  /** Ends Z3's threads so the process can exit. */
  close(): void;
}

type Z3 = Awaited<ReturnType<typeof init>>['Z3'];
type Z3Context = Parameters<Z3['del_context']>[0];
type Z3Ast = NonNullable<ReturnType<Z3['model_eval']>>;

// Z3_lbool and Z3_OK, as the low-level API numbers them.
const L_TRUE = 1;
const L_FALSE = -1;
const Z3_OK = 0;

function sortOf(z3: Z3, c: Z3Context, v: WitnessVar) {
  switch (v.sort) {
    case 'bv64':
      return z3.mk_bv_sort(c, 64);
    case 'bv32':
      return z3.mk_bv_sort(c, 32);
    case 'bv16':
      return z3.mk_bv_sort(c, 16);
    case 'bv8':
      return z3.mk_bv_sort(c, 8);
    case 'bool':
      return z3.mk_bool_sort(c);
    case 'int':
      return z3.mk_int_sort(c);
    default: {
      const never: never = v.sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

/** Largest query text handed to the WebAssembly solver (12.8 MB queries are solved; 29 MB crash it). */
export const MAX_QUERY_CHARS = 16_000_000;

/**
 * One query in a context of its own, deleted before the answer is returned. Z3's models
 * depend on what a context has seen before, so a shared context made a query's witness
 * depend on the queries a worker happened to answer first, and committed evidence changed
 * from run to run. The high-level API frees contexts only when the garbage collector gets
 * round to them, which exhausted the 2 GB WebAssembly heap; the low-level API lets this
 * function free each one at once.
 */
async function solveAlone(z3: Z3, query: Query, timeoutMs: number): Promise<Answer> {
  const cfg = z3.mk_config();
  const c = z3.mk_context_rc(cfg);
  z3.del_config(cfg);
  const failed = (): string | undefined => {
    const code = z3.get_error_code(c);
    return code === Z3_OK ? undefined : z3.get_error_msg(c, code);
  };
  try {
    const s = z3.mk_solver(c);
    z3.solver_inc_ref(c, s);
    const p = z3.mk_params(c);
    z3.params_inc_ref(c, p);
    z3.params_set_uint(c, p, z3.mk_string_symbol(c, 'timeout'), timeoutMs);
    z3.solver_set_params(c, s, p);
    z3.solver_from_string(c, s, query.smt2);
    const parse = failed();
    if (parse !== undefined) return { status: 'unknown', reason: `the solver failed: ${parse}` };
    const r = await z3.solver_check(c, s);
    const err = failed();
    if (err !== undefined) return { status: 'unknown', reason: `the solver failed: ${err}` };
    if (r === L_FALSE) return { status: 'unsat' };
    if (r !== L_TRUE) return { status: 'unknown', reason: z3.solver_get_reason_unknown(c, s) || 'the solver answered unknown' };
    const m = z3.solver_get_model(c, s);
    z3.model_inc_ref(c, m);
    const model: Record<string, bigint | boolean> = {};
    for (const w of query.witness) {
      const k = z3.mk_const(c, z3.mk_string_symbol(c, w.name), sortOf(z3, c, w));
      z3.inc_ref(c, k);
      const val: Z3Ast | null = z3.model_eval(c, m, k, true);
      if (val === null) return { status: 'unknown', reason: `the solver's model has no value for ${w.name}` };
      z3.inc_ref(c, val);
      model[w.name] = w.sort === 'bool' ? z3.get_bool_value(c, val) === L_TRUE : BigInt(z3.get_numeral_string(c, val));
    }
    const late = failed();
    if (late !== undefined) return { status: 'unknown', reason: `the solver failed: ${late}` };
    return { status: 'sat', model };
  } catch (e) {
    // A solver crash is never a proof.
    return { status: 'unknown', reason: `the solver failed: ${(e as Error).message}` };
  } finally {
    // Everything made in the context goes with it.
    try {
      z3.del_context(c);
    } catch {
      // Deleting after a failed query can fault inside the WebAssembly heap; the answer
      // above (unknown, when the query failed) stands either way.
    }
  }
}

export async function openSolver(): Promise<SolverSession> {
  const api = await init();
  const version = api.Z3.get_full_version();
  // Z3's asynchronous calls run one at a time per thread: chain the queries.
  let last: Promise<unknown> = Promise.resolve();
  return {
    solver: `${version} (z3-solver, WebAssembly)`,
    solve(query: Query, timeoutMs: number): Promise<Answer> {
      if (query.smt2.length > MAX_QUERY_CHARS) {
        // Past this size the WebAssembly build corrupts its own heap (seen at 29 MB) and takes
        // the process down with it; the query stays exportable for a native solver.
        return Promise.resolve({
          status: 'unknown',
          reason: `the query is ${(query.smt2.length / 1e6).toFixed(1)} MB, beyond the ${MAX_QUERY_CHARS / 1e6} MB the WebAssembly solver takes; export it with --emit-smt2 and run a native z3`,
        });
      }
      const next = last.then(() => solveAlone(api.Z3, query, timeoutMs));
      last = next.catch(() => undefined);
      return next;
    },
    close() {
      api.em.PThread.terminateAllThreads();
    },
  };
}
