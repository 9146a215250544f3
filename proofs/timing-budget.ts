// timing.budget: every vCPU receives its configured budget in every period, whatever the
// other VMs do.

import type { SourceRef } from '../src/config/types.js';
import type { Topology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { vmName } from './util.js';

const ID = 'timing.budget';

function entryRef(topo: Topology, f: number): SourceRef {
  const vm = vmName(topo, topo.vcpuVm[f]!);
  const local = topo.vcpuLocal[f]!;
  for (const s of topo.scenario.schedule) {
    if (s.kind === 'fixed-priority') {
      const e = s.entries.find((x) => x.vcpu.vm === vm && x.vcpu.vcpu === local);
      if (e) return e.at;
    } else if (s.kind === 'time-partition') {
      const w = s.windows.find((x) => x.vcpu.vm === vm && x.vcpu.vcpu === local);
      if (w) return w.at;
    }
  }
  return topo.scenario.at;
}

function fmt(ns: number): string {
  return ns >= 1_000_000 ? `${ns / 1_000_000}ms` : ns >= 1000 ? `${ns / 1000}us` : `${ns}ns`;
}

export const timingBudget: Property = {
  id: ID,
  title: 'CPU budget in every period',
  claim: 'Every vCPU under a budgeted schedule receives its configured budget in every period in which it wanted the CPU throughout, whatever the other VMs do, and never runs more than its budget in a period.',
  rationale:
    'Fixed-priority servers and time partitions promise each vCPU a share of its pCPU; the timing analysis of the guest rests on that supply. A runaway or interrupt-storming neighbour must not take it away.',
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: true,
  applies: (s) =>
    s.schedule.some((x) => x.kind === 'fixed-priority' || x.kind === 'time-partition')
      ? APPLIES
      : notApplicable('no pCPU has a budgeted schedule (fixed-priority or time partition)'),
  stimulus: { advance: 10, fault: 3, 'irq-storm': 2, irq: 3, 'hvc-yield': 2, wake: 3, sgi: 1, 'hvc-notify': 1, read: 1, write: 1, 'vm-restart': 1 },
  // A pCPU taken offline by management owes nobody a budget: periods that overlap an
  // offline interval of the vCPU's pCPU are not judged (the model keeps demandedAll true for
  // periods that open while the pCPU is offline).
  monitor: (topo) => {
    const onlineAgain = new Map<number, number>();
    return {
    step(before, _e, after, observations) {
      const out: Finding[] = [];
      for (const o of observations) {
        if (o.kind === 'pcpu') {
          if (o.online) onlineAgain.set(o.pcpu, o.at);
          continue;
        }
        if (o.kind !== 'period-end') continue;
        if (o.receivedNs > o.budgetNs) {
          // An overrun is taken from the other vCPUs of the pCPU, whoever they are: judged in
          // every period, offline or not.
          const name = `${vmName(topo, topo.vcpuVm[o.vcpu]!)}:${topo.vcpuLocal[o.vcpu]}`;
          out.push({
            property: ID,
            message: `${name} ran ${fmt(o.receivedNs)} in period [${fmt(o.start)}, ${fmt(o.end)}), more than its ${fmt(o.budgetNs)} budget`,
            actor: name,
            victim: 'the other vCPUs of its pCPU',
            resource: `CPU budget of ${name}`,
            via: 'the pCPU schedule',
            at: entryRef(topo, o.vcpu),
            fix: 'take the pCPU from a vCPU when its budget is exhausted (budget enforcement)',
          });
          continue;
        }
        if (!o.demandedAll || o.receivedNs >= o.budgetNs) continue;
        const p = topo.vcpuPcpu[o.vcpu]!;
        if (p >= 0 && (!before.pcpus[p]!.online || !after.pcpus[p]!.online || (onlineAgain.get(p) ?? -1) > o.start)) continue;
        const vm = topo.vcpuVm[o.vcpu]!;
        const name = `${vmName(topo, vm)}:${topo.vcpuLocal[o.vcpu]}`;
        out.push({
          property: ID,
          message: `${name} wanted the CPU throughout period [${fmt(o.start)}, ${fmt(o.end)}) but received ${fmt(o.receivedNs)} of its ${fmt(o.budgetNs)} budget`,
          actor: 'the other vCPUs of its pCPU',
          victim: name,
          resource: `CPU budget of ${name}`,
          via: 'the pCPU schedule',
          at: entryRef(topo, o.vcpu),
          fix: 'make the budgets on this pCPU fit their periods (sum of budget/period ≤ 1 with harmonic periods), and check that budgets are enforced',
        });
      }
      return out;
    },
    };
  },
  smt: { statement: 'For every budgeted vCPU v and period k: supply(v, k) ≤ budget(v), and supply(v, k) ≥ budget(v) when v is busy throughout k.' },
};
