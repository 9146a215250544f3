// The static shape of a booted system, computed once from the scenario: indices for VMs,
// vCPUs, pCPUs and devices, the compiled per-pCPU schedules, each VM's configured stage-2
// table and the physical address map. States share one Topology; steps never change it.

import type { Perms, Scenario } from '../config/types.js';
import { pcpuNonPreemptibleNs, vmCosts, type VmCosts } from './costs.js';
import type { MappingOrigin, Target } from './observations.js';

/** One stage-2 translation: IPA [ipa, end) → PA [pa, pa + (end - ipa)). */
export interface Stage2Entry {
  readonly ipa: bigint;
  readonly end: bigint;
  readonly pa: bigint;
  readonly perms: Perms;
  readonly origin: MappingOrigin;
}

/** A piece of the physical address space with uniform meaning. */
export interface Segment {
  readonly start: bigint;
  readonly end: bigint;
  /** Inside a declared RAM bank. */
  readonly ram: boolean;
  readonly hypervisor: boolean;
  /** Device whose MMIO this is, or -1. */
  readonly device: number;
  /** VMs whose configured stage-2 (memory, channel or device) reaches this segment. */
  readonly owners: readonly number[];
  /** Channels whose region covers this segment. */
  readonly channels: readonly number[];
  /** VMs whose private memory (their memory mappings, what a restart scrubs) covers this segment. */
  readonly private: readonly number[];
}

export type CompiledSchedule =
  | { readonly kind: 'none' }
  | { readonly kind: 'bind'; readonly vcpu: number }
  | {
      readonly kind: 'time-partition';
      readonly frame: number;
      /** Sorted by start; [start, end) within the frame. */
      readonly windows: readonly { readonly start: number; readonly end: number; readonly vcpu: number }[];
    }
  | {
      readonly kind: 'fixed-priority';
      /** Highest priority first; ties keep the order of the schedule file. */
      readonly entries: readonly { readonly vcpu: number; readonly priority: number; readonly budget: number; readonly period: number }[];
    };

export interface Topology {
  readonly scenario: Scenario;
  readonly vmIndex: ReadonlyMap<string, number>;
  /** Flat vCPU index of VM v's vCPU 0. */
  readonly vcpuBase: readonly number[];
  readonly vcpuVm: readonly number[];
  readonly vcpuLocal: readonly number[];
  /** pCPU index (position in soc.cpus) each flat vCPU is pinned to, or -1 if its pCPU is unknown. */
  readonly vcpuPcpu: readonly number[];
  readonly pcpuIndex: ReadonlyMap<number, number>;
  readonly pcpuCluster: readonly number[];
  readonly pcpuSchedule: readonly CompiledSchedule[];
  /** Flat vCPUs pinned to each pCPU. */
  readonly pcpuVcpus: readonly (readonly number[])[];
  readonly pcpuNonPreemptible: readonly number[];
  readonly deviceIndex: ReadonlyMap<string, number>;
  /**
   * SPI → the line's first declared device, for SPIs some device declares. It is the line's
   * accounting device: the health monitor counts the line's assertions against it, masks it,
   * and names it as the source of a delivery. Who may receive the line is `spiDevices`.
   */
  readonly spiDevice: ReadonlyMap<number, number>;
  /**
   * SPI → every device raising it, in declaration order. Two devices on one SPI share an
   * OR-ed line: the GIC cannot tell them apart, so whoever receives the line receives both
   * devices' interrupts, and it is isolated only when every device on it has one owner.
   */
  readonly spiDevices: ReadonlyMap<number, readonly number[]>;
  readonly channelIndex: ReadonlyMap<string, number>;
  readonly segments: readonly Segment[];
  readonly vmCosts: readonly VmCosts[];
  /** Per-VM configured stage-2 table without passthrough devices (those follow ownership). */
  readonly configuredStage2: readonly (readonly Stage2Entry[])[];
  /** Initial owner of each device (first VM passing it through), -1 if none. */
  readonly initialOwner: readonly number[];
  /** Per-VM, per-device MMIO IPAs declared for passthrough (identity where absent). */
  readonly deviceIpa: readonly ReadonlyMap<number, readonly bigint[]>[];
  /** Per-VM scrub ranges: the PA ranges of its private memory mappings. */
  readonly privateRanges: readonly (readonly { readonly pa: bigint; readonly end: bigint }[])[];
  /** SPI range upper bound (exclusive), for sizing route tables. */
  readonly spiLimit: number;
  /**
   * What an access to each segment resolves to. Made once here, so the millions of access
   * observations of a long trace share a handful of immutable objects.
   */
  readonly segmentTargets: readonly Target[];
  /**
   * Per VM, its configured stage-2 entries followed by the MMIO entries of every device (in
   * device order), stably sorted by IPA. The table a (re)start installs is the subsequence
   * for the devices the VM holds then: filtering this is the same as sorting that, without a
   * sort on every restart.
   */
  readonly stage2Candidates: readonly (readonly Stage2Entry[])[];
}

