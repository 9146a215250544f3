// Random but pointed event traces for `hvsafe simulate` and the benchmark: guests touch
// their own memory, its edges, and anywhere in the 64-bit space; devices DMA and interrupt;
// time passes; faults, lifecycle and reassignment interleave. (The property engine draws
// its adversarial traces with fast-check; this is the plain seeded generator.)

import type { Event } from '../hv/events.js';
import type { Topology } from '../hv/topology.js';
import { Draw } from './rng.js';

const PAGE = 4096n;

/**
 * How hostile the guests are: the share of guest addresses drawn off their mappings (edges,
 * anywhere in 64 bits) rather than inside them. Most of those fault and restart the VM.
 */
export interface TraceMix {
  readonly hostility: number;
}

export const DEFAULT_MIX: TraceMix = { hostility: 0.3 };

type Gen = (t: Topology, d: Draw, mix: TraceMix) => Event | undefined;

function someVcpu(t: Topology, d: Draw): { vm: number; vcpu: number } | undefined {
  if (t.vcpuVm.length === 0) return undefined;
  const f = d.int(t.vcpuVm.length);
  return { vm: t.vcpuVm[f]!, vcpu: t.vcpuLocal[f]! };
}

/** An IPA the VM probably maps, or one at the edge of a mapping, or anywhere at all. */
function someIpa(t: Topology, d: Draw, mix: TraceMix, vm: number, writable = false): bigint {
  const all = t.configuredStage2[vm]!;
  const hostile = d.chance(mix.hostility);
  // Well-behaved guests write where they may; hostile ones probe anywhere.
  const entries = writable && !hostile ? all.filter((e) => e.perms.w) : all;
  if (entries.length === 0 || (hostile && d.chance(1 / 3))) return d.u64() & ~3n;
  const e = d.pick(entries);
  if (hostile) return d.chance(0.5) ? e.end : e.ipa === 0n ? 0n : e.ipa - 4n; // one past the end, or just below
  return e.ipa + (d.below(e.end - e.ipa) & ~3n);
}

