// The normalized, typed scenario: what the loader produces and every other layer consumes.
// Addresses and sizes are bigint (exact 64-bit); times are integer nanoseconds (number,
// exact below 2^53 ns ≈ 104 days, which the loader enforces).
//
// Every declared element carries `at`: where in which file it was declared, so that a
// finding can point the integrator at the line that caused it.

export interface SourceRef {
  readonly file: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
  /**
   * For an element imported from a binary configuration (a Jailhouse `.cell`): the struct
   * and field it came from, e.g. "mem_regions[3]"; line is then 1 and column the byte offset + 1.
   */
  readonly element?: string;
}

export type Criticality =
  | 'QM'
  | 'ASIL-A'
  | 'ASIL-B'
  | 'ASIL-C'
  | 'ASIL-D'
  | 'SIL-1'
  | 'SIL-2'
  | 'SIL-3'
  | 'SIL-4'
  // Not yet assessed: what an imported configuration says when no overlay gives it. The
  // safety case shows it as an open item, never as QM.
  | 'unassessed';

export const CRITICALITIES: readonly Criticality[] = [
  'QM',
  'ASIL-A',
  'ASIL-B',
  'ASIL-C',
  'ASIL-D',
  'SIL-1',
  'SIL-2',
  'SIL-3',
  'SIL-4',
  'unassessed',
];

/** An exact rational, for factors that verdicts may rest on (no floating point). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export interface Perms {
  readonly r: boolean;
  readonly w: boolean;
  readonly x: boolean;
}

// ---------------------------------------------------------------- SoC

export interface OperatingPoint {
  readonly khz: number;
}

export interface Cluster {
  readonly name: string;
  /** big / little / other core type, free text such as "cortex-a53". */
  readonly kind: string;
  readonly cpus: readonly number[];
  /** Ascending by frequency. */
  readonly opps: readonly OperatingPoint[];
  readonly at: SourceRef;
}

export interface Cpu {
  readonly id: number;
  readonly cluster: string;
  readonly at: SourceRef;
}

export interface MemRegion {
  readonly name: string;
  readonly base: bigint;
  readonly size: bigint;
  readonly at: SourceRef;
}

export interface Device {
  readonly name: string;
  /** uart, gpu, ethernet, camera, can, storage, ... (free text). */
  readonly kind: string;
  readonly mmio: readonly MemRegion[];
  /** SPI numbers this device asserts. */
  readonly irqs: readonly number[];
  /** Whether the device can master DMA. */
  readonly dma: boolean;
  /** Longest single DMA transfer the device's engine accepts, in bytes. */
  readonly dmaMaxBytes: bigint;
  readonly streamIds: readonly number[];
  /** Declared trusted by the integrator (an assumption of use, not a check). */
  readonly trusted: boolean;
  readonly at: SourceRef;
}

export interface Gic {
  readonly version: 2 | 3 | 4;
  readonly sgi: readonly [number, number];
  readonly ppi: readonly [number, number];
  readonly spi: readonly [number, number];
  /** Direct virtual interrupt injection (GICv4 vLPI or passed-through CPU interface). */
  readonly directInjection: boolean;
  readonly at: SourceRef;
}

export interface Smmu {
  readonly present: boolean;
  /** What the SMMU does with a stream ID that has no context (SMMU_sCR0.USFCFG). */
  readonly unmatchedStreams: 'fault' | 'bypass';
  readonly at: SourceRef;
}

export interface Llc {
  readonly sizeBytes: bigint;
  readonly ways: number;
  readonly colors: number;
  readonly at: SourceRef;
}

/** All costs in ns, integers. */
export interface CostModel {
  readonly trapEntryNs: number;
  readonly trapExitNs: number;
  readonly irqInjectNs: number;
  readonly contextSwitchNs: number;
  /** Longest non-preemptible hypervisor section. */
  readonly maxNonPreemptibleNs: number;
  /** Injection cost when the GIC injects directly (no trap). */
  readonly directInjectNs: number;
  /** Multiplier on hypervisor costs when a shared last-level cache is not colored apart. */
  readonly cacheInterference: Ratio;
  readonly at: SourceRef;
}

