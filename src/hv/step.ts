// step(state, event) → { state, observations }: the hypervisor's one transition function.
// Pure, deterministic and total: whatever the event, a new State and what happened; a
// request the hypervisor refuses becomes a `rejected` observation, never an exception.

import type { Event } from './events.js';
import { assertSpi, irqStorm, notifyChannel, sendSgi } from './gic.js';
import { fireWatchdog, nextWatchdog, onFault, watchdogDeadline } from './health.js';
import { load, store } from './memory.js';
import type { Observation, RejectReason } from './observations.js';
import { reassign, restartVm, startVm, stopVm } from './lifecycle.js';
import { forfeitDemand, resched, reschedVm, runPcpu } from './scheduler.js';
import { dma } from './smmu.js';
import { checkMap, checkUnmap, lookup, permits } from './stage2.js';
import { requestFrequency } from './dvfs.js';
import type { State } from './state.js';
import { Tx } from './tx.js';

export interface StepResult {
  readonly state: State;
  readonly observations: readonly Observation[];
}

export function step(state: State, event: Event): StepResult {
  const tx = new Tx(state);
  apply(tx, event);
  return { state: tx.commit(), observations: tx.obs };
}

function reject(tx: Tx, e: Event, reason: RejectReason, detail: string): void {
  tx.emit({ kind: 'rejected', event: e.kind, reason, detail });
}

function vmOk(tx: Tx, e: Event, vm: number): boolean {
  if (!Number.isInteger(vm) || vm < 0 || vm >= tx.topo.scenario.vms.length) {
    reject(tx, e, 'bad-event', `no VM #${vm}`);
    return false;
  }
  return true;
}

function vcpuOk(tx: Tx, e: Event, vm: number, vcpu: number): boolean {
  if (!vmOk(tx, e, vm)) return false;
  if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= tx.topo.scenario.vms[vm]!.vcpus.length) {
    reject(tx, e, 'bad-event', `${tx.topo.scenario.vms[vm]!.name} has no vCPU ${vcpu}`);
    return false;
  }
  return true;
}

/** A guest action: the VM must run. */
function guestOk(tx: Tx, e: Event, vm: number, vcpu: number): boolean {
  if (!vcpuOk(tx, e, vm, vcpu)) return false;
  if (tx.vm(vm).status !== 'running') {
    reject(tx, e, 'vm-not-running', `${tx.topo.scenario.vms[vm]!.name} is ${tx.vm(vm).status}`);
    return false;
  }
  return true;
}

/** A hypercall: a guest action that a runaway vCPU cannot make, and that traps. */
function hypercallOk(tx: Tx, e: Event, vm: number, vcpu: number): boolean {
  if (!guestOk(tx, e, vm, vcpu)) return false;
  const f = tx.topo.vcpuBase[vm]! + vcpu;
  if (tx.vcpu(f).runaway) {
    reject(tx, e, 'vcpu-runaway', 'the vCPU is spinning and makes no hypercalls');
    return false;
  }
  // Only the vCPU resident on its pCPU executes, so only it can trap; accepting a hypercall
  // from a descheduled vCPU would charge its non-preemptible section to whoever is resident.
  const p = tx.topo.vcpuPcpu[f]!;
  if (p < 0 || !tx.pcpu(p).online || tx.pcpu(p).current !== f) {
    reject(tx, e, 'vcpu-not-resident', `vCPU ${vcpu} of ${tx.topo.scenario.vms[vm]!.name} is not running on its pCPU now`);
    return false;
  }
  trap(tx, f);
  return true;
}

/** The hypervisor runs a non-preemptible section on the trapping vCPU's pCPU. */
function trap(tx: Tx, f: number): void {
  const p = tx.topo.vcpuPcpu[f]!;
  if (p < 0) return;
  const until = tx.now + tx.topo.pcpuNonPreemptible[p]!;
  if (until > tx.pcpu(p).hvBusyUntil) tx.draftPcpu(p).hvBusyUntil = until;
}

function deviceOk(tx: Tx, e: Event, d: number): boolean {
  if (!Number.isInteger(d) || d < 0 || d >= tx.topo.scenario.soc.devices.length) {
    reject(tx, e, 'bad-event', `no device #${d}`);
    return false;
  }
  return true;
}

function pcpuOk(tx: Tx, e: Event, p: number): boolean {
  if (!Number.isInteger(p) || p < 0 || p >= tx.topo.scenario.soc.cpus.length) {
    reject(tx, e, 'bad-event', `no pCPU #${p}`);
    return false;
  }
  return true;
}

