// timing.cpu-exclusive: a bind-scheduled vCPU has its pCPU alone.

import type { Scenario } from '../src/config/types.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { vmName } from './util.js';

const ID = 'timing.cpu-exclusive';

function checkConfig(scenario: Scenario): Finding[] {
  const out: Finding[] = [];
  for (const s of scenario.schedule) {
    if (s.kind !== 'bind') continue;
    for (const vm of scenario.vms) {
      vm.vcpus.forEach((c, i) => {
        if (c.pcpu !== s.pcpu || (vm.name === s.vcpu.vm && i === s.vcpu.vcpu)) return;
        out.push({
          property: ID,
          message: `pCPU ${s.pcpu} is bound to ${s.vcpu.vm}:${s.vcpu.vcpu}, but ${vm.name}:${i} is pinned to it too and runs whenever the bound vCPU idles`,
          actor: `${vm.name}:${i}`,
          victim: `${s.vcpu.vm}:${s.vcpu.vcpu}`,
          resource: `pCPU ${s.pcpu}`,
          via: `the vCPU pinning of ${vm.name}:${i}`,
          at: c.at,
          related: [s.at],
          fix: `pin ${vm.name}:${i} to another pCPU, or schedule pCPU ${s.pcpu} by time partition or fixed priority`,
        });
      });
    }
    const bound = scenario.vms.find((v) => v.name === s.vcpu.vm)?.vcpus[s.vcpu.vcpu];
    if (bound !== undefined && bound.pcpu !== s.pcpu) {
      out.push({
        property: ID,
        message: `pCPU ${s.pcpu} is bound to ${s.vcpu.vm}:${s.vcpu.vcpu}, but that vCPU is pinned to pCPU ${bound.pcpu}`,
        actor: `${s.vcpu.vm}:${s.vcpu.vcpu}`,
        resource: `pCPU ${s.pcpu}`,
        via: 'the bind schedule',
        at: s.at,
        related: [bound.at],
        fix: `bind pCPU ${bound.pcpu} instead, or pin the vCPU to pCPU ${s.pcpu}`,
      });
    }
  }
  return out;
}

export const timingCpuExclusive: Property = {
  id: ID,
  title: 'Exclusive pCPU for bound vCPUs',
  claim: 'A bind-scheduled vCPU has its pCPU alone.',
  rationale:
    'Bind scheduling is chosen to remove scheduling interference entirely (tickless, no other vCPU); a second vCPU on that pCPU reintroduces preemption, cache and TLB interference the timing analysis assumed away.',
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: true,
  applies: (s) => (s.schedule.some((x) => x.kind === 'bind') ? APPLIES : notApplicable('no pCPU uses bind scheduling')),
  checkConfig,
  stimulus: { 'hvc-yield': 6, wake: 4, advance: 4, 'vm-stop': 1, 'vm-start': 1, fault: 1 },
  monitor: (topo) => ({
    step(_b, _e, _a, observations) {
      const out: Finding[] = [];
      for (const o of observations) {
        if (o.kind !== 'sched' || o.to < 0) continue;
        const sched = topo.pcpuSchedule[o.pcpu];
        if (sched?.kind !== 'bind' || sched.vcpu === o.to) continue;
        const vm = topo.vcpuVm[o.to]!;
        const local = topo.vcpuLocal[o.to]!;
        const cpuId = topo.scenario.soc.cpus[o.pcpu]?.id ?? o.pcpu;
        const bindDecl = topo.scenario.schedule.find((x) => x.pcpu === cpuId);
        out.push({
          property: ID,
          message: `pCPU ${cpuId}, bound to ${sched.vcpu < 0 ? '?' : `${vmName(topo, topo.vcpuVm[sched.vcpu]!)}:${topo.vcpuLocal[sched.vcpu]}`}, ran ${vmName(topo, vm)}:${local}`,
          actor: `${vmName(topo, vm)}:${local}`,
          resource: `pCPU ${cpuId}`,
          via: 'the scheduler',
          at: topo.scenario.vms[vm]?.vcpus[local]?.at ?? topo.scenario.at,
          related: bindDecl ? [bindDecl.at] : [],
          fix: `pin ${vmName(topo, vm)}:${local} elsewhere`,
        });
      }
      return out;
    },
  }),
  smt: { statement: 'For every bind schedule (p, v): pinned(p) = {v}.' },
};
