// Worst-case device-interrupt latency per VM and SPI, from a scenario.
//
// Model semantics (the executable model in src/hv implements exactly these; keep in step):
//
// Let c = vmCosts(scenario, vm) (already inflated by cache interference). The target vCPU is
// the route's vcpu, pinned to pCPU p; p's schedule entry comes from scenario.schedule.
//
// - bind: the bound vCPU is always resident on p.
//     bound = c.maxNonPreemptibleNs + c.trapEntryNs + c.irqInjectNs + c.trapExitNs,
//     or, with soc.gic.directInjection, c.maxNonPreemptibleNs + c.directInjectNs.
//   If other vCPUs are also pinned to p (a misconfiguration the model can represent) the
//   bound vCPU may be descheduled: c.contextSwitchNs is added and the bound is marked as
//   assuming the violated exclusivity (exclusivityViolated, and a part naming the others).
// - time-partition: a window's vCPU is resident during its windows (even when idle). With G
//   the longest cyclic gap over the major frame during which the target vCPU has no window:
//     bound = max(G + c.contextSwitchNs + c.irqInjectNs, running)
//     running = c.maxNonPreemptibleNs + c.trapEntryNs + c.irqInjectNs + c.trapExitNs
//               (with direct injection: c.maxNonPreemptibleNs + c.directInjectNs).
//   The responsible gap (start, end, the windows around it) is reported.
// - fixed-priority: every vCPU is a deferrable server (see server.ts), and an interrupt for
//   a descheduled vCPU is injected at its first switch-in, so what counts is the longest
//   wait for the first service, not for the whole budget. With W the longest stretch the
//   higher-priority servers can keep the pCPU busy (hpBusyWindow: jitter T_j − B_j, a
//   replenishment on the last instant still preempting; unbounded when their utilization
//   reaches 1):
//     - the target has budget when the interrupt comes: it waits only while higher-priority
//       servers run without a break, ≤ W;
//     - its budget is spent: that happened at kT_i + B_i at the earliest, so it waits at most
//       T_i − B_i for the replenishment, then at most W (what is left of a stretch that may
//       have begun before the replenishment).
//     gap = (T_i − B_i) + W;
//     bound = max(gap + c.contextSwitchNs + c.irqInjectNs, running)   (running as above,
//     direct-injection variant included).
//   (Session 1 charged (R_i − B_i), the interference until the whole budget is served, in
//   place of W: sound, but it waits for service the interrupt does not need.)
//
// A target vCPU that no schedule runs (no entry for p, or p's entry is for others) has an
// unbounded latency: boundNs is null.

import type { Scenario, Vm } from '../config/types.js';
import { pcpuNonPreemptibleNs, vmCosts, type VmCosts } from '../hv/costs.js';
import { higherPriority, hpBusyWindow, sameVcpu, scheduleOf, serverResponse } from './server.js';

export type LatencyMode = 'bind' | 'time-partition' | 'fixed-priority';

export interface LatencyPart {
  readonly name: string;
  readonly ns: number;
}

export interface WindowGap {
  /** Gap start within the major frame, ns (the end of the target's window before it). */
  readonly startNs: number;
  /** Gap end, ns; may exceed the major frame when the gap wraps around. */
  readonly endNs: number;
  readonly lengthNs: number;
  /** Index (in the schedule's window list) of the target window that ends where the gap starts. */
  readonly afterWindow: number;
  /** Index of the target window that starts where the gap ends (the next in cyclic order). */
  readonly beforeWindow: number;
  /** Windows of other vCPUs that lie inside the gap, by index. */
  readonly othersInGap: readonly number[];
}

export interface IrqLatencyBound {
  readonly vm: string;
  readonly spi: number;
  readonly vcpu: number;
  readonly pcpu: number | undefined;
  /** Worst-case latency, ns; null when unbounded (the reason is in `unboundedReason`). */
  readonly boundNs: number | null;
  readonly parts: readonly LatencyPart[];
  readonly mode: LatencyMode | undefined;
  readonly windowGap?: WindowGap;
  readonly exclusivityViolated?: boolean;
  /** FP mode: the server's worst-case response (full budget; null beyond its period) and its worst wait for a first service. */
  readonly server?: { readonly responseNs: number | null; readonly gapNs: number | null };
  readonly unboundedReason?: string;
}

// The non-preemptible section is the pCPU's (pcpuNonPreemptibleNs): the model holds the pCPU
// for it after a trap by any VM pinned there, so a neighbour's inflated section counts too.
function runningParts(scenario: Scenario, c: VmCosts, np: number): LatencyPart[] {
  if (scenario.soc.gic.directInjection) {
    return [
      { name: 'longest non-preemptible hypervisor section', ns: np },
      { name: 'direct injection', ns: c.directInjectNs },
    ];
  }
  return [
    { name: 'longest non-preemptible hypervisor section', ns: np },
    { name: 'trap entry', ns: c.trapEntryNs },
    { name: 'virtual IRQ injection', ns: c.irqInjectNs },
    { name: 'trap exit', ns: c.trapExitNs },
  ];
}

