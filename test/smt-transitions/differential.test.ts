// Encoding drift guard: on reachable states (boot + seeded random events) of every shipped
// model and of generated scenarios, every encoded step must produce exactly the projection
// of what the concrete `step` produced, and the same interrupt deliveries. The generated
// scenarios vary what the encoding branches on (SMMU present or not, unmatched streams
// faulting or bypassing, read-only memory, each fault policy, a stream-less DMA master,
// a shared interrupt line), and every trace starts with events aimed at those branches:
// unmatched and undeclared streams, reassignment of the stream-less master, the shared line.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import type { Event } from '../../src/hv/events.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import { resolveBackend } from '../../src/smt/backend.js';
import { openNativeSolver } from '../../src/smt/native.js';
import { layoutFor } from '../../src/smt/transitions.js';
import { disagreements, traceCases } from '../../src/smt/differential.js';
import { nativeZ3 } from './native.js';
import { variedScenarioArb, type Variation } from './scenarios.js';

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`cannot load ${path}`);
  return r.value;
}

// A native z3 from PATH when there is one (several times faster), else the WebAssembly build.
const native = nativeZ3();
let solver: SolverSession;
beforeAll(async () => {
  const r = native ? await resolveBackend('native') : undefined;
  solver = r?.ok && r.backend.kind === 'native' ? await openNativeSolver(r.backend.path, r.backend.version) : await openSolver();
});
afterAll(() => solver?.close());

/**
 * Events aimed at the SMMU and interrupt branches: for every DMA master, a transfer on each
 * declared stream, one on the first stream it does not declare (rejected: a device emits its
 * own streams), and for a stream-less master its untagged stream (no context matches: fault
 * or bypass); every device's SPI once (shared lines included). Reassignments first, so that
 * unowned masters are someone's.
 */
function aimed(sc: Scenario): Event[] {
  const out: Event[] = [];
  const target = sc.vms.length > 1 ? 1 : 0;
  sc.soc.devices.forEach((d, i) => {
    if (!d.dma) return;
    if (!sc.vms.some((v) => v.devices.some((p) => p.device === d.name))) out.push({ kind: 'reassign', device: i, to: target });
    const base = sc.vms.flatMap((v) => v.memory.map((m) => m.ipa))[0] ?? 0n;
    for (let k = 0; k <= d.streamIds.length; k++) out.push({ kind: 'dma', device: i, stream: k, addr: base, length: 64n, dir: k % 2 === 0 ? 'write' : 'read', value: 0x5a + k });
  });
  for (const spi of new Set(sc.soc.devices.flatMap((d) => d.irqs))) out.push({ kind: 'irq', spi });
  return out;
}

const SHIPPED = [
  'models/tour/two-vms.yaml',
  'models/cockpit.yaml',
  'models/base-station.yaml',
  'models/industrial-controller.yaml',
  'models/cnc-hmi.yaml',
  // The one model without an SMMU: every DMA is raw.
  'models/power-terminal.yaml',
];

describe('the encoding agrees with the concrete step', () => {
  for (const file of SHIPPED) {
    it(`on an aimed and a random trace of ${file}`, async () => {
      const sc = load(file);
      const cases = traceCases(sc, 11, 30, undefined, aimed(sc));
      const r = await disagreements(solver, layoutFor(sc, { dynamicSlots: 4 }), cases);
      expect(r.bad).toEqual([]);
      // The bound must not hide the trace: nearly every step is checked.
      expect(r.checked).toBeGreaterThanOrEqual(cases.length - 3);
      expect(r.checked + r.skipped).toBe(cases.length);
    });
  }

  it('on generated scenarios varying SMMU, bypass, read-only memory, fault policy, stream-less DMA and shared lines (fast-check, fixed seed)', async () => {
    const RUNS = 14;
    let checked = 0;
    let dmaCases = 0;
    const seen: Variation[] = [];
    await fc.assert(
      fc.asyncProperty(variedScenarioArb, fc.integer({ min: 1, max: 1_000_000 }), async ({ scenario, variation }, seed) => {
        const cases = traceCases(scenario, seed, 30, undefined, aimed(scenario));
        const r = await disagreements(solver, layoutFor(scenario, { dynamicSlots: 4 }), cases);
        expect(r.bad, JSON.stringify(variation)).toEqual([]);
        expect(r.checked).toBeGreaterThanOrEqual(cases.length - 3);
        checked += r.checked;
        dmaCases += cases.filter((c) => c.event.kind === 'dma').length;
        seen.push(variation);
      }),
      { seed: 20_240_604, numRuns: RUNS, endOnFailure: true },
    );
    // How much ran: every run, nearly every step of it, and the branches the variation aims at.
    expect(seen).toHaveLength(RUNS);
    expect(checked).toBeGreaterThanOrEqual(RUNS * 30);
    expect(dmaCases).toBeGreaterThanOrEqual(RUNS * 3);
    for (const m of ['fault', 'bypass', 'none'] as const) expect(seen.some((v) => v.smmu === m), `SMMU ${m}`).toBe(true);
    expect(seen.some((v) => v.readOnly)).toBe(true);
    expect(seen.some((v) => v.streamless !== undefined && v.smmu === 'bypass')).toBe(true);
    expect(seen.some((v) => v.sharedLine !== undefined)).toBe(true);
    for (const p of ['restart', 'stop', 'notify'] as const) expect(seen.some((v) => v.onFault.includes(p)), p).toBe(true);
  });
});
