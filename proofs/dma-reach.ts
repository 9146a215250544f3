// Where the DMA of a VM's devices can land, shared by every claim that a DMA path can break
// (isolation.memory, isolation.mmio, communication.channels, isolation.hypervisor), so the
// configuration check, the Z3 query and the demonstration trace of each decide the same reach.
//
// A device a VM holds at boot masters DMA along one of these paths:
// - raw: the SoC has no SMMU, or the device has no stream ID and the SMMU lets unmatched
//   streams bypass translation; the device reaches every physical address;
// - through another VM's SMMU context: one of its stream IDs is bound (at boot: the last
//   device holding it wins, see src/hv/boot.ts) to the context of a VM that is not its owner,
//   so it reaches whatever that VM's stage-2 maps, with that mapping's permissions.
// DMA through its own VM's context reaches what the VM's CPU reaches: the stage-2 checks of
// each claim decide that part. Devices declared trusted are the integrator's assumption of
// use and are left out, as in isolation.dma.

import type { Perms, Scenario, SourceRef } from '../src/config/types.js';
import type { Event } from '../src/hv/events.js';
import { buildTopology, configuredTable } from '../src/hv/topology.js';
import type { Query } from '../src/smt/query.js';
import { ADDR_MAX, and, bv, declare, or, within } from '../src/smt/smt2.js';
import type { Finding } from './property.js';
import { entryPaEnd, hex, originText } from './util.js';

export type DmaPathKind = 'no-smmu' | 'smmu-bypass' | 'foreign-context';

export interface DmaPath {
  readonly device: number;
  /** The VM that holds the device at boot and programs it. */
  readonly vm: number;
  readonly kind: DmaPathKind;
  /** The VM whose SMMU context translates (foreign-context), else -1. */
  readonly context: number;
  /** Index into the device's stream IDs for a demonstration transfer. */
  readonly stream: number;
  /** Inclusive PA range the path reaches. */
  readonly lo: bigint;
  readonly hi: bigint;
  /** The bus address the device emits for PA `lo`. */
  readonly iova: bigint;
  readonly perms: Perms;
  /** The path in words. */
  readonly text: string;
  readonly at: SourceRef;
  readonly related: readonly SourceRef[];
}

const RW: Perms = { r: true, w: true, x: false };

/** Every DMA path that leaves its owner's own stage-2 (see the header). */
export function dmaPaths(s: Scenario): DmaPath[] {
  const topo = buildTopology(s);
  const { smmu } = s.soc;
  // The stream table at boot, as src/hv/boot.ts builds it.
  const streams = new Map<number, number>();
  if (smmu.present) s.soc.devices.forEach((dev, d) => topo.initialOwner[d]! >= 0 && dev.streamIds.forEach((sid) => streams.set(sid, topo.initialOwner[d]!)));
  const out: DmaPath[] = [];
  s.soc.devices.forEach((dev, d) => {
    const v = topo.initialOwner[d]!;
    if (v < 0 || !dev.dma || dev.trusted) return;
    const at = s.vms[v]!.devices.find((p) => p.device === dev.name)?.at ?? dev.at;
    const related = [dev.at, smmu.at];
    if (!smmu.present || (dev.streamIds.length === 0 && smmu.unmatchedStreams === 'bypass')) {
      const kind: DmaPathKind = smmu.present ? 'smmu-bypass' : 'no-smmu';
      const text = `DMA of ${dev.name} (${kind === 'no-smmu' ? 'no SMMU, raw PA' : 'no stream ID, SMMU bypass'})`;
      out.push({ device: d, vm: v, kind, context: -1, stream: 0, lo: 0n, hi: ADDR_MAX, iova: 0n, perms: RW, text, at, related });
      return;
    }
    if (!smmu.present) return;
    dev.streamIds.forEach((sid, stream) => {
      const ctx = streams.get(sid);
      if (ctx === undefined || ctx === v) return;
      // The context's stage-2 at boot, passthrough registers included (src/hv/boot.ts).
      for (const e of configuredTable(topo, ctx, (x) => topo.initialOwner[x]!)) {
        out.push({
          device: d,
          vm: v,
          kind: 'foreign-context',
          context: ctx,
          stream,
          lo: e.pa,
          hi: entryPaEnd(e) - 1n,
          iova: e.ipa,
          perms: e.perms,
          text: `DMA of ${dev.name} through stream ${sid}, bound to ${s.vms[ctx]!.name}'s SMMU context (${originText(topo, e.origin, ctx)})`,
          at,
          related,
        });
      }
    });
  });
  return out;
}

