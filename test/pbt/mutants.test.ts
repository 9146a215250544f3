// Model-bug detection: every deliberately wrong hypervisor variant is caught by the engine,
// naming the right property, while the real model passes the same checks.

import { describe, expect, it } from 'vitest';
import { propertyById } from '../../proofs/index.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { checkProperty, type Model } from '../../src/pbt/engine.js';
import * as M from './mutants.js';

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`cannot load ${path}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

const CASES: [string, Model, string, string, number?][] = [
  ['restart without scrub', M.restartWithoutScrub, 'models/power-terminal.yaml', 'containment.scrub'],
  ['vm-start of a failed VM without scrub', M.startFailedWithoutScrub, 'models/base-station.yaml', 'containment.scrub'],
  ['hvc-map without ownership check', M.mapWithoutOwnershipCheck, 'models/power-terminal.yaml', 'security.hypercall-reach'],
  ['reassign keeps the SMMU context', M.reassignKeepsSmmuContext, 'models/cockpit.yaml', 'isolation.dma'],
  ['reassign keeps the IRQ route', M.reassignKeepsIrqRoute, 'models/power-terminal.yaml', 'isolation.irq'],
  ['budgets not enforced', M.budgetsNotEnforced, 'models/base-station.yaml', 'timing.budget'],
  ['doorbell to the wrong VM', M.doorbellToWrongVm, 'models/base-station.yaml', 'isolation.irq'],
  ['masked storm SPI still delivered', M.maskedSpiStillDelivered, 'models/base-station.yaml', 'isolation.irq'],
  ['budget overrun by 50 µs', M.budgetOverrun, 'models/base-station.yaml', 'timing.budget'],
  ['hvc-map widens a read-only grant', M.mapIgnoresPermissions, 'models/cnc-hmi.yaml', 'security.hypercall-reach'],
  ["stopped VM's device still DMAs", M.stoppedVmDeviceDmas, 'models/cockpit.yaml', 'isolation.dma'],
  // Caught at the reassignment itself (the registers still hold the old owner's value), so the
  // default budget suffices: no later read of that register needs to be drawn.
  ['reassign without device reset', M.reassignWithoutReset, 'models/cockpit.yaml', 'containment.scrub'],
];

describe('model-bug variants are caught', () => {
  for (const [name, model, file, id, runs = 300] of CASES) {
    it(`${name} → ${id}`, () => {
      const sc = load(file);
      const p = propertyById(id)!;
      const bad = checkProperty(sc, p, { runs, maxSteps: 40, seed: 7, model });
      expect(bad.status, `${name}: ${bad.reason ?? ''}`).toBe('violated');
      expect(bad.counterexample, 'a replayed counterexample').toBeDefined();
      expect(bad.counterexample!.findings.every((f) => f.property === id)).toBe(true);
      // The same check on the real model holds: the catch is the mutation's, not noise.
      const good = checkProperty(sc, p, { runs, maxSteps: 40, seed: 7 });
      expect(good.status, good.counterexample?.token ?? good.reason ?? '').toBe('holds');
    });
  }
});
