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
        const s = tx.vm(vm);
        tx.setVm(vm, { ...s, lastKick: tx.now, hungSince: s.hungSince >= 0 ? tx.now : -1 });
      }
      return;
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** The earliest watchdog deadline among running VMs, and whose. */
export function nextWatchdog(tx: Tx): { at: number; vm: number } | undefined {
  let best: { at: number; vm: number } | undefined;
  const vms = tx.topo.scenario.vms;
  for (let v = 0; v < vms.length; v++) {
    const period = vms[v]!.health.watchdogNs;
    const s = tx.vm(v);
    if (period === undefined || s.status !== 'running') continue;
    const at = s.lastKick + period;
    if (best === undefined || at < best.at) best = { at, vm: v };
  }
  return best;
}

export function fireWatchdog(tx: Tx, vm: number): void {
  const s = tx.vm(vm);
  const faultAt = s.hungSince >= 0 ? s.hungSince : tx.now;
  tx.emit({ kind: 'fault', vm, vcpu: -1, fault: 'watchdog', at: tx.now });
  onFault(tx, vm, 'watchdog', faultAt);
}
