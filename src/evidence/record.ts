// From verdicts to evidence records: one record per (property, engine) verdict, holding what
// produced it and nothing that varies between machines (paths are relative, wall-clock times
// sit in `timing`, which the ID leaves out).

import { match } from 'ts-pattern';
import type { Scenario, SourceRef } from '../config/types.js';
import type { Topology } from '../hv/topology.js';
import type { Counterexample, EngineName, Verdict } from '../pbt/engine.js';
import { describeEvent, describeObservation } from '../sim/describe.js';
import { solverPackage } from '../smt/cache.js';
import type { ProofVerdict } from '../smt/prove.js';
import type { Answer, Solved } from '../smt/query.js';
import type { Finding, Property } from '../../proofs/property.js';
import { canonical, hexBigint, sha256Hex, toJson } from './canonical.js';
import { evidencePath } from './inputs.js';
import type { EvidenceEngine, EvidenceRecord, InputDigest, Json, QueryRef, ToolInfo } from './types.js';

/** What every record of one run shares. */
export interface RecordContext {
  /** Paths are written relative to this folder. */
  readonly cwd: string;
  readonly scenario: Scenario;
  readonly topo: Topology;
  /** The run's base options; each property's own seed comes from its verdict. */
  readonly options: {
    readonly runs: number;
    readonly maxSteps: number;
    readonly seed: number;
    readonly replay?: string | null;
    readonly timeoutMs?: number;
    /** The Z3 build that answered (the cache's name for it); default the z3-solver package. */
    readonly solver?: string;
    /** A shard by runs drew only runs [from, to) of `runs`: recorded so shards merge without gaps or overlaps. */
    readonly runRange?: { readonly from: number; readonly to: number };
  };
  readonly inputs: readonly InputDigest[];
  readonly tool: ToolInfo;
  readonly startedAt?: string;
}

/** The record's ID: sha256 of its canonical JSON without `timing`. */
export function recordId(record: EvidenceRecord): string {
  const { timing: _timing, ...rest } = record;
  return sha256Hex(canonical(rest));
}

function ref(at: SourceRef, cwd: string): Json {
  return { file: evidencePath(at.file, cwd), line: at.line, column: at.column };
}

export function findingJson(f: Finding, cwd: string): Json {
  return toJson({
    message: f.message,
    actor: f.actor,
    victim: f.victim,
    resource: f.resource,
    address: f.address === undefined ? undefined : hexBigint(f.address),
    via: f.via,
    at: ref(f.at, cwd),
    related: f.related?.map((r) => ref(r, cwd)),
    fix: f.fix,
  });
}

/**
 * The engine a property would have run: for a check that crashed before it said which, so
 * the inconclusive record still sits under the property's real engine.
 */
function intendedEngine(p: Property | undefined): EvidenceEngine {
  if (p === undefined) return 'config';
  if (p.relational !== undefined && p.monitor === undefined) return 'pbt-2safety';
  if (p.monitor !== undefined) return p.checkConfig !== undefined ? 'config+pbt' : 'pbt';
  return 'config';
}

function evidenceEngine(v: Verdict, p: Property | undefined): EvidenceEngine {
  // Widened by 'z3' so this compiles before and after the solver engine joins the union.
  const e: EngineName | 'z3' = v.engine;
  switch (e) {
    case 'config':
    case 'pbt':
    case 'config+pbt':
    case 'pbt-2safety':
    case 'z3':
      return e;
    case 'none':
      // Applicability is decided on the configuration; a crash keeps the engine it was meant for.
      return v.status === 'not-applicable' ? 'config' : intendedEngine(p);
    default: {
      const never: never = e;
      throw new Error(`no evidence engine for '${String(never)}'`);
    }
  }
}

function common(ctx: RecordContext): Pick<EvidenceRecord, 'inputs' | 'tool'> {
  return { inputs: ctx.inputs, tool: ctx.tool };
}

function timing(wallMs: number, ctx: RecordContext): EvidenceRecord['timing'] {
  return { wallMs: Math.round(wallMs * 1000) / 1000, ...(ctx.startedAt !== undefined ? { startedAt: ctx.startedAt } : {}) };
}

