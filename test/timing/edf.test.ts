import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dbf } from '../../src/timing/demand.js';
import { analyzeEdf, edfDbfCheck } from '../../src/timing/edf.js';
import { dedicated, edp, periodic, windows } from '../../src/timing/supply.js';
import { tasks } from './fixtures.js';
import { hyperperiod, simulateEdfMisses } from './sim.js';

describe('EDF demand bound test', () => {
  it('dbf by hand: (1,4,3),(2,6,5)', () => {
    const ts = tasks([1, 4, 3], [2, 6, 5]);
    // steps: τ1 at 3, 7, 11, ...; τ2 at 5, 11, ...
    expect([0, 2, 3, 4, 5, 6, 7, 10, 11].map((t) => Number(dbf(ts, BigInt(t))))).toEqual([0, 0, 1, 1, 3, 3, 4, 4, 7]);
  });

  it('U = 1 with implicit deadlines is schedulable on a dedicated CPU; a tight constrained deadline is not', () => {
    expect(analyzeEdf(tasks([2, 4], [3, 6]), dedicated()).schedulable).toBe(true);
    // (2,4,2),(3,6,4): dbf(4) = 2 + 3 = 5 > 4.
    const a = analyzeEdf(tasks([2, 4, 2], [3, 6, 4]), dedicated());
    expect(a.schedulable).toBe(false);
    expect(a.witness).toEqual({ t: 4n, demand: 5n, supply: 4n });
  });

  it('overload is unschedulable', () => {
    const c = edfDbfCheck(tasks([3, 4], [2, 4]), dedicated());
    expect(c.schedulable).toBe(false);
    expect(c.reason).toBe('overload');
  });

  it('on Γ(5,3): schedulable iff dbf ≤ sbf (hand-derived)', () => {
    // sbf(Γ(5,3)) = 0,0,0,0,0,1,2,3,3,3,4,5,6,...; (1,5): dbf(5) = 1 = sbf(5): schedulable.
    expect(analyzeEdf(tasks([1, 5], [2, 10]), periodic(5n, 3n)).schedulable).toBe(true);
    // (1,4): dbf(4) = 1 > sbf(4) = 0.
    const a = analyzeEdf(tasks([1, 4]), periodic(5n, 3n));
    expect(a.schedulable).toBe(false);
    expect(a.witness).toEqual({ t: 4n, demand: 1n, supply: 0n });
    // (3,10),(3,10): dbf(10) = 6 > sbf(10) = 4; U = 3/5 = rate.
    expect(analyzeEdf(tasks([3, 10], [3, 10]), periodic(5n, 3n)).schedulable).toBe(false);
  });

  it('finds a violation that is not at the first step point, and agrees with a brute-force scan', () => {
    // Γ(10, 9): sbf(21) = 18 = dbf(21) (τ1's first deadline: tight but fine); τ2's first
    // deadline 23 is fine too; dbf(42) = 2·18 + 1 = 37 > sbf(42) = 36.
    const s = periodic(10n, 9n);
    const ts = tasks([18, 21], [1, 40, 23]);
    let first: bigint | undefined;
    for (let t = 1n; t < 5000n && first === undefined; t++) if (dbf(ts, t) > s.sbf(t)) first = t;
    expect(first).toBe(42n);
    expect(edfDbfCheck(ts, s).witness).toEqual({ t: 42n, demand: 37n, supply: 36n });
  });

  it('EDF response-time bound: min(D, busy period) when schedulable', () => {
    const a = analyzeEdf(tasks([1, 4], [1, 5], [3, 9], [3, 18]), dedicated());
    expect(a.schedulable).toBe(true);
    // Busy period: W(t) = t at L = 9? W(9)=3+2+3+3=11, W(11)=3+3+6+3=15, W(15)=4+3+6+3=16, W(16)=4+4+6+3=17, W(17)=5+4+6+3=18, W(18)=5+4+6+3=18.
    expect(a.tasks.map((r) => r.responseTime)).toEqual([4n, 5n, 9n, 18n]);
  });

  it('on EDP and window supplies agrees with a brute-force dbf ≤ sbf scan', () => {
    const supplies = [edp(11n, 2n, 5n), edp(6n, 4n, 5n), windows(20n, [[0n, 4n], [10n, 8n]]), periodic(4n, 3n)];
    const sets = [tasks([1, 20]), tasks([1, 12], [1, 30, 20]), tasks([2, 10, 7], [3, 15]), tasks([1, 3])];
    for (const s of supplies) {
      for (const ts of sets) {
        let bad = false;
        for (let t = 1n; t < 3000n; t++) if (dbf(ts, t) > s.sbf(t)) bad = true;
        expect(edfDbfCheck(ts, s).schedulable).toBe(!bad);
      }
    }
  });

  it('property: on a dedicated CPU, simulated EDF misses a deadline iff the dbf test says unschedulable', () => {
    const taskSet = fc
      .tuple(
        fc.boolean(),
        fc.array(fc.record({ period: fc.constantFrom(2, 3, 4, 5, 6, 8, 10, 12), c: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 24 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
      )
      .map(([constrained, xs]) =>
        xs.map((x, i) => ({
          name: `t${i}`,
          wcet: BigInt(Math.min(x.c, x.period)),
          period: BigInt(x.period),
          deadline: BigInt(constrained ? Math.min(x.d, x.period) : x.d),
        })),
      );
    fc.assert(
      fc.property(taskSet, (ts) => {
        const a = analyzeEdf(ts, dedicated());
        const H = hyperperiod(ts);
        const dmax = Math.max(...ts.map((t) => Number(t.deadline)));
        const constrained = ts.every((t) => t.deadline <= t.period);
        const u = ts.reduce((acc, t) => acc + Number(t.wcet) / Number(t.period), 0);
        // With arbitrary deadlines and U > 1 the first miss can be far out; keep those to U ≤ 1.
        fc.pre(constrained || u <= 1);
        expect(simulateEdfMisses(ts, 2 * H + 2 * dmax)).toBe(!a.schedulable);
      }),
      { seed: 1337, numRuns: 500 },
    );
  });
});
