// Transition-level proofs (Serval / Hyperkernel style) over the symbolic encodings beside
// the concrete model (`src/hv/*.smt.ts`):
//
// - inductive step, one query per (event kind, invariant):
//     WF(s) ∧ Inv(s) ∧ step(s, e) = s' ⇒ Inv_k(s')         (UNSAT = proved)
//   with the catalog's state invariants: ownership (isolation.memory), routing and delivery
//   (isolation.irq), SMMU contexts (isolation.dma), scrub-on-reuse (containment.scrub), and
//   the well-formedness they rest on;
// - containment.fault unwinding conditions, one query per (event kind, condition), over
//   an attacker a and an observer v ≠ a: local respect (an event of a leaves v's view
//   unchanged) and step consistency (an event that is not a's keeps s ~v t, given that the
//   acting VM's view agrees too: Rushby's intransitive form).
//
// The symbolic state is derived from the scenario (see src/hv/state.smt.ts): the
// configuration is constant, the dynamic parts are symbolic, with K dynamic stage-2 slots
// per VM. Base case: the booted state, projected onto the same encoding, satisfies the
// invariants (`bootQuery`).

import type { Scenario } from '../config/types.js';
import type { Event, EventKind } from '../hv/events.js';
import { EVENT_KINDS } from '../hv/events.js';
import { boot } from '../hv/boot.js';
import { epochAt, live } from '../hv/memory.smt.js';
import type { State } from '../hv/state.js';
import {
  and,
  assertValues,
  buildLayout,
  bv,
  Ctx,
  declareState,
  eq,
  FALSE,
  implies,
  int,
  inRange,
  ite,
  keyText,
  le,
  lt,
  materialize,
  not,
  or,
  PAGE,
  declarePage,
  project,
  range,
  select,
  RUNNING,
  Smt,
  STOPPED,
  sumExceeds,
  TRUE,
  ule,
  type Layout,
  type Sort,
  type SymState,
  type Term,
  type Variant,
} from '../hv/state.smt.js';
import { declareEvent, EVENT_FIELDS, stepSym, FAULT_CODE, type SymEvent, type SymStep } from '../hv/step.smt.js';
import { belowEnd } from '../hv/stage2.smt.js';
import { buildTopology, rawDmaMaster } from '../hv/topology.js';
import { buildScenario } from '../pbt/scenario-arb.js';
import type { Query, WitnessSort, WitnessVar } from './query.js';

export const DEFAULT_DYNAMIC_SLOTS = 2;

export type InvariantName = 'well-formed' | 'ownership' | 'routing' | 'smmu' | 'scrub' | 'contents';
export const INVARIANTS: readonly InvariantName[] = ['well-formed', 'ownership', 'routing', 'smmu', 'scrub', 'contents'];

export type UnwindingCondition = 'local-respect' | 'step-consistency';

const PROPERTY: Record<InvariantName, string> = {
  'well-formed': 'isolation.memory',
  ownership: 'isolation.memory',
  routing: 'isolation.irq',
  smmu: 'isolation.dma',
  scrub: 'containment.scrub',
  contents: 'isolation.memory',
};

/** The catalog properties with transition-level or unwinding obligations. */
export const TRANSITION_PROPERTIES: readonly string[] = [...new Set([...Object.values(PROPERTY), 'containment.fault'])].sort();

const INVARIANT_TEXT: Record<InvariantName, string> = {
  'well-formed': 'the encoded state stays well-formed (status codes, generations, owners and writers name VMs, cell epochs not ahead of their segment)',
  ownership:
    "every stage-2 entry of VM v lies within v's configured memory (perms within the configured mapping's), is a configured channel endpoint, or maps a device v owns (or declared, while the device is with its initial owner); no PA is in two VMs' private entries",
  routing: 'every SPI is routed only to the VM owning every device on its line, and every interrupt the step injects is permitted (an SPI to its device owner, an SGI within a VM or along a declared doorbell)',
  smmu:
    "every DMA path is confined: each SMMU stream of a device translates through its owner's context, or is blocked where unmatched streams fault (under bypass an owned device's stream must have its owner's context); no untrusted DMA master that would reach raw physical addresses (no SMMU, or no stream ID under bypass) is owned by a VM",
  contents:
    "memory contents do not cross VMs: a live page last written by VM w lies in w's configured memory or a channel w is an endpoint of, and no other VM can read it, by CPU (a present readable stage-2 entry) or by DMA (a raw DMA master it owns), except through a channel both are endpoints of; a scrub ends it (the page is no longer live). DMA through another VM's SMMU context is excluded by the smmu invariant, proved with it",
  scrub:
    "no VM can read data an earlier instance of it left: a live page of v's private memory written by v was written by v's current instance and v is not stopped; a device register holds nothing but its current owner's current instance's writes",
};

export interface TransitionOptions {
  /** Dynamic (hvc-map) stage-2 slots per VM: the bound. */
  readonly dynamicSlots?: number;
  /** A deliberately broken encoding (the symbolic counterpart of a model-bug variant). */
  readonly variant?: Variant;
  readonly kinds?: readonly EventKind[];
}

/** The reference configuration proved when no scenario is given: three isolated VMs. */
export function referenceScenario(): Scenario {
  return buildScenario({ vms: 3, crit: ['ASIL-D', 'QM', 'ASIL-B'], ramMiB: [16, 32, 8], channelPages: 1 });
}

export function layoutFor(scenario: Scenario, opts: TransitionOptions = {}): Layout {
  return buildLayout(buildTopology(scenario), opts.dynamicSlots ?? DEFAULT_DYNAMIC_SLOTS);
}

