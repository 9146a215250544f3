// The Z3 engine: each property's configuration-level obligation, solved, and every SAT answer
// turned into findings and a concrete event trace replayed from boot under the property's
// monitor. UNSAT on every query (at least one) is a proof (holds); a replayed witness is a
// violation; an `unknown`, a timeout, a crash, a SAT answer that names no breach, or a witness
// the model does not reproduce is inconclusive, with the reason (the last two loudly: they are
// bugs in hvsafe). A property without an obligation, or whose obligation is no query at all on
// this scenario, is not checked: nothing was proved.

import { stringify } from 'yaml';
import type { Scenario } from '../config/types.js';
import type { Event } from '../hv/events.js';
import type { State } from '../hv/state.js';
import { eventToScript, shownPath } from '../sim/script.js';
import type { Finding, Property } from '../../proofs/property.js';
import { REAL_MODEL, runMonitored, type Counterexample, type Model, type Verdict } from '../pbt/engine.js';
import type { SolverPool } from './pool.js';
import type { Query, Solved } from './query.js';

export interface ProofVerdict extends Verdict {
  /** Every query of the property with its answer (cache hits included): the evidence. */
  readonly solved: readonly Solved[];
  /** Why a violation has no trace, or other remarks an assessor should read. */
  readonly notes: readonly string[];
}

export interface ProveOptions {
  readonly pool: SolverPool;
  readonly model?: Model;
  readonly onProgress?: (text: string) => void;
  /** Where the user runs hvsafe: witness scripts name the scenario relative to it. */
  readonly cwd?: string;
}

/** Properties the Z3 engine can decide (those with configuration-level queries). */
export function provable(p: Property): boolean {
  return p.smt?.encode !== undefined;
}

function scriptOf(s0: State, events: readonly Event[], header: string): string {
  return `# ${header}\n` + stringify({ events: events.map((e) => eventToScript(s0.topo, e)) }, { flowCollectionPadding: false });
}

interface Encoded {
  readonly property: Property;
  readonly queries: readonly Query[];
  readonly error?: string;
}

export async function proveProperties(scenario: Scenario, properties: readonly Property[], opts: ProveOptions): Promise<ProofVerdict[]> {
  const encoded: Encoded[] = [];
  const verdicts = new Map<Property, ProofVerdict>();
  const base = { runs: 0, events: 0, findings: [] as Finding[], solved: [] as Solved[], notes: [] as string[] };
  for (const p of properties) {
    // Applicability first: a property whose subject does not exist (no DMA device) is not
    // applicable, whoever was asked; one that applies and has no obligation here is not checked.
    const app = p.applies(scenario);
    if (!app.applies) {
      verdicts.set(p, { ...base, property: p.id, status: 'not-applicable', engine: 'none', reason: app.reason, timeMs: 0 });
      continue;
    }
    if (!p.smt?.encode) {
      verdicts.set(p, { ...base, property: p.id, status: 'not-checked', engine: 'z3', reason: 'the property has no configuration-level obligation for Z3', timeMs: 0 });
      continue;
    }
    try {
      encoded.push({ property: p, queries: p.smt.encode(scenario) });
    } catch (e) {
      encoded.push({ property: p, queries: [], error: `the encoding crashed: ${(e as Error).message}` });
    }
  }
  const all = encoded.flatMap((e) => e.queries);
  opts.onProgress?.(`solving ${all.length} queries`);
  const solved = await opts.pool.solveAll(all);

  let offset = 0;
  const model = opts.model ?? REAL_MODEL;
  let s0: State | undefined;
  for (const e of encoded) {
    const mine = solved.slice(offset, offset + e.queries.length);
    offset += e.queries.length;
    verdicts.set(e.property, decide(scenario, e, mine, model, () => (s0 ??= model.boot(scenario)), opts.cwd));
  }
  return properties.map((p) => verdicts.get(p)!);
}

