// A DMA path that leaves its owner's stage-2 (raw, no SMMU) stays when a device it reaches is
// handed to another VM: isolation.mmio's claim covers "after any reassignment", and every
// engine must say so — the configuration check, Z3 (with a witness that reassigns, then
// DMAs, replayed from boot) and the property tests. Found as an engine disagreement on the
// hvisor QEMU sample (root zone's virtio DMA and pl011).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { runCheck } from '../../src/check/run.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-reassign-reach-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function scenario(smmu: string): Scenario {
  const file = join(tmp, `s-${smmu.length}.yaml`);
  writeFileSync(
    file,
    `name: raw-dma-and-a-movable-uart
soc:
  name: dual-a53
  clusters: [{ name: apu, kind: cortex-a53, cpus: 0-1 }]
  ram: [{ name: ddr, base: 0x4000_0000, size: 1GiB }]
  hypervisor-memory: [{ name: hv, base: 0x7f00_0000, size: 16MiB }]
  gic: { version: 3, spi: 32-127 }
  smmu: ${smmu}
  costs: { trap-entry: 400ns, trap-exit: 300ns, irq-inject: 1us, context-switch: 3us, max-non-preemptible: 10us }
  devices:
    - { name: eth0, kind: ethernet, mmio: { base: 0xff0e_0000, size: 64KiB }, irqs: [95], dma: true, stream-ids: [0x874] }
    - { name: uart1, kind: uart, mmio: { base: 0xff01_0000, size: 4KiB }, irqs: [54] }
vms:
  - name: control
    criticality: ASIL-C
    os: zephyr
    vcpus: [0]
    memory: [{ name: ram, ipa: 0x0, pa: 0x4000_0000, size: 64MiB, perms: rwx }]
  - name: linux
    criticality: QM
    os: linux
    vcpus: [1]
    memory: [{ name: ram, ipa: 0x8000_0000, pa: 0x4400_0000, size: 512MiB, perms: rwx }]
    devices: [eth0, uart1]
    irqs: [{ spi: 95, vcpu: 0 }, { spi: 54, vcpu: 0 }]
schedule:
  - { pcpu: 0, bind: control:0 }
  - { pcpu: 1, bind: linux:0 }
`,
  );
  const r = loadScenario(file);
  if (!r.ok) throw new Error(`the test scenario does not load: ${JSON.stringify(r)}`);
  return r.value;
}

const MMIO = CATALOG.filter((p) => p.id === 'isolation.mmio');
const opts = { runs: 200, maxSteps: 30, seed: 7, z3: { cache: false } } as const;

describe('isolation.mmio after a reassignment', () => {
  it('no SMMU: every engine reports linux reaching uart1 once uart1 is control\'s, and the Z3 witness reassigns first', async () => {
    const run = await runCheck(scenario('{ present: false }'), MMIO, opts);
    const v = run.verdicts[0]!;
    expect(v.status).toBe('violated');
    expect(v.agreement?.kind ?? 'agree').not.toBe('disagree');
    const proof = run.proofs[0]!;
    expect(proof.status).toBe('violated');
    const events = proof.counterexample!.events;
    expect(events.map((e) => e.kind)).toEqual(['reassign', 'dma']);
    expect(events[0]).toMatchObject({ kind: 'reassign', device: 1, to: 0 });
    expect(proof.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^once uart1 is reassigned to control, linux can program eth0 to reach MMIO of uart1 at PA 0xff01_0000/));
    const test = run.tests[0]!;
    expect(test.status).toBe('violated');
    expect(test.findings.some((f) => f.message.startsWith('once uart1 is reassigned to control'))).toBe(true);
  });

  it('with the SMMU translating eth0 the same system holds in every engine', async () => {
    const run = await runCheck(scenario('{ present: true }'), MMIO, opts);
    expect(run.proofs[0]!.status).toBe('holds');
    expect(run.tests[0]!.status).toBe('holds');
  });
});