/** A resource a claim protects from a DMA path: an inclusive PA range with its victim. */
export interface DmaTarget {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly victim: string;
  readonly resource: string;
  readonly at: SourceRef;
  /** The VM whose resource it is, the channel, or the device, when it is one (for `allowed`). */
  readonly vm?: number;
  readonly channel?: number;
  readonly device?: number;
}

/** What one claim asks of the reach table. */
export interface ReachSpec {
  readonly property: string;
  readonly targets: readonly DmaTarget[];
  /** May path `p` reach target `t` without breaking the claim? */
  readonly allowed: (p: DmaPath, t: DmaTarget) => boolean;
  /**
   * When the reach breaks the claim only once a device has been handed to another VM (the
   * path's owner held it at boot): that reassignment, which the demonstration performs first.
   */
  readonly after?: (p: DmaPath, t: DmaTarget) => { readonly device: number; readonly to: number } | undefined;
  /** Addresses another claim watches (the model classifies them otherwise): never a hit here. */
  readonly exclude: readonly { readonly lo: bigint; readonly hi: bigint }[];
  /** Only writes break the claim (a channel's data). */
  readonly writes: boolean;
  /** The claim UNSAT establishes, in words. */
  readonly claim: string;
}

export interface DmaHit {
  readonly path: DmaPath;
  readonly target: DmaTarget;
  /** The first address of the intersection outside the excluded ranges. */
  readonly pa: bigint;
  /** The reassignment after which the reach is a breach (see ReachSpec.after). */
  readonly after?: { readonly device: number; readonly to: number };
}

function usable(p: DmaPath, spec: ReachSpec): boolean {
  return spec.writes ? p.perms.w : p.perms.r || p.perms.w;
}

/** The first address in [lo, hi] outside every excluded range, if any. */
function firstFree(lo: bigint, hi: bigint, exclude: ReachSpec['exclude']): bigint | undefined {
  const xs = [...exclude].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  let p = lo;
  for (const x of xs) {
    if (x.hi < p || x.lo > p) continue;
    if (x.hi >= hi) return undefined;
    p = x.hi + 1n;
  }
  return p <= hi ? p : undefined;
}

/** Every (path, target) pair that breaks the claim, in declaration order, at its first address. */
export function dmaHits(paths: readonly DmaPath[], spec: ReachSpec): DmaHit[] {
  const out: DmaHit[] = [];
  for (const path of paths) {
    if (!usable(path, spec)) continue;
    for (const target of spec.targets) {
      if (spec.allowed(path, target)) continue;
      const lo = path.lo > target.lo ? path.lo : target.lo;
      const hi = path.hi < target.hi ? path.hi : target.hi;
      if (lo > hi) continue;
      const pa = firstFree(lo, hi, spec.exclude);
      const after = spec.after?.(path, target);
      if (pa !== undefined) out.push({ path, target, pa, ...(after !== undefined ? { after } : {}) });
    }
  }
  return out;
}

/**
 * The claim's DMA part as one query: a path e, a target t it must not reach, and an address p
 * in both and outside the excluded ranges. Paths and targets are constants the solver
 * intersects. The query has no witness constants on purpose: raw DMA reaches a breach at many
 * addresses, Z3's choice among them depends on the solver's history, and committed evidence
 * must not; a SAT answer is demonstrated at the first breach in declaration order (`dmaWitness`).
 */
