// The transition-level proofs: the base case on every shipped model (and its failure on
// breaches), the inductive steps of the kinds that change each encoded component (every
// pair on every model: pairs.test.ts), and unwinding conditions — with a two-worlds witness where a configuration lets a VM's DMA reach
// another's memory. The full set runs in `hvsafe prove` and `npm run bench`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import type { EventKind } from '../../src/hv/events.js';
import { EVENT_KINDS } from '../../src/hv/events.js';
import { withMistake } from '../../src/pbt/scenario-arb.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import {
  ATTACKER_KINDS,
  bootQuery,
  inductiveQuery,
  INVARIANTS,
  referenceScenario,
  SPLIT_STEP_CONSISTENCY,
  stepCases,
  transitionQueries,
  twoWorlds,
  unwindingQuery,
  type InvariantName,
} from '../../src/smt/transitions.js';

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

describe('transition queries', () => {
  it('one query per (event kind, invariant) and per (kind, unwinding condition), each stating its bound', () => {
    const qs = transitionQueries(load('models/tour/two-vms.yaml'));
    // The base case, then one inductive step per (kind, invariant).
    expect(qs[0]!.id).toBe('isolation.memory/transition/boot/all');
    expect(qs.filter((q) => q.level === 'transition')).toHaveLength(1 + EVENT_KINDS.length * INVARIANTS.length);
    // Step consistency: one query per kind, or for a split kind one per case, the cases
    // covering every (observer, actor): a VM other than the observer acts, or VM u observes and acts.
    for (const k of EVENT_KINDS) {
      const base = `containment.fault/unwinding/${k}/step-consistency`;
      const ids = qs.filter((q) => q.id === base || q.id.startsWith(`${base}/`)).map((q) => q.id);
      const want = SPLIT_STEP_CONSISTENCY.includes(k) ? [`${base}/other-actor`, `${base}/observer-acts/0`, `${base}/observer-acts/1`] : [base];
      expect(ids, k).toEqual(want);
    }
    expect(qs.filter((q) => q.id.endsWith('/local-respect'))).toHaveLength(ATTACKER_KINDS.length);
    expect(new Set(qs.map((q) => q.id)).size).toBe(qs.length);
    expect(qs.every((q) => (q.bound ?? '').includes('dynamic hvc-map slots'))).toBe(true);
    // Deterministic text: the same scenario gives the same bytes (cache keys, exports).
    expect(transitionQueries(load('models/tour/two-vms.yaml')).map((q) => q.smt2)).toEqual(qs.map((q) => q.smt2));
  });
});

describe('base case: boot establishes the invariants', () => {
  for (const file of ['models/tour/two-vms.yaml', 'models/cockpit.yaml', 'models/base-station.yaml', 'models/industrial-controller.yaml', 'models/cnc-hmi.yaml', 'models/power-terminal.yaml']) {
    it(file, async () => {
      const a = await solver.solve(bootQuery(load(file)), 60_000);
      expect(a.status).toBe('unsat');
    });
  }
  it('fails on a configuration whose VMs share RAM, or route one SPI to two VMs', async () => {
    for (const m of ['overlap', 'shared-spi'] as const) {
      const a = await solver.solve(bootQuery(withMistake(referenceScenario(), m)), 60_000);
      expect(a.status, m).toBe('sat');
    }
  });
});

describe('containment.fault unwinding', () => {
  const sc = load('models/tour/two-vms.yaml');
  for (const [kind, cond] of [
    ['write', 'local-respect'],
    ['vm-restart', 'local-respect'],
    ['reassign', 'step-consistency'],
    ['irq', 'step-consistency'],
  ] as const) {
    it(`${kind}: ${cond}`, async () => {
      const a = await solver.solve(unwindingQuery(sc, kind, cond), 60_000);
      expect(a.status).toBe('unsat');
    });
  }

  it('hvc-map: step consistency, case by case (the cases cover every observer and actor)', async () => {
    const cases = stepCases(sc.vms.length);
    expect(cases).toEqual([{ kind: 'other-actor' }, { kind: 'observer-acts', vm: 0 }, { kind: 'observer-acts', vm: 1 }]);
    for (const c of cases) {
      const q = unwindingQuery(sc, 'hvc-map', 'step-consistency', {}, c);
      const a = await solver.solve(q, 60_000);
      expect(a.status, q.id).toBe('unsat');
    }
  });

  it('a DMA device without an SMMU: the smmu invariant fails at boot; trusted, it breaks local respect, shown as two worlds', async () => {
    const raw = withMistake(referenceScenario(), 'dma-without-smmu');
    // Untrusted, an owned raw DMA master already breaks the smmu invariant in the booted state.
    expect((await solver.solve(bootQuery(raw), 60_000)).status).toBe('sat');
    // Declared trusted (the integrator's assumption, exempt from the invariants), its raw DMA
    // still reaches the other VM: local respect fails, and the witness reads as two worlds.
    const bad = { ...raw, soc: { ...raw.soc, devices: raw.soc.devices.map((d) => ({ ...d, trusted: true })) } };
    expect((await solver.solve(bootQuery(bad), 60_000)).status).toBe('unsat');
    const q = unwindingQuery(bad, 'dma', 'local-respect');
    const a = await solver.solve(q, 60_000);
    expect(a.status).toBe('sat');
    if (a.status !== 'sat') return;
    const text = twoWorlds(bad, q, a.model);
    expect(text).toMatch(/^attacker vm\d, observer vm\d; event \{"kind":"dma"/);
    // Raw DMA wrote into the observer's memory or its device's registers.
    expect(text, text).toMatch(/\n {2}(memory|devices): before «[^»]*» \| after «[^»]*»/);
  });
});
