// One step's working copy of the State. Arrays are copied on first write only, so a step
// costs what it touches; the Tx never outlives the step that made it, and `commit` hands
// back a fresh State that shares everything untouched with the old one.
//
// What a Tx copied is its own until `commit`: writing into it in place (the ledger, a draft)
// cannot reach any State handed out before, and after `commit` the Tx is dropped.
//
// A change to one VM, vCPU, pCPU or device goes through a draft: the element copied once
// per step into an object the Tx owns, then written field by field. Not `{ ...x, f: y }`:
// on Node 20 an object spread with overrides costs 20-40 times an object literal, and it
// was most of the cost of restarts, yields and watchdog kicks. The copies are literals
// checked against the interfaces, so a field added to an element type fails to compile
// here rather than being dropped.

import {
  BUDGET_LEFT,
  BUSY_NS,
  CPU_NS,
  DEMANDED_ALL,
  type Ledger,
  PCPU_FIELDS,
  PERIOD_START,
  RECEIVED,
  SAMPLE_START,
  VCPU_FIELDS,
} from './ledger.js';
import type { Observation } from './observations.js';
import type { PageStore } from './pagestore.js';
import type { DeviceState, PcpuState, RouteTarget, State, VcpuState, VmState } from './state.js';
import type { Topology } from './topology.js';

export type Draft<T> = { -readonly [K in keyof T]: T[K] };

// Same property order as boot's literals, so every copy shares their hidden class.
function copyVm(v: VmState): Draft<VmState> {
  return { status: v.status, stage2: v.stage2, lastKick: v.lastKick, hungSince: v.hungSince, generation: v.generation };
}
function copyVcpu(v: VcpuState): Draft<VcpuState> {
  return { busy: v.busy, runaway: v.runaway, pending: v.pending };
}
function copyPcpu(p: PcpuState): Draft<PcpuState> {
  return { online: p.online, current: p.current, hvBusyUntil: p.hvBusyUntil };
}
function copyDevice(d: DeviceState): Draft<DeviceState> {
  return { owner: d.owner, reg: d.reg, regWriter: d.regWriter, stormWindowStart: d.stormWindowStart, stormCount: d.stormCount, masked: d.masked };
}

/** Draft bookkeeping is a bit per element; elements past this index are copied on every draft. */
const DRAFT_BITS = 31;

/** Most steps observe nothing at all (a quiet time advance); they share this. */
const NO_OBSERVATIONS: readonly Observation[] = Object.freeze([]);

export class Tx {
  readonly topo: Topology;
  now: number;
  memory: PageStore;
  streams: ReadonlyMap<number, number>;
  private obsArr: Observation[] | undefined;
  private vmsArr: readonly VmState[];
  private vcpusArr: readonly VcpuState[];
  private pcpusArr: readonly PcpuState[];
  private devicesArr: readonly DeviceState[];
  private routesArr: readonly (readonly RouteTarget[])[];
  private clusterArr: readonly number[];
  private epochArr: readonly number[];
  private ledgerArr: Ledger;
  /** Where the pCPU fields start in the ledger. */
  private readonly pcpuBase: number;
  private owned = 0; // bit set: which arrays are private copies
  // Bit i set: element i of that array is a draft, an object this Tx made and may write.
  private vmDrafts = 0;
  private vcpuDrafts = 0;
  private pcpuDrafts = 0;
  private deviceDrafts = 0;

  constructor(readonly base: State) {
    this.topo = base.topo;
    this.now = base.now;
    this.memory = base.memory;
    this.streams = base.streams;
    this.vmsArr = base.vms;
    this.vcpusArr = base.vcpus;
    this.pcpusArr = base.pcpus;
    this.devicesArr = base.devices;
    this.routesArr = base.routes;
    this.clusterArr = base.clusterKhz;
    this.epochArr = base.epochs;
    this.ledgerArr = base.ledger;
    this.pcpuBase = base.topo.vcpuVm.length * VCPU_FIELDS;
  }

