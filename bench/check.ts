// Property-check figures: throughput of the property engine in events/s across the whole
// catalog on the shipped examples, and time to first counterexample on each breach model
// (median of a few runs with different seeds).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG, propertyById } from '../proofs/index.js';
import { loadScenario } from '../src/config/load.js';
import type { Scenario } from '../src/config/types.js';
import { checkProperty } from '../src/pbt/engine.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/dist\/?$/, '');

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`cannot load ${path}`);
  return r.value;
}

/** The property each breach model is about (its header's expected finding). */
const BREACH_PROPERTY: Record<string, string> = {
  'power-terminal-dma': 'isolation.dma',
  'cockpit-overlap': 'isolation.memory',
  'industrial-shared-spi': 'isolation.irq',
  'power-terminal-reader-writes': 'communication.channels',
  'cockpit-shared-colors': 'timing.cache-partition',
  'industrial-gateway-latency': 'timing.irq-latency',
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchCheck(): Promise<{ name: string; value: number; unit: string }[]> {
  const out: { name: string; value: number; unit: string }[] = [];
  const models = join(ROOT, 'models');
  let events = 0;
  let ms = 0;
  for (const f of readdirSync(models).filter((x) => x.endsWith('.yaml'))) {
    const sc = load(join(models, f));
    for (const p of CATALOG) {
      const v = checkProperty(sc, p, { runs: 100, maxSteps: 40, seed: 1 });
      events += v.events;
      ms += v.timeMs;
    }
  }
  out.push({ name: 'check: property-engine throughput (all properties, shipped examples)', value: Math.round(events / (ms / 1000)), unit: 'events/s' });
  const breaches = join(models, 'breaches');
  for (const f of readdirSync(breaches).filter((x) => x.endsWith('.yaml'))) {
    const name = f.replace(/\.yaml$/, '');
    const id = BREACH_PROPERTY[name];
    const p = id === undefined ? undefined : propertyById(id);
    // A breach without its property here would silently drop out of the figures.
    if (p === undefined) throw new Error(`bench/check.ts: no property listed for breach ${name}`);
    const sc = load(join(breaches, f));
    const times: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const t0 = performance.now();
      const v = checkProperty(sc, p, { runs: 1000, maxSteps: 40, seed });
      times.push(v.status === 'violated' ? performance.now() - t0 : Number.NaN);
    }
    out.push({ name: `check: time to first counterexample, ${name} (${id})`, value: Math.round(median(times) * 100) / 100, unit: 'ms' });
  }
  return out;
}
