// One check run: every selected property of the catalog on one scenario, through every
// engine that can decide it. Shared by `hvsafe check` and `hvsafe report`, so the safety case
// argues from exactly what `check` would report.

import { backendName, WASM, type Backend } from '../smt/backend.js';
import type { Scenario } from '../config/types.js';
import type { Property } from '../../proofs/property.js';
import { checkProperty, type EngineOptions, type Verdict } from '../pbt/engine.js';
import { defaultCacheDir, fileCache } from '../smt/cache.js';
import { createPool } from '../smt/pool.js';
import { proveProperties, provable, type ProofVerdict } from '../smt/prove.js';
import type { Solved } from '../smt/query.js';
import { combine } from './agree.js';
import { searchFromBoot, type Reach } from './reach.js';
import { foldTransitions } from './transition-level.js';
import { proveTransitions, type TransitionReport } from '../smt/levels.js';

export interface CheckOptions {
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed: number;
  readonly replay?: EngineOptions['replay'];
  /** Replay a Z3 witness (`--replay z3:ID`): solve only the query with this ID. */
  readonly replayQuery?: string;
  /** Called before each property, and with run counts while one runs. */
  readonly onProgress?: (property: Property, index: number, total: number, runsDone?: number, runsTotal?: number) => void;
  /** Called when a stage without per-property steps starts (the Z3 proofs). */
  readonly onPhase?: (text: string) => void;
  /** Engines to run (default both): `pbt` = configuration check + property tests, `z3` = configuration proofs. */
  readonly engines?: readonly ('pbt' | 'z3')[];
  /** Z3 settings; the cache lives under `cwd` unless `cache` is false. */
  readonly z3?: { readonly jobs?: number; readonly timeoutMs?: number; readonly cache?: boolean; readonly cwd?: string; readonly backend?: Backend };
  /** A shard by runs: each property test draws only runs [from, to) of its `runs` (check/shard.ts). */
  readonly runRange?: { readonly from: number; readonly to: number };
  /** Which properties get their Z3 proof in this run (default all): a shard by runs proves each in one shard. */
  readonly proves?: (p: Property) => boolean;
  /**
   * Z3 proof levels (default config): `config` = the configuration-level claims, `transition` =
   * the inductive invariants and unwinding conditions, folded into each property's Z3 verdict.
   */
  readonly levels?: readonly ('config' | 'transition')[];
}

export interface CheckRun {
  readonly scenario: Scenario;
  readonly properties: readonly Property[];
  /** One per property: every engine that ran, combined (see check/agree.ts). */
  readonly verdicts: readonly Verdict[];
  /** The Z3 engine's own verdicts (empty when it did not run). */
  readonly proofs: readonly ProofVerdict[];
  /**
   * The property engine's own verdicts (configuration check and property tests) before they
   * are combined with Z3's (empty when it did not run): the evidence records one per engine.
   */
  readonly tests: readonly Verdict[];
  /** Every query the Z3 engine solved (hash, answer, text): for the evidence records. */
  readonly solved: readonly Solved[];
  /** The transition level, when it ran: every query, what failed, and the searches from boot. */
  readonly transitions?: { readonly report: TransitionReport; readonly reach: ReadonlyMap<string, Reach> };
}