const GENERATORS: readonly [number, Gen][] = [
  [20, (t, d, mix) => {
    const c = someVcpu(t, d);
    return c && { kind: 'read', ...c, ipa: someIpa(t, d, mix, c.vm) };
  }],
  [20, (t, d, mix) => {
    const c = someVcpu(t, d);
    return c && { kind: 'write', ...c, ipa: someIpa(t, d, mix, c.vm, true), value: d.u32() };
  }],
  [16, (_t, d) => ({ kind: 'advance', ns: d.chance(0.8) ? 1 + d.int(50_000) : 1 + d.int(2_000_000) })],
  [10, (t, d, mix) => {
    const spis = [...t.spiDevice.keys()];
    return spis.length === 0 ? undefined : { kind: 'irq', spi: d.pick(spis) };
  }],
  [6, (t, d, mix) => {
    const devs = t.scenario.soc.devices;
    if (devs.length === 0) return undefined;
    const device = d.int(devs.length);
    const dev = devs[device]!;
    const owner = t.initialOwner[device]!;
    const entries = owner >= 0 ? t.configuredStage2[owner]! : [];
    const addr = entries.length > 0 && d.chance(0.7) ? d.pick(entries).ipa : d.u64() & ~(PAGE - 1n);
    const length = 1n + d.below(dev.dmaMaxBytes > 0n ? dev.dmaMaxBytes : PAGE);
    return { kind: 'dma', device, stream: d.int(Math.max(1, dev.streamIds.length)), addr, length, dir: d.chance(0.5) ? 'write' : 'read', value: d.u32() };
  }],
  [5, (t, d, mix) => {
    const c = someVcpu(t, d);
    const to = someVcpu(t, d);
    if (!c || !to) return undefined;
    const [lo, hi] = t.scenario.soc.gic.sgi;
    return { kind: 'sgi', ...c, sgi: lo + d.int(hi - lo + 1), toVm: to.vm, toVcpu: to.vcpu };
  }],
  [4, (t, d, mix) => {
    const c = someVcpu(t, d);
    return c && { kind: 'wake', ...c };
  }],
  [5, (t, d, mix) => {
    const c = someVcpu(t, d);
    return c && { kind: 'hvc-yield', ...c };
  }],
  [5, (t, d, mix) => {
    const c = someVcpu(t, d);
    return c && { kind: 'hvc-watchdog', ...c };
  }],
  [3, (t, d, mix) => {
    const c = someVcpu(t, d);
    const n = t.scenario.channels.length;
    return c && n > 0 ? { kind: 'hvc-notify', ...c, channel: d.int(n) } : undefined;
  }],
  [2, (t, d, mix) => {
    const c = someVcpu(t, d);
    if (!c) return undefined;
    const mem = t.scenario.vms[c.vm]!.memory;
    // Mostly inside its own memory, sometimes someone else's, sometimes anywhere.
    const src = d.chance(0.6) && mem.length > 0 ? d.pick(mem) : d.pick(t.scenario.vms).memory[0];
    const pa = src ? src.pa + (d.below(src.size / PAGE) * PAGE) : d.u64() & ~(PAGE - 1n);
    return { kind: 'hvc-map', ...c, ipa: (d.u64() >> 20n) & ~(PAGE - 1n), pa, size: PAGE * (1n + d.below(4n)), perms: { r: true, w: d.chance(0.5), x: false } };
  }],
  [1, (t, d, mix) => {
    const c = someVcpu(t, d);
    if (!c) return undefined;
    const e = t.configuredStage2[c.vm]!;
    if (e.length === 0) return undefined;
    const m = d.pick(e);
    return { kind: 'hvc-unmap', ...c, ipa: m.ipa, size: m.end - m.ipa };
  }],
  [1, (t, d, mix) => {
    const c = someVcpu(t, d);
    const opps = t.scenario.soc.clusters.flatMap((x) => x.opps);
    return c && opps.length > 0 ? { kind: 'hvc-dvfs', ...c, khz: d.pick(opps).khz } : undefined;
  }],
  [0.6, (t, d, mix) => {
    const c = someVcpu(t, d);
    return c && { kind: 'fault', ...c, fault: d.pick(['crash', 'runaway', 'illegal-access'] as const), ipa: someIpa(t, d, mix, c.vm) };
  }],
  [0.3, (t, d, mix) => {
    const devs = t.scenario.soc.devices;
    return devs.length === 0 ? undefined : { kind: 'irq-storm', device: d.int(devs.length), count: d.chance(0.8) ? 2 + d.int(32) : 2 + d.int(1000) };
  }],
  [0.6, (t, d, mix) => {
    const n = t.scenario.vms.length;
    if (n === 0) return undefined;
    const vm = d.int(n);
    const k = d.pick(['vm-start', 'vm-stop', 'vm-restart'] as const);
    return { kind: k, vm };
  }],
  [0.2, (t, d, mix) => {
    const devs = t.scenario.soc.devices;
    const n = t.scenario.vms.length;
    return devs.length === 0 || n === 0 ? undefined : { kind: 'reassign', device: d.int(devs.length), to: d.int(n) };
  }],
  [0.3, (t, d, mix) => {
    const n = t.scenario.soc.cpus.length;
    return n === 0 ? undefined : { kind: d.chance(0.5) ? 'pcpu-offline' : 'pcpu-online', pcpu: d.int(n) };
  }],
];

const TOTAL = GENERATORS.reduce((s, [w]) => s + w, 0);

export function randomEvent(t: Topology, d: Draw, mix: TraceMix = DEFAULT_MIX): Event {
  for (;;) {
    let r = (d.u32() / 0x1_0000_0000) * TOTAL;
    for (const [w, g] of GENERATORS) {
      r -= w;
      if (r < 0) {
        const e = g(t, d, mix);
        if (e !== undefined) return e;
        break;
      }
    }
  }
}

export function randomTrace(t: Topology, seed: number, n: number, mix: TraceMix = DEFAULT_MIX): Event[] {
  const d = new Draw(seed);
  const out: Event[] = [];
  for (let i = 0; i < n; i++) out.push(randomEvent(t, d, mix));
  return out;
}
