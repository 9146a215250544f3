// Loading the scenario a command names, reporting every diagnostic the way every command
// does: file:line:column, hint, a count, exit 2.

import { formatDiagnostic } from '../config/diagnostics.js';
import { loadScenario, type ReadFile } from '../config/load.js';
import type { Scenario } from '../config/types.js';
import type { Io } from './io.js';

/** `readFile` lets a caller see what was read (the evidence hashes the exact bytes). */
export function loadOrReport(path: string, io: Io, readFile?: ReadFile): Scenario | undefined {
  const r = readFile === undefined ? loadScenario(path) : loadScenario(path, readFile);
  if (r.ok) return r.value;
  for (const d of r.diagnostics) io.err(formatDiagnostic(d, io.cwd) + '\n');
  const n = r.diagnostics.length;
  io.err(`${n} error${n === 1 ? '' : 's'}; nothing was run\n`);
  return undefined;
}