function stage2Fault(tx: Tx, vm: number, vcpu: number, op: 'read' | 'write', ipa: bigint, reason: 'unmapped' | 'permission'): void {
  tx.emit({ kind: 'stage2-fault', vm, vcpu, op, ipa, reason });
  trap(tx, tx.topo.vcpuBase[vm]! + vcpu);
  tx.emit({ kind: 'fault', vm, vcpu, fault: 'stage2-fault', at: tx.now });
  onFault(tx, vm, 'stage2-fault', tx.now);
}

function access(tx: Tx, vm: number, vcpu: number, op: 'read' | 'write', ipa: bigint, value: number): void {
  const entry = lookup(tx.vm(vm).stage2, ipa);
  if (entry === undefined) return stage2Fault(tx, vm, vcpu, op, ipa, 'unmapped');
  if (!permits(entry.perms, op)) return stage2Fault(tx, vm, vcpu, op, ipa, 'permission');
  const pa = entry.pa + (ipa - entry.ipa);
  if (op === 'write') {
    const target = store(tx, pa, value, vm);
    tx.emit({ kind: 'access', vm, vcpu, op, ipa, pa, via: entry.origin, target, value, writer: vm });
  } else {
    const l = load(tx, pa);
    tx.emit({ kind: 'access', vm, vcpu, op, ipa, pa, via: entry.origin, target: l.target, value: l.value, writer: l.writer });
  }
}

function advance(tx: Tx, ns: number): void {
  if (!Number.isSafeInteger(ns) || ns < 0 || tx.now + ns > Number.MAX_SAFE_INTEGER) {
    tx.emit({ kind: 'rejected', event: 'advance', reason: 'bad-event', detail: `cannot advance by ${ns} ns` });
    return;
  }
  const end = tx.now + ns;
  const npcpu = tx.topo.scenario.soc.cpus.length;
  for (;;) {
    const wd = nextWatchdog(tx);
    const at = wd < 0 ? Infinity : watchdogDeadline(tx, wd);
    const stop = at <= end ? Math.max(at, tx.now) : end;
    for (let p = 0; p < npcpu; p++) runPcpu(tx, p, tx.now, stop);
    tx.now = stop;
    if (at > end) return;
    fireWatchdog(tx, wd);
  }
}

