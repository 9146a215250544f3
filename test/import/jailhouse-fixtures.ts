// Jailhouse configuration sets written for the tests, modelled closely on the upstream
// samples (configs/arm64/zynqmp-zcu102*.c, rpi4*.c) but our own: built as typed values and
// turned into .cell bytes by the writer.

import { cpuSetOf, type JhCell, type JhIommu, type JhConsole, type JhMemory, type JhPciDevice, type JhSystem } from '../../src/import/jailhouse/format.js';
import { CONFIG_REVISION, IOMMU_TYPE, MEM, PCI_TYPE } from '../../src/import/jailhouse/layout.js';
import { NO_CONSOLE, writeCellConfig, writeSystemConfig } from '../../src/import/jailhouse/write.js';

const { READ, WRITE, EXECUTE, IO, COMM_REGION, LOADABLE, ROOTSHARED, IO_32 } = MEM;
const RW = READ | WRITE;
const RWX = READ | WRITE | EXECUTE;

const mem = (phys: bigint, size: bigint, flags: bigint, virt = phys): JhMemory => ({ phys, virt, size, flags });
const EMPTY = mem(0n, 0n, 0n);
/** JAILHOUSE_SHMEM_NET_REGIONS(start, dev_id): state table, empty rw section, two output sections. */
const netRegions = (start: bigint, devId: number): JhMemory[] => [
  mem(start, 0x1000n, READ | ROOTSHARED),
  EMPTY,
  mem(start + 0x1000n, 0x7f000n, READ | ROOTSHARED | (devId === 0 ? WRITE : 0n)),
  mem(start + 0x80000n, 0x7f000n, READ | ROOTSHARED | (devId === 1 ? WRITE : 0n)),
];
const ivshmemNet = (domain: number, dev: number, regionsStart: number, devId: number): JhPciDevice => ({
  type: PCI_TYPE.IVSHMEM,
  iommu: 0,
  domain,
  bdf: dev << 3,
  barMask: [0xfffff000, 0, 0, 0, 0, 0],
  capsStart: 0,
  numCaps: 0,
  numMsiVectors: 0,
  msiBits: 0,
  numMsixVectors: 0,
  msixRegionSize: 0,
  msixAddress: 0n,
  shmemRegionsStart: regionsStart,
  shmemDevId: devId,
  shmemPeers: 2,
  shmemProtocol: 1, // VETH
});
const gic = (address: bigint, bitmap: [number, number, number, number]) => ({ address, id: 0, pinBase: 32, pinBitmap: bitmap });
const uartConsole = (address: bigint, type: number): JhConsole => ({ ...NO_CONSOLE, address, size: 0x1000, type, flags: 0x1 | 0x2 });

export function cell({ cpus, ...c }: Partial<JhCell> & { name: string; cpus: number[] }): JhCell {
  return {
    architecture: 2,
    revision: CONFIG_REVISION,
    id: 0,
    flags: 0x1, // PASSIVE_COMMREG
    cpuSet: cpuSetOf(cpus),
    memory: [],
    cache: [],
    irqchips: [],
    pio: [],
    pciDevices: [],
    pciCaps: [],
    streamIds: [],
    vpciIrqBase: 0,
    cpuResetAddress: 0n,
    msgReplyTimeout: 0n,
    console: NO_CONSOLE,
    ...c,
  };
}

/** The system config always carries MAX_IOMMU_UNITS entries; unused ones are zero. */
const iommus = (...used: JhIommu[]): JhIommu[] => [...used, ...Array.from({ length: 8 - used.length }, () => ({ type: 0, base: 0n, size: 0, union: new Array<number>(12).fill(0) }))];

const commRegion = mem(0n, 0x1000n, RW | COMM_REGION, 0x8000_0000n);

// ---------------------------------------------------------------- ZynqMP ZCU102-like

