// Decoding the SoC description: the hardware the hypervisor partitions. Shape and units
// only (schema errors); the meaning (ranges, duplicates, overflow) is checked in lint.ts.

import type { Cursor } from './cursor.js';
import { Decoded, Names, decodeList } from './decode.js';
import { HYPERVISOR_FRAME_KINDS, HYPERVISOR_IRQ_KINDS } from './types.js';
import type { Cluster, CostModel, Cpu, Device, Gic, HypervisorFrame, HypervisorIrq, Llc, MemRegion, OperatingPoint, Smmu, Soc, SourceRef } from './types.js';

export const DEFAULT_DMA_MAX_BYTES = 64n * 1024n;

/** What decoded of a SoC; `gic`/`costs` are undefined when they failed. */
export interface SocDraft {
  readonly name: string | undefined;
  readonly file: string;
  readonly clusters: readonly Cluster[];
  readonly cpus: readonly Cpu[];
  readonly ram: readonly MemRegion[];
  readonly hypervisorMemory: readonly MemRegion[];
  readonly hypervisorFrames: readonly HypervisorFrame[];
  readonly hypervisorIrqs: readonly HypervisorIrq[];
  readonly devices: readonly Device[];
  readonly gic: Gic | undefined;
  readonly smmu: Smmu | undefined;
  readonly llc: Llc | undefined;
  readonly costs: CostModel | undefined;
  /** The LLC key was present but did not decode. */
  readonly llcBroken: boolean;
  readonly at: SourceRef;
  readonly deviceNames: Names;
  readonly cpuIds: Names;
  /** True when nothing in the SoC failed to decode. */
  readonly complete: boolean;
}

export const SOC_KEYS = [
  '$schema',
  'name',
  'description',
  'clusters',
  'cpus',
  'ram',
  'hypervisor-memory',
  'hypervisor-frames',
  'hypervisor-irqs',
  'devices',
  'gic',
  'smmu',
  'llc',
  'costs',
] as const;

export function decodeSoc(c: Cursor, file: string, d: Decoded): SocDraft {
  const before = c.sink.count;
  const owner = {};
  const deviceNames = new Names();
  const cpuIds = new Names();
  c.map(SOC_KEYS, 'a SoC description');
  const name = c.need('name', 'zynqmp-zcu102')?.string();
  c.get('description')?.string();

  // pCPUs: from clusters, or a bare list of ids.
  const clustersC = c.get('clusters');
  const cpusC = c.get('cpus');
  let clusters: Cluster[] = [];
  if (clustersC !== undefined && cpusC !== undefined) {
    cpusC.error("declare the pCPUs either under 'clusters' or as 'cpus', not both", "remove 'cpus': the clusters list their CPUs");
  } else if (clustersC !== undefined) {
    clusters = decodeList(d, owner, clustersC, 'CPU clusters', (item) => decodeCluster(item, d));
  } else if (cpusC !== undefined) {
    const ids = cpusC.intList(0, 4095);
    if (ids !== undefined) clusters = [d.track({ name: 'cpus', kind: 'generic', cpus: ids, opps: [], at: cpusC.at }, c)];
  } else {
    c.error("the SoC declares no CPUs", "add 'clusters: [{name: apu, kind: cortex-a53, cpus: 0-3}]' or 'cpus: 0-3'");
  }
  const cpus: Cpu[] = [];
  for (const cl of clusters) {
    const listC = d.cursor(cl)?.get('cpus') ?? d.cursor(cl);
    for (const id of cl.cpus) {
      cpuIds.declare(String(id));
      const cpu = { id, cluster: cl.name, at: listC?.at ?? cl.at };
      if (listC !== undefined) d.track(cpu, listC);
      cpus.push(cpu);
    }
  }
  if (clustersC !== undefined && d.isPartial(owner)) cpuIds.complete = false;

  const ram = decodeList(d, owner, c.need('ram', '[{name: ddr, base: 0x0, size: 2GiB}]'), 'RAM banks', (item) =>
    decodeRegion(item, d, undefined, 'a RAM bank'),
  );
  const hvC = c.need('hypervisor-memory', '[{base: 0x7c00_0000, size: 64MiB}]');
  const hypervisorMemory = decodeList(d, owner, hvC, "the hypervisor's memory regions", (item, i) =>
    decodeRegion(item, d, i === 0 ? 'hypervisor' : `hypervisor.${i}`, "a region of the hypervisor's own memory"),
  );

  const hypervisorFrames = decodeList(d, owner, c.get('hypervisor-frames'), "the hypervisor's register frames", (item) => decodeFrame(item, d));
  const hypervisorIrqs = decodeList(d, owner, c.get('hypervisor-irqs'), "the hypervisor's interrupts", (item) => decodeHvIrq(item, d));

  const devices = decodeList(d, owner, c.get('devices'), 'devices', (item) => decodeDevice(item, d, deviceNames));

  const gicC = c.need('gic', '{version: 3}');
  const gic = gicC === undefined ? undefined : decodeGic(gicC, d);
  const smmuC = c.get('smmu');
  const smmu: Smmu | undefined = smmuC === undefined ? { present: false, unmatchedStreams: 'fault', at: c.at } : decodeSmmu(smmuC, d);
  const llcC = c.get('llc');
  const llc = llcC === undefined ? undefined : decodeLlc(llcC, d);
  const costsC = c.need('costs', '{trap-entry: 300ns, ...}');
  const costs = costsC === undefined ? undefined : decodeCosts(costsC, d, gic, llcC !== undefined);

  return {
    name,
    file,
    clusters,
    cpus,
    ram,
    hypervisorMemory,
    hypervisorFrames,
    hypervisorIrqs,
    devices,
    gic,
    smmu,
    llc,
    costs,
    llcBroken: llcC !== undefined && llc === undefined,
    at: c.at,
    deviceNames,
    cpuIds,
    complete: c.sink.count === before,
  };
}

