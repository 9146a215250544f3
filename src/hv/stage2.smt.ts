// Symbolic stage-2 (stage2.ts): lookup as a guarded choice, the map and unmap hypercalls'
// rules and effects, and the configured table a VM gets back on (re)start.

import type { Perms } from '../config/types.js';
import {
  and,
  bv,
  bvadd,
  bvsub,
  eq,
  FALSE,
  int,
  implies,
  ite,
  not,
  or,
  range,
  sumExceeds,
  TRUE,
  ule,
  ult,
  type Ctx,
  type Layout,
  type SlotSym,
  type SymState,
  type Term,
} from './state.smt.js';

/** x < end, where end = 0 stands for 2^64. */
export function belowEnd(x: Term, end: Term): Term {
  return or(eq(end, '#x0000000000000000'), ult(x, end));
}

/** Entries never pass 2^64 (well-formedness), so ipa ∈ [slot.ipa, slot.ipa + size) is one unsigned comparison. */
export function contains(slot: SlotSym, ipa: Term): Term {
  return and(slot.ok, ult(bvsub(ipa, slot.ipa), slot.size));
}

/** An access kind; `{ write }` is a direction decided by a term (true: write). */
export type AccessOp = 'read' | 'write' | { readonly write: Term };

export function permits(slot: SlotSym, op: AccessOp): Term {
  return op === 'read' ? slot.r : op === 'write' ? slot.w : ite(op.write, slot.w, slot.r);
}

/**
 * A guest access by VM `vm` at `ipa`: `ok` says it translated (else a stage-2 fault), `pa`
 * where to. Entries of one VM do not overlap in a well-configured system; where they do,
 * any containing entry may be the one the lookup picks (the concrete lookup's choice is
 * one of them).
 */
export function accessGuard(L: Layout, s: SymState, vm: Term, ipa: Term, op: AccessOp, ok: Term, pa: Term, keep?: (v: number, i: number) => boolean): Term {
  if (keep !== undefined && ok !== TRUE) throw new Error('a slot filter only applies to a translation that succeeded');
  const hits: Term[] = [];
  const good: Term[] = [];
  const bad: Term[] = [];
  range(L.vms).forEach((v) =>
    s.s2[v]!.forEach((slot, i) => {
      // `keep` drops slots the caller knows cannot be the one (ok = TRUE: only `good` matters).
      if (keep !== undefined && !keep(v, i)) return;
      const c = and(eq(vm, int(v)), contains(slot, ipa));
      if (c === FALSE) return;
      hits.push(c);
      good.push(and(c, permits(slot, op), eq(pa, bvadd(slot.pa, bvsub(ipa, slot.ipa)))));
      bad.push(and(c, not(permits(slot, op))));
    }),
  );
  return ite(ok, or(...good), or(not(or(...hits)), ...bad));
}

/** Present bits of VM vm's configured table (lifecycle.ts configuredTable), given current device owners. */
export function configuredOk(L: Layout, s: SymState, vm: number, slot: number): Term {
  const k = L.slots[vm]![slot]!.key;
  switch (k.kind) {
    case 'memory':
    case 'channel':
      return TRUE;
    case 'dynamic':
      return FALSE;
    case 'device': {
      const topo = L.topo;
      const dev = topo.scenario.soc.devices[k.device]!;
      const declared = topo.scenario.vms[vm]!.devices.some((p) => p.device === dev.name);
      const own = s.owner[k.device]!;
      return or(eq(own, int(vm)), declared ? eq(own, int(topo.initialOwner[k.device]!)) : FALSE);
    }
  }
}

const PAGE_MASK = '#x0000000000000fff';
const aligned = (x: Term): Term => eq(`(bvand ${x} ${PAGE_MASK})`, '#x0000000000000000');
const z65 = (x: Term): Term => `((_ zero_extend 1) ${x})`;
const lit65 = (n: bigint): Term => `(_ bv${n} 65)`;

function within(p: { r: Term; w: Term; x: Term }, q: Perms): Term {
  return and(q.r ? TRUE : not(p.r), q.w ? TRUE : not(p.w), q.x ? TRUE : not(p.x));
}

export interface MapEvent {
  readonly vm: Term;
  readonly ipa: Term;
  readonly pa: Term;
  readonly size: Term;
  readonly r: Term;
  readonly w: Term;
  readonly x: Term;
}

