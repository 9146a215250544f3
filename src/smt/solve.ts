// One Z3 instance in this thread, answering SMT-LIB2 queries. The high-level API
// serializes `check` within a process, so parallelism comes from worker threads, each
// with its own session (see the pool); this module is the single place that talks to Z3.

import { init } from 'z3-solver';
import type { Answer, Query, WitnessVar } from './query.js';

export interface SolverSession {
  /** e.g. "z3 4.x (z3-solver wasm)". */
  readonly solver: string;
  solve(query: Query, timeoutMs: number): Promise<Answer>;
  /** Ends Z3's threads so the process can exit. */
  close(): void;
}

type Z3Api = Awaited<ReturnType<typeof init>>;
import type { Context } from 'z3-solver';
type Ctx = Context<'hvsafe'>;

function constOf(ctx: Ctx, v: WitnessVar) {
  switch (v.sort) {
    case 'bv64':
      return ctx.BitVec.const(v.name, 64);
    case 'bv32':
      return ctx.BitVec.const(v.name, 32);
    case 'bv16':
      return ctx.BitVec.const(v.name, 16);
    case 'bv8':
      return ctx.BitVec.const(v.name, 8);
    case 'bool':
      return ctx.Bool.const(v.name);
    case 'int':
      return ctx.Int.const(v.name);
    default: {
      const never: never = v.sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

/** Largest query text handed to the WebAssembly solver (12.8 MB queries are solved; 29 MB crash it). */
export const MAX_QUERY_CHARS = 16_000_000;

export async function openSolver(): Promise<SolverSession> {
  const api = await init();
  const version = api.Z3.get_full_version();
  return {
    solver: `${version} (z3-solver, WebAssembly)`,
    async solve(query: Query, timeoutMs: number): Promise<Answer> {
      if (query.smt2.length > MAX_QUERY_CHARS) {
        // Past this size the WebAssembly build corrupts its own heap (seen at 29 MB) and takes
        // the process down with it; the query stays exportable for a native solver.
        return {
          status: 'unknown',
          reason: `the query is ${(query.smt2.length / 1e6).toFixed(1)} MB, beyond the ${MAX_QUERY_CHARS / 1e6} MB the WebAssembly solver takes; export it with --emit-smt2 and run a native z3`,
        };
      }
      // A fresh context per query: Z3's models depend on what the context has seen
      // before (symbol table, learned state), so a shared context made the same query's
      // counterexample depend on which queries ran earlier in this worker, and committed
      // evidence changed from run to run. The context is freed by its finalizer.
      const ctx: Ctx = api.Context('hvsafe');
      const s = new ctx.Solver();
      try {
        s.set('timeout', timeoutMs);
        s.fromString(query.smt2);
        const r = await s.check();
        if (r === 'unsat') return { status: 'unsat' };
        if (r === 'unknown') return { status: 'unknown', reason: s.reasonUnknown() || 'the solver answered unknown' };
        const m = s.model();
        const model: Record<string, bigint | boolean> = {};
        for (const w of query.witness) {
          const val = m.eval(constOf(ctx, w) as never, true);
          // Booleans have no value(): read them as the solver prints them.
          model[w.name] = w.sort === 'bool' ? val.toString() === 'true' : (val as unknown as { value(): bigint }).value();
        }
        return { status: 'sat', model };
      } catch (e) {
        // A solver crash is never a proof.
        return { status: 'unknown', reason: `the solver failed: ${(e as Error).message}` };
      } finally {
        try {
          s.release();
        } catch {
          // Releasing after a failed query can fault inside the WebAssembly heap; the answer
          // above (unknown, when the query failed) stands either way.
        }
      }
    },
    close() {
      api.em.PThread.terminateAllThreads();
    },
  };
}