export function finishSoc(s: SocDraft): Soc | undefined {
  if (!s.complete || s.name === undefined || s.gic === undefined || s.smmu === undefined || s.costs === undefined) return undefined;
  return {
    name: s.name,
    file: s.file,
    clusters: s.clusters,
    cpus: s.cpus,
    ram: s.ram,
    hypervisorMemory: s.hypervisorMemory,
    hypervisorFrames: s.hypervisorFrames,
    hypervisorIrqs: s.hypervisorIrqs,
    devices: s.devices,
    gic: s.gic,
    smmu: s.smmu,
    llc: s.llc,
    costs: s.costs,
    at: s.at,
  };
}

function decodeCluster(c: Cursor, d: Decoded): Cluster | undefined {
  if (!c.map(['name', 'kind', 'cpus', 'operating-points'], 'a CPU cluster')) return undefined;
  const name = c.need('name', 'apu')?.string();
  const kind = c.need('kind', 'cortex-a53')?.string();
  const cpus = c.need('cpus', '0-3')?.intList(0, 4095);
  const oppC = c.get('operating-points');
  let opps: OperatingPoint[] | undefined = [];
  if (oppC !== undefined) {
    const khz: number[] = [];
    let ok = true;
    for (const item of oppC.items('frequencies')) {
      const f = item.frequency();
      if (f === undefined) ok = false;
      else khz.push(f);
    }
    opps = ok ? [...khz].sort((a, b) => a - b).map((k) => ({ khz: k })) : undefined;
  }
  if (name === undefined || kind === undefined || cpus === undefined || opps === undefined) return undefined;
  return d.track({ name, kind, cpus, opps, at: c.at }, c);
}

/** `{name, base, size}`; name optional when `defaultName` is given. */
export function decodeRegion(c: Cursor, d: Decoded, defaultName: string | undefined, what: string): MemRegion | undefined {
  if (!c.map(['name', 'base', 'size'], what)) return undefined;
  const nameC = defaultName === undefined ? c.need('name', 'ddr-low') : c.get('name');
  const name = nameC === undefined ? defaultName : nameC.string();
  const base = c.need('base', '0x4000_0000')?.addr();
  const size = c.need('size', '64MiB')?.size();
  if (name === undefined || base === undefined || size === undefined) return undefined;
  return d.track({ name, base, size, at: c.at }, c);
}

