// Guest schedulability for a scenario VM: the supply each of its vCPUs receives from the
// pCPU schedule, and the VM's task set analysed on it.
//
// Supply of a vCPU (all in ns):
//   bind             dedicated, sbf(t) = t. If other vCPUs are pinned to the same pCPU the
//                    bound vCPU may be descheduled without bound: no supply is guaranteed.
//   time-partition   the window table of that vCPU in the major frame. Each window loses
//                    c.contextSwitchNs at its start (the switch in), unless it continues a
//                    window of the same vCPU; a window no longer than that gives nothing.
//   fixed-priority   the EDP resource Ω(Π = T, Θ = B − c.contextSwitchNs, Δ = R) of
//                    Easwaran et al. 2007, R the server's worst-case response (server.ts).
//                    Its blackout is (T − B) + (R − B) (plus the switch cost): exactly the
//                    worst first gap, a budget served at the start of one period and as
//                    late as R into the next. The plain periodic resource Γ(T, B) is only a
//                    valid abstraction once R ≤ T is established (the budget must be served
//                    within every period, which higher-priority deferrable servers, with
//                    their back-to-back jitter, can prevent), and it is then more pessimistic
//                    (blackout 2(T − B) ≥ T + R − 2B). Sound because (1) in every period a
//                    backlogged server receives B within [kT, kT+R] by the RTA and (2) extra
//                    supply (budget kept from an idle stretch) only adds. R > T: no supply.
//
// The guest's tasks are analysed on every vCPU of the VM (a guest may place its task set
// on any one of them); the VM is schedulable when the set is schedulable on each.

import type { Scenario } from '../config/types.js';
import { vmCosts } from '../hv/costs.js';
import { analyze } from './analyze.js';
import { makeSupply, type SupplySpec, type Window } from './supply.js';
import { sameVcpu, scheduleOf, serverResponse } from './server.js';
import { DEFAULT_LIMIT, type Analysis, type Task } from './task.js';

export type VcpuSupply =
  | { readonly ok: true; readonly spec: SupplySpec; readonly note: string }
  | { readonly ok: false; readonly note: string };

export function vcpuSupply(scenario: Scenario, vmIndex: number, vcpuIndex: number): VcpuSupply {
  const vm = scenario.vms[vmIndex]!;
  const vc = vm.vcpus[vcpuIndex];
  if (vc === undefined) return { ok: false, note: `VM '${vm.name}' has no vCPU ${vcpuIndex}` };
  const me = { vm: vm.name, vcpu: vc.id };
  const p = vc.pcpu;
  const sched = scheduleOf(scenario, p);
  const cs = BigInt(vmCosts(scenario, vmIndex).contextSwitchNs);
  if (sched === undefined) return { ok: false, note: `pCPU ${p} has no schedule entry` };
  switch (sched.kind) {
    case 'bind': {
      if (!sameVcpu(sched.vcpu, me)) return { ok: false, note: `pCPU ${p} is bound to another vCPU` };
      const others = scenario.vms.some((v) => v.vcpus.some((c) => c.pcpu === p && !(v.name === vm.name && c.id === vc.id)));
      if (others) return { ok: false, note: `bind exclusivity violated on pCPU ${p}: other vCPUs are pinned to it` };
      return { ok: true, spec: { kind: 'dedicated' }, note: `bound alone to pCPU ${p}` };
    }
    case 'time-partition': {
      const all = [...sched.windows].sort((a, b) => a.startNs - b.startNs);
      const F = BigInt(sched.majorFrameNs);
      const ws: Window[] = [];
      for (let i = 0; i < all.length; i++) {
        const w = all[i]!;
        if (!sameVcpu(w.vcpu, me)) continue;
        const prev = all[(i - 1 + all.length) % all.length]!;
        const prevEnd = (BigInt(prev.startNs) + BigInt(prev.lengthNs)) % F;
        const continues = all.length > 1 && sameVcpu(prev.vcpu, me) && prevEnd === BigInt(w.startNs) % F;
        const loss = continues ? 0n : cs;
        const len = BigInt(w.lengthNs) - loss;
        if (len > 0n) ws.push([BigInt(w.startNs) + loss, len]);
      }
      if (ws.length === 0) return { ok: false, note: `no usable window for ${vm.name}.vcpu${vc.id} on pCPU ${p}` };
      return { ok: true, spec: { kind: 'windows', frame: F, windows: ws }, note: `time partition on pCPU ${p}, windows shortened by the ${cs} ns switch-in` };
    }
    case 'fixed-priority': {
      const i = sched.entries.findIndex((e) => sameVcpu(e.vcpu, me));
      if (i < 0) return { ok: false, note: `no server entry for ${vm.name}.vcpu${vc.id} on pCPU ${p}` };
      const rta = serverResponse(sched.entries, i);
      if (rta.responseNs === null) return { ok: false, note: `server cannot receive its budget within its period on pCPU ${p}` };
      const theta = rta.budgetNs - cs;
      if (theta <= 0n) return { ok: false, note: `server budget does not exceed the context switch cost` };
      return {
        ok: true,
        spec: { kind: 'edp', period: rta.periodNs, budget: theta, deadline: rta.responseNs },
        note: `deferrable server on pCPU ${p}: budget ${rta.budgetNs} − switch ${cs} within response ${rta.responseNs} of each ${rta.periodNs} period`,
      };
    }
  }
}

export interface VcpuSchedulability {
  readonly vcpu: number;
  readonly pcpu: number;
  readonly supply: VcpuSupply;
  /** undefined when the vCPU receives no guaranteed supply. */
  readonly analysis: Analysis | undefined;
}

export interface VmSchedulability {
  readonly vm: string;
  readonly policy: 'fixed-priority' | 'edf';
  readonly taskCount: number;
  readonly perVcpu: readonly VcpuSchedulability[];
  /** The task set is schedulable on every vCPU (true when the VM declares no tasks). */
  readonly schedulable: boolean;
  readonly inconclusive: boolean;
}

export function guestTasks(scenario: Scenario, vmIndex: number): Task[] {
  return scenario.vms[vmIndex]!.tasks.map((t) => ({
    name: t.name,
    wcet: BigInt(t.wcetNs),
    period: BigInt(t.periodNs),
    deadline: BigInt(t.deadlineNs),
  }));
}

export function vmSchedulability(scenario: Scenario, vmIndex: number, limit = DEFAULT_LIMIT): VmSchedulability {
  const vm = scenario.vms[vmIndex];
  if (vm === undefined) throw new RangeError(`no VM at index ${vmIndex}`);
  const tasks = guestTasks(scenario, vmIndex);
  const perVcpu = vm.vcpus.map((vc, i): VcpuSchedulability => {
    const supply = vcpuSupply(scenario, vmIndex, i);
    const analysis = supply.ok ? analyze(tasks, vm.taskPolicy, makeSupply(supply.spec), limit) : undefined;
    return { vcpu: vc.id, pcpu: vc.pcpu, supply, analysis };
  });
  const inconclusive = perVcpu.some((v) => v.analysis?.inconclusive === true);
  const schedulable =
    tasks.length === 0 || (!inconclusive && perVcpu.length > 0 && perVcpu.every((v) => v.analysis !== undefined && v.analysis.schedulable));
  return { vm: vm.name, policy: vm.taskPolicy, taskCount: tasks.length, perVcpu, schedulable, inconclusive };
}
