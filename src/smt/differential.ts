// The differential check of principle 1 ("one model, two executions"): a concrete step
// (state, event → state', observations) becomes an SMT case — the pre-state and the event
// as literals, the oracles read off the concrete observations — and the encoding must
// produce exactly the projection of state' (and the same interrupt deliveries). Many cases
// go into one query: UNSAT = every case agrees; SAT names the cases that disagree.

import type { Scenario } from '../config/types.js';
import type { Event } from '../hv/events.js';
import { boot, step } from '../hv/index.js';
import type { Model } from '../pbt/engine.js';
import { randomTrace } from '../sim/random.js';
import type { Answer } from './query.js';
import type { Observation } from '../hv/observations.js';
import type { State } from '../hv/state.js';
import { and, assertValues, bool, bv, Ctx, declareState, eq, fitsI32, int, materialize, not, OutOfBound, PAGE, project, routesFit, slotOf, Smt, stateEquals, type Layout, type Term, type Variant } from '../hv/state.smt.js';
import { eventLiterals, stepSym, type SymEvent } from '../hv/step.smt.js';
import { segmentAt } from '../hv/topology.js';
import type { Query } from './query.js';

export interface Case {
  readonly before: State;
  readonly event: Event;
  readonly after: State;
  readonly observations: readonly Observation[];
  readonly label: string;
}

const PAGE_SIZE = 4096n;

/** The page the case observes: one the event wrote, else a live page of some VM's private memory, else a private page. */
function observedPage(c: Case): bigint {
  for (const o of c.observations) {
    if (o.kind === 'access' && o.op === 'write' && (o.target.kind === 'ram' || o.target.kind === 'hypervisor')) return o.pa & ~(PAGE_SIZE - 1n);
    if (o.kind === 'dma' && o.dir === 'write') for (const p of o.pages) if (p.target.kind === 'ram' || p.target.kind === 'hypervisor') return p.pa & ~(PAGE_SIZE - 1n);
  }
  const topo = c.before.topo;
  const vm = 'vm' in c.event && typeof c.event.vm === 'number' ? c.event.vm : -1;
  const ranges = vm >= 0 && vm < topo.privateRanges.length ? topo.privateRanges[vm]! : topo.privateRanges.flat();
  for (const [page, cell] of c.before.memory.entries()) {
    const pa = BigInt(page) << 12n;
    const seg = segmentAt(topo, pa);
    if (seg >= 0 && cell.epoch === c.before.epochs[seg] && ranges.some((r) => pa >= r.pa && pa < r.end)) return pa;
  }
  const r = topo.privateRanges.flat()[0];
  return r === undefined ? 0n : r.pa & ~(PAGE_SIZE - 1n);
}

function rxOf(L: Layout, obs: readonly Observation[]): boolean[] {
  const rx = Array.from({ length: L.vms }, () => false);
  for (const o of obs) {
    if ((o.kind === 'virq' && o.path !== 'switch-in') || o.kind === 'irq-pending') rx[o.vm] = true;
  }
  return rx;
}

