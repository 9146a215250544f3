// The property engine: evaluates one catalog property on one scenario and returns a
// tri-state verdict. Configuration-level predicates are decided directly; trace predicates
// run as fast-check model-based tests (seeded, shrinking to minimal traces); 2-safety
// predicates run each drawn trace twice and compare. Every violation found on a trace is
// replayed from boot — through the event-script format — and must reproduce, or the verdict
// is inconclusive with a loud tool-bug reason.
//
// The model is a parameter ({boot, step}), so tests can run deliberately wrong variants.

import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Scenario } from '../config/types.js';
import { boot as realBoot } from '../hv/boot.js';
import type { Event } from '../hv/events.js';
import type { Observation } from '../hv/observations.js';
import type { State } from '../hv/state.js';
import { step as realStep, type StepResult } from '../hv/step.js';
import { eventToScript, parseScript, shownPath } from '../sim/script.js';
import { CheckInconclusive, type Finding, type Measure, type Property } from '../../proofs/property.js';
import { eventSpace } from './arbitraries.js';

export interface Model {
  boot(scenario: Scenario): State;
  step(state: State, event: Event): StepResult;
}

export const REAL_MODEL: Model = { boot: realBoot, step: realStep };

/**
 * A verdict's status. `not-applicable`: the property's subject does not exist in the system
 * (no DMA device, no channel), which is decided on the configuration. `not-checked`: nothing
 * decided the property (no engine that ran has an obligation for it): never a pass.
 */
export type Status = 'holds' | 'violated' | 'inconclusive' | 'not-applicable' | 'not-checked';
export type EngineName = 'config' | 'pbt' | 'config+pbt' | 'pbt-2safety' | 'z3' | 'none';

export interface ReplayedStep {
  readonly index: number;
  readonly event: Event;
  /** For 2-safety traces: whose event it was. */
  readonly role?: 'attacker' | 'base' | 'drop';
  readonly at: number;
  readonly observations: readonly Observation[];
}

export interface Counterexample {
  /** `property:seed/maxSteps:path`, accepted by `--replay`. */
  readonly token: string;
  readonly events: readonly Event[];
  /** 2-safety: the attacker VM (index). */
  readonly attacker?: number;
  readonly steps: readonly ReplayedStep[];
  readonly findings: readonly Finding[];
  /** The trace as an event script (YAML), replayable with `hvsafe simulate --script`. */
  readonly script: string;
}

export interface Verdict {
  readonly property: string;
  readonly status: Status;
  readonly engine: EngineName;
  readonly reason?: string;
  readonly runs: number;
  readonly events: number;
  readonly timeMs: number;
  readonly seed?: number;
  readonly maxSteps?: number;
  /** Configuration findings (decided statically) and the replayed trace's findings. */
  readonly findings: readonly Finding[];
  readonly counterexample?: Counterexample;
  /** Figures behind the verdict (bounds against requirements, witnesses), from the property. */
  readonly measures?: readonly Measure[];
  /** When several engines decided the property (check with z3): each one's own verdict and whether they agree. */
  readonly engines?: readonly EngineResult[];
  readonly agreement?: Agreement;
}

/** One engine's say on a property, inside a combined verdict. */
export interface EngineResult {
  readonly engine: EngineName;
  readonly status: Status;
  readonly reason?: string;
  readonly timeMs: number;
  /** z3: queries solved (and how many answered from the cache). */
  readonly queries?: number;
  readonly cached?: number;
}

/**
 * `agree`: every engine that ran gave the same status. `disagree`: one engine proved the claim
 * while another showed a violation (the proof is unsound or the encoding drifted from the model:
 * a failure in itself). `complementary`: one engine found what the other could not (z3 found a
 * breach the sampling missed, or one engine was inconclusive).
 */
export interface Agreement {
  readonly kind: 'agree' | 'disagree' | 'complementary';
  readonly detail?: string;
}

export interface EngineOptions {
  readonly runs: number;
  readonly maxSteps: number;
  /** Base seed; each property derives its own from it and its ID. */
  readonly seed: number;
  readonly model?: Model;
  /** Replay one fast-check path (from a token) instead of searching. */
  readonly replay?: { readonly seed: number; readonly path: string; readonly maxSteps: number };
  /** Stop searching after this long; a search cut short is inconclusive. */
  readonly timeLimitMs?: number;
  readonly onProgress?: (runsDone: number, runsTotal: number) => void;
  /**
   * Draw runs firstRun … firstRun+runs-1 of the seed's sequence instead of 0 … runs-1 (a shard
   * by runs): fast-check derives run i from the seed and i alone, and a failure's path counts
   * from run 0, so its replay token works without the offset.
   */
  readonly firstRun?: number;
  /** Where the user runs hvsafe: scripts name the scenario relative to it (default: the process's). */
  readonly cwd?: string;
}