export function dmaReachQuery(paths: readonly DmaPath[], spec: ReachSpec): Query {
  const lines = ['(set-logic QF_BV)', declare('e', 32), declare('t', 32), declare('p', 64)];
  const cases = paths.flatMap((path, i) => {
    if (!usable(path, spec)) return [];
    const ts = spec.targets.flatMap((target, k) => (spec.allowed(path, target) ? [] : [and([`(= t ${bv(k, 32)})`, within('p', target.lo, target.hi, 64)])]));
    return ts.length === 0 ? [] : [and([`(= e ${bv(i, 32)})`, within('p', path.lo, path.hi, 64), or(ts)])];
  });
  lines.push(`(assert ${or(cases)})`);
  if (spec.exclude.length > 0) lines.push(`(assert (not ${or(spec.exclude.map((x) => within('p', x.lo, x.hi, 64)))}))`);
  return {
    id: `${spec.property}/dma-reach`,
    property: spec.property,
    level: 'config',
    claim: `${spec.claim} (${paths.length} DMA path(s) that leave their owner's stage-2: raw, SMMU bypass, or another VM's SMMU context)`,
    smt2: lines.join('\n') + '\n',
    witness: [],
  };
}

/** One DMA transfer from boot that lands at the hit's address. */
export function dmaEvent(hit: DmaHit): Event {
  const { path } = hit;
  return { kind: 'dma', device: path.device, stream: path.stream, addr: path.iova + (hit.pa - path.lo), length: 1n, dir: path.perms.w ? 'write' : 'read', value: 0xbad };
}

export function dmaFinding(s: Scenario, hit: DmaHit, fix: string): Finding {
  const { path, target } = hit;
  const owner = s.vms[path.vm]!.name;
  const after = hit.after === undefined ? '' : `once ${s.soc.devices[hit.after.device]!.name} is reassigned to ${s.vms[hit.after.to]!.name}, `;
  return {
    property: '',
    message: `${after}${owner} can program ${s.soc.devices[path.device]!.name} to reach ${target.resource} at PA ${hex(hit.pa)}: ${path.text}`,
    actor: owner,
    victim: target.victim,
    resource: target.resource,
    address: hit.pa,
    via: path.text,
    at: path.at,
    related: [target.at, ...path.related],
    fix,
  };
}

/** The fix for a DMA path, in words. */
export function dmaFix(s: Scenario, path: DmaPath): string {
  const dev = s.soc.devices[path.device]!.name;
  const owner = s.vms[path.vm]!.name;
  switch (path.kind) {
    case 'no-smmu':
      return `do not pass ${dev} through to ${owner} on a SoC without an SMMU (keep it in the hypervisor or a driver VM with bounce buffers), or use a SoC with an SMMU`;
    case 'smmu-bypass':
      return `declare ${dev}'s stream IDs in the SoC file and configure the SMMU to fault unmatched streams`;
    case 'foreign-context':
      return `give ${dev} stream IDs of its own, not shared with a device of ${s.vms[path.context]!.name}`;
  }
}

/** Config findings of a claim's DMA part. */
export function dmaFindings(s: Scenario, paths: readonly DmaPath[], spec: ReachSpec): Finding[] {
  return dmaHits(paths, spec).map((h) => ({ ...dmaFinding(s, h, dmaFix(s, h.path)), property: spec.property }));
}

/** Explains a SAT answer of the DMA query; a SAT answer with no concrete breach is a tool bug. */
export function dmaWitness(s: Scenario, paths: readonly DmaPath[], spec: ReachSpec, queryId: string): { findings: Finding[]; events: Event[] } {
  const hit = dmaHits(paths, spec)[0];
  if (hit === undefined) throw new Error(`BUG in hvsafe: ${queryId} is SAT but the reach table holds no breach (the query and the configuration check disagree)`);
  const move: Event[] = hit.after === undefined ? [] : [{ kind: 'reassign', device: hit.after.device, to: hit.after.to }];
  return { findings: [{ ...dmaFinding(s, hit, dmaFix(s, hit.path)), property: spec.property }], events: [...move, dmaEvent(hit)] };
}

/** Whether a DMA observation's device is exempt (declared trusted). */
export function trustedDevice(s: Scenario, device: number): boolean {
  return s.soc.devices[device]?.trusted ?? false;
}

/** Hypervisor memory and device registers: RAM claims leave them to the claims that watch them. */
export function nonRam(s: Scenario): { lo: bigint; hi: bigint }[] {
  return [
    ...s.soc.hypervisorMemory.map((r) => ({ lo: r.base, hi: r.base + r.size - 1n })),
    ...s.soc.devices.flatMap((d) => d.mmio.map((r) => ({ lo: r.base, hi: r.base + r.size - 1n }))),
  ];
}
