// EDF schedulability on a supply: the task set is schedulable iff dbf(t) ≤ sbf(t) for all
// t > 0 (Baruah, Rosier & Howell 1990 on a dedicated CPU; Shin & Lee 2003 on a resource
// model). Exact: dbf only steps at t = D_i + k·T_i and sbf never decreases, so those are the
// only points to check, up to a horizon that is sound for the supply:
//
//   - U > ρ (supply rate): unschedulable (dbf − sbf grows without bound).
//   - for t ≥ t0 = max(from, max D_i), dbf(t+M) − sbf(t+M) = dbf(t) − sbf(t) − (ρ−U)·M with
//     M = lcm(supply period, T_i): the difference never grows past t0 + M, so [0, t0+M] suffices.
//   - U < ρ: dbf(t) ≤ U·t + Σ U_i·max(0, T_i − D_i) and sbf(t) ≥ ρ·(t − δ), so a violation
//     needs t < (Σ U_i·max(0, T_i−D_i) + ρ·δ) / (ρ − U) (the analytic bound, Shin & Lee 2003).
//   The smaller horizon is used.
//
// Response times: EDF has no simple exact RTA on a supply. Reported is a sound bound:
// min(D_i, L) when the set is schedulable, else L, with L the synchronous busy period of the
// whole set (every job completes within its busy period, which is at most L); null when the
// busy period does not close.

import { max, min, q, qAdd, qDiv, qFloor, qMul, qSub, type Q } from './arith.js';
import { busyPeriod, loadVsRate, repeatHorizon } from './busy.js';
import { dbf } from './demand.js';
import { rate, type Supply } from './supply.js';
import { DEFAULT_LIMIT, type Analysis, type Task, type TaskResult } from './task.js';

export interface DbfCheck {
  /** True, false, or null when the check-point limit was reached (inconclusive). */
  readonly schedulable: boolean | null;
  readonly horizon: bigint;
  readonly witness?: { t: bigint; demand: bigint; supply: bigint };
  readonly reason?: 'overload';
}

export function edfHorizon(tasks: readonly Task[], s: Supply, u: Q): bigint {
  let dmax = 0n;
  for (const k of tasks) dmax = max(dmax, k.deadline);
  const periodic = max(s.repeat.from, dmax) + repeatHorizon(tasks, s) - s.repeat.from;
  const rho = rate(s);
  const slack = qSub(rho, u);
  if (slack.num <= 0n) return periodic;
  let extra = q(0n);
  for (const k of tasks) if (k.period > k.deadline) extra = qAdd(extra, q(k.wcet * (k.period - k.deadline), k.period));
  const analytic = qFloor(qDiv(qAdd(extra, qMul(rho, q(s.delay))), slack));
  return min(periodic, analytic);
}

export function edfDbfCheck(tasks: readonly Task[], s: Supply, limit = DEFAULT_LIMIT): DbfCheck {
  if (tasks.length === 0) return { schedulable: true, horizon: 0n };
  const { u, cmp } = loadVsRate(tasks, s);
  if (cmp > 0) return { schedulable: false, horizon: 0n, reason: 'overload' };
  const horizon = edfHorizon(tasks, s, u);
  // Merge the step points D_i + k·T_i ≤ horizon in increasing order.
  const next = tasks.map((k) => k.deadline);
  let checked = 0;
  for (;;) {
    let t: bigint | undefined;
    for (const n of next) if (t === undefined || n < t) t = n;
    if (t === undefined || t > horizon) return { schedulable: true, horizon };
    if (checked++ >= limit) return { schedulable: null, horizon };
    for (let i = 0; i < next.length; i++) if (next[i] === t) next[i] = t + tasks[i]!.period;
    const d = dbf(tasks, t);
    const sup = s.sbf(t);
    if (d > sup) return { schedulable: false, horizon, witness: { t, demand: d, supply: sup } };
  }
}

export function analyzeEdf(tasks: readonly Task[], s: Supply, limit = DEFAULT_LIMIT): Analysis {
  const check = edfDbfCheck(tasks, s, limit);
  const L = busyPeriod(tasks, s, limit);
  const inconclusive = check.schedulable === null;
  const ok = check.schedulable === true;
  const results: TaskResult[] = tasks.map((k) => {
    if (!L.ok) {
      // Schedulable with an open busy period cannot happen (U = ρ with equality everywhere
      // would close it), but stay sound: the deadline bounds every response when schedulable.
      return ok
        ? { name: k.name, responseTime: k.deadline, deadline: k.deadline, meetsDeadline: true }
        : { name: k.name, responseTime: null, deadline: k.deadline, meetsDeadline: false, unbounded: L.why };
    }
    const r = ok ? min(k.deadline, L.value) : L.value;
    return { name: k.name, responseTime: r, deadline: k.deadline, meetsDeadline: ok || r <= k.deadline, busyPeriod: L.value };
  });
  const base: Analysis = { policy: 'edf', schedulable: ok, inconclusive, tasks: results, horizon: check.horizon };
  return check.witness === undefined ? base : { ...base, witness: check.witness };
}