export async function runCheck(scenario: Scenario, properties: readonly Property[], opts: CheckOptions): Promise<CheckRun> {
  const engines = opts.engines ?? ['pbt', 'z3'];
  // Replaying a property-test token is about that trace alone.
  const withZ3 = engines.includes('z3') && opts.replay === undefined;
  const levels = opts.levels ?? ['config'];
  let proofs: ProofVerdict[] = [];
  let transitions: CheckRun['transitions'];
  if (withZ3) {
    const z = opts.z3 ?? {};
    const pool = createPool({
      jobs: z.jobs ?? 1,
      timeoutMs: z.timeoutMs ?? 60_000,
      ...(z.backend !== undefined ? { backend: z.backend } : {}),
      ...(z.cache === false ? {} : { cache: fileCache(defaultCacheDir(z.cwd ?? process.cwd()), backendName(z.backend ?? WASM)) }),
    });
    try {
      opts.onPhase?.('z3: configuration proofs');
      const only = opts.replayQuery;
      // Beside the property tests, Z3 is asked only about what it has an obligation for; alone,
      // about every property, so each one it cannot decide is recorded as not checked.
      const toProve = properties
        .filter((p) => (provable(p) || !engines.includes('pbt')) && (opts.proves?.(p) ?? true))
        .map((p): Property => (only === undefined || !provable(p) ? p : { ...p, smt: { ...p.smt!, encode: (s: Scenario) => p.smt!.encode!(s).filter((q) => q.id === only) } }));
      if (levels.includes('config')) proofs = await proveProperties(scenario, toProve, { pool, cwd: z.cwd ?? process.cwd(), ...(opts.onPhase !== undefined ? { onProgress: (t: string) => opts.onPhase?.(`z3: ${t}`) } : {}) });
      // A Z3 replay is about its one configuration-level query.
      if (levels.includes('transition') && only === undefined) {
        opts.onPhase?.('z3: transition level (inductive invariants, unwinding)');
        const ids = new Set(toProve.map((p) => p.id));
        const report = await proveTransitions(scenario, pool, ids);
        const reach = report.failed.length > 0 ? searchFromBoot(scenario, report, { runs: opts.runs, maxSteps: opts.maxSteps, seed: opts.seed }) : new Map<string, Reach>();
        transitions = { report, reach };
        proofs = toProve.map((p) => foldTransitions(p, proofs.find((v) => v.property === p.id), report, reach)).filter((v): v is ProofVerdict => v !== undefined);
      }
    } finally {
      await pool.close();
    }
  }
  const proofOf = (p: Property) => proofs.find((v) => v.property === p.id);
  const solved = proofs.flatMap((v) => v.solved);
  if (!engines.includes('pbt')) {
    // A property Z3 did not decide was not checked (never "not applicable": its subject may well exist).
    const verdicts = properties.map(
      (p): Verdict => {
        const v = proofOf(p);
        if (v !== undefined && v.status !== 'not-checked') return v;
        return { property: p.id, status: 'not-checked', engine: 'z3', reason: `${v?.reason ?? 'no Z3 proof of this property in this run'}; run the pbt engine to check it`, runs: 0, events: 0, timeMs: 0, findings: [] };
      },
    );
    return { scenario, properties, verdicts, proofs, solved, tests: [], ...(transitions !== undefined ? { transitions } : {}) };
  }
  const verdicts: Verdict[] = [];
  const tests: Verdict[] = [];
  properties.forEach((p, i) => {
    opts.onProgress?.(p, i, properties.length);
    let v: Verdict;
    try {
      v = checkProperty(scenario, p, {
        runs: opts.runRange === undefined ? opts.runs : opts.runRange.to - opts.runRange.from,
        maxSteps: opts.maxSteps,
        seed: opts.seed,
        ...(opts.replay !== undefined ? { replay: opts.replay } : {}),
        ...(opts.runRange !== undefined && opts.replay === undefined ? { firstRun: opts.runRange.from } : {}),
        onProgress: (done, total) => opts.onProgress?.(p, i, properties.length, done, total),
        cwd: opts.z3?.cwd ?? process.cwd(),
      });
    } catch (e) {
      // A crash inside a check is never a pass.
      v = { property: p.id, status: 'inconclusive', engine: 'none', reason: `the check crashed: ${(e as Error).message}`, runs: 0, events: 0, timeMs: 0, findings: [] };
    }
    tests.push(v);
    verdicts.push(combine(v, proofOf(p)));
  });
  return { scenario, properties, verdicts, proofs, solved, tests, ...(transitions !== undefined ? { transitions } : {}) };
}