function decide(scenario: Scenario, e: Encoded, solved: readonly Solved[], model: Model, boot: () => State, cwd?: string): ProofVerdict {
  const p = e.property;
  const timeMs = solved.reduce((a, s) => a + s.timeMs, 0);
  const common = { property: p.id, engine: 'z3' as const, runs: 0, solved, timeMs };
  if (e.error !== undefined) return { ...common, status: 'inconclusive', reason: e.error, events: 0, findings: [], notes: [] };
  // An obligation of no query proves nothing: the claim was not checked, never "holds".
  if (solved.length === 0) return { ...common, status: 'not-checked', reason: 'the configuration-level obligation is no query on this scenario: nothing was proved', events: 0, findings: [], notes: [] };

  const findings: Finding[] = [];
  const notes: string[] = [];
  const bugs: string[] = [];
  const unknown: string[] = [];
  let counterexample: Counterexample | undefined;
  let events = 0;
  for (const s of solved) {
    const a = s.answer;
    if (a.status === 'unsat') continue;
    if (a.status === 'unknown') {
      unknown.push(`${s.query.id}: ${a.reason}`);
      continue;
    }
    let w;
    try {
      w = p.smt!.witness!(scenario, s.query, a.model);
    } catch (err) {
      bugs.push(`${s.query.id}: ${(err as Error).message}`);
      continue;
    }
    findings.push(...w.findings);
    if (w.events === undefined || w.events.length === 0) {
      if (w.findings.length === 0) {
        bugs.push(`${s.query.id} is SAT (a breach exists) but its witness names no finding and no events`);
        continue;
      }
      notes.push(`${s.query.id}: decided on the configuration; no event trace can show it: ${w.unobservable ?? (p.observable ? 'the witness names no events' : 'the hypervisor model does not simulate this resource')}`);
      continue;
    }
    if (p.monitor === undefined) {
      bugs.push(`${s.query.id}: the witness has events but the property has no monitor to replay them under`);
      continue;
    }
    let replay;
    try {
      const start = boot();
      replay = runMonitored(model, start, p, w.events, true);
      events += w.events.length;
      if (replay.findings.length === 0) {
        bugs.push(`BUG in hvsafe: the Z3 witness of ${s.query.id} (${w.findings[0]?.message ?? 'a breach'}) did not reproduce when its ${w.events.length} event(s) were replayed from boot; the encoding and the model disagree`);
        continue;
      }
      if (counterexample === undefined) {
        const shown = w.events.slice(0, Math.max(1, replay.steps.length));
        counterexample = {
          token: `z3:${s.query.id}`,
          events: shown,
          steps: replay.steps,
          findings: replay.findings,
          script: scriptOf(start, shown, `hvsafe Z3 witness for ${p.id} on ${scenario.name} (query ${s.query.id}, sha256 ${s.hash}) — replay: hvsafe simulate ${shownPath(scenario.file, cwd)} --script <this file>`),
        };
      }
    } catch (err) {
      bugs.push(`a check crashed while replaying the Z3 witness of ${s.query.id}: ${(err as Error).message}`);
    }
  }
  const all = counterexample ? [...findings, ...counterexample.findings] : findings;
  const base = { ...common, events, findings: all, notes, ...(counterexample ? { counterexample } : {}) };
  if (bugs.length > 0) return { ...base, status: 'inconclusive', reason: bugs.map((b) => (b.startsWith('BUG') ? b : `BUG in hvsafe: ${b}`)).join('; ') };
  if (all.length > 0 && unknown.length === 0) return { ...base, status: 'violated' };
  if (all.length > 0) return { ...base, status: 'violated', notes: [...notes, `also unanswered: ${unknown.join('; ')}`] };
  if (unknown.length > 0) return { ...base, status: 'inconclusive', reason: `the solver could not decide ${unknown.length} of ${solved.length} queries: ${unknown.join('; ')}` };
  // Holds is earned, not left over: every query of the obligation (there is at least one) UNSAT.
  if (solved.every((s) => s.answer.status === 'unsat')) return { ...base, status: 'holds' };
  return { ...base, status: 'inconclusive', reason: `BUG in hvsafe: ${solved.filter((s) => s.answer.status !== 'unsat').length} of ${solved.length} queries are not UNSAT, yet no breach and no unknown was recorded` };
}
