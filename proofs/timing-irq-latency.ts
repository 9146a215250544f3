// timing.irq-latency: every device interrupt with a latency requirement reaches its guest
// within the requirement, whatever the other VMs do.
//
// Decided on the configuration by the analytic bound of src/timing (bind: trap path plus the
// pCPU's longest non-preemptible section; time partition: the longest gap between the target
// vCPU's windows; fixed priority: server replenishment plus higher-priority interference),
// tested on the model by a monitor that judges every delivered (and every still-pending)
// virtual interrupt against the requirement, and shown by a constructed worst-case trace.
//
// The analysis is a library over the scenario (src/timing imports only config and hv/costs),
// so importing it here adds no cycle: engines and the CLI still import properties, not the
// reverse.

import type { PcpuSchedule, Scenario, SourceRef } from '../src/config/types.js';
import { boot } from '../src/hv/boot.js';
import type { Observation } from '../src/hv/observations.js';
import type { State } from '../src/hv/state.js';
import type { Topology } from '../src/hv/topology.js';
import { formatNs } from '../src/timing/format.js';
import { vmIrqLatency, type IrqLatencyBound, type RouteLatency } from '../src/timing/irq-latency.js';
import { higherPriority, scheduleOf } from '../src/timing/server.js';
import { irqLatencyWitness, runIrqWitness } from '../src/timing/witness.js';
import { APPLIES, notApplicable, type Finding, type Measure, type Property, type TraceMonitor } from './property.js';
import { vmName } from './util.js';

const ID = 'timing.irq-latency';

function hasRequirement(s: Scenario): boolean {
  return s.vms.some((v) => v.latency.irqNs !== undefined || v.irqs.some((r) => r.latencyNs !== undefined));
}

/** Where the binding requirement of a route was declared. */
function requirementRef(s: Scenario, vm: number, r: RouteLatency): SourceRef {
  const v = s.vms[vm]!;
  if (r.requirementFrom === 'vm') return v.latency.at ?? v.at;
  return v.irqs.find((x) => x.spi === r.bound.spi)?.at ?? v.at;
}

function label(vm: string, spi: number): string {
  return `${vm} SPI ${spi}`;
}

/** The responsible part of the schedule, in words, with the declarations involved. */
function explain(s: Scenario, b: IrqLatencyBound, sched: PcpuSchedule | undefined): { why: string; fix: string; related: SourceRef[] } {
  const me = `${b.vm}:${b.vcpu}`;
  const vm = s.vms.find((v) => v.name === b.vm)!;
  const costs = b.parts.filter((p) => !p.name.startsWith('longest gap') && !p.name.startsWith('server') && !p.name.startsWith('higher-priority'));
  const costText = costs.map((p) => `${p.name} ${formatNs(p.ns)}`).join(', ');
  if (b.boundNs === null) {
    return {
      why: `no bound exists: ${b.unboundedReason ?? 'the vCPU is never scheduled'}`,
      fix: `give ${me} a schedule that runs it: bind its pCPU to it, give it a window in the time partition, or a server that fits under the higher-priority ones`,
      related: sched ? [sched.at] : [],
    };
  }
  if (b.mode === 'time-partition' && b.windowGap !== undefined && sched?.kind === 'time-partition' && b.parts.some((p) => p.name.startsWith('longest gap'))) {
    const g = b.windowGap;
    const frame = sched.majorFrameNs;
    const others = g.othersInGap.map((i) => sched.windows[i]!).map((w) => `${w.vcpu.vm}:${w.vcpu.vcpu} [${formatNs(w.startNs)}, ${formatNs(w.startNs + w.lengthNs)})`);
    return {
      why:
        `an interrupt asserted as ${me}'s window ends at ${formatNs(g.startNs)} waits the whole ${formatNs(g.lengthNs)} gap until its next window at ${formatNs(g.endNs % frame)}${g.endNs >= frame ? ' of the next frame' : ''} ` +
        `(of the ${formatNs(frame)} major frame on pCPU ${b.pcpu}${others.length ? `, filled by ${others.join(', ')}` : ''}), then ${costText}`,
      fix: `split ${me}'s time so that no gap between its windows exceeds the requirement minus ${formatNs(costs.reduce((a, p) => a + p.ns, 0))} (context switch and injection), or bind ${me} to a pCPU of its own`,
      related: [sched.windows[g.afterWindow]!.at, ...g.othersInGap.map((i) => sched.windows[i]!.at)],
    };
  }
  if (b.mode === 'fixed-priority' && sched?.kind === 'fixed-priority' && b.server !== undefined && b.parts.some((p) => p.name.startsWith('server'))) {
    const i = sched.entries.findIndex((e) => e.vcpu.vm === b.vm && e.vcpu.vcpu === vm.vcpus[b.vcpu]?.id);
    const e = sched.entries[i]!;
    const hp = higherPriority(sched.entries, i);
    const interference = b.parts.find((p) => p.name.startsWith('higher-priority'))?.ns ?? 0;
    return {
      why:
        `an interrupt asserted just after ${me}'s server spent its ${formatNs(e.budgetNs)} budget waits ${formatNs(e.periodNs - e.budgetNs)} for the replenishment at its ${formatNs(e.periodNs)} period` +
        (hp.length ? `, then ${formatNs(interference)} while higher-priority servers ${hp.map((h) => `${h.vcpu.vm}:${h.vcpu.vcpu}`).join(', ')} run first` : '') +
        `, then ${costText}`,
      fix: `shorten ${me}'s server period (the wait is period − budget${hp.length ? ' plus higher-priority interference' : ''}), raise its priority, or bind ${me} to a pCPU of its own`,
      related: [e.at, ...hp.map((h) => h.at)],
    };
  }
  return {
    why: `even while ${me} is resident on pCPU ${b.pcpu}: ${b.parts.map((p) => `${p.name} ${formatNs(p.ns)}`).join(', ')}`,
    fix: 'shorten the hypervisor\'s longest non-preemptible section, use direct injection (GICv4 vLPI), color the cache against interference, or relax the requirement',
    related: sched ? [sched.at] : [],
  };
}

