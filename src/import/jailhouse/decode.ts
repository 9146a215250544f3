// Decoding .cell binaries by their packed layout. Every read is bounds-checked against the
// file; counts are checked against the bytes present before anything is allocated, so a
// corrupted count cannot make the decoder allocate or loop without bound.

import { ARCH, ARM, CELL, CELL_SIGNATURE, CONFIG_REVISION, CONSOLE, IOMMU, MAX_IOMMU_UNITS, MEM_KNOWN, NAME_MAXLEN, PCI, SIZE, SYSTEM, SYSTEM_SIGNATURE } from './layout.js';
import type { JhCell, JhConsole, JhFile, JhIommu, JhMemory, JhSystem, Positioned, Where } from './format.js';

/** A decoding failure: the file, the byte offset, what is wrong and what would be right. */
export class CellFormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly element: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

class Reader {
  constructor(
    readonly file: string,
    readonly buf: Uint8Array,
  ) {}
  private view = (): DataView => new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  need(off: number, len: number, element: string): void {
    if (off < 0 || off + len > this.buf.length) {
      throw new CellFormatError(
        this.file,
        Math.min(off, this.buf.length),
        element,
        `the file ends at byte ${this.buf.length} (${hex(this.buf.length)}), inside ${element} (bytes ${off}..${off + len - 1})`,
        'the file is truncated, or a count in the header is wrong: rebuild the .cell from its C source',
      );
    }
  }
  u8(off: number, el: string): number {
    this.need(off, 1, el);
    return this.buf[off]!;
  }
  u16(off: number, el: string): number {
    this.need(off, 2, el);
    return this.view().getUint16(off, true);
  }
  u32(off: number, el: string): number {
    this.need(off, 4, el);
    return this.view().getUint32(off, true);
  }
  u64(off: number, el: string): bigint {
    this.need(off, 8, el);
    return this.view().getBigUint64(off, true);
  }
  bytes(off: number, len: number, el: string): number[] {
    this.need(off, len, el);
    return [...this.buf.subarray(off, off + len)];
  }
  text(off: number, len: number, el: string): string {
    const b = this.bytes(off, len, el);
    const end = b.indexOf(0);
    return String.fromCharCode(...(end < 0 ? b : b.slice(0, end)));
  }
}

function header(r: Reader, kind: 'system' | 'cell'): void {
  const want = kind === 'system' ? SYSTEM_SIGNATURE : CELL_SIGNATURE;
  const other = kind === 'system' ? CELL_SIGNATURE : SYSTEM_SIGNATURE;
  const sig = r.text(0, 5, 'the signature');
  if (sig !== want) {
    throw new CellFormatError(
      r.file,
      0,
      'signature',
      sig === other ? `this is a ${kind === 'system' ? 'cell' : 'system'} configuration, given where a ${kind} configuration was expected` : `not a Jailhouse configuration: the signature is '${sig.replace(/[^\x20-\x7e]/g, '?')}', not '${SYSTEM_SIGNATURE}' or '${CELL_SIGNATURE}'`,
      'give the system configuration (the one `jailhouse enable` loads) first, then the cell configurations',
    );
  }
  const arch = r.u8(5, 'architecture');
  if (arch !== ARCH.arm64) {
    throw new CellFormatError(
      r.file,
      5,
      'architecture',
      `architecture ${arch} (${arch === ARCH.x86 ? 'x86' : arch === ARCH.arm ? 'arm (32-bit)' : 'unknown'}) is not supported yet`,
      'hvsafe imports arm64 Jailhouse configurations (architecture 2); x86 waits for the x86 model',
    );
  }
  const rev = r.u16(6, 'revision');
  if (rev !== CONFIG_REVISION) {
    throw new CellFormatError(r.file, 6, 'revision', `config revision ${rev} is not the revision hvsafe reads (${CONFIG_REVISION})`, `rebuild the configuration with a Jailhouse whose JAILHOUSE_CONFIG_REVISION is ${CONFIG_REVISION} (v0.12 and later)`);
  }
}

function consoleAt(r: Reader, off: number, el: string): JhConsole {
  return {
    address: r.u64(off + CONSOLE.address, el),
    size: r.u32(off + CONSOLE.size, el),
    type: r.u16(off + CONSOLE.type, el),
    flags: r.u16(off + CONSOLE.flags, el),
    divider: r.u32(off + CONSOLE.divider, el),
    gateNr: r.u32(off + CONSOLE.gateNr, el),
    clockReg: r.u64(off + CONSOLE.clockReg, el),
  };
}

function memoryAt(r: Reader, off: number, el: string): JhMemory {
  const m = { phys: r.u64(off, el), virt: r.u64(off + 8, el), size: r.u64(off + 16, el), flags: r.u64(off + 24, el) };
  const unknown = m.flags & ~MEM_KNOWN;
  if (unknown !== 0n) {
    throw new CellFormatError(r.file, off + 24, `${el}.flags`, `${el} has flag bits ${hex(unknown)} that revision ${CONFIG_REVISION} does not define`, 'the file is corrupted or from another revision: rebuild it');
  }
  if (m.phys + m.size > 1n << 64n || m.virt + m.size > 1n << 64n) {
    throw new CellFormatError(r.file, off, el, `${el} ends past the 64-bit address space (start + size overflows)`, 'check phys_start, virt_start and size');
  }
  return m;
}

