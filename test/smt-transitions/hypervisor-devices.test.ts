// A device the hypervisor keeps (its console UART, a frame it drives) is never handed to a
// VM: `reassign` refuses it with a typed reason, and the transition encoding agrees.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { boot, step } from '../../src/hv/index.js';
import { hypervisorKeeps } from '../../src/hv/topology.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import { layoutFor } from '../../src/smt/transitions.js';
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

describe('devices the hypervisor keeps', () => {
  it('are the consoles of the shipped SoCs, and no shipped example passes one through', () => {
    const kept = (f: string) => {
      const s = load(f);
      return s.soc.devices.filter((_, d) => hypervisorKeeps(s, d)).map((d) => d.name);
    };
    expect(kept('models/power-terminal.yaml')).toEqual(['ps-uart0']);
    expect(kept('models/cnc-hmi.yaml')).toEqual(['lpuart0']);
    expect(kept('models/base-station.yaml')).toEqual(['duart1']);
    expect(kept('models/cockpit.yaml')).toEqual(['uart-console']);
    for (const f of ['models/power-terminal.yaml', 'models/cnc-hmi.yaml', 'models/base-station.yaml', 'models/cockpit.yaml', 'models/industrial-controller.yaml']) {
      const s = load(f);
      for (const vm of s.vms) for (const p of vm.devices) expect(hypervisorKeeps(s, s.soc.devices.findIndex((d) => d.name === p.device)), `${f}: ${vm.name} holds ${p.device}`).toBe(false);
    }
  });

  it('reassign refuses one with a typed reason and changes nothing', () => {
    const s = load('models/base-station.yaml');
    const d = s.soc.devices.findIndex((x) => x.name === 'duart1');
    const oam = s.vms.findIndex((v) => v.name === 'oam');
    const s0 = boot(s);
    const r = step(s0, { kind: 'reassign', device: d, to: oam });
    expect(r.observations).toEqual([expect.objectContaining({ kind: 'rejected', event: 'reassign', reason: 'hypervisor-device' })]);
    expect(r.state.devices[d]!.owner).toBe(-1);
    expect(r.state.vms[oam]!.stage2).toBe(s0.vms[oam]!.stage2);
    // A device the hypervisor does not keep still moves.
    const q = s.soc.devices.findIndex((x) => x.name === 'qspi');
    expect(step(s0, { kind: 'reassign', device: q, to: 0 }).state.devices[q]!.owner).toBe(0);
  });

  it('the transition encoding refuses it too (differential, from boot)', async () => {
    const s = load('models/base-station.yaml');
    const d = s.soc.devices.findIndex((x) => x.name === 'duart1');
    const cases = traceCases(s, 7, 6, { boot, step }, [
      { kind: 'reassign', device: d, to: 2 },
      { kind: 'reassign', device: d, to: 0 },
    ]);
    expect(cases[0]!.observations.some((o) => o.kind === 'rejected')).toBe(true);
    const r = await disagreements(solver, layoutFor(s, { dynamicSlots: 4 }), cases);
    expect(r.bad).toEqual([]);
    expect(r.checked).toBeGreaterThanOrEqual(cases.length - 1);
  });
});