/** What a frame the hypervisor keeps for itself is. */
export type HypervisorFrameKind = 'gic-distributor' | 'gic-redistributor' | 'gic-its' | 'smmu' | 'console' | 'pci-ecam' | 'other';
export const HYPERVISOR_FRAME_KINDS: readonly HypervisorFrameKind[] = ['gic-distributor', 'gic-redistributor', 'gic-its', 'smmu', 'console', 'pci-ecam', 'other'];

/** Registers the hypervisor keeps (GIC, SMMU, its console, a virtual PCI ECAM window): no guest may reach them. */
export interface HypervisorFrame extends MemRegion {
  readonly kind: HypervisorFrameKind;
}

export type HypervisorIrqKind = 'maintenance' | 'timer' | 'console' | 'other';
export const HYPERVISOR_IRQ_KINDS: readonly HypervisorIrqKind[] = ['maintenance', 'timer', 'console', 'other'];

/** An interrupt the hypervisor keeps (the GIC maintenance interrupt, its timer, its console's SPI). */
export interface HypervisorIrq {
  readonly name: string;
  readonly kind: HypervisorIrqKind;
  /** GIC interrupt ID (a PPI or an SPI). */
  readonly intid: number;
  readonly at: SourceRef;
}

export interface Soc {
  readonly name: string;
  readonly file: string;
  readonly clusters: readonly Cluster[];
  readonly cpus: readonly Cpu[];
  readonly ram: readonly MemRegion[];
  readonly hypervisorMemory: readonly MemRegion[];
  /** Absent in SoCs built in code before frames existed: none declared. */
  readonly hypervisorFrames?: readonly HypervisorFrame[];
  readonly hypervisorIrqs?: readonly HypervisorIrq[];
  readonly devices: readonly Device[];
  readonly gic: Gic;
  readonly smmu: Smmu;
  readonly llc: Llc | undefined;
  readonly costs: CostModel;
  readonly at: SourceRef;
}

// ---------------------------------------------------------------- partitioning

export interface Stage2Mapping {
  readonly name: string;
  readonly ipa: bigint;
  readonly pa: bigint;
  readonly size: bigint;
  readonly perms: Perms;
  readonly at: SourceRef;
}

export interface IrqRoute {
  readonly spi: number;
  /** Index of the target vCPU within the VM. */
  readonly vcpu: number;
  /** Per-IRQ latency requirement, ns. */
  readonly latencyNs: number | undefined;
  readonly at: SourceRef;
}

export interface VcpuConfig {
  readonly id: number;
  readonly pcpu: number;
  readonly at: SourceRef;
}

export interface PassthroughDevice {
  readonly device: string;
  /** IPA at which each MMIO range of the device appears; identity (IPA = PA) when absent. */
  readonly mmioIpa: readonly bigint[] | undefined;
  readonly at: SourceRef;
}

export type FaultAction = 'restart' | 'stop' | 'notify';

export interface HealthPolicy {
  readonly onFault: FaultAction;
  /** Watchdog period, ns; undefined means no watchdog. */
  readonly watchdogNs: number | undefined;
  /** The declared bound within which the health monitor must act on a fault, ns. */
  readonly recoveryBoundNs: number | undefined;
  /** More than this many interrupts of one SPI within 1 ms is a storm; undefined means no limit. */
  readonly irqStormPerMs: number | undefined;
  readonly at: SourceRef;
}

export interface GuestTask {
  readonly name: string;
  readonly wcetNs: number;
  readonly periodNs: number;
  readonly deadlineNs: number;
  readonly at: SourceRef;
}

export interface LatencyRequirements {
  /** Bound on device-interrupt latency for every IRQ routed to the VM, ns. */
  readonly irqNs: number | undefined;
  readonly at: SourceRef | undefined;
}

