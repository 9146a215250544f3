// hvsafe explore: one self-contained HTML page to understand and step through a breach.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, resolve } from 'node:path';
import { CATALOG } from '../../proofs/index.js';
import { formatDiagnostic } from '../config/diagnostics.js';
import type { Scenario } from '../config/types.js';
import { runCheck } from '../check/run.js';
import type { Event } from '../hv/events.js';
import { buildTopology } from '../hv/topology.js';
import { DEFAULTS, parseToken, type Verdict } from '../pbt/engine.js';
import { parseScript } from '../sim/script.js';
import { renderExplorer } from '../explore/index.js';
import { parseCommand, wholeNumbers } from './args.js';
import { Exit, type Command, type ExitCode, type Io } from './io.js';
import { exitOf as exitOfStatuses } from './exit.js';
import { loadOrReport } from './scenario-arg.js';

const USAGE = `usage: hvsafe explore <scenario> [--replay TOKEN | --script FILE | --property ID] [--out FILE.html] [--serve [--port N]]

Writes one self-contained HTML page (it opens offline, from file://) to understand a breach and
step through it: the physical memory map (a lane per VM, device and the hypervisor; overlaps
and the trace's reach in red, with DMA paths), interrupt routing, channels, the CPU schedule;
each violated property with its claim, findings, declaring lines (click to see the source) and
fix; the minimal counterexample step by step (what the hypervisor did, what changed, the
monitor's verdict), with the keyboard: ← → step, v jump to the violation.

options:
  --property ID     explore only this property (repeatable)
  --replay TOKEN    explore one counterexample from its replay token (printed by check)
  --script FILE     explore an event script: every property's monitor watches it
  --runs N          random traces per property (default ${DEFAULTS.runs})
  --max-steps N     events per trace at most (default ${DEFAULTS.maxSteps})
  --seed S          base seed (default ${DEFAULTS.seed})
  --engines E       pbt (default) or pbt,z3 (adds the Z3 configuration proofs and their witnesses)
  --out FILE        the page to write (default <scenario>.explore.html in the working directory)
  --serve           serve the page on 127.0.0.1 instead; the page can run the checks again
                    with another seed or property; stop with Ctrl-C
  --port N          port for --serve (default 8617; 0 picks a free one)
  -h, --help        show this help

exit codes: 0 nothing violated, 1 a property is violated (the page shows it),
            2 bad input or usage, 3 inconclusive or not checked
`;

export interface Plan {
  readonly properties: readonly string[] | undefined;
  readonly replay: ReturnType<typeof parseToken>;
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed: number;
  readonly engines: readonly ('pbt' | 'z3')[];
}

function exitOf(verdicts: readonly Verdict[]): ExitCode {
  return exitOfStatuses(verdicts.map((v) => v.status));
}

