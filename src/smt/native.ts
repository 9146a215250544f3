// A native z3 binary as the solver: each query is one `z3 -in` process fed the same SMT-LIB2
// bytes the WebAssembly build solves (and the cache hashes), then `(check-sat)` and a
// `(get-value …)` of the witness constants. Processes are independent, so a native session
// answers queries in parallel without worker threads.
//
// Soundness: anything but a clean "sat"/"unsat" first answer — an `(error …)` line anywhere
// before it, a crash, a signal, a timeout, output we cannot read — is `unknown`. An error
// line matters because z3 keeps going after a bad command and would answer for the
// assertions it did accept.

import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Answer, Query, WitnessVar } from './query.js';
import type { SolverSession } from './solve.js';

/** The first `z3` on PATH that is an executable regular file. */
export function findNativeZ3(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '')) {
    const path = join(dir, 'z3');
    try {
      if (!statSync(path).isFile()) continue;
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError?: string;
  readonly killed: boolean;
}

/** Beyond this much output a query's answer is not something we asked for. */
const MAX_OUTPUT = 4_000_000;

function run(path: string, args: readonly string[], input: string, killAfterMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    // A group of its own, so the kill reaches whatever the binary started (a wrapper script's
    // children hold the pipes open otherwise).
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const kill = (): void => {
      killed = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let killed = false;
    let spawnError: string | undefined;
    const timer = setTimeout(kill, killAfterMs);
    const take = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) {
        kill();
        return;
      }
      into.push(b);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    child.on('error', (e) => {
      spawnError = e.message;
    });
    // A process that dies early closes its stdin: the write error is the exit's to report.
    child.stdin.on('error', () => undefined);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, signal, killed, ...(spawnError !== undefined ? { spawnError } : {}) });
    });
    child.stdin.end(input);
  });
}

type Sexp = string | Sexp[];

/** Reads the s-expressions of z3's `get-value` answer; undefined when it is not one. */
export function readSexps(text: string): Sexp[] | undefined {
  const out: Sexp[] = [];
  const stack: Sexp[][] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      stack.push([]);
      i++;
    } else if (ch === ')') {
      const done = stack.pop();
      if (done === undefined) return undefined;
      (stack.length > 0 ? stack[stack.length - 1]! : out).push(done);
      i++;
    } else if (ch === '|') {
      const end = text.indexOf('|', i + 1);
      if (end < 0) return undefined;
      (stack.length > 0 ? stack[stack.length - 1]! : out).push(text.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()|]/.test(text[j]!)) j++;
      (stack.length > 0 ? stack[stack.length - 1]! : out).push(text.slice(i, j));
      i = j;
    }
  }
  return stack.length === 0 ? out : undefined;
}

