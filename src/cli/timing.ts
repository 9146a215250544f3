// hvsafe timing: supply bound functions and guest schedulability for a task file.
//
//   hvsafe timing sbf FILE --until T [--format text|json] [--plot FILE.svg]
//   hvsafe timing analyze FILE [--format text|json] [--plot FILE.svg]

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../config/diagnostics.js';
import { describeReadError, readInputFile } from '../config/load.js';
import { outputFileProblem, writeFileWhole } from './output.js';
import { analyze } from '../timing/analyze.js';
import { dbf, requestBound } from '../timing/demand.js';
import { asciiPlot, sampleSeries, svgPlot } from '../timing/plot.js';
import { describeSupply, makeSupply, type Supply } from '../timing/supply.js';
import type { Analysis } from '../timing/task.js';
import { loadTaskFile, type TaskFile } from '../timing/taskfile.js';
import { Exit, type Command, type ExitCode, type Io } from './io.js';

/** sbf prints one row per t: a million rows is the most that is still read by anyone. */
export const MAX_UNTIL = 1_000_000;

const USAGE_TIMING = `usage: hvsafe timing <command> FILE [options]

Supply bound functions and guest schedulability for a timing task file.

commands:
  sbf FILE --until T     print the supply bound function sbf(t) for t = 0..T (T at most ${MAX_UNTIL})
  analyze FILE           response times and the schedulability verdict of the task set

options:
  --format text|json     output format (default: text)
  --plot FILE.svg        also write an SVG plot of supply against demand
  -h, --help             show help (also: hvsafe timing sbf --help)

exit codes: 0 schedulable / done, 1 not schedulable, 2 bad input or usage, 3 inconclusive
`;

const USAGE_SBF = `usage: hvsafe timing sbf FILE --until T [--format text|json] [--plot FILE.svg]

Prints the supply bound function of FILE's supply: the least processor time guaranteed in
any interval of length t, for t = 0..T (integers in the file's time unit).
With --format json: {"sbf": [sbf(0), ..., sbf(T)]}.
The file's 'tasks' are optional here.
`;

const USAGE_ANALYZE = `usage: hvsafe timing analyze FILE [--format text|json] [--plot FILE.svg]

Analyses FILE's task set on its supply under its policy (fixed-priority: tasks listed
highest priority first, busy-window response-time analysis; edf: exact demand bound test).
With --format json: {"schedulable": bool, "tasks": [{"name", "responseTime", "deadline",
"meetsDeadline"}]}; responseTime is reported above the deadline too, null when unbounded.
Exit 0 schedulable, 1 not schedulable, 2 bad input, 3 inconclusive (iteration limit).

FILE:
  policy: fixed-priority        # or: edf
  supply: { kind: periodic, period: 5, budget: 3 }
  # or { kind: dedicated } | { kind: edp, period: 11, budget: 2, deadline: 5 }
  # or { kind: windows, frame: 20, windows: [[0, 4], [10, 3]] }   # [start, length]
  tasks:
    - { name: a, wcet: 1, period: 4 }
    - { name: b, wcet: 1, period: 5, deadline: 5 }   # deadline defaults to the period
`;

