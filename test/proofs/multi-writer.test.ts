// Channels with several writers (issue 11 §2): a ring both sides write is no finding in any
// engine, a VM that is no declared writer mapping it writable is one in every engine (the Z3
// witness replays from boot under the monitor), the end-to-end rule holds per writer→reader
// direction (co-writers included), and DMA is allowed exactly for the writers' devices.
// Each case would fail under a one-writer reading of the region.

import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { CATALOG } from '../../proofs/index.js';
import { checkProperty, checkTrace } from '../../src/pbt/engine.js';
import { createPool } from '../../src/smt/pool.js';
import { proveProperties } from '../../src/smt/prove.js';
import type { Event } from '../../src/hv/events.js';

const pool = createPool({ jobs: 1, timeoutMs: 60_000 });
afterAll(() => pool.close());

const P = CATALOG.find((p) => p.id === 'communication.channels')!;
const PBT = { runs: 100, maxSteps: 30, seed: 1 } as const;

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`${path}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

function parse(text: string): Scenario {
  const r = parseScenario(text, 'test/multi-writer.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.message}`).join('; '));
  return r.value;
}

/**
 * Three VMs on a SoC without an SMMU, so a DMA master reaches raw physical addresses: a and b
 * share a ring both write; `dmaOwner` owns the DMA master; `ring` overrides the channel's lines.
 */
function scenario(o: { critA?: string; critB?: string; dmaOwner?: string; ring?: string } = {}): Scenario {
  return parse(`name: mw
soc:
  name: mw-soc
  clusters: [{ name: apu, kind: cortex-a53, cpus: 0-2, operating-points: [1.2GHz] }]
  ram: [{ name: ddr, base: 0x4000_0000, size: 1GiB }]
  hypervisor-memory: [{ name: hv, base: 0x7f00_0000, size: 16MiB }]
  gic: { version: 3, spi: 32-127 }
  smmu: { present: false }
  costs: { trap-entry: 400ns, trap-exit: 300ns, irq-inject: 1us, context-switch: 3us, max-non-preemptible: 10us }
  devices:
    - { name: dma0, kind: dma, mmio: { base: 0xff0e_0000, size: 64KiB }, irqs: [95], dma: true }
vms:
  - { name: a, criticality: ${o.critA ?? 'ASIL-B'}, os: zephyr, vcpus: [0], memory: [{ name: ram, ipa: 0x0, pa: 0x4000_0000, size: 16MiB, perms: rwx }]${(o.dmaOwner ?? 'a') === 'a' ? ', devices: [dma0]' : ''} }
  - { name: b, criticality: ${o.critB ?? 'ASIL-B'}, os: zephyr, vcpus: [1], memory: [{ name: ram, ipa: 0x0, pa: 0x4100_0000, size: 16MiB, perms: rwx }]${o.dmaOwner === 'b' ? ', devices: [dma0]' : ''} }
  - { name: c, criticality: QM, os: linux, vcpus: [2], memory: [{ name: ram, ipa: 0x0, pa: 0x4200_0000, size: 16MiB, perms: rwx }]${o.dmaOwner === 'c' ? ', devices: [dma0]' : ''} }
schedule:
  - { pcpu: 0, bind: a:0 }
  - { pcpu: 1, bind: b:0 }
  - { pcpu: 2, bind: c:0 }
channels:
  - name: ring
    pa: 0x4800_0000
    size: 4KiB
${o.ring ?? `    writers: [a, b]
    endpoints: [{ vm: a, ipa: 0x1000_0000, perms: rw }, { vm: b, ipa: 0x1000_0000, perms: rw }]`}
`);
}

/** The verdict of each engine: configuration check, Z3, and the fast-check search under the monitor. */
async function engines(s: Scenario): Promise<{ config: string; z3: string; pbt: string; z3Events: readonly Event[] | undefined }> {
  const config = P.checkConfig!(s).length > 0 ? 'violated' : 'holds';
  const [z] = await proveProperties(s, [P], { pool });
  const pbt = checkProperty(s, { ...P, checkConfig: undefined }, PBT).status;
  return { config, z3: z!.status, pbt, z3Events: z!.counterexample?.events };
}

