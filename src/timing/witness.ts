// Worst-case interrupt-latency witnesses: event traces from boot that drive the hypervisor
// model into the situation the analytic bound (irq-latency.ts) charges for, so the bound can
// be compared with what the model actually does (tightness) and a violated requirement comes
// with a trace that shows it.
//
// - resident path (bind, or a schedule whose descheduled wait is shorter): the target vCPU
//   is resident, traps into the hypervisor (a watchdog-kick hypercall starts the longest
//   non-preemptible section on its pCPU) and the device asserts at that very instant. The
//   model then delivers after the section plus trap entry, injection and exit: exactly the
//   bound.
// - time partition: the device asserts as the target's window closes at the start of the
//   longest gap; the interrupt waits the whole gap and is injected at the switch-in: exactly
//   gap + context switch + injection.
// - fixed priority: the target server runs its budget out alone from time 0, the device
//   asserts when the budget is gone, and every higher-priority server wakes 1 ns before the
//   target's replenishment, so they take the CPU first. Exact when the target has no
//   higher-priority server. Otherwise the bound also charges each higher-priority server the
//   deferrable "back-to-back" jitter T_j − B_j against the target's period; with the model's
//   periods all aligned at time 0 that carry-in cannot happen when T_j divides T_i, so the
//   witness falls short of the bound by up to the jitter's share (the tolerance, reported
//   as the difference between the two measures).
//
// Every VM with a watchdog kicks it along the way, so the health monitor restarts nobody
// (which would drop the pending interrupt, and clutter the trace) while the interrupt waits.

import type { Scenario } from '../config/types.js';
import { boot } from '../hv/boot.js';
import type { Event } from '../hv/events.js';
import type { State } from '../hv/state.js';
import { step } from '../hv/step.js';
import { irqLatencyBound, type IrqLatencyBound } from './irq-latency.js';
import { higherPriority, sameVcpu, scheduleOf } from './server.js';

export interface IrqWitness {
  readonly events: readonly Event[];
  /** The latency the trace is built to show, when it is exact by construction. */
  readonly exact: boolean;
  readonly path: 'resident' | 'window-gap' | 'server-gap';
}

function vcpuIndex(scenario: Scenario, vmName: string, id: number): { vm: number; vcpu: number } | undefined {
  const vm = scenario.vms.findIndex((v) => v.name === vmName);
  const vcpu = vm < 0 ? -1 : scenario.vms[vm]!.vcpus.findIndex((c) => c.id === id);
  return vm < 0 || vcpu < 0 ? undefined : { vm, vcpu };
}