/** Most watchdog expiries of one VM that one encoded `advance` covers (see step.smt.ts watchdogs). */
export const WATCHDOG_FIRINGS_PER_ADVANCE = 1 << 16;

/**
 * Why a successful hvc-map into a full table of dynamic slots may be left out (the encoding
 * leaves it out: the new entry needs a free slot). A small-model argument, valid for K >= 2:
 * 1. Every invariant clause names at most one dynamic entry of any one VM (ownership: one
 *    entry, or one entry of each of two different VMs; contents: one reader entry;
 *    well-formedness: one entry). So the invariants are kept when dynamic entries are dropped.
 * 2. A map's success only gets easier with fewer entries (its one check against the table is
 *    that no present entry overlaps the new one).
 * 3. So if a map into a VM with K entries broke a clause, the clause names the new entry and
 *    at most one old entry f; dropping every other dynamic entry of that VM gives a pre-state
 *    that satisfies the invariants, within the bound, where the map still succeeds (into a
 *    free slot) and the post-state breaks the same clause: the bounded query is SAT too.
 * For the unwinding conditions the same entry is dropped in both worlds: the views stay
 * equal (the dropped entry is equal in both), the maps' outcomes stay equal (each is a
 * function of the acting VM's table, which both worlds share), and a difference after the
 * step survives. Hence UNSAT with K >= 2 dynamic slots covers maps into full tables.
 */
export const FULL_TABLE_ARGUMENT =
  'a successful hvc-map into a full table is covered by a small-model argument (K >= 2): every invariant clause names at most one dynamic entry per VM and survives dropping entries, and dropping entries keeps a map succeeding, so a violation with K+1 entries has one with at most 2';

export function boundText(L: Layout): string {
  const full = L.dynamic >= 2 ? FULL_TABLE_ARGUMENT : 'a map into a full table is outside the bound (the small-model argument needs at least 2 dynamic slots)';
  return (
    `${L.vms} VMs, ${L.devices} devices, ${L.streams.length} SMMU streams, ${L.spis.length} SPIs, ${L.epochSegments.length} scrubbable segments (from the scenario); ` +
    `per VM every configured memory, channel and device-range entry in a slot of its own plus ${L.dynamic} dynamic hvc-map slots ` +
    `(states with more dynamic mappings are outside the bound; ${full}); ` +
    `each VM's watchdog fires at most 2^16 times within one advance (an advance spanning more expiries of one VM is outside the bound); ` +
    `generations and epochs below 2^30; memory as one arbitrary page`
  );
}

// ---------------------------------------------------------------- invariants

const z65 = (x: Term): Term => `((_ zero_extend 1) ${x})`;
const lit65 = (n: bigint): Term => `(_ bv${n} 65)`;
/** End of an entry's PA range, 65 bits wide. */
const paEnd65 = (pa: Term, size: Term): Term => `(bvadd ${z65(pa)} ${z65(size)})`;

function privateSlots(L: Layout, v: number): number[] {
  return L.slots[v]!.flatMap((s, i) => (s.key.kind === 'memory' || s.key.kind === 'dynamic' ? [i] : []));
}

export function wellFormed(L: Layout, s: SymState): Term {
  const vmIndex = (x: Term): Term => and(le(int(-1), x), lt(x, int(L.vms)));
  return and(
    ...range(L.vms).map((v) => and(le(int(0), s.status[v]!), le(s.status[v]!, int(2)), le(int(1), s.gen[v]!))),
    ...range(L.devices).map((d) => and(vmIndex(s.owner[d]!), vmIndex(s.regWriter[d]!))),
    ...s.ctx.map(vmIndex),
    ...s.epoch.map((e) => le(int(0), e)),
    vmIndex(s.cell.writer),
    // Dynamic entries are non-empty and pass neither 2^64 in IPA nor in PA (checkMap's shape rules).
    ...range(L.vms).flatMap((v) =>
      L.slots[v]!.flatMap((sl, i) => {
        if (sl.fixed !== undefined) return [];
        const x = s.s2[v]![i]!;
        return [
          implies(x.ok, and(not(eq(x.size, bv(0n))), not(sumExceeds(x.ipa, x.size)), not(sumExceeds(x.pa, x.size)))),
          // An absent dynamic slot is all zeros (canonical; see clearDynamic).
          implies(not(x.ok), and(eq(x.ipa, bv(0n)), eq(x.size, bv(0n)), eq(x.pa, bv(0n)), not(x.r), not(x.w), not(x.x), eq(x.from, int(0)))),
        ];
      }),
    ),
    le(int(-1), s.cell.epoch),
    le(s.cell.epoch, epochAt(L, s, PAGE)),
  );
}