function checkConfig(s: Scenario): Finding[] {
  const out: Finding[] = [];
  s.vms.forEach((v, i) => {
    for (const r of vmIrqLatency(s, i).routes) {
      if (r.met !== false || r.requirementNs === undefined) continue;
      const b = r.bound;
      const sched = b.pcpu === undefined ? undefined : scheduleOf(s, b.pcpu);
      const e = explain(s, b, sched);
      out.push({
        property: ID,
        message:
          `${label(v.name, b.spi)}: worst-case interrupt latency ${b.boundNs === null ? 'is unbounded' : formatNs(b.boundNs)} exceeds the ${formatNs(r.requirementNs)} requirement: ${e.why}`,
        actor: b.mode === undefined ? undefined : `the ${b.mode} schedule of pCPU ${b.pcpu}`,
        victim: v.name,
        resource: `SPI ${b.spi}`,
        via: `vCPU ${v.name}:${b.vcpu} on pCPU ${b.pcpu ?? '?'}`,
        at: requirementRef(s, i, r),
        related: e.related,
        fix: e.fix,
      });
    }
  });
  return out;
}

function measures(s: Scenario): Measure[] {
  const out: Measure[] = [];
  let s0: State | undefined;
  s.vms.forEach((v, i) => {
    for (const r of vmIrqLatency(s, i).routes) {
      if (r.requirementNs === undefined) continue;
      const b = r.bound;
      const at = requirementRef(s, i, r);
      out.push({ name: `${label(v.name, b.spi)} latency bound (${b.mode ?? 'unscheduled'})`, value: b.boundNs, unit: 'ns', limit: r.requirementNs, at });
      // The bound's evidence of tightness: the worst-case witness replayed on the model.
      s0 ??= boot(s);
      const w = runIrqWitness(s, i, b.spi, s0, b);
      if (w === undefined) continue;
      out.push({ name: `${label(v.name, b.spi)} latency witnessed on the model (${w.witness.path}${w.witness.exact ? ', exact' : ''})`, value: w.observedNs, unit: 'ns', at });
      // A null (or short) figure above is then no evidence that the bound is pessimistic.
      if (w.witness.unreplayable !== undefined) out.push({ name: `${label(v.name, b.spi)} latency witness not replayable on the model`, value: w.witness.unreplayable, at });
    }
  });
  return out;
}

interface Requirement {
  readonly ns: number;
  readonly vcpu: number;
  readonly at: SourceRef;
}

/** (vm, spi) → the binding requirement of the declared route. */
function requirements(s: Scenario): Map<string, Requirement> {
  const m = new Map<string, Requirement>();
  s.vms.forEach((v, i) => {
    for (const r of v.irqs) {
      const own = r.latencyNs;
      const vmReq = v.latency.irqNs;
      const ns = own === undefined ? vmReq : vmReq === undefined ? own : Math.min(own, vmReq);
      if (ns === undefined) continue;
      const at = own !== undefined && ns === own ? r.at : (v.latency.at ?? v.at);
      m.set(`${i}:${r.spi}`, { ns, vcpu: r.vcpu, at });
    }
  });
  return m;
}

