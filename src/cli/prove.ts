// hvsafe prove: decide the catalog's configuration-level claims with Z3 for every address,
// interrupt, stream and color (UNSAT = proved), replay every witness on the model, and run the
// transition-level and unwinding proofs.

import { cpus } from 'node:os';
import { match } from 'ts-pattern';
import { relative, resolve } from 'node:path';
import { CATALOG } from '../../proofs/index.js';
import { formatAddr } from '../config/units.js';
import { buildTopology, type Topology } from '../hv/topology.js';
import { describeEvent, describeObservation } from '../sim/describe.js';
import { defaultCacheDir, fileCache } from '../smt/cache.js';
import { emitSmt2, fileDigests } from '../smt/export.js';
import { searchFromBoot, type Reach } from '../check/reach.js';
import { proveTransitions, type TransitionReport } from '../smt/levels.js';
import { backendName } from '../smt/backend.js';
import { createPool } from '../smt/pool.js';
import { proveProperties, provable, type ProofVerdict } from '../smt/prove.js';
import type { Solved } from '../smt/query.js';
import { parseCommand, wholeNumbers } from './args.js';
import { outputDirProblem } from './output.js';
import { exitOf } from './exit.js';
import { Exit, type Command, type ExitCode } from './io.js';
import { startProgress } from './progress.js';
import { loadOrReport } from './scenario-arg.js';
import { SOLVER_USAGE, solverArg } from './solver-arg.js';
import { smokeTest, type SmokeReport } from '../smt/smoke.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export function defaultJobs(): number {
  return Math.max(1, Math.min(2, cpus().length));
}

const USAGE = `usage: hvsafe prove <scenario> [options]

Proves the configuration-level claims of the catalog with Z3, over every physical address,
interrupt, SMMU stream, pCPU and cache color: each claim is a question "does a breach exist?"
that must be UNSAT. A SAT answer is a witness (which address, which VMs, which mapping), turned
into an event trace and replayed on the hypervisor model from boot. Also runs the
transition-level (inductive step) and unwinding (fault containment) proofs.

options:
  --property ID     prove only this property (repeatable); IDs: ${CATALOG.filter(provable).map((p) => p.id).join(', ')}
  --levels L        config, transition, or config,transition (default)
  --emit-smt2 DIR   write every query as a standalone SMT-LIB2 file (re-run with: z3 FILE)
  --timeout MS      per-query solver time limit (default ${DEFAULT_TIMEOUT_MS}); a query not decided in time is inconclusive
  --jobs N          parallel Z3 instances (worker threads, or native processes) (default ${defaultJobs()})
${SOLVER_USAGE}
  --no-cache        solve every query again (answers are otherwise cached by query hash)
  --no-smoke        skip the differential smoke test of the encodings on this scenario (run with
                    the transition level: a seeded trace replayed through the SMT step must agree
                    with the model, else every transition-level result is inconclusive)
  --format F        text (default) or json
  --quiet           no progress on stderr (off a terminal it is one line at most every 5 s)
  -h, --help        show this help

A failed transition proof (a symbolic state from which one step breaks an invariant) is
followed by a bounded search from boot (the property's aimed random traces): a trace that
reaches a violation is one (exit 1); otherwise the proof stays failed and says how far the
search went.

exit codes: 0 every claim proved (or not applicable), 1 a claim is violated (witness replayed,
            or a failed transition proof whose breach a search from boot reached), 2 bad input
            or usage, 3 inconclusive (solver unknown or timeout, a failed transition proof no
            search reached, or a witness the model did not reproduce: a bug in hvsafe) or not
            checked (a property asked for has no obligation at the levels asked: zero queries
            prove nothing)
`;

function ms(t: number): string {
  return t < 1000 ? `${Math.round(t)}ms` : `${(t / 1000).toFixed(1)}s`;
}

function queryJson(s: Solved): Record<string, unknown> {
  return {
    id: s.query.id,
    level: s.query.level,
    claim: s.query.claim,
    sha256: s.hash,
    answer: s.answer.status,
    ...(s.answer.status === 'unknown' ? { reason: s.answer.reason } : {}),
    timeMs: Math.round(s.timeMs * 10) / 10,
    cached: s.cached,
    solver: s.solver,
  };
}

function status(v: ProofVerdict): string {
  return v.status === 'holds' ? 'proved' : v.status;
}

/** A property asked for that no query at the levels asked decided: nothing was proved about it. */
export interface Unchecked {
  readonly property: string;
  readonly reason: string;
}

