// Transition-level and unwinding queries (src/smt/transitions.ts) in the prove run: solved in
// the same pool as the configuration queries. A SAT answer there is a symbolic state from which
// one step breaks an invariant — not shown reachable from boot, so on its own it is never a
// replayed violation: the proof failed. The commands then search from boot for a run that gets
// there (check/reach.ts): found, it is a violation; not found, the verdict is inconclusive. The
// level holds only when it had at least one query and every one is UNSAT; no query at all is
// not-checked (nothing was proved), never a pass.

import { match } from 'ts-pattern';
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
  /** The level's verdict: holds only when there is at least one query and every one is UNSAT. */
  readonly status: 'holds' | 'inconclusive' | 'not-checked';
  /** Queries per property (only properties with at least one): what this level decided. */
  readonly queriesByProperty: Readonly<Record<string, number>>;
}

/** The verdict of a set of transition-level answers: derived from the answers, never from the absence of failures. */
export function levelStatus(solved: readonly Solved[], error?: string): TransitionReport['status'] {
  if (error !== undefined) return 'inconclusive';
  if (solved.length === 0) return 'not-checked';
  const unsat = solved.filter((s) =>
    match(s.answer)
      .with({ status: 'unsat' }, () => true)
      .with({ status: 'sat' }, { status: 'unknown' }, () => false)
      .exhaustive(),
  ).length;
  return unsat === solved.length ? 'holds' : 'inconclusive';
}

export async function proveTransitions(scenario: Scenario, pool: SolverPool, only?: ReadonlySet<string>): Promise<TransitionReport> {
  const t0 = performance.now();
  let queries: readonly Query[];
  try {
    queries = transitionQueries(scenario).filter((q) => only === undefined || only.has(q.property));
  } catch (e) {
    const error = `the transition encoding crashed: ${(e as Error).message}`;
    return { solved: [], proved: 0, failed: [], undecided: [], timeMs: performance.now() - t0, error, status: levelStatus([], error), queriesByProperty: {} };
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
  const queriesByProperty: Record<string, number> = {};
  for (const s of solved) queriesByProperty[s.query.property] = (queriesByProperty[s.query.property] ?? 0) + 1;
  return { solved, proved: solved.filter((s) => s.answer.status === 'unsat').length, failed, undecided, timeMs: performance.now() - t0, status: levelStatus(solved), queriesByProperty };
}
