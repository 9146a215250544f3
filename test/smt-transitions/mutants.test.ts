// Every model-bug variant of test/pbt/mutants.ts that touches an encoded component is also
// caught by a failed proof: the same bug injected into the encoding (a Variant) turns the
// inductive step SAT, and its witness — a pre-state and an event — breaks the invariant when
// run through the concrete mutant. And the differential check catches the concrete mutant
// against the real encoding, so a bug in the code cannot hide behind a correct encoding.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, EventKind } from '../../src/hv/events.js';
import { step, type State } from '../../src/hv/index.js';
import { assertValues, bv, declarePage, declareState, eq, not, PAGE, project, Smt, type Variant } from '../../src/hv/state.smt.js';
import type { Model } from '../../src/pbt/engine.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import { eventFromModel, inductiveQuery, invariant, layoutFor, referenceScenario, stateFromModel, type InvariantName } from '../../src/smt/transitions.js';
import * as M from '../pbt/mutants.js';
import { disagreements, traceCases } from '../../src/smt/differential.js';

let solver: SolverSession;
beforeAll(async () => {
  solver = await openSolver();
});
afterAll(() => solver?.close());

const sc = referenceScenario();
const L = layoutFor(sc);

interface MutantCase {
  readonly name: string;
  readonly model: Model;
  readonly variant: Variant;
  readonly kind: EventKind;
  readonly invariant: InvariantName;
  /** Events (from boot) that exercise the bug. */
  readonly stimulus: readonly Event[];
}

// Reference configuration: vm0/vm1/vm2 with RAM at PA 0x4000_0000 + i·256 MiB (IPA 0x4000_0000),
// dev_i with stream 0x10+i and SPI 100+i, channel 0 from vm0 to vm1 with doorbell SGI 8.
const CASES: readonly MutantCase[] = [
  {
    name: 'restart without scrub',
    model: M.restartWithoutScrub,
    variant: { restartWithoutScrub: true },
    kind: 'vm-restart',
    invariant: 'scrub',
    stimulus: [{ kind: 'write', vm: 0, vcpu: 0, ipa: 0x4000_0000n, value: 7 }, { kind: 'vm-restart', vm: 0 }],
  },
  {
    name: 'hvc-map without ownership check',
    model: M.mapWithoutOwnershipCheck,
    variant: { mapWithoutOwnershipCheck: true },
    kind: 'hvc-map',
    invariant: 'ownership',
    stimulus: [{ kind: 'hvc-map', vm: 0, vcpu: 0, ipa: 0x9000_0000n, pa: 0x5000_0000n, size: 0x1000n, perms: { r: true, w: true, x: false } }],
  },
  {
    name: 'reassign keeps the SMMU context',
    model: M.reassignKeepsSmmuContext,
    variant: { reassignKeepsSmmuContext: true },
    kind: 'reassign',
    invariant: 'smmu',
    stimulus: [{ kind: 'reassign', device: 0, to: 1 }],
  },
  {
    name: 'reassign keeps the IRQ route',
    model: M.reassignKeepsIrqRoute,
    variant: { reassignKeepsIrqRoute: true },
    kind: 'reassign',
    invariant: 'routing',
    stimulus: [{ kind: 'reassign', device: 0, to: 1 }],
  },
  {
    name: 'doorbell to the wrong VM',
    model: M.doorbellToWrongVm,
    variant: { doorbellToWrongVm: true },
    kind: 'hvc-notify',
    invariant: 'routing',
    stimulus: [{ kind: 'hvc-notify', vm: 0, vcpu: 0, channel: 0 }],
  },
];

/** Does the concrete state `s` (observed at `page`) break invariant `inv`? Decided by the solver on its projection. */
async function breaks(s: State, page: bigint, inv: InvariantName, cellGen: bigint): Promise<boolean> {
  const b = new Smt();
  declarePage(b);
  b.assert(eq(PAGE, bv(page)));
  const x = declareState(b, L, 's');
  // The cell's writer generation is a ghost the concrete state lacks: it comes from the witness.
  const v = project(L, s, page);
  assertValues(b, x, { ...v, cell: { ...v.cell, gen: `(_ bv${cellGen} 32)` } });
  b.assert(not(invariant(L, x, inv)));
  const a = await solver.solve({ id: 'replay', property: 'x', level: 'transition', claim: '', smt2: b.text(), witness: [] }, 30_000);
  if (a.status === 'unknown') throw new Error(a.reason);
  return a.status === 'sat';
}

describe('model-bug variants fail their proofs', () => {
  for (const c of CASES) {
    it(`${c.name}: the ${c.kind} step no longer preserves ${c.invariant}, and the witness replays on the concrete mutant`, async () => {
      const q = inductiveQuery(sc, c.kind, c.invariant, { variant: c.variant });
      const a = await solver.solve(q, 120_000);
      expect(a.status, q.id).toBe('sat');
      if (a.status !== 'sat') return;
      const pre = stateFromModel(sc, a.model, 's');
      const e = eventFromModel(c.kind, a.model);
      const page = a.model[PAGE] as bigint;
      const cellGen = a.model.s_cg as bigint;
      const bad = c.model.step(pre, e);
      if (c.invariant === 'routing' && c.kind === 'hvc-notify') {
        // The break is in what was delivered: an SGI to a VM the doorbell does not name.
        const named = new Set(sc.channels.flatMap((ch) => ch.doorbell?.to ?? []));
        const wrong = bad.observations.filter((o) => o.kind === 'virq' && o.source === 'sgi' && !named.has(sc.vms[o.vm]!.name));
        expect(wrong.length, 'the mutant rang a VM no doorbell names').toBeGreaterThan(0);
        expect(step(pre, e).observations.some((o) => o.kind === 'virq' && o.source === 'sgi' && !named.has(sc.vms[o.vm]!.name))).toBe(false);
      } else {
        expect(await breaks(bad.state, page, c.invariant, cellGen), 'the concrete mutant breaks the invariant from the witness').toBe(true);
        // From the same pre-state the real model keeps it: the break is the mutation's.
        expect(await breaks(step(pre, e).state, page, c.invariant, cellGen), 'the real model keeps it').toBe(false);
      }
    });

    it(`${c.name}: the concrete mutant disagrees with the real encoding (differential)`, async () => {
      const cases = traceCases(sc, 5, 0, c.model, c.stimulus);
      const r = await disagreements(solver, L, cases);
      expect(r.bad.length, 'the real encoding must notice the mutated step').toBeGreaterThan(0);
      expect(r.bad.some((x) => x.startsWith(c.kind)), r.bad.join('\n')).toBe(true);
      // The symbolic variant is the same bug: it agrees with the concrete mutant.
      const same = await disagreements(solver, L, cases, { variant: c.variant });
      expect(same.bad).toEqual([]);
    });
  }

  it('budgets not enforced: outside the encoded components (scheduling), so the encoding agrees with it; timing.budget catches it', async () => {
    const cases = traceCases(sc, 9, 30, M.budgetsNotEnforced);
    const r = await disagreements(solver, L, cases);
    expect(r.bad).toEqual([]);
  });
});