export function renderText(
  topo: Topology,
  cwd: string,
  verdicts: readonly ProofVerdict[],
  tr: TransitionReport | undefined,
  head: string,
  unchecked: readonly Unchecked[] = [],
  reach: ReadonlyMap<string, Reach> = new Map(),
  smoke?: SmokeReport,
): string {
  const L: string[] = [head, ''];
  const w = Math.max(8, ...verdicts.map((v) => v.property.length));
  L.push(`  ${'property'.padEnd(w)}  ${'verdict'.padEnd(14)}  queries  ${'time'.padEnd(7)}  cached`);
  L.push(`  ${'-'.repeat(w)}  ${'-'.repeat(14)}  -------  -------  ------`);
  for (const v of verdicts) {
    const c = v.solved.filter((s) => s.cached).length;
    L.push(`  ${v.property.padEnd(w)}  ${status(v).padEnd(14)}  ${String(v.solved.length).padStart(7)}  ${ms(v.timeMs).padEnd(7)}  ${v.solved.length === 0 ? '' : `${c}/${v.solved.length}`}`);
  }
  if (tr !== undefined) {
    L.push('');
    L.push(`  transition-level and unwinding proofs: ${tr.solved.length} queries, ${tr.proved} proved, ${tr.failed.length} failed, ${tr.undecided.length} undecided, ${ms(tr.timeMs)}${tr.error ? ` — ${tr.error}` : ''}`);
    if (smoke !== undefined) L.push(...smokeLines(smoke));
  }
  const where = (at: { file: string; line: number; column: number }) => `${relative(cwd, at.file) || at.file}:${at.line}:${at.column}`;
  for (const u of unchecked) {
    L.push('');
    L.push(`== ${u.property}: NOT CHECKED`);
    L.push(`   ${u.reason}`);
  }
  for (const v of verdicts) {
    if (v.status === 'not-applicable' || v.status === 'holds' || v.status === 'not-checked') continue;
    L.push('');
    L.push(`== ${v.property}: ${v.status.toUpperCase()}`);
    if (v.reason) L.push(`   ${v.reason}`);
    const traced = new Set(v.counterexample?.findings ?? []);
    for (const f of v.findings.filter((x) => !traced.has(x))) {
      L.push(`   witness: ${f.message}`);
      L.push(`     declared at ${where(f.at)}${f.related?.length ? ` (see also ${f.related.map(where).join(', ')})` : ''}`);
      L.push(`     fix: ${f.fix}`);
    }
    const ce = v.counterexample;
    if (ce !== undefined) {
      L.push(`   replayed from boot (${ce.events.length} event${ce.events.length === 1 ? '' : 's'}):`);
      for (const st of ce.steps) {
        L.push(`   ${String(st.index + 1).padStart(3)}. ${describeEvent(topo, st.event)}`);
        for (const o of st.observations) if (o.kind !== 'console') L.push(`          ↳ ${describeObservation(topo, o)}`);
      }
      for (const f of ce.findings) L.push(`   the model shows: ${f.message}`);
    }
    for (const n of v.notes) L.push(`   note: ${n}`);
    for (const s of v.solved.filter((x) => x.answer.status !== 'unsat')) L.push(`   query ${s.query.id} (sha256 ${s.hash.slice(0, 16)}…): ${s.answer.status}`);
  }
  if (tr !== undefined) {
    for (const f of tr.failed) {
      L.push('');
      L.push(`== transition proof FAILED: ${f.id}`);
      L.push(`   ${f.claim}`);
      const r = reach.get(f.id.split('/')[0]!);
      if (r === undefined || r.kind === 'not-reached') {
        L.push('   (a symbolic state from which one step breaks it; not shown reachable from boot, so the verdict is inconclusive)');
        if (r !== undefined) L.push(`   bounded search from boot for ${r.property}: ${r.why}`);
      } else {
        L.push(`   bounded search from boot for ${r.property}: VIOLATED, replayed from boot (${r.counterexample.events.length} event${r.counterexample.events.length === 1 ? '' : 's'}):`);
        r.counterexample.steps.forEach((st, i) => L.push(`   ${String(i + 1).padStart(3)}. ${describeEvent(topo, st.event)}`));
        for (const x of r.counterexample.findings) L.push(`   the model shows: ${x.message}`);
        L.push(`   replay: hvsafe check <scenario> --replay '${r.counterexample.token}'`);
      }
      if (f.detail) for (const line of f.detail.split('\n')) L.push(`   ${line}`);
    }
    for (const u of tr.undecided) L.push(`   undecided: ${u.id}: ${u.reason}`);
  }
  return L.join('\n') + '\n';
}

