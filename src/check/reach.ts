// A failed transition proof is a symbolic pre-state from which one step breaks an invariant.
// Whether a real run can get there is a separate question: a bounded search from boot asks it,
// by running the property engine (aimed random traces, replayed and shrunk) on the property
// the invariant belongs to. A trace it finds is a violation that replays from boot; otherwise
// the proof stays failed and the verdict inconclusive, with how far the search went.

import { match } from 'ts-pattern';
import { CATALOG } from '../../proofs/index.js';
import type { Scenario } from '../config/types.js';
import { checkProperty, type Counterexample } from '../pbt/engine.js';
import type { TransitionReport } from '../smt/levels.js';

export interface ReachBudget {
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed: number;
}

export const DEFAULT_REACH: ReachBudget = { runs: 200, maxSteps: 40, seed: 1 };

export type Reach =
  | { readonly kind: 'reached'; readonly property: string; readonly counterexample: Counterexample; readonly budget: ReachBudget }
  | { readonly kind: 'not-reached'; readonly property: string; readonly budget: ReachBudget; readonly why: string };

/** One search per property whose transition proof failed (several failed queries of one property share it). */
export function searchFromBoot(scenario: Scenario, tr: TransitionReport, budget: ReachBudget = DEFAULT_REACH): ReadonlyMap<string, Reach> {
  const out = new Map<string, Reach>();
  const failedProps = new Set(tr.failed.map((f) => tr.solved.find((s) => s.query.id === f.id)?.query.property).filter((p): p is string => p !== undefined));
  for (const id of [...failedProps].sort()) {
    const property = CATALOG.find((p) => p.id === id);
    if (property === undefined) {
      out.set(id, { kind: 'not-reached', property: id, budget, why: 'no catalog property to search with' });
      continue;
    }
    const v = checkProperty(scenario, property, budget);
    if (v.status === 'violated' && v.counterexample !== undefined) {
      out.set(id, { kind: 'reached', property: id, counterexample: v.counterexample, budget });
      continue;
    }
    const why = match(v.status)
      .with('violated', () => 'the configuration check reports it, but no trace from boot replays it')
      .with('inconclusive', () => `the search was inconclusive: ${v.reason ?? 'no reason given'}`)
      .with('not-applicable', () => `the property does not apply: ${v.reason ?? ''}`)
      .with('not-checked', () => `the property engine could not check it: ${v.reason ?? ''}`)
      .with('holds', () => `${budget.runs} traces of up to ${budget.maxSteps} events from boot (seed ${budget.seed}) never broke it`)
      .exhaustive();
    out.set(id, { kind: 'not-reached', property: id, budget, why });
  }
  return out;
}