/**
 * The configured stage-2 of VM vm plus the MMIO of the devices it holds, given each device's
 * current owner.
 */
export function configuredTable(topo: Topology, vm: number, owner: (d: number) => number): readonly Stage2Entry[] {
  const { scenario } = topo;
  // A device passed through to two VMs (unsafe, but representable) stays in both until it is
  // reassigned away from its initial owner.
  const holds = (d: number): boolean => {
    const o = owner(d);
    return o === vm || (o === topo.initialOwner[d] && scenario.vms[vm]!.devices.some((p) => p.device === scenario.soc.devices[d]!.name));
  };
  return topo.stage2Candidates[vm]!.filter((e) => e.origin.kind !== 'device' || holds(e.origin.device));
}

export function compareEntries(a: Stage2Entry, b: Stage2Entry): number {
  return a.ipa < b.ipa ? -1 : a.ipa > b.ipa ? 1 : 0;
}

/** The stage-2 entries that map device `d`'s MMIO into VM `vm`. */
export function deviceEntries(topo: Pick<Topology, 'scenario' | 'deviceIpa'>, vm: number, d: number): Stage2Entry[] {
  const dev = topo.scenario.soc.devices[d]!;
  const ipas = topo.deviceIpa[vm]!.get(d);
  return dev.mmio.map((r, i) => {
    const ipa = ipas?.[i] ?? r.base;
    return {
      ipa,
      end: ipa + r.size,
      pa: r.base,
      perms: { r: true, w: true, x: false },
      origin: { kind: 'device', device: d, range: i },
    };
  });
}

/**
 * A device the hypervisor keeps for itself: its registers lie in one of the hypervisor's
 * frames or its memory, or it raises an interrupt the hypervisor keeps (its console UART, a
 * safety GPIO bank). No VM may ever be handed one.
 */
export function hypervisorKeeps(scenario: Scenario, d: number): boolean {
  const { soc } = scenario;
  const dev = soc.devices[d];
  if (dev === undefined) return false;
  const ranges = [...soc.hypervisorMemory, ...(soc.hypervisorFrames ?? [])];
  const irqs = new Set((soc.hypervisorIrqs ?? []).map((q) => q.intid));
  return dev.mmio.some((m) => ranges.some((r) => m.base < r.base + r.size && r.base < m.base + m.size)) || dev.irqs.some((i) => irqs.has(i));
}

/**
 * An untrusted DMA master that nothing confines: the SoC has no SMMU, or the SMMU lets
 * unmatched streams bypass and the device declares no stream ID (its untagged transactions
 * match no context). Whoever owns it masters raw physical addresses, so the hypervisor never
 * hands one to a VM at run time. Trusted masters are the integrator's assumption.
 */
export function rawDmaMaster(scenario: Scenario, d: number): boolean {
  const dev = scenario.soc.devices[d];
  if (dev === undefined || !dev.dma || dev.trusted) return false;
  const unit = scenario.soc.smmu;
  return !unit.present || (unit.unmatchedStreams === 'bypass' && dev.streamIds.length === 0);
}