/** The map hypercall once it passed the hypercall checks (`go`): checkMap and the new entry. */
export function hvcMap(ctx: Ctx, s: SymState, e: MapEvent, go: Term): SymState {
  const { L } = ctx;
  const sc = L.topo.scenario;
  const shapeOk = ctx.def('map_shape', 'Bool', and(not(eq(e.size, '#x0000000000000000')), aligned(e.ipa), aligned(e.pa), aligned(e.size), not(sumExceeds(e.ipa, e.size)), not(sumExceeds(e.pa, e.size))));
  // Per VM: the first configured memory mapping holding [pa, pa+size), and the rule.
  const perVm = range(L.vms).map((v) => {
    const mem = sc.vms[v]!.memory;
    const inside = mem.map((m) => and(ule(bv(m.pa), e.pa), `(bvule (bvadd ${z65(e.pa)} ${z65(e.size)}) ${lit65(m.pa + m.size)})`));
    let from: Term = int(-1);
    for (let i = mem.length - 1; i >= 0; i--) from = ite(inside[i]!, int(i), from);
    let widening: Term = FALSE;
    for (let i = mem.length - 1; i >= 0; i--) widening = ite(inside[i]!, not(within(e, mem[i]!.perms)), widening);
    const outside = not(or(...inside));
    const overlaps = or(...s.s2[v]!.map((slot) => and(slot.ok, or(ult(bvsub(e.ipa, slot.ipa), slot.size), ult(bvsub(slot.ipa, e.ipa), e.size)))));
    const checked = and(not(outside), not(widening), not(overlaps));
    const unchecked = ctx.variant.mapWithoutOwnershipCheck === true ? or(outside, widening) : FALSE;
    return { from: ctx.def(`map_from_${v}`, 'I32', ite(unchecked, int(0), from)), success: ctx.def(`map_ok_${v}`, 'Bool', and(shapeOk, or(checked, unchecked))) };
  });
  const success = ctx.def('map_success', 'Bool', and(go, or(...range(L.vms).map((v) => and(eq(e.vm, int(v)), perVm[v]!.success)))));
  // The new entry takes a free dynamic slot; with none free the step is outside the bound.
  const slot = ctx.oracle('map_slot', 'I32', e.vm);
  ctx.guard(implies(success, or(...range(L.vms).map((v) => and(eq(e.vm, int(v)), freeDynamic(L, s, v, slot))))));
  return {
    ...s,
    s2: s.s2.map((slots, v) =>
      slots.map((x, i) => {
        const k = L.slots[v]![i]!.key;
        if (k.kind !== 'dynamic') return x;
        const put = ctx.def(`map_put_${v}_${k.index}`, 'Bool', and(success, eq(e.vm, int(v)), eq(slot, int(k.index))));
        return { ok: ite(put, TRUE, x.ok), ipa: ite(put, e.ipa, x.ipa), size: ite(put, e.size, x.size), pa: ite(put, e.pa, x.pa), r: ite(put, e.r, x.r), w: ite(put, e.w, x.w), x: ite(put, e.x, x.x), from: ite(put, perVm[v]!.from, x.from) };
      }),
    ),
  };
}

/**
 * A dynamic slot emptied when `when` holds. Its fields are zeroed, not left behind: an absent
 * dynamic slot is canonical (well-formedness says so, and the projection of a concrete state
 * writes it that way), so two states that agree on a VM's table agree field by field, and
 * an unwinding query can equate them outright instead of under the present bit (which left
 * the solver to prove two copies of the same circuit equivalent: hvc-map's step
 * consistency timed out).
 */
export function clearDynamic(x: SlotSym, when: Term): SlotSym {
  if (when === FALSE) return x;
  const z = '#x0000000000000000';
  return { ok: ite(when, FALSE, x.ok), ipa: ite(when, z, x.ipa), size: ite(when, z, x.size), pa: ite(when, z, x.pa), r: ite(when, FALSE, x.r), w: ite(when, FALSE, x.w), x: ite(when, FALSE, x.x), from: ite(when, int(0), x.from) };
}

function freeDynamic(L: Layout, s: SymState, v: number, slot: Term): Term {
  return or(...L.slots[v]!.flatMap((sl, i) => (sl.key.kind === 'dynamic' ? [and(eq(slot, int(sl.key.index)), not(s.s2[v]![i]!.ok))] : [])));
}

/** The unmap hypercall once it passed the hypercall checks: removes one whole memory or dynamic entry. */
export function hvcUnmap(ctx: Ctx, s: SymState, vm: Term, ipa: Term, size: Term, go: Term): SymState {
  const { L } = ctx;
  const slot = ctx.oracle('unmap_slot', 'I32', vm);
  const matches = (v: number, i: number): Term => {
    const k = L.slots[v]![i]!.key;
    if (k.kind !== 'memory' && k.kind !== 'dynamic') return FALSE;
    const x = s.s2[v]![i]!;
    return and(x.ok, eq(x.ipa, ipa), eq(x.size, size));
  };
  const any = or(...range(L.vms).map((v) => and(eq(vm, int(v)), or(...L.slots[v]!.map((_, i) => matches(v, i))))));
  // With several matching entries (overlaps in an unsafe configuration) any one may go.
  ctx.guard(implies(and(go, any), or(...range(L.vms).map((v) => and(eq(vm, int(v)), or(...L.slots[v]!.map((_, i) => and(eq(slot, int(i)), matches(v, i)))))))));
  return {
    ...s,
    s2: s.s2.map((slots, v) =>
      slots.map((x, i) => {
        if (matches(v, i) === FALSE) return x;
        const gone = and(go, any, eq(vm, int(v)), eq(slot, int(i)));
        return L.slots[v]![i]!.key.kind === 'dynamic' ? clearDynamic(x, gone) : { ...x, ok: ite(gone, FALSE, x.ok) };
      }),
    ),
  };
}