/** Texts written for people (reasons, scripts' headers) name the scenario by absolute path. */
function relativize(text: string, ctx: RecordContext): string {
  return ctx.scenario.files.reduce((t, f) => t.split(f).join(evidencePath(f, ctx.cwd)), text);
}

/** A replayed counterexample: its token, the event script, and each step as the model took it. */
function counterexampleJson(ce: Counterexample, ctx: RecordContext): { readonly [k: string]: Json } {
  return toJson({
    token: ce.token,
    attacker: ce.attacker === undefined ? undefined : ctx.scenario.vms[ce.attacker]?.name,
    script: relativize(ce.script, ctx),
    steps: ce.steps.map((s) => ({
      index: s.index + 1,
      at: s.at,
      role: s.role,
      event: describeEvent(ctx.topo, s.event),
      observations: s.observations.map((o) => describeObservation(ctx.topo, o)),
    })),
  }) as { readonly [k: string]: Json };
}

/** One record for a property-engine verdict (config, pbt, config+pbt, pbt-2safety). */
export function verdictRecord(v: Verdict, ctx: RecordContext, property?: Property): EvidenceRecord {
  const engine = evidenceEngine(v, property);
  const dynamic = engine !== 'config' && v.status !== 'not-applicable';
  const parameters: Record<string, Json> = dynamic
    ? {
        runs: ctx.options.replay ? 1 : ctx.options.runs,
        maxSteps: v.maxSteps ?? ctx.options.maxSteps,
        baseSeed: ctx.options.seed,
        ...(v.seed !== undefined ? { seed: v.seed } : {}),
        ...(ctx.options.replay ? { replay: ctx.options.replay } : {}),
        ...(ctx.options.runRange !== undefined && !ctx.options.replay ? { runRange: [ctx.options.runRange.from, ctx.options.runRange.to] } : {}),
      }
    : {};
  const ce = v.counterexample;
  const record: EvidenceRecord = {
    schema: 'hvsafe.evidence/v1',
    property: v.property,
    engine,
    verdict: v.status,
    ...(v.reason !== undefined ? { reason: relativize(v.reason, ctx) } : {}),
    parameters,
    ...(dynamic ? { figures: { runs: v.runs, events: v.events } } : {}),
    findings: v.findings.map((f) => findingJson(f, ctx.cwd)),
    ...(ce !== undefined ? { counterexample: counterexampleJson(ce, ctx) } : {}),
    ...measuresOf(v, ctx.cwd),
    ...common(ctx),
    timing: timing(v.timeMs, ctx),
  };
  return record;
}

/** The figures a verdict rests on (latency bounds, response times), paths made relative. */
function measuresOf(v: Verdict, cwd: string): Pick<EvidenceRecord, 'measures'> {
  const ms = v.measures ?? [];
  if (ms.length === 0) return {};
  return {
    measures: ms.map((m) => ({
      name: m.name,
      value: m.value,
      ...(m.unit !== undefined ? { unit: m.unit } : {}),
      ...(m.limit !== undefined ? { limit: m.limit } : {}),
      ...(m.at !== undefined ? { at: { file: evidencePath(m.at.file, cwd), line: m.at.line, column: m.at.column } } : {}),
    })),
  };
}

// ---------------------------------------------------------------- z3

function answerVerdict(a: Answer): 'holds' | 'violated' | 'inconclusive' {
  return match(a)
    .with({ status: 'unsat' }, () => 'holds' as const)
    .with({ status: 'sat' }, () => 'violated' as const)
    .with({ status: 'unknown' }, () => 'inconclusive' as const)
    .exhaustive();
}

export interface Z3Extra {
  /** The engine's own verdict; it may weaken what the answers say (a witness that did not replay), never strengthen it. */
  readonly verdict?: EvidenceRecord['verdict'];
  readonly reason?: string;
  readonly findings?: readonly Finding[];
  /** The replayed witness, when a SAT model became an event trace. */
  readonly counterexample?: Counterexample;
  readonly notes?: readonly string[];
  readonly wallMs?: number;
}

