// Scheduler accounting: each vCPU's CPU time, budget and period and each pCPU's load sample,
// as one flat array of numbers per State.
//
// Every time advance charges CPU time to every resident vCPU and pCPU. Kept in objects, that
// was an object spread per pCPU per advance; kept here, a step copies one small array the
// first time it writes (see Tx) and then writes in place.
//
// A plain number array rather than a Float64Array: V8 keeps it unboxed (packed doubles) all
// the same, but a typed array of this size lives off-heap and one `slice` of it costs ten
// times a plain one; and a State stays freezable whole (Object.freeze throws on a typed array
// with elements). Every value is an integer ns below 2^53 or a 0/1 flag, so doubles are exact.
//
// Nothing outside this file and Tx indexes the array: readers use the accessors below.

import type { State } from './state.js';

/** The accounting numbers of every vCPU, then every pCPU, in the layout below. */
export type Ledger = readonly number[];

// vCPU f's fields start at f * VCPU_FIELDS.
export const VCPU_FIELDS = 5;
/** CPU time received since boot, ns. */
export const CPU_NS = 0;
/** Remaining budget in the current period (fixed-priority), ns. */
export const BUDGET_LEFT = 1;
/** Start of the current period (fixed-priority, time-partition), ns. */
export const PERIOD_START = 2;
/** CPU time received in the current period, ns. */
export const RECEIVED = 3;
/** 1 while the vCPU has wanted the CPU for the whole current period (is owed its whole budget). */
export const DEMANDED_ALL = 4;

// pCPU p's fields start at (number of vCPUs) * VCPU_FIELDS + p * PCPU_FIELDS.
export const PCPU_FIELDS = 2;
/** Busy time in the current DVFS sample, ns. */
export const BUSY_NS = 0;
/** Start of the current DVFS sample, ns. */
export const SAMPLE_START = 1;
// (A pCPU's non-preemptible section stays in PcpuState: every hypercall moves it, and a draft
// of one pCPU is cheaper to copy than the whole ledger.)

export interface VcpuAccount {
  readonly cpuNs: number;
  readonly budgetLeft: number;
  readonly periodStart: number;
  readonly receivedInPeriod: number;
  readonly demandedAll: boolean;
}

export interface PcpuAccount {
  readonly busyNs: number;
  readonly sampleStart: number;
}

/** The ledger at boot: per vCPU its budget (0 outside fixed-priority), everything else from 0. */
export function bootLedger(budgets: readonly number[], pcpus: number): Ledger {
  const l = new Array<number>(budgets.length * VCPU_FIELDS + pcpus * PCPU_FIELDS).fill(0);
  budgets.forEach((b, f) => {
    l[f * VCPU_FIELDS + BUDGET_LEFT] = b;
    l[f * VCPU_FIELDS + DEMANDED_ALL] = 1;
  });
  return l;
}

export function vcpuAccount(s: State, f: number): VcpuAccount {
  const i = f * VCPU_FIELDS;
  const l = s.ledger;
  return {
    cpuNs: l[i + CPU_NS]!,
    budgetLeft: l[i + BUDGET_LEFT]!,
    periodStart: l[i + PERIOD_START]!,
    receivedInPeriod: l[i + RECEIVED]!,
    demandedAll: l[i + DEMANDED_ALL] === 1,
  };
}

/** CPU time vCPU f (flat index) received since boot, ns. */
export function vcpuCpuNs(s: State, f: number): number {
  return s.ledger[f * VCPU_FIELDS + CPU_NS]!;
}

export function pcpuAccount(s: State, p: number): PcpuAccount {
  const i = s.topo.vcpuVm.length * VCPU_FIELDS + p * PCPU_FIELDS;
  const l = s.ledger;
  return { busyNs: l[i + BUSY_NS]!, sampleStart: l[i + SAMPLE_START]! };
}

/** A State like s with some of vCPU f's accounting replaced (for tests and model variants). */
export function withVcpuAccount(s: State, f: number, patch: Partial<VcpuAccount>): State {
  const l = s.ledger.slice();
  const i = f * VCPU_FIELDS;
  if (patch.cpuNs !== undefined) l[i + CPU_NS] = patch.cpuNs;
  if (patch.budgetLeft !== undefined) l[i + BUDGET_LEFT] = patch.budgetLeft;
  if (patch.periodStart !== undefined) l[i + PERIOD_START] = patch.periodStart;
  if (patch.receivedInPeriod !== undefined) l[i + RECEIVED] = patch.receivedInPeriod;
  if (patch.demandedAll !== undefined) l[i + DEMANDED_ALL] = patch.demandedAll ? 1 : 0;
  return { ...s, ledger: l };
}
