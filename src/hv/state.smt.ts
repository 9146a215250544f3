// The symbolic counterpart of `State`, restricted to what the isolation invariants talk
// about: VM status and generation, stage-2 tables, device ownership and registers, the
// SMMU stream table, SPI routes, scrub epochs and one observed memory cell. The other
// modules' `*.smt.ts` encode each transition over it; `src/smt/transitions.ts` states the
// invariants and builds the queries.
//
// The layout is derived from the scenario: what the configuration fixes (the configured
// memory, channel and device entries of each VM, the stream IDs, the SPIs, the physical
// segments) becomes a fixed slot or a constant, and only what events change is symbolic.
// Every stage-2 entry the model can create has a slot of its own, keyed by its origin:
// configured memory i, channel endpoint (c, e), device range (d, r) — with constant
// contents and a symbolic present bit — plus K dynamic slots for `hvc-map` entries, fully
// symbolic. K is the bound. Memory is one cell at a symbolic page P: a property of every
// page is a property of an arbitrary one.
//
// Terms are SMT-LIB2 text. Indices (VMs, devices, generations, epochs, values) are Int;
// addresses are (_ BitVec 64).

import type { State } from './state.js';
import type { Stage2Entry, Topology } from './topology.js';

export type Term = string;
export type Sort = 'I32' | 'Bool' | 'BV64';

const SORT_TEXT: Record<Sort, string> = { I32: '(_ BitVec 32)', Bool: 'Bool', BV64: '(_ BitVec 64)' };

// ---------------------------------------------------------------- terms

export const TRUE: Term = 'true';
export const FALSE: Term = 'false';

export function and(...xs: Term[]): Term {
  const ys = xs.filter((x) => x !== TRUE);
  if (ys.includes(FALSE)) return FALSE;
  return ys.length === 0 ? TRUE : ys.length === 1 ? ys[0]! : `(and ${ys.join(' ')})`;
}
export function or(...xs: Term[]): Term {
  const ys = xs.filter((x) => x !== FALSE);
  if (ys.includes(TRUE)) return TRUE;
  return ys.length === 0 ? FALSE : ys.length === 1 ? ys[0]! : `(or ${ys.join(' ')})`;
}
export function not(x: Term): Term {
  return x === TRUE ? FALSE : x === FALSE ? TRUE : `(not ${x})`;
}
export function implies(a: Term, b: Term): Term {
  if (a === FALSE || b === TRUE) return TRUE;
  if (a === TRUE) return b;
  return `(=> ${a} ${b})`;
}
export function ite(c: Term, a: Term, b: Term): Term {
  if (c === TRUE || a === b) return a;
  if (c === FALSE) return b;
  return `(ite ${c} ${a} ${b})`;
}
export function eq(a: Term, b: Term): Term {
  return a === b ? TRUE : `(= ${a} ${b})`;
}
const I32_LIMIT = 1n << 32n;
export function int(n: number | bigint): Term {
  const b = BigInt(n);
  if (b < -(1n << 31n) || b >= I32_LIMIT) throw new RangeError(`${n} does not fit 32 bits`);
  return `(_ bv${(b + I32_LIMIT) % I32_LIMIT} 32)`;
}
export function fitsI32(n: number): boolean {
  return Number.isSafeInteger(n) && n >= -(2 ** 31) && n < 2 ** 32;
}
export function bool(b: boolean): Term {
  return b ? TRUE : FALSE;
}
const BV_LIMIT = 1n << 64n;
export function bv(n: bigint): Term {
  if (n < 0n || n >= BV_LIMIT) throw new RangeError(`${n} does not fit 64 bits`);
  return `#x${n.toString(16).padStart(16, '0')}`;
}
export function fitsBv(n: bigint): boolean {
  return n >= 0n && n < BV_LIMIT;
}
export const ule = (a: Term, b: Term): Term => `(bvule ${a} ${b})`;
export const ult = (a: Term, b: Term): Term => `(bvult ${a} ${b})`;
export const bvadd = (a: Term, b: Term): Term => `(bvadd ${a} ${b})`;
export const bvsub = (a: Term, b: Term): Term => `(bvsub ${a} ${b})`;
export const bvand = (a: Term, b: Term): Term => `(bvand ${a} ${b})`;
export const add = (a: Term, b: Term): Term => `(bvadd ${a} ${b})`;
/** Signed comparisons of I32 terms. */
export const le = (a: Term, b: Term): Term => `(bvsle ${a} ${b})`;
export const lt = (a: Term, b: Term): Term => `(bvslt ${a} ${b})`;
/** a + b passes 2^64 (ending exactly at 2^64 is allowed, as in the model). */
export function sumExceeds(a: Term, b: Term): Term {
  return `(bvugt (bvadd ((_ zero_extend 1) ${a}) ((_ zero_extend 1) ${b})) (_ bv18446744073709551616 65))`;
}
/** x lies in [lo, hi), where hi = 0 stands for 2^64. */
export function inRange(x: Term, lo: Term, hi: Term): Term {
  return and(ule(lo, x), or(ult(x, hi), eq(hi, bv(0n))));
}
/** Page base of a PA. */
export function pageBase(x: Term): Term {
  return bvand(x, bv(~0xfffn & (BV_LIMIT - 1n)));
}
/** A (small) index term is one of 0..n-1: the ite over cases, with `otherwise`. */
export function select(index: Term, cases: readonly Term[], otherwise: Term): Term {
  let t = otherwise;
  for (let i = cases.length - 1; i >= 0; i--) t = ite(eq(index, int(i)), cases[i]!, t);
  return t;
}
/** Is the index term one of 0..n-1 for which `pred(i)` holds? */
export function anyIndex(index: Term, n: number, pred: (i: number) => Term): Term {
  return or(...Array.from({ length: n }, (_, i) => and(eq(index, int(i)), pred(i))));
}