export function buildTopology(scenario: Scenario): Topology {
  const { soc } = scenario;
  const vmIndex = new Map(scenario.vms.map((v, i) => [v.name, i]));
  const deviceIndex = new Map(soc.devices.map((d, i) => [d.name, i]));
  const channelIndex = new Map(scenario.channels.map((c, i) => [c.name, i]));
  const pcpuIndex = new Map(soc.cpus.map((c, i) => [c.id, i]));
  const clusterIndex = new Map(soc.clusters.map((c, i) => [c.name, i]));

  const vcpuBase: number[] = [];
  const vcpuVm: number[] = [];
  const vcpuLocal: number[] = [];
  const vcpuPcpu: number[] = [];
  scenario.vms.forEach((vm, v) => {
    vcpuBase.push(vcpuVm.length);
    vm.vcpus.forEach((c, i) => {
      vcpuVm.push(v);
      vcpuLocal.push(i);
      vcpuPcpu.push(pcpuIndex.get(c.pcpu) ?? -1);
    });
  });
  const flat = (vm: string, vcpu: number): number => {
    const v = vmIndex.get(vm);
    return v === undefined ? -1 : vcpuBase[v]! + vcpu;
  };

  const pcpuVcpus = soc.cpus.map((_, p) => vcpuPcpu.flatMap((q, f) => (q === p ? [f] : [])));
  const pcpuSchedule: CompiledSchedule[] = soc.cpus.map(() => ({ kind: 'none' }) as const);
  for (const s of scenario.schedule) {
    const p = pcpuIndex.get(s.pcpu);
    if (p === undefined) continue;
    switch (s.kind) {
      case 'bind':
        pcpuSchedule[p] = { kind: 'bind', vcpu: flat(s.vcpu.vm, s.vcpu.vcpu) };
        break;
      case 'time-partition':
        pcpuSchedule[p] = {
          kind: 'time-partition',
          frame: s.majorFrameNs,
          windows: s.windows
            .map((w) => ({ start: w.startNs, end: w.startNs + w.lengthNs, vcpu: flat(w.vcpu.vm, w.vcpu.vcpu) }))
            .sort((a, b) => a.start - b.start),
        };
        break;
      case 'fixed-priority':
        pcpuSchedule[p] = {
          kind: 'fixed-priority',
          entries: s.entries
            .map((e, i) => ({ i, vcpu: flat(e.vcpu.vm, e.vcpu.vcpu), priority: e.priority, budget: e.budgetNs, period: e.periodNs }))
            .sort((a, b) => b.priority - a.priority || a.i - b.i)
            .map(({ vcpu, priority, budget, period }) => ({ vcpu, priority, budget, period })),
        };
        break;
    }
  }

  const spiDevice = new Map<number, number>();
  const spiDevices = new Map<number, number[]>();
  soc.devices.forEach((d, i) =>
    d.irqs.forEach((spi) => {
      if (!spiDevice.has(spi)) spiDevice.set(spi, i);
      const line = spiDevices.get(spi) ?? [];
      if (!line.includes(i)) line.push(i);
      spiDevices.set(spi, line);
    }),
  );

  const initialOwner = soc.devices.map((d) => scenario.vms.findIndex((vm) => vm.devices.some((p) => p.device === d.name)));

  const deviceIpa = scenario.vms.map((vm) => {
    const m = new Map<number, readonly bigint[]>();
    for (const p of vm.devices) {
      const d = deviceIndex.get(p.device);
      if (d !== undefined && p.mmioIpa !== undefined) m.set(d, p.mmioIpa);
    }
    return m;
  });

  const configuredStage2 = scenario.vms.map((vm, v) => {
    const entries: Stage2Entry[] = vm.memory.map((m, i) => ({
      ipa: m.ipa,
      end: m.ipa + m.size,
      pa: m.pa,
      perms: m.perms,
      origin: { kind: 'memory', vm: v, index: i },
    }));
    scenario.channels.forEach((ch, c) =>
      ch.endpoints.forEach((ep, e) => {
        if (ep.vm === vm.name) {
          entries.push({ ipa: ep.ipa, end: ep.ipa + ch.size, pa: ch.pa, perms: ep.perms, origin: { kind: 'channel', channel: c, endpoint: e } });
        }
      }),
    );
    return entries.sort(compareEntries);
  });

  const privateRanges = scenario.vms.map((vm) => vm.memory.map((m) => ({ pa: m.pa, end: m.pa + m.size })));

  const partial: Omit<Topology, 'segments' | 'segmentTargets' | 'stage2Candidates'> = {
    scenario,
    vmIndex,
    vcpuBase,
    vcpuVm,
    vcpuLocal,
    vcpuPcpu,
    pcpuIndex,
    pcpuCluster: soc.cpus.map((c) => clusterIndex.get(c.cluster) ?? -1),
    pcpuSchedule,
    pcpuVcpus,
    pcpuNonPreemptible: soc.cpus.map((c) => pcpuNonPreemptibleNs(scenario, c.id)),
    deviceIndex,
    spiDevice,
    spiDevices,
    channelIndex,
    vmCosts: scenario.vms.map((_, v) => vmCosts(scenario, v)),
    configuredStage2,
    initialOwner,
    deviceIpa,
    privateRanges,
    spiLimit: Math.max(soc.gic.spi[1] + 1, ...soc.devices.flatMap((d) => d.irqs.map((i) => i + 1)), 32),
  };
  const segments = buildSegments(partial);
  const stage2Candidates = scenario.vms.map((_, v) =>
    [...configuredStage2[v]!, ...soc.devices.flatMap((_d, d) => deviceEntries(partial, v, d))].sort(compareEntries),
  );
  return { ...partial, segments, segmentTargets: segments.map(targetOf), stage2Candidates };
}

