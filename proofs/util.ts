// Shared vocabulary of the properties: naming what an address is, which declaration a
// mapping came from, criticality order.

import type { Criticality, Scenario, SourceRef } from '../src/config/types.js';
import { formatAddr } from '../src/config/units.js';
import type { MappingOrigin } from '../src/hv/observations.js';
import type { State } from '../src/hv/state.js';
import { deviceName, vmName } from '../src/hv/names.js';
import type { Stage2Entry, Topology } from '../src/hv/topology.js';

export { deviceName, vmName };

/** Rough equivalence of integrity levels: QM < ASIL-A ≈ SIL-1 < ASIL-B ≈ SIL-2 < ASIL-C ≈ SIL-3 < ASIL-D ≈ SIL-4. */
export function critRank(c: Criticality): number {
  switch (c) {
    case 'QM':
      return 0;
    case 'ASIL-A':
    case 'SIL-1':
      return 1;
    case 'ASIL-B':
    case 'SIL-2':
      return 2;
    case 'ASIL-C':
    case 'SIL-3':
      return 3;
    case 'ASIL-D':
    case 'SIL-4':
      return 4;
    // Until assessed, a VM is assumed to be of the highest integrity: every assessed VM is
    // then checked as a possible interferer with it, never the other way round.
    case 'unassessed':
      return 4;
  }
}

export function hex(a: bigint): string {
  return formatAddr(a);
}

/** The scenario line that declared a stage-2 entry. */
export function originRef(topo: Topology, o: MappingOrigin, vm?: number): SourceRef {
  const s = topo.scenario;
  switch (o.kind) {
    case 'memory':
      return s.vms[o.vm]?.memory[o.index]?.at ?? s.at;
    case 'dynamic':
      return s.vms[o.vm]?.memory[o.from]?.at ?? s.at;
    case 'channel':
      return s.channels[o.channel]?.endpoints[o.endpoint]?.at ?? s.channels[o.channel]?.at ?? s.at;
    case 'device': {
      const name = s.soc.devices[o.device]?.name;
      const cfg = vm === undefined ? undefined : s.vms[vm]?.devices.find((p) => p.device === name);
      return cfg?.at ?? s.soc.devices[o.device]?.at ?? s.at;
    }
  }
}

/** A stage-2 entry's origin in words. */
export function originText(topo: Topology, o: MappingOrigin, vm?: number): string {
  const s = topo.scenario;
  switch (o.kind) {
    case 'memory':
      return `${vmName(topo, o.vm)}'s memory mapping '${s.vms[o.vm]?.memory[o.index]?.name ?? o.index}'`;
    case 'dynamic':
      return `a mapping ${vmName(topo, o.vm)} created by hypercall (inside '${s.vms[o.vm]?.memory[o.from]?.name ?? o.from}')`;
    case 'channel': {
      const ch = s.channels[o.channel];
      return `${ch?.endpoints[o.endpoint]?.vm ?? '?'}'s endpoint of channel '${ch?.name ?? o.channel}'`;
    }
    case 'device':
      return `the passthrough of ${deviceName(topo, o.device)}${vm === undefined ? '' : ` to ${vmName(topo, vm)}`}`;
  }
}

/** VMs whose private memory (declared memory mappings) contains pa. */
export function privateOwners(topo: Topology, pa: bigint): number[] {
  const out: number[] = [];
  topo.privateRanges.forEach((rs, v) => {
    if (rs.some((r) => pa >= r.pa && pa < r.end)) out.push(v);
  });
  return out;
}

/** Channels whose region contains pa. */
export function channelsAt(topo: Topology, pa: bigint): number[] {
  const out: number[] = [];
  topo.scenario.channels.forEach((c, i) => {
    if (pa >= c.pa && pa < c.pa + c.size) out.push(i);
  });
  return out;
}

export function isEndpoint(s: Scenario, channel: number, vm: string): boolean {
  return s.channels[channel]?.endpoints.some((e) => e.vm === vm) ?? false;
}