/** `{name: gicd, kind: gic-distributor, base: 0xf901_0000, size: 4KiB}` */
function decodeFrame(c: Cursor, d: Decoded): HypervisorFrame | undefined {
  if (!c.map(['name', 'kind', 'base', 'size'], "a register frame of the hypervisor")) return undefined;
  const name = c.need('name', 'gicd')?.string();
  const kind = c.need('kind', HYPERVISOR_FRAME_KINDS.join(' | '))?.oneOf(HYPERVISOR_FRAME_KINDS);
  const base = c.need('base', '0xf901_0000')?.addr();
  const size = c.need('size', '4KiB')?.size();
  if (name === undefined || kind === undefined || base === undefined || size === undefined) return undefined;
  return d.track({ name, kind, base, size, at: c.at }, c);
}

/** `{name: maintenance, kind: maintenance, intid: 25}` */
function decodeHvIrq(c: Cursor, d: Decoded): HypervisorIrq | undefined {
  if (!c.map(['name', 'kind', 'intid'], "an interrupt of the hypervisor")) return undefined;
  const name = c.need('name', 'maintenance')?.string();
  const kind = c.need('kind', HYPERVISOR_IRQ_KINDS.join(' | '))?.oneOf(HYPERVISOR_IRQ_KINDS);
  const intid = c.need('intid', '25')?.int(0, 1019);
  if (name === undefined || kind === undefined || intid === undefined) return undefined;
  return d.track({ name, kind, intid, at: c.at }, c);
}

const DEVICE_KEYS = ['name', 'kind', 'description', 'mmio', 'irqs', 'dma', 'dma-max', 'stream-ids', 'trusted'] as const;

function decodeDevice(c: Cursor, d: Decoded, names: Names): Device | undefined {
  if (!c.map(DEVICE_KEYS, 'a device')) {
    names.complete = false;
    return undefined;
  }
  const nameC = c.need('name', 'uart0');
  const name = nameC?.string();
  names.declare(name);
  const kind = c.need('kind', 'uart')?.string();
  c.get('description')?.string();
  const mmioC = c.need('mmio', '{base: 0xff00_0000, size: 4KiB}');
  let mmio: MemRegion[] | undefined;
  if (mmioC !== undefined) {
    const label = name ?? 'device';
    if (mmioC.isMap()) {
      const r = decodeRegion(mmioC, d, label, 'an MMIO range');
      mmio = r === undefined ? undefined : [r];
    } else {
      const n = mmioC.isSeq() ? mmioC.items('MMIO ranges').length : 0;
      const holder = {};
      const list = decodeList(d, holder, mmioC, 'MMIO ranges', (item, i) =>
        decodeRegion(item, d, n === 1 ? label : `${label}.${i}`, 'an MMIO range'),
      );
      mmio = d.isPartial(holder) ? undefined : list;
    }
  }
  const irqsC = c.get('irqs');
  const irqs = irqsC === undefined ? [] : irqsC.intList(0, 1019);
  const dmaC = c.get('dma');
  const dma = dmaC === undefined ? false : dmaC.bool();
  const dmaMaxC = c.get('dma-max');
  const dmaMaxBytes = dmaMaxC === undefined ? DEFAULT_DMA_MAX_BYTES : dmaMaxC.size();
  const sidC = c.get('stream-ids');
  const streamIds = sidC === undefined ? [] : sidC.intList(0, 0xffff_ffff);
  const trustedC = c.get('trusted');
  const trusted = trustedC === undefined ? false : trustedC.bool();
  if (
    name === undefined ||
    kind === undefined ||
    mmio === undefined ||
    irqs === undefined ||
    dma === undefined ||
    dmaMaxBytes === undefined ||
    streamIds === undefined ||
    trusted === undefined
  ) {
    return undefined;
  }
  return d.track({ name, kind, mmio, irqs, dma, dmaMaxBytes, streamIds, trusted, at: c.at }, c);
}