// ---------------------------------------------------------------- query text

/** Accumulates declarations and assertions; names are unique and deterministic. */
export class Smt {
  private readonly lines: string[] = [];
  private readonly names = new Set<string>();
  /** Every declared constant, in order: the witness of a SAT answer. */
  readonly declared: { readonly name: string; readonly sort: Sort }[] = [];
  private fresh = 0;

  declare(name: string, sort: Sort): Term {
    if (this.names.has(name)) throw new Error(`${name} declared twice`);
    this.names.add(name);
    this.declared.push({ name, sort });
    this.lines.push(`(declare-const ${name} ${SORT_TEXT[sort]})`);
    return name;
  }
  /** A constant equal to `t` (keeps terms small when states are composed). */
  define(prefix: string, sort: Sort, t: Term): Term {
    if (t === TRUE || t === FALSE || /^(#x[0-9a-f]+|\(_ bv\d+ 32\))$/.test(t)) return t;
    const name = this.unique(prefix);
    this.declare(name, sort);
    this.assert(eq(name, t));
    return name;
  }
  unique(prefix: string): string {
    let name = prefix;
    while (this.names.has(name)) name = `${prefix}!${this.fresh++}`;
    return name;
  }
  assert(t: Term): void {
    if (t !== TRUE) this.lines.push(`(assert ${t})`);
  }
  comment(text: string): void {
    this.lines.push(`; ${text.replace(/\n/g, ' ')}`);
  }
  has(name: string): boolean {
    return this.names.has(name);
  }
  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

// ---------------------------------------------------------------- layout

export type SlotKey =
  | { readonly kind: 'memory'; readonly index: number }
  | { readonly kind: 'channel'; readonly channel: number; readonly endpoint: number }
  | { readonly kind: 'device'; readonly device: number; readonly range: number }
  | { readonly kind: 'dynamic'; readonly index: number };

export interface SlotLayout {
  readonly key: SlotKey;
  /** The entry a fixed slot holds when present (every slot but dynamic ones). */
  readonly fixed?: Stage2Entry;
}

export interface SegmentLayout {
  readonly start: bigint;
  readonly end: bigint;
  /** Device whose MMIO this is, or -1 (RAM, hypervisor memory, other backed memory). */
  readonly device: number;
  /** Index into the epoch vector, or -1 for segments no scrub can reach (epoch stays 0). */
  readonly epoch: number;
}

export interface Layout {
  readonly topo: Topology;
  /** Dynamic (hvc-map) slots per VM: the bound. */
  readonly dynamic: number;
  readonly vms: number;
  readonly devices: number;
  readonly slots: readonly (readonly SlotLayout[])[];
  /** Stream IDs some device declares, sorted. */
  readonly streams: readonly number[];
  /** SPIs a device asserts or a VM routes, sorted (the others have no route and no source). */
  readonly spis: readonly number[];
  /** Per VM, the vCPU indices a route can name. */
  readonly routeVcpus: readonly (readonly number[])[];
  readonly segments: readonly SegmentLayout[];
  /** Segment index (into topo.segments) of each epoch slot. */
  readonly epochSegments: readonly number[];
}

export function buildLayout(topo: Topology, dynamic: number): Layout {
  const sc = topo.scenario;
  const slots = sc.vms.map((vm, v) => {
    const out: SlotLayout[] = [];
    for (const e of topo.configuredStage2[v]!) {
      const o = e.origin;
      if (o.kind === 'memory') out.push({ key: { kind: 'memory', index: o.index }, fixed: e });
      else if (o.kind === 'channel') out.push({ key: { kind: 'channel', channel: o.channel, endpoint: o.endpoint }, fixed: e });
    }
    // Any device can be reassigned to any VM: every VM has a slot for every device range.
    sc.soc.devices.forEach((dev, d) =>
      dev.mmio.forEach((_, r) => {
        const ipa = topo.deviceIpa[v]!.get(d)?.[r] ?? dev.mmio[r]!.base;
        const size = dev.mmio[r]!.size;
        out.push({
          key: { kind: 'device', device: d, range: r },
          fixed: { ipa, end: ipa + size, pa: dev.mmio[r]!.base, perms: { r: true, w: true, x: false }, origin: { kind: 'device', device: d, range: r } },
        });
      }),
    );
    for (let k = 0; k < dynamic; k++) out.push({ key: { kind: 'dynamic', index: k } });
    void vm;
    return out;
  });
  const streams = [...new Set(sc.soc.devices.flatMap((d) => d.streamIds))].sort((a, b) => a - b);
  const spis = [
    ...new Set([...sc.soc.devices.flatMap((d) => d.irqs), ...sc.vms.flatMap((v) => v.irqs.map((r) => r.spi)).filter((s) => s < topo.spiLimit)]),
  ].sort((a, b) => a - b);
  const routeVcpus = sc.vms.map((vm) =>
    [...new Set([...vm.vcpus.map((_, i) => i), ...vm.irqs.map((r) => r.vcpu), 0])].sort((a, b) => a - b),
  );
  const epochSegments: number[] = [];
  const segments = topo.segments.map((s, i) => {
    const scrubbed = topo.privateRanges.some((rs) => rs.some((r) => s.start >= r.pa && s.end <= r.end));
    if (scrubbed) epochSegments.push(i);
    return { start: s.start, end: s.end, device: s.device, epoch: scrubbed ? epochSegments.length - 1 : -1 };
  });
  return { topo, dynamic, vms: sc.vms.length, devices: sc.soc.devices.length, slots, streams, spis, routeVcpus, segments, epochSegments };
}

/** Where a concrete stage-2 entry lives in the layout (dynamic entries: -1, placed by the caller). */
export function slotOf(layout: Layout, vm: number, e: Stage2Entry): number {
  const o = e.origin;
  if (o.kind === 'dynamic') return -1;
  return layout.slots[vm]!.findIndex((s) => {
    const k = s.key;
    switch (o.kind) {
      case 'memory':
        return k.kind === 'memory' && k.index === o.index;
      case 'channel':
        return k.kind === 'channel' && k.channel === o.channel && k.endpoint === o.endpoint;
      case 'device':
        return k.kind === 'device' && k.device === o.device && k.range === o.range;
    }
  });
}

// ---------------------------------------------------------------- symbolic state

export interface SlotSym {
  readonly ok: Term;
  readonly ipa: Term;
  /** end - ipa: a size, so containment and PA ends need no subtraction of symbolic ends. */
  readonly size: Term;
  readonly pa: Term;
  readonly r: Term;
  readonly w: Term;
  readonly x: Term;
  /** Dynamic entries: index of the configured memory mapping they came from. */
  readonly from: Term;
}

export interface CellSym {
  readonly value: Term;
  readonly writer: Term;
  /** Ghost: the writer's generation at the time of the write (not in the concrete State). */
  readonly gen: Term;
  /** Epoch of the segment when written; -1 for a page never written. */
  readonly epoch: Term;
}

export interface SymState {
  /** 0 running, 1 stopped, 2 failed. */
  readonly status: readonly Term[];
  readonly gen: readonly Term[];
  readonly s2: readonly (readonly SlotSym[])[];
  readonly owner: readonly Term[];
  readonly reg: readonly Term[];
  readonly regWriter: readonly Term[];
  /** Ghost: generation of regWriter when it wrote. */
  readonly regGen: readonly Term[];
  readonly masked: readonly Term[];
  /** Per layout stream: context VM, -1 for none. */
  readonly ctx: readonly Term[];
  /** [spi][vm][vcpu index in routeVcpus] → routed there. */
  readonly route: readonly (readonly (readonly Term[])[])[];
  readonly epoch: readonly Term[];
  readonly cell: CellSym;
}

export const RUNNING = int(0);
export const STOPPED = int(1);
export const FAILED = int(2);
export const STATUS_CODE = { running: 0, stopped: 1, failed: 2 } as const;

/** The observed page (page-aligned PA), shared by every state of a query. */
export const PAGE = 'P';

export function declarePage(b: Smt): Term {
  b.declare(PAGE, 'BV64');
  b.assert(eq(`(bvand ${PAGE} #x0000000000000fff)`, bv(0n)));
  return PAGE;
}

function slotFields(fixed: Stage2Entry | undefined, name: (f: string) => string, mk: (n: string, s: Sort) => Term): SlotSym {
  if (fixed !== undefined) {
    return { ok: mk(name('ok'), 'Bool'), ipa: bv(fixed.ipa), size: bv((fixed.end - fixed.ipa) % BV_LIMIT), pa: bv(fixed.pa), r: bool(fixed.perms.r), w: bool(fixed.perms.w), x: bool(fixed.perms.x), from: int(0) };
  }
  return {
    ok: mk(name('ok'), 'Bool'),
    ipa: mk(name('ipa'), 'BV64'),
    size: mk(name('size'), 'BV64'),
    pa: mk(name('pa'), 'BV64'),
    r: mk(name('r'), 'Bool'),
    w: mk(name('w'), 'Bool'),
    x: mk(name('x'), 'Bool'),
    from: mk(name('from'), 'I32'),
  };
}

/** Fresh constants for a whole state, named `${p}_…`. */
export function declareState(b: Smt, L: Layout, p: string): SymState {
  const d = (n: string, s: Sort): Term => b.declare(n, s);
  return {
    status: range(L.vms).map((v) => d(`${p}_st_${v}`, 'I32')),
    gen: range(L.vms).map((v) => d(`${p}_gen_${v}`, 'I32')),
    s2: L.slots.map((slots, v) => slots.map((s, i) => slotFields(s.fixed, (f) => `${p}_s2_${v}_${i}_${f}`, d))),
    owner: range(L.devices).map((i) => d(`${p}_own_${i}`, 'I32')),
    reg: range(L.devices).map((i) => d(`${p}_reg_${i}`, 'I32')),
    regWriter: range(L.devices).map((i) => d(`${p}_rw_${i}`, 'I32')),
    regGen: range(L.devices).map((i) => d(`${p}_rg_${i}`, 'I32')),
    masked: range(L.devices).map((i) => d(`${p}_mk_${i}`, 'Bool')),
    ctx: L.streams.map((_, k) => d(`${p}_ctx_${k}`, 'I32')),
    route: L.spis.map((_, l) => L.routeVcpus.map((cs, v) => cs.map((_c, ci) => d(`${p}_rt_${l}_${v}_${ci}`, 'Bool')))),
    epoch: L.epochSegments.map((_, g) => d(`${p}_ep_${g}`, 'I32')),
    cell: { value: d(`${p}_cv`, 'I32'), writer: d(`${p}_cw`, 'I32'), gen: d(`${p}_cg`, 'I32'), epoch: d(`${p}_ce`, 'I32') },
  };
}

/** Name every field of a composed state (constants equal to its terms). */
export function materialize(b: Smt, L: Layout, p: string, s: SymState): SymState {
  const f = (n: string, sort: Sort, t: Term): Term => b.define(n, sort, t);
  return {
    status: s.status.map((t, v) => f(`${p}_st_${v}`, 'I32', t)),
    gen: s.gen.map((t, v) => f(`${p}_gen_${v}`, 'I32', t)),
    s2: s.s2.map((slots, v) =>
      slots.map((x, i) => {
        const n = (k: string): string => `${p}_s2_${v}_${i}_${k}`;
        if (L.slots[v]![i]!.fixed !== undefined) return { ...x, ok: f(n('ok'), 'Bool', x.ok) };
        return {
          ok: f(n('ok'), 'Bool', x.ok),
          ipa: f(n('ipa'), 'BV64', x.ipa),
          size: f(n('size'), 'BV64', x.size),
          pa: f(n('pa'), 'BV64', x.pa),
          r: f(n('r'), 'Bool', x.r),
          w: f(n('w'), 'Bool', x.w),
          x: f(n('x'), 'Bool', x.x),
          from: f(n('from'), 'I32', x.from),
        };
      }),
    ),
    owner: s.owner.map((t, i) => f(`${p}_own_${i}`, 'I32', t)),
    reg: s.reg.map((t, i) => f(`${p}_reg_${i}`, 'I32', t)),
    regWriter: s.regWriter.map((t, i) => f(`${p}_rw_${i}`, 'I32', t)),
    regGen: s.regGen.map((t, i) => f(`${p}_rg_${i}`, 'I32', t)),
    masked: s.masked.map((t, i) => f(`${p}_mk_${i}`, 'Bool', t)),
    ctx: s.ctx.map((t, k) => f(`${p}_ctx_${k}`, 'I32', t)),
    route: s.route.map((vs, l) => vs.map((cs, v) => cs.map((t, ci) => f(`${p}_rt_${l}_${v}_${ci}`, 'Bool', t)))),
    epoch: s.epoch.map((t, g) => f(`${p}_ep_${g}`, 'I32', t)),
    cell: {
      value: f(`${p}_cv`, 'I32', s.cell.value),
      writer: f(`${p}_cw`, 'I32', s.cell.writer),
      gen: f(`${p}_cg`, 'I32', s.cell.gen),
      epoch: f(`${p}_ce`, 'I32', s.cell.epoch),
    },
  };
}

/** Pointwise choice between two states. */
export function iteState(c: Term, a: SymState, b: SymState): SymState {
  if (c === TRUE) return a;
  if (c === FALSE) return b;
  const m = <T extends Term>(x: readonly T[], y: readonly T[]): Term[] => x.map((t, i) => ite(c, t, y[i]!));
  return {
    status: m(a.status, b.status),
    gen: m(a.gen, b.gen),
    s2: a.s2.map((slots, v) =>
      slots.map((x, i) => {
        const y = b.s2[v]![i]!;
        return { ok: ite(c, x.ok, y.ok), ipa: ite(c, x.ipa, y.ipa), size: ite(c, x.size, y.size), pa: ite(c, x.pa, y.pa), r: ite(c, x.r, y.r), w: ite(c, x.w, y.w), x: ite(c, x.x, y.x), from: ite(c, x.from, y.from) };
      }),
    ),
    owner: m(a.owner, b.owner),
    reg: m(a.reg, b.reg),
    regWriter: m(a.regWriter, b.regWriter),
    regGen: m(a.regGen, b.regGen),
    masked: m(a.masked, b.masked),
    ctx: m(a.ctx, b.ctx),
    route: a.route.map((vs, l) => vs.map((cs, v) => m(cs, b.route[l]![v]!))),
    epoch: m(a.epoch, b.epoch),
    cell: { value: ite(c, a.cell.value, b.cell.value), writer: ite(c, a.cell.writer, b.cell.writer), gen: ite(c, a.cell.gen, b.cell.gen), epoch: ite(c, a.cell.epoch, b.cell.epoch) },
  };
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A VM-indexed field read at a symbolic VM index. */
export function atVm(xs: readonly Term[], vm: Term, otherwise: Term): Term {
  return select(vm, xs, otherwise);
}

// ---------------------------------------------------------------- concrete ↔ symbolic

/** Concrete values for a symbolic state's constants. Throws OutOfBound when the state does not fit the layout. */
export class OutOfBound extends Error {}

export interface Concrete {
  /** name → SMT literal */
  readonly values: Map<string, Term>;
}

/** The projection of a concrete State onto the layout, as literal terms per field (ghosts from `ghost`). */
export function project(L: Layout, s: State, page: bigint): SymState {
  const topo = L.topo;
  const status = s.vms.map((vm) => int(STATUS_CODE[vm.status]));
  const gen = s.vms.map((vm) => int(vm.generation));
  const s2 = s.vms.map((vm, v) => {
    const out: SlotSym[] = L.slots[v]!.map((sl) =>
      slotFields(sl.fixed, () => '', () => FALSE),
    ).map((x) => ({ ...x, ok: FALSE }));
    let dyn = 0;
    for (const e of vm.stage2) {
      if (!fitsBv(e.ipa) || !fitsBv(e.pa) || e.end > BV_LIMIT) throw new OutOfBound('an entry passes 64 bits');
      const i = slotOf(L, v, e);
      if (i >= 0) {
        const f = L.slots[v]![i]!.fixed!;
        if (f.ipa !== e.ipa || f.end !== e.end || f.pa !== e.pa || f.perms.r !== e.perms.r || f.perms.w !== e.perms.w || f.perms.x !== e.perms.x) {
          throw new Error(`layout drift: VM ${v}'s ${e.origin.kind} entry at IPA ${e.ipa} differs from its configured slot`);
        }
        out[i] = { ...out[i]!, ok: TRUE };
        continue;
      }
      if (i < 0 && e.origin.kind !== 'dynamic') throw new Error(`layout drift: VM ${v} has an entry of origin ${e.origin.kind} with no slot`);
      if (dyn >= L.dynamic) throw new OutOfBound(`more than ${L.dynamic} dynamic mappings in VM ${v}`);
      const j = L.slots[v]!.findIndex((sl) => sl.key.kind === 'dynamic' && sl.key.index === dyn);
      dyn++;
      out[j] = { ok: TRUE, ipa: bv(e.ipa), size: bv((e.end - e.ipa) % BV_LIMIT), pa: bv(e.pa), r: bool(e.perms.r), w: bool(e.perms.w), x: bool(e.perms.x), from: int(e.origin.kind === 'dynamic' ? e.origin.from : 0) };
    }
    // Absent dynamic slots: fields are irrelevant; fix them so the projection is a value.
    return out.map((x, i) => (L.slots[v]![i]!.fixed === undefined && x.ok === FALSE ? { ok: FALSE, ipa: bv(0n), size: bv(0n), pa: bv(0n), r: FALSE, w: FALSE, x: FALSE, from: int(0) } : x));
  });
  const owner = s.devices.map((d) => int(d.owner));
  const ghostGen = (w: number): Term => (w >= 0 && w < s.vms.length ? int(s.vms[w]!.generation) : int(0));
  const cellRaw = s.memory.get(Number(page >> 12n));
  void topo;
  return {
    status,
    gen,
    s2,
    owner,
    reg: s.devices.map((d) => int(d.reg)),
    regWriter: s.devices.map((d) => int(d.regWriter)),
    regGen: s.devices.map((d) => ghostGen(d.regWriter)),
    masked: s.devices.map((d) => bool(d.masked)),
    ctx: L.streams.map((sid) => int(s.streams.get(sid) ?? -1)),
    route: L.spis.map((spi) => L.routeVcpus.map((cs, v) => cs.map((c) => bool((s.routes[spi] ?? []).some((t) => t.vm === v && t.vcpu === c))))),
    epoch: L.epochSegments.map((g) => int(s.epochs[g]!)),
    cell:
      cellRaw === undefined
        ? { value: int(0), writer: int(-1), gen: int(0), epoch: int(-1) }
        : { value: int(cellRaw.value), writer: int(cellRaw.writer), gen: ghostGen(cellRaw.writer), epoch: int(cellRaw.epoch) },
  };
}

/** Routes naming a vCPU the layout has no slot for cannot be projected. */
export function routesFit(L: Layout, s: State): boolean {
  return L.spis.every((spi) => (s.routes[spi] ?? []).every((t) => L.routeVcpus[t.vm]?.includes(t.vcpu) ?? false));
}

export interface FieldPair {
  readonly name: string;
  readonly a: Term;
  readonly b: Term;
}

/**
 * Field-by-field equalities between two states, ghosts excluded. Dynamic slots compare
 * as a multiset: the table is a set of entries, slot order means nothing.
 */
export function stateEquals(L: Layout, a: SymState, b: SymState): { name: string; term: Term }[] {
  const out: { name: string; term: Term }[] = [];
  const push = (name: string, x: Term, y: Term): void => void out.push({ name, term: eq(x, y) });
  range(L.vms).forEach((v) => {
    push(`status of VM ${v}`, a.status[v]!, b.status[v]!);
    push(`generation of VM ${v}`, a.gen[v]!, b.gen[v]!);
    const dyn: number[] = [];
    L.slots[v]!.forEach((sl, i) => {
      if (sl.fixed !== undefined) push(`VM ${v} stage-2 ${keyText(sl.key)}`, a.s2[v]![i]!.ok, b.s2[v]![i]!.ok);
      else dyn.push(i);
    });
    if (dyn.length > 0) {
      const same = (x: SlotSym, y: SlotSym): Term => and(x.ok, y.ok, eq(x.ipa, y.ipa), eq(x.size, y.size), eq(x.pa, y.pa), eq(x.r, y.r), eq(x.w, y.w), eq(x.x, y.x), eq(x.from, y.from));
      const count = (s: SymState): Term => dyn.map((i) => ite(s.s2[v]![i]!.ok, int(1), int(0))).reduce((x, y) => add(x, y), int(0));
      const covered = (s: SymState, t: SymState): Term => and(...dyn.map((i) => implies(s.s2[v]![i]!.ok, or(...dyn.map((j) => same(s.s2[v]![i]!, t.s2[v]![j]!))))));
      out.push({ name: `VM ${v} dynamic stage-2 entries`, term: and(eq(count(a), count(b)), covered(a, b), covered(b, a)) });
    }
  });
  range(L.devices).forEach((d) => {
    push(`owner of device ${d}`, a.owner[d]!, b.owner[d]!);
    push(`register of device ${d}`, a.reg[d]!, b.reg[d]!);
    push(`register writer of device ${d}`, a.regWriter[d]!, b.regWriter[d]!);
    push(`masked flag of device ${d}`, a.masked[d]!, b.masked[d]!);
  });
  L.streams.forEach((sid, k) => push(`context of stream ${sid}`, a.ctx[k]!, b.ctx[k]!));
  L.spis.forEach((spi, l) => L.routeVcpus.forEach((cs, v) => cs.forEach((c, ci) => push(`route SPI ${spi} → VM ${v} vCPU ${c}`, a.route[l]![v]![ci]!, b.route[l]![v]![ci]!))));
  L.epochSegments.forEach((g, i) => push(`epoch of segment ${g}`, a.epoch[i]!, b.epoch[i]!));
  push('value of the observed page', a.cell.value, b.cell.value);
  push('writer of the observed page', a.cell.writer, b.cell.writer);
  push('epoch of the observed page', a.cell.epoch, b.cell.epoch);
  return out;
}

export function keyText(k: SlotKey): string {
  switch (k.kind) {
    case 'memory':
      return `memory #${k.index}`;
    case 'channel':
      return `channel #${k.channel} endpoint #${k.endpoint}`;
    case 'device':
      return `device #${k.device} range #${k.range}`;
    case 'dynamic':
      return `dynamic #${k.index}`;
  }
}

/** Assert that the declared state `sym` holds the concrete values `val` (same layout). */
export function assertValues(b: Smt, sym: SymState, val: SymState): void {
  const pairs: [Term, Term][] = [];
  const zip = (x: readonly Term[], y: readonly Term[]): void => x.forEach((t, i) => pairs.push([t, y[i]!]));
  zip(sym.status, val.status);
  zip(sym.gen, val.gen);
  sym.s2.forEach((slots, v) =>
    slots.forEach((x, i) => {
      const y = val.s2[v]![i]!;
      pairs.push([x.ok, y.ok], [x.ipa, y.ipa], [x.size, y.size], [x.pa, y.pa], [x.r, y.r], [x.w, y.w], [x.x, y.x], [x.from, y.from]);
    }),
  );
  zip(sym.owner, val.owner);
  zip(sym.reg, val.reg);
  zip(sym.regWriter, val.regWriter);
  zip(sym.regGen, val.regGen);
  zip(sym.masked, val.masked);
  zip(sym.ctx, val.ctx);
  sym.route.forEach((vs, l) => vs.forEach((cs, v) => zip(cs, val.route[l]![v]!)));
  zip(sym.epoch, val.epoch);
  pairs.push([sym.cell.value, val.cell.value], [sym.cell.writer, val.cell.writer], [sym.cell.gen, val.cell.gen], [sym.cell.epoch, val.cell.epoch]);
  for (const [x, y] of pairs) {
    // Literal fields of fixed slots must agree with the concrete state already.
    if (x === y) continue;
    b.assert(eq(x, y));
  }
}

// ---------------------------------------------------------------- encoding context

/**
 * Deliberate model bugs, injected into the encoding the way test/pbt/mutants.ts injects
 * them into the concrete model: a proof over a variant must fail.
 */
export interface Variant {
  readonly restartWithoutScrub?: boolean;
  readonly mapWithoutOwnershipCheck?: boolean;
  readonly reassignKeepsSmmuContext?: boolean;
  readonly reassignKeepsIrqRoute?: boolean;
  readonly doorbellToWrongVm?: boolean;
}

export interface OracleVar {
  readonly name: string;
  readonly sort: Sort;
  /** The VM whose abstracted state decides it (-1: nobody's, e.g. a free-slot choice of the system). */
  readonly about: Term;
}

/**
 * What one encoded step may read besides the state and the event: oracles stand for what
 * the encoding abstracts (timers and watchdogs, storm counters, a runaway vCPU, which of
 * several overlapping entries a lookup picks, which free slot a new entry takes). The
 * encoding is a relation: every value an oracle may take within its guard is a possible
 * step, so a proof covers the concrete one; the differential test reads the concrete
 * oracle values off the concrete step and demands the exact post-state.
 */
export class Ctx {
  readonly oracles: OracleVar[] = [];
  readonly guards: Term[] = [];
  constructor(
    readonly b: Smt,
    readonly L: Layout,
    readonly prefix: string,
    readonly variant: Variant = {},
  ) {}
  oracle(name: string, sort: Sort, about: Term): Term {
    const full = `${this.prefix}_${name}`;
    const existing = this.oracles.find((o) => o.name === full);
    if (existing !== undefined) return full;
    this.b.declare(full, sort);
    this.oracles.push({ name: full, sort, about });
    return full;
  }
  guard(t: Term): void {
    this.guards.push(t);
  }
  /** Name a shared subterm (keeps the query text linear). */
  def(name: string, sort: Sort, t: Term): Term {
    return this.b.define(`${this.prefix}_${name}`, sort, t);
  }
}
