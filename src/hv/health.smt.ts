// Symbolic health monitor (health.ts): a fault of VM v is acted on per v's policy.

import type { FaultReason } from './observations.js';
import { haltFailed, restartVm, stopVm } from './lifecycle.smt.js';
import { and, eq, FALSE, int, range, type Ctx, type SymState, type Term } from './state.smt.js';

export function onFault(ctx: Ctx, s: SymState, vm: number, reason: FaultReason, when: Term): SymState {
  if (when === FALSE) return s;
  const action = ctx.L.topo.scenario.vms[vm]!.health.onFault;
  switch (action) {
    case 'restart':
      return restartVm(ctx, s, vm, when);
    case 'stop':
      return stopVm(ctx, s, vm, when);
    case 'notify':
      // A missed watchdog only re-arms (timers are not encoded); a crash halts the VM.
      return reason === 'crash' ? haltFailed(s, vm, when) : s;
  }
}

/** onFault for a VM named by a term. */
export function onFaultAt(ctx: Ctx, s: SymState, vm: Term, reason: FaultReason, when: Term): SymState {
  let t = s;
  // The condition is named once per VM: a fault policy (restart, stop) guards every slot,
  // epoch and device of the VM with it, and `vm` may be a large term (an SPI's owner).
  for (const v of range(ctx.L.vms)) t = onFault(ctx, t, v, reason, ctx.def(`fault_${v}`, 'Bool', and(when, eq(vm, int(v)))));
  return t;
}