function decodeGic(c: Cursor, d: Decoded): Gic | undefined {
  if (!c.map(['version', 'sgi', 'ppi', 'spi', 'direct-injection'], 'the GIC')) return undefined;
  const vC = c.need('version', '3');
  let version: 2 | 3 | 4 | undefined;
  if (vC !== undefined) {
    const v = vC.scalarValue;
    if (v === '2' || v === '3' || v === '4') version = Number(v) as 2 | 3 | 4;
    else vC.error(`the GIC version must be 2, 3 or 4${v === undefined ? '' : `, not '${v}'`}`, 'write version: 2 (GIC-400), 3 (GIC-500/600) or 4');
  }
  const sgi = c.get('sgi')?.range(0, 15) ?? (c.has('sgi') ? undefined : ([0, 15] as const));
  const ppi = c.get('ppi')?.range(16, 31) ?? (c.has('ppi') ? undefined : ([16, 31] as const));
  const spi = c.get('spi')?.range(32, 1019) ?? (c.has('spi') ? undefined : ([32, 1019] as const));
  const diC = c.get('direct-injection');
  const directInjection = diC === undefined ? false : diC.bool();
  if (version === undefined || sgi === undefined || ppi === undefined || spi === undefined || directInjection === undefined) return undefined;
  return d.track({ version, sgi, ppi, spi, directInjection, at: c.at }, c);
}

function decodeSmmu(c: Cursor, d: Decoded): Smmu | undefined {
  if (!c.map(['present', 'unmatched-streams'], 'the SMMU')) return undefined;
  const present = c.need('present', 'true')?.bool();
  const usC = c.get('unmatched-streams');
  const unmatchedStreams = usC === undefined ? 'fault' : usC.oneOf(['fault', 'bypass'] as const);
  if (present === undefined || unmatchedStreams === undefined) return undefined;
  return d.track({ present, unmatchedStreams, at: c.at }, c);
}

function decodeLlc(c: Cursor, d: Decoded): Llc | undefined {
  if (!c.map(['size', 'ways', 'colors'], 'the last-level cache')) return undefined;
  const sizeBytes = c.need('size', '2MiB')?.size();
  const ways = c.need('ways', '16')?.int(1, 1024);
  const colors = c.need('colors', '16')?.int(1, 4096);
  if (sizeBytes === undefined || ways === undefined || colors === undefined) return undefined;
  return d.track({ sizeBytes, ways, colors, at: c.at }, c);
}

export const COST_KEYS = [
  'trap-entry',
  'trap-exit',
  'irq-inject',
  'direct-inject',
  'context-switch',
  'max-non-preemptible',
  'cache-interference',
] as const;

function decodeCosts(c: Cursor, d: Decoded, gic: Gic | undefined, hasLlc: boolean): CostModel | undefined {
  if (!c.map(COST_KEYS, 'the cost model')) return undefined;
  const trapEntryNs = c.need('trap-entry', '300ns')?.duration();
  const trapExitNs = c.need('trap-exit', '250ns')?.duration();
  const irqInjectNs = c.need('irq-inject', '500ns')?.duration();
  const contextSwitchNs = c.need('context-switch', '2us')?.duration();
  const maxNonPreemptibleNs = c.need('max-non-preemptible', '5us')?.duration();
  const diC = gic?.directInjection === true ? c.need('direct-inject', '100ns') : c.get('direct-inject');
  const directInjectNs = diC === undefined ? irqInjectNs : diC.duration();
  const ciC = hasLlc ? c.need('cache-interference', '4x') : c.get('cache-interference');
  const cacheInterference = ciC === undefined ? { num: 1n, den: 1n } : ciC.ratio();
  if (
    trapEntryNs === undefined ||
    trapExitNs === undefined ||
    irqInjectNs === undefined ||
    contextSwitchNs === undefined ||
    maxNonPreemptibleNs === undefined ||
    directInjectNs === undefined ||
    cacheInterference === undefined
  ) {
    return undefined;
  }
  return d.track(
    { trapEntryNs, trapExitNs, irqInjectNs, contextSwitchNs, maxNonPreemptibleNs, directInjectNs, cacheInterference, at: c.at },
    c,
  );
}