export const DEFAULTS = { runs: 500, maxSteps: 50, seed: 1 } as const;

/** A stable 31-bit seed per (base seed, property). */
export function propertySeed(base: number, id: string): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (base >>> 16), 0x85ebca6b);
  return (h >>> 1) & 0x7fff_ffff;
}

export function formatToken(property: string, seed: number, maxSteps: number, path: string): string {
  return `${property}:${seed}/${maxSteps}:${path}`;
}

export function parseToken(token: string): { property: string; seed: number; maxSteps: number; path: string } | undefined {
  // The path is fast-check's (digits and colons), or `w<i>`: the constructed witness of
  // configuration finding i.
  const m = /^([a-z0-9.-]+):(\d+)\/(\d+):(\d+(?::\d+)*|w\d+)$/.exec(token.trim());
  if (m === null) return undefined;
  const seed = Number(m[2]);
  const maxSteps = Number(m[3]);
  if (!Number.isSafeInteger(seed) || seed > 0x7fff_ffff || !Number.isSafeInteger(maxSteps) || maxSteps < 1) return undefined;
  return { property: m[1]!, seed, maxSteps, path: m[4]! };
}

// ---------------------------------------------------------------- running traces

interface TraceRun {
  readonly findings: Finding[];
  readonly steps: ReplayedStep[];
}

/** Run a single trace under a property's monitor; stop at the first step with findings. */
export function runMonitored(model: Model, s0: State, property: Property, events: readonly Event[], keepSteps = false): TraceRun {
  const mon = property.monitor!(s0.topo);
  const findings: Finding[] = [...(mon.start?.(s0) ?? [])];
  const steps: ReplayedStep[] = [];
  let s = s0;
  if (findings.length > 0) return { findings, steps };
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const r = model.step(s, e);
    if (keepSteps) steps.push({ index: i, event: e, at: s.now, observations: r.observations });
    const f = mon.step(s, e, r.state, r.observations, i);
    s = r.state;
    if (f.length > 0) return { findings: [...f], steps };
  }
  findings.push(...(mon.end?.(s) ?? []));
  return { findings, steps };
}

/** Run a trace twice (with and without the attacker's events) and compare the others' views. */
export function runRelational(model: Model, s0: State, property: Property, attacker: number, events: readonly Event[], keepSteps = false): TraceRun {
  const rel = property.relational!;
  const topo = s0.topo;
  const nvm = topo.scenario.vms.length;
  let s1 = s0;
  let s2 = s0;
  let obs1: Observation[] = [];
  let obs2: Observation[] = [];
  const steps: ReplayedStep[] = [];
  const compare = (): Finding[] => {
    if (rel.firstDifference !== undefined) {
      const d = rel.firstDifference(topo, attacker, s1, obs1, s2, obs2);
      return d === undefined ? [] : [rel.explain(topo, attacker, d.vm, d.part, d.withAttacker, d.without)];
    }
    for (let v = 0; v < nvm; v++) {
      if (v === attacker) continue;
      const a = rel.view(topo, attacker, v, s1, obs1);
      const b = rel.view(topo, attacker, v, s2, obs2);
      for (const [part, x] of a) {
        const y = b.get(part) ?? '';
        if (x !== y) return [rel.explain(topo, attacker, v, part, x, y)];
      }
    }
    return [];
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const role = rel.classify(topo, attacker, e);
    if (role === 'drop') {
      if (keepSteps) steps.push({ index: i, event: e, role, at: s1.now, observations: [] });
      continue;
    }
    const r1 = model.step(s1, e);
    const r2 = role === 'attacker' ? undefined : model.step(s2, e);
    if (r2 !== undefined && rel.unscheduled?.(topo, attacker, e, r1.observations, r2.observations) === true) {
      if (keepSteps) steps.push({ index: i, event: e, role: 'drop', at: s1.now, observations: [] });
      continue;
    }
    if (keepSteps) steps.push({ index: i, event: e, role, at: s1.now, observations: r1.observations });
    s1 = r1.state;
    obs1.push(...r1.observations);
    if (r2 === undefined) continue;
    s2 = r2.state;
    obs2.push(...r2.observations);
    const f = compare();
    if (f.length > 0) return { findings: f, steps };
    obs1 = [];
    obs2 = [];
  }
  return { findings: compare(), steps };
}

