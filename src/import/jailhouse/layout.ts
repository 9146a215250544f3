// The packed binary layout of Jailhouse configurations (include/jailhouse/cell-config.h and
// console.h, config revision 14): offsets and sizes of every struct, and the flag values.
// Decoder and writer both read their offsets from here, so they cannot disagree.

export const CONFIG_REVISION = 14;
export const SYSTEM_SIGNATURE = 'JHSYS';
export const CELL_SIGNATURE = 'JHCLL';
export const NAME_MAXLEN = 31;
export const MAX_IOMMU_UNITS = 8;

export const ARCH = { x86: 0, arm: 1, arm64: 2 } as const;

export const MEM = {
  READ: 0x0001n,
  WRITE: 0x0002n,
  EXECUTE: 0x0004n,
  DMA: 0x0008n,
  IO: 0x0010n,
  COMM_REGION: 0x0020n,
  LOADABLE: 0x0040n,
  ROOTSHARED: 0x0080n,
  NO_HUGEPAGES: 0x0100n,
  IO_UNALIGNED: 0x8000n,
  IO_8: 1n << 16n,
  IO_16: 2n << 16n,
  IO_32: 4n << 16n,
  IO_64: 8n << 16n,
} as const;
/** Every memory flag bit the format defines; any other bit set is a corrupted file. */
export const MEM_KNOWN = Object.values(MEM).reduce((a, b) => a | b, 0n);

export const CELL_FLAGS = { PASSIVE_COMMREG: 0x1, TEST_DEVICE: 0x2, AARCH32: 0x4, VCON_PERMITTED: 0x4000_0000, VCON_ACTIVE: 0x8000_0000 } as const;
export const SYS_FLAGS = { VIRTUAL_DEBUG_CONSOLE: 0x1 } as const;

export const PCI_TYPE = { DEVICE: 1, BRIDGE: 2, IVSHMEM: 3 } as const;
export const IOMMU_TYPE = { AMD: 1, INTEL: 2, SMMUV3: 3, PVU: 4, ARM_MMU500: 5 } as const;

export const SIZE = {
  console: 32,
  memory: 32,
  cache: 12,
  irqchip: 32,
  pio: 4,
  pciDevice: 56,
  pciCap: 8,
  streamId: 4,
  iommu: 28,
  cellDesc: 132,
  /** jailhouse_system up to (not including) root_cell. */
  systemHead: 356,
} as const;

/** struct jailhouse_cell_desc field offsets. */
export const CELL = {
  signature: 0,
  architecture: 5,
  revision: 6,
  name: 8,
  id: 40,
  flags: 44,
  cpuSetSize: 48,
  numMemoryRegions: 52,
  numCacheRegions: 56,
  numIrqchips: 60,
  numPioRegions: 64,
  numPciDevices: 68,
  numPciCaps: 72,
  numStreamIds: 76,
  vpciIrqBase: 80,
  cpuResetAddress: 84,
  msgReplyTimeout: 92,
  console: 100,
} as const;

/** struct jailhouse_system field offsets. */
export const SYSTEM = {
  signature: 0,
  architecture: 5,
  revision: 6,
  flags: 8,
  hypervisorMemory: 12,
  debugConsole: 44,
  pciMmconfigBase: 76,
  pciMmconfigEndBus: 84,
  pciIsVirtual: 85,
  pciDomain: 86,
  iommuUnits: 88,
  arm: 312,
  rootCell: 356,
} as const;

export const ARM = { maintenanceIrq: 0, gicVersion: 1, gicd: 4, gicc: 12, gich: 20, gicv: 28, gicr: 36 } as const;
export const CONSOLE = { address: 0, size: 8, type: 12, flags: 14, divider: 16, gateNr: 20, clockReg: 24 } as const;
export const IOMMU = { type: 0, base: 4, size: 12, union: 16 } as const;
export const PCI = {
  type: 0,
  iommu: 1,
  domain: 2,
  bdf: 4,
  barMask: 6,
  capsStart: 30,
  numCaps: 32,
  numMsiVectors: 34,
  msiBits: 35,
  numMsixVectors: 36,
  msixRegionSize: 38,
  msixAddress: 40,
  shmemRegionsStart: 48,
  shmemDevId: 52,
  shmemPeers: 53,
  shmemProtocol: 54,
} as const;