export function ownership(L: Layout, s: SymState): Term {
  const sc = L.topo.scenario;
  const parts: Term[] = [];
  range(L.vms).forEach((v) =>
    L.slots[v]!.forEach((sl, i) => {
      const x = s.s2[v]![i]!;
      const k = sl.key;
      if (k.kind === 'device') {
        const declared = sc.vms[v]!.devices.some((p) => p.device === sc.soc.devices[k.device]!.name);
        const own = s.owner[k.device]!;
        parts.push(implies(x.ok, or(eq(own, int(v)), declared ? eq(own, int(L.topo.initialOwner[k.device]!)) : FALSE)));
      } else if (k.kind === 'dynamic') {
        const size = x.size;
        const grant = sc.vms[v]!.memory.map((m) =>
          and(
            ule(bv(m.pa), x.pa),
            `(bvule ${paEnd65(x.pa, x.size)} ${lit65(m.pa + m.size)})`,
            m.perms.r ? TRUE : not(x.r),
            m.perms.w ? TRUE : not(x.w),
            m.perms.x ? TRUE : not(x.x),
          ),
        );
        parts.push(implies(x.ok, and(not(eq(size, bv(0n))), or(...grant))));
      }
      // Configured memory and channel slots hold exactly what the configuration grants.
    }),
  );
  // No PA in two VMs' private entries.
  range(L.vms).forEach((v) =>
    range(L.vms).forEach((w) => {
      if (w <= v) return;
      for (const i of privateSlots(L, v))
        for (const j of privateSlots(L, w)) {
          const a = s.s2[v]![i]!;
          const b = s.s2[w]![j]!;
          const fa = L.slots[v]![i]!.fixed;
          const fb = L.slots[w]![j]!.fixed;
          if (fa !== undefined && fb !== undefined) {
            // Both configured: decided here, exactly.
            const ea = fa.pa + (fa.end - fa.ipa);
            const eb = fb.pa + (fb.end - fb.ipa);
            if (fa.pa < eb && fb.pa < ea) parts.push(not(and(a.ok, b.ok)));
            continue;
          }
          const overlap = or(and(a.ok, b.ok, `(bvult (bvsub ${a.pa} ${b.pa}) ${b.size})`), and(a.ok, b.ok, `(bvult (bvsub ${b.pa} ${a.pa}) ${a.size})`));
          parts.push(not(overlap));
        }
    }),
  );
  return and(...parts);
}

export function routing(L: Layout, s: SymState): Term {
  const parts: Term[] = [];
  L.spis.forEach((spi, l) => {
    // Every device on the line (an OR-ed line carries each one's interrupt).
    const line = L.topo.spiDevices.get(spi) ?? [];
    if (line.length === 0) return;
    range(L.vms).forEach((v) => s.route[l]![v]!.forEach((r) => parts.push(implies(r, and(...line.map((d) => eq(s.owner[d]!, int(v))))))));
  });
  return and(...parts);
}

/**
 * Every DMA path is confined. A stream of a device translates through its owner's context;
 * with unmatched streams faulting it may also have no context (blocked). With unmatched
 * streams bypassing, "no context" is not blocked but raw: a stream of an owned device must
 * have its owner's context, and an owned DMA master that declares no stream ID (its untagged
 * transactions match no context) would master raw physical addresses, so none is owned;
 * likewise every DMA master without an SMMU. Trusted masters are the integrator's assumption
 * (isolation.dma's configuration check exempts them too).
 */
export function smmu(L: Layout, s: SymState): Term {
  const { devices: devs, smmu: unit } = L.topo.scenario.soc;
  const bypass = unit.present && unit.unmatchedStreams === 'bypass';
  const streams = L.streams.map((sid, k) => {
    const emitters = devs.flatMap((dev, d) => (dev.streamIds.includes(sid) ? [d] : []));
    const ctx = s.ctx[k]!;
    const confined = or(eq(ctx, int(-1)), and(...emitters.map((d) => eq(ctx, s.owner[d]!))));
    if (!bypass) return confined;
    return and(confined, ...emitters.map((d) => implies(le(int(0), s.owner[d]!), eq(ctx, s.owner[d]!))));
  });
  const raw = devs.flatMap((_, d) => (rawDmaMaster(L.topo.scenario, d) ? [eq(s.owner[d]!, int(-1))] : []));
  return and(...streams, ...raw);
}

function inPrivate(L: Layout, v: number, page: Term): Term {
  return or(...L.topo.privateRanges[v]!.map((r) => inRange(page, bv(r.pa), bv(r.end % (1n << 64n)))));
}
function inChannel(L: Layout, page: Term): Term {
  return or(...L.topo.scenario.channels.map((c) => inRange(page, bv(c.pa), bv((c.pa + c.size) % (1n << 64n)))));
}
/** The observed page belongs to v's view of memory: v's private memory outside channels. */
export function inView(L: Layout, v: number): Term {
  return and(inPrivate(L, v, PAGE), not(inChannel(L, PAGE)));
}

/** The memory half of scrub-on-reuse: the observed page, for every VM. */
function scrubCell(L: Layout, s: SymState): Term {
  return and(
    ...range(L.vms).map((v) =>
      implies(and(inView(L, v), live(L, s), eq(s.cell.writer, int(v))), and(not(eq(s.status[v]!, STOPPED)), eq(s.cell.gen, s.gen[v]!))),
    ),
  );
}

/** The device half of scrub-on-reuse for one device, given its register writer, writer generation and owner. */
function deviceClean(L: Layout, s: SymState, writer: Term, regGen: Term, owner: Term): Term {
  return implies(le(int(0), writer), and(eq(writer, owner), eq(regGen, select(owner, s.gen, int(0))), not(eq(select(owner, s.status, int(-1)), STOPPED))));
}

export function scrub(L: Layout, s: SymState): Term {
  return and(scrubCell(L, s), ...range(L.devices).map((d) => deviceClean(L, s, s.regWriter[d]!, s.regGen[d]!, s.owner[d]!)));
}

/**
 * ¬scrub(s) for a goal, with the device half at one symbolic device (a witness index
 * `w_device`) instead of a disjunction over every device: "some device is unclean" is the
 * same as "the device w is unclean, for some w in range", and the solver refutes one
 * device clause, reading the pre-state invariant at w, instead of 39 at once (power-terminal:
 * write/scrub 70 s native and a timeout in WebAssembly; with the witness about 2 s).
 */