export function zcu102System(): JhSystem {
  return {
    architecture: 2,
    revision: CONFIG_REVISION,
    flags: 0x1,
    hypervisorMemory: mem(0x8_0000_0000n, 0x40_0000n, 0n, 0n),
    debugConsole: uartConsole(0xff00_0000n, 4),
    pciMmconfigBase: 0xfc00_0000n,
    pciMmconfigEndBus: 0,
    pciIsVirtual: 1,
    pciDomain: 0xffff,
    iommuUnits: iommus({ type: IOMMU_TYPE.ARM_MMU500, base: 0xfd80_0000n, size: 0x2_0000, union: new Array<number>(12).fill(0) }),
    arm: { maintenanceIrq: 25, gicVersion: 2, gicd: 0xf901_0000n, gicc: 0xf902_f000n, gich: 0xf904_0000n, gicv: 0xf906_f000n, gicr: 0n },
    root: cell({
      name: 'ZynqMP-ZCU102',
      flags: 0,
      cpus: [0, 1, 2, 3],
      vpciIrqBase: 136 - 32,
      memory: [
        ...netRegions(0x8_0040_0000n, 0), // 0001:00:01.0, with linux-demo
        mem(0xfd00_0000n, 0x300_0000n, RW | IO), // MMIO (permissive)
        mem(0x0n, 0x8000_0000n, RWX), // RAM
        mem(0x8_0060_0000n, 0x7fa0_0000n, RWX), // RAM (holds the cells' RAM and the second link)
        mem(0x80_0000_0000n, 0x100_0000n, RW | IO), // PCI host bridge
      ],
      irqchips: [gic(0xf901_0000n, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff])],
      pciDevices: [ivshmemNet(1, 1, 0, 0)],
      streamIds: [{ raw: 0x860 }, { raw: 0x861 }, { raw: (0xf << 16) | 0x870 }],
    }),
  };
}

export function zcu102InmateDemo(): JhCell {
  return cell({
    name: 'inmate-demo',
    cpus: [1],
    console: uartConsole(0xff01_0000n, 4),
    memory: [
      mem(0xff01_0000n, 0x1000n, RW | IO | ROOTSHARED), // UART1, shared with the root cell
      mem(0x8_0060_0000n, 0x1_0000n, RWX | LOADABLE, 0n), // RAM
      commRegion,
    ],
  });
}

export function zcu102LinuxDemo(): JhCell {
  return cell({
    name: 'ZynqMP-linux-demo',
    cpus: [2],
    vpciIrqBase: 140 - 32,
    console: uartConsole(0xff01_0000n, 4),
    memory: [
      ...netRegions(0x8_0040_0000n, 1), // 0001:00:01.0, peer of the root cell
      ...netRegions(0x8_0070_0000n, 0), // 0001:00:03.0, peer of linux-demo-2
      mem(0x8_0080_0000n, 0x1_0000n, RWX | LOADABLE, 0n), // RAM (boot)
      mem(0x8_1000_0000n, 0x800_0000n, RWX | LOADABLE | MEM.DMA), // RAM
      commRegion,
    ],
    irqchips: [gic(0xf901_0000n, [0, 0, 0, 0xf << 12])], // SPIs 140-143 (virtual PCI)
    pciDevices: [ivshmemNet(1, 1, 0, 1), ivshmemNet(1, 3, 4, 0)],
  });
}

export function zcu102LinuxDemo2(): JhCell {
  return cell({
    name: 'ZynqMP-linux-demo-2',
    cpus: [3],
    vpciIrqBase: 144 - 32,
    memory: [
      ...netRegions(0x8_0070_0000n, 1), // 0001:00:03.0, peer of linux-demo
      mem(0x8_0090_0000n, 0x1_0000n, RWX | LOADABLE, 0n),
      mem(0x8_1800_0000n, 0x400_0000n, RWX | LOADABLE),
      mem(0xff00_0000n, 0x1000n, RW | IO_32 | IO, 0xff00_0000n), // a sub-page-width window onto UART0
      commRegion,
    ],
    irqchips: [gic(0xf901_0000n, [0, 0, 0, 0xf << 16])], // SPIs 144-147
    pciDevices: [ivshmemNet(1, 3, 0, 1)],
  });
}

