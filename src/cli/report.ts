// hvsafe report: check a scenario against the whole catalog and write the safety case — the
// evidence bundle, the GSN argument (gsn2x YAML and SVG) and the assessor's report (Markdown
// and single-file HTML) — into one folder, written whole or not at all.

import { backendName, WASM, type Backend } from '../smt/backend.js';
import { SOLVER_USAGE, solverArg } from './solver-arg.js';
import { chmodSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CATALOG } from '../../proofs/index.js';
import { runCheck, type CheckRun } from '../check/run.js';
import { buildBundle, BundleReadError, inputDigests, readBundle, recordingReader, toolInfo, verifyBundle, writeBundle } from '../evidence/index.js';
import { claimEvidence } from '../safety-case/evidence-view.js';
import { DEFAULTS } from '../pbt/engine.js';
import { renderExplorer } from '../explore/index.js';
import { buildSafetyCase, type SafetyCase } from '../safety-case/index.js';
import type { Scenario } from '../config/types.js';
import type { Bundle } from '../evidence/types.js';
import { parseCommand, SEED_HELP, seedOption, wholeNumbers } from './args.js';
import { makeParent, outputDirProblem } from './output.js';
import { Exit, type Command, type ExitCode, type Io } from './io.js';
import { exitOf } from './exit.js';
import { startProgress } from './progress.js';
import { loadOrReport } from './scenario-arg.js';
import type { Solved } from '../smt/query.js';

const USAGE = `usage: hvsafe report <scenario> --out DIR [options]
       hvsafe report <scenario> --evidence BUNDLE --out DIR

Checks the scenario against every property of the catalog (as hvsafe check does) and writes
the safety case for it into DIR. With --evidence, nothing is checked again: the safety case
argues from an evidence bundle made earlier (e.g. by sharded CI jobs and 'hvsafe evidence
merge'), after verifying it and that it was made from this scenario's files as they are now.

  report.html            the assessor's report, one file, opens offline in any browser
  report.md              the same report in Markdown
  safety-case.gsn.yaml   the GSN argument in gsn2x YAML
  safety-case.svg        the GSN diagram (failed and undeveloped goals in red)
  explore.html           when a property is violated: the explorer page (hvsafe explore), which
                         the report's violated goals link to
  evidence/              the evidence bundle the argument cites (records, index, in-toto statement)

options:
  --out DIR         the folder to write (required); a previous report there is replaced whole,
                    any other non-empty folder is refused
  --runs N          random traces per property (default ${DEFAULTS.runs})
  --max-steps N     events per trace at most (default ${DEFAULTS.maxSteps})
  --seed S          base seed (default ${DEFAULTS.seed}); same seed, same report;
                    ${SEED_HELP}
  --reproducible    record neither the git commit nor wall times, so the same inputs, options
                    and hvsafe version give byte-identical files (for reports kept in git)
  --evidence DIR    build the safety case from this evidence bundle instead of checking
                    (--runs, --max-steps, --seed and --reproducible come from the bundle)
  --no-cache        solve every Z3 query again (answers are otherwise cached by query hash)
${SOLVER_USAGE}; with --reproducible the default is wasm
  --quiet           no progress on stderr (off a terminal it is one line at most every 5 s)
  -h, --help        show this help

exit codes: the check's: 0 every property holds (or does not apply), 1 a property is violated,
            2 bad input or usage (nothing written), 3 inconclusive or not checked; the report is written for
            0, 1 and 3
`;

/** Why DIR cannot take a report, or undefined when it can. */
function targetProblem(cwd: string, raw: string, dir: string): string | undefined {
  // A missing parent is made when the report is written.
  const why = outputDirProblem(cwd, '--out', raw);
  if (why !== undefined) return why;
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return `--out ${dir}: is a file, not a folder`;
  const entries = readdirSync(dir);
  if (entries.length === 0 || entries.includes('safety-case.gsn.yaml')) return undefined;
  return `--out ${dir}: the folder is not empty and holds no previous report; give an empty or new folder`;
}

