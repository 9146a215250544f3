import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSupply, dedicated, edp, makeSupply, periodic, sbfVector, windows, type Supply } from '../../src/timing/supply.js';

const nums = (v: bigint[]): number[] => v.map(Number);

/**
 * Brute force for Ω(Π, Θ, Δ): every supply pattern that gives exactly Θ units inside
 * [kΠ, kΠ + Δ) of each period k, over N periods, and every interval [s, s+t) inside them.
 * Periods are independent, so the minimum over patterns of the supply in [s, s+t) is the sum
 * over periods of the per-period minimum over the C(Δ, Θ) slot choices.
 */
function bruteEdp(P: number, B: number, D: number, until: number, N: number): number[] {
  const subsets: number[][] = [];
  const pick = (from: number, left: number, acc: number[]): void => {
    if (left === 0) return void subsets.push([...acc]);
    for (let x = from; x < D; x++) pick(x + 1, left - 1, [...acc, x]);
  };
  pick(0, B, []);
  const out: number[] = [];
  for (let t = 0; t <= until; t++) {
    let best = Infinity;
    for (let s = 0; s + t <= N * P; s++) {
      let sum = 0;
      for (let k = 0; k < N; k++) {
        let m = Infinity;
        for (const sub of subsets) {
          let c = 0;
          for (const x of sub) if (k * P + x >= s && k * P + x < s + t) c++;
          m = Math.min(m, c);
        }
        sum += m;
      }
      best = Math.min(best, sum);
    }
    out.push(best);
  }
  return out;
}

/** Brute force for a window table: minimum over every integer phase of the supply in [o, o+t). */
function bruteWindows(F: number, ws: [number, number][], until: number): number[] {
  const on = (x: number): boolean => ws.some(([s, l]) => {
    const m = ((x % F) + F) % F;
    return m >= s && m < s + l;
  });
  const out: number[] = [];
  for (let t = 0; t <= until; t++) {
    let best = Infinity;
    for (let o = 0; o < F; o++) {
      let c = 0;
      for (let x = o; x < o + t; x++) if (on(x)) c++;
      best = Math.min(best, c);
    }
    out.push(best);
  }
  return out;
}

function checkInverse(s: Supply, upTo: bigint): void {
  for (let d = 0n; d <= upTo; d++) {
    const t = s.inverse(d);
    expect(t).not.toBeNull();
    expect(s.sbf(t!)).toBeGreaterThanOrEqual(d);
    if (t! > 0n) expect(s.sbf(t! - 1n)).toBeLessThan(d);
  }
}

