// timing.schedulability: every VM's guest task set meets its deadlines on the CPU supply its
// vCPUs receive from the hypervisor's schedule.
//
// Decided on the configuration by src/timing: the supply of each vCPU (dedicated under bind,
// the window table under a time partition, an explicit-deadline periodic resource under a
// fixed-priority server) and the guest's own policy (fixed priority with the busy-window
// analysis, or EDF with the demand bound function). Guest tasks are not part of the
// hypervisor model, so no event trace can show a miss: the property is not observable.

import type { Scenario } from '../src/config/types.js';
import { formatNs } from '../src/timing/format.js';
import { vmSchedulability, type VmSchedulability } from '../src/timing/partition.js';
import { scheduleOf } from '../src/timing/server.js';
import { APPLIES, CheckInconclusive, notApplicable, type Finding, type Measure, type Property } from './property.js';

const ID = 'timing.schedulability';

function analyses(s: Scenario): { index: number; result: VmSchedulability }[] {
  const out: { index: number; result: VmSchedulability }[] = [];
  s.vms.forEach((v, i) => {
    if (v.tasks.length === 0) return;
    const result = vmSchedulability(s, i);
    if (result.inconclusive) {
      throw new CheckInconclusive(`the schedulability analysis of ${v.name}'s task set reached its iteration limit: no verdict`);
    }
    out.push({ index: i, result });
  });
  return out;
}

function checkConfig(s: Scenario): Finding[] {
  const out: Finding[] = [];
  for (const { index, result } of analyses(s)) {
    const vm = s.vms[index]!;
    for (const pv of result.perVcpu) {
      const vc = vm.vcpus.find((c) => c.id === pv.vcpu)!;
      const me = `${vm.name}:${pv.vcpu}`;
      const entry = scheduleOf(s, pv.pcpu);
      if (pv.analysis === undefined) {
        out.push({
          property: ID,
          message: `${me} receives no guaranteed CPU supply (${pv.supply.note}), so ${vm.name}'s ${result.taskCount} tasks have no bounded response time`,
          victim: vm.name,
          resource: `CPU supply of ${me}`,
          via: `the schedule of pCPU ${pv.pcpu}`,
          at: vc.at,
          related: entry ? [entry.at] : [],
          fix: `give ${me} a schedule that guarantees it time: bind its pCPU, a window in the time partition, or a server whose response fits its period`,
        });
        continue;
      }
      for (const t of pv.analysis.tasks) {
        if (t.meetsDeadline) continue;
        const task = vm.tasks.find((x) => x.name === t.name)!;
        out.push({
          property: ID,
          message:
            `task '${t.name}' of ${vm.name} on ${me} (${pv.supply.note}) ` +
            `${t.responseTime === null ? `has no bounded response time (${t.unbounded ?? 'unbounded'})` : `has a worst-case response time of ${formatNs(t.responseTime)}`}, beyond its ${formatNs(t.deadline)} deadline (${result.policy})`,
          victim: vm.name,
          resource: `task ${t.name}`,
          via: `the supply of ${me}`,
          at: task.at,
          related: entry ? [entry.at] : [],
          fix:
            result.policy === 'fixed-priority'
              ? `give '${t.name}' a higher guest priority (deadline-monotonic order), shorten the higher-priority tasks, or give ${me} more CPU (a longer window, a larger server budget, or a pCPU of its own)`
              : `reduce the task set's demand or give ${me} more CPU (a longer window, a larger server budget, or a pCPU of its own)`,
        });
      }
    }
  }
  return out;
}

/** Per task, the worst response over the VM's vCPUs (the set may run on any of them). */
function measures(s: Scenario): Measure[] {
  const out: Measure[] = [];
  for (const { index, result } of analyses(s)) {
    const vm = s.vms[index]!;
    for (const task of vm.tasks) {
      let worst: bigint | null = 0n;
      let supplied = result.perVcpu.length > 0;
      for (const pv of result.perVcpu) {
        const t = pv.analysis?.tasks.find((x) => x.name === task.name);
        if (t === undefined) supplied = false;
        else if (t.responseTime === null || worst === null) worst = null;
        else if (t.responseTime > worst) worst = t.responseTime;
      }
      out.push({
        name: `${vm.name} task ${task.name} response time (${result.policy}${result.policy === 'edf' ? ', bound' : ''})`,
        value: supplied && worst !== null ? Number(worst) : null,
        unit: 'ns',
        limit: task.deadlineNs,
        at: task.at,
      });
    }
  }
  return out;
}

export const timingSchedulability: Property = {
  id: ID,
  title: 'Guest task sets meet their deadlines',
  claim: "Every VM's declared guest task set meets all its deadlines on the CPU supply its vCPUs are guaranteed by the hypervisor's schedule.",
  rationale:
    "Partitioning hands each guest a share of a pCPU, not the pCPU: windows of a time partition, the budget of a fixed-priority server. A task set that is schedulable on a dedicated CPU can miss deadlines on that share; the guest's timing argument must rest on the supply the hypervisor actually guarantees (supply bound functions, compositional analysis), with the hypervisor's switch costs taken out.",
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: false,
  applies: (s) => (s.vms.some((v) => v.tasks.length > 0) ? APPLIES : notApplicable('no VM declares a guest task set')),
  checkConfig,
  measures,
  smt: {
    statement:
      "For every VM v with tasks and every vCPU k of v: under v's policy, every task's worst-case response on sbf_k (dedicated, window table, or EDP(T, B − switch, R)) is at most its deadline (fixed priority: the Lehoczky busy-window fixed points; EDF: dbf(t) ≤ sbf_k(t) at every step point up to the sound horizon).",
  },
};
