// Demand of a task set: the request bound W(t) (work released in any half-open interval of
// length t), the EDF demand bound dbf(t) (work released and due within an interval of
// length t) and the utilization, all exact.

import { ceilDiv, floorDiv, q, qAdd, type Q } from './arith.js';
import type { Task } from './task.js';

/** Σ ⌈t/T⌉·C over `tasks`: the most work released in any interval [s, s+t). */
export function requestBound(tasks: readonly Task[], t: bigint): bigint {
  let w = 0n;
  for (const k of tasks) w += ceilDiv(t, k.period) * k.wcet;
  return w;
}

/** dbf(t) = Σ max(0, ⌊(t − D)/T⌋ + 1)·C (Baruah, Rosier & Howell 1990). */
export function dbf(tasks: readonly Task[], t: bigint): bigint {
  let d = 0n;
  for (const k of tasks) {
    if (t < k.deadline) continue;
    d += (floorDiv(t - k.deadline, k.period) + 1n) * k.wcet;
  }
  return d;
}

export function utilization(tasks: readonly Task[]): Q {
  let u = q(0n);
  for (const k of tasks) u = qAdd(u, q(k.wcet, k.period));
  return u;
}
