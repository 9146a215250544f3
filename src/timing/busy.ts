// The busy period of a task set on a supply: the first t > 0 at which the supply guaranteed
// in [0, t) catches up with the work released in [0, t) under the synchronous release:
//   L = min { t > 0 : W(t) ≤ sbf(t) },   computed by L ← tsbf(W(L)) from tsbf(ΣC).
// Any busy period of a work-conserving scheduler is at most this long (the work arriving in
// an interval of length t is at most W(t), the supply at least sbf(t)).

import { lcm, max, qCmp, type Q } from './arith.js';
import { requestBound, utilization } from './demand.js';
import { rate, type Supply } from './supply.js';
import type { Task, Unbounded } from './task.js';

export type Bounded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: Unbounded };

/**
 * The horizon beyond which, when utilization equals the supply rate, W − sbf repeats
 * (W(t+M) = W(t) + U·M and sbf(t+M) = sbf(t) + ρ·M for t ≥ from): if the busy period has not
 * closed by then it never does.
 */
export function repeatHorizon(tasks: readonly Task[], s: Supply): bigint {
  let m = s.repeat.period;
  for (const k of tasks) m = lcm(m, k.period);
  return s.repeat.from + m;
}

/** Compare U with the supply rate: -1 below, 0 equal, 1 above. */
export function loadVsRate(tasks: readonly Task[], s: Supply): { u: Q; cmp: -1 | 0 | 1 } {
  const u = utilization(tasks);
  return { u, cmp: qCmp(u, rate(s)) };
}

export function busyPeriod(tasks: readonly Task[], s: Supply, limit: number): Bounded<bigint> {
  if (tasks.length === 0) return { ok: true, value: 0n };
  const { cmp } = loadVsRate(tasks, s);
  if (cmp > 0) return { ok: false, why: 'overload' };
  const cap = cmp === 0 ? repeatHorizon(tasks, s) : undefined;
  let c = 0n;
  for (const k of tasks) c += k.wcet;
  let L = s.inverse(c);
  if (L === null) return { ok: false, why: 'overload' };
  for (let i = 0; i < limit; i++) {
    const next = s.inverse(requestBound(tasks, L));
    if (next === null) return { ok: false, why: 'overload' };
    if (next === L) return { ok: true, value: L };
    L = max(next, L);
    if (cap !== undefined && L > cap) return { ok: false, why: 'busy-period-open' };
  }
  return { ok: false, why: 'iteration-limit' };
}
