// Brute-force discrete-time simulators on a dedicated CPU, synchronous periodic release:
// the ground truth the analytic results are checked against.

import type { Task } from '../../src/timing/task.js';

interface Job {
  task: number;
  release: number;
  deadline: number;
  left: number;
}

export function hyperperiod(ts: readonly Task[]): number {
  const g = (a: number, b: number): number => (b === 0 ? a : g(b, a % b));
  return ts.reduce((h, t) => (h / g(h, Number(t.period))) * Number(t.period), 1);
}

/**
 * Fixed priority (index 0 highest; jobs of one task in release order). Simulates [0, until)
 * and returns, per task, the largest response of its jobs released before `releasedBefore`
 * (undefined if one of them did not complete within the simulation).
 */
export function simulateFp(ts: readonly Task[], releasedBefore: number, until: number): (number | undefined)[] {
  const pending: Job[] = [];
  const worst: (number | undefined)[] = ts.map(() => 0);
  const open = ts.map(() => 0); // jobs released before `releasedBefore` still pending
  for (let t = 0; t < until; t++) {
    ts.forEach((k, i) => {
      if (t % Number(k.period) === 0) {
        pending.push({ task: i, release: t, deadline: t + Number(k.deadline), left: Number(k.wcet) });
        if (t < releasedBefore) open[i]!++;
      }
    });
    let pick: Job | undefined;
    for (const j of pending) if (pick === undefined || j.task < pick.task || (j.task === pick.task && j.release < pick.release)) pick = j;
    if (pick === undefined) continue;
    if (--pick.left === 0) {
      pending.splice(pending.indexOf(pick), 1);
      if (pick.release < releasedBefore) {
        worst[pick.task] = Math.max(worst[pick.task]!, t + 1 - pick.release);
        open[pick.task]!--;
      }
    }
  }
  return worst.map((w, i) => (open[i] === 0 ? w : undefined));
}

/** EDF (ties: earlier deadline, then lower task index). Does a job miss its deadline before `until`? */
export function simulateEdfMisses(ts: readonly Task[], until: number): boolean {
  const pending: Job[] = [];
  for (let t = 0; t < until; t++) {
    ts.forEach((k, i) => {
      if (t % Number(k.period) === 0) pending.push({ task: i, release: t, deadline: t + Number(k.deadline), left: Number(k.wcet) });
    });
    for (const j of pending) if (j.deadline <= t) return true;
    let pick: Job | undefined;
    for (const j of pending) if (pick === undefined || j.deadline < pick.deadline || (j.deadline === pick.deadline && j.task < pick.task)) pick = j;
    if (pick === undefined) continue;
    if (--pick.left === 0) pending.splice(pending.indexOf(pick), 1);
  }
  return pending.some((j) => j.deadline <= until);
}

/**
 * Fixed priority on a time-partition table: the CPU serves the guest only at instants x with
 * supplied(x) true. Synchronous release at 0; returns the worst response per task of jobs
 * released before `releasedBefore` (undefined if one did not finish within `until`).
 */
export function simulateFpOnSupply(
  ts: readonly Task[],
  supplied: (x: number) => boolean,
  releasedBefore: number,
  until: number,
): (number | undefined)[] {
  const pending: Job[] = [];
  const worst: (number | undefined)[] = ts.map(() => 0);
  const open = ts.map(() => 0);
  for (let t = 0; t < until; t++) {
    ts.forEach((k, i) => {
      if (t % Number(k.period) === 0 && t < releasedBefore) {
        pending.push({ task: i, release: t, deadline: t + Number(k.deadline), left: Number(k.wcet) });
        open[i]!++;
      }
    });
    if (!supplied(t)) continue;
    let pick: Job | undefined;
    for (const j of pending) if (pick === undefined || j.task < pick.task || (j.task === pick.task && j.release < pick.release)) pick = j;
    if (pick === undefined) continue;
    if (--pick.left === 0) {
      pending.splice(pending.indexOf(pick), 1);
      worst[pick.task] = Math.max(worst[pick.task]!, t + 1 - pick.release);
      open[pick.task]!--;
    }
  }
  return worst.map((w, i) => (open[i] === 0 ? w : undefined));
}
