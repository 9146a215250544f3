// The whole machine as the hypervisor model sees it. A State is never changed: `step`
// returns a new one that shares every untouched part with the old.

import type { Ledger } from './ledger.js';
import type { PageStore } from './pagestore.js';
import type { Stage2Entry, Topology } from './topology.js';

export type VmStatus = 'running' | 'stopped' | 'failed';

export interface VmState {
  readonly status: VmStatus;
  /** Current stage-2 table, sorted by IPA. */
  readonly stage2: readonly Stage2Entry[];
  readonly lastKick: number;
  /** Time the VM stopped kicking for a fault (a runaway vCPU), or -1. */
  readonly hungSince: number;
  /** How often the VM was (re)started; tells instances apart. */
  readonly generation: number;
}

export interface PendingIrq {
  readonly intid: number;
  readonly source: 'spi' | 'sgi';
  readonly assertedAt: number;
  readonly from: number;
}

export interface VcpuState {
  /** Wants the CPU (false after yield, until an interrupt or its timer wakes it). */
  readonly busy: boolean;
  /** Spinning in a loop: ignores yield, keeps wanting the CPU. */
  readonly runaway: boolean;
  readonly pending: readonly PendingIrq[];
  // CPU time, budget and period accounting live in State.ledger (see ledger.ts).
}

export interface PcpuState {
  readonly online: boolean;
  /** Flat index of the resident vCPU, or -1. */
  readonly current: number;
  /** The hypervisor holds this pCPU in a non-preemptible section until then. */
  readonly hvBusyUntil: number;
  // The DVFS load sample lives in State.ledger (see ledger.ts).
}

export interface DeviceState {
  /** Owning VM, or -1. */
  readonly owner: number;
  /** Device-internal state a guest can leave behind (a register or FIFO word). */
  readonly reg: number;
  readonly regWriter: number;
  readonly stormWindowStart: number;
  readonly stormCount: number;
  readonly masked: boolean;
}

export interface RouteTarget {
  readonly vm: number;
  readonly vcpu: number;
}

export interface State {
  readonly topo: Topology;
  readonly now: number;
  readonly vms: readonly VmState[];
  readonly vcpus: readonly VcpuState[];
  readonly pcpus: readonly PcpuState[];
  readonly devices: readonly DeviceState[];
  readonly memory: PageStore;
  /** Scrub epoch of each PA segment: a cell written in an older epoch reads as zero. */
  readonly epochs: readonly number[];
  /** SMMU stream table: stream ID → context VM. */
  readonly streams: ReadonlyMap<number, number>;
  /** Interrupt routing: SPI → virtual targets the hypervisor injects into. */
  readonly routes: readonly (readonly RouteTarget[])[];
  /** Current frequency of each cluster, kHz. */
  readonly clusterKhz: readonly number[];
  /** Scheduler accounting of every vCPU and pCPU; read it through ledger.ts. */
  readonly ledger: Ledger;
}