// ---------------------------------------------------------------- minimizing

/**
 * Delta debugging after fast-check's shrink: fast-check shrinks within the arbitrary (shorter
 * prefixes, smaller values), but an event that does not matter in the middle of a trace often
 * survives it (an unrelated interrupt storm beside a DMA breach). Drop every event whose
 * removal keeps the trace failing, replaying from boot each time, until no single event can
 * go (1-minimal). Deterministic, so a replay token yields the same minimal trace. The number
 * of replays is bounded by n² for a trace of n events (at most maxSteps, 50 by default).
 */
export function deltaDebug<E>(events: readonly E[], fails: (events: readonly E[]) => boolean): E[] {
  let current = [...events];
  let changed = true;
  while (changed && current.length > 1) {
    changed = false;
    // From the end: later events are more often the ones a shrunk trace no longer needs.
    for (let i = current.length - 1; i >= 0 && current.length > 1; i--) {
      const without = [...current.slice(0, i), ...current.slice(i + 1)];
      if (fails(without)) {
        current = without;
        changed = true;
      }
    }
  }
  return current;
}

// ---------------------------------------------------------------- the engine

function scriptOf(s0: State, events: readonly Event[], header: string): string {
  return `# ${header}\n` + stringify({ events: events.map((e) => eventToScript(s0.topo, e)) }, { flowCollectionPadding: false });
}

/** Replay through the script format: events → YAML → parse → events. A mismatch is a tool bug. */
function viaScript(s0: State, events: readonly Event[]): { events: Event[] } | { error: string } {
  const text = scriptOf(s0, events, 'replay');
  const parsed = parseScript(text, '<counterexample>', s0.topo);
  if (!parsed.ok) return { error: `the counterexample does not survive the event-script format: ${parsed.diagnostics.map((d) => d.message).join('; ')}` };
  return { events: parsed.value };
}

type Drawn = { attacker: number; events: Event[] };

export function checkProperty(scenario: Scenario, property: Property, opts: EngineOptions): Verdict {
  const v = decide(scenario, property, opts);
  if (v.status === 'not-applicable' || property.measures === undefined) return v;
  try {
    return { ...v, measures: property.measures(scenario) };
  } catch (e) {
    // Evidence that cannot be computed leaves a verdict that rests on it unproven; a replayed
    // violation stands on its own.
    const why = e instanceof CheckInconclusive ? e.message : `computing the measures crashed: ${(e as Error).message}`;
    return v.status === 'violated' ? v : { ...v, status: 'inconclusive', reason: v.reason ?? why };
  }
}

