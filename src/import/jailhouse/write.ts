// A writer of the packed .cell layout, for test fixtures: fixtures are built from typed
// descriptions here and read back by the decoder (round trip), never copied from upstream.

import { ARM, CELL, CELL_SIGNATURE, CONSOLE, IOMMU, MAX_IOMMU_UNITS, NAME_MAXLEN, PCI, SIZE, SYSTEM, SYSTEM_SIGNATURE } from './layout.js';
import type { JhCell, JhConsole, JhMemory, JhSystem } from './format.js';

class Writer {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  u8 = (o: number, v: number): void => this.view.setUint8(o, v);
  u16 = (o: number, v: number): void => this.view.setUint16(o, v, true);
  u32 = (o: number, v: number): void => this.view.setUint32(o, v >>> 0, true);
  u64 = (o: number, v: bigint): void => this.view.setBigUint64(o, v, true);
  text(o: number, s: string, len: number): void {
    for (let i = 0; i < Math.min(s.length, len); i++) this.buf[o + i] = s.charCodeAt(i) & 0xff;
  }
  memory(o: number, m: JhMemory): void {
    this.u64(o, m.phys);
    this.u64(o + 8, m.virt);
    this.u64(o + 16, m.size);
    this.u64(o + 24, m.flags);
  }
  console(o: number, c: JhConsole): void {
    this.u64(o + CONSOLE.address, c.address);
    this.u32(o + CONSOLE.size, c.size);
    this.u16(o + CONSOLE.type, c.type);
    this.u16(o + CONSOLE.flags, c.flags);
    this.u32(o + CONSOLE.divider, c.divider);
    this.u32(o + CONSOLE.gateNr, c.gateNr);
    this.u64(o + CONSOLE.clockReg, c.clockReg);
  }
}

export const NO_CONSOLE: JhConsole = { address: 0n, size: 0, type: 0, flags: 0, divider: 0, gateNr: 0, clockReg: 0n };

function cellSize(c: JhCell): number {
  return (
    SIZE.cellDesc +
    c.cpuSet.length +
    c.memory.length * SIZE.memory +
    c.cache.length * SIZE.cache +
    c.irqchips.length * SIZE.irqchip +
    c.pio.length * SIZE.pio +
    c.pciDevices.length * SIZE.pciDevice +
    c.pciCaps.length * SIZE.pciCap +
    c.streamIds.length * SIZE.streamId
  );
}