/** Run the checks the plan asks for and render the page. */
export async function explorePage(scenario: Scenario, plan: Plan, cwd: string, serve?: { seed: number; property?: string }): Promise<{ html: string; exit: ExitCode }> {
  let selected = CATALOG.filter((p) => plan.properties === undefined || plan.properties.includes(p.id));
  if (plan.replay !== undefined) selected = CATALOG.filter((p) => p.id === plan.replay!.property);
  const run = await runCheck(scenario, selected, {
    runs: plan.runs,
    maxSteps: plan.maxSteps,
    seed: plan.seed,
    ...(plan.replay !== undefined ? { replay: plan.replay } : {}),
    engines: plan.engines,
    // The page shows breaches: the configuration level finds and replays them in seconds.
    levels: ['config'],
    z3: { cwd },
  });
  const html = renderExplorer({ scenario, catalog: CATALOG, verdicts: run.verdicts, cwd, ...(serve !== undefined ? { page: { serve } } : {}) });
  return { html, exit: exitOf(run.verdicts) };
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export const exploreCommand: Command = async (argv, io) => {
  const args = parseCommand('explore', USAGE, argv, io, {
    property: { type: 'string', multiple: true },
    replay: { type: 'string' },
    script: { type: 'string' },
    runs: { type: 'string' },
    'max-steps': { type: 'string' },
    seed: { type: 'string' },
    engines: { type: 'string' },
    out: { type: 'string' },
    serve: { type: 'boolean' },
    port: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push(`expected one scenario file, got ${positionals.length}`);
  const int = wholeNumbers(problems);
  const runs = int('runs', values.runs, DEFAULTS.runs, 1, 1_000_000);
  const maxSteps = int('max-steps', values['max-steps'], DEFAULTS.maxSteps, 1, 10_000);
  const seed = int('seed', values.seed, DEFAULTS.seed, 0, 0xffff_ffff);
  const port = int('port', values.port, 8617, 0, 65535);
  const engines = (values.engines ?? 'pbt').split(',').map((e) => e.trim());
  for (const e of engines) if (e !== 'pbt' && e !== 'z3') problems.push(`--engines takes pbt, z3 or both (comma-separated), not '${e}'`);
  const known = new Set(CATALOG.map((p) => p.id));
  for (const id of values.property ?? []) if (!known.has(id)) problems.push(`no property '${id}'; properties: ${[...known].join(', ')}`);
  const modes = [values.replay, values.script, values.property].filter((x) => x !== undefined).length;
  if (modes > 1) problems.push('give at most one of --replay, --script and --property');
  const replay = values.replay === undefined ? undefined : parseToken(values.replay);
  if (values.replay !== undefined && replay === undefined) problems.push(`--replay takes a token printed by a failing check (property:seed/maxSteps:path), not '${values.replay}'`);
  else if (replay !== undefined && !known.has(replay.property)) problems.push(`the replay token names no known property ('${replay.property}')`);
  if (values.port !== undefined && !values.serve) problems.push('--port goes with --serve');
  if (values.serve && values.out !== undefined) problems.push('--serve serves the page; --out writes it: give one');
  if (values.out !== undefined && !/\.html?$/i.test(values.out)) problems.push(`--out names the HTML page to write, ending in .html, not '${values.out}'`);
  if (problems.length > 0) {
    io.err(problems.map((p) => `hvsafe explore: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }
  const scenario = loadOrReport(positionals[0]!, io);
  if (scenario === undefined) return Exit.Usage;

  let script: { name: string; events: readonly Event[] } | undefined;
  if (values.script !== undefined) {
    const file = resolve(io.cwd, values.script);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.err(`hvsafe explore: cannot read the event script ${values.script}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
      return Exit.Usage;
    }
    const parsed = parseScript(text, file, buildTopology(scenario));
    if (!parsed.ok) {
      for (const d of parsed.diagnostics) io.err(formatDiagnostic(d, io.cwd) + '\n');
      io.err(`${parsed.diagnostics.length} error${parsed.diagnostics.length === 1 ? '' : 's'} in the event script; nothing was written\n`);
      return Exit.Usage;
    }
    script = { name: values.script, events: parsed.value };
  }
  const plan: Plan = { properties: values.property, replay, runs, maxSteps, seed, engines: engines.filter((e): e is 'pbt' | 'z3' => e === 'pbt' || e === 'z3') };

  if (values.serve) return serve(scenario, plan, script, port, io);

  let html: string;
  let exit: ExitCode;
  if (script !== undefined) {
    html = renderExplorer({ scenario, catalog: CATALOG, verdicts: [], cwd: io.cwd, script });
    exit = html.includes('"status":"violated"') ? Exit.Violated : Exit.Holds;
  } else {
    ({ html, exit } = await explorePage(scenario, plan, io.cwd));
  }
  const out = resolve(io.cwd, values.out ?? `${basename(scenario.file).replace(/\.ya?ml$/i, '')}.explore.html`);
  try {
    writeAtomically(out, html);
  } catch (e) {
    io.err(`hvsafe explore: cannot write ${values.out ?? out}: ${(e as Error).message}\n`);
    return Exit.Usage;
  }
  io.out(`hvsafe explore: wrote ${values.out ?? out} (${Math.round(html.length / 1024)} KiB); open it in a browser\n`);
  return exit;
};

/**
 * Loopback only, one check at a time, a bounded query: the page asks for another seed or
 * property and gets a freshly rendered page. The caller closes it (the command on SIGINT).
 */
export function startServer(
  scenario: Scenario,
  plan: Plan,
  script: { name: string; events: readonly Event[] } | undefined,
  port: number,
  cwd: string,
): Promise<{ readonly port: number; close(): Promise<void> } | { readonly error: string }> {
  let busy = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (busy) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '2' }).end('a check is running; try again in a moment\n');
      return;
    }
    const seedText = url.searchParams.get('seed') ?? String(plan.seed);
    const prop = url.searchParams.get('property')?.trim() ?? '';
    const seed = /^\d{1,10}$/.test(seedText) ? Number(seedText) : NaN;
    if (!Number.isSafeInteger(seed) || seed > 0xffff_ffff || (prop !== '' && !CATALOG.some((p) => p.id === prop))) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('seed must be a whole number up to 4294967295, property a catalog ID\n');
      return;
    }
    busy = true;
    const p: Plan = { ...plan, seed, ...(prop !== '' ? { properties: [prop], replay: undefined } : {}) };
    const work =
      script !== undefined
        ? Promise.resolve({ html: renderExplorer({ scenario, catalog: CATALOG, verdicts: [], cwd, script, page: { serve: { seed } } }) })
        : explorePage(scenario, p, cwd, { seed, ...(prop !== '' ? { property: prop } : {}) });
    work
      .then(
        ({ html }) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html),
        (e: unknown) => void res.writeHead(500, { 'content-type': 'text/plain' }).end(`the check failed: ${(e as Error).message}\n`),
      )
      .finally(() => {
        busy = false;
      });
  });
  server.requestTimeout = 300_000;
  server.maxConnections = 8;
  return new Promise((done) => {
    server.once('error', (e: NodeJS.ErrnoException) => done({ error: `cannot listen on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use (try --port 0)' : e.message}` }));
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      done({
        port: typeof addr === 'object' && addr !== null ? addr.port : port,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function serve(scenario: Scenario, plan: Plan, script: { name: string; events: readonly Event[] } | undefined, port: number, io: Io): Promise<ExitCode> {
  const s = await startServer(scenario, plan, script, port, io.cwd);
  if ('error' in s) {
    io.err(`hvsafe explore: ${s.error}\n`);
    return Exit.Usage;
  }
  io.out(`hvsafe explore: serving ${scenario.name} on http://127.0.0.1:${s.port}/ (Ctrl-C stops)\n`);
  await new Promise<void>((stopped) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void s.close().then(stopped);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return Exit.Holds;
}
