// Jailhouse (arm64) → Scenario. Jailhouse's own rules are applied, nothing else:
//   - the root cell owns every CPU, memory region and interrupt pin at enable; `cell create`
//     takes the cell's CPUs, its non-ROOTSHARED memory and its pins from the root cell
//     (hypervisor/control.c: cell_create → remap_to_root_cell / arch_unmap from root);
//   - ivshmem endpoints pair by domain:BDF across cells; of the 2 + peers regions starting at
//     shmem_regions_start, peer i's output section is written by peer i and read by the others.
// The scenario describes the phase "every given cell created and running". Every element of
// the source gets a fate (faithful / approximate / refused), in the table and in the YAML.

import { resolve } from 'node:path';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { SourceRef } from '../../config/types.js';
import { finish, hexAddr, YamlOut, type FateRow, type ImportResult } from '../common.js';
import type { Overlay } from '../overlay.js';
import { CellFormatError, decodeConfig } from './decode.js';
import { cpusOf, type JhCell, type JhFile, type JhMemory, type Positioned, type Where } from './format.js';
import { CELL_FLAGS, IOMMU_TYPE, MEM, PCI_TYPE, SYS_FLAGS } from './layout.js';

type Mem = Positioned<JhMemory>;

export interface JailhouseInput {
  readonly file: string;
  readonly bytes: Uint8Array;
}

const ref = (w: Where): SourceRef => ({ file: resolve(w.file), line: 1, column: w.offset + 1, element: w.element });
const has = (m: JhMemory, f: bigint): boolean => (m.flags & f) !== 0n;

function flagNames(f: bigint): string {
  const names = Object.entries(MEM)
    .filter(([k, v]) => (f & v) === v && !(k.startsWith('IO_') && k !== 'IO_UNALIGNED' && (f & (0xfn << 16n)) !== v))
    .map(([k]) => k);
  return names.length === 0 ? '0' : names.join('|');
}

function diag(at: SourceRef, message: string, hint: string): Diagnostic {
  return { class: 'semantic', at, message, hint };
}

function vmName(cellName: string, used: Set<string>): string {
  let base = cellName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'cell';
  if (!/^[a-z]/.test(base)) base = `cell-${base}`;
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
  used.add(n);
  return n;
}

/** [lo, hi) minus the holes, as pieces. */
function subtract(lo: bigint, hi: bigint, holes: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] {
  let pieces: [bigint, bigint][] = [[lo, hi]];
  for (const [hl, hh] of holes) {
    pieces = pieces.flatMap(([a, b]): [bigint, bigint][] => {
      if (hh <= a || hl >= b) return [[a, b]];
      const out: [bigint, bigint][] = [];
      if (hl > a) out.push([a, hl]);
      if (hh < b) out.push([hh, b]);
      return out;
    });
  }
  return pieces;
}

interface CellInfo {
  readonly file: string;
  readonly cell: JhCell<true>;
  readonly vm: string;
  readonly root: boolean;
  readonly descAt: SourceRef;
  cpus: number[];
}

