// Transition-level and unwinding queries (src/smt/transitions.ts) in the prove run: solved in
// the same pool as the configuration queries. A SAT answer there is a symbolic state from which
// one step breaks an invariant — not shown reachable from boot, so on its own it is never a
// replayed violation: the proof failed. The commands then search from boot for a run that gets
// there (check/reach.ts): found, it is a violation; not found, the verdict is inconclusive.

import type { Scenario } from '../config/types.js';
import type { SolverPool } from './pool.js';
import type { Query, Solved } from './query.js';
import { transitionQueries, twoWorlds } from './transitions.js';

export interface TransitionReport {
  readonly solved: readonly Solved[];
  readonly proved: number;
  readonly failed: readonly { readonly id: string; readonly claim: string; readonly detail?: string }[];
  readonly undecided: readonly { readonly id: string; readonly reason: string }[];
  readonly timeMs: number;
  readonly error?: string;
}

export async function proveTransitions(scenario: Scenario, pool: SolverPool, only?: ReadonlySet<string>): Promise<TransitionReport> {
  const t0 = performance.now();
  let queries: readonly Query[];
  try {
    queries = transitionQueries(scenario).filter((q) => only === undefined || only.has(q.property));
  } catch (e) {
    return { solved: [], proved: 0, failed: [], undecided: [], timeMs: performance.now() - t0, error: `the transition encoding crashed: ${(e as Error).message}` };
  }
  const solved = await pool.solveAll(queries);
  const failed: TransitionReport['failed'][number][] = [];
  const undecided: TransitionReport['undecided'][number][] = [];
  for (const s of solved) {
    if (s.answer.status === 'unknown') undecided.push({ id: s.query.id, reason: s.answer.reason });
    if (s.answer.status !== 'sat') continue;
    let detail: string | undefined;
    if (s.query.level === 'unwinding') {
      try {
        detail = twoWorlds(scenario, s.query, s.answer.model);
      } catch (e) {
        detail = `(the two worlds could not be rendered: ${(e as Error).message})`;
      }
    }
    failed.push({ id: s.query.id, claim: s.query.claim, ...(detail !== undefined ? { detail } : {}) });
  }
  return { solved, proved: solved.filter((s) => s.answer.status === 'unsat').length, failed, undecided, timeMs: performance.now() - t0 };
}
