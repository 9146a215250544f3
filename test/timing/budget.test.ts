import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/timing/analyze.js';
import { minBudget } from '../../src/timing/budget.js';
import { periodic } from '../../src/timing/supply.js';
import type { Policy } from '../../src/timing/task.js';
import { tasks } from './fixtures.js';

function linearScan(ts: ReturnType<typeof tasks>, policy: Policy, P: bigint): bigint | null {
  for (let b = 0n; b <= P; b++) if (analyze(ts, policy, periodic(P, b)).schedulable) return b;
  return null;
}

describe('minimal budget on a periodic resource', () => {
  it('hand-derived: (2,10) under FP with Π = 5 needs Θ = 2', () => {
    // Θ = 1: tsbf(2) = (Π−Θ) + Π + (Π−Θ) + 1 = 4 + 5 + 4 + 1 = 14 > 10.
    // Θ = 2: tsbf(2) = 3 + 3 + 2 = 8 ≤ 10.
    // (At Θ = 1 the load 2/10 equals the rate 1/5: the busy period never closes, R unbounded.)
    expect(minBudget(tasks([2, 10]), 'fixed-priority', 5n)).toBe(2n);
    expect(analyze(tasks([2, 10]), 'fixed-priority', periodic(5n, 1n)).tasks[0]!.responseTime).toBeNull();
    // (2,11) on Γ(5,1): busy period 44 with jobs completing at tsbf(2), tsbf(4), ... = 14, 24,
    // 34, 44: responses 14, 13, 12, 11, so R = 14 > 11 and Θ = 2 is again the least budget.
    expect(analyze(tasks([2, 11]), 'fixed-priority', periodic(5n, 1n)).tasks[0]!.responseTime).toBe(14n);
    expect(minBudget(tasks([2, 11]), 'fixed-priority', 5n)).toBe(2n);
  });

  it('hand-derived: (1,4) under EDF with Π = 2 needs Θ = 1; with Π = 4 it needs Θ = 3', () => {
    // Γ(2,1): blackout 2, sbf(4) = 1 = dbf(4). Γ(4,2): blackout 4, sbf(4) = 0 < 1; Γ(4,3): sbf(4) = 1.
    expect(minBudget(tasks([1, 4]), 'edf', 2n)).toBe(1n);
    expect(minBudget(tasks([1, 4]), 'edf', 4n)).toBe(3n);
  });

  it('null when even the full period does not suffice; 0 for an empty task set', () => {
    expect(minBudget(tasks([3, 4], [2, 4]), 'edf', 10n)).toBeNull();
    expect(minBudget([], 'fixed-priority', 10n)).toBe(0n);
  });

  it('binary search equals a linear scan', () => {
    const sets = [tasks([1, 20], [2, 30]), tasks([3, 40], [5, 50, 45], [2, 100]), tasks([1, 8], [1, 12]), tasks([4, 30, 20])];
    for (const ts of sets) {
      for (const P of [2n, 5n, 7n, 10n]) {
        for (const pol of ['fixed-priority', 'edf'] as const) {
          expect(minBudget(ts, pol, P), `${pol} Π=${P}`).toBe(linearScan(ts, pol, P));
        }
      }
    }
  });
});
