// DMA paths and the hypervisor's own resources in the claims that they can break: the
// configuration check, the Z3 query (its witness replays from boot under the monitor) and
// the trace monitor decide the same claim, on every shipped model and breach.

import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { CATALOG } from '../../proofs/index.js';
import { dmaPaths } from '../../proofs/dma-reach.js';
import { checkTrace } from '../../src/pbt/engine.js';
import { createPool } from '../../src/smt/pool.js';
import { proveProperties } from '../../src/smt/prove.js';
import type { Event } from '../../src/hv/events.js';

const pool = createPool({ jobs: 1, timeoutMs: 60_000 });
afterAll(() => pool.close());

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`${path}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

const CLAIMS = ['isolation.memory', 'isolation.mmio', 'communication.channels', 'isolation.hypervisor'] as const;
const prop = (id: string) => CATALOG.find((p) => p.id === id)!;
const yamls = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`);
const ALL = [...yamls('models'), ...yamls('models/breaches')];

describe('DMA paths that leave their owner\'s stage-2', () => {
  it('raw with no SMMU: uart0 of power-terminal-dma reaches every address', () => {
    const ps = dmaPaths(load('models/breaches/power-terminal-dma.yaml'));
    expect(ps.map((p) => [p.kind, p.lo, p.hi])).toEqual([['no-smmu', 0n, (1n << 64n) - 1n]]);
  });

  it('a DMA master with no stream ID under an SMMU that bypasses unmatched streams', () => {
    const s = load('models/breaches/cockpit-camera-bypass.yaml');
    const ps = dmaPaths(s);
    expect(ps.map((p) => [s.soc.devices[p.device]!.name, s.vms[p.vm]!.name, p.kind])).toEqual([['camera', 'infotainment', 'smmu-bypass']]);
  });

  it("through another VM's context: display0's stream 0x31 translates through infotainment's stage-2", () => {
    const s = load('models/breaches/cockpit-shared-stream.yaml');
    const ps = dmaPaths(s);
    expect(ps.length).toBeGreaterThan(0);
    for (const p of ps) {
      expect([s.soc.devices[p.device]!.name, s.vms[p.vm]!.name, p.kind, s.vms[p.context]!.name]).toEqual(['display0', 'cluster', 'foreign-context', 'infotainment']);
    }
    // The context's passthrough registers are reachable too (the GPU of infotainment).
    const gpu = s.soc.devices.find((d) => d.name === 'gpu')!.mmio[0]!;
    expect(ps.some((p) => p.lo === gpu.base)).toBe(true);
  });

  it('no shipped example has one', () => {
    for (const f of yamls('models')) expect(dmaPaths(load(f)), f).toEqual([]);
  });
});

describe('the monitor sees every DMA path the configuration check reports', () => {
  const cases: [string, string, Event][] = [
    ['models/breaches/power-terminal-dma.yaml', 'isolation.memory', { kind: 'dma', device: -1, stream: 0, addr: 0n, length: 1n, dir: 'read', value: 0 }],
  ];
  it('raw DMA read of linux RAM is an isolation.memory breach (reads count, not only writes)', () => {
    const [file, id, e] = cases[0]!;
    const s = load(file);
    const d = s.soc.devices.findIndex((x) => x.name === 'uart0');
    expect(checkTrace(s, prop(id), [{ ...e, device: d } as Event]).some((f) => f.resource === 'RAM of linux')).toBe(true);
  });

  it('DMA through its own context into its own RAM is no breach', () => {
    const s = load('models/cockpit.yaml');
    const d = s.soc.devices.findIndex((x) => x.name === 'camera');
    const own = s.vms.find((v) => v.name === 'infotainment')!.memory[0]!;
    for (const id of CLAIMS) expect(checkTrace(s, prop(id), [{ kind: 'dma', device: d, stream: 0, addr: own.ipa, length: 1n, dir: 'write', value: 1 }]), id).toEqual([]);
  });
});

describe('hypervisor frames and interrupts in isolation.hypervisor', () => {
  it('a VM given the console: the passthrough registers and the kept SPI are findings, and a write to the console replays', () => {
    const s = load('models/breaches/base-station-console-uart.yaml');
    const fs = prop('isolation.hypervisor').checkConfig!(s);
    expect(fs.some((f) => f.resource === "the hypervisor's console frame 'console'" && f.via === 'the passthrough of duart1 to oam')).toBe(true);
    expect(fs.some((f) => f.resource === "interrupt 86 ('console')" && f.at.line > 0)).toBe(true);
    const oam = s.vms.findIndex((v) => v.name === 'oam');
    const found = checkTrace(s, prop('isolation.hypervisor'), [{ kind: 'write', vm: oam, vcpu: 0, ipa: 0x021c_0000n, value: 1 }, { kind: 'irq', spi: 86 }]);
    // The monitor flags the booted state already: oam's stage-2 maps the console frame and SPI 86 is routed to it.
    expect(found.some((f) => (f.resource ?? '').includes("console frame 'console'"))).toBe(true);
    expect(found.some((f) => f.resource === "interrupt 86 ('console')")).toBe(true);
  });

  it('a memory mapping of the GIC distributor is found by every engine', async () => {
    const s = load('models/breaches/industrial-gicd-mapped.yaml');
    const p = prop('isolation.hypervisor');
    expect(p.checkConfig!(s).map((f) => f.resource)).toEqual(["the hypervisor's gic-distributor frame 'gicd'"]);
    const [v] = await proveProperties(s, [p], { pool });
    expect(v!.status).toBe('violated');
    expect(checkTrace(s, p, v!.counterexample!.events).length).toBeGreaterThan(0);
  });
});

// The three engines on every shipped model and breach, for the four claims DMA can break:
// a configuration finding ⇔ Z3 SAT, and a SAT witness is a DMA or access trace from boot that
// the monitor flags.
describe('config, Z3 and monitor agree on every shipped model and breach', () => {
  for (const f of ALL) {
    it(f, async () => {
      const s = load(f);
      const props = CLAIMS.map(prop).filter((p) => p.applies(s).applies);
      const vs = await proveProperties(s, props, { pool });
      for (const v of vs) {
        const p = prop(v.property);
        const config = p.checkConfig!(s).length > 0 ? 'violated' : 'holds';
        expect(`${v.property}: ${v.status}`).toBe(`${v.property}: ${config}`);
        if (v.status !== 'violated') continue;
        expect(v.counterexample, v.property).toBeDefined();
        expect(checkTrace(s, p, v.counterexample!.events).length, `${v.property}: the Z3 witness replays under the monitor`).toBeGreaterThan(0);
        if (v.solved.some((q) => q.query.id.endsWith('/dma-reach') && q.answer.status === 'sat')) {
          expect(v.counterexample!.events.some((e) => e.kind === 'dma'), `${v.property}: a DMA witness`).toBe(true);
        }
      }
    });
  }
});
