// containment.recovery: the health monitor acts on a fault within the declared bound.

import type { Scenario } from '../src/config/types.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { vmName } from './util.js';

const ID = 'containment.recovery';

function fmt(ns: number): string {
  return ns >= 1_000_000 ? `${ns / 1_000_000}ms` : ns >= 1000 ? `${ns / 1000}us` : `${ns}ns`;
}

function checkConfig(s: Scenario): Finding[] {
  const out: Finding[] = [];
  for (const vm of s.vms) {
    const bound = vm.health.recoveryBoundNs;
    if (bound === undefined) continue;
    if (vm.health.watchdogNs === undefined) {
      out.push({
        property: ID,
        message: `${vm.name} declares a recovery bound of ${fmt(bound)} but no watchdog: a hung (runaway) guest is never detected`,
        actor: vm.name,
        victim: vm.name,
        resource: 'health monitoring',
        via: 'the health policy',
        at: vm.health.at,
        fix: `add a watchdog of at most ${fmt(bound)} to ${vm.name}'s health policy`,
      });
    } else if (vm.health.watchdogNs > bound) {
      out.push({
        property: ID,
        message: `${vm.name}'s watchdog period (${fmt(vm.health.watchdogNs)}) is longer than its recovery bound (${fmt(bound)}): a guest that hangs right after kicking is detected only ${fmt(vm.health.watchdogNs)} later`,
        actor: vm.name,
        victim: vm.name,
        resource: 'health monitoring',
        via: 'the watchdog',
        at: vm.health.at,
        fix: `make ${vm.name}'s watchdog at most ${fmt(bound)}, or declare a recovery bound of at least ${fmt(vm.health.watchdogNs)}`,
      });
    }
  }
  return out;
}

export const containmentRecovery: Property = {
  id: ID,
  title: 'Recovery within the declared bound',
  claim: "The health monitor acts on a VM's fault (crash, runaway, illegal access, interrupt storm) within the VM's declared recovery bound.",
  rationale:
    'The safety concept relies on the fault-tolerant time interval: a fault must be detected and the VM restarted, stopped or reported before the hazard can develop.',
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: true,
  applies: (s) => (s.vms.some((v) => v.health.recoveryBoundNs !== undefined) ? APPLIES : notApplicable('no VM declares a recovery bound')),
  checkConfig,
  stimulus: { fault: 6, advance: 8, 'hvc-watchdog': 6, 'irq-storm': 2, read: 1, write: 1 },
  monitor: (topo) => {
    // Faults not acted on yet, per VM: the time of the first.
    const open = new Map<number, number>();
    const late = (vm: number, faultAt: number, at: number, acted: boolean): Finding => {
      const cfg = topo.scenario.vms[vm]!;
      const bound = cfg.health.recoveryBoundNs!;
      return {
        property: ID,
        message: acted
          ? `the health monitor acted on ${vmName(topo, vm)}'s fault at ${fmt(faultAt)} only at ${fmt(at)}: ${fmt(at - faultAt)} > bound ${fmt(bound)}`
          : `${vmName(topo, vm)} faulted at ${fmt(faultAt)} and the health monitor had not acted by ${fmt(at)} (${fmt(at - faultAt)} > bound ${fmt(bound)})`,
        actor: vmName(topo, vm),
        victim: vmName(topo, vm),
        resource: 'recovery time',
        via: cfg.health.watchdogNs === undefined ? 'no watchdog' : `the watchdog (${fmt(cfg.health.watchdogNs)})`,
        at: cfg.health.at,
        fix: `make ${vmName(topo, vm)}'s watchdog at most ${fmt(bound)}`,
      };
    };
    return {
      step(_before, _event, after, observations) {
        const out: Finding[] = [];
        for (const o of observations) {
          if (o.kind === 'fault' && !open.has(o.vm)) open.set(o.vm, o.at);
          if (o.kind === 'health') {
            open.delete(o.vm);
            const bound = topo.scenario.vms[o.vm]?.health.recoveryBoundNs;
            if (bound !== undefined && o.at - o.faultAt > bound) out.push(late(o.vm, o.faultAt, o.at, true));
          }
          if (o.kind === 'lifecycle' && o.what !== 'started') open.delete(o.vm);
        }
        for (const [vm, t] of open) {
          const bound = topo.scenario.vms[vm]?.health.recoveryBoundNs;
          if (bound !== undefined && after.now - t > bound && after.vms[vm]!.status === 'running') {
            out.push(late(vm, t, after.now, false));
            open.delete(vm);
          }
        }
        return out;
      },
    };
  },
  smt: { statement: 'For every fault of VM v at t: the health monitor acts at t\' with t\' − t ≤ recoveryBound(v).' },
};
