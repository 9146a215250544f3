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
// A kick is a hypercall, and the model takes hypercalls only from the vCPU resident on its
// pCPU (so do the fixed-priority yields: the vCPU on the CPU yields, then the next one). So
// the trace is built by stepping the model, each wait advancing to the next watchdog
// deadline at most; where a watchdog expires, the trace is cut back to the last instant
// before the expiry at which a vCPU of that VM is resident, in whichever wait that instant
// falls (the time since a VM's last kick runs across waits and the events between them),
// kicks there and goes on. A kick changes nothing but the VM's deadline and the pCPU's
// non-preemptible section (which only delays an interrupt injected while its target is
// resident: the route's interrupt is then either pending, or asserted right after the
// target's own trap), so the trace before it stays as it was. A VM none of whose vCPUs is
// resident in the whole watchdog period before an expiry cannot be kicked: the health
// monitor acts on it whatever the witness does. When that action (restart, stop) takes the
// worst case away (the pending interrupt, or the schedule that delays it), the witness is
// still returned, with the reason in `unreplayable`, so that nobody replays it as a
// counterexample, nor reads the absence of a late delivery as the bound holding.

import { match } from 'ts-pattern';
import type { Scenario } from '../config/types.js';
import { boot } from '../hv/boot.js';
import type { Event } from '../hv/events.js';
import type { Observation } from '../hv/observations.js';
import type { State } from '../hv/state.js';
import { step } from '../hv/step.js';
import { formatNs } from './format.js';
import { irqLatencyBound, type IrqLatencyBound } from './irq-latency.js';
import { higherPriority, sameVcpu, scheduleOf } from './server.js';

export interface IrqWitness {
  readonly events: readonly Event[];
  /** The latency the trace is built to show, when it is exact by construction. */
  readonly exact: boolean;
  readonly path: 'resident' | 'window-gap' | 'server-gap';
  /**
   * Why the trace cannot show the bound on the model, when it cannot: a watchdog that no
   * resident vCPU of its VM could kick in time expired, and the health monitor's action took
   * the worst case away. Such a witness is no counterexample.
   */
  readonly unreplayable?: string;
}

/** One event of a trace being built: the state it applies to, what it did, and its segment. */
interface Entry {
  readonly event: Event;
  readonly before: State;
  readonly observations: readonly Observation[];
  readonly segment: number;
}

/** A trace being built from the booted state. */
interface Build {
  readonly entries: Entry[];
  state: State;
}

/**
 * How the model goes from boot to the worst case: waits, and instantaneous actions that
 * read the state they act on (which vCPU is on the CPU to yield).
 */
type Segment = { readonly kind: 'wait'; readonly ns: number } | { readonly kind: 'act'; readonly run: (b: Build, segment: number) => void };

function push(b: Build, event: Event, segment: number): void {
  const r = step(b.state, event);
  b.entries.push({ event, before: b.state, observations: r.observations, segment });
  b.state = r.state;
}

/** Flat vCPU f runs on its pCPU now, so its hypercalls are accepted. */
function resident(s: State, f: number): boolean {
  const p = s.topo.vcpuPcpu[f]!;
  return p >= 0 && s.pcpus[p]!.online && s.pcpus[p]!.current === f && s.vms[s.topo.vcpuVm[f]!]!.status === 'running' && !s.vcpus[f]!.runaway;
}

function vcpusOf(s: State, vm: number): number[] {
  const base = s.topo.vcpuBase[vm]!;
  return s.topo.scenario.vms[vm]!.vcpus.map((_, i) => base + i);
}

/** Hand pCPU p over to flat vCPU f: every vCPU resident before it there yields in turn. */
function yieldTo(b: Build, segment: number, p: number, f: number): void {
  for (let n = b.state.topo.pcpuVcpus[p]!.length; n > 0; n--) {
    const cur = b.state.pcpus[p]!.current;
    if (cur === f || cur < 0) return;
    push(b, { kind: 'hvc-yield', vm: b.state.topo.vcpuVm[cur]!, vcpu: b.state.topo.vcpuLocal[cur]! }, segment);
  }
}

/**
 * The last instant before `deadline` at which flat vCPU f is resident, along an advance
 * from `s` whose observations are `obs`, or -1. A stretch [a, b) of residency can be stopped
 * in at a … b − 1; one that begins and ends at the same instant (switched in and out at
 * once) cannot.
 */