function apply(tx: Tx, e: Event): void {
  switch (e.kind) {
    case 'read':
      if (guestOk(tx, e, e.vm, e.vcpu)) access(tx, e.vm, e.vcpu, 'read', e.ipa, 0);
      return;
    case 'write':
      if (guestOk(tx, e, e.vm, e.vcpu)) access(tx, e.vm, e.vcpu, 'write', e.ipa, e.value);
      return;
    case 'dma':
      if (deviceOk(tx, e, e.device)) dma(tx, e);
      return;
    case 'irq':
      assertSpi(tx, e.spi);
      return;
    case 'irq-storm':
      if (deviceOk(tx, e, e.device)) irqStorm(tx, e.device, Math.max(0, Math.min(e.count, 100_000)));
      return;
    case 'sgi':
      if (guestOk(tx, e, e.vm, e.vcpu) && vcpuOk(tx, e, e.toVm, e.toVcpu)) {
        trap(tx, tx.topo.vcpuBase[e.vm]! + e.vcpu);
        sendSgi(tx, e);
      }
      return;
    case 'advance':
      advance(tx, e.ns);
      return;
    case 'wake':
      if (guestOk(tx, e, e.vm, e.vcpu)) {
        const f = tx.topo.vcpuBase[e.vm]! + e.vcpu;
        if (!tx.vcpu(f).busy) {
          tx.draftVcpu(f).busy = true;
          const p = tx.topo.vcpuPcpu[f]!;
          if (p >= 0) resched(tx, p, tx.now);
        }
      }
      return;
    case 'hvc-map':
      if (hypercallOk(tx, e, e.vm, e.vcpu)) {
        const r = checkMap(tx, e.vm, e.ipa, e.pa, e.size, e.perms);
        if (!r.ok) return reject(tx, e, r.reason, r.detail);
        tx.draftVm(e.vm).stage2 = r.table;
        tx.emit({ kind: 'mapped', vm: e.vm, ipa: e.ipa, pa: e.pa, size: e.size });
      }
      return;
    case 'hvc-unmap':
      if (hypercallOk(tx, e, e.vm, e.vcpu)) {
        const r = checkUnmap(tx, e.vm, e.ipa, e.size);
        if (!r.ok) return reject(tx, e, r.reason, r.detail);
        tx.draftVm(e.vm).stage2 = r.table;
        tx.emit({ kind: 'unmapped', vm: e.vm, ipa: e.ipa, size: e.size });
      }
      return;
    case 'hvc-notify':
      if (hypercallOk(tx, e, e.vm, e.vcpu)) {
        if (!Number.isInteger(e.channel) || e.channel < 0 || e.channel >= tx.topo.scenario.channels.length) {
          return reject(tx, e, 'bad-event', `no channel #${e.channel}`);
        }
        notifyChannel(tx, e.vm, e.channel);
      }
      return;
    case 'hvc-yield':
      if (hypercallOk(tx, e, e.vm, e.vcpu)) {
        const f = tx.topo.vcpuBase[e.vm]! + e.vcpu;
        forfeitDemand(tx, f);
        // Like WFI, a yield returns at once while an interrupt is pending: idling then would
        // lose the wake-up and leave the interrupt undelivered until some later timer.
        const v = tx.draftVcpu(f);
        v.busy = v.pending.length > 0;
        const p = tx.topo.vcpuPcpu[f]!;
        if (p >= 0) resched(tx, p, tx.now);
      }
      return;
    case 'hvc-dvfs':
      if (hypercallOk(tx, e, e.vm, e.vcpu)) requestFrequency(tx, e.vm, e.vcpu, Math.max(0, Math.trunc(e.khz)));
      return;
    case 'hvc-watchdog':
      if (hypercallOk(tx, e, e.vm, e.vcpu)) {
        const s = tx.vm(e.vm);
        // A VM with a spinning vCPU is hung: its watchdog thread starves, kicks stop arriving.
        if (s.hungSince >= 0) return reject(tx, e, 'watchdog-ignored', 'the VM is hung');
        tx.draftVm(e.vm).lastKick = tx.now;
      }
      return;
    case 'fault':
      if (guestOk(tx, e, e.vm, e.vcpu)) {
        const f = tx.topo.vcpuBase[e.vm]! + e.vcpu;
        switch (e.fault) {
          case 'crash':
            tx.emit({ kind: 'fault', vm: e.vm, vcpu: e.vcpu, fault: 'crash', at: tx.now });
            onFault(tx, e.vm, 'crash', tx.now);
            return;
          case 'runaway': {
            tx.emit({ kind: 'fault', vm: e.vm, vcpu: e.vcpu, fault: 'runaway', at: tx.now });
            const v = tx.draftVcpu(f);
            v.runaway = true;
            v.busy = true;
            if (tx.vm(e.vm).hungSince < 0) tx.draftVm(e.vm).hungSince = tx.now;
            const p = tx.topo.vcpuPcpu[f]!;
            if (p >= 0) resched(tx, p, tx.now);
            return;
          }
          case 'illegal-access':
            stage2Fault(tx, e.vm, e.vcpu, 'write', e.ipa, lookup(tx.vm(e.vm).stage2, e.ipa) === undefined ? 'unmapped' : 'permission');
            return;
          default: {
            const never: never = e.fault;
            return never;
          }
        }
      }
      return;
    case 'vm-start':
      if (vmOk(tx, e, e.vm)) startVm(tx, e.vm);
      return;
    case 'vm-stop':
      if (vmOk(tx, e, e.vm)) stopVm(tx, e.vm);
      return;
    case 'vm-restart':
      if (vmOk(tx, e, e.vm)) restartVm(tx, e.vm);
      return;
    case 'reassign':
      if (deviceOk(tx, e, e.device) && vmOk(tx, e, e.to)) {
        const from = tx.device(e.device).owner;
        reassign(tx, e.device, e.to);
        if (from >= 0) reschedVm(tx, from);
      }
      return;
    case 'pcpu-offline':
      if (pcpuOk(tx, e, e.pcpu)) {
        const pc = tx.pcpu(e.pcpu);
        if (!pc.online) return reject(tx, e, 'pcpu-already-offline', `pCPU ${e.pcpu} is offline`);
        tx.draftPcpu(e.pcpu).online = false;
        for (const f of tx.topo.pcpuVcpus[e.pcpu]!) forfeitDemand(tx, f);
        tx.emit({ kind: 'pcpu', pcpu: e.pcpu, online: false, at: tx.now });
        resched(tx, e.pcpu, tx.now);
      }
      return;
    case 'pcpu-online':
      if (pcpuOk(tx, e, e.pcpu)) {
        const pc = tx.pcpu(e.pcpu);
        if (pc.online) return reject(tx, e, 'pcpu-already-online', `pCPU ${e.pcpu} is online`);
        tx.draftPcpu(e.pcpu).online = true;
        tx.emit({ kind: 'pcpu', pcpu: e.pcpu, online: true, at: tx.now });
        resched(tx, e.pcpu, tx.now);
      }
      return;
    default: {
      const never: never = e;
      return never;
    }
  }
}
