// The decoded content of Jailhouse configurations, field for field. The writer takes the
// same shapes without positions (`Spec`); the decoder adds where each struct sits (`At`).

/** Where a struct was found: file, byte offset, and its name in cell-config.h terms. */
export interface Where {
  readonly file: string;
  readonly offset: number;
  readonly element: string;
}

export interface JhConsole {
  readonly address: bigint;
  readonly size: number;
  readonly type: number;
  readonly flags: number;
  readonly divider: number;
  readonly gateNr: number;
  readonly clockReg: bigint;
}

export interface JhMemory {
  readonly phys: bigint;
  readonly virt: bigint;
  readonly size: bigint;
  readonly flags: bigint;
}

export interface JhCache {
  readonly start: number;
  readonly size: number;
  readonly type: number;
  readonly flags: number;
}

export interface JhIrqchip {
  readonly address: bigint;
  readonly id: number;
  readonly pinBase: number;
  readonly pinBitmap: readonly [number, number, number, number];
}

export interface JhPio {
  readonly base: number;
  readonly length: number;
}

export interface JhPciDevice {
  readonly type: number;
  readonly iommu: number;
  readonly domain: number;
  readonly bdf: number;
  readonly barMask: readonly number[];
  readonly capsStart: number;
  readonly numCaps: number;
  readonly numMsiVectors: number;
  /** bit 0 msi_64bits, bit 1 msi_maskable */
  readonly msiBits: number;
  readonly numMsixVectors: number;
  readonly msixRegionSize: number;
  readonly msixAddress: bigint;
  readonly shmemRegionsStart: number;
  readonly shmemDevId: number;
  readonly shmemPeers: number;
  readonly shmemProtocol: number;
}

export interface JhPciCap {
  readonly id: number;
  readonly start: number;
  readonly len: number;
  readonly flags: number;
}

/** The raw 32-bit stream ID; on MMU-500 the low half is the ID, the high half mask_out. */
export interface JhStreamId {
  readonly raw: number;
}

export interface JhIommu {
  readonly type: number;
  readonly base: bigint;
  readonly size: number;
  /** The 12-byte union (amd / tipvu), kept as bytes. */
  readonly union: readonly number[];
}

export type Positioned<T> = T & { readonly at: Where };

export interface JhCell<P extends boolean = false> {
  readonly architecture: number;
  readonly revision: number;
  readonly name: string;
  readonly id: number;
  readonly flags: number;
  /** The CPU set as bytes (cpu_set_size of them), bit i = CPU i. */
  readonly cpuSet: readonly number[];
  readonly memory: readonly (P extends true ? Positioned<JhMemory> : JhMemory)[];
  readonly cache: readonly (P extends true ? Positioned<JhCache> : JhCache)[];
  readonly irqchips: readonly (P extends true ? Positioned<JhIrqchip> : JhIrqchip)[];
  readonly pio: readonly (P extends true ? Positioned<JhPio> : JhPio)[];
  readonly pciDevices: readonly (P extends true ? Positioned<JhPciDevice> : JhPciDevice)[];
  readonly pciCaps: readonly (P extends true ? Positioned<JhPciCap> : JhPciCap)[];
  readonly streamIds: readonly (P extends true ? Positioned<JhStreamId> : JhStreamId)[];
  readonly vpciIrqBase: number;
  readonly cpuResetAddress: bigint;
  readonly msgReplyTimeout: bigint;
  readonly console: JhConsole;
}

export interface JhArm {
  readonly maintenanceIrq: number;
  readonly gicVersion: number;
  readonly gicd: bigint;
  readonly gicc: bigint;
  readonly gich: bigint;
  readonly gicv: bigint;
  readonly gicr: bigint;
}

export interface JhSystem<P extends boolean = false> {
  readonly architecture: number;
  readonly revision: number;
  readonly flags: number;
  readonly hypervisorMemory: JhMemory;
  readonly debugConsole: JhConsole;
  readonly pciMmconfigBase: bigint;
  readonly pciMmconfigEndBus: number;
  readonly pciIsVirtual: number;
  readonly pciDomain: number;
  /** Exactly MAX_IOMMU_UNITS entries; unused ones are all zero. */
  readonly iommuUnits: readonly JhIommu[];
  readonly arm: JhArm;
  readonly root: JhCell<P>;
}

export type JhFile<P extends boolean = false> =
  | { readonly kind: 'system'; readonly file: string; readonly system: JhSystem<P> }
  | { readonly kind: 'cell'; readonly file: string; readonly cell: JhCell<P> };

export function cpusOf(set: readonly number[]): number[] {
  const out: number[] = [];
  set.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) if ((byte >> b) & 1) out.push(i * 8 + b);
  });
  return out;
}

export function cpuSetOf(cpus: readonly number[], bytes = 8): number[] {
  const set = new Array<number>(bytes).fill(0);
  for (const c of cpus) set[c >> 3] = (set[c >> 3] ?? 0) | (1 << (c & 7));
  return set;
}
