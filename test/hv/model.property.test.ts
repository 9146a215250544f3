// Properties of the model itself: any valid scenario boots; step is total (never throws)
// and deterministic on any event, however hostile; past states are never changed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { boot } from '../../src/hv/boot.js';
import type { Event } from '../../src/hv/events.js';
import type { State } from '../../src/hv/state.js';
import { step } from '../../src/hv/step.js';
import { fixture } from './fixture.js';

const SEED = 20261121;
const MODELS = ['power-terminal', 'base-station', 'industrial-controller', 'cockpit', 'cnc-hmi'];

function load(name: string): Scenario {
  const r = loadScenario(`models/${name}.yaml`);
  if (!r.ok) throw new Error(`${name}: ${r.diagnostics[0]!.message}`);
  return r.value;
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

/** Any event at all, with indices a little past what the scenario has. */
function anyEvent(s: Scenario): fc.Arbitrary<Event> {
  const vm = fc.integer({ min: -1, max: s.vms.length });
  const vcpu = fc.integer({ min: -1, max: 4 });
  const dev = fc.integer({ min: -1, max: s.soc.devices.length });
  const edges = s.vms.flatMap((v) => v.memory.flatMap((m) => [m.ipa, m.ipa + m.size - 1n, m.ipa + m.size, m.pa]));
  const addr = edges.length > 0 ? fc.oneof(u64, fc.constantFrom(...edges)) : u64;
  const perms = fc.record({ r: fc.boolean(), w: fc.boolean(), x: fc.boolean() });
  return fc.oneof(
    fc.record({ kind: fc.constant('read' as const), vm, vcpu, ipa: addr }),
    fc.record({ kind: fc.constant('write' as const), vm, vcpu, ipa: addr, value: fc.nat() }),
    fc.record({ kind: fc.constant('dma' as const), device: dev, stream: fc.nat(3), addr, length: fc.bigInt({ min: 0n, max: 1n << 20n }), dir: fc.constantFrom('read' as const, 'write' as const), value: fc.nat() }),
    fc.record({ kind: fc.constant('irq' as const), spi: fc.integer({ min: 0, max: 1100 }) }),
    fc.record({ kind: fc.constant('irq-storm' as const), device: dev, count: fc.nat(300) }),
    fc.record({ kind: fc.constant('sgi' as const), vm, vcpu, sgi: fc.integer({ min: 0, max: 20 }), toVm: vm, toVcpu: vcpu }),
    fc.record({ kind: fc.constant('advance' as const), ns: fc.oneof(fc.nat(100_000), fc.nat(30_000_000)) }),
    fc.record({ kind: fc.constant('wake' as const), vm, vcpu }),
    fc.record({ kind: fc.constant('hvc-map' as const), vm, vcpu, ipa: addr, pa: addr, size: fc.oneof(u64, fc.constant(4096n)), perms }),
    fc.record({ kind: fc.constant('hvc-unmap' as const), vm, vcpu, ipa: addr, size: fc.oneof(u64, fc.constant(4096n)) }),
    fc.record({ kind: fc.constant('hvc-notify' as const), vm, vcpu, channel: fc.integer({ min: -1, max: s.channels.length }) }),
    fc.record({ kind: fc.constant('hvc-yield' as const), vm, vcpu }),
    fc.record({ kind: fc.constant('hvc-dvfs' as const), vm, vcpu, khz: fc.nat(5_000_000) }),
    fc.record({ kind: fc.constant('hvc-watchdog' as const), vm, vcpu }),
    fc.record({ kind: fc.constant('fault' as const), vm, vcpu, fault: fc.constantFrom('crash' as const, 'runaway' as const, 'illegal-access' as const), ipa: addr }),
    fc.record({ kind: fc.constantFrom('vm-start' as const, 'vm-stop' as const, 'vm-restart' as const), vm }),
    fc.record({ kind: fc.constant('reassign' as const), device: dev, to: vm }),
    fc.record({ kind: fc.constantFrom('pcpu-offline' as const, 'pcpu-online' as const), pcpu: fc.integer({ min: -1, max: s.soc.cpus.length }) }),
  );
}

/** A stable fingerprint of a state (bigints and Maps included). */
function fingerprint(s: State): string {
  return JSON.stringify({ ...s, topo: undefined, memory: [...s.memory.entries()].sort((a, b) => a[0] - b[0]) }, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : v,
  );
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

describe('the model is total, deterministic and immutable', () => {
  for (const name of [...MODELS, 'fixture']) {
    it(`${name}: step never throws, repeats exactly, and leaves earlier states untouched`, () => {
      const scenario = name === 'fixture' ? fixture() : load(name);
      const s0 = boot(scenario);
      fc.assert(
        fc.property(fc.array(anyEvent(scenario), { maxLength: 60 }), (events) => {
          const first: unknown[] = [];
          const states: [State, string][] = [];
          let s = deepFreeze(s0);
          for (const e of events) {
            states.push([s, fingerprint(s)]);
            const r = step(s, e);
            first.push(r.observations);
            s = deepFreeze(r.state);
          }
          // Replaying from boot gives the same observations.
          let t = boot(scenario);
          events.forEach((e, i) => {
            const r = step(t, e);
            expect(r.observations).toEqual(first[i]);
            t = r.state;
          });
          // No step changed a state it was given.
          for (const [st, fp] of states) expect(fingerprint(st)).toBe(fp);
        }),
        { seed: SEED, numRuns: 40 },
      );
    });
  }
});

/** A valid scenario file, drawn: 1-4 VMs, schedules of every kind, devices, routes, channels. */
const scenarioText = fc
  .record({
    vms: fc.integer({ min: 1, max: 4 }),
    mode: fc.array(fc.constantFrom('bind', 'fixed-priority', 'time-partition'), { minLength: 4, maxLength: 4 }),
    sizes: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 4, maxLength: 4 }),
    smmu: fc.boolean(),
    dmaDevices: fc.boolean(),
    channel: fc.boolean(),
    highBase: fc.boolean(),
    policy: fc.constantFrom('restart', 'stop', 'notify'),
  })
  .map((g) => {
    const base = g.highBase ? 0xffff_0000_0000_0000n : 0x4000_0000n;
    const hex = (n: bigint): string => `0x${n.toString(16)}`;
    const vms: string[] = [];
    const sched: string[] = [];
    let pa = base;
    for (let v = 0; v < g.vms; v++) {
      const size = BigInt(g.sizes[v]!) << 20n;
      vms.push(`  - name: vm${v}
    criticality: ${v === 0 ? 'ASIL-D' : 'QM'}
    os: linux
    vcpus: [${v}]
    memory: [{ name: ram, ipa: 0x8000_0000, pa: ${hex(pa)}, size: ${size}, perms: rw }]
    devices: [dev${v}]
    irqs: [{ spi: ${40 + v}, vcpu: 0 }]
    cache-colors: [${v}]
    health: { on-fault: ${g.policy}, watchdog: 5ms }`);
      pa += size;
      const m = g.mode[v]!;
      sched.push(
        m === 'bind'
          ? `  - { pcpu: ${v}, bind: vm${v}:0 }`
          : m === 'fixed-priority'
            ? `  - { pcpu: ${v}, fixed-priority: [{ vcpu: vm${v}:0, priority: 1, budget: 1ms, period: 2ms }] }`
            : `  - { pcpu: ${v}, time-partition: { major-frame: 4ms, windows: [{ vcpu: vm${v}:0, start: 1ms, length: 2ms }] } }`,
      );
    }
    const devices = [0, 1, 2, 3]
      .map((d) => `    - { name: dev${d}, kind: nic, mmio: { base: ${hex(0x1000_0000n + BigInt(d) * 0x10000n)}, size: 64KiB }, irqs: [${40 + d}]${g.dmaDevices ? `, dma: true, stream-ids: [${d + 1}]` : ''} }`)
      .join('\n');
    const channel =
      g.channel && g.vms > 1
        ? `channels:\n  - { name: ch, pa: ${hex(pa)}, size: 4KiB, writer: vm0, endpoints: [{ vm: vm0, ipa: 0x7000_0000, perms: rw }, { vm: vm1, ipa: 0x7000_0000, perms: r }], doorbell: { sgi: 8 } }\n`
        : '';
    return `name: generated
soc:
  name: gen
  clusters: [{ name: c, kind: a55, cpus: 0-3, operating-points: [1GHz] }]
  ram: [{ name: dram, base: ${hex(base)}, size: 1GiB }]
  hypervisor-memory: [{ name: hv, base: 0x3000_0000, size: 16MiB }]
  gic: { version: 3, spi: 32-255 }
  smmu: { present: ${g.smmu} }
  llc: { size: 1MiB, ways: 8, colors: 8 }
  costs: { trap-entry: 100ns, trap-exit: 100ns, irq-inject: 200ns, context-switch: 1us, max-non-preemptible: 2us, cache-interference: 2x }
  devices:
${devices}
vms:
${vms.join('\n')}
schedule:
${sched.join('\n')}
${channel}`;
  });

describe('any valid generated scenario boots and runs', () => {
  it('loads without diagnostics, boots, and steps through events without throwing', () => {
    fc.assert(
      fc.property(scenarioText, fc.integer({ min: 0, max: 1_000_000 }), (text, seed) => {
        const r = parseScenario(text, '/virtual/generated.yaml');
        if (!r.ok) throw new Error(`generator produced an invalid scenario: ${r.diagnostics.map((d) => `${d.at.line}: ${d.message}`).join('; ')}\n${text}`);
        const s0 = boot(r.value);
        expect(s0.vms.every((v) => v.status === 'running')).toBe(true);
        const events = fc.sample(fc.array(anyEvent(r.value), { maxLength: 30 }), { seed, numRuns: 1 })[0]!;
        let s = s0;
        for (const e of events) s = step(s, e).state;
        expect(s.now).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
