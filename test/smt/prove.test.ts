// The Z3 engine on the configuration: every shipped example is proved (all UNSAT); every breach
// model is SAT for exactly the properties whose configuration check fails, with a witness that
// replays on the model; 64-bit addresses reach witnesses exactly; and on random scenarios the
// solver's verdict equals the configuration check's, property by property.

import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { CATALOG } from '../../proofs/index.js';
import { checkTrace } from '../../src/pbt/engine.js';
import { buildScenario, isolatedScenarioArb, withMistake, MISTAKES, type Mistake } from '../../src/pbt/scenario-arb.js';
import { createPool } from '../../src/smt/pool.js';
import { proveProperties, provable } from '../../src/smt/prove.js';

const pool = createPool({ jobs: 1, timeoutMs: 60_000 });
afterAll(() => pool.close());
const PROVABLE = CATALOG.filter(provable);

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`${path}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

const yamls = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`);

describe('shipped examples are proved', () => {
  for (const file of [...yamls('models'), 'models/tour/two-vms.yaml']) {
    it(file, async () => {
      const vs = await proveProperties(load(file), PROVABLE, { pool });
      for (const v of vs) {
        expect([v.property, v.status, v.reason ?? '']).toEqual([v.property, v.status === 'not-applicable' ? 'not-applicable' : 'holds', v.reason ?? '']);
        if (v.status === 'holds') {
          expect(v.solved.length).toBeGreaterThan(0);
          expect(v.solved.every((s) => s.answer.status === 'unsat')).toBe(true);
        }
      }
    });
  }
});

describe('breach models are SAT for exactly what they breach', () => {
  for (const file of yamls('models/breaches')) {
    it(file, async () => {
      const s = load(file);
      const vs = await proveProperties(s, PROVABLE, { pool });
      for (const v of vs) {
        const p = PROVABLE.find((x) => x.id === v.property)!;
        const expected = p.applies(s).applies ? ((p.checkConfig?.(s).length ?? 0) > 0 ? 'violated' : 'holds') : 'not-applicable';
        expect(`${v.property}: ${v.status} ${v.status === 'inconclusive' ? v.reason : ''}`).toBe(`${v.property}: ${expected} `);
        if (v.status !== 'violated') continue;
        expect(v.findings.length).toBeGreaterThan(0);
        if (p.observable) {
          // The witness replays from boot: run its events again, independently of the engine.
          expect(v.counterexample).toBeDefined();
          expect(checkTrace(s, p, v.counterexample!.events).length).toBeGreaterThan(0);
          expect(v.counterexample!.script).toContain('events:');
        } else {
          expect(v.counterexample).toBeUndefined();
          expect(v.notes.join(' ')).toMatch(/no event trace can show it/);
        }
      }
    });
  }
});

describe('64-bit addresses', () => {
  const top = (1n << 64n) - 0x10_0000n; // the last MiB below 2^64
  const above53 = (1n << 53n) + 0x3000n; // not representable as a double
  const MiB = 1n << 20n;

  function placed(a: bigint, asize: bigint, b: bigint, bsize: bigint): Scenario {
    const s = buildScenario({ vms: 2, crit: ['QM', 'QM'], ramMiB: [16, 16], channelPages: 1 });
    const at = [
      [a, asize],
      [b, bsize],
    ] as const;
    return { ...s, vms: s.vms.map((v, i) => ({ ...v, memory: [{ ...v.memory[0]!, ipa: 0x1000_0000n, pa: at[i]![0], size: at[i]![1] }] })) };
  }
  const memory = PROVABLE.find((p) => p.id === 'isolation.memory')!;

  it('an overlap in the last page below 2^64 is found at its exact address and replays', async () => {
    // vm0 holds the last MiB up to 2^64 exactly; vm1 the very last page.
    const [v] = await proveProperties(placed(top, MiB, (1n << 64n) - 0x1000n, 0x1000n), [memory], { pool });
    expect(v!.status).toBe('violated');
    const addr = v!.findings[0]!.address!;
    expect(addr >= (1n << 64n) - 0x1000n && addr <= (1n << 64n) - 1n).toBe(true);
    expect(v!.counterexample!.steps.some((st) => st.observations.some((o) => o.kind === 'access' && o.pa === (1n << 64n) - 0x1000n))).toBe(true);
  });

  it('regions ending exactly at 2^64 that do not overlap are proved apart', async () => {
    const s = placed(top - MiB, MiB, top, MiB);
    const [v] = await proveProperties(s, [memory], { pool });
    expect(v!.status).toBe('holds');
  });

  it('an address above 2^53 survives into the witness exactly', async () => {
    const s = placed(above53 - 0x2000n, 0x4000n, above53, 0x4000n);
    const [v] = await proveProperties(s, [memory], { pool });
    expect(v!.status).toBe('violated');
    const addr = v!.findings[0]!.address!;
    expect(addr >= above53 && addr < above53 + 0x2000n).toBe(true);
    expect(typeof addr).toBe('bigint');
    const o = v!.counterexample!.steps.flatMap((st) => st.observations).find((x) => x.kind === 'access');
    // The trace demonstrates at the first shared address, 2^53 + 0x3000 exactly (a double would round it).
    expect(o !== undefined && o.kind === 'access' && o.pa === above53).toBe(true);
  });
});

describe('agreement with the configuration check', () => {
  const mistakes = Object.keys(MISTAKES) as Mistake[];
  const PAGE = 0x1000n;
  // Random layouts: each VM's memory somewhere in a few windows (low, around 2^53, just below 2^64), so overlaps, hypervisor hits and MMIO hits happen by chance.
  const window = fc.constantFrom(0x3000_0000n, 1n << 53n, (1n << 64n) - (1n << 24n), 0xf000_0000n);
  const region = fc.record({ base: window, page: fc.integer({ min: 0, max: 16 }), pages: fc.integer({ min: 1, max: 8 }) });
  const arb = fc.record({
    s: isolatedScenarioArb,
    ms: fc.subarray(mistakes, { maxLength: 3 }),
    layout: fc.option(fc.array(region, { minLength: 3, maxLength: 3 }), { nil: undefined }),
  });

  it('z3 and checkConfig give the same verdict on random scenarios', async () => {
    const samples = fc.sample(arb, { seed: 20250101, numRuns: 24 });
    for (const { s, ms, layout } of samples) {
      let sc = ms.reduce(withMistake, s);
      if (layout !== undefined) {
        sc = { ...sc, vms: sc.vms.map((v, i) => ({ ...v, memory: [{ ...v.memory[0]!, pa: layout[i]!.base + BigInt(layout[i]!.page) * PAGE, size: BigInt(layout[i]!.pages) * PAGE }] })) };
      }
      const vs = await proveProperties(sc, PROVABLE, { pool });
      for (const v of vs) {
        const p = PROVABLE.find((x) => x.id === v.property)!;
        if (!p.applies(sc).applies) {
          expect(v.status).toBe('not-applicable');
          continue;
        }
        const expected = (p.checkConfig?.(sc).length ?? 0) > 0 ? 'violated' : 'holds';
        expect(`${p.id} [${ms.join(',')}${layout ? ' random layout' : ''}]: ${v.status} ${v.status === 'inconclusive' ? v.reason : ''}`).toBe(`${p.id} [${ms.join(',')}${layout ? ' random layout' : ''}]: ${expected} `);
      }
    }
  });
});
