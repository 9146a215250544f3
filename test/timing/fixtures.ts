// Small hand-built scenarios and task sets for the timing tests.

import type {
  CostModel,
  GuestTask,
  IrqRoute,
  PcpuSchedule,
  PriorityEntry,
  Scenario,
  SourceRef,
  TimeWindow,
  Vm,
} from '../../src/config/types.js';
import type { Task } from '../../src/timing/task.js';

export const at: SourceRef = { file: 'test.yaml', line: 1, column: 1 };

/** Tasks from (wcet, period[, deadline]) triples, named t1, t2, ... (highest priority first). */
export function tasks(...ts: readonly (readonly [number, number] | readonly [number, number, number])[]): Task[] {
  return ts.map((t, i) => ({ name: `t${i + 1}`, wcet: BigInt(t[0]), period: BigInt(t[1]), deadline: BigInt(t[2] ?? t[1]) }));
}

export const COSTS: CostModel = {
  trapEntryNs: 100,
  trapExitNs: 80,
  irqInjectNs: 50,
  contextSwitchNs: 1_000,
  maxNonPreemptibleNs: 2_000,
  directInjectNs: 30,
  cacheInterference: { num: 3n, den: 2n },
  at,
};

export interface VmSpec {
  name: string;
  /** pCPU of each vCPU, by vCPU index. */
  pcpus: number[];
  irqs?: { spi: number; vcpu?: number; latencyNs?: number }[];
  irqNs?: number;
  colors?: number[];
  tasks?: { name?: string; wcetNs: number; periodNs: number; deadlineNs?: number }[];
  policy?: 'fixed-priority' | 'edf';
}

export function vm(s: VmSpec): Vm {
  const irqs: IrqRoute[] = (s.irqs ?? []).map((r) => ({ spi: r.spi, vcpu: r.vcpu ?? 0, latencyNs: r.latencyNs, at }));
  const ts: GuestTask[] = (s.tasks ?? []).map((t, i) => ({
    name: t.name ?? `task${i}`,
    wcetNs: t.wcetNs,
    periodNs: t.periodNs,
    deadlineNs: t.deadlineNs ?? t.periodNs,
    at,
  }));
  return {
    name: s.name,
    criticality: 'ASIL-B',
    os: 'rtos',
    imageDigest: undefined,
    vcpus: s.pcpus.map((p, i) => ({ id: i, pcpu: p, at })),
    memory: [],
    devices: [],
    irqs,
    cacheColors: s.colors ?? [],
    health: { onFault: 'restart', watchdogNs: undefined, recoveryBoundNs: undefined, irqStormPerMs: undefined, at },
    latency: { irqNs: s.irqNs, at: s.irqNs === undefined ? undefined : at },
    tasks: ts,
    taskPolicy: s.policy ?? 'fixed-priority',
    at,
  };
}

export function bind(pcpu: number, vmName: string, vcpu = 0): PcpuSchedule {
  return { kind: 'bind', pcpu, vcpu: { vm: vmName, vcpu }, at };
}

export function partition(pcpu: number, majorFrameNs: number, ws: [vm: string, startNs: number, lengthNs: number, vcpu?: number][]): PcpuSchedule {
  const windows: TimeWindow[] = ws.map(([v, startNs, lengthNs, vcpu]) => ({ vcpu: { vm: v, vcpu: vcpu ?? 0 }, startNs, lengthNs, at }));
  return { kind: 'time-partition', pcpu, majorFrameNs, windows, at };
}

export function fixedPriority(pcpu: number, es: [vm: string, priority: number, budgetNs: number, periodNs: number][]): PcpuSchedule {
  const entries: PriorityEntry[] = es.map(([v, priority, budgetNs, periodNs]) => ({ vcpu: { vm: v, vcpu: 0 }, priority, budgetNs, periodNs, at }));
  return { kind: 'fixed-priority', pcpu, entries, at };
}

export function scenario(opts: {
  vms: Vm[];
  schedule: PcpuSchedule[];
  directInjection?: boolean;
  llc?: boolean;
  costs?: Partial<CostModel>;
}): Scenario {
  const cpus = 8;
  return {
    name: 'timing-fixture',
    description: 'hand-built scenario for the timing tests',
    file: '/tmp/timing-fixture.yaml',
    files: ['/tmp/timing-fixture.yaml'],
    soc: {
      name: 'test-soc',
      file: '/tmp/timing-fixture.yaml',
      clusters: [{ name: 'c0', kind: 'cortex-a53', cpus: Array.from({ length: cpus }, (_, i) => i), opps: [{ khz: 1_000_000 }], at }],
      cpus: Array.from({ length: cpus }, (_, i) => ({ id: i, cluster: 'c0', at })),
      ram: [{ name: 'dram', base: 0x4000_0000n, size: 1n << 30n, at }],
      hypervisorMemory: [],
      devices: [],
      gic: { version: 3, sgi: [0, 15], ppi: [16, 31], spi: [32, 255], directInjection: opts.directInjection ?? false, at },
      smmu: { present: true, unmatchedStreams: 'fault', at },
      llc: opts.llc === true ? { sizeBytes: 1n << 20n, ways: 16, colors: 16, at } : undefined,
      costs: { ...COSTS, ...opts.costs },
      at,
    },
    vms: opts.vms,
    schedule: opts.schedule,
    channels: [],
    virtio: [],
    at,
  };
}