function decide(scenario: Scenario, property: Property, opts: EngineOptions): Verdict {
  const t0 = performance.now();
  const base = { property: property.id };
  const app = property.applies(scenario);
  if (!app.applies) return { ...base, status: 'not-applicable', engine: 'none', reason: app.reason, runs: 0, events: 0, timeMs: 0, findings: [] };

  let configFindings: readonly Finding[] = [];
  try {
    configFindings = property.checkConfig?.(scenario) ?? [];
  } catch (e) {
    const reason = e instanceof CheckInconclusive ? e.message : `the configuration check crashed: ${(e as Error).message}`;
    return { ...base, status: 'inconclusive', engine: 'config', reason, runs: 0, events: 0, timeMs: performance.now() - t0, findings: [] };
  }
  const dynamic = property.monitor !== undefined || property.relational !== undefined;
  if (!dynamic) {
    return {
      ...base,
      status: configFindings.length > 0 ? 'violated' : 'holds',
      engine: 'config',
      runs: 0,
      events: 0,
      timeMs: performance.now() - t0,
      findings: configFindings,
    };
  }

  const model = opts.model ?? REAL_MODEL;
  let s0: State;
  try {
    s0 = model.boot(scenario);
  } catch (e) {
    return { ...base, status: 'inconclusive', engine: 'pbt', reason: `boot crashed: ${(e as Error).message}`, runs: 0, events: 0, timeMs: performance.now() - t0, findings: configFindings };
  }
  const relational = property.relational !== undefined && property.monitor === undefined;
  const engine: EngineName = relational ? 'pbt-2safety' : property.checkConfig ? 'config+pbt' : 'pbt';
  const maxSteps = opts.replay?.maxSteps ?? opts.maxSteps;
  const witnessed = configWitness(scenario, property, opts, model, s0, configFindings, engine, t0);
  if (witnessed !== undefined) return witnessed;
  const space = eventSpace(s0, property.stimulus, maxSteps);
  const nvm = scenario.vms.length;
  const drawn: fc.Arbitrary<Drawn> = fc
    .tuple(fc.integer({ min: 0, max: Math.max(0, nvm - 1) }), space.trace)
    .map(([attacker, events]) => ({ attacker, events }));
  const evaluate = (d: Drawn, keep = false): TraceRun =>
    relational ? runRelational(model, s0, property, d.attacker, d.events, keep) : runMonitored(model, s0, property, d.events, keep);

  let runs = 0;
  let events = 0;
  const predicate = fc.property(drawn, (d) => {
    runs++;
    events += d.events.length;
    if (opts.onProgress && runs % 25 === 0) opts.onProgress(runs, opts.runs);
    return evaluate(d).findings.length === 0;
  });
  const seed = opts.replay?.seed ?? propertySeed(opts.seed, property.id);
  const params: fc.Parameters<[Drawn]> = {
    seed,
    numRuns: opts.replay ? 1 : opts.runs,
    endOnFailure: false,
    ...(opts.replay ? { path: opts.replay.path } : opts.firstRun ? { path: String(opts.firstRun) } : {}),
    ...(opts.timeLimitMs !== undefined ? { interruptAfterTimeLimit: opts.timeLimitMs, markInterruptAsFailure: false } : {}),
  };
  const details = fc.check(predicate, params);
  const fig = { runs: details.numRuns, events, timeMs: performance.now() - t0, seed, maxSteps };

  if (!details.failed) {
    if (details.interrupted) {
      return { ...base, ...fig, status: configFindings.length > 0 ? 'violated' : 'inconclusive', engine, reason: `time limit reached after ${details.numRuns} of ${opts.runs} runs`, findings: configFindings };
    }
    if (opts.replay) {
      return { ...base, ...fig, status: 'inconclusive', engine, reason: `the replay token did not reproduce a violation: either the model changed since the token was made, or this is a bug in hvsafe`, findings: configFindings };
    }
    return { ...base, ...fig, status: configFindings.length > 0 ? 'violated' : 'holds', engine, findings: configFindings };
  }

  // A failure: replay the shrunk trace from boot, through the script format, and demand the same.
  const ce = details.counterexample?.[0];
  const token = formatToken(property.id, seed, maxSteps, details.counterexamplePath ?? '');
  if (ce === undefined) {
    return { ...base, ...fig, status: 'inconclusive', engine, reason: `BUG in hvsafe: fast-check reported a failure without a counterexample (${token})`, findings: configFindings };
  }
  let minimal: Event[];
  try {
    minimal = deltaDebug(ce.events, (events) => evaluate({ attacker: ce.attacker, events: [...events] }).findings.length > 0);
  } catch (e) {
    return { ...base, ...fig, status: 'inconclusive', engine, reason: `a check crashed while minimizing the counterexample: ${(e as Error).message} (replay: --replay ${token})`, findings: configFindings };
  }
  const round = viaScript(s0, minimal);
  if ('error' in round) {
    return { ...base, ...fig, status: 'inconclusive', engine, reason: `BUG in hvsafe: ${round.error} (${token})`, findings: configFindings };
  }
  let replay: TraceRun;
  try {
    replay = evaluate({ attacker: ce.attacker, events: round.events }, true);
  } catch (e) {
    // The model or a monitor threw: step is meant to be total, so this is a crash inside the check.
    return {
      ...base,
      ...fig,
      status: 'inconclusive',
      engine,
      reason: `a check crashed on a trace of ${round.events.length} events: ${(e as Error).message} (replay: --replay ${token})`,
      findings: configFindings,
    };
  }
  if (replay.findings.length === 0) {
    return {
      ...base,
      ...fig,
      status: 'inconclusive',
      engine,
      reason: `BUG in hvsafe: the counterexample did not reproduce when replayed from boot (${token}); the model or the monitor is not deterministic`,
      findings: configFindings,
    };
  }
  // A monitored trace stops at its first finding: what follows it is not part of the witness.
  const witness = relational ? round.events : round.events.slice(0, Math.max(1, replay.steps.length));
  const header = `hvsafe counterexample for ${property.id} on ${scenario.name}${relational ? ` (attacker: ${scenario.vms[ce.attacker]?.name})` : ''} — replay: hvsafe check ${shownPath(scenario.file, opts.cwd)} --replay ${token}`;
  const counterexample: Counterexample = {
    token,
    events: witness,
    ...(relational ? { attacker: ce.attacker } : {}),
    steps: replay.steps,
    findings: replay.findings,
    script: scriptOf(s0, witness, header),
  };
  return { ...base, ...fig, status: 'violated', engine, findings: [...configFindings, ...replay.findings], counterexample };
}

