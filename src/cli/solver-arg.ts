// `--solver auto|wasm|native`, shared by every command that runs Z3.

import { isSolverChoice, resolveBackend, SOLVER_CHOICES, type Backend, type SolverChoice } from '../smt/backend.js';

export const SOLVER_USAGE = `  --solver S        auto (default: a native z3 on PATH, else the WebAssembly build), wasm, or native`;

/** The backend asked for, or undefined with the problem pushed (an unknown choice, no native z3). */
export async function solverArg(value: string | undefined, problems: string[], fallback: SolverChoice = 'auto'): Promise<Backend | undefined> {
  const choice = value ?? fallback;
  if (!isSolverChoice(choice)) {
    problems.push(`--solver takes ${SOLVER_CHOICES.join(', ')}, not '${choice}'`);
    return undefined;
  }
  const r = await resolveBackend(choice);
  if (!r.ok) {
    problems.push(r.error);
    return undefined;
  }
  return r.backend;
}