/** Device whose MMIO contains pa, or -1. */
export function deviceAt(topo: Topology, pa: bigint): number {
  const devs = topo.scenario.soc.devices;
  for (let d = 0; d < devs.length; d++) if (devs[d]!.mmio.some((r) => pa >= r.base && pa < r.base + r.size)) return d;
  return -1;
}

export function inHypervisor(topo: Topology, pa: bigint): boolean {
  return topo.scenario.soc.hypervisorMemory.some((r) => pa >= r.base && pa < r.base + r.size);
}

/** The declaration of a device's passthrough to a VM (or the device itself). */
export function passthroughRef(topo: Topology, d: number, vm: number): SourceRef {
  const dev = topo.scenario.soc.devices[d];
  return topo.scenario.vms[vm]?.devices.find((p) => p.device === dev?.name)?.at ?? dev?.at ?? topo.scenario.at;
}

/** What pa is, in words: whose memory, which channel, which device, the hypervisor. */
export function describePa(topo: Topology, pa: bigint): { victim: string; resource: string } {
  if (inHypervisor(topo, pa)) return { victim: 'hypervisor', resource: 'hypervisor memory' };
  const d = deviceAt(topo, pa);
  if (d >= 0) return { victim: deviceName(topo, d), resource: `MMIO of ${deviceName(topo, d)}` };
  const owners = privateOwners(topo, pa);
  if (owners.length > 0) return { victim: owners.map((v) => vmName(topo, v)).join('+'), resource: `RAM of ${owners.map((v) => vmName(topo, v)).join(' and ')}` };
  const chs = channelsAt(topo, pa);
  if (chs.length > 0) return { victim: `channel ${topo.scenario.channels[chs[0]!]!.name}`, resource: `channel '${topo.scenario.channels[chs[0]!]!.name}'` };
  const ram = topo.scenario.soc.ram.some((r) => pa >= r.base && pa < r.base + r.size);
  return { victim: ram ? 'unassigned RAM' : 'unbacked', resource: ram ? 'RAM no VM was given' : 'an address with nothing behind it' };
}

/** Is VM v allowed to reach pa by its configuration (memory, its channels, MMIO of devices it owns now)? */
export function configuredReach(state: State, v: number, pa: bigint): boolean {
  const topo = state.topo;
  if (topo.privateRanges[v]!.some((r) => pa >= r.pa && pa < r.end)) return true;
  const name = vmName(topo, v);
  if (channelsAt(topo, pa).some((c) => isEndpoint(topo.scenario, c, name))) return true;
  const d = deviceAt(topo, pa);
  return d >= 0 && state.devices[d]?.owner === v;
}

export function overlaps(a0: bigint, a1: bigint, b0: bigint, b1: bigint): boolean {
  return a0 < b1 && b0 < a1;
}

export function entryPaEnd(e: Stage2Entry): bigint {
  return e.pa + (e.end - e.ipa);
}

/** The pCPUs each VM's vCPUs may run on (by pinning or by schedule entries), per VM. */
export function pcpusOfVms(topo: Topology): Set<number>[] {
  const out = topo.scenario.vms.map(() => new Set<number>());
  topo.vcpuVm.forEach((vm, f) => {
    const p = topo.vcpuPcpu[f]!;
    if (p >= 0) out[vm]?.add(p);
  });
  topo.pcpuSchedule.forEach((s, p) => {
    const vcpus = s.kind === 'bind' ? [s.vcpu] : s.kind === 'time-partition' ? s.windows.map((w) => w.vcpu) : s.kind === 'fixed-priority' ? s.entries.map((e) => e.vcpu) : [];
    for (const f of vcpus) if (f >= 0) out[topo.vcpuVm[f]!]?.add(p);
  });
  return out;
}

/** Whether two VMs' pCPU sets (from pcpusOfVms) meet. */
export function meet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const p of a) if (b.has(p)) return true;
  return false;
}

/** VMs whose vCPUs share a pCPU with VM a (by pinning or by schedule entries). */
export function sharesPcpu(topo: Topology, a: number, v: number): boolean {
  const sets = pcpusOfVms(topo);
  return meet(sets[a]!, sets[v]!);
}