/**
 * A configuration finding of an observable property with a constructed witness: replay the
 * witness from boot (through the script format) under the monitor. A witness that reproduces
 * is the counterexample; one that does not is a disagreement between the configuration check
 * and the model — a bug in hvsafe, reported as inconclusive. undefined: no witness to try,
 * search as usual.
 */
function configWitness(
  scenario: Scenario,
  property: Property,
  opts: EngineOptions,
  model: Model,
  s0: State,
  configFindings: readonly Finding[],
  engine: EngineName,
  t0: number,
): Verdict | undefined {
  const wanted = opts.replay === undefined ? undefined : /^w(\d+)$/.exec(opts.replay.path);
  if (opts.replay !== undefined && wanted === null) return undefined;
  const seed = opts.replay?.seed ?? propertySeed(opts.seed, property.id);
  const maxSteps = opts.replay?.maxSteps ?? opts.maxSteps;
  const possible = property.witnessTrace !== undefined && property.monitor !== undefined;
  for (let i = 0; possible && i < configFindings.length; i++) {
    if (wanted != null && Number(wanted[1]) !== i) continue;
    const finding = configFindings[i]!;
    const events = property.witnessTrace!(scenario, finding);
    if (events === undefined) continue;
    const token = formatToken(property.id, seed, maxSteps, `w${i}`);
    const fig = { property: property.id, engine, runs: 1, events: events.length, seed, maxSteps, findings: configFindings };
    const round = viaScript(s0, events);
    if ('error' in round) return { ...fig, status: 'inconclusive', reason: `BUG in hvsafe: ${round.error} (${token})`, timeMs: performance.now() - t0 };
    let replay: TraceRun;
    try {
      replay = runMonitored(model, s0, property, round.events, true);
    } catch (e) {
      return { ...fig, status: 'inconclusive', reason: `a check crashed on the witness trace of ${round.events.length} events: ${(e as Error).message} (${token})`, timeMs: performance.now() - t0 };
    }
    if (replay.findings.length === 0) {
      return {
        ...fig,
        status: 'inconclusive',
        reason: `BUG in hvsafe: the witness trace built for the configuration finding "${finding.message}" did not reproduce on the model (${token}); the analysis and the model disagree`,
        timeMs: performance.now() - t0,
      };
    }
    const witness = round.events.slice(0, Math.max(1, replay.steps.length));
    const header = `hvsafe counterexample for ${property.id} on ${scenario.name} (worst-case witness of a configuration finding) — replay: hvsafe check ${shownPath(scenario.file, opts.cwd)} --replay ${token}`;
    const counterexample: Counterexample = { token, events: witness, steps: replay.steps, findings: replay.findings, script: scriptOf(s0, witness, header) };
    return { ...fig, status: 'violated', findings: [...configFindings, ...replay.findings], counterexample, timeMs: performance.now() - t0 };
  }
  if (wanted != null) {
    return {
      property: property.id,
      status: 'inconclusive',
      engine,
      reason: 'the replay token names a witness this configuration does not produce: either the scenario changed since the token was made, or this is a bug in hvsafe',
      runs: 0,
      events: 0,
      timeMs: performance.now() - t0,
      seed,
      maxSteps,
      findings: configFindings,
    };
  }
  return undefined;
}

/** Run a given trace (not drawn) under a property, for tests and hand-written replays. */
export function checkTrace(scenario: Scenario, property: Property, events: readonly Event[], model: Model = REAL_MODEL, attacker = 0): readonly Finding[] {
  const s0 = model.boot(scenario);
  if (property.relational !== undefined && property.monitor === undefined) return runRelational(model, s0, property, attacker, events).findings;
  if (property.monitor === undefined) return [];
  return runMonitored(model, s0, property, events).findings;
}