function lastResident(s: State, obs: readonly Observation[], f: number, deadline: number): number {
  const p = s.topo.vcpuPcpu[f]!;
  if (p < 0) return -1;
  let since = s.pcpus[p]!.current === f ? s.now : -1;
  let last = -1;
  const stretch = (a: number, b: number): void => {
    const end = Math.min(b, deadline) - 1;
    if (a >= 0 && end >= a) last = Math.max(last, end);
  };
  for (const o of obs) {
    if (o.kind !== 'sched' || o.pcpu !== p) continue;
    if (o.from === f) stretch(since, o.at);
    if (o.from === f) since = -1;
    if (o.to === f) since = o.at;
  }
  stretch(since, deadline);
  return last;
}

/** Where VM vm can kick last in (from, to): an advance of a wait, and the instant in it. */
function latestKick(b: Build, segments: readonly Segment[], vm: number, from: number, to: number): { entry: number; at: number } | undefined {
  let best: { entry: number; at: number } | undefined;
  b.entries.forEach((e, i) => {
    if (e.event.kind !== 'advance' || segments[e.segment]!.kind !== 'wait' || e.before.now >= to) return;
    const cap = Math.min(to, e.before.now + e.event.ns + 1);
    const at = Math.max(-1, ...vcpusOf(e.before, vm).map((f) => lastResident(e.before, e.observations, f, cap)));
    if (at > from && at >= e.before.now && (best === undefined || at >= best.at)) best = { entry: i, at };
  });
  return best;
}

/** When the next watchdog expires, as the health monitor reckons it (running VMs only). */
function nextDeadline(s: State): number {
  return Math.min(...s.topo.scenario.vms.map((v, vm) => (v.health.watchdogNs === undefined || s.vms[vm]!.status !== 'running' ? Infinity : s.vms[vm]!.lastKick + v.health.watchdogNs)));
}

interface Expiry {
  readonly vm: number;
  readonly at: number;
}

function expiriesIn(obs: readonly Observation[]): Expiry[] {
  return obs.flatMap((o) => (o.kind === 'fault' && o.fault === 'watchdog' ? [{ vm: o.vm, at: o.at }] : []));
}

/**
 * Run the segments from `s0`. Each wait advances to its end or to the next watchdog
 * deadline, whichever comes first; at an expiry some resident vCPU of its VM could have
 * prevented, the trace is cut back to the last instant that vCPU was resident (in whichever
 * wait it was), kicks there, and goes on from that point. Expiries none could prevent stay.
 */
function build(s0: State, segments: readonly Segment[]): { b: Build; expired: Expiry[] } {
  const b: Build = { entries: [], state: s0 };
  const ends = new Map<number, number>();
  const unavoidable = new Set<string>();
  let i = 0;
  while (i < segments.length) {
    const seg = segments[i]!;
    if (seg.kind === 'act') {
      seg.run(b, i++);
      continue;
    }
    if (!ends.has(i)) ends.set(i, b.state.now + seg.ns);
    const end = ends.get(i)!;
    const to = Math.min(end, nextDeadline(b.state));
    if (to > b.state.now) push(b, { kind: 'advance', ns: to - b.state.now }, i);
    const cut = rescue(b, segments, unavoidable);
    if (cut === undefined) {
      if (b.state.now >= end) i++;
      continue;
    }
    // Back to the kick's instant; the segments after it run again from there.
    const e = b.entries[cut.entry]!;
    b.entries.length = cut.entry;
    b.state = e.before;
    i = e.segment;
    for (const k of [...ends.keys()]) if (k > i) ends.delete(k);
    if (cut.at > b.state.now) push(b, { kind: 'advance', ns: cut.at - b.state.now }, i);
    const f = vcpusOf(b.state, cut.vm).find((g) => resident(b.state, g));
    // The cut repeats the same advance, only shorter: the residency seen in it holds.
    if (f === undefined) throw new Error(`BUG in hvsafe: no vCPU of VM #${cut.vm} is resident at ${cut.at} ns, as the model's schedule said`);
    push(b, { kind: 'hvc-watchdog', vm: cut.vm, vcpu: b.state.topo.vcpuLocal[f]! }, i);
  }
  return { b, expired: b.entries.flatMap((e) => expiriesIn(e.observations)) };
}

