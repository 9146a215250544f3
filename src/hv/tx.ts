// One step's working copy of the State. Arrays are copied on first write only, so a step
// costs what it touches; the Tx never outlives the step that made it, and `commit` hands
// back a fresh State that shares everything untouched with the old one.

import type { Observation } from './observations.js';
import type { PageStore } from './pagestore.js';
import type { DeviceState, PcpuState, RouteTarget, State, VcpuState, VmState } from './state.js';
import type { Topology } from './topology.js';

export class Tx {
  readonly topo: Topology;
  readonly obs: Observation[] = [];
  now: number;
  memory: PageStore;
  streams: ReadonlyMap<number, number>;
  private vmsArr: readonly VmState[];
  private vcpusArr: readonly VcpuState[];
  private pcpusArr: readonly PcpuState[];
  private devicesArr: readonly DeviceState[];
  private routesArr: readonly (readonly RouteTarget[])[];
  private clusterArr: readonly number[];
  private epochArr: readonly number[];
  private owned = 0; // bit set: which arrays are private copies

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
  }

  emit(o: Observation): void {
    this.obs.push(o);
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

  setVm(i: number, v: VmState): void {
    if ((this.owned & 1) === 0) {
      this.vmsArr = this.vmsArr.slice();
      this.owned |= 1;
    }
    (this.vmsArr as VmState[])[i] = v;
  }
  setVcpu(i: number, v: VcpuState): void {
    if ((this.owned & 2) === 0) {
      this.vcpusArr = this.vcpusArr.slice();
      this.owned |= 2;
    }
    (this.vcpusArr as VcpuState[])[i] = v;
  }
  setPcpu(i: number, v: PcpuState): void {
    if ((this.owned & 4) === 0) {
      this.pcpusArr = this.pcpusArr.slice();
      this.owned |= 4;
    }
    (this.pcpusArr as PcpuState[])[i] = v;
  }
  setDevice(i: number, v: DeviceState): void {
    if ((this.owned & 8) === 0) {
      this.devicesArr = this.devicesArr.slice();
      this.owned |= 8;
    }
    (this.devicesArr as DeviceState[])[i] = v;
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
    };
  }
}
