// Event scripts: a YAML list of events written with names, for `hvsafe simulate --script`
// and for replaying counterexamples by hand. Errors point at file:line:column, all at once.
//
//   events:
//     - write: { vcpu: linux:0, ipa: 0x4000_1000, value: 42 }
//     - dma: { device: gpu, dir: write, addr: 0x8000_0000, length: 4KiB, value: 7 }
//     - advance: 1ms
//     - irq: 45

import { relative } from 'node:path';
import { readVcpuRef } from '../config/decode.js';
import { DiagnosticSink, didYouMean, type Loaded } from '../config/diagnostics.js';
import { parseSource, type Cursor } from '../config/cursor.js';
import { EVENT_KINDS, type Event, type EventKind } from '../hv/events.js';
import type { Topology } from '../hv/topology.js';
import { formatAddr, formatDuration, formatSize } from '../config/units.js';

class Refs {
  constructor(readonly t: Topology) {}

  vm(c: Cursor | undefined): number | undefined {
    if (c === undefined) return undefined;
    const name = c.string('linux');
    if (name === undefined) return undefined;
    const i = this.t.vmIndex.get(name);
    if (i === undefined) c.semantic(`no VM named '${name}'`, didYouMean(name, [...this.t.vmIndex.keys()]) ?? `VMs: ${[...this.t.vmIndex.keys()].join(', ')}`);
    return i;
  }

  vcpu(c: Cursor | undefined): { vm: number; vcpu: number } | undefined {
    if (c === undefined) return undefined;
    const r = readVcpuRef(c);
    if (r === undefined) return undefined;
    const vm = this.t.vmIndex.get(r.vm);
    if (vm === undefined) {
      c.semantic(`no VM named '${r.vm}'`, didYouMean(r.vm, [...this.t.vmIndex.keys()]) ?? `VMs: ${[...this.t.vmIndex.keys()].join(', ')}`);
      return undefined;
    }
    const n = this.t.scenario.vms[vm]!.vcpus.length;
    if (r.vcpu >= n) {
      c.semantic(`${r.vm} has no vCPU ${r.vcpu}`, `${r.vm} has vCPUs 0..${n - 1}`);
      return undefined;
    }
    return { vm, vcpu: r.vcpu };
  }

  device(c: Cursor | undefined): number | undefined {
    if (c === undefined) return undefined;
    const name = c.string('uart0');
    if (name === undefined) return undefined;
    const i = this.t.deviceIndex.get(name);
    if (i === undefined) c.semantic(`no device named '${name}'`, didYouMean(name, [...this.t.deviceIndex.keys()]) ?? 'name a device of the SoC');
    return i;
  }

  channel(c: Cursor | undefined): number | undefined {
    if (c === undefined) return undefined;
    const name = c.string('uart0-rx');
    if (name === undefined) return undefined;
    const i = this.t.channelIndex.get(name);
    if (i === undefined) c.semantic(`no channel named '${name}'`, didYouMean(name, [...this.t.channelIndex.keys()]) ?? 'name a declared channel');
    return i;
  }

  pcpu(c: Cursor | undefined): number | undefined {
    const id = c?.int(0, 4095);
    if (id === undefined || c === undefined) return undefined;
    const i = this.t.pcpuIndex.get(id);
    if (i === undefined) c.semantic(`no pCPU ${id}`, `pCPUs: ${[...this.t.pcpuIndex.keys()].join(', ')}`);
    return i;
  }
}

function all<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T | undefined {
  return Object.values(o).some((v) => v === undefined) ? undefined : (o as T);
}