/** Oracle values of the concrete step, by oracle name (without the case prefix). */
function oracles(L: Layout, c: Case, page: bigint, pre: ReturnType<typeof project>): Record<string, Term> | undefined {
  const e = c.event;
  const o: Record<string, Term> = {};
  const obs = c.observations;
  if ('vm' in e && 'vcpu' in e) {
    const f = (L.topo.vcpuBase[e.vm] ?? -1) + e.vcpu;
    const v = f >= 0 && e.vcpu >= 0 && e.vcpu < (L.topo.scenario.vms[e.vm]?.vcpus.length ?? 0) ? c.before.vcpus[f] : undefined;
    o.runaway = bool(v?.runaway ?? false);
    const p = f >= 0 ? (L.topo.vcpuPcpu[f] ?? -1) : -1;
    const pc = p >= 0 ? c.before.pcpus[p] : undefined;
    o.resident = bool(pc !== undefined && pc.online && pc.current === f);
  }
  switch (e.kind) {
    case 'read':
    case 'write': {
      const a = obs.find((x) => x.kind === 'access');
      o.access_ok = bool(a !== undefined);
      o.access_pa = bv(a?.kind === 'access' ? a.pa : 0n);
      break;
    }
    case 'hvc-map': {
      const v = e.vm;
      const slots = L.slots[v];
      if (slots === undefined) break;
      // The first free dynamic slot of the projected pre-state.
      const free = slots.findIndex((sl, i) => sl.key.kind === 'dynamic' && pre.s2[v]![i]!.ok === 'false');
      const mapped = obs.some((x) => x.kind === 'mapped');
      if (mapped && free < 0) return undefined; // a map into a full table: outside the bound
      const k = free < 0 ? 0 : (slots[free]!.key as { index: number }).index;
      o.map_slot = int(k);
      break;
    }
    case 'hvc-unmap': {
      const before = c.before.vms[e.vm]?.stage2 ?? [];
      const after = c.after.vms[e.vm]?.stage2 ?? [];
      const gone = before.find((x) => !after.includes(x));
      let slot = 0;
      if (gone !== undefined) {
        slot = slotOf(L, e.vm, gone);
        if (slot < 0) {
          const dyn = before.filter((x) => x.origin.kind === 'dynamic').indexOf(gone);
          slot = L.slots[e.vm]!.findIndex((sl) => sl.key.kind === 'dynamic' && sl.key.index === dyn);
        }
      }
      o.unmap_slot = int(slot);
      break;
    }
    case 'irq':
    case 'irq-storm': {
      const masked = obs.findIndex((x) => x.kind === 'irq-masked');
      o.storm = bool(masked >= 0);
      const upto = masked < 0 ? obs.length : masked;
      o.injected = bool(
        obs.slice(0, upto).some((x) => (x.kind === 'irq-dropped' && x.reason !== 'masked') || (x.kind === 'virq' && x.source === 'spi') || x.kind === 'irq-pending'),
      );
      break;
    }
    case 'advance':
      L.topo.scenario.vms.forEach((_, v) => {
        o[`watchdog_${v}`] = int(obs.filter((x) => x.kind === 'health' && x.vm === v && x.reason === 'watchdog').length);
      });
      break;
    case 'dma': {
      const d = obs.find((x) => x.kind === 'dma');
      o.dma_moved = bool(d !== undefined);
      const hits = new Map<string, { iova: bigint; pa: bigint }>();
      if (d?.kind === 'dma' && d.dir === 'write') {
        const first = d.addr / PAGE_SIZE;
        d.pages.forEach((p, i) => {
          const iova = i === 0 ? d.addr : (first + BigInt(i)) * PAGE_SIZE;
          if ((p.target.kind === 'ram' || p.target.kind === 'hypervisor') && (p.pa & ~(PAGE_SIZE - 1n)) === page && !hits.has('cell')) hits.set('cell', { iova, pa: p.pa });
          if (p.target.kind === 'mmio' && !hits.has(`reg${p.target.device}`)) hits.set(`reg${p.target.device}`, { iova, pa: p.pa });
        });
      }
      for (const name of ['cell', ...Array.from({ length: L.devices }, (_, i) => `reg${i}`)]) {
        const h = hits.get(name);
        o[`dma_${name}_hit`] = bool(h !== undefined);
        o[`dma_${name}_iova`] = bv(h?.iova ?? 0n);
        o[`dma_${name}_pa`] = bv(h?.pa ?? 0n);
      }
      break;
    }
    default:
      break;
  }
  return o;
}

export interface Batch {
  readonly query: Query;
  /** Cases in the query (case i's verdict is `wb_fail_i`). */
  readonly cases: readonly Case[];
  /** Cases left out: state or event outside the bound. */
  readonly skipped: number;
}