// ---------------------------------------------------------------- Raspberry Pi 4-like

export function rpi4System(): JhSystem {
  return {
    architecture: 2,
    revision: CONFIG_REVISION,
    flags: 0,
    hypervisorMemory: mem(0x3fc0_0000n, 0x40_0000n, 0n, 0n),
    debugConsole: uartConsole(0xfe21_5040n, 2),
    pciMmconfigBase: 0xff90_0000n,
    pciMmconfigEndBus: 0,
    pciIsVirtual: 1,
    pciDomain: 1,
    iommuUnits: iommus(),
    arm: { maintenanceIrq: 25, gicVersion: 2, gicd: 0xff84_1000n, gicc: 0xff84_2000n, gich: 0xff84_4000n, gicv: 0xff84_6000n, gicr: 0n },
    root: cell({
      name: 'Raspberry-Pi4',
      flags: 0,
      cpus: [0, 1, 2, 3],
      vpciIrqBase: 182 - 32,
      memory: [
        ...netRegions(0x3faf_0000n - 0x10_0000n, 0),
        mem(0xfc00_0000n, 0x380_0000n, RW | IO), // MMIO (permissive)
        mem(0x0n, 0x3f9f_0000n - 0x10_0000n, RWX), // RAM below the link and the hypervisor
        mem(0x4000_0000n, 0xbc00_0000n, RWX), // RAM
        mem(0x6_0000_0000n, 0x400_0000n, RW | IO), // PCI host
      ],
      irqchips: [gic(0xff84_1000n, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]), { address: 0xff84_1000n, id: 0, pinBase: 160, pinBitmap: [0xffffffff, 0, 0, 0] }],
      pciDevices: [ivshmemNet(1, 0, 0, 0)],
    }),
  };
}

export function rpi4LinuxDemo(): JhCell {
  return cell({
    name: 'RPi4-linux-demo',
    cpus: [2, 3],
    vpciIrqBase: 185 - 32,
    console: uartConsole(0xfe20_1000n, 3),
    memory: [
      ...netRegions(0x3faf_0000n - 0x10_0000n, 1),
      mem(0xfe20_1000n, 0x1000n, RW | IO), // UART2 (PL011), taken from the root cell
      mem(0x2000_0000n, 0x1_0000n, RWX | LOADABLE, 0n),
      mem(0x3000_0000n, 0x800_0000n, RWX | LOADABLE | MEM.DMA),
      commRegion,
    ],
    irqchips: [gic(0xff84_1000n, [0, 0, 0, 0]), { address: 0xff84_1000n, id: 0, pinBase: 160, pinBitmap: [0x1 << 25 | 0x1 << 26, 0, 0, 0] }], // SPI 185-186
    pciDevices: [ivshmemNet(1, 0, 0, 1)],
  });
}

export interface CellSet {
  readonly name: string;
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

export function zcu102Set(): CellSet {
  return {
    name: 'zcu102',
    files: [
      { name: 'zynqmp-zcu102.cell', bytes: writeSystemConfig(zcu102System()) },
      { name: 'zynqmp-zcu102-inmate-demo.cell', bytes: writeCellConfig(zcu102InmateDemo()) },
      { name: 'zynqmp-zcu102-linux-demo.cell', bytes: writeCellConfig(zcu102LinuxDemo()) },
      { name: 'zynqmp-zcu102-linux-demo-2.cell', bytes: writeCellConfig(zcu102LinuxDemo2()) },
    ],
  };
}

export function rpi4Set(): CellSet {
  return {
    name: 'rpi4',
    files: [
      { name: 'rpi4.cell', bytes: writeSystemConfig(rpi4System()) },
      { name: 'rpi4-linux-demo.cell', bytes: writeCellConfig(rpi4LinuxDemo()) },
    ],
  };
}
