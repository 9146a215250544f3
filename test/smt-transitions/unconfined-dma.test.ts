// A DMA master that no SMMU confines (no SMMU at all, or no stream ID under unmatched-streams
// bypass) would give whoever owns it every physical address. The hypervisor never hands one
// to a VM at run time: `reassign` refuses it with a typed reason, the transition encoding
// agrees, and the inductive step that used to fail on power-terminal (reassign gem3 → linux,
// then DMA into rtos's memory) is proved.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { boot, step } from '../../src/hv/index.js';
import { rawDmaMaster } from '../../src/hv/topology.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import { inductiveQuery, layoutFor } from '../../src/smt/transitions.js';
import { disagreements, traceCases } from '../../src/smt/differential.js';

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

describe('DMA masters no SMMU confines', () => {
  const s = load('models/power-terminal.yaml');
  const gem3 = s.soc.devices.findIndex((d) => d.name === 'gem3');
  const linux = s.vms.findIndex((v) => v.name === 'linux');
  const rtos = s.vms.findIndex((v) => v.name === 'rtos');

  it('are the unowned DMA masters of power-terminal (no SMMU) and no device behind a faulting SMMU', () => {
    expect(s.soc.devices.filter((_, d) => rawDmaMaster(s, d)).map((d) => d.name)).toEqual(expect.arrayContaining(['gem3', 'sd1']));
    const cockpit = load('models/cockpit.yaml');
    expect(cockpit.soc.devices.filter((_, d) => rawDmaMaster(cockpit, d))).toEqual([]);
    // Under bypass, only a DMA master without a stream ID is raw.
    const bypass = load('models/breaches/cockpit-camera-bypass.yaml');
    expect(bypass.soc.devices.filter((_, d) => rawDmaMaster(bypass, d)).every((d) => d.dma && d.streamIds.length === 0)).toBe(true);
  });

  it('reassign refuses one with a typed reason, so its DMA never lands in another VM', () => {
    const s0 = boot(s);
    const r = step(s0, { kind: 'reassign', device: gem3, to: linux });
    expect(r.observations).toEqual([expect.objectContaining({ kind: 'rejected', event: 'reassign', reason: 'dma-unconfined' })]);
    expect(r.state.devices[gem3]!.owner).toBe(-1);
    expect(r.state.vms[linux]!.stage2).toBe(s0.vms[linux]!.stage2);
    // The issue's breach: a write by gem3 into rtos memory, then rtos reads it. Unowned, gem3's
    // DMA is nobody's, and it is not linux's data.
    const rtosPa = s0.vms[rtos]!.stage2.find((e) => e.origin.kind !== 'device')!.pa;
    const dma = step(r.state, { kind: 'dma', device: gem3, stream: 0, addr: rtosPa, length: 1n, dir: 'write', value: 0x42 });
    expect(dma.observations.some((o) => o.kind === 'dma' && o.vm === linux)).toBe(false);
  });

  it('the transition encoding refuses it too (differential, from boot)', async () => {
    const cases = traceCases(s, 7, 6, { boot, step }, [
      { kind: 'reassign', device: gem3, to: linux },
      { kind: 'reassign', device: gem3, to: rtos },
    ]);
    expect(cases[0]!.observations.some((o) => o.kind === 'rejected')).toBe(true);
    const r = await disagreements(solver, layoutFor(s, { dynamicSlots: 4 }), cases);
    expect(r.bad).toEqual([]);
    expect(r.checked).toBeGreaterThanOrEqual(cases.length - 1);
  });

  it('the inductive step of reassign proves the smmu and contents invariants on power-terminal', async () => {
    for (const inv of ['smmu', 'contents'] as const) {
      const q = inductiveQuery(s, 'reassign', inv);
      const a = await solver.solve(q, 120_000);
      expect(a.status, `reassign/${inv}`).toBe('unsat');
    }
  }, 300_000);
});
