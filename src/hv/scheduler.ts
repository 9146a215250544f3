// Per-pCPU scheduling: which vCPU is resident, when that changes, and how CPU time and
// budgets are accounted as time advances.
//
// - bind: the bound vCPU is resident whenever its VM runs (tickless, idle or not). A second
//   vCPU pinned to a bind pCPU (a misconfiguration the model still runs) takes the CPU only
//   while the bound one idles.
// - time-partition: the owner of the current window is resident, idle or not; frames start
//   at multiples of the major frame from time 0.
// - fixed-priority: each vCPU is a deferrable server; the highest-priority busy vCPU with
//   budget left runs. Budgets refill to B at every multiple of the period from time 0 and
//   drain only while the vCPU runs, so a runaway guest loses the CPU at its budget's end.

import type { CompiledSchedule } from './topology.js';
import type { Tx } from './tx.js';

function alive(tx: Tx, f: number): boolean {
  return tx.vm(tx.topo.vcpuVm[f]!).status === 'running';
}

function wants(tx: Tx, f: number): boolean {
  return alive(tx, f) && tx.vcpu(f).busy;
}

export function pick(tx: Tx, p: number, t: number): number {
  if (!tx.pcpu(p).online) return -1;
  const sched = tx.topo.pcpuSchedule[p]!;
  const pinned = tx.topo.pcpuVcpus[p]!;
  switch (sched.kind) {
    case 'none':
      for (const f of pinned) if (wants(tx, f)) return f;
      return -1;
    case 'bind': {
      const b = sched.vcpu;
      if (b >= 0 && wants(tx, b)) return b;
      for (const f of pinned) if (f !== b && wants(tx, f)) return f;
      return b >= 0 && alive(tx, b) ? b : -1;
    }
    case 'time-partition': {
      const off = t % sched.frame;
      for (const w of sched.windows) {
        if (off >= w.start && off < w.end) return w.vcpu >= 0 && alive(tx, w.vcpu) ? w.vcpu : -1;
      }
      return -1;
    }
    case 'fixed-priority':
      for (const e of sched.entries) if (e.vcpu >= 0 && wants(tx, e.vcpu) && tx.budgetLeft(e.vcpu) > 0) return e.vcpu;
      return -1;
    default: {
      const never: never = sched;
      return never;
    }
  }
}

/** Re-decide pCPU p at time t; a vCPU switched in gets its pending interrupts injected. */
export function resched(tx: Tx, p: number, t: number): void {
  const next = pick(tx, p, t);
  const pc = tx.pcpu(p);
  if (next === pc.current) return;
  const from = pc.current;
  tx.draftPcpu(p).current = next;
  tx.emit({ kind: 'sched', pcpu: p, from, to: next, at: t });
  if (next < 0) return;
  const pending = tx.vcpu(next).pending;
  if (pending.length === 0) return;
  const vm = tx.topo.vcpuVm[next]!;
  const c = tx.topo.vmCosts[vm]!;
  const deliveredAt = t + c.contextSwitchNs + c.irqInjectNs;
  for (const irq of pending) {
    tx.emit({
      kind: 'virq',
      vm,
      vcpu: tx.topo.vcpuLocal[next]!,
      intid: irq.intid,
      source: irq.source,
      assertedAt: irq.assertedAt,
      deliveredAt,
      path: 'switch-in',
      from: irq.from,
    });
  }
  tx.draftVcpu(next).pending = [];
}

export function reschedVm(tx: Tx, vm: number): void {
  const base = tx.topo.vcpuBase[vm]!;
  const n = tx.topo.scenario.vms[vm]!.vcpus.length;
  for (let f = base; f < base + n; f++) {
    const p = tx.topo.vcpuPcpu[f]!;
    if (p < 0) continue;
    // Each pCPU once, in the order its first vCPU comes (a VM has a handful of vCPUs).
    let first = true;
    for (let g = base; g < f && first; g++) if (tx.topo.vcpuPcpu[g] === p) first = false;
    if (first) resched(tx, p, tx.now);
  }
}