/** Decode one cell descriptor and its arrays at `base`; returns the cell and its end offset. */
function cellAt(r: Reader, base: number, prefix: string): { cell: JhCell<true>; end: number } {
  const el = (f: string): string => `${prefix}${f}`;
  const name = r.text(base + CELL.name, NAME_MAXLEN + 1, el('name'));
  const count = (off: number, f: string): number => r.u32(base + off, el(f));
  const cpuSetSize = count(CELL.cpuSetSize, 'cpu_set_size');
  const nMem = count(CELL.numMemoryRegions, 'num_memory_regions');
  const nCache = count(CELL.numCacheRegions, 'num_cache_regions');
  const nIrq = count(CELL.numIrqchips, 'num_irqchips');
  const nPio = count(CELL.numPioRegions, 'num_pio_regions');
  const nPci = count(CELL.numPciDevices, 'num_pci_devices');
  const nCaps = count(CELL.numPciCaps, 'num_pci_caps');
  const nSid = count(CELL.numStreamIds, 'num_stream_ids');
  // The whole extent first: a corrupted count is reported once, at its own field, before any allocation.
  const parts: [string, number, number, number][] = [
    ['cpu_set_size', CELL.cpuSetSize, cpuSetSize, 1],
    ['num_memory_regions', CELL.numMemoryRegions, nMem, SIZE.memory],
    ['num_cache_regions', CELL.numCacheRegions, nCache, SIZE.cache],
    ['num_irqchips', CELL.numIrqchips, nIrq, SIZE.irqchip],
    ['num_pio_regions', CELL.numPioRegions, nPio, SIZE.pio],
    ['num_pci_devices', CELL.numPciDevices, nPci, SIZE.pciDevice],
    ['num_pci_caps', CELL.numPciCaps, nCaps, SIZE.pciCap],
    ['num_stream_ids', CELL.numStreamIds, nSid, SIZE.streamId],
  ];
  let off = base + SIZE.cellDesc;
  r.need(base, SIZE.cellDesc, el('the cell descriptor'));
  const starts: number[] = [];
  for (const [f, at, n, size] of parts) {
    starts.push(off);
    off += n * size;
    if (off > r.buf.length) {
      throw new CellFormatError(
        r.file,
        base + at,
        el(f),
        `${el(f)} is ${n}, but the ${f === 'cpu_set_size' ? 'CPU set' : 'array'} would end at byte ${off} and the file has ${r.buf.length} bytes`,
        'the file is truncated or the count is corrupted: rebuild the .cell from its C source',
      );
    }
  }
  const [sCpu, sMem, sCache, sIrq, sPio, sPci, sCaps, sSid] = starts as [number, number, number, number, number, number, number, number];
  const at = (offset: number, element: string): Where => ({ file: r.file, offset, element: el(element) });
  const list = <T>(start: number, n: number, size: number, what: string, f: (o: number, e: string) => T): Positioned<T>[] =>
    Array.from({ length: n }, (_, i) => {
      const o = start + i * size;
      const e = `${what}[${i}]`;
      return { ...f(o, el(e)), at: at(o, e) };
    });
  const cell: JhCell<true> = {
    architecture: r.u8(base + CELL.architecture, el('architecture')),
    revision: r.u16(base + CELL.revision, el('revision')),
    name,
    id: r.u32(base + CELL.id, el('id')),
    flags: r.u32(base + CELL.flags, el('flags')),
    cpuSet: r.bytes(sCpu, cpuSetSize, el('cpus')),
    memory: list(sMem, nMem, SIZE.memory, 'mem_regions', (o, e) => memoryAt(r, o, e)),
    cache: list(sCache, nCache, SIZE.cache, 'cache_regions', (o, e) => ({ start: r.u32(o, e), size: r.u32(o + 4, e), type: r.u8(o + 8, e), flags: r.u16(o + 10, e) })),
    irqchips: list(sIrq, nIrq, SIZE.irqchip, 'irqchips', (o, e) => ({
      address: r.u64(o, e),
      id: r.u32(o + 8, e),
      pinBase: r.u32(o + 12, e),
      pinBitmap: [r.u32(o + 16, e), r.u32(o + 20, e), r.u32(o + 24, e), r.u32(o + 28, e)] as const,
    })),
    pio: list(sPio, nPio, SIZE.pio, 'pio_regions', (o, e) => ({ base: r.u16(o, e), length: r.u16(o + 2, e) })),
    pciDevices: list(sPci, nPci, SIZE.pciDevice, 'pci_devices', (o, e) => ({
      type: r.u8(o + PCI.type, e),
      iommu: r.u8(o + PCI.iommu, e),
      domain: r.u16(o + PCI.domain, e),
      bdf: r.u16(o + PCI.bdf, e),
      barMask: Array.from({ length: 6 }, (_, i) => r.u32(o + PCI.barMask + 4 * i, e)),
      capsStart: r.u16(o + PCI.capsStart, e),
      numCaps: r.u16(o + PCI.numCaps, e),
      numMsiVectors: r.u8(o + PCI.numMsiVectors, e),
      msiBits: r.u8(o + PCI.msiBits, e),
      numMsixVectors: r.u16(o + PCI.numMsixVectors, e),
      msixRegionSize: r.u16(o + PCI.msixRegionSize, e),
      msixAddress: r.u64(o + PCI.msixAddress, e),
      shmemRegionsStart: r.u32(o + PCI.shmemRegionsStart, e),
      shmemDevId: r.u8(o + PCI.shmemDevId, e),
      shmemPeers: r.u8(o + PCI.shmemPeers, e),
      shmemProtocol: r.u16(o + PCI.shmemProtocol, e),
    })),
    pciCaps: list(sCaps, nCaps, SIZE.pciCap, 'pci_caps', (o, e) => ({ id: r.u16(o, e), start: r.u16(o + 2, e), len: r.u16(o + 4, e), flags: r.u16(o + 6, e) })),
    streamIds: list(sSid, nSid, SIZE.streamId, 'stream_ids', (o, e) => ({ raw: r.u32(o, e) })),
    vpciIrqBase: r.u32(base + CELL.vpciIrqBase, el('vpci_irq_base')),
    cpuResetAddress: r.u64(base + CELL.cpuResetAddress, el('cpu_reset_address')),
    msgReplyTimeout: r.u64(base + CELL.msgReplyTimeout, el('msg_reply_timeout')),
    console: consoleAt(r, base + CELL.console, el('console')),
  };
  return { cell, end: off };
}

