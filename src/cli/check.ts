// hvsafe check: run every applicable property of the catalog on a scenario and report
// tri-state verdicts, with minimal replayable counterexamples.

import { backendName, WASM } from '../smt/backend.js';
import { SOLVER_USAGE, solverArg } from './solver-arg.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { counterexampleFiles } from '../explore/files.js';
import { renderExplorer } from '../explore/index.js';
import { CATALOG } from '../../proofs/index.js';
import type { Property } from '../../proofs/property.js';
import { buildTopology } from '../hv/topology.js';
import { toJson, toJunit, toSarif, toText, type RunInfo } from '../check/report.js';
import { DEFAULTS } from '../pbt/engine.js';
import { unreadableInput } from '../config/load.js';
import { runCheck } from '../check/run.js';
import { parseShard, shardPlan, UNSHARDED, type Shard } from '../check/shard.js';
import { startProgress } from './progress.js';
import { DEFAULT_TIMEOUT_MS, defaultJobs } from './prove.js';
import { buildBundle, checkBundleTarget, EvidenceDirError, loadSigningKey, recordingReader, SigningKeyError, writeBundle, type SigningKey } from '../evidence/index.js';
import { parseCommand, SEED_HELP, seedOption, wholeNumbers } from './args.js';
import { makeParent, outputDirProblem, outputFileProblem, writeFileWhole } from './output.js';
import { parseReplay, refuseMissing, REPLAY_FORMS } from './replay.js';
import { exitOf } from './exit.js';
import { Exit, type Command, type ExitCode } from './io.js';
import { loadOrReport } from './scenario-arg.js';
import { FORMATS, isFormat, scenarioFrom } from '../import/index.js';
import { reportImport } from './import.js';

const USAGE = `usage: hvsafe check <scenario> [options]
       hvsafe check --from <format> <configuration files…> [--overlay FILE] [--board FILE] [options]

Checks the scenario against every applicable property of the catalog (isolation of memory,
hypervisor, MMIO, interrupts and DMA; channel permissions; CPU exclusivity, budgets and cache
partitioning; fault containment, scrubbing and recovery; hypercall reach). Configuration-level
claims are decided on the scenario; the others run as seeded property-based tests against the
hypervisor model, shrink every failure to a minimal event trace and replay it from boot.

options:
  --from FORMAT     import the configuration first (see hvsafe import); findings point at the source
  --overlay FILE    with --from: what the source does not say (criticality, costs, ...)
  --board FILE      with --from: the board description, for formats that need one
  --platform FILE   with --from bao: the platform description (<board>_desc.c)
  --include DIR     with --from bao: a directory for the C preprocessor (repeatable)
  --define N[=V]    with --from bao: a macro, as Bao's build passes it with -D (repeatable)
  --property ID     check only this property (repeatable); IDs: ${CATALOG.map((p) => p.id).join(', ')}
  --runs N          random traces per property (default ${DEFAULTS.runs})
  --max-steps N     events per trace at most (default ${DEFAULTS.maxSteps})
  --seed S          base seed (default ${DEFAULTS.seed}); same seed, same verdicts;
                    ${SEED_HELP}
  --replay TOKEN    re-run one counterexample from the token a report printed:
                    ${REPLAY_FORMS}
  --shard K/N       check only shard K of N (deterministic split, for CI jobs whose evidence
                    bundles 'hvsafe evidence merge' combines)
  --shard-by B      property (default): the properties are split across the shards; runs:
                    every shard checks every property on its slice of the random traces (runs
                    [(K-1)R/N, KR/N) of the R an unsharded run draws), each Z3 proof in one shard
  --engines E       engines to run, comma-separated: pbt (configuration check and property
                    tests), z3 (proofs, see hvsafe prove); default pbt,z3; with z3 alone, a
                    property without a Z3 obligation is not-checked
  --levels L        Z3 proof levels: config (default), transition (inductive invariants and
                    unwinding, folded into each property's Z3 verdict and its evidence, with a
                    bounded search from boot for any failed step), or config,transition
  --jobs N          parallel Z3 instances for the proofs (default ${defaultJobs()})
${SOLVER_USAGE}
  --timeout MS      per-query Z3 time limit (default ${DEFAULT_TIMEOUT_MS}); undecided is inconclusive
  --no-cache        solve every Z3 query again instead of using cached answers
  --format F        text (default) or json
  --sarif FILE      also write SARIF 2.1.0 (rules from the catalog, results at the scenario line)
  --junit FILE      also write JUnit XML
  --save-counterexamples DIR
                    write each violation's counterexample to DIR: <property>.yaml (event script,
                    for simulate --script and explore --script), <property>.trace.json (steps,
                    what the hypervisor did, what changed) and <property>.itf.json (the Informal
                    Trace Format of Apalache and Quint), and explore.html, the explorer page of
                    every violation (SARIF results attach it)
  --evidence DIR    also write the evidence bundle: one content-addressed record per verdict,
                    the index, and an in-toto statement over the inputs' digests; a previous
                    bundle in DIR is replaced whole, any other non-empty DIR is refused
  --sign-key FILE   sign the statement (DSSE envelope) with this PEM private key, ed25519 or
                    ECDSA P-256 (needs --evidence)
  --quiet           no progress on stderr (off a terminal it is one line at most every 5 s)
  -h, --help        show this help

exit codes: 0 every property holds (or does not apply), 1 a property is violated,
            2 bad input or usage, 3 inconclusive (a check crashed or could not finish) or
            not checked (no engine that ran decides a selected property, e.g. --engines z3
            for a property without a Z3 obligation)
`;