function scrubViolated(L: Layout, b: Smt, s: SymState): Term {
  if (L.devices === 0) return not(scrubCell(L, s));
  const w = b.declare('w_device', 'I32');
  b.assert(and(le(int(0), w), lt(w, int(L.devices))));
  const at = (xs: readonly Term[], name: string, otherwise: Term): Term => b.define(`w_${name}`, 'I32', select(w, xs, otherwise));
  return or(not(scrubCell(L, s)), not(deviceClean(L, s, at(s.regWriter, 'writer', int(-1)), at(s.regGen, 'gen', int(0)), at(s.owner, 'owner', int(-1)))));
}

/** [lo, hi) meets the observed page [P, P + 4096), 65-bit so no end wraps. */
function meetsPage(lo: Term, size: Term): Term {
  return and(`(bvult ${z65(lo)} (bvadd ${z65(PAGE)} ${lit65(4096n)}))`, `(bvult ${z65(PAGE)} ${paEnd65(lo, size)})`);
}
function meetsPageConst(lo: bigint, hi: bigint): Term {
  return meetsPage(bv(lo), bv((hi - lo) % (1n << 64n)));
}

/**
 * Cross-VM memory contents (see INVARIANT_TEXT.contents). The writer's reach is stated from
 * the configuration (its memory and its channels), which is what makes the claim inductive:
 * a VM that maps or restarts only gets entries inside its own configuration, and those meet
 * another VM's reach only through a channel both declare.
 */
export function contents(L: Layout, s: SymState): Term {
  const sc = L.topo.scenario;
  const endpoint = (c: number, w: number): boolean => sc.channels[c]!.endpoints.some((e) => e.vm === sc.vms[w]!.name);
  const rawMasters = sc.soc.devices.flatMap((_, d) => (rawDmaMaster(sc, d) ? [d] : []));
  const isLive = live(L, s);
  return and(
    ...range(L.vms).map((w) => {
      const reach = or(
        ...L.topo.privateRanges[w]!.map((r) => meetsPageConst(r.pa, r.end)),
        ...sc.channels.flatMap((c, ci) => (endpoint(ci, w) ? [meetsPageConst(c.pa, c.pa + c.size)] : [])),
      );
      const readers = range(L.vms).flatMap((v) => {
        if (v === w) return [];
        const cpu = L.slots[v]!.flatMap((sl, i) => {
          const k = sl.key;
          if (k.kind === 'device') return [];
          if (k.kind === 'channel' && endpoint(k.channel, w)) return [];
          const x = s.s2[v]![i]!;
          return [and(x.ok, x.r, meetsPage(x.pa, x.size))];
        });
        const dma = rawMasters.map((d) => eq(s.owner[d]!, int(v)));
        return [not(or(...cpu, ...dma))];
      });
      return implies(and(isLive, eq(s.cell.writer, int(w))), and(reach, ...readers));
    }),
  );
}

export function invariant(L: Layout, s: SymState, name: InvariantName): Term {
  switch (name) {
    case 'well-formed':
      return wellFormed(L, s);
    case 'ownership':
      return ownership(L, s);
    case 'routing':
      return routing(L, s);
    case 'smmu':
      return smmu(L, s);
    case 'scrub':
      return scrub(L, s);
    case 'contents':
      return contents(L, s);
  }
}

/** Does a declared doorbell carry SGI n from VM f to VM t? (written from the catalog's side, as isolation.irq states it) */
function doorbellPermits(L: Layout, from: Term, to: number, sgi: Term): Term {
  const sc = L.topo.scenario;
  const tn = sc.vms[to]!.name;
  return or(
    ...sc.channels.flatMap((c) =>
      c.doorbell === undefined || !c.doorbell.to.includes(tn)
        ? []
        : [and(eq(sgi, int(c.doorbell.sgi)), or(...c.endpoints.flatMap((e) => (e.vm === tn ? [] : [eq(from, int(L.topo.vmIndex.get(e.vm) ?? -1))]))))],
    ),
  );
}

/** Every interrupt the step injected was permitted (the delivery half of isolation.irq). */
export function deliveryPermitted(L: Layout, pre: SymState, e: SymEvent, st: SymStep): Term {
  const f = e.f;
  const sc = L.topo.scenario;
  /** Every device on SPI `spi`'s line is owned by VM v (false for an SPI no device raises). */
  const ownsLine = (spi: Term, v: number): Term => {
    let t: Term = FALSE;
    for (const l of [...L.spis].reverse()) {
      const line = L.topo.spiDevices.get(l) ?? [];
      if (line.length > 0) t = ite(eq(spi, int(l)), and(...line.map((d) => eq(pre.owner[d]!, int(v)))), t);
    }
    return t;
  };
  return and(
    ...range(L.vms).map((v) => {
      const rx = st.rx[v]!;
      switch (e.kind) {
        case 'irq':
          return implies(rx, ownsLine(f.spi!, v));
        case 'irq-storm': {
          const spi = sc.soc.devices.reduce<Term>((t, d, i) => ite(eq(f.device!, int(i)), int(d.irqs[0] ?? -1), t), int(-1));
          return implies(rx, ownsLine(spi, v));
        }
        case 'sgi':
          return implies(rx, or(eq(f.vm!, int(v)), doorbellPermits(L, f.vm!, v, f.sgi!)));
        case 'hvc-notify':
          return implies(
            rx,
            or(
              ...sc.channels.flatMap((c, ci) =>
                c.doorbell !== undefined && c.doorbell.to.includes(sc.vms[v]!.name)
                  ? [and(eq(f.channel!, int(ci)), or(...c.endpoints.map((ep) => eq(f.vm!, int(L.topo.vmIndex.get(ep.vm) ?? -1)))))]
                  : [],
              ),
            ),
          );
        default:
          return not(rx);
      }
    }),
  );
}

