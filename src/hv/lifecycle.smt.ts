// Symbolic VM lifecycle and device reassignment (lifecycle.ts): scrub (epoch bumps and device
// resets), bring-up with the configured table, stop, halt, and reassignment moving MMIO,
// SMMU streams and SPI routes with the device.

import { scrubRange } from './memory.smt.js';
import { clearDynamic, configuredOk } from './stage2.smt.js';
import { add, and, eq, FAILED, FALSE, int, ite, not, range, RUNNING, STOPPED, TRUE, type Ctx, type SymState, type Term } from './state.smt.js';
import { hypervisorKeeps, rawDmaMaster } from './topology.js';

function resetDevice(s: SymState, d: number, when: Term): SymState {
  if (when === FALSE) return s;
  const set = <T extends Term>(xs: readonly T[], v: Term): Term[] => xs.map((x, i) => (i === d ? ite(when, v, x) : x));
  return { ...s, reg: set(s.reg, int(0)), regWriter: set(s.regWriter, int(-1)), regGen: set(s.regGen, int(0)), masked: set(s.masked, FALSE) };
}

/** Zero VM vm's private memory (`times` epoch bumps) and reset the devices it owns. */
function scrub(ctx: Ctx, s: SymState, vm: number, when: Term, times: Term = int(1), mutable = true): SymState {
  let t = s;
  if (!(mutable && ctx.variant.restartWithoutScrub === true)) {
    for (const r of ctx.L.topo.privateRanges[vm]!) t = scrubRange(ctx.L, t, when, r.pa, r.end, times);
  }
  for (let d = 0; d < ctx.L.devices; d++) t = resetDevice(t, d, and(when, eq(s.owner[d]!, int(vm))));
  return t;
}

/** Start-from-failed scrubs too; the mutant `restartWithoutScrub` only skips restart and stop. */
function scrubOnStart(ctx: Ctx, s: SymState, vm: number, when: Term): SymState {
  return scrub(ctx, s, vm, when, int(1), false);
}

function bringUp(ctx: Ctx, s: SymState, vm: number, when: Term, times: Term = int(1)): SymState {
  if (when === FALSE) return s;
  return {
    ...s,
    status: s.status.map((x, v) => (v === vm ? ite(when, RUNNING, x) : x)),
    gen: s.gen.map((x, v) => (v === vm ? ite(when, add(x, times), x) : x)),
    // The configured table has no dynamic entries: those slots are emptied (and zeroed).
    s2: s.s2.map((slots, v) =>
      v !== vm ? slots : slots.map((x, i) => (ctx.L.slots[vm]![i]!.key.kind === 'dynamic' ? clearDynamic(x, when) : { ...x, ok: ite(when, configuredOk(ctx.L, s, vm, i), x.ok) })),
    ),
  };
}

export function restartVm(ctx: Ctx, s: SymState, vm: number, when: Term, times: Term = int(1)): SymState {
  return bringUp(ctx, scrub(ctx, s, vm, when, times), vm, when, times);
}

export function startVm(ctx: Ctx, s: SymState, vm: number, when: Term): SymState {
  const go = and(when, not(eq(s.status[vm]!, RUNNING)));
  return bringUp(ctx, scrubOnStart(ctx, s, vm, and(go, eq(s.status[vm]!, FAILED))), vm, go);
}

export function stopVm(ctx: Ctx, s: SymState, vm: number, when: Term): SymState {
  const go = and(when, not(eq(s.status[vm]!, STOPPED)));
  const t = scrub(ctx, s, vm, go);
  return { ...t, status: t.status.map((x, v) => (v === vm ? ite(go, STOPPED, x) : x)) };
}

export function haltFailed(s: SymState, vm: number, when: Term): SymState {
  return { ...s, status: s.status.map((x, v) => (v === vm ? ite(when, FAILED, x) : x)) };
}

/** Device d0 changes hands to VM `to` (a term), when `when` holds. */
function reassignOne(ctx: Ctx, s: SymState, d0: number, to: Term, when: Term): SymState {
  const { L } = ctx;
  const sc = L.topo.scenario;
  const dev = sc.soc.devices[d0]!;
  let t = resetDevice(s, d0, when);
  t = { ...t, owner: t.owner.map((x, d) => (d === d0 ? ite(when, to, x) : x)) };
  t = {
    ...t,
    s2: t.s2.map((slots, v) =>
      slots.map((x, i) => {
        const k = L.slots[v]![i]!.key;
        return k.kind === 'device' && k.device === d0 ? { ...x, ok: ite(when, eq(to, int(v)), x.ok) } : x;
      }),
    ),
  };
  if (ctx.variant.reassignKeepsSmmuContext !== true) {
    t = { ...t, ctx: t.ctx.map((x, k) => (dev.streamIds.includes(L.streams[k]!) ? ite(when, to, x) : x)) };
  }
  if (ctx.variant.reassignKeepsIrqRoute !== true) {
    t = {
      ...t,
      route: t.route.map((vs, l) => {
        const spi = L.spis[l]!;
        if (!dev.irqs.includes(spi)) return vs;
        return vs.map((cs, v) => {
          const vcpu = sc.vms[v]!.irqs.find((r) => r.spi === spi)?.vcpu ?? 0;
          return cs.map((x, ci) => ite(when, and(eq(to, int(v)), L.routeVcpus[v]![ci] === vcpu ? TRUE : FALSE), x));
        });
      }),
    };
  }
  return t;
}

export function reassign(ctx: Ctx, s: SymState, device: Term, to: Term, when: Term): SymState {
  let t = s;
  // A device the hypervisor keeps, or a DMA master nothing confines, is refused (lifecycle.ts):
  // its reassignment changes nothing.
  const sc = ctx.L.topo.scenario;
  for (const d of range(ctx.L.devices)) if (!hypervisorKeeps(sc, d) && !rawDmaMaster(sc, d)) t = reassignOne(ctx, t, d, to, and(when, eq(device, int(d))));
  return t;
}


