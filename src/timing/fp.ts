// Fixed-priority response-time analysis on a supply, with arbitrary deadlines.
//
// Busy-window analysis (Lehoczky, "Fixed priority scheduling of periodic task sets with
// arbitrary deadlines", RTSS 1990; Tindell, Burns & Wellings 1994): when a response time can
// exceed the period, several jobs of task i share a level-i busy period and a later one can
// be the worst, so every job q = 0 .. ⌈L_i/T_i⌉−1 of the synchronous level-i busy period L_i
// is analysed. On a non-dedicated supply the processor-time demand is converted into time by
// the inverse supply bound function (tsbf), as in compositional analysis (Shin & Lee 2003):
//   f_q = min { t : sbf(t) ≥ (q+1)·C_i + Σ_{j<i} ⌈t/T_j⌉·C_j },   R_i = max_q (f_q − q·T_i).
// Tasks are listed highest priority first. On a dedicated CPU the result is exact.

import { max } from './arith.js';
import { busyPeriod } from './busy.js';
import { requestBound } from './demand.js';
import type { Supply } from './supply.js';
import { DEFAULT_LIMIT, type Analysis, type Task, type TaskResult } from './task.js';

export function fpResponseTime(tasks: readonly Task[], i: number, s: Supply, limit = DEFAULT_LIMIT): TaskResult {
  const me = tasks[i]!;
  const hep = tasks.slice(0, i + 1);
  const hp = tasks.slice(0, i);
  const L = busyPeriod(hep, s, limit);
  if (!L.ok) return { name: me.name, responseTime: null, deadline: me.deadline, meetsDeadline: false, unbounded: L.why };
  const jobs = (L.value + me.period - 1n) / me.period;
  let worst = -1n;
  let worstJob = 0;
  let f = 0n;
  let budget = limit;
  for (let qj = 0n; qj < jobs; qj++) {
    const own = (qj + 1n) * me.wcet;
    let hpC = 0n;
    for (const k of hp) hpC += k.wcet;
    let t = max(f, s.inverse(own + hpC) as bigint);
    for (;;) {
      if (budget-- <= 0) {
        return { name: me.name, responseTime: null, deadline: me.deadline, meetsDeadline: false, unbounded: 'iteration-limit' };
      }
      const next = s.inverse(own + requestBound(hp, t)) as bigint; // finite: the busy period closes
      if (next <= t) break;
      t = next;
    }
    f = t;
    const r = f - qj * me.period;
    if (r > worst) {
      worst = r;
      worstJob = Number(qj);
    }
  }
  return {
    name: me.name,
    responseTime: worst,
    deadline: me.deadline,
    meetsDeadline: worst <= me.deadline,
    worstJob,
    busyPeriod: L.value,
  };
}

export function analyzeFp(tasks: readonly Task[], s: Supply, limit = DEFAULT_LIMIT): Analysis {
  const results = tasks.map((_, i) => fpResponseTime(tasks, i, s, limit));
  const inconclusive = results.some((r) => r.unbounded === 'iteration-limit');
  return {
    policy: 'fixed-priority',
    schedulable: !inconclusive && results.every((r) => r.meetsDeadline),
    inconclusive,
    tasks: results,
  };
}
