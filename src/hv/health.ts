// The health monitor: on a VM's fault it acts per the VM's policy (restart, stop, notify),
// and it fires watchdogs that a VM did not kick in time.

import type { FaultReason } from './observations.js';
import { haltFailed, restartVm, stopVm } from './lifecycle.js';
import type { Tx } from './tx.js';

export function onFault(tx: Tx, vm: number, reason: FaultReason, faultAt: number): void {
  const cfg = tx.topo.scenario.vms[vm]!;
  const action = cfg.health.onFault;
  tx.emit({ kind: 'health', vm, action, reason, faultAt, at: tx.now });
  tx.emit({ kind: 'console', vm, text: `[hv] ${cfg.name}: ${reason} → ${action}` });
  switch (action) {
    case 'restart':
      restartVm(tx, vm);
      return;
    case 'stop':
      stopVm(tx, vm);
      return;
    case 'notify':
      // The VM is left as it is, except that a crashed guest cannot go on running. A missed
      // watchdog is re-armed so it reports once per period; a hang that goes on is, from this
      // notification on, a new occurrence (the old one was acted on now).
      if (reason === 'crash') haltFailed(tx, vm);
      if (reason === 'watchdog') {
        const s = tx.draftVm(vm);
        s.lastKick = tx.now;
        s.hungSince = s.hungSince >= 0 ? tx.now : -1;
      }
      return;
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** The running VM whose watchdog expires first (the lowest index among ties), or -1. */
export function nextWatchdog(tx: Tx): number {
  let best = -1;
  let bestAt = Infinity;
  const vms = tx.topo.scenario.vms;
  for (let v = 0; v < vms.length; v++) {
    const at = watchdogDeadline(tx, v);
    if (at < bestAt) {
      best = v;
      bestAt = at;
    }
  }
  return best;
}

/** When VM vm's watchdog expires, or Infinity (none configured, or the VM is not running). */
export function watchdogDeadline(tx: Tx, vm: number): number {
  const period = tx.topo.scenario.vms[vm]!.health.watchdogNs;
  const s = tx.vm(vm);
  return period === undefined || s.status !== 'running' ? Infinity : s.lastKick + period;
}

export function fireWatchdog(tx: Tx, vm: number): void {
  const s = tx.vm(vm);
  const faultAt = s.hungSince >= 0 ? s.hungSince : tx.now;
  tx.emit({ kind: 'fault', vm, vcpu: -1, fault: 'watchdog', at: tx.now });
  onFault(tx, vm, 'watchdog', faultAt);
}