function packageVersion(): string {
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (dist/ or source)
    }
  }
  return 'unknown';
}

export const checkCommand: Command = async (argv, io) => {
  const args = parseCommand('check', USAGE, argv, io, {
    property: { type: 'string', multiple: true },
    runs: { type: 'string' },
    'max-steps': { type: 'string' },
    seed: { type: 'string' },
    replay: { type: 'string' },
    shard: { type: 'string' },
    'shard-by': { type: 'string' },
    quiet: { type: 'boolean' },
    format: { type: 'string' },
    sarif: { type: 'string' },
    junit: { type: 'string' },
    'save-counterexamples': { type: 'string' },
    evidence: { type: 'string' },
    'sign-key': { type: 'string' },
    engines: { type: 'string' },
    levels: { type: 'string' },
    jobs: { type: 'string' },
    timeout: { type: 'string' },
    solver: { type: 'string' },
    'no-cache': { type: 'boolean' },
    from: { type: 'string' },
    overlay: { type: 'string' },
    board: { type: 'string' },
    platform: { type: 'string' },
    include: { type: 'string', multiple: true },
    define: { type: 'string', multiple: true },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problems: string[] = [];
  if (values.from === undefined && positionals.length !== 1) problems.push(`expected one scenario file, got ${positionals.length}`);
  if (values.from !== undefined && positionals.length === 0) problems.push('--from needs the configuration files');
  if (values.from !== undefined && !isFormat(values.from)) problems.push(`--from takes one of ${FORMATS.join(', ')}, not '${values.from}'`);
  if (values.from === undefined && (values.overlay !== undefined || values.board !== undefined || values.platform !== undefined || values.include !== undefined || values.define !== undefined)) problems.push('--overlay, --board, --platform, --include and --define go with --from');
  const int = wholeNumbers(problems);
  const runs = int('runs', values.runs, DEFAULTS.runs, 1, 10_000_000);
  const maxSteps = int('max-steps', values['max-steps'], DEFAULTS.maxSteps, 1, 100_000);
  const seed = seedOption(problems, values.seed, DEFAULTS.seed);
  const format = values.format ?? 'text';
  const engines = (values.engines ?? 'pbt,z3').split(',').map((e) => e.trim());
  for (const e of engines) if (e !== 'pbt' && e !== 'z3') problems.push(`--engines takes pbt, z3 or both (comma-separated), not '${e}'`);
  const levels = (values.levels ?? 'config').split(',').map((x) => x.trim());
  for (const l of levels) if (l !== 'config' && l !== 'transition') problems.push(`--levels takes config, transition or both (comma-separated), not '${l}'`);
  if (values.levels !== undefined && !engines.includes('z3')) problems.push('--levels chooses the Z3 proof levels: leave z3 among --engines');
  const jobs = int('jobs', values.jobs, defaultJobs(), 1, 64);
  const timeoutMs = int('timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, 86_400_000);
  if (format !== 'text' && format !== 'json') problems.push(`--format must be text or json, not '${format}'`);
  const shardBy = values['shard-by'] ?? 'property';
  if (shardBy !== 'property' && shardBy !== 'runs') problems.push(`--shard-by takes property or runs, not '${shardBy}'`);
  let shard: Shard = { ...UNSHARDED, by: shardBy === 'runs' ? 'runs' : 'property' };
  if (values.shard !== undefined) {
    const parsed = parseShard(values.shard, shard.by);
    if (typeof parsed === 'string') problems.push(parsed);
    else shard = parsed;
  }
  if (shard.by === 'runs') {
    if (shard.n > runs) problems.push(`--shard-by runs splits the ${runs} runs of each property into ${shard.n} slices: give --runs ${shard.n} or more`);
    if (!engines.includes('pbt')) problems.push('--shard-by runs splits the property tests\' runs; with --engines z3 alone there are none: use --shard-by property');
  }
  const known = new Set(CATALOG.map((p) => p.id));
  for (const id of values.property ?? []) if (!known.has(id)) problems.push(`no property '${id}'; properties: ${[...known].join(', ')}`);
  const token = values.replay === undefined ? undefined : parseReplay(values.replay);
  if (values.replay !== undefined) {
    if (token === undefined) problems.push(`--replay takes a token printed by a failing check (${REPLAY_FORMS}), not '${values.replay}'`);
    else if (!known.has(token.property)) problems.push(`the replay token names no known property ('${token.property}'); properties: ${[...known].join(', ')}`);
    else if (token.kind === 'z3' && !engines.includes('z3')) problems.push(`--replay ${values.replay} replays a Z3 witness: leave z3 among --engines`);
  }
  const replay = token?.kind === 'pbt' ? token : undefined;
  // Output paths are judged now: a run of minutes must not end in "cannot write".
  for (const [opt, raw] of [['--sarif', values.sarif], ['--junit', values.junit]] as const) {
    const why = raw === undefined ? undefined : outputFileProblem(io.cwd, opt, raw);
    if (why !== undefined) problems.push(why);
  }
  if (values['save-counterexamples'] !== undefined) {
    const why = outputDirProblem(io.cwd, '--save-counterexamples', values['save-counterexamples']);
    if (why !== undefined) problems.push(why);
  }
  // The evidence target and the key are checked before the run, so a refusal costs nothing.
  let signingKey: SigningKey | undefined;
  if (values['sign-key'] !== undefined && values.evidence === undefined) problems.push('--sign-key signs the evidence bundle: give --evidence DIR too');
  if (values.evidence !== undefined) {
    try {
      const why = outputDirProblem(io.cwd, '--evidence', values.evidence);
      if (why !== undefined) problems.push(why);
      // A missing parent is made when the bundle is written; an existing target must hold a bundle or nothing.
      else if (existsSync(dirname(resolve(io.cwd, values.evidence)))) checkBundleTarget(resolve(io.cwd, values.evidence), values.evidence);
    } catch (e) {
      if (!(e instanceof EvidenceDirError)) throw e;
      problems.push(e.message);
    }
  }
  // A key is a small regular file: a FIFO or a device there must not hang the run.
  const keyUnreadable = values['sign-key'] === undefined ? undefined : unreadableInput(resolve(io.cwd, values['sign-key']), 1024 * 1024);
  if (keyUnreadable !== undefined) problems.push(`cannot read the signing key ${values['sign-key']}: ${keyUnreadable}`);
  else if (values['sign-key'] !== undefined) {
    try {
      signingKey = loadSigningKey(resolve(io.cwd, values['sign-key']));
    } catch (e) {
      if (!(e instanceof SigningKeyError)) throw e;
      problems.push(e.message);
    }
  }
  if (values.solver !== undefined && !engines.includes('z3')) problems.push('--solver chooses the Z3 build: leave z3 among --engines');
  const backend = engines.includes('z3') ? await solverArg(values.solver, problems) : WASM;
  if (problems.length > 0 || backend === undefined) {
    io.err(problems.map((p) => `hvsafe check: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }

  const reader = recordingReader();
  const startedAt = new Date().toISOString();
  const scenario =
    values.from === undefined
      ? loadOrReport(positionals[0]!, io, reader.read)
      : scenarioFrom(values.from, positionals, { cwd: io.cwd, overlay: values.overlay, board: values.board, platform: values.platform, includes: values.include, defines: values.define }, (r) => reportImport(r, io, 'nothing was run'));
  if (scenario === undefined) return Exit.Usage;

  let selected: Property[] = CATALOG.filter((p) => (values.property === undefined ? true : values.property.includes(p.id)));
  if (token !== undefined) selected = CATALOG.filter((p) => p.id === token.property);
  // Shards split by catalog position (and, by runs, by run index): stable across runs and machines.
  // A replay is about its one property, whatever the shard.
  const plan = shardPlan(selected, CATALOG, token === undefined ? shard : UNSHARDED, runs);

  const progress = startProgress(io, 'check', { quiet: values.quiet === true });
  const run = await runCheck(scenario, plan.properties, {
    runs,
    maxSteps,
    seed,
    ...(replay !== undefined ? { replay } : {}),
    ...(token?.kind === 'z3' ? { replayQuery: token.query } : {}),
    engines: token?.kind === 'z3' ? ['z3'] : engines.filter((e): e is 'pbt' | 'z3' => e === 'pbt' || e === 'z3'),
    // A replay is about one counterexample: the configuration level finds and replays it.
    levels: token !== undefined ? ['config'] : levels.filter((l): l is 'config' | 'transition' => l === 'config' || l === 'transition'),
    z3: { jobs, timeoutMs, cache: values['no-cache'] !== true, cwd: io.cwd, backend },
    ...(plan.runRange !== undefined ? { runRange: plan.runRange } : {}),
    proves: plan.proves,
    onProgress: (p, i, total, done, runsTotal) =>
      progress.update(`[${i + 1}/${total}] ${p.id}${done !== undefined ? `  ${done}/${runsTotal} runs` : ''}`),
    onPhase: (text) => progress.update(text),
  });
  progress.done();
  const { verdicts } = run;
  // A token that reproduces nothing is a usage error, with the tokens that do exist.
  if (token !== undefined && (await refuseMissing(token, values.replay!, run, selected[0]!, { runs, maxSteps, seed, engines: engines.filter((e): e is 'pbt' | 'z3' => e === 'pbt' || e === 'z3'), z3: { jobs, timeoutMs, cache: values['no-cache'] !== true, cwd: io.cwd, backend } }, io))) {
    return Exit.Usage;
  }

  const exit: ExitCode = exitOf(verdicts.map((v) => v.status));
  const info: RunInfo = {
    scenario,
    topo: buildTopology(scenario),
    verdicts,
    catalog: CATALOG,
    options: { runs, seed, maxSteps, shard: `${shard.k}/${shard.n}`, ...(shard.by === 'runs' ? { shardBy: 'runs' } : {}), replay: values.replay ?? null },
    version: packageVersion(),
    exit,
    cwd: io.cwd,
    ...(values['save-counterexamples'] !== undefined && verdicts.some((v) => v.status === 'violated')
      ? { explorer: (relative(io.cwd, join(resolve(io.cwd, values['save-counterexamples']), 'explore.html')) || 'explore.html').split('\\').join('/') }
      : {}),
  };
  io.out(format === 'json' ? toJson(info) : toText(info));

  // Output files only after the run is complete, and each written whole (temp file + rename).
  try {
    if (values.sarif !== undefined) writeFileWhole(resolve(io.cwd, values.sarif), toSarif(info));
    if (values.junit !== undefined) writeFileWhole(resolve(io.cwd, values.junit), toJunit(info));
    if (values['save-counterexamples'] !== undefined) {
      const dir = resolve(io.cwd, values['save-counterexamples']);
      const rel = relative(io.cwd, scenario.file) || scenario.file;
      for (const f of counterexampleFiles(scenario, rel, verdicts, CATALOG, (token) => `hvsafe check ${rel} --replay ${token}`)) writeFileWhole(join(dir, f.name), f.text);
      if (info.explorer !== undefined) writeFileWhole(join(dir, 'explore.html'), renderExplorer({ scenario, catalog: CATALOG, verdicts, cwd: io.cwd }));
    }
    if (values.evidence !== undefined) {
      const bundle = buildBundle(run, {
        cwd: io.cwd,
        options: {
          runs,
          maxSteps,
          seed,
          shard: `${shard.k}/${shard.n}`,
          shardBy: shard.by,
          ...(plan.runRange !== undefined ? { runRange: plan.runRange } : {}),
          replay: values.replay ?? null,
          engines,
          timeoutMs,
          ...(engines.includes('z3') ? { solver: backendName(backend) } : {}),
        },
        digests: reader.digests,
        startedAt,
        ...(signingKey !== undefined ? { signingKey } : {}),
      });
      makeParent(resolve(io.cwd, values.evidence));
      writeBundle(resolve(io.cwd, values.evidence), bundle);
    }
  } catch (e) {
    io.err(`hvsafe check: cannot write a report file: ${(e as Error).message}\n`);
    return Exit.Usage;
  }
  return exit;
};