function nextBoundary(tx: Tx, sched: CompiledSchedule, t: number, cur: number): number {
  switch (sched.kind) {
    case 'none':
    case 'bind':
      return Infinity;
    case 'time-partition': {
      const off = t % sched.frame;
      let edge = sched.frame;
      for (const w of sched.windows) {
        if (w.start > off && w.start < edge) edge = w.start;
        if (w.end > off && w.end < edge) edge = w.end;
      }
      return t - off + edge;
    }
    case 'fixed-priority': {
      let next = Infinity;
      for (const e of sched.entries) if (e.vcpu >= 0) next = Math.min(next, tx.periodStart(e.vcpu) + e.period);
      if (cur >= 0 && wants(tx, cur)) next = Math.min(next, t + tx.budgetLeft(cur));
      return next;
    }
    default: {
      const never: never = sched;
      return never;
    }
  }
}

/** A vCPU is owed its whole budget for a period it starts busy on an online pCPU. */
function owed(tx: Tx, f: number): boolean {
  const p = tx.topo.vcpuPcpu[f]!;
  return wants(tx, f) && p >= 0 && tx.pcpu(p).online;
}

/** Close every period that ends at t: report what each vCPU received, open the next. */
function closePeriods(tx: Tx, sched: CompiledSchedule, t: number): void {
  if (sched.kind === 'fixed-priority') {
    for (const e of sched.entries) {
      if (e.vcpu < 0) continue;
      const start = tx.periodStart(e.vcpu);
      if (start + e.period > t) continue;
      tx.emit({
        kind: 'period-end',
        vcpu: e.vcpu,
        start,
        end: start + e.period,
        receivedNs: tx.receivedInPeriod(e.vcpu),
        budgetNs: e.budget,
        demandedAll: tx.demandedAll(e.vcpu),
      });
      tx.openPeriod(e.vcpu, start + e.period, e.budget, owed(tx, e.vcpu));
    }
  } else if (sched.kind === 'time-partition' && t % sched.frame === 0) {
    const done = new Set<number>();
    for (const w of sched.windows) {
      if (w.vcpu < 0 || done.has(w.vcpu)) continue;
      done.add(w.vcpu);
      const start = tx.periodStart(w.vcpu);
      if (start >= t) continue;
      let budget = 0;
      for (const x of sched.windows) if (x.vcpu === w.vcpu) budget += x.end - x.start;
      tx.emit({
        kind: 'period-end',
        vcpu: w.vcpu,
        start,
        end: t,
        receivedNs: tx.receivedInPeriod(w.vcpu),
        budgetNs: budget,
        demandedAll: tx.demandedAll(w.vcpu),
      });
      // A time-partitioned vCPU has no budget to refill: budgetLeft stays as it was.
      tx.openPeriod(w.vcpu, t, tx.budgetLeft(w.vcpu), owed(tx, w.vcpu));
    }
  }
}

/** Run pCPU p's schedule from t0 to t1. */
export function runPcpu(tx: Tx, p: number, t0: number, t1: number): void {
  const sched = tx.topo.pcpuSchedule[p]!;
  let t = t0;
  let busy = 0;
  for (;;) {
    resched(tx, p, t);
    if (t >= t1) break;
    const cur = tx.pcpu(p).current;
    const next = Math.min(t1, nextBoundary(tx, sched, t, cur));
    if (cur >= 0 && wants(tx, cur) && next > t) {
      const dt = next - t;
      tx.charge(cur, dt, sched.kind === 'fixed-priority');
      busy += dt;
    }
    t = next;
    // Bind and unscheduled pCPUs decide on state alone, never on the clock: nothing to redo at t1.
    if (sched.kind === 'bind' || sched.kind === 'none') break;
    closePeriods(tx, sched, t);
  }
  if (busy > 0) tx.addBusyNs(p, busy);
}

/** A vCPU stops wanting the CPU for a reason of its own: it is no longer owed a full budget. */
export function forfeitDemand(tx: Tx, f: number): void {
  if (tx.demandedAll(f)) tx.setDemandedAll(f, false);
}
