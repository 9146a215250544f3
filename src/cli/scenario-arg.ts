// Loading the scenario a command names, reporting every diagnostic the way every command
// does: file:line:column, hint, a count, exit 2.

import { formatDiagnostic } from '../config/diagnostics.js';
import { loadScenario } from '../config/load.js';
import type { Scenario } from '../config/types.js';
import type { Io } from './io.js';

export function loadOrReport(path: string, io: Io): Scenario | undefined {
  const r = loadScenario(path);
  if (r.ok) return r.value;
  for (const d of r.diagnostics) io.err(formatDiagnostic(d, io.cwd) + '\n');
  const n = r.diagnostics.length;
  io.err(`${n} error${n === 1 ? '' : 's'}; nothing was run\n`);
  return undefined;
}