// ---------------------------------------------------------------- queries

const WITNESS_SORT: Record<Sort, WitnessSort> = { I32: 'bv32', Bool: 'bool', BV64: 'bv64' };

/**
 * Every declared constant is part of the witness. Booleans are read back through an 8-bit
 * mirror (`wb_<name>`): the session reads numerals, and a mirror costs the solver nothing.
 */
function finish(b: Smt): { smt2: string; witness: WitnessVar[] } {
  const witness: WitnessVar[] = [];
  for (const d of [...b.declared]) {
    if (d.sort !== 'Bool') {
      witness.push({ name: d.name, sort: WITNESS_SORT[d.sort] });
      continue;
    }
    const mirror = b.declare(`wb_${d.name}`, 'I32');
    b.assert(eq(mirror, ite(d.name, int(1), int(0))));
    witness.push({ name: mirror, sort: 'bv32' });
  }
  return { smt2: b.text(), witness };
}

function allInvariants(L: Layout, s: SymState): Term {
  return and(...INVARIANTS.map((n) => invariant(L, s, n)));
}

/**
 * Counters (generations, epochs) are 32-bit in the encoding and unbounded in the model: a
 * pre-state is assumed to keep them below 2^30, so that no step wraps one (a step adds at
 * most 2^16: WATCHDOG_FIRINGS_PER_ADVANCE restarts). Part of the bound, not of the proved invariant.
 */
export function countersBounded(L: Layout, s: SymState): Term {
  const small = (x: Term): Term => and(le(int(-1), x), lt(x, int(1 << 30)));
  return and(...s.gen.map(small), ...s.epoch.map(small), small(s.cell.epoch), small(s.cell.gen), ...s.regGen.map(small));
}

/** The inductive-step query for one event kind and one invariant. */
export function inductiveQuery(scenario: Scenario, kind: EventKind, inv: InvariantName, opts: TransitionOptions = {}): Query {
  const L = layoutFor(scenario, opts);
  const b = new Smt();
  b.comment(`inductive step: ${kind} preserves ${inv}`);
  b.comment(`bound: ${boundText(L)}`);
  declarePage(b);
  const s = declareState(b, L, 's');
  const e = declareEvent(b, kind, 'e');
  const ctx = new Ctx(b, L, 'o', opts.variant);
  const st = stepSym(ctx, s, e);
  const post = materialize(b, L, 'n', st.state);
  b.assert(allInvariants(L, s));
  b.assert(countersBounded(L, s));
  for (const g of ctx.guards) b.assert(g);
  if (inv === 'scrub') b.assert(scrubViolated(L, b, post));
  else b.assert(not(inv === 'routing' ? and(invariant(L, post, inv), deliveryPermitted(L, s, e, st)) : invariant(L, post, inv)));
  return {
    id: `${PROPERTY[inv]}/transition/${kind}/${inv}`,
    property: PROPERTY[inv],
    level: 'transition',
    claim: `Every ${kind} event preserves: ${INVARIANT_TEXT[inv]}.`,
    ...finish(b),
    bound: boundText(L),
  };
}

/** Kinds an attacker's trace can contain (containment.fault's classify drops a's doorbells and notifications, and every reassignment involving a). */
export const ATTACKER_KINDS: readonly EventKind[] = EVENT_KINDS.filter((k) => !['advance', 'reassign', 'pcpu-offline', 'pcpu-online', 'hvc-notify'].includes(k));

/** v's view (containment.fault's relational.view, restricted to the encoded components), equal in s and t. */
export function viewEqual(L: Layout, s: SymState, t: SymState, v: number): { name: string; term: Term }[] {
  const out: { name: string; term: Term }[] = [];
  const push = (name: string, term: Term): void => void out.push({ name, term });
  push('status', eq(s.status[v]!, t.status[v]!));
  push('generation', eq(s.gen[v]!, t.gen[v]!));
  L.slots[v]!.forEach((sl, i) => {
    const x = s.s2[v]![i]!;
    const y = t.s2[v]![i]!;
    push(
      `stage-2 ${keyText(sl.key)}`,
      // A dynamic slot compares field by field, present or not. For well-formed states (absent
      // slots are all zeros) that is the same relation as "same presence, and the same entry
      // when present", which is what v can see; as an assumption (pre-states, asserted
      // well-formed) it is equivalent, as a goal (post-states) it is stronger, so sound
      // either way. Unconditional equalities let the solver substitute one world's fields
      // for the other's instead of proving two copies of the map checks equivalent.
      sl.fixed !== undefined
        ? eq(x.ok, y.ok)
        : and(eq(x.ok, y.ok), eq(x.ipa, y.ipa), eq(x.size, y.size), eq(x.pa, y.pa), eq(x.r, y.r), eq(x.w, y.w), eq(x.x, y.x)),
    );
  });
  range(L.devices).forEach((d) => {
    const mine = eq(s.owner[d]!, int(v));
    push(`owns device #${d}`, eq(mine, eq(t.owner[d]!, int(v))));
    push(`registers of device #${d}`, implies(mine, and(eq(s.reg[d]!, t.reg[d]!), eq(s.regWriter[d]!, t.regWriter[d]!), eq(s.masked[d]!, t.masked[d]!))));
  });
  L.streams.forEach((sid, k) => push(`SMMU stream ${sid} in its context`, eq(eq(s.ctx[k]!, int(v)), eq(t.ctx[k]!, int(v)))));
  L.topo.scenario.soc.devices.forEach((dev, d) =>
    dev.streamIds.forEach((sid) => {
      const k = L.streams.indexOf(sid);
      push(`context of its stream ${sid}`, implies(eq(s.owner[d]!, int(v)), eq(s.ctx[k]!, t.ctx[k]!)));
    }),
  );
  L.spis.forEach((spi, l) => s.route[l]![v]!.forEach((r, ci) => push(`route of SPI ${spi} to vCPU ${L.routeVcpus[v]![ci]}`, eq(r, t.route[l]![v]![ci]!))));
  const cellView = (x: SymState): [Term, Term] => [ite(live(L, x), x.cell.value, int(0)), ite(live(L, x), x.cell.writer, int(-1))];
  const [sv, sw] = cellView(s);
  const [tv, tw] = cellView(t);
  push('memory', implies(inView(L, v), and(eq(sv, tv), eq(sw, tw))));
  return out;
}

