// Symbolic physical memory (memory.ts): what a PA resolves to, the scrub epoch of its
// segment, and a store's effect on the observed page and on device registers.

import { add, and, bv, eq, FALSE, int, inRange, ite, or, PAGE, pageBase, type Ctx, type Layout, type SymState, type Term } from './state.smt.js';

function inSeg(L: Layout, pa: Term, i: number): Term {
  const s = L.segments[i]!;
  return inRange(pa, bv(s.start), bv(s.end % (1n << 64n)));
}

/** The device whose MMIO `pa` is (as an Int term, -1 for none). */
export function mmioDevice(L: Layout, pa: Term): Term {
  let t: Term = int(-1);
  for (let i = L.segments.length - 1; i >= 0; i--) if (L.segments[i]!.device >= 0) t = ite(inSeg(L, pa, i), int(L.segments[i]!.device), t);
  return t;
}

/**
 * `pa` is MMIO of device d. Equal to `mmioDevice(L, pa) = d` because segments are disjoint
 * (topology cuts the address space at every boundary), but only d's segments are written
 * out: the lookup over every segment, asked once per device, was quadratic.
 */
export function mmioOf(L: Layout, pa: Term, d: number): Term {
  return or(...L.segments.flatMap((s, i) => (s.device === d ? [inSeg(L, pa, i)] : [])));
}

/** A store to `pa` goes to memory: pa lies in a declared segment that is not MMIO. */
export function backedMemory(L: Layout, pa: Term): Term {
  return or(...L.segments.flatMap((s, i) => (s.device < 0 ? [inSeg(L, pa, i)] : [])));
}

/** The scrub epoch of the segment holding `pa` (0 where no scrub reaches). */
export function epochAt(L: Layout, s: SymState, pa: Term): Term {
  let t: Term = int(0);
  for (let i = L.segments.length - 1; i >= 0; i--) {
    const g = L.segments[i]!.epoch;
    if (g >= 0) t = ite(inSeg(L, pa, i), s.epoch[g]!, t);
  }
  return t;
}

/** Is the observed page's cell current (written in its segment's present epoch)? */
export function live(L: Layout, s: SymState): Term {
  return eq(s.cell.epoch, epochAt(L, s, PAGE));
}

/** Store `value` at `pa` on behalf of `writer` (whose generation is `writerGen`), when `when` holds. */
export function store(ctx: Ctx, s: SymState, when: Term, pa: Term, value: Term, writer: Term, writerGen: Term): SymState {
  if (when === FALSE) return s;
  const L = ctx.L;
  // Named: the device lookup is an ite over every segment, read by three fields per device.
  const dev = ctx.def('store_dev', 'I32', mmioDevice(L, pa));
  const toCell = and(when, eq(dev, int(-1)), backedMemory(L, pa), eq(pageBase(pa), PAGE));
  const ep = epochAt(L, s, pa);
  return {
    ...s,
    reg: s.reg.map((r, d) => ite(and(when, eq(dev, int(d))), value, r)),
    regWriter: s.regWriter.map((r, d) => ite(and(when, eq(dev, int(d))), writer, r)),
    regGen: s.regGen.map((r, d) => ite(and(when, eq(dev, int(d))), writerGen, r)),
    cell: {
      value: ite(toCell, value, s.cell.value),
      writer: ite(toCell, writer, s.cell.writer),
      gen: ite(toCell, writerGen, s.cell.gen),
      epoch: ite(toCell, ep, s.cell.epoch),
    },
  };
}

/** Bump the epoch of every segment wholly inside [pa, end) (scrubRange), when `when` holds. */
export function scrubRange(L: Layout, s: SymState, when: Term, pa: bigint, end: bigint, times: Term = int(1)): SymState {
  if (when === FALSE) return s;
  const hit = new Set<number>();
  L.segments.forEach((g) => {
    if (g.epoch >= 0 && g.start >= pa && g.end <= end) hit.add(g.epoch);
  });
  return { ...s, epoch: s.epoch.map((e, g) => (hit.has(g) ? ite(when, add(e, times), e) : e)) };
}

