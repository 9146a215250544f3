// containment.scrub: after stop, restart or device reassignment, nothing a VM wrote is
// readable by the next owner of that memory or device.

import type { State } from '../src/hv/state.js';
import { APPLIES, notApplicable, type Finding, type Property, type TraceMonitor } from './property.js';
import { deviceName, hex, originRef, originText, passthroughRef, vmName } from './util.js';
import { segmentAt, type Topology } from '../src/hv/topology.js';
import { pageOf } from '../src/hv/pagestore.js';

const ID = 'containment.scrub';

interface Stamp {
  readonly vm: number;
  readonly gen: number;
}

function monitor(topo: Topology): TraceMonitor {
  // Which instance (VM, generation) wrote each page and each device register.
  const pages = new Map<bigint, Stamp>();
  const regs = new Map<number, Stamp>();
  const inPrivate = (v: number, pa: bigint): boolean => topo.privateRanges[v]!.some((r) => pa >= r.pa && pa < r.end);
  const stale = (before: State, reader: number, pa: bigint, writer: number, target: { kind: string; device?: number }): Stamp | undefined => {
    if (writer < 0) return undefined;
    if (target.kind === 'mmio' && target.device !== undefined) {
      if (before.devices[target.device]!.owner !== reader) return undefined; // isolation.mmio's business
      const s = regs.get(target.device);
      if (writer !== reader) return { vm: writer, gen: s?.vm === writer ? s.gen : 0 };
      if (s !== undefined && s.vm === reader && s.gen < before.vms[reader]!.generation) return s;
      return undefined;
    }
    if (writer !== reader || !inPrivate(reader, pa)) return undefined;
    const s = pages.get(pa >> 12n);
    return s !== undefined && s.vm === reader && s.gen < before.vms[reader]!.generation ? s : undefined;
  };
  const describe = (s: Stamp, reader: number, before: State): string =>
    s.vm === reader ? `the previous instance of ${vmName(topo, reader)} (generation ${s.gen}, now ${before.vms[reader]!.generation})` : `${vmName(topo, s.vm)}, the device's previous owner`;
  // What a VM's new instance could read the moment it comes up: its own earlier writes still
  // stored in its private RAM. Checked on the state, not only on a later read, because the
  // claim is about what is readable, and a trace rarely reads back the one page it wrote
  // before the fault that preceded a vm-start.
  const leftover = (after: State, v: number): { pa: bigint; s: Stamp } | undefined => {
    const gen = after.vms[v]!.generation;
    for (const [page, st] of pages) {
      const pa = page << 12n;
      if (st.vm !== v || st.gen >= gen || !inPrivate(v, pa)) continue;
      const seg = segmentAt(topo, pa);
      const cell = seg < 0 ? undefined : after.memory.get(pageOf(pa));
      if (cell !== undefined && cell.epoch === after.epochs[seg] && cell.writer === v) return { pa, s: st };
    }
    return undefined;
  };
  return {
    step(before, _event, after, observations) {
      const out: Finding[] = [];
      for (const o of observations) {
        if (o.kind === 'lifecycle' && o.what !== 'stopped') {
          const left = leftover(after, o.vm);
          if (left === undefined) continue;
          const cfg = topo.scenario.vms[o.vm]!;
          const mapping = cfg.memory.find((m) => left.pa >= m.pa && left.pa < m.pa + m.size);
          out.push({
            property: ID,
            message: `after ${o.what === 'started' ? 'vm-start' : 'restart'} of ${vmName(topo, o.vm)}, its RAM at PA ${hex(left.pa)} still holds what ${describe(left.s, o.vm, after)} wrote: the new instance can read it, it was not scrubbed`,
            actor: `previous ${vmName(topo, o.vm)}`,
            victim: vmName(topo, o.vm),
            resource: `RAM of ${vmName(topo, o.vm)}`,
            address: left.pa,
            via: `the ${o.what === 'started' ? 'start' : 'restart'} of ${vmName(topo, o.vm)}`,
            at: mapping?.at ?? cfg.at,
            fix: "scrub the VM's memory on stop, restart, and on start after a failure",
          });
          continue;
        }
        if (o.kind === 'reassigned') {
          // The new owner can read the registers the moment it holds the device.
          const dev = after.devices[o.device]!;
          if (o.from < 0 || o.from === o.to || dev.regWriter !== o.from) continue;
          out.push({
            property: ID,
            message: `after ${deviceName(topo, o.device)} moved from ${vmName(topo, o.from)} to ${vmName(topo, o.to)}, its registers still hold what ${vmName(topo, o.from)} wrote: the new owner can read it, the device was not reset`,
            actor: vmName(topo, o.from),
            victim: vmName(topo, o.to),
            resource: `state of ${deviceName(topo, o.device)}`,
            via: `the reassignment of ${deviceName(topo, o.device)}`,
            at: passthroughRef(topo, o.device, o.from),
            fix: 'reset the device when it changes hands or its owner restarts',
          });
          continue;
        }
        if (o.kind === 'access') {
          if (o.op === 'write') {
            if (o.target.kind === 'mmio') regs.set(o.target.device, { vm: o.vm, gen: before.vms[o.vm]!.generation });
            else pages.set(o.pa >> 12n, { vm: o.vm, gen: before.vms[o.vm]!.generation });
            continue;
          }
          const s = stale(before, o.vm, o.pa, o.writer, o.target);
          if (s === undefined) continue;
          out.push({
            property: ID,
            message: `${vmName(topo, o.vm)} read at PA ${hex(o.pa)} (${o.target.kind === 'mmio' ? `registers of ${deviceName(topo, o.target.device)}` : 'its RAM'}) a value written by ${describe(s, o.vm, before)}: it was not scrubbed`,
            actor: o.vm === s.vm ? `previous ${vmName(topo, s.vm)}` : vmName(topo, s.vm),
            victim: vmName(topo, o.vm),
            resource: o.target.kind === 'mmio' ? `state of ${deviceName(topo, o.target.device)}` : `RAM of ${vmName(topo, o.vm)}`,
            address: o.pa,
            via: originText(topo, o.via, o.vm),
            at: originRef(topo, o.via, o.vm),
            fix: o.target.kind === 'mmio' ? 'reset the device when it changes hands or its owner restarts' : 'scrub the VM\'s memory on stop and restart',
          });
        } else if (o.kind === 'dma') {
          const gen = before.vms[o.vm]!.generation;
          for (const p of o.pages) {
            if (o.dir === 'write') {
              if (p.target.kind === 'mmio') regs.set(p.target.device, { vm: o.vm, gen });
              else pages.set(p.pa >> 12n, { vm: o.vm, gen });
              continue;
            }
            const s = stale(before, o.vm, p.pa, p.writer, p.target);
            if (s === undefined) continue;
            out.push({
              property: ID,
              message: `${deviceName(topo, o.device)}, for ${vmName(topo, o.vm)}, DMA-read at PA ${hex(p.pa)} a value written by ${describe(s, o.vm, before)}: it was not scrubbed`,
              actor: o.vm === s.vm ? `previous ${vmName(topo, s.vm)}` : vmName(topo, s.vm),
              victim: vmName(topo, o.vm),
              resource: `RAM of ${vmName(topo, o.vm)}`,
              address: p.pa,
              via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
              at: passthroughRef(topo, o.device, o.vm),
              fix: "scrub the VM's memory on stop and restart",
            });
            break;
          }
        }
      }
      return out;
    },
  };
}

export const containmentScrub: Property = {
  id: ID,
  title: 'Scrubbing on stop, restart and reassignment',
  claim: 'After a VM stops or restarts, or a device is reassigned, nothing the previous owner wrote is readable by the next owner of that memory or device.',
  rationale:
    'A restarted instance or a new device owner that finds the previous owner\'s data receives information it was never meant to have, and a restarted safety function may act on stale state.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (s.vms.length === 0 ? notApplicable('no VMs') : APPLIES),
  stimulus: { write: 6, read: 6, dma: 3, 'vm-restart': 3, 'vm-stop': 2, 'vm-start': 3, reassign: 3, fault: 3 },
  monitor,
  smt: { statement: 'After stop(v), restart(v) or reassign(d, v→w): every cell in mem(v) and state(d) holds no value written before.' },
};