function forVm(L: Layout, v: Term, f: (u: number) => Term): Term {
  return and(...range(L.vms).map((u) => implies(eq(v, int(u)), f(u))));
}

/** a's devices stay a's, and nobody else's become a's (containment.fault's classify drops reassignments involving a). */
function attackerDevicesFixed(L: Layout, s: SymState, a: Term): Term {
  return and(...range(L.devices).map((d) => eq(eq(s.owner[d]!, a), eq(int(L.topo.initialOwner[d]!), a))));
}

/** The event is the attacker's (classify → 'attacker'). */
function attackerEvent(L: Layout, e: SymEvent, st: SymStep, a: Term): Term {
  const f = e.f;
  switch (e.kind) {
    case 'sgi':
      // a's SGIs along a declared doorbell are declared communication: dropped.
      return and(eq(f.vm!, a), or(eq(f.toVm!, a), and(...range(L.vms).map((v) => implies(eq(f.toVm!, int(v)), not(doorbellPermits(L, a, v, f.sgi!)))))));
    default:
      return eq(st.actor, a);
  }
}

/** The event is shared background (classify → 'base'). */
function baseEvent(L: Layout, e: SymEvent, st: SymStep, a: Term): Term {
  const f = e.f;
  switch (e.kind) {
    case 'reassign':
      return and(not(eq(f.to!, a)), ...range(L.devices).map((d) => implies(eq(f.device!, int(d)), not(eq(int(L.topo.initialOwner[d]!), a)))));
    default:
      return not(eq(st.actor, a));
  }
}

/**
 * A case of step consistency, for kinds whose single query is too hard: the acting VM is not
 * the observer, or it is the observer and that is VM `vm` (one case per VM). The cases
 * cover every (observer, actor): together they are the whole condition.
 *
 * Why per VM: with the observer a constant, "s and t look the same to v" becomes plain
 * equalities the solver substitutes (world t's copy of v's table *is* world s's), and the
 * step's checks over v's table are then one term in both worlds. With the observer symbolic
 * they are equalities under `observer = u`, and Z3 had to prove two bit-blasted copies of
 * the map checks equivalent (hvc-map on cockpit: a 60 s timeout; per VM about 1 s).
 */
export type StepCase = { readonly kind: 'other-actor' } | { readonly kind: 'observer-acts'; readonly vm: number };

/** Kinds whose step consistency is proved case by case (see StepCase). */
export const SPLIT_STEP_CONSISTENCY: readonly EventKind[] = ['hvc-map'];

export function stepCases(vms: number): StepCase[] {
  return [{ kind: 'other-actor' }, ...range(vms).map((vm): StepCase => ({ kind: 'observer-acts', vm }))];
}

function caseSuffix(c: StepCase): string {
  return c.kind === 'other-actor' ? '/other-actor' : `/observer-acts/${c.vm}`;
}

