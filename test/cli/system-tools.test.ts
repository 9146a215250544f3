// Tests that need native z3 or chromium: run when installed, skipped with the reason and the
// install command when not, and a failure instead of a skip under .ci/run
// (HVSAFE_REQUIRE_SYSTEM_TOOLS=1). The CI gate also fails on any test vitest did not run.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { notRun, noSkips } from '../support/skipped.js';
import { CHROMIUM, CPP, findOnPath, gate, REQUIRE_ENV, Z3 } from '../support/system-tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-tools-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('system tools gate', () => {
  const missing = (): undefined => undefined;
  it('runs with the path when the binary is found', () => {
    expect(gate(Z3, {}, () => '/opt/z3/bin/z3')).toEqual({ kind: 'run', path: '/opt/z3/bin/z3' });
  });

  it('skips with the reason and the install command when it is not', () => {
    expect(gate(Z3, {}, missing)).toEqual({ kind: 'skip', reason: expect.stringContaining('z3 is not installed') });
    expect(gate(Z3, {}, missing)).toEqual({ kind: 'skip', reason: expect.stringContaining('install it: apt-get install z3') });
    expect(gate(CHROMIUM, {}, missing)).toEqual({ kind: 'skip', reason: expect.stringContaining('install it: apt-get install chromium') });
    expect(gate(CPP, {}, missing)).toEqual({ kind: 'skip', reason: expect.stringContaining('install it: apt-get install cpp') });
  });

  it(`fails instead under ${REQUIRE_ENV}=1 (as .ci/run sets it)`, () => {
    const g = gate(CHROMIUM, { [REQUIRE_ENV]: '1' }, missing);
    expect(g.kind).toBe('fail');
    expect(g.kind === 'fail' && g.reason).toMatch(/apt-get install chromium.*HVSAFE_REQUIRE_SYSTEM_TOOLS=1/);
    expect(gate(CHROMIUM, { [REQUIRE_ENV]: '1' }, () => '/usr/bin/chromium').kind).toBe('run');
  });

  it('finds executables on PATH only', () => {
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'chromium-browser'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(bin, 'z3'), 'not executable\n', { mode: 0o644 });
    expect(findOnPath(CHROMIUM.executables, { PATH: `/nonexistent:${bin}` })).toBe(join(bin, 'chromium-browser'));
    expect(findOnPath(Z3.executables, { PATH: bin })).toBeUndefined();
    expect(findOnPath(Z3.executables, {})).toBeUndefined();
  });
});

describe('the CI gate on vitest’s JSON report', () => {
  const report = (statuses: string[]) => ({
    testResults: [{ name: '/r/test/a.test.ts', assertionResults: statuses.map((status, i) => ({ fullName: `t${i}`, status })) }],
  });
  it('names every test that did not run', () => {
    expect(notRun(report(['passed', 'failed']))).toEqual([]);
    expect(notRun(report(['passed', 'skipped', 'pending', 'todo']))).toEqual(['/r/test/a.test.ts: t1 (skipped)', '/r/test/a.test.ts: t2 (pending)', '/r/test/a.test.ts: t3 (todo)']);
    expect(() => notRun({})).toThrow(/not a vitest JSON report/);
  });

  it('exits 1 on a skip, 0 when all ran, 2 without a report', () => {
    const out: string[] = [];
    const w = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
    const f = join(tmp, 'r.json');
    writeFileSync(f, JSON.stringify(report(['passed', 'skipped'])));
    expect(noSkips(f, w)).toBe(1);
    expect(out.join('')).toMatch(/1 test did not run.*\n {2}\/r\/test\/a\.test\.ts: t1 \(skipped\)/);
    writeFileSync(f, JSON.stringify(report(['passed'])));
    expect(noSkips(f, w)).toBe(0);
    expect(noSkips(join(tmp, 'none.json'), w)).toBe(2);
    expect(noSkips(undefined, w)).toBe(2);
  });

  it('.ci/run demands the tools and checks the report', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/apt-get install -y -qq z3 chromium cpp/);
    expect(ci).toMatch(/! command -v cpp/);
    expect(ci).toMatch(/^HVSAFE_REQUIRE_SYSTEM_TOOLS=1 npm test -- .*--reporter=json --outputFile\.json=test-output\/vitest\.json$/m);
    expect(ci).toMatch(/^npx vite-node scripts\/ci-no-skips\.ts test-output\/vitest\.json$/m);
  });
});

describe('a machine without chromium (vitest run with an empty PATH)', () => {
  // The real browser suite, collected in a child vitest: skipped with its reason normally,
  // a failure when CI demands the tools.
  const vitest = (env: Record<string, string>, json: string) =>
    spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', 'test/safety-case/browser.test.ts', '--reporter=json', `--outputFile.json=${json}`], {
      env: { ...process.env, PATH: join(tmp, 'empty'), ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('skips the suite, naming chromium and its install command; the CI gate then fails', () => {
    const json = join(tmp, 'skip.json');
    const r = vitest({ [REQUIRE_ENV]: '' }, json);
    expect(r.status, r.stderr).toBe(0);
    const missed = notRun(JSON.parse(readFileSync(json, 'utf8')) as unknown);
    expect(missed).toEqual([expect.stringMatching(/chromium is not installed .*install it: apt-get install chromium\] needs chromium \(skipped\)$/)]);
  });

  it(`fails under ${REQUIRE_ENV}=1`, () => {
    const json = join(tmp, 'fail.json');
    const r = vitest({ [REQUIRE_ENV]: '1' }, json);
    expect(r.status).toBe(1);
    const rep = JSON.parse(readFileSync(json, 'utf8')) as { numFailedTests: number };
    expect(rep.numFailedTests).toBe(1);
  });
});
