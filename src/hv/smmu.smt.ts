// Symbolic device DMA (smmu.ts): a transfer of the device's owner, translated through the
// SMMU context bound to its stream (the context VM's stage-2), bypassing it, or raw without
// an SMMU. Its effect on the encoded state is the stores it makes: into the observed page
// and into device registers.

import { backedMemory, mmioDevice, store } from './memory.smt.js';
import { accessGuard } from './stage2.smt.js';
import { and, bv, bvadd, eq, FALSE, implies, int, ite, le, not, or, PAGE, pageBase, range, RUNNING, select, sumExceeds, TRUE, ule, ult, type Ctx, type SymState, type Term } from './state.smt.js';

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
  const owner = select(e.device, s.owner, int(-1));
  const ownerRunning = or(...range(L.vms).map((v) => and(eq(owner, int(v)), eq(s.status[v]!, RUNNING))));
  const can = or(...devs.map((d, i) => (d.dma ? eq(e.device, int(i)) : FALSE)));
  const short = or(...devs.map((d, i) => and(eq(e.device, int(i)), d.dmaMaxBytes >= 1n << 64n ? TRUE : ule(e.length, bv(d.dmaMaxBytes)))));
  const checks = and(when, le(int(0), owner), ownerRunning, can, not(eq(e.length, bv(0n))), short, not(sumExceeds(e.addr, e.length)));
  // The stream's context VM, -1 for none (also for a stream index the device lacks).
  const ctxVm = select(
    e.device,
    devs.map((d) => select(e.stream, d.streamIds.map((sid) => s.ctx[L.streams.indexOf(sid)]!), int(-1))),
    int(-1),
  );
  const smmu = sc.soc.smmu.present;
  const translated = smmu ? le(int(0), ctxVm) : FALSE;
  const raw = smmu ? (sc.soc.smmu.unmatchedStreams === 'bypass' ? not(le(int(0), ctxVm)) : FALSE) : TRUE;
  const dir = e.write;
  // Which stores happened is read off the oracle: a page of the transfer landing on the
  // observed page, or in a device's registers. `moved`: no page faulted.
  const moved = ctx.oracle('dma_moved', 'Bool', owner);
  ctx.guard(implies(moved, and(checks, or(translated, raw))));
  const end = bvadd(e.addr, e.length);
  const hitPoint = (name: string, lands: (pa: Term) => Term): { hit: Term; pa: Term } => {
    const hit = ctx.oracle(`dma_${name}_hit`, 'Bool', owner);
    const iova = ctx.oracle(`dma_${name}_iova`, 'BV64', owner);
    const pa = ctx.oracle(`dma_${name}_pa`, 'BV64', owner);
    const ofTransfer = or(eq(iova, e.addr), and(eq(pageBase(iova), iova), ult(e.addr, iova), or(eq(end, bv(0n)), ult(iova, end))));
    // A read transfer needs read permission, a write one write permission.
    const perm = or(and(translated, ite(dir, accessGuard(L, s, ctxVm, iova, 'write', TRUE, pa), accessGuard(L, s, ctxVm, iova, 'read', TRUE, pa))), and(raw, eq(pa, iova)));
    ctx.guard(implies(hit, and(moved, dir, ofTransfer, perm, lands(pa))));
    return { hit, pa };
  };
  const ownerGen = select(owner, s.gen, int(0));
  const cell = hitPoint('cell', (pa) => and(eq(mmioDevice(L, pa), int(-1)), backedMemory(L, pa), eq(pageBase(pa), PAGE)));
  let t = store(L, s, cell.hit, cell.pa, e.value, owner, ownerGen);
  for (const d of range(L.devices)) {
    const r = hitPoint(`reg${d}`, (pa) => eq(mmioDevice(L, pa), int(d)));
    t = store(L, t, r.hit, r.pa, e.value, owner, ownerGen);
  }
  return t;
}