/** Write the report folder whole: build it in a sibling temporary folder, then swap it in. */
function writeWhole(dir: string, fill: (tmp: string) => void): void {
  makeParent(dir);
  const tmp = mkdtempSync(join(dirname(dir), `.${basename(dir)}.tmp-`));
  try {
    chmodSync(tmp, 0o755 & ~process.umask());
    fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  let old: string | undefined;
  try {
    if (existsSync(dir)) {
      old = `${tmp}.old`;
      renameSync(dir, old);
    }
    renameSync(tmp, dir);
  } catch (e) {
    if (old !== undefined && !existsSync(dir) && existsSync(old)) renameSync(old, dir);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (old !== undefined) rmSync(old, { recursive: true, force: true });
}

/** Reproducible output: wall times are facts of one machine, not of the inputs. */
// Every engine's figures carry wall times (and the solver cache's hits): a reproducible
// report drops them all, or a committed report would go stale on every run.
function withoutWallTimes(run: CheckRun, solver: string): CheckRun {
  return {
    ...run,
    verdicts: run.verdicts.map((v) => ({ ...v, timeMs: 0 })),
    tests: run.tests.map((v) => ({ ...v, timeMs: 0 })),
    proofs: run.proofs.map((v) => ({ ...v, timeMs: 0, solved: v.solved.map((x) => unmeasured(x, solver)) })),
    solved: run.solved.map((x) => unmeasured(x, solver)),
  };
}

// A cache hit and a fresh answer to the same query are the same evidence; which one this
// run got (and the solver build string that comes with a fresh one) is a fact of the
// machine's cache, so reproducible output names the solver package for both.
function unmeasured(s: Solved, solver: string): Solved {
  return { ...s, timeMs: 0, cached: false, solver };
}

export const reportCommand: Command = async (argv, io) => {
  const args = parseCommand('report', USAGE, argv, io, {
    out: { type: 'string' },
    runs: { type: 'string' },
    'max-steps': { type: 'string' },
    seed: { type: 'string' },
    reproducible: { type: 'boolean' },
    evidence: { type: 'string' },
    quiet: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
    solver: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push(`expected one scenario file, got ${positionals.length}`);
  const int = wholeNumbers(problems);
  const runs = int('runs', values.runs, DEFAULTS.runs, 1, 10_000_000);
  const maxSteps = int('max-steps', values['max-steps'], DEFAULTS.maxSteps, 1, 100_000);
  const seed = seedOption(problems, values.seed, DEFAULTS.seed);
  const reproducible = values.reproducible === true;
  if (values.evidence !== undefined) {
    for (const o of ['runs', 'max-steps', 'seed', 'reproducible', 'no-cache', 'solver'] as const) {
      if (values[o] !== undefined) problems.push(`--${o} describes a check; with --evidence the bundle's own options apply`);
    }
  }
  let out: string | undefined;
  if (values.out === undefined || values.out.trim() === '') problems.push('--out DIR is required: the folder to write the report into');
  else {
    out = resolve(io.cwd, values.out);
    const why = targetProblem(io.cwd, values.out, out);
    if (why !== undefined) problems.push(why);
  }
  // A reproducible report is the same bytes on every machine: native and WebAssembly models differ.
  const backend = await solverArg(values.solver, problems, reproducible ? 'wasm' : 'auto');
  if (problems.length > 0 || out === undefined || backend === undefined) {
    io.err(problems.map((p) => `hvsafe report: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }

  const made =
    values.evidence !== undefined
      ? await reportFromEvidence(positionals[0]!, resolve(io.cwd, values.evidence), out, io)
      : await makeReport(positionals[0]!, { runs, maxSteps, seed, reproducible, quiet: values.quiet === true, noCache: values['no-cache'] === true, backend }, out, io);
  if (typeof made === 'number') return made;
  const { sc, bundle, exit, shown } = made;

  try {
    writeWhole(out, (tmp) => {
      for (const [name, text] of sc.files) writeFileSync(join(tmp, name), text);
      writeBundle(join(tmp, 'evidence'), bundle);
    });
  } catch (e) {
    io.err(`hvsafe report: cannot write ${shown(out)}: ${(e as Error).message}\n`);
    return Exit.Usage;
  }

  const c = claimCounts(bundle);
  const goals = sc.argument.gsn.nodes.filter((n) => n.kind === 'goal');
  const top = sc.argument.gsn.nodes[0]!;
  io.out(
    `hvsafe report: ${made.scenario.name} → ${shown(out)}/\n` +
      `  ${c.claims} claims: ${c.holds} hold, ${c.violated} violated, ${c.inconclusive} inconclusive, ${c.notApplicable} not applicable${c.notChecked > 0 ? `, ${c.notChecked} not checked` : ''}${c.missing > 0 ? `, ${c.missing} without evidence` : ''}\n` +
      `  ${bundle.records.size} evidence record${bundle.records.size === 1 ? '' : 's'}\n` +
      `  argument: ${sc.argument.gsn.nodes.length} elements, ${goals.length} goals (${goals.filter((g) => g.status === 'failed').length} failed, ${goals.filter((g) => g.status === 'undeveloped').length} undeveloped); top goal ${top.id} ${top.status}\n` +
      `  ${[...sc.files.keys()].join(', ')}, evidence/\n`,
  );
  return exit;
};

/** The claims' verdicts as the argument combines the records (one line), apart from the records' count. */
export function claimCounts(bundle: Bundle): { claims: number; holds: number; violated: number; inconclusive: number; notApplicable: number; notChecked: number; missing: number } {
  const st = claimEvidence(CATALOG, bundle).map((c) => c.status);
  const n = (x: (typeof st)[number]): number => st.filter((y) => y === x).length;
  return { claims: st.length, holds: n('holds'), violated: n('violated'), inconclusive: n('inconclusive'), notApplicable: n('not-applicable'), notChecked: n('not-checked'), missing: n('missing') };
}

/** The explorer page's name in the report folder. */
export const EXPLORER = 'explore.html';

export interface MadeReport {
  readonly sc: SafetyCase;
  readonly bundle: Bundle;
  readonly exit: ExitCode;
  readonly scenario: Scenario;
  readonly shown: (f: string) => string;
}

/**
 * Everything \`hvsafe report\` writes, in memory: load, check the whole catalog, build the
 * bundle and the safety case. An exit code when the scenario does not load or the argument
 * is malformed (reported on io). The regeneration script and the staleness test use it too.
 */
export async function makeReport(
  scenarioPath: string,
  opts: { readonly runs: number; readonly maxSteps: number; readonly seed: number; readonly reproducible: boolean; readonly quiet?: boolean; readonly noCache?: boolean; readonly backend?: Backend },
  out: string,
  io: Io,
): Promise<MadeReport | ExitCode> {
  const { runs, maxSteps, seed, reproducible } = opts;
  const reader = recordingReader();
  const startedAt = new Date().toISOString();
  const scenario = loadOrReport(scenarioPath, io, reader.read);
  if (scenario === undefined) return Exit.Usage;

  const progress = startProgress(io, 'report', { quiet: opts.quiet === true });
  const checked = await runCheck(scenario, CATALOG, {
    z3: { cwd: io.cwd, ...(opts.noCache === true ? { cache: false } : {}), ...(opts.backend !== undefined ? { backend: opts.backend } : {}) },
    runs,
    maxSteps,
    seed,
    onProgress: (p, i, total, done, runsTotal) => progress.update(`[${i + 1}/${total}] ${p.id}${done !== undefined ? `  ${done}/${runsTotal} runs` : ''}`),
    onPhase: (text) => progress.update(text),
  });
  progress.done();
  const run = reproducible ? withoutWallTimes(checked, backendName(opts.backend ?? WASM)) : checked;
  const options = { runs, maxSteps, seed };
  const tool = toolInfo();
  const bundle = buildBundle(run, {
    cwd: io.cwd,
    options: { ...options, shard: '1/1', replay: null, ...(opts.backend?.kind === 'native' ? { solver: backendName(opts.backend) } : {}) },
    digests: reader.digests,
    tool: reproducible ? { ...tool, commit: null } : tool,
    ...(reproducible ? {} : { startedAt }),
  });
  const shown = (f: string): string => (relative(io.cwd, f) || f).split('\\').join('/');
  const command = `hvsafe report ${shown(scenario.file)} --out ${shown(out)} --runs ${runs} --max-steps ${maxSteps} --seed ${seed}${reproducible ? ' --reproducible' : ''}`;
  // The explorer page of the violations goes beside the report, and the violated goals link to it.
  const violated = run.verdicts.some((v) => v.status === 'violated');
  const built = await buildSafetyCase({ scenario, catalog: CATALOG, bundle, cwd: io.cwd, options, command, ...(violated ? { explorer: EXPLORER } : {}) });
  const files = new Map(built.files);
  if (violated) files.set(EXPLORER, renderExplorer({ scenario, catalog: CATALOG, verdicts: run.verdicts, cwd: io.cwd }));
  const sc: SafetyCase = { ...built, files };
  if (sc.problems.length > 0) {
    io.err(`hvsafe report: BUG in hvsafe: the generated argument is malformed; nothing was written:\n${sc.problems.map((p) => `  ${p.message}\n`).join('')}`);
    return Exit.Inconclusive;
  }
  const exit: ExitCode = exitOf(run.verdicts.map((v) => v.status));
  return { sc, bundle, exit, scenario, shown };
}

function optionNumber(o: Bundle['index']['options'], key: string): number {
  const v = o[key];
  return typeof v === 'number' ? v : 0;
}

/**
 * The safety case from an evidence bundle made earlier (\`report --evidence\`): the bundle must
 * verify, and its inputs must be the scenario's files as they are now (the same paths, relative
 * to this folder, and the same bytes), made by this hvsafe version. The exit code is the
 * claims': violated 1, inconclusive, not checked or without evidence 3, else 0.
 */
export async function reportFromEvidence(scenarioPath: string, evidenceDir: string, out: string, io: Io): Promise<MadeReport | ExitCode> {
  const shown = (f: string): string => (relative(io.cwd, f) || f).split('\\').join('/');
  const reader = recordingReader();
  const scenario = loadOrReport(scenarioPath, io, reader.read);
  if (scenario === undefined) return Exit.Usage;
  let bundle: Bundle;
  try {
    bundle = readBundle(evidenceDir);
  } catch (e) {
    if (!(e instanceof BundleReadError)) throw e;
    io.err(`hvsafe report: --evidence ${shown(evidenceDir)}: ${e.message}\n`);
    return Exit.Usage;
  }
  const problems = [...verifyBundle(bundle).problems];
  const now = inputDigests(scenario, io.cwd, reader.digests);
  const was = bundle.index.inputs;
  const key = (i: { path: string; role: string; sha256: string }): string => `${i.role} ${i.path} sha256 ${i.sha256}`;
  if (now.map(key).join('\n') !== was.map(key).join('\n')) {
    problems.push(`the evidence was made from other inputs: it names ${was.map(key).join(', ')}; this scenario is ${now.map(key).join(', ')}`);
  }
  const tool = toolInfo();
  if (bundle.index.tool.version !== tool.version) problems.push(`the evidence was made by hvsafe ${bundle.index.tool.version}, this is hvsafe ${tool.version}`);
  if (problems.length > 0) {
    io.err(`hvsafe report: cannot argue from --evidence ${shown(evidenceDir)}; nothing was written:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return Exit.Usage;
  }
  const o = bundle.index.options;
  const options = { runs: optionNumber(o, 'runs'), maxSteps: optionNumber(o, 'maxSteps'), seed: optionNumber(o, 'seed') };
  const command = `hvsafe report ${shown(scenario.file)} --evidence ${shown(evidenceDir)} --out ${shown(out)}`;
  const sc = await buildSafetyCase({ scenario, catalog: CATALOG, bundle, cwd: io.cwd, options, command });
  if (sc.problems.length > 0) {
    io.err(`hvsafe report: BUG in hvsafe: the generated argument is malformed; nothing was written:\n${sc.problems.map((p) => `  ${p.message}\n`).join('')}`);
    return Exit.Inconclusive;
  }
  const c = claimCounts(bundle);
  const exit: ExitCode = c.violated > 0 ? Exit.Violated : c.inconclusive > 0 || c.notChecked > 0 || c.missing > 0 ? Exit.Inconclusive : Exit.Holds;
  return { sc, bundle, exit, scenario, shown };
}
