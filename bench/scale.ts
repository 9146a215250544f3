// Property-engine time against system size, per property: the synthetic scenarios of
// bench/prove.ts (n VMs, each with bound vCPUs, 16 RAM regions, 4 DMA devices behind the SMMU,
// a channel between neighbours) at 8, 32, 128 and 512 VMs, every property of the catalog at
// check's default budget (500 traces of up to 50 events; the largest size once), with the
// growth exponent per property (log-log slope of time against VMs) so a property that grows
// faster than n log n shows by name. The target: 128 VMs in under 20 s in total.

import { CATALOG } from '../proofs/index.js';
import { checkProperty, DEFAULTS } from '../src/pbt/engine.js';
import { median, type BenchFigure } from './model.js';
import { syntheticScenario } from './prove.js';

function slope(points: readonly (readonly [number, number])[]): number {
  const mx = points.reduce((a, p) => a + p[0], 0) / points.length;
  const my = points.reduce((a, p) => a + p[1], 0) / points.length;
  return points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
}

export async function benchScale(sizes: readonly number[] = [8, 32, 128, 512], runs = 3): Promise<BenchFigure[]> {
  const out: BenchFigure[] = [];
  const perProperty = new Map<string, [number, number][]>();
  for (const n of sizes) {
    const sc = syntheticScenario(n);
    const totals: number[] = [];
    const byProp = new Map<string, number[]>();
    for (let r = 0; r < (n >= 512 ? 1 : runs); r++) {
      let total = 0;
      for (const p of CATALOG) {
        const t0 = performance.now();
        const v = checkProperty(sc, p, { runs: DEFAULTS.runs, maxSteps: DEFAULTS.maxSteps, seed: r + 1 });
        const ms = performance.now() - t0;
        // A synthetic system that is not clean would time counterexample search, not the check.
        if (v.status === 'violated') throw new Error(`bench/scale.ts: ${p.id} is violated on synthetic-${n}: ${v.findings[0]?.message ?? ''}`);
        total += ms;
        byProp.set(p.id, [...(byProp.get(p.id) ?? []), ms]);
      }
      totals.push(total);
    }
    out.push({ name: `check (property engine, all properties), ${n} VMs, median of ${totals.length}`, value: Math.round(median(totals)), unit: 'ms' });
    for (const [id, ts] of byProp) {
      const ms = median(ts);
      out.push({ name: `  ${id}, ${n} VMs`, value: Math.round(ms), unit: 'ms' });
      perProperty.set(id, [...(perProperty.get(id) ?? []), [Math.log(n), Math.log(Math.max(ms, 0.01))]]);
    }
  }
  if (sizes.length >= 2) {
    for (const [id, pts] of perProperty) out.push({ name: `growth exponent of ${id} (log-log slope against VMs)`, value: Math.round(slope(pts) * 100) / 100, unit: '', detail: '1 = linear; n log n over 8–512 ≈ 1.2' });
  }
  return out;
}
