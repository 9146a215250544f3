// containment.fault compares the two worlds with firstDifference, which skips the VMs a step
// left alone instead of rendering every VM's view. It must give exactly what comparing the
// full views gives (the same first VM, part and rendering, hence the same finding), or the
// speed-up changed the verdict. Held on every shipped model and breach, under the real model
// and under mutants that do interfere, over traces drawn as the engine draws them.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import { containmentFault } from '../../proofs/containment-fault.js';
import type { Property } from '../../proofs/property.js';
import { eventSpace } from '../../src/pbt/arbitraries.js';
import { REAL_MODEL, runRelational, type Model } from '../../src/pbt/engine.js';
import * as mutants from '../pbt/mutants.js';

const FILES = [
  ...readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => join('models', f)),
  ...readdirSync('models/breaches').filter((f) => f.endsWith('.yaml')).map((f) => join('models/breaches', f)),
].sort();

/** The same property compared the slow way: every VM's full view, part by part. */
const { firstDifference: _fast, ...slowRelational } = containmentFault.relational!;
const SLOW: Property = { ...containmentFault, relational: slowRelational };

const MODELS: [string, Model][] = [['real', REAL_MODEL], ['restartWithoutScrub', mutants.restartWithoutScrub], ['mapWithoutOwnershipCheck', mutants.mapWithoutOwnershipCheck], ['stoppedVmDeviceDmas', mutants.stoppedVmDeviceDmas], ['reassignWithoutReset', mutants.reassignWithoutReset]];

describe('containment.fault: firstDifference equals the full-view comparison', () => {
  it.each(FILES)('%s', (file) => {
    const r = loadScenario(file);
    if (!r.ok) throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    const scenario = r.value;
    if (scenario.vms.length < 2) return;
    let differing = 0;
    let runs = 0;
    for (const [name, model] of MODELS) {
      const s0 = model.boot(scenario);
      const space = eventSpace(s0, containmentFault.stimulus, 40);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: scenario.vms.length - 1 }), space.trace, (attacker, events) => {
          runs++;
          const fast = runRelational(model, s0, containmentFault, attacker, events);
          const slow = runRelational(model, s0, SLOW, attacker, events);
          expect(fast.findings, `${name}, attacker ${attacker}`).toEqual(slow.findings);
          if (slow.findings.length > 0) differing++;
        }),
        { seed: 11, numRuns: 40 },
      );
    }
    expect(runs).toBe(40 * MODELS.length);
    // Where a breach lets one VM interfere, traces with a difference must occur, or the equality
    // above was only ever checked on empty findings.
    if (/cockpit-overlap|cockpit-camera-bypass|shared-line|shared-spi|power-terminal-dma/.test(file)) expect(differing, 'traces with a difference').toBeGreaterThan(0);
  });
});