export function unwindingQuery(scenario: Scenario, kind: EventKind, cond: UnwindingCondition, opts: TransitionOptions = {}, part?: StepCase): Query {
  const L = layoutFor(scenario, opts);
  const b = new Smt();
  b.comment(`containment.fault unwinding: ${cond} for ${kind}${part === undefined ? '' : `, case ${caseSuffix(part).slice(1)}`}`);
  b.comment(`bound: ${boundText(L)}`);
  declarePage(b);
  const a = b.declare('attacker', 'I32');
  const v = b.declare('observer', 'I32');
  b.assert(and(le(int(0), a), lt(a, int(L.vms)), le(int(0), v), lt(v, int(L.vms)), not(eq(a, v))));
  if (part !== undefined && cond !== 'step-consistency') throw new Error('only step consistency is proved case by case');
  if (part?.kind === 'observer-acts') b.assert(eq(v, int(part.vm)));
  const s = declareState(b, L, 's');
  b.assert(allInvariants(L, s));
  b.assert(countersBounded(L, s));
  b.assert(attackerDevicesFixed(L, s, a));
  const e = declareEvent(b, kind, 'e');
  const cs = new Ctx(b, L, 'os', opts.variant);
  const ss = stepSym(cs, s, e);
  const s1 = materialize(b, L, 'ns', ss.state);
  for (const g of cs.guards) b.assert(g);
  if (cond === 'local-respect') {
    b.assert(attackerEvent(L, e, ss, a));
    b.assert(not(forVm(L, v, (u) => and(...viewEqual(L, s, s1, u).map((x) => x.term), not(ss.rx[u]!)))));
  } else {
    const t = declareState(b, L, 't');
    b.assert(allInvariants(L, t));
    b.assert(countersBounded(L, t));
    b.assert(attackerDevicesFixed(L, t, a));
    b.assert(baseEvent(L, e, ss, a));
    if (part !== undefined) b.assert(part.kind === 'other-actor' ? not(eq(ss.actor, v)) : eq(ss.actor, v));
    b.assert(forVm(L, v, (u) => and(...viewEqual(L, s, t, u).map((x) => x.term))));
    // Rushby's step consistency for an intransitive policy: the acting VM's view agrees too.
    b.assert(forVm(L, ss.actor, (u) => and(...viewEqual(L, s, t, u).map((x) => x.term))));
    const ct = new Ctx(b, L, 'ot', opts.variant);
    const ts = stepSym(ct, t, e);
    const t1 = materialize(b, L, 'nt', ts.state);
    for (const g of ct.guards) b.assert(g);
    // Oracles stand for abstracted state of the VM they are about: the observer's and the
    // actor's agree between the worlds (they are part of their full views).
    cs.oracles.forEach((o, i) => {
      const p = ct.oracles[i]!;
      b.assert(implies(or(eq(o.about, v), eq(o.about, ss.actor)), eq(o.name, p.name)));
    });
    b.assert(not(forVm(L, v, (u) => and(...viewEqual(L, s1, t1, u).map((x) => x.term), eq(ss.rx[u]!, ts.rx[u]!)))));
  }
  const caseText =
    part === undefined ? '' : part.kind === 'other-actor' ? ' (case: a VM other than v acts, or the system)' : ` (case: v is ${scenario.vms[part.vm]?.name ?? `VM ${part.vm}`} and acts)`;
  return {
    id: `containment.fault/unwinding/${kind}/${cond}${part === undefined ? '' : caseSuffix(part)}`,
    property: 'containment.fault',
    level: 'unwinding',
    claim:
      cond === 'local-respect'
        ? `A ${kind} event of the attacker VM leaves every other VM's view unchanged.`
        : `A ${kind} event that is not the attacker's keeps two states that look the same to VM v looking the same to v${caseText}.`,
    ...finish(b),
    bound: boundText(L),
  };
}

/**
 * Every transition-level and unwinding query for the scenario (the reference configuration
 * without one): the base case first, then one inductive step per (event kind, invariant),
 * then the unwinding conditions.
 */
export function transitionQueries(scenario?: Scenario, opts: TransitionOptions = {}): readonly Query[] {
  const sc = scenario ?? referenceScenario();
  const kinds = opts.kinds ?? EVENT_KINDS;
  const out: Query[] = [bootQuery(sc, opts)];
  for (const k of kinds) for (const inv of INVARIANTS) out.push(inductiveQuery(sc, k, inv, opts));
  if (sc.vms.length >= 2) {
    for (const k of kinds) {
      if (ATTACKER_KINDS.includes(k)) out.push(unwindingQuery(sc, k, 'local-respect', opts));
      if (SPLIT_STEP_CONSISTENCY.includes(k)) for (const c of stepCases(sc.vms.length)) out.push(unwindingQuery(sc, k, 'step-consistency', opts, c));
      else out.push(unwindingQuery(sc, k, 'step-consistency', opts));
    }
  }
  return out;
}

/** Base case: the booted state satisfies every invariant (as a query over its projection: UNSAT = holds). */
export function bootQuery(scenario: Scenario, opts: TransitionOptions = {}): Query {
  const L = layoutFor(scenario, opts);
  const b = new Smt();
  b.comment('base case: boot establishes the invariants');
  declarePage(b);
  const s = declareState(b, L, 's');
  const s0 = boot(scenario);
  // Memory is empty at boot: every page reads as never written.
  assertValues(b, s, project(L, s0, 0n));
  b.assert(not(allInvariants(L, s)));
  return {
    id: 'isolation.memory/transition/boot/all',
    property: 'isolation.memory',
    level: 'transition',
    claim: 'The booted state satisfies every transition invariant: ' + INVARIANTS.join(', ') + '.',
    ...finish(b),
    bound: boundText(L),
  };
}

// ---------------------------------------------------------------- witnesses

type Model = Readonly<Record<string, bigint | boolean>>;

/** An I32 constant of a model, signed. */
const num = (m: Model, n: string): number => {
  const x = BigInt.asIntN(32, m[n] as bigint);
  return Number(x);
};
const big = (m: Model, n: string): bigint => m[n] as bigint;
const flag = (m: Model, n: string): boolean => m[n] === true || m[`wb_${n}`] === 1n;