describe('communication.channels with several writers', () => {
  it('the shipped two-writer ring (industrial-controller archive-ring) holds in every engine, and both writers writing it is no finding', async () => {
    const s = load('models/industrial-controller.yaml');
    const ring = s.channels.find((c) => c.name === 'archive-ring')!;
    expect(ring.writers).toEqual(['gateway', 'historian']);
    const e = await engines(s);
    expect([e.config, e.z3, e.pbt]).toEqual(['holds', 'holds', 'holds']);
    const gw = s.vms.findIndex((v) => v.name === 'gateway');
    const hist = s.vms.findIndex((v) => v.name === 'historian');
    const writes: Event[] = [
      { kind: 'write', vm: gw, vcpu: 0, ipa: 0x3002_0000n, value: 1 },
      { kind: 'write', vm: hist, vcpu: 0, ipa: 0x3002_0008n, value: 2 },
      { kind: 'read', vm: gw, vcpu: 0, ipa: 0x3002_0008n },
    ];
    expect(checkTrace(s, P, writes)).toEqual([]);
  });

  it('the breach: a third VM mapping the ring writable is violated in every engine, its Z3 witness replays, and it is the only finding', async () => {
    const s = load('models/breaches/industrial-ring-third-writer.yaml');
    const fs = P.checkConfig!(s);
    expect(fs.map((f) => [f.actor, f.resource])).toEqual([['hmi', "channel 'archive-ring'"]]);
    expect(fs[0]!.at.line).toBe(126);
    const e = await engines(s);
    expect([e.config, e.z3, e.pbt]).toEqual(['violated', 'violated', 'violated']);
    const replayed = checkTrace(s, P, e.z3Events!);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((f) => f.actor === 'hmi')).toBe(true);
  });

  it('a third VM writable on the small ring: config, Z3 and monitor agree; with the third VM declared a writer it holds', async () => {
    const third = `    writers: [a, b]
    endpoints: [{ vm: a, ipa: 0x1000_0000, perms: rw }, { vm: b, ipa: 0x1000_0000, perms: rw }, { vm: c, ipa: 0x1000_0000, perms: rw }]`;
    const bad = await engines(scenario({ ring: third, critA: 'QM', critB: 'QM' }));
    expect([bad.config, bad.z3, bad.pbt]).toEqual(['violated', 'violated', 'violated']);
    const s = scenario({ ring: third, critA: 'QM', critB: 'QM' });
    expect(checkTrace(s, P, bad.z3Events!).map((f) => f.actor)).toContain('c');
    const ok = await engines(scenario({ ring: third.replace('writers: [a, b]', 'writers: [a, b, c]'), critA: 'QM', critB: 'QM' }));
    expect([ok.config, ok.z3, ok.pbt]).toEqual(['holds', 'holds', 'holds']);
  });

  it('a QM co-writer with an ASIL-B co-writer and no protection is a finding in the QM → ASIL-B direction only; with crc, sequence and timeout it holds', async () => {
    const s = scenario({ critA: 'QM', critB: 'ASIL-B' });
    const fs = P.checkConfig!(s);
    expect(fs.map((f) => [f.actor, f.victim])).toEqual([['a', 'b']]);
    const [z] = await proveProperties(s, [P], { pool });
    expect(z!.status).toBe('violated');
    expect(z!.findings.map((f) => [f.actor, f.victim])).toEqual([['a', 'b']]);
    // The same pair the other way round: the direction follows the criticalities, not the order.
    expect(P.checkConfig!(scenario({ critA: 'ASIL-B', critB: 'QM' })).map((f) => [f.actor, f.victim])).toEqual([['b', 'a']]);
    const prot = scenario({
      critA: 'QM',
      critB: 'ASIL-B',
      ring: `    writers: [a, b]
    endpoints: [{ vm: a, ipa: 0x1000_0000, perms: rw }, { vm: b, ipa: 0x1000_0000, perms: rw }]
    protection: [crc, sequence, timeout]
    timeout: 10ms`,
    });
    const e = await engines(prot);
    expect([e.config, e.z3]).toEqual(['holds', 'holds']);
  });

  it("DMA of a writer's device into the ring is allowed; of a non-writer's device it is violated in every engine, and the Z3 witness is a DMA that replays", async () => {
    const dmaWrite = (s: Scenario): Event => ({ kind: 'dma', device: s.soc.devices.findIndex((d) => d.name === 'dma0'), stream: 0, addr: 0x4800_0000n, length: 8n, dir: 'write', value: 7 });
    for (const owner of ['a', 'b']) {
      const s = scenario({ dmaOwner: owner });
      const e = await engines(s);
      expect([owner, e.config, e.z3, e.pbt]).toEqual([owner, 'holds', 'holds', 'holds']);
      expect(checkTrace(s, P, [dmaWrite(s)])).toEqual([]);
    }
    const s = scenario({ dmaOwner: 'c' });
    const e = await engines(s);
    expect([e.config, e.z3, e.pbt]).toEqual(['violated', 'violated', 'violated']);
    expect(e.z3Events!.some((x) => x.kind === 'dma')).toBe(true);
    expect(checkTrace(s, P, e.z3Events!).map((f) => f.actor)).toContain('c');
    expect(checkTrace(s, P, [dmaWrite(s)]).map((f) => f.actor)).toEqual(['c']);
  });
});