function monitor(topo: Topology): TraceMonitor {
  const s = topo.scenario;
  const req = requirements(s);
  // A pCPU taken offline by management owes no latency: interrupts waiting across an offline
  // interval of their target's pCPU are not judged (like timing.budget's periods).
  const offlineSince = new Map<number, number>();
  const onlineAgain = new Map<number, number>();
  const judged = (p: number, assertedAt: number, state: State): boolean =>
    p >= 0 && state.pcpus[p]!.online && !offlineSince.has(p) && (onlineAgain.get(p) ?? -1) <= assertedAt;
  const finding = (vm: number, vcpu: number, spi: number, r: Requirement, text: string): Finding => ({
    property: ID,
    message: `${label(vmName(topo, vm), spi)}: ${text}, beyond the ${formatNs(r.ns)} requirement`,
    actor: 'the schedule and the hypervisor on its pCPU',
    victim: vmName(topo, vm),
    resource: `SPI ${spi}`,
    via: `vCPU ${vmName(topo, vm)}:${vcpu}`,
    at: r.at,
    fix: 'see the configuration finding: the schedule cannot meet the requirement',
  });
  return {
    step(_before: State, _e, after: State, observations: readonly Observation[]): Finding[] {
      const out: Finding[] = [];
      for (const o of observations) {
        if (o.kind === 'pcpu') {
          if (o.online) {
            onlineAgain.set(o.pcpu, o.at);
            offlineSince.delete(o.pcpu);
          } else offlineSince.set(o.pcpu, o.at);
        }
      }
      for (const o of observations) {
        if (o.kind !== 'virq' || o.source !== 'spi') continue;
        const r = req.get(`${o.vm}:${o.intid}`);
        if (r === undefined || r.vcpu !== o.vcpu) continue;
        const f = topo.vcpuBase[o.vm]! + o.vcpu;
        if (!judged(topo.vcpuPcpu[f]!, o.assertedAt, after)) continue;
        const lat = o.deliveredAt - o.assertedAt;
        if (lat > r.ns) out.push(finding(o.vm, o.vcpu, o.intid, r, `asserted at ${formatNs(o.assertedAt)}, delivered at ${formatNs(o.deliveredAt)} (${o.path}): latency ${formatNs(lat)}`));
      }
      return out;
    },
    // An interrupt still pending past its requirement at the end is late too, even if never
    // delivered (judged at the end, so a trace that does deliver shows the delivery).
    end(after: State): Finding[] {
      const out: Finding[] = [];
      for (const [key, r] of req) {
        const [vm, spi] = key.split(':').map(Number) as [number, number];
        const f = topo.vcpuBase[vm]! + r.vcpu;
        const pending = after.vcpus[f]?.pending.find((x) => x.source === 'spi' && x.intid === spi);
        if (pending === undefined || after.now - pending.assertedAt <= r.ns) continue;
        if (!judged(topo.vcpuPcpu[f]!, pending.assertedAt, after)) continue;
        out.push(finding(vm, r.vcpu, spi, r, `asserted at ${formatNs(pending.assertedAt)} and still pending at ${formatNs(after.now)}`));
      }
      return out;
    },
  };
}

/** The route a configuration finding is about (its victim VM and resource "SPI n"). */
function routeOf(s: Scenario, f: Finding): { vm: number; spi: number } | undefined {
  const vm = s.vms.findIndex((v) => v.name === f.victim);
  const m = /^SPI (\d+)$/.exec(f.resource ?? '');
  return vm < 0 || m === null ? undefined : { vm, spi: Number(m[1]) };
}

export const timingIrqLatency: Property = {
  id: ID,
  title: 'Bounded interrupt latency',
  claim:
    'Every device interrupt routed to a VM with a latency requirement is delivered to its vCPU within that requirement, from assertion to injection, whatever the other VMs do.',
  rationale:
    'A real-time guest meets its deadlines only if its device interrupts arrive in time; on a partitioned system the wait depends on the hypervisor (trap path, non-preemptible sections, cache interference) and on the schedule of the pCPU (window gaps, server budgets, higher-priority servers), which the guest cannot see. The analytic worst case must stay within the requirement, and the model must never exceed the analytic worst case.',
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: true,
  applies: (s) => (hasRequirement(s) ? APPLIES : notApplicable('no VM or interrupt route declares a latency requirement')),
  checkConfig,
  measures,
  stimulus: { irq: 8, advance: 8, 'irq-storm': 2, wake: 3, 'hvc-yield': 3, 'hvc-watchdog': 2, sgi: 2, 'hvc-notify': 2, fault: 1, 'vm-restart': 1, read: 1, write: 1 },
  monitor,
  witnessTrace: (s, f) => {
    const r = routeOf(s, f);
    if (r === undefined) return undefined;
    const w = irqLatencyWitness(s, r.vm, r.spi);
    // Only an exact witness must reproduce; a pessimistic part of the bound (server jitter)
    // leaves the search to find a trace, or the configuration finding to stand alone. So
    // does a witness a watchdog defeats (no vCPU of its VM resident to kick it in time): the
    // finding stands as violated, with the reason among the measures, and no replay of it
    // is mistaken for a disagreement between the analysis and the model.
    return w !== undefined && w.exact && w.unreplayable === undefined ? w.events : undefined;
  },
  smt: {
    statement:
      'For every VM v, route (spi → vCPU k on pCPU p) with requirement L, and every trace from boot: each virtual injection of spi into v:k has delivered − asserted ≤ bound(v, spi) ≤ L, where bound is the trap path plus the longest non-preemptible section of p, or (time partition) the longest gap between k\'s windows plus switch and injection, or (fixed priority) (T − B) + (R − B) plus switch and injection with R the server\'s response-time fixed point.',
  },
};