function noTrailing(r: Reader, end: number): void {
  if (end !== r.buf.length) {
    throw new CellFormatError(r.file, end, 'end of configuration', `the configuration ends at byte ${end} but the file has ${r.buf.length - end} more byte(s)`, 'Jailhouse refuses a configuration whose size differs from what its counts say: rebuild the .cell, or check the counts');
  }
}

/** Decode a system or cell configuration, telling them apart by the signature. Throws CellFormatError only. */
export function decodeConfig(file: string, buf: Uint8Array): JhFile<true> {
  const r = new Reader(file, buf);
  const sig = r.text(0, 5, 'the signature');
  if (sig === SYSTEM_SIGNATURE) return { kind: 'system', file, system: decodeSystem(r) };
  header(r, 'cell');
  const { cell, end } = cellAt(r, 0, '');
  noTrailing(r, end);
  return { kind: 'cell', file, cell };
}

function decodeSystem(r: Reader): JhSystem<true> {
  header(r, 'system');
  r.need(0, SIZE.systemHead, 'the system header');
  const iommuUnits: JhIommu[] = Array.from({ length: MAX_IOMMU_UNITS }, (_, i) => {
    const o = SYSTEM.iommuUnits + i * SIZE.iommu;
    const e = `platform_info.iommu_units[${i}]`;
    return { type: r.u32(o + IOMMU.type, e), base: r.u64(o + IOMMU.base, e), size: r.u32(o + IOMMU.size, e), union: r.bytes(o + IOMMU.union, 12, e) };
  });
  const a = SYSTEM.arm;
  const e = 'platform_info.arm';
  // The root cell descriptor carries its own signature/revision fields; the system's are authoritative.
  const { cell: root, end } = cellAt(r, SYSTEM.rootCell, 'root_cell.');
  noTrailing(r, end);
  return {
    architecture: r.u8(SYSTEM.architecture, 'architecture'),
    revision: r.u16(SYSTEM.revision, 'revision'),
    flags: r.u32(SYSTEM.flags, 'flags'),
    hypervisorMemory: memoryAt(r, SYSTEM.hypervisorMemory, 'hypervisor_memory'),
    debugConsole: consoleAt(r, SYSTEM.debugConsole, 'debug_console'),
    pciMmconfigBase: r.u64(SYSTEM.pciMmconfigBase, 'platform_info.pci_mmconfig_base'),
    pciMmconfigEndBus: r.u8(SYSTEM.pciMmconfigEndBus, 'platform_info.pci_mmconfig_end_bus'),
    pciIsVirtual: r.u8(SYSTEM.pciIsVirtual, 'platform_info.pci_is_virtual'),
    pciDomain: r.u16(SYSTEM.pciDomain, 'platform_info.pci_domain'),
    iommuUnits,
    arm: {
      maintenanceIrq: r.u8(a + ARM.maintenanceIrq, e),
      gicVersion: r.u8(a + ARM.gicVersion, e),
      gicd: r.u64(a + ARM.gicd, e),
      gicc: r.u64(a + ARM.gicc, e),
      gich: r.u64(a + ARM.gich, e),
      gicv: r.u64(a + ARM.gicv, e),
      gicr: r.u64(a + ARM.gicr, e),
    },
    root,
  };
}