/**
 * One record for a property's solver queries: holds only when there is at least one query and
 * every query is UNSAT; any SAT is a violation (its model in the counterexample); otherwise any
 * unknown is inconclusive; no query at all is not-checked (nothing was proved).
 * The solver is named by its package (the same whether an answer came from the cache or not);
 * which answers were cached, and the builds that gave the others, sit in `timing`.
 */
export function z3Record(property: string, solved: readonly Solved[], ctx: RecordContext, extra: Z3Extra = {}): EvidenceRecord {
  const sorted = [...solved].sort((a, b) => (a.query.id < b.query.id ? -1 : a.query.id > b.query.id ? 1 : 0));
  const verdicts = sorted.map((s) => answerVerdict(s.answer));
  const fromAnswers = verdicts.length === 0 ? 'not-checked' : verdicts.includes('violated') ? 'violated' : verdicts.includes('inconclusive') ? 'inconclusive' : 'holds';
  // The engine may weaken what the answers say; "holds" or "not checked" from it defers to them.
  const verdict = extra.verdict === undefined || extra.verdict === 'holds' || extra.verdict === 'not-checked' ? fromAnswers : extra.verdict;
  const unknowns = sorted.flatMap((s) => (s.answer.status === 'unknown' ? [`${s.query.id}: ${s.answer.reason}`] : []));
  const queries: QueryRef[] = sorted.map((s) => ({
    id: s.query.id,
    hash: s.hash,
    expected: 'unsat',
    answer: s.answer.status,
    smt2: `smt2/${s.hash}.smt2`,
    ...(s.query.bound !== undefined ? { bound: s.query.bound } : {}),
  }));
  const models = sorted.flatMap((s) => (s.answer.status === 'sat' ? [{ query: s.query.id, model: s.answer.model }] : []));
  const reason =
    extra.reason ??
    (verdict === 'inconclusive' && unknowns.length > 0 ? unknowns.join('; ') : verdict === 'not-checked' ? 'no solver query was run: nothing was proved' : undefined);
  const ce = extra.counterexample;
  const counterexample = ce !== undefined ? { ...counterexampleJson(ce, ctx), ...(models.length > 0 ? { models: toJson(models) } : {}) } : models.length > 0 ? (toJson({ models }) as { readonly [k: string]: Json }) : undefined;
  const fresh = sorted.filter((s) => !s.cached);
  return {
    schema: 'hvsafe.evidence/v1',
    property,
    engine: 'z3',
    verdict,
    ...(reason !== undefined ? { reason: relativize(reason, ctx) } : {}),
    parameters: toJson({ solver: ctx.options.solver ?? solverPackage(), timeoutMs: ctx.options.timeoutMs }) as { readonly [k: string]: Json },
    queries,
    findings: (extra.findings ?? []).map((f) => findingJson(f, ctx.cwd)),
    ...(counterexample !== undefined ? { counterexample } : {}),
    ...(extra.notes !== undefined && extra.notes.length > 0 ? { notes: extra.notes.map((n) => relativize(n, ctx)) } : {}),
    ...common(ctx),
    timing: {
      ...timing(extra.wallMs ?? sorted.reduce((a, s) => a + s.timeMs, 0), ctx),
      cachedQueries: sorted.length - fresh.length,
      solvers: [...new Set(fresh.map((s) => s.solver))].sort(),
    },
  };
}

/** The z3 engine's verdict on a property, with every query behind it. */
export function proofRecord(proof: ProofVerdict, ctx: RecordContext): EvidenceRecord {
  return z3Record(proof.property, proof.solved, ctx, {
    verdict: proof.status,
    ...(proof.reason !== undefined ? { reason: proof.reason } : {}),
    findings: proof.findings,
    ...(proof.counterexample !== undefined ? { counterexample: proof.counterexample } : {}),
    notes: proof.notes,
    wallMs: proof.timeMs,
  });
}