describe('supply bound functions', () => {
  it('dedicated: sbf(t) = t', () => {
    expect(nums(sbfVector(dedicated(), 6n))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(dedicated().inverse(7n)).toBe(7n);
  });

  it('periodic Γ(5,3): the published vector of Shin & Lee 2003', () => {
    expect(nums(sbfVector(periodic(5n, 3n), 15n))).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 5, 6, 6, 6, 7]);
    expect(periodic(5n, 3n).blackout).toBe(4n); // 2(Π − Θ)
  });

  it('periodic: Θ = 0 supplies nothing, Θ = Π is a dedicated CPU', () => {
    expect(nums(sbfVector(periodic(4n, 0n), 9n))).toEqual(Array(10).fill(0));
    expect(periodic(4n, 0n).inverse(1n)).toBeNull();
    expect(nums(sbfVector(periodic(4n, 4n), 9n))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('EDP Ω(5,2,3): hand-derived vector, blackout Π+Δ−2Θ = 4 (Easwaran, Anand & Lee 2007)', () => {
    expect(nums(sbfVector(edp(5n, 2n, 3n), 15n))).toEqual([0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 4, 4, 4, 5]);
    expect(edp(5n, 2n, 3n).blackout).toBe(4n);
  });

  it('EDP with Δ = Π equals the periodic resource', () => {
    expect(sbfVector(edp(7n, 3n, 7n), 40n)).toEqual(sbfVector(periodic(7n, 3n), 40n));
  });

  it('EDP and periodic sbf equal the exhaustive minimum over all legal supply patterns', () => {
    const cases: [number, number, number][] = [
      [5, 3, 5],
      [5, 2, 3],
      [4, 1, 2],
      [6, 3, 4],
      [7, 2, 7],
      [5, 5, 5],
      [3, 1, 1],
    ];
    for (const [P, B, D] of cases) {
      const until = 3 * P;
      expect(nums(sbfVector(edp(BigInt(P), BigInt(B), BigInt(D)), BigInt(until))), `Ω(${P},${B},${D})`).toEqual(bruteEdp(P, B, D, until, 5));
    }
  });

  it('windows: worst phase is right after a window ends', () => {
    // Frame 20, windows [0,4] and [10,3]. Worst phase: start at 4 (end of the first window):
    // gap 4..10 (6 units), then 3 units, gap 13..20 (7), then 4 ... The longest blackout is
    // the gap 13..20 of length 7.
    const s = windows(20n, [
      [0n, 4n],
      [10n, 3n],
    ]);
    expect(nums(sbfVector(s, 24n))).toEqual(bruteWindows(20, [[0, 4], [10, 3]], 24));
    expect(nums(sbfVector(s, 12n))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3]);
    expect(s.blackout).toBe(7n);
    expect(s.sbf(20n)).toBe(7n);
    expect(s.sbf(40n)).toBe(14n);
  });

  it('windows: sbf equals the brute-force minimum over all phases (property)', () => {
    const table = fc
      .integer({ min: 2, max: 24 })
      .chain((F) =>
        fc.uniqueArray(fc.integer({ min: 0, max: F - 1 }), { minLength: 1, maxLength: Math.min(F, 8) }).map((cuts) => {
          // Turn sorted cut points into alternating windows and gaps.
          const pts = [...cuts].sort((a, b) => a - b);
          const ws: [number, number][] = [];
          for (let i = 0; i < pts.length; i += 2) {
            const s = pts[i]!;
            const e = pts[i + 1] ?? F;
            if (e > s) ws.push([s, e - s]);
          }
          return { F, ws };
        }),
      );
    fc.assert(
      fc.property(table, ({ F, ws }) => {
        const s = windows(
          BigInt(F),
          ws.map(([a, b]) => [BigInt(a), BigInt(b)] as const),
        );
        expect(nums(sbfVector(s, BigInt(2 * F + 3)))).toEqual(bruteWindows(F, ws, 2 * F + 3));
        checkInverse(s, BigInt(2 * F));
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it('inverse sbf is the least t with sbf(t) ≥ d', () => {
    checkInverse(periodic(5n, 3n), 20n);
    checkInverse(edp(11n, 2n, 5n), 20n);
    checkInverse(edp(5n, 2n, 3n), 20n);
    checkInverse(dedicated(), 20n);
  });

  it('linear lower bound and repeat hold: sbf(t) ≥ ρ(t − δ), sbf(t+P) = sbf(t)+S from t ≥ from', () => {
    const supplies = [periodic(5n, 3n), edp(11n, 2n, 5n), windows(20n, [[0n, 4n], [10n, 3n]]), dedicated(), periodic(6n, 0n)];
    for (const s of supplies) {
      const { period: P, amount: S, from } = s.repeat;
      for (let t = 0n; t < 80n; t++) {
        expect(s.sbf(t) * P).toBeGreaterThanOrEqual(S * (t - s.delay));
        if (t >= from) expect(s.sbf(t + P)).toBe(s.sbf(t) + S);
      }
    }
  });

  it('rejects invalid parameters', () => {
    expect(checkSupply({ kind: 'periodic', period: 5n, budget: 6n })).toMatch(/budget/);
    expect(checkSupply({ kind: 'edp', period: 5n, budget: 3n, deadline: 2n })).toMatch(/deadline/);
    expect(checkSupply({ kind: 'windows', frame: 10n, windows: [[0n, 5n], [4n, 2n]] })).toMatch(/overlaps/);
    expect(checkSupply({ kind: 'windows', frame: 10n, windows: [[8n, 5n]] })).toMatch(/inside/);
    expect(() => makeSupply({ kind: 'periodic', period: 0n, budget: 0n })).toThrow();
  });
});
