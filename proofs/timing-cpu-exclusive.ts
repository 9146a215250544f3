// timing.cpu-exclusive: a bind-scheduled vCPU has its pCPU alone.

import type { Scenario } from '../src/config/types.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { vmName } from './util.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { hitOf, isPartition, NONE, partitionBug } from './smt-util.js';

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

// ---------------------------------------------------------------- Z3 obligation

interface Bind {
  readonly schedule: number;
  readonly vm: number;
  readonly vcpu: number;
  readonly pcpu: number;
}

function binds(s: Scenario): Bind[] {
  const vmIndex = new Map(s.vms.map((v, i) => [v.name, i]));
  return s.schedule.flatMap((x, schedule) => (x.kind === 'bind' ? [{ schedule, vm: vmIndex.get(x.vcpu.vm) ?? -1, vcpu: x.vcpu.vcpu, pcpu: x.pcpu }] : []));
}

function pins(s: Scenario): { vm: number; vcpu: number; pcpu: number }[] {
  return s.vms.flatMap((vm, v) => vm.vcpus.map((c, i) => ({ vm: v, vcpu: i, pcpu: c.pcpu })));
}

/** Keyed by pCPU: a bind declaration meets a pinned vCPU that is not the bound one. */
function pcpuSpec(s: Scenario): JoinSpec {
  return {
    property: ID,
    subject: 'pcpu',
    claim: 'no vCPU other than the bound one is pinned to a bind-scheduled pCPU',
    keyWidth: 32,
    fields: { bind: 'bool', vm: 32, vcpu: 32 },
    conflict: (f, g) => `(and ${f('bind')} (not ${g('bind')}) (not (and (= ${f('vm')} ${g('vm')}) (= ${f('vcpu')} ${g('vcpu')}))))`,
    items: [
      ...binds(s).map((b) => ({ lo: BigInt(b.pcpu), hi: BigInt(b.pcpu), fields: { bind: true, vm: b.vm < 0 ? NONE : BigInt(b.vm), vcpu: BigInt(b.vcpu) }, left: true, right: false })),
      ...pins(s).map((x) => ({ lo: BigInt(x.pcpu), hi: BigInt(x.pcpu), fields: { bind: false, vm: BigInt(x.vm), vcpu: BigInt(x.vcpu) }, left: false, right: true })),
    ],
  };
}

/** Keyed by vCPU (flat index): a bind declaration names a vCPU pinned to another pCPU. */
function vcpuSpec(s: Scenario): JoinSpec {
  const base: number[] = [];
  let n = 0;
  for (const vm of s.vms) {
    base.push(n);
    n += vm.vcpus.length;
  }
  const flat = (vm: number, vcpu: number) => base[vm]! + vcpu;
  return {
    property: ID,
    subject: 'vcpu',
    claim: 'every bound vCPU is pinned to the pCPU bound to it',
    keyWidth: 32,
    fields: { bind: 'bool', pcpu: 32 },
    conflict: (f, g) => `(and ${f('bind')} (not ${g('bind')}) (distinct ${f('pcpu')} ${g('pcpu')}))`,
    items: [
      ...binds(s)
        .filter((b) => b.vm >= 0 && b.vcpu < s.vms[b.vm]!.vcpus.length)
        .map((b) => ({ lo: BigInt(flat(b.vm, b.vcpu)), hi: BigInt(flat(b.vm, b.vcpu)), fields: { bind: true, pcpu: BigInt(b.pcpu) }, left: true, right: false })),
      ...pins(s).map((x) => ({ lo: BigInt(flat(x.vm, x.vcpu)), hi: BigInt(flat(x.vm, x.vcpu)), fields: { bind: false, pcpu: BigInt(x.pcpu) }, left: false, right: true })),
    ],
  };
}

const cpuSmt: NonNullable<Property['smt']> = {
  statement: 'For every bind schedule (p, v): pinned(p) = {v}.',
  encode: (s) => [...joinQueries(pcpuSpec(s)), ...joinQueries(vcpuSpec(s))],
  witness: (s, query, model) => {
    if (isPartition(query.id)) partitionBug(query.id);
    const bs = binds(s);
    if (query.id.startsWith(`${ID}/pcpu/`)) {
      const h = hitOf(pcpuSpec(s), query.id, model);
      const b = bs[h.i]!;
      const x = pins(s)[h.j - bs.length]!;
      const decl = s.schedule[b.schedule]!;
      const bound = s.vms[b.vm];
      const other = s.vms[x.vm]!;
      const finding: Finding = {
        property: ID,
        message: `pCPU ${b.pcpu} is bound to ${bound?.name ?? '?'}:${b.vcpu}, but ${other.name}:${x.vcpu} is pinned to it too and runs whenever the bound vCPU idles`,
        actor: `${other.name}:${x.vcpu}`,
        victim: `${bound?.name ?? '?'}:${b.vcpu}`,
        resource: `pCPU ${b.pcpu}`,
        via: `the vCPU pinning of ${other.name}:${x.vcpu}`,
        at: other.vcpus[x.vcpu]!.at,
        related: [decl.at],
        fix: `pin ${other.name}:${x.vcpu} to another pCPU, or schedule pCPU ${b.pcpu} by time partition or fixed priority`,
      };
      // The bound vCPU idles (yields); the scheduler of its pCPU then runs the intruder.
      if (bound === undefined || b.vcpu >= bound.vcpus.length || bound.vcpus[b.vcpu]!.pcpu !== b.pcpu) {
        return { findings: [finding], unobservable: 'the bound vCPU does not run on this pCPU, so no yield of it hands the pCPU over' };
      }
      return { findings: [finding], events: [{ kind: 'hvc-yield', vm: b.vm, vcpu: b.vcpu }, { kind: 'advance', ns: 1_000_000 }] };
    }
    const h = hitOf(vcpuSpec(s), query.id, model);
    const b = bs.filter((x) => x.vm >= 0 && x.vcpu < s.vms[x.vm]!.vcpus.length)[h.i]!;
    const vm = s.vms[b.vm]!;
    const pinned = vm.vcpus[b.vcpu]!;
    return {
      findings: [
        {
          property: ID,
          message: `pCPU ${b.pcpu} is bound to ${vm.name}:${b.vcpu}, but that vCPU is pinned to pCPU ${pinned.pcpu}`,
          actor: `${vm.name}:${b.vcpu}`,
          resource: `pCPU ${b.pcpu}`,
          via: 'the bind schedule',
          at: s.schedule[b.schedule]!.at,
          related: [pinned.at],
          fix: `bind pCPU ${pinned.pcpu} instead, or pin the vCPU to pCPU ${b.pcpu}`,
        },
      ],
      unobservable: 'the bound vCPU runs on the pCPU it is pinned to; the bind declaration is inconsistent, which no trace shows',
    };
  },
};

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
  smt: cpuSmt,
};