const sum = (ps: readonly LatencyPart[]): number => ps.reduce((a, p) => a + p.ns, 0);

/** Keep the larger of the resident-case parts and the descheduled-case parts. */
function worstOf(running: LatencyPart[], waiting: LatencyPart[]): { bound: number; parts: LatencyPart[] } {
  const r = sum(running);
  const w = sum(waiting);
  return w >= r ? { bound: w, parts: waiting } : { bound: r, parts: running };
}

export function irqLatencyBound(scenario: Scenario, vmIndex: number, spi: number): IrqLatencyBound {
  const vm = scenario.vms[vmIndex];
  if (vm === undefined) throw new RangeError(`no VM at index ${vmIndex}`);
  const route = vm.irqs.find((r) => r.spi === spi);
  if (route === undefined) throw new RangeError(`VM '${vm.name}' has no route for SPI ${spi}`);
  const head = { vm: vm.name, spi, vcpu: route.vcpu };
  const vc = vm.vcpus[route.vcpu];
  const unbounded = (pcpu: number | undefined, mode: LatencyMode | undefined, why: string): IrqLatencyBound => ({
    ...head,
    pcpu,
    boundNs: null,
    parts: [],
    mode,
    unboundedReason: why,
  });
  if (vc === undefined) return unbounded(undefined, undefined, `VM '${vm.name}' has no vCPU ${route.vcpu}`);
  const p = vc.pcpu;
  const sched = scheduleOf(scenario, p);
  if (sched === undefined) return unbounded(p, undefined, `pCPU ${p} has no schedule entry, so vCPU ${route.vcpu} never runs`);
  const me = { vm: vm.name, vcpu: vc.id };
  const c = vmCosts(scenario, vmIndex);
  const running = runningParts(scenario, c, pcpuNonPreemptibleNs(scenario, p));

  switch (sched.kind) {
    case 'bind': {
      if (!sameVcpu(sched.vcpu, me)) {
        return unbounded(p, 'bind', `pCPU ${p} is bound to ${sched.vcpu.vm}.vcpu${sched.vcpu.vcpu}, not to ${vm.name}.vcpu${vc.id}`);
      }
      const others = pinnedTo(scenario, p).filter((r) => !sameVcpu(r, me));
      if (others.length === 0) return { ...head, pcpu: p, boundNs: sum(running), parts: running, mode: 'bind' };
      const parts = [
        ...running,
        {
          name: `context switch (bind exclusivity violated: ${others.map((o) => `${o.vm}.vcpu${o.vcpu}`).join(', ')} also pinned to pCPU ${p})`,
          ns: c.contextSwitchNs,
        },
      ];
      return { ...head, pcpu: p, boundNs: sum(parts), parts, mode: 'bind', exclusivityViolated: true };
    }
    case 'time-partition': {
      const gap = longestGap(sched.majorFrameNs, sched.windows.map((w) => ({ mine: sameVcpu(w.vcpu, me), start: w.startNs, len: w.lengthNs })));
      if (gap === undefined) return unbounded(p, 'time-partition', `${vm.name}.vcpu${vc.id} has no window in pCPU ${p}'s major frame`);
      const waiting = [
        { name: `longest gap without a window (${gap.startNs}..${gap.endNs} ns in the major frame)`, ns: gap.lengthNs },
        { name: 'context switch', ns: c.contextSwitchNs },
        { name: 'virtual IRQ injection', ns: c.irqInjectNs },
      ];
      const w = worstOf(running, waiting);
      return { ...head, pcpu: p, boundNs: w.bound, parts: w.parts, mode: 'time-partition', windowGap: gap };
    }
    case 'fixed-priority': {
      const i = sched.entries.findIndex((e) => sameVcpu(e.vcpu, me));
      if (i < 0) return unbounded(p, 'fixed-priority', `${vm.name}.vcpu${vc.id} has no server entry on pCPU ${p}`);
      const rta = serverResponse(sched.entries, i);
      const e = sched.entries[i]!;
      const hpBusy = hpBusyWindow(sched.entries, i);
      const hpNames = higherPriority(sched.entries, i).map((x) => `${x.vcpu.vm}.vcpu${x.vcpu.vcpu}`);
      if (hpBusy === null) {
        return {
          ...unbounded(p, 'fixed-priority', `higher-priority servers ${hpNames.join(', ')} may use all of pCPU ${p} (their budgets add up to their periods), so ${vm.name}.vcpu${vc.id} need never run`),
          server: { responseNs: rta.responseNs === null ? null : Number(rta.responseNs), gapNs: null },
        };
      }
      const wait = Math.max(0, e.periodNs - e.budgetNs);
      const gapNs = wait + Number(hpBusy);
      const waiting = [
        { name: `server replenishment wait (period − budget)`, ns: wait },
        { name: `higher-priority servers' busy window${hpNames.length ? ` (${hpNames.join(', ')})` : ''}`, ns: Number(hpBusy) },
        { name: 'context switch', ns: c.contextSwitchNs },
        { name: 'virtual IRQ injection', ns: c.irqInjectNs },
      ];
      const w = worstOf(running, waiting);
      return {
        ...head,
        pcpu: p,
        boundNs: w.bound,
        parts: w.parts,
        mode: 'fixed-priority',
        server: { responseNs: rta.responseNs === null ? null : Number(rta.responseNs), gapNs },
      };
    }
  }
}

