// Which Z3 answers the queries: the WebAssembly build that `npm ci` installs (always there),
// or a native z3 binary on PATH (several times faster on the large transition queries).
// `auto` takes the native one when it answers as z3, else the WebAssembly build.

import { solverPackage } from './cache.js';
import { findNativeZ3, nativeVersion } from './native.js';

export type SolverChoice = 'auto' | 'wasm' | 'native';
export const SOLVER_CHOICES: readonly SolverChoice[] = ['auto', 'wasm', 'native'];

export type Backend = { readonly kind: 'wasm' } | { readonly kind: 'native'; readonly path: string; readonly version: string };

export const WASM: Backend = { kind: 'wasm' };

export function isSolverChoice(s: string): s is SolverChoice {
  return (SOLVER_CHOICES as readonly string[]).includes(s);
}

/**
 * The backend for a choice. `native` without a working z3 on PATH is the user's error (what to
 * install is in the message); `auto` then quietly takes the WebAssembly build.
 */
export async function resolveBackend(choice: SolverChoice, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: true; backend: Backend } | { ok: false; error: string }> {
  if (choice === 'wasm') return { ok: true, backend: WASM };
  const path = findNativeZ3(env);
  const version = path === undefined ? undefined : await nativeVersion(path);
  if (path !== undefined && version !== undefined) return { ok: true, backend: { kind: 'native', path, version } };
  if (choice === 'auto') return { ok: true, backend: WASM };
  return {
    ok: false,
    error:
      path === undefined
        ? '--solver native: no z3 on PATH; install one (Debian: apt-get install z3) or use --solver wasm'
        : `--solver native: ${path} does not answer \`--version\` as z3 does; use --solver wasm`,
  };
}

/**
 * The solver as the cache and the evidence name it, known without starting it. Native and
 * WebAssembly answers are cached apart: the verdicts agree (CI checks it) but models differ.
 */
export function backendName(b: Backend): string {
  return b.kind === 'wasm' ? solverPackage() : `${b.version} (native)`;
}