  emit(o: Observation): void {
    if (this.obsArr === undefined) this.obsArr = [o];
    else this.obsArr.push(o);
  }

  get obs(): readonly Observation[] {
    return this.obsArr ?? NO_OBSERVATIONS;
  }

  vm(i: number): VmState {
    return this.vmsArr[i]!;
  }
  vcpu(i: number): VcpuState {
    return this.vcpusArr[i]!;
  }
  pcpu(i: number): PcpuState {
    return this.pcpusArr[i]!;
  }
  device(i: number): DeviceState {
    return this.devicesArr[i]!;
  }
  routes(spi: number): readonly RouteTarget[] {
    return this.routesArr[spi] ?? [];
  }
  clusterKhz(c: number): number {
    return this.clusterArr[c]!;
  }
  epoch(segment: number): number {
    return this.epochArr[segment]!;
  }
  bumpEpoch(segment: number): void {
    if ((this.owned & 64) === 0) {
      this.epochArr = this.epochArr.slice();
      this.owned |= 64;
    }
    (this.epochArr as number[])[segment]! += 1;
  }

  // Scheduler accounting (layout in ledger.ts).
  cpuNs(f: number): number {
    return this.ledgerArr[f * VCPU_FIELDS + CPU_NS]!;
  }
  budgetLeft(f: number): number {
    return this.ledgerArr[f * VCPU_FIELDS + BUDGET_LEFT]!;
  }
  periodStart(f: number): number {
    return this.ledgerArr[f * VCPU_FIELDS + PERIOD_START]!;
  }
  receivedInPeriod(f: number): number {
    return this.ledgerArr[f * VCPU_FIELDS + RECEIVED]!;
  }
  demandedAll(f: number): boolean {
    return this.ledgerArr[f * VCPU_FIELDS + DEMANDED_ALL] === 1;
  }
  busyNs(p: number): number {
    return this.ledgerArr[this.pcpuBase + p * PCPU_FIELDS + BUSY_NS]!;
  }
  sampleStart(p: number): number {
    return this.ledgerArr[this.pcpuBase + p * PCPU_FIELDS + SAMPLE_START]!;
  }

  /** vCPU f ran for dt ns; under fixed priority that drains its budget. */
  charge(f: number, dt: number, drainsBudget: boolean): void {
    const l = this.ledger();
    const i = f * VCPU_FIELDS;
    l[i + CPU_NS]! += dt;
    l[i + RECEIVED]! += dt;
    if (drainsBudget) l[i + BUDGET_LEFT]! -= dt;
  }
  /** vCPU f's next period starts at `start` with `budget` left and nothing received yet. */
  openPeriod(f: number, start: number, budget: number, demandedAll: boolean): void {
    const l = this.ledger();
    const i = f * VCPU_FIELDS;
    l[i + PERIOD_START] = start;
    l[i + BUDGET_LEFT] = budget;
    l[i + RECEIVED] = 0;
    l[i + DEMANDED_ALL] = demandedAll ? 1 : 0;
  }
  setDemandedAll(f: number, demandedAll: boolean): void {
    this.ledger()[f * VCPU_FIELDS + DEMANDED_ALL] = demandedAll ? 1 : 0;
  }
  addBusyNs(p: number, dt: number): void {
    this.ledger()[this.pcpuBase + p * PCPU_FIELDS + BUSY_NS]! += dt;
  }
  /** Start a new DVFS load sample on pCPU p. */
  openSample(p: number, at: number): void {
    const l = this.ledger();
    const i = this.pcpuBase + p * PCPU_FIELDS;
    l[i + BUSY_NS] = 0;
    l[i + SAMPLE_START] = at;
  }
  private ledger(): number[] {
    if ((this.owned & 128) === 0) {
      this.ledgerArr = this.ledgerArr.slice();
      this.owned |= 128;
    }
    return this.ledgerArr as number[];
  }

