#!/usr/bin/env node
// The hvsafe command line: one word per job, each a Command that returns its exit code.

import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkCommand } from './check.js';
import { exploreCommand } from './explore.js';
import { importCommand } from './import.js';
import { Exit, type Command, type ExitCode, type Io } from './io.js';
import { evidenceCommand } from './evidence.js';
import { proveCommand } from './prove.js';
import { reportCommand } from './report.js';
import { simulateCommand } from './simulate.js';
import { timingCommand } from './timing.js';
import { validateCommand } from './validate.js';

const COMMANDS: Record<string, { run: Command; what: string }> = {
  validate: { run: validateCommand, what: 'check a scenario file and summarize its partitioning' },
  simulate: { run: simulateCommand, what: 'run random or scripted events through the hypervisor model' },
  timing: { run: timingCommand, what: 'supply bound functions and schedulability of a task set' },
  import: { run: importCommand, what: 'translate a hypervisor configuration (Jailhouse .cell, Microkit .system) into a scenario, with the fate of every element' },
  check: { run: checkCommand, what: 'check every isolation, timing and containment property; minimal replayable counterexamples' },
  prove: { run: proveCommand, what: 'prove the configuration claims with Z3 for every address and interrupt; witnesses replayed on the model' },
  explore: { run: exploreCommand, what: 'write one HTML page to understand a breach and step through its counterexample' },
  report: { run: reportCommand, what: 'write the safety case: GSN argument, diagram, assessor report (HTML, Markdown), evidence' },
  evidence: { run: evidenceCommand, what: 'merge the evidence bundles of sharded runs; verify a bundle\'s digests' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `usage: hvsafe <command> [options]

hvsafe proves and tests that a hypervisor configuration keeps its virtual machines apart.

commands:
${Object.entries(COMMANDS)
  .map(([k, c]) => `  ${k.padEnd(width)}  ${c.what}`)
  .join('\n')}

Run 'hvsafe <command> --help' for a command's options.
exit codes: 0 all hold, 1 a property is violated, 2 input or usage error, 3 inconclusive
`;
}

export function version(): string {
  // Built (dist/src/cli) and source (src/cli) sit at different depths.
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'hvsafe') return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  mainRan = true;
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    (cmd === undefined ? io.err : io.out)(usage());
    return cmd === undefined ? Exit.Usage : Exit.Holds;
  }
  if (cmd === '--version' || cmd === '-V') {
    io.out(`hvsafe ${version()}\n`);
    return Exit.Holds;
  }
  const c = COMMANDS[cmd];
  if (c === undefined) {
    io.err(`hvsafe: unknown command '${cmd}'\n\n${usage()}`);
    return Exit.Usage;
  }
  return c.run(rest, io);
}

/**
 * How this module was started. `entry`: its own file is the program (node dist/src/cli/main.js,
 * npm's bin link, tsx src/cli/main.ts). `runner`: a TypeScript runner that drops the script
 * from argv (vite-node src/cli/main.ts), so nothing tells the entry from an import. `imported`:
 * a library or test loaded it.
 */
function startedAs(): 'entry' | 'runner' | 'imported' {
  const arg = process.argv[1];
  if (arg === undefined) return 'imported';
  try {
    // Through npm's bin link argv[1] is the link; compare real paths.
    if (realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url))) return 'entry';
  } catch {
    // not a file we can resolve: judge by name below
  }
  return /[\\/]vite-node(?:\.m?js)?$|[\\/]vite-node[\\/][^\\/]*\.m?js$|[\\/](?:tsx|ts-node)[\\/]/.test(arg) ? 'runner' : 'imported';
}

// Whether main() ran in this process: under a runner, the entry guard cannot see whether the
// module is the program or an import, so it waits until the program is done and runs main()
// only if nobody else did. The guard fails closed: the CLI never exits 0 having done nothing.
let mainRan = false;

function runAsProgram(): void {
  // A reader that closes early (| head) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const io: Io = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // A crash is a bug in hvsafe, never a verdict: report it plainly and call the run inconclusive.
      io.err(`hvsafe: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env['HVSAFE_DEBUG'] && e instanceof Error) io.err(`${e.stack}\n`);
      io.err('This is a bug in hvsafe; the run is inconclusive. Set HVSAFE_DEBUG=1 for details.\n');
      process.exitCode = Exit.Inconclusive;
    },
  );
}

const how = startedAs();
if (how === 'entry') runAsProgram();
else if (how === 'runner') {
  process.once('beforeExit', () => {
    if (!mainRan) runAsProgram();
  });
}
