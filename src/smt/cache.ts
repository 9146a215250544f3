// Answers cached by query hash and solver version, so an unchanged configuration re-checks
// without starting Z3. Only definite answers (sat, unsat) are kept: `unknown` depends on the
// time limit and the machine, and caching it would make an inconclusive run sticky.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Answer } from './query.js';
import { sha256 } from './hash.js';

export interface AnswerCache {
  get(hash: string): Answer | undefined;
  put(hash: string, answer: Answer): void;
}

/** The solver as known without starting it (the z3-solver package version): part of the cache key. */
export function solverPackage(): string {
  try {
    const req = createRequire(import.meta.url);
    const main = req.resolve('z3-solver');
    const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version: string };
    return `z3-solver ${pkg.version}`;
  } catch {
    return 'z3-solver unknown';
  }
}

export function defaultCacheDir(cwd: string): string {
  return existsSync(join(cwd, 'node_modules')) ? join(cwd, 'node_modules', '.cache', 'hvsafe', 'smt') : join(cwd, '.hvsafe-cache', 'smt');
}

type Stored = { status: 'unsat' } | { status: 'sat'; model: Record<string, { bv: string } | { bool: boolean }> };

function store(a: Answer): Stored | undefined {
  if (a.status === 'unsat') return { status: 'unsat' };
  if (a.status !== 'sat') return undefined;
  const model: Record<string, { bv: string } | { bool: boolean }> = {};
  for (const [k, v] of Object.entries(a.model)) model[k] = typeof v === 'bigint' ? { bv: v.toString(16) } : { bool: v };
  return { status: 'sat', model };
}

function load(s: Stored): Answer | undefined {
  if (s.status === 'unsat') return { status: 'unsat' };
  if (s.status !== 'sat' || typeof s.model !== 'object') return undefined;
  const model: Record<string, bigint | boolean> = {};
  for (const [k, v] of Object.entries(s.model)) {
    if ('bv' in v && /^[0-9a-f]+$/.test(v.bv)) model[k] = BigInt(`0x${v.bv}`);
    else if ('bool' in v && typeof v.bool === 'boolean') model[k] = v.bool;
    else return undefined;
  }
  return { status: 'sat', model };
}

export function fileCache(dir: string, solver: string = solverPackage()): AnswerCache {
  const path = (hash: string): string => {
    const key = sha256(`${hash}\n${solver}`);
    return join(dir, key.slice(0, 2), `${key}.json`);
  };
  return {
    get(hash) {
      try {
        return load(JSON.parse(readFileSync(path(hash), 'utf8')) as Stored);
      } catch {
        return undefined; // absent or damaged: solve again
      }
    },
    put(hash, answer) {
      const s = store(answer);
      if (s === undefined) return;
      try {
        const p = path(hash);
        mkdirSync(dirname(p), { recursive: true });
        const tmp = `${p}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(s));
        renameSync(tmp, p);
      } catch {
        // A cache that cannot be written only costs time.
      }
    },
  };
}
