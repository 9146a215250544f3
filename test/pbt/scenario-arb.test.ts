// Generated scenarios: one built to be isolated passes every applicable property; a single
// seeded mistake is found and named by the right property. Fixed seeds; a failure prints the
// fast-check seed/path and the engine's replay token.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, propertyById } from '../../proofs/index.js';
import { checkProperty } from '../../src/pbt/engine.js';
import { MISTAKES, isolatedScenarioArb, withMistake } from '../../src/pbt/scenario-arb.js';

const OPTS = { runs: 40, maxSteps: 25, seed: 3 };

describe('generated scenarios', () => {
  it('a scenario built to be isolated passes every applicable property', () => {
    fc.assert(
      fc.property(isolatedScenarioArb, (sc) => {
        for (const p of CATALOG) {
          const v = checkProperty(sc, p, OPTS);
          if (v.status !== 'holds' && v.status !== 'not-applicable') {
            throw new Error(`${p.id} ${v.status}: ${v.reason ?? v.findings[0]?.message ?? ''} ${v.counterexample ? `(replay ${v.counterexample.token})` : ''}`);
          }
        }
      }),
      { seed: 20240601, numRuns: 8 },
    );
  });

  for (const m of Object.keys(MISTAKES) as (keyof typeof MISTAKES)[]) {
    it(`a seeded mistake (${m}) is found and named ${MISTAKES[m]}`, () => {
      fc.assert(
        fc.property(isolatedScenarioArb, (sc) => {
          const id = MISTAKES[m];
          const v = checkProperty(withMistake(sc, m), propertyById(id)!, OPTS);
          if (v.status !== 'violated') throw new Error(`mistake ${m}: ${id} is ${v.status} (${v.reason ?? ''})`);
          expect(v.findings.every((f) => f.property === id)).toBe(true);
          // Seeding the mistake is what made it fail.
          expect(checkProperty(sc, propertyById(id)!, OPTS).status).not.toBe('violated');
        }),
        { seed: 20240602, numRuns: 4 },
      );
    });
  }

  it('every kind of mistake is exercised', () => {
    // The mistake table itself: each kind maps to a catalog property.
    for (const id of Object.values(MISTAKES)) expect(propertyById(id)).toBeDefined();
  });
});
