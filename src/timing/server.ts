// The vCPU servers a scenario's per-pCPU schedules define, seen from the timing analysis.
//
// Fixed-priority pCPUs run deferrable servers: budget B replenished to B at every multiple
// of T from time 0, unused budget kept until the period ends, consumed only while running,
// a strictly higher priority preempts, equal priorities rank by order in the schedule list.
// A deferrable server can run its budget at the very end of one period and again at the
// start of the next, so to lower-priority servers it behaves like a task with release jitter
// T_j − B_j (Strosnider, Lehoczky & Sha 1995; Tindell's jitter RTA). Server i's worst-case
// response to a full budget request released at a period start:
//   R_i = B_i + Σ_{j ∈ hp(i)} ⌈(R_i + T_j − B_j) / T_j⌉ · B_j,  least fixed point; unbounded if R_i > T_i.

import { ceilDiv } from './arith.js';
import type { PcpuSchedule, PriorityEntry, Scenario, VcpuRef } from '../config/types.js';

export function sameVcpu(a: VcpuRef, b: VcpuRef): boolean {
  return a.vm === b.vm && a.vcpu === b.vcpu;
}

export function scheduleOf(scenario: Scenario, pcpu: number): PcpuSchedule | undefined {
  return scenario.schedule.find((s) => s.pcpu === pcpu);
}

/** Entries with higher priority than entry `i` (ties: earlier in the list wins). */
export function higherPriority(entries: readonly PriorityEntry[], i: number): PriorityEntry[] {
  const me = entries[i]!;
  return entries.filter((e, j) => j !== i && (e.priority > me.priority || (e.priority === me.priority && j < i)));
}

export interface ServerRta {
  /** Worst-case time from a period start until the full budget has been served; null: > T. */
  readonly responseNs: bigint | null;
  readonly budgetNs: bigint;
  readonly periodNs: bigint;
  readonly interferers: readonly VcpuRef[];
}

export function serverResponse(entries: readonly PriorityEntry[], i: number): ServerRta {
  const me = entries[i]!;
  const hp = higherPriority(entries, i);
  const B = BigInt(me.budgetNs);
  const T = BigInt(me.periodNs);
  const base = { budgetNs: B, periodNs: T, interferers: hp.map((e) => e.vcpu) };
  let R = B;
  for (const e of hp) R += BigInt(e.budgetNs);
  for (;;) {
    if (R > T) return { ...base, responseNs: null };
    let next = B;
    for (const e of hp) {
      const Bj = BigInt(e.budgetNs);
      const Tj = BigInt(e.periodNs);
      next += ceilDiv(R + Tj - Bj, Tj) * Bj;
    }
    if (next === R) return { ...base, responseNs: R };
    R = next;
  }
}

/**
 * The longest stretch during which the servers of higher priority than entry `i` keep the
 * pCPU busy, counting a replenishment that lands on the stretch's last instant (it still
 * preempts there): the least L with Σ_j (⌊(L + T_j − B_j)/T_j⌋ + 1)·B_j ≤ L, each server j
 * a deferrable server with back-to-back jitter T_j − B_j. 0 with no higher-priority server;
 * null when their utilization Σ B_j/T_j reaches 1 (the stretch need never end).
 */
export function hpBusyWindow(entries: readonly PriorityEntry[], i: number): bigint | null {
  const hp = higherPriority(entries, i);
  if (hp.length === 0) return 0n;
  // Σ B_j/T_j ≥ 1 ⇔ Σ B_j·(Π T / T_j) ≥ Π T.
  let prod = 1n;
  for (const e of hp) prod *= BigInt(e.periodNs);
  let load = 0n;
  for (const e of hp) load += (BigInt(e.budgetNs) * prod) / BigInt(e.periodNs);
  if (load >= prod) return null;
  let L = 0n;
  for (;;) {
    let next = 0n;
    for (const e of hp) {
      const B = BigInt(e.budgetNs);
      const T = BigInt(e.periodNs);
      next += ((L + T - B) / T + 1n) * B;
    }
    if (next <= L) return L;
    L = next;
  }
}
