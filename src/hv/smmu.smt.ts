// Symbolic device DMA (smmu.ts): a transfer of the device's owner, translated through the
// SMMU context bound to its stream (the context VM's stage-2), bypassing it, or raw without
// an SMMU. Its effect on the encoded state is the stores it makes: into the observed page
// and into device registers.

import { backedMemory, epochAt, mmioDevice, mmioOf } from './memory.smt.js';
import { accessGuard } from './stage2.smt.js';
import { and, bv, bvadd, eq, FALSE, implies, int, ite, le, lt, not, or, PAGE, pageBase, range, RUNNING, select, sumExceeds, TRUE, ule, ult, type Ctx, type SymState, type Term } from './state.smt.js';

export interface DmaEvent {
  readonly device: Term;
  readonly stream: Term;
  readonly addr: Term;
  readonly length: Term;
  /** true: the device writes memory. */
  readonly write: Term;
  readonly value: Term;
}

export function dma(ctx: Ctx, s: SymState, e: DmaEvent, when: Term): SymState {
  const { L } = ctx;
  const sc = L.topo.scenario;
  const devs = sc.soc.devices;
  // Owner, checks and context VM are named: each hit point below reads them, and there is
  // one hit point per device (plus the observed page).
  const owner = ctx.def('dma_owner', 'I32', select(e.device, s.owner, int(-1)));
  const ownerRunning = or(...range(L.vms).map((v) => and(eq(owner, int(v)), eq(s.status[v]!, RUNNING))));
  const can = or(...devs.map((d, i) => (d.dma ? eq(e.device, int(i)) : FALSE)));
  const short = or(...devs.map((d, i) => and(eq(e.device, int(i)), d.dmaMaxBytes >= 1n << 64n ? TRUE : ule(e.length, bv(d.dmaMaxBytes)))));
  // Its own streams only (smmu.ts): 0..n-1, or stream 0 (untagged) for a device with none.
  const ownStream = or(...devs.map((d, i) => and(eq(e.device, int(i)), d.streamIds.length === 0 ? eq(e.stream, int(0)) : and(le(int(0), e.stream), lt(e.stream, int(d.streamIds.length))))));
  const checks = ctx.def('dma_checks', 'Bool', and(when, le(int(0), owner), ownerRunning, can, not(eq(e.length, bv(0n))), short, not(sumExceeds(e.addr, e.length)), ownStream));
  // The stream's context VM, -1 for none (also for a stream index the device lacks).
  const smmu = sc.soc.smmu.present;
  const ctxVm = smmu
    ? ctx.def(
        'dma_ctx',
        'I32',
        select(
          e.device,
          devs.map((d) => select(e.stream, d.streamIds.map((sid) => s.ctx[L.streams.indexOf(sid)]!), int(-1))),
          int(-1),
        ),
      )
    : int(-1);
  const translated = smmu ? ctx.def('dma_translated', 'Bool', le(int(0), ctxVm)) : FALSE;
  const raw = smmu ? (sc.soc.smmu.unmatchedStreams === 'bypass' ? not(translated) : FALSE) : TRUE;
  const dir = e.write;
  // Which stores happened is read off the oracle: a page of the transfer landing on the
  // observed page, or in a device's registers. `moved`: no page faulted.
  const moved = ctx.oracle('dma_moved', 'Bool', owner);
  ctx.guard(implies(moved, and(checks, or(translated, raw))));
  const end = ctx.def('dma_end', 'BV64', bvadd(e.addr, e.length));
  // Which slots can translate into a target: a configured slot maps a constant PA range, so
  // whether it reaches a segment is known here. The lookup of a hit point keeps only slots
  // whose range meets a segment the hit must land in (and dynamic ones): a dropped slot's
  // translation contradicts `lands` in the same guard, so the guard is the same relation,
  // and the solver no longer refutes every slot of every VM for every device.
  const reaches = (segs: (g: (typeof L.segments)[number]) => boolean) => (v: number, i: number): boolean => {
    const f = L.slots[v]![i]!.fixed;
    if (f === undefined) return true;
    const end = f.pa + (f.end - f.ipa);
    return L.segments.some((g) => segs(g) && g.start < end && f.pa < g.end);
  };
  const hitPoint = (name: string, lands: (pa: Term) => Term, keep: (v: number, i: number) => boolean): { hit: Term; pa: Term } => {
    const hit = ctx.oracle(`dma_${name}_hit`, 'Bool', owner);
    const iova = ctx.oracle(`dma_${name}_iova`, 'BV64', owner);
    const pa = ctx.oracle(`dma_${name}_pa`, 'BV64', owner);
    const ofTransfer = or(eq(iova, e.addr), and(eq(pageBase(iova), iova), ult(e.addr, iova), or(eq(end, bv(0n)), ult(iova, end))));
    // A read transfer needs read permission, a write one write permission: one lookup with
    // the direction as a term (the same as choosing between a write and a read lookup). No
    // lookup at all without an SMMU: `translated` is false there.
    const perm = or(translated === FALSE ? FALSE : and(translated, accessGuard(L, s, ctxVm, iova, { write: dir }, TRUE, pa, keep)), and(raw, eq(pa, iova)));
    ctx.guard(implies(hit, and(moved, dir, ofTransfer, perm, lands(pa))));
    return { hit, pa };
  };
  const ownerGen = ctx.def('dma_owner_gen', 'I32', select(owner, s.gen, int(0)));
  // The stores, given the guards: a hit lands where its guard says (the observed page, or
  // device d's MMIO), so `store`'s own target lookup would find exactly that target; the
  // effect is written directly, without a lookup over every segment per hit point (which
  // made a DMA step quadratic in devices × segments).
  const cell = hitPoint('cell', (pa) => and(eq(mmioDevice(L, pa), int(-1)), backedMemory(L, pa), eq(pageBase(pa), PAGE)), reaches((g) => g.device < 0));
  const ep = epochAt(L, s, cell.pa);
  let t: SymState = {
    ...s,
    cell: {
      value: ite(cell.hit, e.value, s.cell.value),
      writer: ite(cell.hit, owner, s.cell.writer),
      gen: ite(cell.hit, ownerGen, s.cell.gen),
      epoch: ite(cell.hit, ep, s.cell.epoch),
    },
  };
  const regHits = range(L.devices).map((d) => hitPoint(`reg${d}`, (pa) => mmioOf(L, pa, d), reaches((g) => g.device === d)).hit);
  t = {
    ...t,
    reg: t.reg.map((r, d) => ite(regHits[d]!, e.value, r)),
    regWriter: t.regWriter.map((r, d) => ite(regHits[d]!, owner, r)),
    regGen: t.regGen.map((r, d) => ite(regHits[d]!, ownerGen, r)),
  };
  return t;
}
