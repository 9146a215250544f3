// Encoding drift guard: on reachable states (boot + seeded random events) of the shipped
// models and of generated isolated scenarios, every encoded step must produce exactly the
// projection of what the concrete `step` produced, and the same interrupt deliveries.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { isolatedScenarioArb } from '../../src/pbt/scenario-arb.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import { layoutFor } from '../../src/smt/transitions.js';
import { disagreements, traceCases } from './differential.js';

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`cannot load ${path}`);
  return r.value;
}

let solver: SolverSession;
beforeAll(async () => {
  solver = await openSolver();
});
afterAll(() => solver?.close());

describe('the encoding agrees with the concrete step', () => {
  for (const file of ['models/tour/two-vms.yaml', 'models/cockpit.yaml', 'models/base-station.yaml', 'models/industrial-controller.yaml', 'models/cnc-hmi.yaml']) {
    it(`on a random trace of ${file}`, async () => {
      const sc = load(file);
      const cases = traceCases(sc, 11, 30);
      const r = await disagreements(solver, layoutFor(sc, { dynamicSlots: 4 }), cases);
      expect(r.bad).toEqual([]);
      // The bound must not hide the trace: nearly every step is checked.
      expect(r.checked).toBeGreaterThanOrEqual(cases.length - 3);
    });
  }

  it('on generated isolated scenarios (fast-check, fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(isolatedScenarioArb, fc.integer({ min: 1, max: 1_000_000 }), async (sc, seed) => {
        const cases = traceCases(sc, seed, 40);
        const r = await disagreements(solver, layoutFor(sc, { dynamicSlots: 4 }), cases);
        expect(r.bad).toEqual([]);
      }),
      { seed: 20_240_604, numRuns: 3, endOnFailure: true },
    );
  });
});