function writeCell(w: Writer, base: number, c: JhCell, signature: string): void {
  w.text(base + CELL.signature, signature, 5);
  w.u8(base + CELL.architecture, c.architecture);
  w.u16(base + CELL.revision, c.revision);
  w.text(base + CELL.name, c.name, NAME_MAXLEN);
  w.u32(base + CELL.id, c.id);
  w.u32(base + CELL.flags, c.flags);
  w.u32(base + CELL.cpuSetSize, c.cpuSet.length);
  w.u32(base + CELL.numMemoryRegions, c.memory.length);
  w.u32(base + CELL.numCacheRegions, c.cache.length);
  w.u32(base + CELL.numIrqchips, c.irqchips.length);
  w.u32(base + CELL.numPioRegions, c.pio.length);
  w.u32(base + CELL.numPciDevices, c.pciDevices.length);
  w.u32(base + CELL.numPciCaps, c.pciCaps.length);
  w.u32(base + CELL.numStreamIds, c.streamIds.length);
  w.u32(base + CELL.vpciIrqBase, c.vpciIrqBase);
  w.u64(base + CELL.cpuResetAddress, c.cpuResetAddress);
  w.u64(base + CELL.msgReplyTimeout, c.msgReplyTimeout);
  w.console(base + CELL.console, c.console);
  let o = base + SIZE.cellDesc;
  c.cpuSet.forEach((b, i) => w.u8(o + i, b));
  o += c.cpuSet.length;
  for (const m of c.memory) (w.memory(o, m), (o += SIZE.memory));
  for (const k of c.cache) {
    w.u32(o, k.start);
    w.u32(o + 4, k.size);
    w.u8(o + 8, k.type);
    w.u16(o + 10, k.flags);
    o += SIZE.cache;
  }
  for (const q of c.irqchips) {
    w.u64(o, q.address);
    w.u32(o + 8, q.id);
    w.u32(o + 12, q.pinBase);
    q.pinBitmap.forEach((v, i) => w.u32(o + 16 + 4 * i, v));
    o += SIZE.irqchip;
  }
  for (const p of c.pio) (w.u16(o, p.base), w.u16(o + 2, p.length), (o += SIZE.pio));
  for (const d of c.pciDevices) {
    w.u8(o + PCI.type, d.type);
    w.u8(o + PCI.iommu, d.iommu);
    w.u16(o + PCI.domain, d.domain);
    w.u16(o + PCI.bdf, d.bdf);
    d.barMask.forEach((v, i) => w.u32(o + PCI.barMask + 4 * i, v));
    w.u16(o + PCI.capsStart, d.capsStart);
    w.u16(o + PCI.numCaps, d.numCaps);
    w.u8(o + PCI.numMsiVectors, d.numMsiVectors);
    w.u8(o + PCI.msiBits, d.msiBits);
    w.u16(o + PCI.numMsixVectors, d.numMsixVectors);
    w.u16(o + PCI.msixRegionSize, d.msixRegionSize);
    w.u64(o + PCI.msixAddress, d.msixAddress);
    w.u32(o + PCI.shmemRegionsStart, d.shmemRegionsStart);
    w.u8(o + PCI.shmemDevId, d.shmemDevId);
    w.u8(o + PCI.shmemPeers, d.shmemPeers);
    w.u16(o + PCI.shmemProtocol, d.shmemProtocol);
    o += SIZE.pciDevice;
  }
  for (const k of c.pciCaps) (w.u16(o, k.id), w.u16(o + 2, k.start), w.u16(o + 4, k.len), w.u16(o + 6, k.flags), (o += SIZE.pciCap));
  for (const s of c.streamIds) (w.u32(o, s.raw), (o += SIZE.streamId));
}

export function writeCellConfig(c: JhCell): Uint8Array {
  const w = new Writer(cellSize(c));
  writeCell(w, 0, c, CELL_SIGNATURE);
  return w.buf;
}

export function writeSystemConfig(s: JhSystem): Uint8Array {
  const w = new Writer(SIZE.systemHead + cellSize(s.root));
  w.text(SYSTEM.signature, SYSTEM_SIGNATURE, 5);
  w.u8(SYSTEM.architecture, s.architecture);
  w.u16(SYSTEM.revision, s.revision);
  w.u32(SYSTEM.flags, s.flags);
  w.memory(SYSTEM.hypervisorMemory, s.hypervisorMemory);
  w.console(SYSTEM.debugConsole, s.debugConsole);
  w.u64(SYSTEM.pciMmconfigBase, s.pciMmconfigBase);
  w.u8(SYSTEM.pciMmconfigEndBus, s.pciMmconfigEndBus);
  w.u8(SYSTEM.pciIsVirtual, s.pciIsVirtual);
  w.u16(SYSTEM.pciDomain, s.pciDomain);
  for (let i = 0; i < MAX_IOMMU_UNITS; i++) {
    const u = s.iommuUnits[i];
    if (u === undefined) continue;
    const o = SYSTEM.iommuUnits + i * SIZE.iommu;
    w.u32(o + IOMMU.type, u.type);
    w.u64(o + IOMMU.base, u.base);
    w.u32(o + IOMMU.size, u.size);
    u.union.forEach((b, j) => w.u8(o + IOMMU.union + j, b));
  }
  const a = SYSTEM.arm;
  w.u8(a + ARM.maintenanceIrq, s.arm.maintenanceIrq);
  w.u8(a + ARM.gicVersion, s.arm.gicVersion);
  w.u64(a + ARM.gicd, s.arm.gicd);
  w.u64(a + ARM.gicc, s.arm.gicc);
  w.u64(a + ARM.gich, s.arm.gich);
  w.u64(a + ARM.gicv, s.arm.gicv);
  w.u64(a + ARM.gicr, s.arm.gicr);
  // The root cell descriptor inside the system config carries no signature of its own upstream (zeroed).
  writeCell(w, SYSTEM.rootCell, s.root, '\0\0\0\0\0');
  return w.buf;
}