const OPTIONS = {
  until: { type: 'string' },
  format: { type: 'string' },
  plot: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usageError(io: Io, message: string, usage: string): ExitCode {
  io.err(`hvsafe timing: ${message}\n\n${usage}`);
  return Exit.Usage;
}

export const timingCommand: Command = async (argv, io) => {
  try {
    return run(argv, io);
  } catch (e) {
    // Never a stack trace.
    io.err(`hvsafe timing: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return Exit.Usage;
  }
};

function run(argv: readonly string[], io: Io): ExitCode {
  const [sub, ...rest] = argv;
  if (sub === undefined) return usageError(io, 'missing command (sbf or analyze)', USAGE_TIMING);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(USAGE_TIMING);
    return Exit.Holds;
  }
  if (sub !== 'sbf' && sub !== 'analyze') return usageError(io, `unknown command '${sub}'`, USAGE_TIMING);
  const usage = sub === 'sbf' ? USAGE_SBF : USAGE_ANALYZE;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError(io, e instanceof Error ? e.message : String(e), usage);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(usage);
    return Exit.Holds;
  }
  if (positionals.length !== 1) {
    return usageError(io, positionals.length === 0 ? 'missing FILE' : `expected one FILE, got ${positionals.length}`, usage);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usageError(io, `--format must be text or json, not '${format}'`, usage);
  let until: bigint | undefined;
  if (sub === 'sbf') {
    if (values.until === undefined) return usageError(io, 'missing --until T', usage);
    if (!/^[0-9]+$/.test(values.until) || values.until.length > 9 || Number(values.until) > MAX_UNTIL) {
      return usageError(io, `--until must be a whole number from 0 to ${MAX_UNTIL} (one row is printed per t), not '${values.until}'`, usage);
    }
    until = BigInt(values.until);
  } else if (values.until !== undefined) {
    return usageError(io, '--until applies to "timing sbf" only', usage);
  }
  if (values.plot !== undefined && !values.plot.endsWith('.svg')) {
    return usageError(io, `--plot needs a file name ending in .svg, not '${values.plot}'`, usage);
  }
  const plotProblem = values.plot === undefined ? undefined : outputFileProblem(io.cwd, '--plot', values.plot);
  if (plotProblem !== undefined) return usageError(io, plotProblem, usage);

  const path = resolve(io.cwd, positionals[0]!);
  let text: string;
  try {
    text = readInputFile(path);
  } catch (e) {
    io.err(`hvsafe timing: cannot read ${positionals[0]}: ${describeReadError(e)}\n`);
    return Exit.Usage;
  }
  const loaded = loadTaskFile(path, text, { requireTasks: sub === 'analyze' });
  if (!loaded.ok) {
    io.err(loaded.diagnostics.map((d) => formatDiagnostic(d, io.cwd)).join('\n') + '\n');
    io.err(`${loaded.diagnostics.length} error${loaded.diagnostics.length === 1 ? '' : 's'} in ${positionals[0]}\n`);
    return Exit.Usage;
  }
  const tf = loaded.value;
  const supply = makeSupply(tf.supply);
  return sub === 'sbf' ? runSbf(tf, supply, until!, format, values.plot, io) : runAnalyze(tf, supply, format, values.plot, io);
}

// ---------------------------------------------------------------- sbf

function runSbf(tf: TaskFile, s: Supply, until: bigint, format: 'text' | 'json', plot: string | undefined, io: Io): ExitCode {
  // Rows go out in slices, so memory stays flat whatever --until is.
  const SLICE = 4096n;
  const svg = plot === undefined ? undefined : svgPlot(`sbf: ${describeSupply(tf.supply)}`, ...sampledSbf(s, until));
  if (format === 'json') {
    io.out('{"sbf": [');
    for (let t0 = 0n; t0 <= until; t0 += SLICE) {
      const v: string[] = [];
      for (let t = t0; t <= until && t < t0 + SLICE; t++) v.push(String(s.sbf(t)));
      io.out((t0 === 0n ? '' : ', ') + v.join(', '));
    }
    io.out(']}\n');
  } else {
    const head = [`supply: ${describeSupply(tf.supply)}`];
    if (s.blackout !== null) head.push(`longest blackout: ${s.blackout}`);
    head.push(`rate: ${s.repeat.amount}/${s.repeat.period}`, '', '     t  sbf(t)');
    io.out(head.join('\n') + '\n');
    for (let t0 = 0n; t0 <= until; t0 += SLICE) {
      const rows: string[] = [];
      for (let t = t0; t <= until && t < t0 + SLICE; t++) rows.push(`${String(t).padStart(6)}  ${String(s.sbf(t)).padStart(6)}\n`);
      io.out(rows.join(''));
    }
    const [sts, ss] = sampledSbf(s, until);
    io.out('\n' + asciiPlot(sts, ss) + '\n');
  }
  if (svg !== undefined && !writeAtomically(io, plot!, svg)) return Exit.Usage;
  return Exit.Holds;
}

function sampledSbf(s: Supply, until: bigint): [bigint[], { label: string; values: bigint[] }[]] {
  const { ts, series } = sampleSeries(until, 60, [{ label: 'sbf(t)', f: (t) => s.sbf(t) }]);
  return [ts, series.map((x) => ({ label: x.label, values: [...x.values] }))];
}

// ---------------------------------------------------------------- analyze

function jsonNum(v: bigint | null): string {
  return v === null ? 'null' : v.toString();
}

function runAnalyze(tf: TaskFile, s: Supply, format: 'text' | 'json', plot: string | undefined, io: Io): ExitCode {
  const a = analyze(tf.tasks, tf.policy, s);
  const code: ExitCode = a.inconclusive ? Exit.Inconclusive : a.schedulable ? Exit.Holds : Exit.Violated;
  const { ts, series } = plotSeries(tf, s, a);
  const svg = plot === undefined ? undefined : svgPlot(`${tf.policy} on ${describeSupply(tf.supply)}`, ts, series);
  if (format === 'json') {
    const tasks = a.tasks.map(
      (r) =>
        `{"name": ${JSON.stringify(r.name)}, "responseTime": ${jsonNum(r.responseTime)}, "deadline": ${r.deadline}, "meetsDeadline": ${r.meetsDeadline}}`,
    );
    io.out(`{"schedulable": ${a.schedulable}, "tasks": [${tasks.join(', ')}]}\n`);
  } else {
    io.out(textReport(tf, s, a) + '\n\n' + asciiPlot(ts, series) + '\n');
  }
  if (svg !== undefined && !writeAtomically(io, plot!, svg)) return Exit.Usage;
  return code;
}

function plotSeries(tf: TaskFile, s: Supply, a: Analysis): ReturnType<typeof sampleSeries> {
  let until = 1n;
  for (const r of a.tasks) {
    if (r.deadline > until) until = r.deadline;
    if (r.responseTime !== null && r.responseTime > until) until = r.responseTime;
  }
  if (a.witness !== undefined && a.witness.t > until) until = a.witness.t;
  until = until + until / 4n;
  const demand =
    tf.policy === 'edf'
      ? { label: 'dbf(t) (EDF demand)', f: (t: bigint) => dbf(tf.tasks, t) }
      : { label: 'W(t) = Σ⌈t/T⌉C (released work)', f: (t: bigint) => requestBound(tf.tasks, t) };
  return sampleSeries(until, 60, [{ label: 'sbf(t)', f: (t) => s.sbf(t) }, demand]);
}

function textReport(tf: TaskFile, s: Supply, a: Analysis): string {
  const rows: string[][] = [['task', 'wcet', 'period', 'deadline', 'response', 'meets']];
  a.tasks.forEach((r, i) => {
    const t = tf.tasks[i]!;
    const resp = r.responseTime === null ? `unbounded (${r.unbounded ?? '?'})` : String(r.responseTime);
    rows.push([r.name, String(t.wcet), String(t.period), String(r.deadline), resp, r.meetsDeadline ? 'yes' : 'NO']);
  });
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const table = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  table.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const lines = [
    `policy: ${tf.policy}${tf.policy === 'fixed-priority' ? ' (highest priority first)' : ''}`,
    `supply: ${describeSupply(tf.supply)}, rate ${s.repeat.amount}/${s.repeat.period}${s.blackout === null ? '' : `, longest blackout ${s.blackout}`}`,
    '',
    ...table,
    '',
  ];
  if (tf.policy === 'edf') {
    lines.push(`EDF demand bound test checked up to t = ${a.horizon ?? 0n}.`);
    if (a.witness !== undefined) lines.push(`dbf(${a.witness.t}) = ${a.witness.demand} > sbf(${a.witness.t}) = ${a.witness.supply}.`);
    lines.push('EDF response times are bounds: min(deadline, busy period) when schedulable, else the busy period.');
  }
  lines.push(a.inconclusive ? 'verdict: INCONCLUSIVE (iteration limit reached)' : a.schedulable ? 'verdict: schedulable' : 'verdict: NOT schedulable');
  return lines.join('\n');
}

// ---------------------------------------------------------------- output files

/** Write to a temporary file beside the target, then rename: never a half-written file. */
function writeAtomically(io: Io, file: string, content: string): boolean {
  try {
    writeFileWhole(resolve(io.cwd, file), content);
    return true;
  } catch (e) {
    io.err(`hvsafe timing: cannot write ${file}: ${(e as Error).message}\n`);
    return false;
  }
}