function targetOf(s: Segment, segment: number): Target {
  if (s.device >= 0) return { kind: 'mmio', device: s.device, segment };
  if (s.hypervisor) return { kind: 'hypervisor', segment };
  // A mapping that reaches no declared RAM bank still resolves to the segment it mapped.
  return { kind: 'ram', segment };
}

/** Split the physical address space at every declared boundary; label each piece. */
function buildSegments(t: Omit<Topology, 'segments' | 'segmentTargets' | 'stage2Candidates'>): Segment[] {
  const { scenario } = t;
  const { soc } = scenario;
  interface Span {
    start: bigint;
    end: bigint;
    apply: (s: MutableSegment) => void;
  }
  interface MutableSegment {
    ram: boolean;
    hypervisor: boolean;
    device: number;
    owners: number[];
    channels: number[];
    private: number[];
  }
  const spans: Span[] = [];
  for (const r of soc.ram) spans.push({ start: r.base, end: r.base + r.size, apply: (s) => void (s.ram = true) });
  for (const r of soc.hypervisorMemory) spans.push({ start: r.base, end: r.base + r.size, apply: (s) => void (s.hypervisor = true) });
  soc.devices.forEach((d, i) =>
    d.mmio.forEach((r) => spans.push({ start: r.base, end: r.base + r.size, apply: (s) => void (s.device < 0 && (s.device = i)) })),
  );
  scenario.channels.forEach((c, i) => spans.push({ start: c.pa, end: c.pa + c.size, apply: (s) => void s.channels.push(i) }));
  t.configuredStage2.forEach((entries, v) =>
    entries.forEach((e) =>
      spans.push({ start: e.pa, end: e.pa + (e.end - e.ipa), apply: (s) => void (s.owners.includes(v) || s.owners.push(v)) }),
    ),
  );
  // The memory mappings' bounds are already cuts (configured stage-2 above): no new segment.
  scenario.vms.forEach((vm, v) => vm.memory.forEach((m) => spans.push({ start: m.pa, end: m.pa + m.size, apply: (s) => void (s.private.includes(v) || s.private.push(v)) })));
  scenario.vms.forEach((vm, v) =>
    vm.devices.forEach((p) => {
      const d = t.deviceIndex.get(p.device);
      if (d === undefined) return;
      soc.devices[d]!.mmio.forEach((r) =>
        spans.push({ start: r.base, end: r.base + r.size, apply: (s) => void (s.owners.includes(v) || s.owners.push(v)) }),
      );
    }),
  );
  const cuts = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const seg: MutableSegment = { ram: false, hypervisor: false, device: -1, owners: [], channels: [], private: [] };
    let any = false;
    for (const s of spans) {
      if (s.start <= start && s.end >= end) {
        s.apply(seg);
        any = true;
      }
    }
    if (any) segments.push({ start, end, ...seg, owners: seg.owners.sort((a, b) => a - b), private: seg.private.sort((a, b) => a - b) });
  }
  return segments;
}

/** Index of the segment containing `pa`, or -1. */
export function segmentAt(topo: Topology, pa: bigint): number {
  const segs = topo.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid]!;
    if (pa < s.start) hi = mid - 1;
    else if (pa >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