/** One query over many cases: SAT iff some case's encoded step differs from the concrete one. */
export function differentialBatch(L: Layout, cases: readonly Case[], variant: Variant = {}): Batch {
  const texts: string[] = [];
  const fails: string[] = [];
  const kept: Case[] = [];
  let skipped = 0;
  for (const c of cases) {
    const i = kept.length;
    const page = observedPage(c);
    let pre, post;
    try {
      if (!routesFit(L, c.before) || !routesFit(L, c.after)) throw new OutOfBound('route to an unlisted vCPU');
      pre = project(L, c.before, page);
      post = project(L, c.after, page);
    } catch (err) {
      if (err instanceof OutOfBound) {
        skipped++;
        continue;
      }
      throw err;
    }
    const lits = eventLiterals(c.event);
    const oracle = oracles(L, c, page, pre);
    const valuesFit = [...c.before.devices, ...c.after.devices].every((d) => fitsI32(d.reg)) && ('value' in c.event ? fitsI32(c.event.value) : true);
    if (lits === undefined || oracle === undefined || !valuesFit) {
      skipped++;
      continue;
    }
    kept.push(c);
    // Each case is its own world with its own observed page: built apart, P renamed.
    const p = `c${i}`;
    const b = new Smt();
    b.declare(PAGE, 'BV64');
    b.assert(eq(PAGE, bv(page)));
    const s = declareState(b, L, `${p}_s`);
    assertValues(b, s, pre);
    const ev: SymEvent = { kind: c.event.kind, f: lits };
    const ctx = new Ctx(b, L, `${p}_o`, variant);
    const st = stepSym(ctx, s, ev);
    const n = materialize(b, L, `${p}_n`, st.state);
    const want = rxOf(L, c.observations);
    for (const ov of ctx.oracles) {
      const short = ov.name.slice(`${p}_o_`.length);
      const val = oracle[short];
      if (val === undefined) throw new Error(`no concrete value for oracle ${short} of ${c.event.kind}`);
      b.assert(eq(ov.name, val));
    }
    const agree = and(...ctx.guards, ...stateEquals(L, n, post).map((x) => x.term), ...st.rx.map((r, v) => eq(r, bool(want[v]!))));
    const fail = b.declare(`fail_${i}`, 'Bool');
    b.assert(eq(fail, not(agree)));
    fails.push(fail);
    texts.push(b.text().replace(/(?<=[\s(])P(?=[\s)])/g, `${p}_P`));
  }
  const tail =
    `(assert (or false ${fails.join(' ')}))\n` +
    fails.map((f) => `(declare-const wb_${f} (_ BitVec 32))\n(assert (= wb_${f} (ite ${f} (_ bv1 32) (_ bv0 32))))`).join('\n') +
    '\n';
  return {
    query: {
      id: 'differential',
      property: 'containment.fault',
      level: 'transition',
      claim: 'the encoding agrees with the concrete step on every case',
      smt2: texts.join('') + tail,
      witness: fails.map((f) => ({ name: `wb_${f}`, sort: 'bv32' as const })),
    },
    cases: kept,
    skipped,
  };
}

/** Which fields disagree for one case (for the failure message): re-run it alone, field by field. */
export function disagreement(L: Layout, c: Case, variant: Variant = {}): Query[] {
  const page = observedPage(c);
  const pre = project(L, c.before, page);
  const post = project(L, c.after, page);
  const lits = eventLiterals(c.event)!;
  const oracle = oracles(L, c, page, pre)!;
  const out: Query[] = [];
  const mk = (name: string, pick: (n: ReturnType<typeof materialize>, st: ReturnType<typeof stepSym>, ctx: Ctx) => Term): void => {
    const b = new Smt();
    b.declare(PAGE, 'BV64');
    b.assert(eq(PAGE, bv(page)));
    const s = declareState(b, L, 's');
    assertValues(b, s, pre);
    const ctx = new Ctx(b, L, 'o', variant);
    const st = stepSym(ctx, s, { kind: c.event.kind, f: lits });
    const n = materialize(b, L, 'n', st.state);
    for (const ov of ctx.oracles) b.assert(eq(ov.name, oracle[ov.name.slice(2)]!));
    b.assert(not(pick(n, st, ctx)));
    out.push({ id: name, property: 'containment.fault', level: 'transition', claim: name, smt2: b.text(), witness: [] });
  };
  mk('oracle guards', (_n, _st, ctx) => and(...ctx.guards));
  const b0 = new Smt();
  const names = stateEquals(L, declareState(b0, L, 'x'), declareState(b0, L, 'y')).map((x) => x.name);
  names.forEach((name, k) => mk(name, (n) => stateEquals(L, n, post)[k]!.term));
  const want = rxOf(L, c.observations);
  want.forEach((w, v) => mk(`interrupt delivered to VM ${v}`, (_n, st) => eq(st.rx[v]!, bool(w))));
  return out;
}

