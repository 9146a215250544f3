// A native z3 from PATH for the transition proofs in tests: the same query text the
// WebAssembly solver takes, answered several times faster. When no z3 is on PATH the tests
// fall back to the WebAssembly session (same answers, slower), and say so.

import { spawn, spawnSync } from 'node:child_process';
import type { Query } from '../../src/smt/query.js';
import type { SolverSession } from '../../src/smt/solve.js';

export type Status = 'sat' | 'unsat' | 'unknown';

/** Is a z3 binary on PATH? (checked once per test file) */
export function nativeZ3(): boolean {
  const r = spawnSync('z3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && /Z3 version/.test(r.stdout);
}

/** Solve with `z3 -in`, status only; a crash or an unexpected answer is unknown, never a verdict. */
export function solveNative(q: Query, timeoutMs: number): Promise<Status> {
  return new Promise((resolve) => {
    const p = spawn('z3', ['-in', `-T:${Math.ceil(timeoutMs / 1000)}`, 'memory_max_size=2048'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.on('error', () => resolve('unknown'));
    p.on('close', () => {
      const first = out.trim().split('\n')[0]?.trim();
      resolve(first === 'sat' || first === 'unsat' ? first : 'unknown');
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(q.smt2 + '(check-sat)\n');
  });
}

/** Native when present, else the session: status only. */
export async function status(session: SolverSession | undefined, q: Query, timeoutMs: number, native: boolean): Promise<Status> {
  if (native) return solveNative(q, timeoutMs);
  if (session === undefined) throw new Error('no solver');
  return (await session.solve(q, timeoutMs)).status;
}

/** Run `f` over `xs` with at most `n` at once, results in order. */
export async function pooled<T, R>(xs: readonly T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, xs.length) }, worker));
  return out;
}