export interface Vm {
  readonly name: string;
  readonly criticality: Criticality;
  /** linux, rtos, zephyr, freertos, qnx, windows, android, ... (free text). */
  readonly os: string;
  readonly imageDigest: string | undefined;
  readonly vcpus: readonly VcpuConfig[];
  readonly memory: readonly Stage2Mapping[];
  readonly devices: readonly PassthroughDevice[];
  readonly irqs: readonly IrqRoute[];
  /** LLC colors; empty means the VM is not colored (uses all of the cache). */
  readonly cacheColors: readonly number[];
  readonly health: HealthPolicy;
  readonly latency: LatencyRequirements;
  /** Guest task set for schedulability analysis (optional). */
  readonly tasks: readonly GuestTask[];
  readonly taskPolicy: 'fixed-priority' | 'edf';
  readonly at: SourceRef;
}

export interface VcpuRef {
  readonly vm: string;
  readonly vcpu: number;
}

export interface TimeWindow {
  readonly vcpu: VcpuRef;
  readonly startNs: number;
  readonly lengthNs: number;
  readonly at: SourceRef;
}

export interface PriorityEntry {
  readonly vcpu: VcpuRef;
  /** Larger number = higher priority. */
  readonly priority: number;
  readonly budgetNs: number;
  readonly periodNs: number;
  readonly at: SourceRef;
}

export type PcpuSchedule =
  | { readonly kind: 'bind'; readonly pcpu: number; readonly vcpu: VcpuRef; readonly at: SourceRef }
  | {
      readonly kind: 'time-partition';
      readonly pcpu: number;
      readonly majorFrameNs: number;
      readonly windows: readonly TimeWindow[];
      readonly at: SourceRef;
    }
  | {
      readonly kind: 'fixed-priority';
      readonly pcpu: number;
      readonly entries: readonly PriorityEntry[];
      readonly at: SourceRef;
    };

export type E2eProtection = 'crc' | 'sequence' | 'timeout';

export interface ChannelEndpoint {
  readonly vm: string;
  readonly ipa: bigint;
  readonly perms: Perms;
  readonly at: SourceRef;
}

export interface Doorbell {
  readonly sgi: number;
  /** The VM the doorbell rings; defaults to every endpoint that reads another's writes (see decodeChannel). */
  readonly to: readonly string[];
  readonly at: SourceRef;
}

export interface Channel {
  readonly name: string;
  readonly pa: bigint;
  readonly size: bigint;
  /**
   * The VMs that may write the region, by CPU and by their devices' DMA (`writers: [a, b]`, or
   * the one-writer shorthand `writer: a`); each has an endpoint. Every other endpoint only reads.
   */
  readonly writers: readonly string[];
  readonly endpoints: readonly ChannelEndpoint[];
  readonly doorbell: Doorbell | undefined;
  readonly protection: readonly E2eProtection[];
  /** Declared end-to-end timeout, ns, when `timeout` is among the protections. */
  readonly timeoutNs: number | undefined;
  readonly at: SourceRef;
}

export interface VirtioDevice {
  readonly name: string;
  /** blk, net, input, console, gpu, ... */
  readonly kind: string;
  readonly frontend: string;
  readonly backend: string;
  /** The channel that carries the virtqueues. */
  readonly channel: string;
  readonly at: SourceRef;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the scenario file. */
  readonly file: string;
  /** Every file the scenario was read from (scenario first, then the SoC if separate). */
  readonly files: readonly string[];
  readonly soc: Soc;
  readonly vms: readonly Vm[];
  readonly schedule: readonly PcpuSchedule[];
  readonly channels: readonly Channel[];
  readonly virtio: readonly VirtioDevice[];
  readonly at: SourceRef;
}

export const PAGE_SIZE = 4096n;
export const ADDR_LIMIT = 1n << 64n; // exclusive