function smokeLines(s: SmokeReport): string[] {
  const what = `differential smoke test of the encodings on this scenario (${s.steps} steps of a trace with seed ${s.seed} replayed through the SMT step)`;
  return match(s.status)
    .with('agrees', () => [`  ${what}: the encodings agree with the model on ${s.checked} steps${s.skipped > 0 ? ` (${s.skipped} outside the bound, left out)` : ''}`])
    .with('undecided', () => [`  ${what}: undecided — ${s.reason ?? 'no answer'}`])
    .with('disagrees', () => [
      `  ${what}: BUG in hvsafe — the encodings disagree with the model, so no transition-level result on this scenario is trusted (inconclusive):`,
      ...s.disagreements.map((d) => `     ${d}`),
      '     please report it with this scenario',
    ])
    .exhaustive();
}

export const proveCommand: Command = async (argv, io) => {
  const args = parseCommand('prove', USAGE, argv, io, {
    property: { type: 'string', multiple: true },
    levels: { type: 'string' },
    'emit-smt2': { type: 'string' },
    timeout: { type: 'string' },
    jobs: { type: 'string' },
    'no-cache': { type: 'boolean' },
    'no-smoke': { type: 'boolean' },
    solver: { type: 'string' },
    format: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push(`expected one scenario file, got ${positionals.length}`);
  const int = wholeNumbers(problems);
  const timeoutMs = int('timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, 86_400_000);
  const jobs = int('jobs', values.jobs, defaultJobs(), 1, 64);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') problems.push(`--format must be text or json, not '${format}'`);
  const levels = new Set((values.levels ?? 'config,transition').split(',').map((x) => x.trim()));
  for (const l of levels) if (l !== 'config' && l !== 'transition') problems.push(`--levels takes config, transition or both (comma-separated), not '${l}'`);
  const known = new Set(CATALOG.map((p) => p.id));
  for (const id of values.property ?? []) if (!known.has(id)) problems.push(`no property '${id}'; properties: ${[...known].join(', ')}`);
  if (values['emit-smt2'] !== undefined) {
    const why = outputDirProblem(io.cwd, '--emit-smt2', values['emit-smt2']);
    if (why !== undefined) problems.push(why);
  }
  const backend = await solverArg(values.solver, problems);
  if (problems.length > 0 || backend === undefined) {
    io.err(problems.map((p) => `hvsafe prove: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }
  const scenario = loadOrReport(positionals[0]!, io);
  if (scenario === undefined) return Exit.Usage;

  // Asked by name, a property is proved at the levels asked or reported not checked; unnamed,
  // every property with a configuration-level obligation is.
  const asked = values.property;
  const selected = CATALOG.filter((p) => (asked === undefined ? provable(p) : asked.includes(p.id)));
  const cacheDir = defaultCacheDir(io.cwd);
  const pool = createPool({ jobs, timeoutMs, backend, ...(values['no-cache'] ? {} : { cache: fileCache(cacheDir, backendName(backend)) }) });
  const t0 = performance.now();
  let verdicts: ProofVerdict[] = [];
  let tr: TransitionReport | undefined;
  let smoke: SmokeReport | undefined;
  const progress = startProgress(io, 'prove', { quiet: values.quiet === true });
  try {
    if (levels.has('config')) {
      progress.update(`configuration level: ${selected.length} properties`);
      verdicts = await proveProperties(scenario, selected, { pool, cwd: io.cwd, onProgress: (t) => progress.update(`configuration level: ${t}`) });
    }
    if (levels.has('transition')) {
      progress.update('transition level: inductive invariants and unwinding');
      tr = await proveTransitions(scenario, pool, values.property === undefined ? undefined : new Set(values.property));
      if (values['no-smoke'] !== true && tr.status !== 'not-checked') {
        progress.update('transition level: differential smoke test of the encodings');
        smoke = await smokeTest(scenario, pool);
      }
    }
  } finally {
    progress.done();
    await pool.close();
  }
  // A failed inductive step is only a symbolic state: look for a run from boot that reaches it.
  const reach = tr !== undefined && tr.failed.length > 0 ? searchFromBoot(scenario, tr) : new Map<string, Reach>();
  const totalMs = performance.now() - t0;
  const reached = [...reach.values()].some((r) => r.kind === 'reached');

  // A property is decided by its configuration-level verdict or by transition-level queries
  // about it; one that neither decided was not checked. A configuration level that had
  // nothing for a property the transition level decided is not shown as not checked.
  const byTransition = (id: string): boolean => (tr?.queriesByProperty[id] ?? 0) > 0;
  verdicts = verdicts.filter((v) => v.status !== 'not-checked' || !byTransition(v.property));
  const levelsText = [levels.has('config') ? 'configuration-level' : '', levels.has('transition') ? 'transition-level' : ''].filter(Boolean).join(' or ');
  const unchecked: Unchecked[] = [];
  for (const id of asked ?? []) {
    const v = verdicts.find((x) => x.property === id);
    // A configuration-level obligation that is no query on this scenario says so; one the property does not have goes without saying.
    const empty = v !== undefined && v.status === 'not-checked' && provable(CATALOG.find((p) => p.id === id)!);
    if ((v === undefined || v.status === 'not-checked') && !byTransition(id)) unchecked.push({ property: id, reason: `no ${levelsText} obligation for ${id}: nothing was proved${empty ? ` (${v.reason ?? 'no query'})` : ''}` });
  }
  if (asked === undefined) {
    for (const v of verdicts) if (v.status === 'not-checked') unchecked.push({ property: v.property, reason: `no ${levelsText} obligation for ${v.property} on this scenario: nothing was proved (${v.reason ?? 'no query'})` });
    if (tr !== undefined && tr.status === 'not-checked' && !levels.has('config')) unchecked.push({ property: '(transition level)', reason: 'no transition-level obligation on this scenario: nothing was proved' });
  }
  const exit: ExitCode = exitOf([
    ...verdicts.map((v) => v.status),
    ...(reached ? ['violated' as const] : []),
    ...(tr !== undefined && tr.status !== 'not-checked' ? [tr.status] : []),
    ...(smoke?.status === 'disagrees' ? ['inconclusive' as const] : []),
    ...unchecked.map(() => 'not-checked' as const),
  ]);

  if (values['emit-smt2'] !== undefined) {
    try {
      const all = [...verdicts.flatMap((v) => v.solved), ...(tr?.solved ?? [])];
      emitSmt2(resolve(io.cwd, values['emit-smt2']), scenario, all);
    } catch (e) {
      io.err(`hvsafe prove: cannot write the SMT-LIB2 files: ${(e as Error).message}\n`);
      return Exit.Usage;
    }
  }

  const file = relative(io.cwd, scenario.file) || scenario.file;
  const all = [...verdicts.flatMap((v) => v.solved), ...(tr?.solved ?? [])];
  if (format === 'json') {
    const doc = {
      tool: 'hvsafe',
      command: 'prove',
      scenario: { name: scenario.name, file, sha256: fileDigests(scenario)[0]?.sha256 },
      inputs: fileDigests(scenario).map((f, i) => ({ file: relative(io.cwd, scenario.files[i]!) || f.name, sha256: f.sha256 })),
      options: { timeoutMs, jobs, cache: !values['no-cache'], levels: [...levels], mode: pool.mode, solver: pool.solver },
      verdicts: verdicts.map((v) => ({
        property: v.property,
        status: v.status,
        engine: v.engine,
        reason: v.reason,
        timeMs: Math.round(v.timeMs * 10) / 10,
        queries: v.solved.map(queryJson),
        findings: v.findings.map((f) => ({ ...f, address: f.address === undefined ? undefined : formatAddr(f.address), at: { ...f.at, file: relative(io.cwd, f.at.file) || f.at.file }, related: undefined })),
        notes: v.notes,
        counterexample: v.counterexample === undefined ? undefined : { events: v.counterexample.events.length, script: v.counterexample.script },
      })),
      transitions:
        tr === undefined
          ? undefined
          : {
              status: tr.status,
              queries: tr.solved.map(queryJson),
              proved: tr.proved,
              failed: tr.failed,
              undecided: tr.undecided,
              timeMs: Math.round(tr.timeMs),
              error: tr.error,
              searchFromBoot: [...reach.values()].map((r) =>
                r.kind === 'reached'
                  ? { property: r.property, reached: true, ...r.budget, token: r.counterexample.token, events: r.counterexample.events.length, script: r.counterexample.script }
                  : { property: r.property, reached: false, ...r.budget, why: r.why },
              ),
            },
      smoke,
      notChecked: unchecked,
      summary: { queries: all.length, cached: all.filter((s) => s.cached).length, timeMs: Math.round(totalMs) },
      exit,
    };
    io.out(JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? formatAddr(v) : v), 2) + '\n');
  } else {
    const head = `hvsafe prove: ${scenario.name} (${file})\n  ${pool.solver}, ${pool.mode}, ${timeoutMs} ms per query, ${values['no-cache'] ? 'no cache' : `cache ${relative(io.cwd, cacheDir) || cacheDir}`}; ${all.length} queries (${all.filter((s) => s.cached).length} cached) in ${ms(totalMs)}`;
    io.out(renderText(buildTopology(scenario), io.cwd, verdicts, tr, head, unchecked, reach, smoke));
  }
  return exit;
};