/** One value of a witness constant as z3 prints it, or undefined when it is not of the sort. */
export function readValue(v: Sexp, w: WitnessVar): bigint | boolean | undefined {
  if (w.sort === 'bool') return v === 'true' ? true : v === 'false' ? false : undefined;
  if (w.sort === 'int') {
    if (typeof v === 'string') return /^[0-9]+$/.test(v) ? BigInt(v) : undefined;
    if (v.length === 2 && v[0] === '-' && typeof v[1] === 'string' && /^[0-9]+$/.test(v[1])) return -BigInt(v[1]);
    return undefined;
  }
  const width = { bv64: 64, bv32: 32, bv16: 16, bv8: 8 }[w.sort];
  if (typeof v !== 'string') return undefined;
  if (/^#x[0-9a-fA-F]+$/.test(v) && (v.length - 2) * 4 === width) return BigInt(`0x${v.slice(2)}`);
  if (/^#b[01]+$/.test(v) && v.length - 2 === width) return BigInt(`0b${v.slice(2)}`);
  return undefined;
}

/** z3's output for one query → the answer; every surprise is `unknown`. */
export function readAnswer(stdout: string, witness: readonly WitnessVar[]): Answer {
  const lines = stdout.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { status: 'unknown', reason: 'the native solver printed nothing' };
  const head = lines[first]!.trim();
  if (head.startsWith('(error')) return { status: 'unknown', reason: `the native solver failed: ${head}` };
  if (head === 'unsat') return { status: 'unsat' };
  if (head === 'unknown' || head === 'timeout') return { status: 'unknown', reason: `the native solver answered ${head}` };
  if (head !== 'sat') return { status: 'unknown', reason: `the native solver answered '${head.slice(0, 200)}'` };
  if (witness.length === 0) return { status: 'sat', model: {} };
  const rest = lines.slice(first + 1).join('\n');
  const parsed = readSexps(rest);
  const pairs = parsed?.length === 1 && Array.isArray(parsed[0]) ? parsed[0] : undefined;
  if (pairs === undefined) return { status: 'unknown', reason: `the native solver's model could not be read: ${rest.trim().slice(0, 200)}` };
  const model: Record<string, bigint | boolean> = {};
  for (const w of witness) {
    const pair = pairs.find((p): p is Sexp[] => Array.isArray(p) && p.length === 2 && p[0] === w.name);
    const value = pair === undefined ? undefined : readValue(pair[1]!, w);
    if (value === undefined) return { status: 'unknown', reason: `the native solver's model has no ${w.sort} value for ${w.name}` };
    model[w.name] = value;
  }
  return { status: 'sat', model };
}

const quoted = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_.!@$%^&*+\-/<>=?~]*$/.test(name) ? name : `|${name}|`);

/** The whole input of one query: the query's own bytes, then what we ask of it. */
export function nativeInput(query: Query): string {
  const body = query.smt2.endsWith('\n') ? query.smt2 : `${query.smt2}\n`;
  const ask = query.witness.length > 0 ? `(get-value (${query.witness.map((w) => quoted(w.name)).join(' ')}))\n` : '';
  return `(set-option :produce-models true)\n${body}(check-sat)\n${ask}`;
}

/** `z3 --version` → "Z3 version 4.8.12 - 64 bit"; undefined when the binary does not answer as z3. */
export async function nativeVersion(path: string): Promise<string | undefined> {
  const r = await run(path, ['--version'], '', 10_000);
  const line = r.stdout.trim().split('\n')[0] ?? '';
  return r.code === 0 && /^Z3 version \d+\.\d+/.test(line) ? line.replace(/ - \d+ bit$/, '') : undefined;
}

export async function openNativeSolver(path: string, version: string, memoryMb = 4096): Promise<SolverSession> {
  return {
    solver: `${version} (native ${path})`,
    async solve(query: Query, timeoutMs: number): Promise<Answer> {
      // -t is z3's own soft limit per check; the kill is the backstop if it ignores it.
      const args = ['-in', `-t:${Math.max(1, Math.floor(timeoutMs))}`, `-memory:${memoryMb}`];
      const r = await run(path, args, nativeInput(query), timeoutMs + 10_000);
      if (r.spawnError !== undefined) return { status: 'unknown', reason: `the native solver could not start: ${r.spawnError}` };
      if (r.killed) return { status: 'unknown', reason: `the native solver was stopped after ${timeoutMs + 10_000} ms (or printed more than ${MAX_OUTPUT} bytes)` };
      if (r.signal !== null) return { status: 'unknown', reason: `the native solver died of ${r.signal}` };
      const answer = readAnswer(r.stdout, query.witness);
      // z3 exits 0 on sat/unsat; any other exit with an answer still standing is a crash after it.
      if (answer.status !== 'unknown' && r.code !== 0 && !(answer.status === 'unsat' && query.witness.length > 0)) {
        return { status: 'unknown', reason: `the native solver exited with code ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
      }
      return answer;
    },
    close() {
      // Every process ended with its query.
    },
  };
}
