// Shards are a partition: by property, every property in exactly one shard; by runs, the
// slices of every shard count tile 0…R-1 exactly, each Z3 proof in exactly one shard.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { parseShard, runSlice, shardPlan, type Shard } from '../../src/check/shard.js';

describe('shard plans', () => {
  it('by runs: the slices of shards 1…N tile the runs 0…R-1, none empty when R ≥ N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 100_000 }), (n, extra) => {
        const runs = n + extra;
        let at = 0;
        for (let k = 1; k <= n; k++) {
          const s = runSlice(runs, { k, n, by: 'runs' });
          expect(s.from).toBe(at);
          expect(s.to).toBeGreaterThan(s.from);
          at = s.to;
        }
        expect(at).toBe(runs);
      }),
      { seed: 10, numRuns: 300 },
    );
  });

  it('by property: every property in exactly one shard; by runs: every property in every shard, each proof in one', () => {
    for (const n of [1, 2, 3, 4, 7, 20]) {
      const shards = Array.from({ length: n }, (_, i): Shard => ({ k: i + 1, n, by: 'property' }));
      const byProperty = shards.flatMap((s) => shardPlan(CATALOG, CATALOG, s, 100).properties.map((p) => p.id));
      expect(byProperty.sort()).toEqual(CATALOG.map((p) => p.id).sort());
      const plans = shards.map((s) => shardPlan(CATALOG, CATALOG, { ...s, by: 'runs' }, 100));
      for (const plan of plans) expect(plan.properties).toEqual(CATALOG);
      for (const p of CATALOG) expect(plans.filter((plan) => plan.proves(p))).toHaveLength(1);
    }
  });

  it('parses K/N and refuses the rest', () => {
    expect(parseShard('2/3', 'runs')).toEqual({ k: 2, n: 3, by: 'runs' });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3']) expect(parseShard(bad)).toMatch(/--shard must be K\/N/);
  });
});