function decodeEvent(kind: EventKind, c: Cursor, r: Refs): Event | undefined {
  const body = (keys: string[], what: string): boolean => c.map(keys, what);
  switch (kind) {
    case 'read':
    case 'write': {
      if (!body(kind === 'read' ? ['vcpu', 'ipa'] : ['vcpu', 'ipa', 'value'], `a ${kind} event`)) return undefined;
      const v = r.vcpu(c.need('vcpu', 'linux:0'));
      const ipa = c.need('ipa', '0x4000_0000')?.addr();
      if (kind === 'read') return v && ipa !== undefined ? { kind, ...v, ipa } : undefined;
      const value = c.need('value', '42')?.int(0, 0xffff_ffff);
      return v && ipa !== undefined && value !== undefined ? { kind, ...v, ipa, value } : undefined;
    }
    case 'dma': {
      if (!body(['device', 'stream', 'dir', 'addr', 'length', 'value'], 'a dma event')) return undefined;
      return all<Event & { kind: 'dma' }>({
        kind,
        device: r.device(c.need('device', 'uart0')),
        stream: c.get('stream')?.int(0, 1 << 20) ?? 0,
        dir: c.need('dir', 'write')?.oneOf(['read', 'write'] as const),
        addr: c.need('addr', '0x8000_0000')?.addr(),
        length: c.need('length', '4KiB')?.size(),
        value: c.get('value')?.int(0, 0xffff_ffff) ?? 0,
      });
    }
    case 'irq': {
      const spi = c.int(0, 1019);
      return spi === undefined ? undefined : { kind, spi };
    }
    case 'irq-storm': {
      if (!body(['device', 'count'], 'an irq-storm event')) return undefined;
      return all<Event & { kind: 'irq-storm' }>({ kind, device: r.device(c.need('device', 'uart0')), count: c.need('count', '500')?.int(1, 100_000) });
    }
    case 'sgi': {
      if (!body(['from', 'to', 'sgi'], 'an sgi event')) return undefined;
      const from = r.vcpu(c.need('from', 'rtos:0'));
      const to = r.vcpu(c.need('to', 'linux:0'));
      const sgi = c.need('sgi', '8')?.int(0, 15);
      return from && to && sgi !== undefined ? { kind, ...from, sgi, toVm: to.vm, toVcpu: to.vcpu } : undefined;
    }
    case 'advance': {
      const ns = c.duration();
      return ns === undefined ? undefined : { kind, ns };
    }
    case 'wake':
    case 'hvc-yield':
    case 'hvc-watchdog': {
      const v = r.vcpu(c);
      return v && { kind, ...v };
    }
    case 'hvc-map': {
      if (!body(['vcpu', 'ipa', 'pa', 'size', 'perms'], 'an hvc-map event')) return undefined;
      const v = r.vcpu(c.need('vcpu', 'linux:0'));
      const rest = all({
        ipa: c.need('ipa', '0x4000_0000')?.addr(),
        pa: c.need('pa', '0x8000_0000')?.addr(),
        size: c.need('size', '4KiB')?.size(),
        perms: c.need('perms', 'rw')?.perms(),
      });
      return v && rest && { kind, ...v, ...rest };
    }
    case 'hvc-unmap': {
      if (!body(['vcpu', 'ipa', 'size'], 'an hvc-unmap event')) return undefined;
      const v = r.vcpu(c.need('vcpu', 'linux:0'));
      const rest = all({ ipa: c.need('ipa', '0x4000_0000')?.addr(), size: c.need('size', '4KiB')?.size() });
      return v && rest && { kind, ...v, ...rest };
    }
    case 'hvc-notify': {
      if (!body(['vcpu', 'channel'], 'an hvc-notify event')) return undefined;
      const v = r.vcpu(c.need('vcpu', 'rtos:0'));
      const channel = r.channel(c.need('channel', 'uart0-rx'));
      return v && channel !== undefined ? { kind, ...v, channel } : undefined;
    }
    case 'hvc-dvfs': {
      if (!body(['vcpu', 'freq'], 'an hvc-dvfs event')) return undefined;
      const v = r.vcpu(c.need('vcpu', 'linux:0'));
      const khz = c.need('freq', '600MHz')?.frequency();
      return v && khz !== undefined ? { kind, ...v, khz } : undefined;
    }
    case 'fault': {
      if (!body(['vcpu', 'fault', 'ipa'], 'a fault event')) return undefined;
      const v = r.vcpu(c.need('vcpu', 'linux:0'));
      const fault = c.need('fault', 'crash')?.oneOf(['crash', 'runaway', 'illegal-access'] as const);
      const ipa = c.get('ipa')?.addr() ?? 0n;
      return v && fault ? { kind, ...v, fault, ipa } : undefined;
    }
    case 'vm-start':
    case 'vm-stop':
    case 'vm-restart': {
      const vm = r.vm(c);
      return vm === undefined ? undefined : { kind, vm };
    }
    case 'reassign': {
      if (!body(['device', 'to'], 'a reassign event')) return undefined;
      return all<Event & { kind: 'reassign' }>({ kind, device: r.device(c.need('device', 'gpu')), to: r.vm(c.need('to', 'linux')) });
    }
    case 'pcpu-offline':
    case 'pcpu-online': {
      const pcpu = r.pcpu(c);
      return pcpu === undefined ? undefined : { kind, pcpu };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function parseScript(text: string, file: string, topo: Topology): Loaded<Event[]> {
  const sink = new DiagnosticSink();
  const root = parseSource(file, text, sink);
  if (root === undefined) return { ok: false, diagnostics: sink.sorted() };
  const r = new Refs(topo);
  let list: Cursor | undefined = root;
  if (root.isMap()) {
    root.map(['events'], 'an event script');
    list = root.need('events', '[...]');
  }
  const events: Event[] = [];
  for (const item of list?.items('events') ?? []) {
    const entries = item.entries('one event');
    if (entries.length !== 1) {
      item.error('each event is a mapping with exactly one key, the event kind', `for example '- advance: 1ms' or '- irq: 45'; kinds: ${EVENT_KINDS.join(', ')}`);
      continue;
    }
    const [kind, keyCursor, body] = entries[0]!;
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) {
      keyCursor.error(`unknown event kind '${kind}'`, didYouMean(kind, EVENT_KINDS) ?? `kinds: ${EVENT_KINDS.join(', ')}`);
      continue;
    }
    const e = decodeEvent(kind as EventKind, body, r);
    if (e !== undefined) events.push(e);
  }
  return sink.count > 0 ? { ok: false, diagnostics: sink.sorted() } : { ok: true, value: events };
}

/** An event back in script form, so any trace (random or a counterexample) can be saved and replayed. */
export function eventToScript(t: Topology, e: Event): Record<string, unknown> {
  const vc = (vm: number, vcpu: number): string => `${t.scenario.vms[vm]!.name}:${vcpu}`;
  const vmn = (vm: number): string => t.scenario.vms[vm]!.name;
  const dev = (d: number): string => t.scenario.soc.devices[d]!.name;
  const perms = (p: { r: boolean; w: boolean; x: boolean }): string => (p.r ? 'r' : '') + (p.w ? 'w' : '') + (p.x ? 'x' : '') || '-';
  switch (e.kind) {
    case 'read':
      return { read: { vcpu: vc(e.vm, e.vcpu), ipa: formatAddr(e.ipa) } };
    case 'write':
      return { write: { vcpu: vc(e.vm, e.vcpu), ipa: formatAddr(e.ipa), value: e.value } };
    case 'dma':
      return { dma: { device: dev(e.device), stream: e.stream, dir: e.dir, addr: formatAddr(e.addr), length: formatSize(e.length), value: e.value } };
    case 'irq':
      return { irq: e.spi };
    case 'irq-storm':
      return { 'irq-storm': { device: dev(e.device), count: e.count } };
    case 'sgi':
      return { sgi: { from: vc(e.vm, e.vcpu), to: vc(e.toVm, e.toVcpu), sgi: e.sgi } };
    case 'advance':
      return { advance: formatDuration(e.ns) };
    case 'wake':
    case 'hvc-yield':
    case 'hvc-watchdog':
      return { [e.kind]: vc(e.vm, e.vcpu) };
    case 'hvc-map':
      return { 'hvc-map': { vcpu: vc(e.vm, e.vcpu), ipa: formatAddr(e.ipa), pa: formatAddr(e.pa), size: formatSize(e.size), perms: perms(e.perms) } };
    case 'hvc-unmap':
      return { 'hvc-unmap': { vcpu: vc(e.vm, e.vcpu), ipa: formatAddr(e.ipa), size: formatSize(e.size) } };
    case 'hvc-notify':
      return { 'hvc-notify': { vcpu: vc(e.vm, e.vcpu), channel: t.scenario.channels[e.channel]!.name } };
    case 'hvc-dvfs':
      return { 'hvc-dvfs': { vcpu: vc(e.vm, e.vcpu), freq: `${e.khz}kHz` } };
    case 'fault':
      return { fault: { vcpu: vc(e.vm, e.vcpu), fault: e.fault, ipa: formatAddr(e.ipa) } };
    case 'vm-start':
    case 'vm-stop':
    case 'vm-restart':
      return { [e.kind]: vmn(e.vm) };
    case 'reassign':
      return { reassign: { device: dev(e.device), to: vmn(e.to) } };
    case 'pcpu-offline':
    case 'pcpu-online':
      return { [e.kind]: t.scenario.soc.cpus[e.pcpu]!.id };
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * A scenario path as a user would type it from where hvsafe runs: relative to the working
 * directory, so a script's header (committed in safety cases) names the same file in every
 * checkout.
 */
export function shownPath(file: string, cwd: string = process.cwd()): string {
  return relative(cwd, file) || file;
}