/** Boot and run a seeded random trace: every step is a case. */
export function traceCases(sc: Scenario, seed: number, n: number, model: Model = { boot, step }, extra: readonly Event[] = []): Case[] {
  let s = model.boot(sc);
  const out: Case[] = [];
  for (const e of [...extra, ...randomTrace(s.topo, seed, n)]) {
    const r = model.step(s, e);
    out.push({ before: s, event: e, after: r.state, observations: r.observations, label: e.kind });
    s = r.state;
  }
  return out;
}

export interface DifferentialOptions {
  /** Cases per query: small enough for the WebAssembly solver's memory. */
  readonly size?: number;
  readonly variant?: Variant;
  /** Disagreeing cases explained field by field; the others are only named. */
  readonly explainCases?: number;
  /** Field queries spent on explanations in all; past it the explanation is cut short, saying so. */
  readonly explainQueries?: number;
}

export interface DifferentialResult {
  /** Cases decided by the solver. */
  readonly checked: number;
  /** Cases left out (outside the bound), so a caller can assert how many ran. */
  readonly skipped: number;
  readonly bad: string[];
}

/**
 * Every case in batches; returns the disagreeing cases with the fields that differ. An
 * explanation is bounded: at most `explainCases` cases and `explainQueries` field queries
 * (each with a short timeout and, natively, a memory cap); a field whose query does not
 * answer is named as undecided, and a failing solver ends the explanation with a message
 * instead of exhausting memory. A disagreement still fails the caller either way.
 */
/** Whatever answers a query: a solver session (WebAssembly or native), or a pool. */
export interface Solver {
  solve(query: Query, timeoutMs: number): Promise<Answer>;
}

export async function disagreements(session: Solver, L: Layout, cases: readonly Case[], opts: DifferentialOptions = {}): Promise<DifferentialResult> {
  const size = opts.size ?? 20;
  const variant = opts.variant ?? {};
  let explainCases = opts.explainCases ?? 2;
  let explainQueries = opts.explainQueries ?? 60;
  const bad: string[] = [];
  let checked = 0;
  let skipped = 0;
  const solveBatch = async (q: Query): Promise<{ status: string; fail: (i: number) => boolean; reason?: string }> => {
    const a = await session.solve(q, 120_000);
    return a.status === 'sat' ? { status: 'sat', fail: (i) => a.model[`wb_fail_${i}`] === 1n } : { status: a.status, fail: () => false, reason: a.status === 'unknown' ? a.reason : undefined };
  };
  const fieldStatus = async (q: Query): Promise<string> => {
    try {
      return (await session.solve(q, 10_000)).status;
    } catch (e) {
      return `crashed (${(e as Error).message.slice(0, 80)})`;
    }
  };
  const show = (c: Case): string => `${c.label}: ${JSON.stringify(c.event, (_k, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x))}`;
  for (let k = 0; k < cases.length; k += size) {
    const batch = differentialBatch(L, cases.slice(k, k + size), variant);
    checked += batch.cases.length;
    skipped += batch.skipped;
    if (batch.cases.length === 0) continue;
    const a = await solveBatch(batch.query);
    if (a.status === 'unknown') throw new Error(`differential batch inconclusive: ${a.reason ?? 'unknown'}`);
    if (a.status === 'unsat') continue;
    for (const [i, c] of batch.cases.entries()) {
      if (!a.fail(i)) continue;
      if (explainCases <= 0 || explainQueries <= 0) {
        bad.push(`${show(c)} → not explained (explanation budget spent)`);
        continue;
      }
      explainCases--;
      const fields: string[] = [];
      let cut = false;
      for (const q of disagreement(L, c, variant)) {
        if (explainQueries <= 0) {
          cut = true;
          break;
        }
        explainQueries--;
        const st = await fieldStatus(q);
        if (st === 'sat') fields.push(q.id);
        else if (st !== 'unsat') fields.push(`${q.id} (undecided: ${st})`);
      }
      bad.push(`${show(c)} → ${fields.join(', ') || 'no single field (the combination differs)'}${cut ? ' … (explanation cut short: query budget spent)' : ''}`);
    }
  }
  return { checked, skipped, bad };
}