/** Rebuild a concrete State from a model's pre-state `p` (unencoded parts from boot), and the event. */
export function stateFromModel(scenario: Scenario, m: Model, p: string, opts: TransitionOptions = {}): State {
  const L = layoutFor(scenario, opts);
  const s0 = boot(scenario);
  const STATUS = ['running', 'stopped', 'failed'] as const;
  const vms = s0.vms.map((vm, v) => {
    const stage2 = L.slots[v]!.flatMap((sl, i) => {
      const n = (f: string): string => `${p}_s2_${v}_${i}_${f}`;
      if (!flag(m, n('ok'))) return [];
      if (sl.fixed !== undefined) return [sl.fixed];
      return [{ ipa: big(m, n('ipa')), end: big(m, n('ipa')) + big(m, n('size')), pa: big(m, n('pa')), perms: { r: flag(m, n('r')), w: flag(m, n('w')), x: flag(m, n('x')) }, origin: { kind: 'dynamic' as const, vm: v, from: num(m, n('from')) } }];
    });
    stage2.sort((x, y) => (x.ipa < y.ipa ? -1 : x.ipa > y.ipa ? 1 : 0));
    return { ...vm, status: STATUS[num(m, `${p}_st_${v}`)] ?? 'running', generation: num(m, `${p}_gen_${v}`), stage2 };
  });
  const devices = s0.devices.map((d, i) => ({ ...d, owner: num(m, `${p}_own_${i}`), reg: num(m, `${p}_reg_${i}`), regWriter: num(m, `${p}_rw_${i}`), masked: flag(m, `${p}_mk_${i}`) }));
  const streams = new Map<number, number>();
  L.streams.forEach((sid, k) => {
    const c = num(m, `${p}_ctx_${k}`);
    if (c >= 0) streams.set(sid, c);
  });
  const routes = s0.routes.map((r) => r);
  L.spis.forEach((spi, l) => {
    routes[spi] = L.routeVcpus.flatMap((cs, v) => cs.flatMap((c, ci) => (flag(m, `${p}_rt_${l}_${v}_${ci}`) ? [{ vm: v, vcpu: c }] : [])));
  });
  const epochs = s0.epochs.slice();
  L.epochSegments.forEach((g, i) => (epochs[g] = num(m, `${p}_ep_${i}`)));
  let memory = s0.memory;
  const ce = num(m, `${p}_ce`);
  if (ce >= 0) memory = memory.set(Number(big(m, PAGE) >> 12n), num(m, `${p}_cv`), num(m, `${p}_cw`), ce);
  return { ...s0, vms, devices, streams, routes, epochs, memory };
}

/** The event of a witness (field constants `e_*`). */
export function eventFromModel(kind: EventKind, m: Model): Event {
  const r: Record<string, unknown> = { kind };
  for (const [name, sort] of EVENT_FIELDS[kind]) {
    r[name] = sort === 'Bool' ? flag(m, `e_${name}`) : sort === 'BV64' ? big(m, `e_${name}`) : num(m, `e_${name}`);
  }
  if (kind === 'hvc-map') r.perms = { r: r.r, w: r.w, x: r.x };
  if (kind === 'dma') r.dir = r.write === true ? 'write' : 'read';
  if (kind === 'fault') r.fault = (Object.keys(FAULT_CODE) as (keyof typeof FAULT_CODE)[]).find((k) => FAULT_CODE[k] === r.fault) ?? 'crash';
  return r as unknown as Event;
}

/** A "two worlds" rendering of an unwinding witness: what differs in the observer's view. */
export function twoWorlds(scenario: Scenario, query: Query, m: Model, opts: TransitionOptions = {}): string {
  const L = layoutFor(scenario, opts);
  const vms = scenario.vms.map((x) => x.name);
  const a = num(m, 'attacker');
  const v = num(m, 'observer');
  const kind = query.id.split('/')[2] as EventKind;
  const e = eventFromModel(kind, m);
  const local = query.id.endsWith('local-respect');
  const worlds: [string, string][] = local ? [['before', 's'], ['after', 'ns']] : [['world 1 after', 'ns'], ['world 2 after', 'nt']];
  const lines = [`attacker ${vms[a]}, observer ${vms[v]}; event ${JSON.stringify(e, (_k, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x))}`];
  const show = (p: string): Record<string, string> => {
    const r: Record<string, string> = {};
    r.status = `${['running', 'stopped', 'failed'][num(m, `${p}_st_${v}`)]} generation ${num(m, `${p}_gen_${v}`)}`;
    r['stage-2'] = L.slots[v]!.flatMap((sl, i) => {
      const n = (f: string): string => `${p}_s2_${v}_${i}_${f}`;
      if (!flag(m, n('ok'))) return [];
      return [sl.fixed !== undefined ? keyText(sl.key) : `dynamic 0x${big(m, n('ipa')).toString(16)}→0x${big(m, n('pa')).toString(16)}`];
    }).join(', ');
    r.devices = range(L.devices).flatMap((d) => (num(m, `${p}_own_${d}`) === v ? [`${scenario.soc.devices[d]!.name}=${num(m, `${p}_reg_${d}`)}/${num(m, `${p}_rw_${d}`)}${flag(m, `${p}_mk_${d}`) ? ' masked' : ''}`] : [])).join(', ');
    r.routes = L.spis.flatMap((spi, l) => (L.routeVcpus[v]!.some((_c, ci) => flag(m, `${p}_rt_${l}_${v}_${ci}`)) ? [`SPI ${spi}`] : [])).join(', ');
    r.memory = `page 0x${big(m, PAGE).toString(16)}: ${num(m, `${p}_cv`)} by ${num(m, `${p}_cw`)} (epoch ${num(m, `${p}_ce`)})`;
    return r;
  };
  const x = show(worlds[0]![1]);
  const y = show(worlds[1]![1]);
  for (const k of Object.keys(x)) {
    if (x[k] === y[k]) continue;
    lines.push(`  ${k}: ${worlds[0]![0]} «${x[k]}» | ${worlds[1]![0]} «${y[k]}»`);
  }
  if (lines.length === 1) lines.push('  the views differ in the interrupts the observer received');
  return lines.join('\n');
}
