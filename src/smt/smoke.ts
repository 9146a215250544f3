// The differential smoke test `prove` runs on the user's own scenario: the encodings the
// transition proofs rest on must agree with the executable model on this system, not only on
// the shipped ones. A seeded random trace is replayed through the SMT step (src/smt/
// differential.ts); a disagreement is a bug in hvsafe, and every transition-level result on
// this scenario is then untrustworthy (inconclusive, never holds).

import type { Scenario } from '../config/types.js';
import type { Model } from '../pbt/engine.js';
import { disagreements, traceCases, type Solver } from './differential.js';
import type { SolverPool } from './pool.js';
import { layoutFor } from './transitions.js';

export interface SmokeReport {
  readonly status: 'agrees' | 'disagrees' | 'undecided';
  /** Steps the solver compared, and steps outside the encoding's bound (left out). */
  readonly checked: number;
  readonly skipped: number;
  readonly steps: number;
  readonly seed: number;
  readonly disagreements: readonly string[];
  readonly reason?: string;
}

export const SMOKE_STEPS = 60;
export const SMOKE_SEED = 1;

export interface SmokeOptions {
  readonly steps?: number;
  readonly seed?: number;
  /** The model whose steps are compared (tests put a wrong one here); default the real one. */
  readonly model?: Model;
}

export async function smokeTest(scenario: Scenario, pool: SolverPool, opts: SmokeOptions = {}): Promise<SmokeReport> {
  const steps = opts.steps ?? SMOKE_STEPS;
  const seed = opts.seed ?? SMOKE_SEED;
  const solver: Solver = { solve: async (q) => (await pool.solveAll([q]))[0]!.answer };
  const base = { steps, seed };
  try {
    const cases = traceCases(scenario, seed, steps, ...(opts.model !== undefined ? [opts.model] : []));
    const r = await disagreements(solver, layoutFor(scenario), cases);
    if (r.bad.length > 0) return { ...base, status: 'disagrees', checked: r.checked, skipped: r.skipped, disagreements: r.bad };
    // Nothing compared proves nothing about the encodings.
    if (r.checked === 0) return { ...base, status: 'undecided', checked: 0, skipped: r.skipped, disagreements: [], reason: 'every step of the trace lies outside the encoding\'s bound' };
    return { ...base, status: 'agrees', checked: r.checked, skipped: r.skipped, disagreements: [] };
  } catch (e) {
    return { ...base, status: 'undecided', checked: 0, skipped: 0, disagreements: [], reason: (e as Error).message };
  }
}
