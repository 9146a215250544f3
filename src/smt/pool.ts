// Solving a batch of queries: answers from the cache first, the rest on Z3 — in worker threads
// (each with its own Z3 instance, when the compiled worker is available and more than one job
// is asked for) or in this thread. Every Z3 instance is ended on close, so the process exits.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnswerCache } from './cache.js';
import { queryHash } from './hash.js';
import type { Answer, Query, Solved } from './query.js';
import { openSolver, type SolverSession } from './solve.js';
import { backendName, WASM, type Backend } from './backend.js';
import { openNativeSolver } from './native.js';

export interface PoolOptions {
  /** Parallel Z3 instances (worker threads); 1 solves in this thread. */
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly cache?: AnswerCache;
  /** The compiled worker entry; default: worker.js beside this module (present in dist/ only). */
  readonly workerUrl?: URL;
  /** Which Z3 answers (default: the WebAssembly build). */
  readonly backend?: Backend;
}

export interface SolverPool {
  /** Answers in the order of the queries. */
  solveAll(queries: readonly Query[]): Promise<Solved[]>;
  /** How the pool runs: "2 worker threads", "in-thread" or "2 native z3 processes". */
  readonly mode: string;
  /** The solver as the cache and the evidence name it (see backendName). */
  readonly solver: string;
  close(): Promise<void>;
}

export function defaultWorkerUrl(): URL {
  return new URL('./worker.js', import.meta.url);
}

/** Workers need the compiled worker file; under TS sources (tests, vite-node) there is none. */
export function workersAvailable(url: URL = defaultWorkerUrl()): boolean {
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}

interface Runner {
  run(query: Query, timeoutMs: number): Promise<{ answer: Answer; solver: string }>;
  close(): Promise<void>;
}

function inThread(): Runner {
  let session: Promise<SolverSession> | undefined;
  return {
    async run(query, timeoutMs) {
      session ??= openSolver();
      const s = await session;
      return { answer: await s.solve(query, timeoutMs), solver: s.solver };
    },
    async close() {
      if (session !== undefined) (await session).close();
    },
  };
}

// Native z3 runs each query in a process of its own: lanes need no threads.
function nativeRunner(path: string, version: string): Runner {
  const session = openNativeSolver(path, version);
  return {
    async run(query, timeoutMs) {
      const s = await session;
      return { answer: await s.solve(query, timeoutMs), solver: s.solver };
    },
    async close() {
      (await session).close();
    },
  };
}

function workerRunner(url: URL): Runner {
  const worker = new Worker(url);
  let solver = 'z3 (worker)';
  const waiting = new Map<number, (a: Answer) => void>();
  let next = 0;
  let dead: string | undefined;
  const fail = (why: string): void => {
    dead = why;
    for (const [, resolve] of waiting) resolve({ status: 'unknown', reason: `the solver worker failed: ${why}` });
    waiting.clear();
  };
  worker.on('message', (m: { ready?: string; failed?: string; n?: number; answer?: Answer }) => {
    if (m.ready !== undefined) solver = m.ready;
    if (m.failed !== undefined) fail(m.failed);
    if (m.n !== undefined && m.answer !== undefined) {
      waiting.get(m.n)?.(m.answer);
      waiting.delete(m.n);
    }
  });
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', (code) => {
    if (waiting.size > 0) fail(`it exited (code ${code})`);
  });
  return {
    run(query, timeoutMs) {
      if (dead !== undefined) return Promise.resolve({ answer: { status: 'unknown', reason: `the solver worker failed: ${dead}` }, solver });
      const n = next++;
      return new Promise((resolve) => {
        waiting.set(n, (answer) => resolve({ answer, solver }));
        worker.postMessage({ n, query, timeoutMs });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

export function createPool(opts: PoolOptions): SolverPool {
  const url = opts.workerUrl ?? defaultWorkerUrl();
  const backend = opts.backend ?? WASM;
  const solver = backendName(backend);
  const native = backend.kind === 'native' ? backend : undefined;
  const threads = native !== undefined ? Math.max(1, opts.jobs) : opts.jobs > 1 && workersAvailable(url) ? opts.jobs : 0;
  const runners: Runner[] = [];
  const runner = (i: number): Runner => {
    while (runners.length <= i) runners.push(native !== undefined ? nativeRunner(native.path, native.version) : threads > 0 ? workerRunner(url) : inThread());
    return runners[i]!;
  };
  return {
    mode: native !== undefined ? `${threads} native z3 process${threads === 1 ? '' : 'es'}` : threads > 0 ? `${threads} worker threads` : 'in-thread',
    solver,
    async solveAll(queries) {
      const out: Solved[] = new Array(queries.length);
      const todo: number[] = [];
      queries.forEach((q, i) => {
        const hash = queryHash(q);
        const hit = opts.cache?.get(hash);
        if (hit !== undefined) out[i] = { query: q, hash, answer: hit, timeMs: 0, cached: true, solver };
        else todo.push(i);
      });
      // Largest first, so the slowest query does not start last.
      todo.sort((a, b) => queries[b]!.smt2.length - queries[a]!.smt2.length || a - b);
      let cursor = 0;
      const lane = async (r: Runner): Promise<void> => {
        while (cursor < todo.length) {
          const i = todo[cursor++]!;
          const q = queries[i]!;
          const t0 = performance.now();
          const { answer, solver } = await r.run(q, opts.timeoutMs);
          const hash = queryHash(q);
          if (answer.status !== 'unknown') opts.cache?.put(hash, answer);
          out[i] = { query: q, hash, answer, timeMs: performance.now() - t0, cached: false, solver };
        }
      };
      if (todo.length > 0) {
        const lanes = Math.max(1, Math.min(threads, todo.length));
        await Promise.all(Array.from({ length: lanes }, (_, k) => lane(runner(k))));
      }
      return out;
    },
    async close() {
      await Promise.all(runners.map((r) => r.close()));
    },
  };
}
