// Soundness and reproducibility of the solver engine: an undecided query is inconclusive with
// its reason (never holds); answers are cached by query hash, never `unknown`; exported files
// are the same bytes for the same scenario; worker threads answer as the in-thread session does
// and end when the pool closes.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { CATALOG, propertyById } from '../../proofs/index.js';
import type { Property } from '../../proofs/property.js';
import { fileCache } from '../../src/smt/cache.js';
import { emitSmt2 } from '../../src/smt/export.js';
import { queryHash } from '../../src/smt/hash.js';
import { createPool, workersAvailable } from '../../src/smt/pool.js';
import { proveProperties, provable } from '../../src/smt/prove.js';
import type { Query } from '../../src/smt/query.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-smt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(path);
  return r.value;
}

/** Factoring a 62-bit semiprime by bit-vector multiplication: hard enough to time out at 1 ms. */
const HARD: Query = {
  id: 'test/factor',
  property: 'test.hard',
  level: 'config',
  claim: 'hard',
  smt2: [
    '(set-logic QF_BV)',
    '(declare-const x (_ BitVec 64))',
    '(declare-const y (_ BitVec 64))',
    '(assert (bvult #x0000000000000001 x))',
    '(assert (bvult #x0000000000000001 y))',
    '(assert (bvult x #x0000000100000000))',
    '(assert (bvult y #x0000000100000000))',
    `(assert (= (bvmul x y) #x${(2147483647n * 2147483629n).toString(16).padStart(16, '0')}))`,
    '',
  ].join('\n'),
  witness: [{ name: 'x', sort: 'bv64' }],
};

const hardProperty: Property = {
  ...propertyById('isolation.memory')!,
  id: 'test.hard',
  smt: { statement: 'hard', encode: () => [HARD], witness: () => ({ findings: [] }) },
};

describe('undecided is inconclusive', () => {
  it('a timeout makes the verdict inconclusive with the reason, and is not cached', async () => {
    const cache = fileCache(join(tmp, 'cache-timeout'));
    const pool = createPool({ jobs: 1, timeoutMs: 1, cache });
    try {
      const s = load('models/tour/two-vms.yaml');
      const [v] = await proveProperties(s, [hardProperty], { pool });
      expect(v!.status).toBe('inconclusive');
      expect(v!.reason).toMatch(/could not decide 1 of 1 queries: test\/factor: .*(timeout|canceled|unknown)/);
      expect(cache.get(queryHash(HARD))).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it('a crashing encoding is inconclusive, never holds', async () => {
    const pool = createPool({ jobs: 1, timeoutMs: 1000 });
    const broken: Property = { ...hardProperty, smt: { statement: 'x', encode: () => { throw new Error('boom'); } } };
    const [v] = await proveProperties(load('models/tour/two-vms.yaml'), [broken], { pool });
    await pool.close();
    expect(v!.status).toBe('inconclusive');
    expect(v!.reason).toMatch(/encoding crashed: boom/);
  });
});

describe('cache', () => {
  it('a second run answers every query from the cache, with the same answers', async () => {
    const s = load('models/breaches/cockpit-overlap.yaml');
    const dir = join(tmp, 'cache');
    const run = async () => {
      const pool = createPool({ jobs: 1, timeoutMs: 60_000, cache: fileCache(dir) });
      try {
        return await proveProperties(s, CATALOG.filter(provable), { pool });
      } finally {
        await pool.close();
      }
    };
    const first = await run();
    expect(first.flatMap((v) => v.solved).some((x) => x.cached)).toBe(false);
    const second = await run();
    const solved = second.flatMap((v) => v.solved);
    expect(solved.length).toBeGreaterThan(0);
    expect(solved.every((x) => x.cached)).toBe(true);
    expect(second.map((v) => [v.property, v.status, v.findings.map((f) => f.message)])).toEqual(first.map((v) => [v.property, v.status, v.findings.map((f) => f.message)]));
    // A different solver version is a different key.
    expect(fileCache(dir, 'z3-solver 0.0.0').get(solved[0]!.hash)).toBeUndefined();
  });
});

describe('export', () => {
  it('writes the same bytes for the same scenario, with the header an assessor needs', async () => {
    const s = load('models/cockpit.yaml');
    const pool = createPool({ jobs: 1, timeoutMs: 60_000 });
    const vs = await proveProperties(s, CATALOG.filter(provable), { pool });
    await pool.close();
    const solved = vs.flatMap((v) => v.solved);
    const a = join(tmp, 'emit-a');
    const b = join(tmp, 'emit-b');
    emitSmt2(a, s, solved);
    emitSmt2(b, load('models/cockpit.yaml'), solved.map((x) => ({ query: x.query, answer: x.answer })));
    const names = readdirSync(a).sort();
    expect(names).toEqual(readdirSync(b).sort());
    expect(names.length).toBe(solved.length);
    for (const n of names) expect(readFileSync(join(a, n), 'utf8')).toBe(readFileSync(join(b, n), 'utf8'));
    const one = readFileSync(join(a, names[0]!), 'utf8');
    expect(one).toMatch(/^; hvsafe query [^\n]+\n; property: [a-z.-]+\n/);
    expect(one).toMatch(/; scenario: cockpit \(cockpit\.yaml\), file sha256 [0-9a-f]{64}\n; included file: auto-8c\.yaml, file sha256 [0-9a-f]{64}\n/);
    expect(one).toContain('; expected: unsat\n');
    expect(one.trimEnd().endsWith('(check-sat)')).toBe(true);
  });
});

describe('worker threads', () => {
  it('under TS sources there is no compiled worker: the pool solves in-thread', () => {
    expect(workersAvailable()).toBe(false);
    expect(createPool({ jobs: 2, timeoutMs: 1000 }).mode).toBe('in-thread');
  });

  it('the compiled worker answers like the in-thread session, in parallel, and ends on close', async () => {
    // Compile the worker entry as `npm run build` does, into a folder that resolves node_modules.
    const out = resolve('node_modules/.cache/hvsafe-test-worker');
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--outDir', out, '--rootDir', '.', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node', '--skipLibCheck', 'src/smt/worker.ts'], { stdio: 'pipe' });
    const url = pathToFileURL(join(out, 'src/smt/worker.js'));
    expect(workersAvailable(url)).toBe(true);
    const s = load('models/breaches/power-terminal-dma.yaml');
    const queries = CATALOG.filter(provable).filter((p) => p.applies(s).applies).flatMap((p) => p.smt!.encode!(s));
    const threads = createPool({ jobs: 2, timeoutMs: 60_000, workerUrl: url });
    const single = createPool({ jobs: 1, timeoutMs: 60_000 });
    expect(threads.mode).toBe('2 worker threads');
    const [a, b] = [await threads.solveAll(queries), await single.solveAll(queries)];
    expect(a.map((x) => x.answer)).toEqual(b.map((x) => x.answer));
    expect(a.some((x) => x.answer.status === 'sat')).toBe(true);
    expect(a[0]!.solver).toMatch(/z3-solver/);
    await threads.close();
    await single.close();
  });
});
