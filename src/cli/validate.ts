// hvsafe validate <scenario>: load a scenario, print every problem at once (exit 2), or a
// one-screen summary of the partitioning (exit 0).

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../config/diagnostics.js';
import { describeReadError, loadScenario } from '../config/load.js';
import { summarize } from '../config/summary.js';
import { Exit, type Command } from './io.js';

export const VALIDATE_USAGE = `usage: hvsafe validate <scenario.yaml>

Check a scenario file (and the SoC file it references) for syntax, schema and
semantic errors. Every error is reported with file:line:column. On success,
print a one-screen summary of the partitioning.

options:
  -h, --help   show this help

exit codes: 0 valid, 2 errors in the file or bad usage
`;

export const validateCommand: Command = async (argv, io) => {
  let positionals: string[];
  let help: boolean | undefined;
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    positionals = parsed.positionals;
    help = parsed.values.help;
  } catch (e) {
    io.err(`hvsafe validate: ${e instanceof Error ? e.message : String(e)}\n\n${VALIDATE_USAGE}`);
    return Exit.Usage;
  }
  if (help === true) {
    io.out(VALIDATE_USAGE);
    return Exit.Holds;
  }
  if (positionals.length !== 1) {
    io.err(`hvsafe validate: ${positionals.length === 0 ? 'no scenario file given' : 'give exactly one scenario file'}\n\n${VALIDATE_USAGE}`);
    return Exit.Usage;
  }
  const arg = positionals[0]!;
  const path = resolve(io.cwd, arg);
  try {
    if (!statSync(path).isFile()) {
      io.err(`hvsafe validate: cannot read '${arg}': it is not a file\n`);
      return Exit.Usage;
    }
  } catch (e) {
    io.err(`hvsafe validate: cannot read '${arg}': ${describeReadError(e)}\n`);
    return Exit.Usage;
  }
  const loaded = loadScenario(path);
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, io.cwd) + '\n');
    const n = loaded.diagnostics.length;
    io.err(`${n} error${n === 1 ? '' : 's'} in ${arg}\n`);
    return Exit.Usage;
  }
  io.out(summarize(loaded.value, io.cwd));
  return Exit.Holds;
};