/** The first expiry of the last step that a kick earlier in the trace prevents, and where. */
function rescue(b: Build, segments: readonly Segment[], unavoidable: Set<string>): { vm: number; entry: number; at: number } | undefined {
  const last = b.entries.at(-1);
  if (last === undefined) return undefined;
  for (const x of expiriesIn(last.observations)) {
    const key = `${x.vm}@${x.at}`;
    if (unavoidable.has(key)) continue;
    // An expiry at t means the last kick (or start) was at t − wd: a kick in between helps.
    const k = latestKick(b, segments, x.vm, x.at - b.state.topo.scenario.vms[x.vm]!.health.watchdogNs!, x.at);
    if (k !== undefined) return { vm: x.vm, ...k };
    unavoidable.add(key);
  }
  return undefined;
}

function action(s: Scenario, vm: number): 'restarts' | 'stops' | undefined {
  return match(s.vms[vm]!.health.onFault)
    .with('restart', () => 'restarts' as const)
    .with('stop', () => 'stops' as const)
    .with('notify', () => undefined)
    .exhaustive();
}

/** Why the expiries took the worst case away, or undefined when none could (notify only). */
function expiryReason(s: Scenario, target: number, expired: readonly Expiry[]): string | undefined {
  const first = new Map<number, number>();
  for (const x of expired) if (action(s, x.vm) !== undefined && !first.has(x.vm)) first.set(x.vm, x.at);
  if (first.size === 0) return undefined;
  return [...first]
    .map(([vm, at]) => {
      const v = s.vms[vm]!;
      const wd = v.health.watchdogNs!;
      return (
        `${v.name}'s ${formatNs(wd)} watchdog expires at ${formatNs(at)} with none of its vCPUs resident since ${formatNs(at - wd)}, so no kick can reach it; ` +
        `the health monitor ${action(s, vm)!} it${vm === target ? ', and the pending interrupt is lost' : ''}`
      );
    })
    .join('; ');
}

/** Latency of the first delivery of SPI `spi` to VM `vm` along the trace, or null. */
function observed(b: Build, vm: number, spi: number): number | null {
  for (const e of b.entries) {
    for (const o of e.observations) if (o.kind === 'virq' && o.source === 'spi' && o.vm === vm && o.intid === spi) return o.deliveredAt - o.assertedAt;
  }
  return null;
}

/** The worst case as a construction: its path, whether it reaches the bound exactly, and how. */
interface Recipe {
  readonly path: IrqWitness['path'];
  readonly exact: boolean;
  readonly segments: readonly Segment[];
}

function witnessOf(s0: State, vm: number, spi: number, bound: number, recipe: Recipe): IrqWitness {
  const { b, expired } = build(s0, recipe.segments);
  const witness = { events: b.entries.map((e) => e.event), exact: recipe.exact, path: recipe.path };
  const seen = observed(b, vm, spi);
  // The trace shows what it was built to show: a delivery within the bound, at it when exact.
  if (seen !== null && seen <= bound && (!recipe.exact || seen === bound)) return witness;
  // A trace that falls short without an expiry to blame is left for the replay to report:
  // the analysis and the model disagree, which is a bug in hvsafe, not an excuse.
  const why = expiryReason(s0.topo.scenario, vm, expired);
  return why === undefined ? witness : { ...witness, unreplayable: why };
}

function vcpuIndex(scenario: Scenario, vmName: string, id: number): { vm: number; vcpu: number } | undefined {
  const vm = scenario.vms.findIndex((v) => v.name === vmName);
  const vcpu = vm < 0 ? -1 : scenario.vms[vm]!.vcpus.findIndex((c) => c.id === id);
  return vm < 0 || vcpu < 0 ? undefined : { vm, vcpu };
}

const waitFor = (ns: number): Segment => ({ kind: 'wait', ns });
const events = (...es: readonly Event[]): Segment => ({ kind: 'act', run: (b, i) => es.forEach((e) => push(b, e, i)) });