export function importJailhouse(inputs: readonly JailhouseInput[], outFile: string, overlay: Overlay): ImportResult {
  const decoded: JhFile<true>[] = [];
  const errors: Diagnostic[] = [];
  for (const { file, bytes } of inputs) {
    try {
      decoded.push(decodeConfig(file, bytes));
    } catch (e) {
      if (!(e instanceof CellFormatError)) throw e;
      errors.push({ class: 'syntax', at: { file: resolve(e.file), line: 1, column: e.offset + 1, element: e.element }, message: `at byte ${e.offset} (0x${e.offset.toString(16)}): ${e.message}`, hint: e.hint });
    }
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const systems = decoded.filter((d) => d.kind === 'system');
  if (systems.length !== 1 || decoded[0]!.kind !== 'system') {
    const at = { file: resolve(decoded[0]?.file ?? inputs[0]?.file ?? '.'), line: 1, column: 1 };
    return {
      ok: false,
      diagnostics: [diag(at, systems.length === 0 ? 'no system configuration (signature JHSYS) among the files' : systems.length > 1 ? `${systems.length} system configurations given; a set has exactly one` : 'the system configuration must come first', 'give the system configuration first, then the cell configurations: hvsafe import jailhouse board.cell board-linux-demo.cell …')],
    };
  }
  const sys = (decoded[0] as Extract<JhFile<true>, { kind: 'system' }>).system;
  const sysFile = decoded[0]!.file;
  const sysAt = (offset: number, element: string): SourceRef => ref({ file: sysFile, offset, element });
  const fates: FateRow[] = [];
  const fate = (element: string, at: SourceRef, f: FateRow['fate'], as: string, note = ''): void => void fates.push({ element, at, fate: f, as, note });

  const used = new Set<string>();
  const cells: CellInfo[] = [
    { file: sysFile, cell: sys.root, vm: vmName(sys.root.name, used), root: true, descAt: sysAt(356, 'root_cell'), cpus: cpusOf(sys.root.cpuSet) },
    ...decoded.slice(1).map((d) => {
      const c = (d as Extract<JhFile<true>, { kind: 'cell' }>).cell;
      return { file: d.file, cell: c, vm: vmName(c.name, used), root: false, descAt: ref({ file: d.file, offset: 0, element: 'cell' }), cpus: cpusOf(c.cpuSet) };
    }),
  ];
  for (const d of decoded.slice(1)) if (d.kind === 'system') errors.push(diag(ref({ file: d.file, offset: 0, element: 'signature' }), 'a second system configuration', 'a set has one system configuration, given first'));

  // ---- CPUs: a cell takes its CPUs from the root cell; two cells claiming one CPU cannot run together.
  const rootCpus = new Set(cells[0]!.cpus);
  const claimed = new Map<number, string>();
  for (const c of cells.slice(1)) {
    const at = cpusAt(c);
    for (const cpu of c.cpus) {
      if (!rootCpus.has(cpu)) errors.push(diag(at, `cell '${c.cell.name}' claims CPU ${cpu}, which the root cell does not own`, `Jailhouse refuses this cell: the root cell owns CPUs ${[...rootCpus].join(', ')}`));
      const other = claimed.get(cpu);
      if (other !== undefined) errors.push(diag(at, `cells '${other}' and '${c.cell.name}' both claim CPU ${cpu}: they cannot run together`, 'import each runnable combination of cells separately (one set per command)'));
      claimed.set(cpu, c.cell.name);
    }
    if (c.cpus.length === 0) errors.push(diag(at, `cell '${c.cell.name}' has no CPU`, 'a cell needs at least one CPU in its cpu set'));
  }
  cells[0]!.cpus = cells[0]!.cpus.filter((c) => !claimed.has(c));
  if (cells[0]!.cpus.length === 0 && errors.length === 0) errors.push(diag(sysAt(356 + 132, 'root_cell.cpus'), 'the cells take every CPU of the root cell', 'Jailhouse keeps at least one CPU for the root cell: give a cell fewer CPUs'));
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // ---- ivshmem links: pair by domain:BDF; mark the regions each endpoint consumes.
  interface Endpoint { readonly c: CellInfo; readonly dev: JhCell<true>['pciDevices'][number] }
  const links = new Map<string, Endpoint[]>();
  const consumed = new Map<CellInfo, Set<number>>(cells.map((c) => [c, new Set<number>()]));
  for (const c of cells) {
    for (const dev of c.cell.pciDevices) {
      if (dev.type !== PCI_TYPE.IVSHMEM) continue;
      const n = 2 + dev.shmemPeers;
      if (dev.shmemPeers < 2 || dev.shmemDevId >= dev.shmemPeers || dev.shmemRegionsStart + n > c.cell.memory.length) {
        errors.push(diag(ref(dev.at), `ivshmem device ${bdfText(dev.domain, dev.bdf)} of '${c.cell.name}' names regions ${dev.shmemRegionsStart}..${dev.shmemRegionsStart + n - 1} (state table, rw section, ${dev.shmemPeers} output sections) but the cell has ${c.cell.memory.length} memory regions, or its peer id ${dev.shmemDevId} is not below shmem_peers ${dev.shmemPeers}`, 'Jailhouse refuses this cell: check shmem_regions_start, shmem_peers and shmem_dev_id'));
        continue;
      }
      for (let i = 0; i < n; i++) consumed.get(c)!.add(dev.shmemRegionsStart + i);
      const key = bdfText(dev.domain, dev.bdf);
      links.set(key, [...(links.get(key) ?? []), { c, dev }]);
    }
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // ---- donation: non-ROOTSHARED regions of created cells leave the root cell.
  const holes: [bigint, bigint][] = [];
  for (const c of cells.slice(1)) {
    c.cell.memory.forEach((m) => {
      if (!has(m, MEM.ROOTSHARED) && !has(m, MEM.COMM_REGION) && m.size > 0n) holes.push([m.phys, m.phys + m.size]);
    });
  }

  // ---- per-cell memory: RAM → stage-2 mappings, IO → devices, the rest refused with reasons.
  interface Piece { readonly pa: bigint; readonly ipa: bigint; readonly size: bigint; readonly m: Mem; readonly c: CellInfo; readonly idx: number }
  const ram: Piece[] = [];
  const io: Piece[] = [];
  for (const c of cells) {
    c.cell.memory.forEach((m, idx) => {
      const el = `${c.vm}: mem_regions[${idx}] (${flagNames(m.flags)})`;
      const at = ref(m.at);
      if (consumed.get(c)!.has(idx)) return; // reported with its ivshmem link
      if (has(m, MEM.COMM_REGION)) {
        fate(el, at, 'refused', '-', 'the communication region is a page of the hypervisor, private to this cell (no physical address in the configuration): not part of the model yet (issue 11); assume each cell gets its own page, as Jailhouse allocates it');
        return;
      }
      if (m.size === 0n) {
        fate(el, at, 'faithful', '-', 'an empty region (size 0) grants nothing');
        return;
      }
      if (!has(m, MEM.READ) && !has(m, MEM.WRITE) && !has(m, MEM.EXECUTE)) {
        fate(el, at, 'refused', '-', 'grants no access (no READ, WRITE or EXECUTE): the cell cannot use it, and a mapping without permissions is not expressible');
        return;
      }
      const pieces = c.root ? subtract(m.phys, m.phys + m.size, holes) : [[m.phys, m.phys + m.size] as [bigint, bigint]];
      const notes: string[] = [];
      if (c.root && pieces.length !== 1) notes.push(`after 'cell create' the root cell keeps ${pieces.length === 0 ? 'none of it' : pieces.map(([a, b]) => `${hexAddr(a)}-${hexAddr(b - 1n)}`).join(', ')} (the rest is donated)`);
      let f: FateRow['fate'] = 'faithful';
      if (has(m, MEM.LOADABLE)) {
        f = 'approximate';
        notes.push('LOADABLE: checked in the running phase only; while an image is loaded the root cell maps it too (Jailhouse rule; phases are issue 11)');
      }
      if (!c.root && has(m, MEM.ROOTSHARED) && has(m, MEM.IO)) {
        f = 'approximate';
        notes.push('ROOTSHARED: the root cell keeps it; intended sharing has no declared exception in the model yet (issue 11), so a check reports it as shared');
      } else if (!c.root && has(m, MEM.ROOTSHARED)) {
        f = 'approximate';
        notes.push('ROOTSHARED: the root cell keeps it; intended sharing has no declared exception in the model yet (issue 11), so a check reports the overlap if the root cell maps it');
      }
      if (has(m, MEM.DMA)) {
        f = 'approximate';
        notes.push('DMA: the cell\'s DMA masters may reach it; the model confines DMA through its devices\' SMMU contexts, not per region');
      }
      if (has(m, MEM.IO) && (m.phys % 4096n !== 0n || m.size % 4096n !== 0n || (m.flags & (0xfn << 16n)) !== 0n)) {
        f = 'approximate';
        notes.push('sub-page MMIO (access widths): modelled at page granularity, which can only over-report reach (issue 11)');
      }
      if (has(m, MEM.NO_HUGEPAGES)) notes.push('NO_HUGEPAGES: a mapping-granularity hint, no isolation effect');
      if (m.phys !== m.virt && has(m, MEM.IO)) notes.push(`mapped at IPA ${hexAddr(m.virt)}`);
      for (const [lo, hi] of pieces) {
        const p = { pa: lo, ipa: m.virt + (lo - m.phys), size: hi - lo, m, c, idx };
        (has(m, MEM.IO) ? io : ram).push(p);
      }
      fate(el, at, pieces.length === 0 ? 'faithful' : f, pieces.length === 0 ? 'donated whole to the cells (not mapped in the root cell)' : has(m, MEM.IO) ? `device(s) ${pieces.map(([a]) => `io-${a.toString(16)}`).join(', ')} passed through to ${c.vm}` : `stage-2 mapping(s) of ${c.vm}`, notes.join('; '));
    });
    // cache regions (x86 CAT) and pio are not part of an arm64 configuration.
    for (const k of c.cell.cache) fate(`${c.vm}: cache_regions`, ref(k.at), 'refused', '-', 'cache allocation regions (x86 CAT) are not part of an arm64 configuration');
    for (const p of c.cell.pio) fate(`${c.vm}: pio_regions`, ref(p.at), 'refused', '-', 'port I/O exists on x86 only; waits for the x86 model');
    for (const k of c.cell.pciCaps) fate(`${c.vm}: pci_caps (id ${k.id})`, ref(k.at), 'refused', '-', 'PCI capabilities of physical PCI devices: physical PCI on Arm is not modelled yet (issue 11)');
    for (const s of c.cell.streamIds) {
      const id = s.raw & 0xffff;
      const mask = s.raw >>> 16;
      fate(`${c.vm}: stream_ids (id 0x${id.toString(16)}, mask_out 0x${mask.toString(16)})`, ref(s.at), 'refused', '-', 'a cell\'s stream IDs name DMA masters the configuration ties to no MMIO device, and masks are not modelled yet (issue 11); assume Jailhouse programs the SMMU so these streams reach only this cell\'s DMA regions');
    }
    const fl = c.cell.flags;
    if (fl & CELL_FLAGS.AARCH32) fate(`${c.vm}: flags AARCH32`, c.descAt, 'faithful', 'os', 'the cell runs in AArch32: no isolation effect');
    if (fl & (CELL_FLAGS.VCON_ACTIVE | CELL_FLAGS.VCON_PERMITTED)) fate(`${c.vm}: flags VIRTUAL_CONSOLE`, c.descAt, 'refused', '-', 'the hypervisor\'s virtual debug console (a hypercall writing to the hypervisor\'s UART) is not modelled yet (issue 11); assume its output is rate-limited and write-only');
    if (fl & CELL_FLAGS.PASSIVE_COMMREG) fate(`${c.vm}: flags PASSIVE_COMMREG`, c.descAt, 'approximate', '-', 'the cell does not take part in the shutdown handshake: the root cell can destroy it at any time (phases are issue 11)');
    if (c.cell.console.type !== 0) fate(`${c.vm}: console (type ${c.cell.console.type} at ${hexAddr(c.cell.console.address)})`, c.descAt, 'faithful', '-', 'the cell\'s console is a hint to the inmate; access is granted by its memory regions');
    if (c.cell.cpuResetAddress !== 0n) fate(`${c.vm}: cpu_reset_address`, c.descAt, 'faithful', '-', 'the entry point: no isolation effect');
  }

  // ---- interrupts: pins from the GICD irqchip bitmaps; a cell's pins leave the root cell.
  const pins = new Map<CellInfo, { n: number; at: SourceRef }[]>();
  for (const c of cells) {
    const list: { n: number; at: SourceRef }[] = [];
    c.cell.irqchips.forEach((q, i) => {
      const ns: number[] = [];
      q.pinBitmap.forEach((w, wi) => {
        for (let b = 0; b < 32; b++) if ((w >>> b) & 1) ns.push(q.pinBase + wi * 32 + b);
      });
      const el = `${c.vm}: irqchips[${i}] (${hexAddr(q.address)}, pins ${q.pinBase}..${q.pinBase + 127}: ${ns.length} set)`;
      if (q.address !== sys.arm.gicd) {
        fate(el, ref(q.at), 'refused', '-', `an irqchip other than the GIC distributor at ${hexAddr(sys.arm.gicd)} is not modelled`);
        return;
      }
      const bad = ns.filter((n) => n < 32 || n > 1019);
      if (bad.length > 0) fate(`${c.vm}: irqchips[${i}] pins ${bad.join(', ')}`, ref(q.at), 'refused', '-', 'not SPIs (32..1019)');
      for (const n of ns) if (n >= 32 && n <= 1019) list.push({ n, at: ref(q.at) });
      fate(el, ref(q.at), 'approximate', `SPI routes of ${c.vm}`, 'each pin is routed to vCPU 0 (the guest programs the target CPU itself; latency bounds assume vCPU 0)');
    });
    pins.set(c, list);
  }
  const cellPins = new Set(cells.slice(1).flatMap((c) => pins.get(c)!.map((p) => p.n)));
  pins.set(cells[0]!, pins.get(cells[0]!)!.filter((p) => !cellPins.has(p.n)));

  // ---- the SoC: what the system configuration says of the platform.
  const soc = new YamlOut();
  soc.comment(`SoC generated by 'hvsafe import jailhouse' from ${sysFile}.\nJailhouse does not describe the board; what it says is below, each line naming its source.`);
  soc.line(`name: ${cells[0]!.vm}-platform`, sysAt(356 + 8, 'root_cell.name'));
  soc.line(`cpus: [${cpusOf(sys.root.cpuSet).join(', ')}]`, sysAt(356 + 132, 'root_cell.cpus'));
  fate('system: root_cell.cpus', sysAt(356 + 132, 'root_cell.cpus'), 'faithful', 'SoC cpus', 'the root cell owns every CPU Jailhouse manages');
  soc.line('ram:');
  const ramBanks = sys.root.memory.filter((m) => !has(m, MEM.IO) && !has(m, MEM.COMM_REGION) && m.size > 0n);
  ramBanks.forEach((m, i) => soc.line(`  - { name: ram${i}, base: ${hexAddr(m.phys)}, size: ${hexAddr(m.size)} }`, ref(m.at)));
  fate('system: RAM banks', sysAt(356, 'root_cell.mem_regions'), 'approximate', 'SoC ram', 'the board\'s RAM is taken to be the root cell\'s non-IO regions (Jailhouse does not describe the RAM the root cell does not map)');
  const hv = sys.hypervisorMemory;
  soc.line('hypervisor-memory:');
  soc.line(`  - { name: jailhouse, base: ${hexAddr(hv.phys)}, size: ${hexAddr(hv.size)} }`, sysAt(12, 'hypervisor_memory'));
  fate('system: hypervisor_memory', sysAt(12, 'hypervisor_memory'), 'faithful', 'SoC hypervisor-memory');
  const spiTop = Math.max(159, ...[...pins.values()].flat().map((p) => p.n));
  const gicAt = sysAt(312, 'platform_info.arm');
  if (sys.arm.gicVersion !== 2 && sys.arm.gicVersion !== 3) {
    return { ok: false, diagnostics: [diag({ ...gicAt, column: 314, element: 'platform_info.arm.gic_version' }, `GIC version ${sys.arm.gicVersion} is not 2 or 3`, 'Jailhouse on arm64 supports GICv2 and GICv3')] };
  }
  soc.line(`gic: { version: ${sys.arm.gicVersion}, spi: 32-${spiTop}, direct-injection: false }`, gicAt);
  fate('system: platform_info.arm (gic_version, gicd/gicc/gich/gicv/gicr bases)', gicAt, 'faithful', 'SoC gic', `GICv${sys.arm.gicVersion}; the hypervisor owns the distributor and emulates it; SPIs up to the highest pin any cell names (${spiTop})`);
  fate(`system: platform_info.arm.maintenance_irq (${sys.arm.maintenanceIrq})`, gicAt, 'refused', '-', 'a PPI of the hypervisor: private interrupts are not modelled yet (issue 11)');
  const units = sys.iommuUnits.map((u, i) => ({ u, i })).filter(({ u }) => u.type !== 0);
  const smmuAt = sysAt(88, 'platform_info.iommu_units');
  soc.line(`smmu: { present: ${units.length > 0}${units.length > 0 ? ', unmatched-streams: fault' : ''} }`, smmuAt);
  for (const { u, i } of units) {
    const name = Object.entries(IOMMU_TYPE).find(([, v]) => v === u.type)?.[0] ?? `type ${u.type}`;
    fate(`system: iommu_units[${i}] (${name} at ${hexAddr(u.base)})`, sysAt(88 + 28 * i, `platform_info.iommu_units[${i}]`), u.type === IOMMU_TYPE.ARM_MMU500 ? 'approximate' : 'refused', u.type === IOMMU_TYPE.ARM_MMU500 ? 'SoC smmu' : '-', u.type === IOMMU_TYPE.ARM_MMU500 ? 'one SMMU for the SoC (several units are one in the model); unmatched streams fault (Jailhouse sets sCR0.USFCFG)' : 'only the ARM MMU-500 is modelled yet (issue 11)');
  }
  const costs = overlay.soc.get('costs');
  if (costs !== undefined) soc.line(`costs: ${costs.text}`, costs.at);
  else {
    soc.line('costs: { trap-entry: 0ns, trap-exit: 0ns, irq-inject: 0ns, context-switch: 0ns, max-non-preemptible: 0ns }', undefined, 'NOT IN THE SOURCE: hypervisor costs are zero until the overlay gives measured ones;\ntiming verdicts are not evidence until then.');
    fate('costs (not in the source)', sysAt(0, 'system'), 'approximate', 'SoC costs = 0', 'the source gives no hypervisor costs: zero until an overlay (soc: costs:) gives measured ones; timing verdicts are not evidence until then');
  }
  const llc = overlay.soc.get('llc');
  if (llc !== undefined) soc.line(`llc: ${llc.text}`, llc.at);
  fate(`system: debug_console (${hexAddr(sys.debugConsole.address)})`, sysAt(44, 'debug_console'), 'refused', '-', 'the hypervisor\'s own UART; a cell region that maps it is checked as that cell\'s device');
  if (sys.flags & SYS_FLAGS.VIRTUAL_DEBUG_CONSOLE) fate('system: flags VIRTUAL_DEBUG_CONSOLE', sysAt(8, 'flags'), 'refused', '-', 'the root cell may read the hypervisor\'s console buffer: the virtual console is not modelled yet (issue 11)');
  if (sys.pciMmconfigBase !== 0n) fate(`system: platform_info.pci_mmconfig_base (${hexAddr(sys.pciMmconfigBase)}${sys.pciIsVirtual ? ', virtual' : ''})`, sysAt(76, 'platform_info.pci_mmconfig_base'), 'refused', '-', sys.pciIsVirtual ? 'a virtual PCI host (ECAM) emulated by the hypervisor: not modelled yet (issue 11)' : 'physical PCI on Arm is not modelled yet (issue 11)');

  // devices: one per distinct IO piece
  const devName = (p: Piece): string => `io-${p.pa.toString(16)}${p.size !== 0x1000n ? `-${p.size.toString(16)}` : ''}`;
  const devs = new Map<string, Piece>();
  for (const p of io) if (!devs.has(devName(p))) devs.set(devName(p), p);
  if (devs.size > 0) soc.line('devices:');
  for (const [n, p] of devs) soc.line(`  - { name: ${n}, kind: mmio, mmio: { base: ${hexAddr(p.pa)}, size: ${hexAddr(p.size)} } }`, ref(p.m.at));

  // ---- channels from ivshmem links.
  interface Chan { name: string; pa: bigint; size: bigint; writers: string[]; eps: { vm: string; ipa: bigint; perms: string; at: SourceRef }[]; at: SourceRef }
  const chans: Chan[] = [];
  for (const [bdf, eps] of links) {
    const first = eps[0]!;
    const linkName = `ivshmem-${bdf.replace(/[:.]/g, '-')}`;
    const peersAt = ref(first.dev.at);
    for (const e of eps) fate(`${e.c.vm}: pci_devices (ivshmem ${bdf}, peer ${e.dev.shmemDevId} of ${e.dev.shmemPeers})`, ref(e.dev.at), 'approximate', `endpoint of ${linkName}-*`, 'the doorbell is a virtual INTx/MSI (vpci_irq_base), not modelled yet (issue 11); the link\'s sections become channels');
    const ids = new Set(eps.map((e) => e.dev.shmemDevId));
    if (eps.length < 2 || ids.size !== eps.length || eps.some((e) => e.dev.shmemPeers !== first.dev.shmemPeers)) {
      fate(`ivshmem ${bdf}`, peersAt, 'refused', '-', eps.length < 2 ? `only ${eps.map((e) => e.c.vm).join(', ')} of the set has this BDF: its peer is not among the given cells (the link stays inactive until it is)` : 'the peers disagree on shmem_peers or share a peer id: Jailhouse does not connect them');
      continue;
    }
    const regionOf = (e: Endpoint, k: number): Mem => e.c.cell.memory[e.dev.shmemRegionsStart + k]!;
    const state = regionOf(first, 0);
    fate(`ivshmem ${bdf}: state table (${hexAddr(state.phys)}, ${hexAddr(state.size)})`, ref(state.at), 'refused', '-', 'written by the hypervisor, read-only to every peer: a hypervisor-written region is not expressible yet (issue 11); assume the peers only read it');
    // Each peer's endpoint of a section, with the permissions its region flags grant (none: no endpoint).
    const endpointsOf = (k: number, what: string): Chan['eps'] =>
      eps.flatMap((e) => {
        const r = regionOf(e, k);
        const perms = `${has(r, MEM.READ) ? 'r' : ''}${has(r, MEM.WRITE) ? 'w' : ''}`;
        if (perms === '') {
          fate(`${e.c.vm}: ivshmem ${bdf} ${what}`, ref(r.at), 'refused', '-', 'the peer maps the section without READ or WRITE: it has no access, so it is no endpoint');
          return [];
        }
        return [{ vm: e.c.vm, ipa: r.virt, perms, at: ref(r.at) }];
      });
    const rw = regionOf(first, 1);
    const rwApart = eps.filter((e) => regionOf(e, 1).phys !== rw.phys || regionOf(e, 1).size !== rw.size);
    if (rw.size === 0n) fate(`ivshmem ${bdf}: read-write section (empty)`, ref(rw.at), 'faithful', '-', 'size 0: no shared read-write section');
    else if (rwApart.length > 0) fate(`ivshmem ${bdf}: read-write section`, ref(regionOf(rwApart[0]!, 1).at), 'refused', '-', 'the peers place this section at different physical addresses: Jailhouse pairs them by BDF anyway and each sees its own memory, so they are not connected');
    else {
      // Every peer that maps the read-write section with WRITE writes it: several writers.
      const rwEps = endpointsOf(1, 'read-write section');
      const writers = rwEps.filter((e) => e.perms.includes('w')).map((e) => e.vm);
      if (writers.length === 0 || rwEps.length < 2) fate(`ivshmem ${bdf}: read-write section`, ref(rw.at), 'refused', '-', writers.length === 0 ? 'no peer maps it with WRITE: nobody writes it, and a channel needs a writer' : 'only one peer maps it: nothing is shared');
      else {
        const name = `${linkName}-rw`;
        chans.push({ name, pa: rw.phys, size: rw.size, writers, eps: rwEps, at: ref(rw.at) });
        fate(`ivshmem ${bdf}: read-write section (${hexAddr(rw.phys)}, ${hexAddr(rw.size)})`, ref(rw.at), 'faithful', `channel ${name}, writers ${writers.join(', ')}`, 'permissions as each peer\'s region flags grant them; every peer with WRITE is a writer');
      }
    }
    for (let peer = 0; peer < first.dev.shmemPeers; peer++) {
      const owner = eps.find((e) => e.dev.shmemDevId === peer);
      const out = regionOf(first, 2 + peer);
      if (owner === undefined) {
        fate(`ivshmem ${bdf}: output section of peer ${peer}`, ref(out.at), 'refused', '-', `peer ${peer} is not among the given cells`);
        continue;
      }
      if (out.size === 0n) continue;
      const name = `${linkName}-out${peer}`;
      const disagree = eps.filter((e) => regionOf(e, 2 + peer).phys !== out.phys || regionOf(e, 2 + peer).size !== out.size);
      if (disagree.length > 0) {
        fate(`ivshmem ${bdf}: output section of peer ${peer}`, ref(regionOf(disagree[0]!, 2 + peer).at), 'refused', '-', 'the peers place this section at different physical addresses: Jailhouse pairs them by BDF anyway and each sees its own memory, so they are not connected');
        continue;
      }
      const ownerRegion = regionOf(owner, 2 + peer);
      if (!has(ownerRegion, MEM.WRITE)) {
        // The section is its owner's to write; an owner that cannot leaves nobody writing it.
        fate(`ivshmem ${bdf}: output section of peer ${peer}`, ref(ownerRegion.at), 'refused', '-', `its owner ${owner.c.vm} maps it without WRITE: nobody writes it, and a channel needs a writer`);
        continue;
      }
      chans.push({
        name,
        pa: out.phys,
        size: out.size,
        writers: [owner.c.vm],
        eps: endpointsOf(2 + peer, `output section of peer ${peer}`),
        at: ref(ownerRegion.at),
      });
      fate(`ivshmem ${bdf}: output section of peer ${peer} (${hexAddr(out.phys)}, ${hexAddr(out.size)})`, ref(ownerRegion.at), 'faithful', `channel ${name}, writer ${owner.c.vm}`, 'permissions as each peer\'s region flags grant them');
    }
  }

  // ---- the scenario.
  const y = new YamlOut();
  y.comment(`Generated by 'hvsafe import jailhouse' from:\n${inputs.map((i) => `  ${i.file}`).join('\n')}\nThe phase described: every cell above created and running (root cell after donation).\nEach line names the source element it translates; see the fate table (hvsafe import --fates).`);
  y.line(`name: ${cells[0]!.vm}-set`, cells[0]!.descAt);
  y.line(`description: Jailhouse set imported from ${inputs.length} configuration(s)`);
  y.line('soc: @SOC@');
  y.line('vms:');
  const unknownVm = [...overlay.vms.keys()].filter((n) => !cells.some((c) => c.vm === n));
  for (const n of unknownVm) errors.push(diag(overlay.vms.get(n)!.at, `the overlay names VM '${n}', which the import does not produce`, `the VMs are ${cells.map((c) => c.vm).join(', ')}`));
  const unknownCh = [...overlay.channels.keys()].filter((n) => !chans.some((c) => c.name === n));
  for (const n of unknownCh) errors.push(diag(overlay.channels.get(n)!.at, `the overlay names channel '${n}', which the import does not produce`, `the channels are ${chans.map((c) => c.name).join(', ') || '(none)'}`));
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  for (const c of cells) {
    const ov = overlay.vms.get(c.vm)?.fields ?? new Map();
    y.line(`  - name: ${c.vm}`, c.descAt, c.root ? `root cell '${c.cell.name}'` : `cell '${c.cell.name}' (${c.file})`);
    const crit = ov.get('criticality');
    if (crit !== undefined) y.line(`    criticality: ${crit.text}`, crit.at);
    else {
      y.line('    criticality: unassessed', c.descAt, 'NOT IN THE SOURCE: give it in the overlay');
      fate(`${c.vm}: criticality (not in the source)`, c.descAt, 'approximate', 'unassessed', 'an open item in the safety case until the overlay gives it');
    }
    const os = ov.get('os');
    if (os !== undefined) y.line(`    os: ${os.text}`, os.at);
    else y.line(`    os: ${c.root ? 'linux' : 'unknown'}`, c.descAt, c.root ? 'the root cell runs Linux (Jailhouse is enabled from it)' : undefined);
    y.line(`    vcpus: [${c.cpus.join(', ')}]`, cpusAt(c));
    fate(`${c.vm}: cpus (${c.cpus.join(', ')})`, cpusAt(c), 'faithful', `vCPUs of ${c.vm}, each bound to its pCPU`, c.root && claimed.size > 0 ? `after donation (CPUs ${[...claimed.keys()].join(', ')} went to the cells)` : '');
    const mine = ram.filter((p) => p.c === c);
    y.line(mine.length === 0 ? '    memory: []' : '    memory:');
    for (const p of mine) y.line(`      - { name: r${p.idx}-${p.pa.toString(16)}, ipa: ${hexAddr(p.ipa)}, pa: ${hexAddr(p.pa)}, size: ${hexAddr(p.size)}, perms: ${permsOf(p.m)} }`, ref(p.m.at));
    const myIo = io.filter((p) => p.c === c);
    if (myIo.length > 0) y.line('    devices:');
    for (const p of myIo) y.line(`      - { device: ${devName(p)}, mmio-ipa: ${hexAddr(p.ipa)} }`, ref(p.m.at));
    const myPins = pins.get(c)!;
    if (myPins.length > 0) y.line('    irqs:');
    for (const p of myPins) y.line(`      - { spi: ${p.n}, vcpu: 0 }`, p.at);
    const health = ov.get('health');
    if (health !== undefined) y.line(`    health: ${health.text}`, health.at);
    else {
      y.line('    health: { on-fault: stop }', c.descAt, 'NOT IN THE SOURCE: Jailhouse parks a CPU that faults; no watchdog, no restart');
      fate(`${c.vm}: health policy (not in the source)`, c.descAt, 'approximate', 'on-fault: stop', 'Jailhouse parks a faulting CPU and restarts nothing; no watchdog unless the overlay declares one');
    }
    for (const k of ['latency', 'tasks', 'task-policy', 'cache-colors'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  y.line('schedule:', undefined, 'Jailhouse: one vCPU per pCPU, no scheduler');
  for (const c of cells) c.cpus.forEach((p, i) => y.line(`  - { pcpu: ${p}, bind: ${c.vm}:${i} }`, cpusAt(c)));
  if (chans.length > 0) y.line('channels:');
  for (const ch of chans) {
    const ov = overlay.channels.get(ch.name)?.fields ?? new Map();
    y.line(`  - name: ${ch.name}`, ch.at);
    y.line(`    pa: ${hexAddr(ch.pa)}`, ch.at);
    y.line(`    size: ${hexAddr(ch.size)}`, ch.at);
    y.line(ch.writers.length === 1 ? `    writer: ${ch.writers[0]}` : `    writers: [${ch.writers.join(', ')}]`, ch.at);
    y.line('    endpoints:');
    for (const e of ch.eps) y.line(`      - { vm: ${e.vm}, ipa: ${hexAddr(e.ipa)}, perms: ${e.perms} }`, e.at);
    for (const k of ['protection', 'timeout'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  return finish(outFile, y, soc, fates, inputs.map((i) => i.file));
}

/** The CPU set follows the cell descriptor (132 bytes) directly. */
function cpusAt(c: CellInfo): SourceRef {
  return { ...c.descAt, column: c.descAt.column + 132, element: c.root ? 'root_cell.cpus' : 'cpus' };
}

function permsOf(m: JhMemory): string {
  return `${has(m, MEM.READ) ? 'r' : ''}${has(m, MEM.WRITE) ? 'w' : ''}${has(m, MEM.EXECUTE) ? 'x' : ''}`;
}

function bdfText(domain: number, bdf: number): string {
  const h = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  return `${h(domain, 4)}:${h(bdf >> 8, 2)}:${h((bdf >> 3) & 0x1f, 2)}.${bdf & 7}`;
}