  setVm(i: number, v: VmState): void {
    if ((this.owned & 1) === 0) {
      this.vmsArr = this.vmsArr.slice();
      this.owned |= 1;
    }
    (this.vmsArr as VmState[])[i] = v;
    if (i < DRAFT_BITS) this.vmDrafts &= ~(1 << i);
  }
  setVcpu(i: number, v: VcpuState): void {
    if ((this.owned & 2) === 0) {
      this.vcpusArr = this.vcpusArr.slice();
      this.owned |= 2;
    }
    (this.vcpusArr as VcpuState[])[i] = v;
    if (i < DRAFT_BITS) this.vcpuDrafts &= ~(1 << i);
  }
  setPcpu(i: number, v: PcpuState): void {
    if ((this.owned & 4) === 0) {
      this.pcpusArr = this.pcpusArr.slice();
      this.owned |= 4;
    }
    (this.pcpusArr as PcpuState[])[i] = v;
    if (i < DRAFT_BITS) this.pcpuDrafts &= ~(1 << i);
  }
  setDevice(i: number, v: DeviceState): void {
    if ((this.owned & 8) === 0) {
      this.devicesArr = this.devicesArr.slice();
      this.owned |= 8;
    }
    (this.devicesArr as DeviceState[])[i] = v;
    // The caller may keep v (or have taken it from an older State): not ours to write.
    if (i < DRAFT_BITS) this.deviceDrafts &= ~(1 << i);
  }

  // Element i as a draft to write in place; later reads of element i see the writes. An
  // interrupt storm updates one device thousands of times in a step, and copies it once.
  draftVm(i: number): Draft<VmState> {
    if (i < DRAFT_BITS && (this.vmDrafts & (1 << i)) !== 0) return this.vmsArr[i] as Draft<VmState>;
    const d = copyVm(this.vmsArr[i]!);
    this.setVm(i, d);
    if (i < DRAFT_BITS) this.vmDrafts |= 1 << i;
    return d;
  }
  draftVcpu(i: number): Draft<VcpuState> {
    if (i < DRAFT_BITS && (this.vcpuDrafts & (1 << i)) !== 0) return this.vcpusArr[i] as Draft<VcpuState>;
    const d = copyVcpu(this.vcpusArr[i]!);
    this.setVcpu(i, d);
    if (i < DRAFT_BITS) this.vcpuDrafts |= 1 << i;
    return d;
  }
  draftPcpu(i: number): Draft<PcpuState> {
    if (i < DRAFT_BITS && (this.pcpuDrafts & (1 << i)) !== 0) return this.pcpusArr[i] as Draft<PcpuState>;
    const d = copyPcpu(this.pcpusArr[i]!);
    this.setPcpu(i, d);
    if (i < DRAFT_BITS) this.pcpuDrafts |= 1 << i;
    return d;
  }
  draftDevice(i: number): Draft<DeviceState> {
    if (i < DRAFT_BITS && (this.deviceDrafts & (1 << i)) !== 0) return this.devicesArr[i] as Draft<DeviceState>;
    const d = copyDevice(this.devicesArr[i]!);
    this.setDevice(i, d);
    if (i < DRAFT_BITS) this.deviceDrafts |= 1 << i;
    return d;
  }
  setRoutes(spi: number, r: readonly RouteTarget[]): void {
    if ((this.owned & 16) === 0) {
      this.routesArr = this.routesArr.slice();
      this.owned |= 16;
    }
    (this.routesArr as (readonly RouteTarget[])[])[spi] = r;
  }
  setClusterKhz(c: number, khz: number): void {
    if ((this.owned & 32) === 0) {
      this.clusterArr = this.clusterArr.slice();
      this.owned |= 32;
    }
    (this.clusterArr as number[])[c] = khz;
  }

  commit(): State {
    return {
      topo: this.topo,
      now: this.now,
      vms: this.vmsArr,
      vcpus: this.vcpusArr,
      pcpus: this.pcpusArr,
      devices: this.devicesArr,
      memory: this.memory,
      streams: this.streams,
      routes: this.routesArr,
      clusterKhz: this.clusterArr,
      epochs: this.epochArr,
      ledger: this.ledgerArr,
    };
  }
}