/** Every vCPU of every VM pinned to pCPU p. */
function pinnedTo(scenario: Scenario, p: number): { vm: string; vcpu: number }[] {
  const out: { vm: string; vcpu: number }[] = [];
  for (const v of scenario.vms) for (const c of v.vcpus) if (c.pcpu === p) out.push({ vm: v.name, vcpu: c.id });
  return out;
}

/**
 * The longest cyclic interval of the frame not covered by the target's windows (other vCPUs'
 * windows inside it do not help the target). undefined when the target has no window.
 */
export function longestGap(
  frame: number,
  ws: readonly { mine: boolean; start: number; len: number }[],
): WindowGap | undefined {
  const mine = ws.map((w, i) => ({ ...w, i })).filter((w) => w.mine).sort((a, b) => a.start - b.start);
  if (mine.length === 0) return undefined;
  let best: WindowGap | undefined;
  for (let k = 0; k < mine.length; k++) {
    const cur = mine[k]!;
    const nxt = mine[(k + 1) % mine.length]!;
    const startNs = cur.start + cur.len;
    const endNs = k + 1 < mine.length ? nxt.start : nxt.start + frame;
    const lengthNs = Math.max(0, endNs - startNs);
    if (best === undefined || lengthNs > best.lengthNs) {
      const othersInGap = ws
        .map((w, i) => ({ ...w, i }))
        .filter((w) => !w.mine && inCyclic(w.start, startNs, endNs, frame))
        .map((w) => w.i);
      best = { startNs, endNs, lengthNs, afterWindow: cur.i, beforeWindow: nxt.i, othersInGap };
    }
  }
  return best;
}

function inCyclic(x: number, start: number, end: number, frame: number): boolean {
  return (x >= start && x < end) || (x + frame >= start && x + frame < end);
}

// ---------------------------------------------------------------- per-VM summary

export interface RouteLatency {
  readonly bound: IrqLatencyBound;
  /** The tightest applicable requirement, ns (the route's own or the VM's), if any. */
  readonly requirementNs: number | undefined;
  readonly requirementFrom: 'route' | 'vm' | undefined;
  /** undefined when there is no requirement. */
  readonly met: boolean | undefined;
}

export interface VmIrqLatency {
  readonly vm: string;
  readonly routes: readonly RouteLatency[];
  /** The largest bound over the VM's routes; null if any is unbounded; 0 with no routes. */
  readonly worstNs: number | null;
  /** Every requirement met (true when there are none). */
  readonly met: boolean;
}

export function vmIrqLatency(scenario: Scenario, vmIndex: number): VmIrqLatency {
  const vm: Vm | undefined = scenario.vms[vmIndex];
  if (vm === undefined) throw new RangeError(`no VM at index ${vmIndex}`);
  const routes = vm.irqs.map((r): RouteLatency => {
    const bound = irqLatencyBound(scenario, vmIndex, r.spi);
    let requirementNs: number | undefined;
    let requirementFrom: 'route' | 'vm' | undefined;
    if (r.latencyNs !== undefined) [requirementNs, requirementFrom] = [r.latencyNs, 'route'];
    if (vm.latency.irqNs !== undefined && (requirementNs === undefined || vm.latency.irqNs < requirementNs)) {
      [requirementNs, requirementFrom] = [vm.latency.irqNs, 'vm'];
    }
    const met = requirementNs === undefined ? undefined : bound.boundNs !== null && bound.boundNs <= requirementNs;
    return { bound, requirementNs, requirementFrom, met };
  });
  let worstNs: number | null = 0;
  for (const r of routes) worstNs = worstNs === null || r.bound.boundNs === null ? null : Math.max(worstNs, r.bound.boundNs);
  return { vm: vm.name, routes, worstNs, met: routes.every((r) => r.met !== false) };
}