/** The worst-case witness for (VM `vmIndex`, SPI `spi`), or undefined when the bound is unbounded. */
export function irqLatencyWitness(scenario: Scenario, vmIndex: number, spi: number, bound: IrqLatencyBound = irqLatencyBound(scenario, vmIndex, spi)): IrqWitness | undefined {
  if (bound.boundNs === null || bound.mode === undefined || bound.pcpu === undefined) return undefined;
  const vm = scenario.vms[vmIndex]!;
  const k = bound.vcpu;
  const ev: Event[] = [];
  // The target's own hypercall: the trap that opens the longest non-preemptible section.
  const trap = (): void => {
    ev.push({ kind: 'hvc-watchdog', vm: vmIndex, vcpu: k });
  };
  // Every VM with a watchdog kicks it while the interrupt waits: the worst case needs no
  // misbehaving neighbour, and a health-monitor restart would drop the pending interrupt.
  const watched = scenario.vms.flatMap((v, i) => (v.health.watchdogNs !== undefined && v.vcpus.length > 0 ? [{ i, wd: v.health.watchdogNs }] : []));
  const chunk = watched.length === 0 ? Infinity : Math.max(1, Math.min(...watched.map((w) => w.wd)) - 1);
  const wait = (ns: number): void => {
    let left = ns;
    while (left > 0) {
      const d = Math.min(left, chunk);
      ev.push({ kind: 'advance', ns: d });
      left -= d;
      if (left > 0) for (const w of watched) ev.push({ kind: 'hvc-watchdog', vm: w.i, vcpu: w.i === vmIndex ? k : 0 });
    }
  };
  const sched = scheduleOf(scenario, bound.pcpu)!;
  const me = { vm: vm.name, vcpu: vm.vcpus[k]!.id };
  const waitingPath = bound.parts.some((p) => p.name === 'context switch');

  if (sched.kind === 'time-partition' && waitingPath && bound.windowGap !== undefined) {
    // The schedule repeats from time 0, so the gap's start in the first frame will do.
    wait(bound.windowGap.startNs % sched.majorFrameNs);
    ev.push({ kind: 'irq', spi });
    wait(bound.boundNs + 1);
    // A gap of length 0 (two windows of the target back to back) never deschedules it: the
    // switch the bound charges there does not happen.
    return { events: ev, exact: bound.windowGap.lengthNs > 0, path: 'window-gap' };
  }
  if (sched.kind === 'fixed-priority' && waitingPath) {
    const i = sched.entries.findIndex((e) => sameVcpu(e.vcpu, me));
    const mine = sched.entries[i]!;
    const others = sched.entries.filter((_, j) => j !== i).map((e) => vcpuIndex(scenario, e.vcpu.vm, e.vcpu.vcpu));
    const hp = higherPriority(sched.entries, i).map((e) => vcpuIndex(scenario, e.vcpu.vm, e.vcpu.vcpu));
    for (const o of others) if (o !== undefined) ev.push({ kind: 'hvc-yield', vm: o.vm, vcpu: o.vcpu });
    wait(mine.budgetNs);
    ev.push({ kind: 'irq', spi });
    wait(Math.max(0, mine.periodNs - mine.budgetNs - 1));
    for (const h of hp) if (h !== undefined) ev.push({ kind: 'wake', vm: h.vm, vcpu: h.vcpu });
    wait(bound.boundNs + 1);
    // With no higher-priority server the wait is exactly period − budget (a budget as long
    // as the period is never spent before its replenishment).
    return { events: ev, exact: hp.length === 0 && mine.budgetNs < mine.periodNs, path: 'server-gap' };
  }
  // Resident path: be resident, trap, assert.
  if (sched.kind === 'time-partition') {
    const w = sched.windows.filter((x) => sameVcpu(x.vcpu, me) && x.lengthNs > 0).sort((a, b) => a.startNs - b.startNs)[0];
    if (w === undefined) return undefined;
    wait(w.startNs);
  } else if (sched.kind === 'fixed-priority') {
    for (const e of sched.entries) {
      if (sameVcpu(e.vcpu, me)) continue;
      const o = vcpuIndex(scenario, e.vcpu.vm, e.vcpu.vcpu);
      if (o !== undefined) ev.push({ kind: 'hvc-yield', vm: o.vm, vcpu: o.vcpu });
    }
  }
  trap();
  ev.push({ kind: 'irq', spi });
  return { events: ev, exact: bound.exclusivityViolated !== true, path: 'resident' };
}

export interface WitnessRun {
  readonly witness: IrqWitness;
  /** Observed latency of the first delivery of the SPI to the VM, ns; null if none was seen. */
  readonly observedNs: number | null;
}

/** Replay a route's witness on the model from `s0` (a booted state of `scenario`). */
export function runIrqWitness(scenario: Scenario, vmIndex: number, spi: number, s0: State = boot(scenario), bound?: IrqLatencyBound): WitnessRun | undefined {
  const witness = irqLatencyWitness(scenario, vmIndex, spi, bound);
  if (witness === undefined) return undefined;
  let s = s0;
  for (const e of witness.events) {
    const r = step(s, e);
    s = r.state;
    for (const o of r.observations) {
      if (o.kind === 'virq' && o.source === 'spi' && o.vm === vmIndex && o.intid === spi) return { witness, observedNs: o.deliveredAt - o.assertedAt };
    }
  }
  return { witness, observedNs: null };
}