/** The recipe for (VM `vmIndex`, SPI `spi`) under a finite bound, or undefined if none exists. */
function recipeFor(scenario: Scenario, s0: State, vmIndex: number, spi: number, bound: IrqLatencyBound & { boundNs: number; pcpu: number }): Recipe | undefined {
  const vm = scenario.vms[vmIndex]!;
  const k = bound.vcpu;
  const f = s0.topo.vcpuBase[vmIndex]! + k;
  const p = s0.topo.vcpuPcpu[f]!;
  const sched = scheduleOf(scenario, bound.pcpu)!;
  const me = { vm: vm.name, vcpu: vm.vcpus[k]!.id };
  const waitingPath = bound.parts.some((x) => x.name === 'context switch');
  // Only the servers that would run before the target yield, each when it is on the CPU (a
  // yield is a hypercall); the lower ones stay busy but never preempt it.
  const handOver: Segment = {
    kind: 'act',
    run: (b, i) => {
      if (p >= 0) yieldTo(b, i, p, f);
    },
  };

  if (sched.kind === 'time-partition' && waitingPath && bound.windowGap !== undefined) {
    const gap = bound.windowGap;
    return {
      path: 'window-gap',
      // A gap of length 0 (two windows of the target back to back) never deschedules it: the
      // switch the bound charges there does not happen.
      exact: gap.lengthNs > 0,
      // The schedule repeats from time 0, so the gap's start in the first frame will do.
      segments: [waitFor(gap.startNs % sched.majorFrameNs), events({ kind: 'irq', spi }), waitFor(bound.boundNs + 1)],
    };
  }
  if (sched.kind === 'fixed-priority' && waitingPath) {
    const i = sched.entries.findIndex((e) => sameVcpu(e.vcpu, me));
    const mine = sched.entries[i]!;
    const hp = higherPriority(sched.entries, i).flatMap((e) => vcpuIndex(scenario, e.vcpu.vm, e.vcpu.vcpu) ?? []);
    return {
      path: 'server-gap',
      // With no higher-priority server the wait is exactly period − budget (a budget as long
      // as the period is never spent before its replenishment).
      exact: hp.length === 0 && mine.budgetNs < mine.periodNs,
      segments: [
        handOver,
        waitFor(mine.budgetNs),
        events({ kind: 'irq', spi }),
        waitFor(Math.max(0, mine.periodNs - mine.budgetNs - 1)),
        events(...hp.map((h): Event => ({ kind: 'wake', vm: h.vm, vcpu: h.vcpu }))),
        waitFor(bound.boundNs + 1),
      ],
    };
  }
  // Resident path: be resident, trap (the target's own hypercall opens the longest
  // non-preemptible section), assert.
  const trapAndAssert = events({ kind: 'hvc-watchdog', vm: vmIndex, vcpu: k }, { kind: 'irq', spi });
  const exact = bound.exclusivityViolated !== true;
  if (sched.kind === 'time-partition') {
    const w = sched.windows.filter((x) => sameVcpu(x.vcpu, me) && x.lengthNs > 0).sort((a, c) => a.startNs - c.startNs)[0];
    return w === undefined ? undefined : { path: 'resident', exact, segments: [waitFor(w.startNs), trapAndAssert] };
  }
  return { path: 'resident', exact, segments: sched.kind === 'fixed-priority' ? [handOver, trapAndAssert] : [trapAndAssert] };
}

/**
 * The worst-case witness for (VM `vmIndex`, SPI `spi`), built from `s0` (the booted state of
 * `scenario`), or undefined when the bound is unbounded.
 */
export function irqLatencyWitness(
  scenario: Scenario,
  vmIndex: number,
  spi: number,
  bound: IrqLatencyBound = irqLatencyBound(scenario, vmIndex, spi),
  s0: State = boot(scenario),
): IrqWitness | undefined {
  const { boundNs, pcpu } = bound;
  if (boundNs === null || bound.mode === undefined || pcpu === undefined) return undefined;
  const recipe = recipeFor(scenario, s0, vmIndex, spi, { ...bound, boundNs, pcpu });
  return recipe === undefined ? undefined : witnessOf(s0, vmIndex, spi, boundNs, recipe);
}

export interface WitnessRun {
  readonly witness: IrqWitness;
  /** Observed latency of the first delivery of the SPI to the VM, ns; null if none was seen. */
  readonly observedNs: number | null;
}

/** Replay a route's witness on the model from `s0` (a booted state of `scenario`). */
export function runIrqWitness(scenario: Scenario, vmIndex: number, spi: number, s0: State = boot(scenario), bound?: IrqLatencyBound): WitnessRun | undefined {
  const witness = irqLatencyWitness(scenario, vmIndex, spi, bound, s0);
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
