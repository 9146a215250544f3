// The native z3 backend (`--solver native`): how its output is read, how it fails, and, with
// the real binary, that it decides every shipped model and breach exactly as the WebAssembly
// build does, with witnesses that replay.

import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { loadScenario } from '../../src/config/load.js';
import { backendName, resolveBackend, WASM } from '../../src/smt/backend.js';
import { nativeInput, openNativeSolver, readAnswer } from '../../src/smt/native.js';
import { createPool } from '../../src/smt/pool.js';
import { proveProperties, provable } from '../../src/smt/prove.js';
import type { Query, WitnessVar } from '../../src/smt/query.js';
import { describeWithTool, Z3 as NATIVE_Z3 } from '../support/system-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'hvsafe-native-backend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const W: WitnessVar[] = [
  { name: 'pa', sort: 'bv64' },
  { name: 'hit', sort: 'bool' },
  { name: 'n', sort: 'int' },
];

describe('reading z3 output', () => {
  it('unsat, and sat with every witness value of its sort', () => {
    expect(readAnswer('unsat\n(error "line 9 column 1: model is not available")\n', W)).toEqual({ status: 'unsat' });
    expect(readAnswer('sat\n((pa #x0000000090000000)\n (hit true)\n (n (- 3)))\n', W)).toEqual({ status: 'sat', model: { pa: 0x9000_0000n, hit: true, n: -3n } });
    // Exact past 2^53.
    expect(readAnswer('sat\n((pa #xffffffffffffffff) (hit false) (n 7))', W)).toEqual({ status: 'sat', model: { pa: 0xffff_ffff_ffff_ffffn, hit: false, n: 7n } });
  });

  it('anything else is unknown, never an answer', () => {
    const unknown = (out: string) => expect(readAnswer(out, W).status).toBe('unknown');
    unknown('');
    unknown('(error "line 3 column 2: unknown constant x")\nunsat\n');
    unknown('unknown\n');
    unknown('timeout\n');
    unknown('sat\n((pa #x00000000) (hit true) (n 1))'); // a 32-bit value for a 64-bit witness
    unknown('sat\n((hit true) (n 1))'); // pa missing
    unknown('sat\n((pa #x0000000000000001) (hit 1) (n 1))'); // not a Boolean
    unknown('sat\n((pa #x0000000000000001) (hit true) (n 1)'); // unbalanced
    unknown('segmentation fault\n');
  });

  it('asks for the witness after (check-sat), quoting names that need it', () => {
    const q: Query = { id: 'x/y', property: 'x', level: 'config', claim: 'c', smt2: '(declare-const pa (_ BitVec 64))', witness: [{ name: 'pa', sort: 'bv64' }, { name: 'a b', sort: 'bool' }] };
    expect(nativeInput(q)).toBe('(set-option :produce-models true)\n(declare-const pa (_ BitVec 64))\n(check-sat)\n(get-value (pa |a b|))\n');
  });
});

describe('choosing the solver', () => {
  it('native without a z3 on PATH is a usage error naming the install; auto falls back to WebAssembly', async () => {
    const env = { PATH: dir };
    expect(await resolveBackend('native', env)).toEqual({ ok: false, error: expect.stringContaining('apt-get install z3') });
    expect(await resolveBackend('auto', env)).toEqual({ ok: true, backend: WASM });
    expect(await resolveBackend('wasm', { PATH: '/usr/bin:/bin' })).toEqual({ ok: true, backend: WASM });
  });

  it('a z3 on PATH that does not answer as z3 is refused for native and skipped by auto', async () => {
    const fake = mkdtempSync(join(dir, 'fake-'));
    writeFileSync(join(fake, 'z3'), '#!/bin/sh\necho "not a solver"\n');
    chmodSync(join(fake, 'z3'), 0o755);
    expect(await resolveBackend('native', { PATH: fake })).toEqual({ ok: false, error: expect.stringContaining('does not answer') });
    expect(await resolveBackend('auto', { PATH: fake })).toEqual({ ok: true, backend: WASM });
  });

  it('caches native and WebAssembly answers apart', () => {
    expect(backendName(WASM)).toMatch(/^z3-solver /);
    expect(backendName({ kind: 'native', path: '/usr/bin/z3', version: 'Z3 version 4.8.12' })).toBe('Z3 version 4.8.12 (native)');
  });
});

describe('a native solver that misbehaves is never a proof', () => {
  const script = (name: string, body: string): string => {
    const p = join(dir, name);
    writeFileSync(p, `#!/bin/sh\ncat > /dev/null\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  };
  const q: Query = { id: 'x/y', property: 'x', level: 'config', claim: 'c', smt2: '(assert false)', witness: [] };

  it.each([
    ['an error line before the answer', 'echo "(error \\"line 1 column 1: bad\\")"; echo unsat'],
    ['a crash after printing unsat', 'echo unsat; kill -SEGV $$'],
    ['a non-zero exit', 'echo unsat; exit 4'],
    ['no output', 'exit 0'],
  ])('%s', async (_what, body) => {
    const s = await openNativeSolver(script(`z3-${_what.replace(/\W+/g, '-')}`, body), 'Z3 version 4.99');
    expect((await s.solve(q, 5_000)).status).toBe('unknown');
  });

  it('a solver that never answers is stopped and the query is unknown', async () => {
    const s = await openNativeSolver(script('z3-hang', 'sleep 30'), 'Z3 version 4.99');
    // The backstop kills 10 s after the query's own limit.
    const a = await s.solve(q, 1);
    expect(a).toEqual({ status: 'unknown', reason: expect.stringContaining('stopped') });
  }, 20_000);

  it('a binary that cannot start is unknown', async () => {
    const s = await openNativeSolver(join(dir, 'no-such-z3'), 'Z3 version 4.99');
    expect((await s.solve(q, 1_000)).status).toBe('unknown');
  });
});

const files = [
  ...readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`),
  ...readdirSync('models/breaches').filter((f) => f.endsWith('.yaml')).map((f) => `models/breaches/${f}`),
];

describeWithTool(NATIVE_Z3, 'native z3 decides every shipped model as the WebAssembly build does', (path) => {
  const wasm = createPool({ jobs: 1, timeoutMs: 60_000 });
  let native: ReturnType<typeof createPool> | undefined;
  afterAll(async () => {
    await wasm.close();
    await native?.close();
  });

  for (const file of files) {
    it(file, async () => {
      const r = await resolveBackend('native', { PATH: path.replace(/\/z3$/, '') });
      if (!r.ok) throw new Error(r.error);
      native ??= createPool({ jobs: 2, timeoutMs: 60_000, backend: r.backend });
      expect(native.solver).toMatch(/^Z3 version 4\.\d+\.\d+ \(native\)$/);
      const s = loadScenario(file);
      if (!s.ok) throw new Error(`${file} does not load`);
      const props = CATALOG.filter(provable);
      const [a, b] = [await proveProperties(s.value, props, { pool: wasm }), await proveProperties(s.value, props, { pool: native })];
      expect(b.map((v) => `${v.property}: ${v.status}`)).toEqual(a.map((v) => `${v.property}: ${v.status}`));
      for (const v of b) {
        expect(v.solved.every((x) => x.answer.status !== 'unknown'), `${v.property}: ${v.reason ?? ''}`).toBe(true);
        // A violation from native answers is demonstrated like any other: replayed from boot.
        if (v.status === 'violated' && v.counterexample !== undefined) expect(v.counterexample.events.length).toBeGreaterThan(0);
      }
      if (!file.includes('/breaches/')) expect(b.filter((v) => v.status === 'violated').map((v) => v.property)).toEqual([]);
    });
  }
});
