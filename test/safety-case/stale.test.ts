// The committed safety cases (safety-case/) must be what `npm run safety-case` writes today:
// each is regenerated in memory with the committed options and compared file by file.
// A failure here means: run `npm run safety-case` and commit the result.

import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { makeReport } from '../../src/cli/report.js';
import { writeBundle } from '../../src/evidence/index.js';
import { FILES } from '../../src/safety-case/index.js';
import { examples, OPTIONS, ROOT } from '../../scripts/examples.js';
import { parse } from 'yaml';

/** models/expected/verdicts.yaml: what every engine must decide (scenario → property → verdict). */
const DECLARED = parse(readFileSync(join(ROOT, 'models/expected/verdicts.yaml'), 'utf8')) as Record<string, Record<string, string>>;

function tree(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tree(dir, join(base, e.name)) : [join(base, e.name)])).sort();
}

describe('committed safety cases', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-stale-'));
  it('cover every example and breach model', () => {
    const want = examples().map((e) => e.out).sort();
    const have = [
      ...readdirSync(join(ROOT, 'safety-case'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'breaches').map((d) => `safety-case/${d.name}`),
      ...(existsSync(join(ROOT, 'safety-case/breaches')) ? readdirSync(join(ROOT, 'safety-case/breaches')).map((d) => `safety-case/breaches/${d}`) : []),
    ].sort();
    expect(have, 'run `npm run safety-case` and commit safety-case/').toEqual(want);
  });

  for (const e of examples()) {
    it(`${e.out} is up to date`, async () => {
      const io = memoryIo(ROOT);
      const made = await makeReport(e.scenario, { ...OPTIONS, reproducible: true }, resolve(ROOT, e.out), io);
      if (typeof made === 'number') expect.fail(`report failed (exit ${made}): ${io.stderr()}`);
      // The report's evidence must reach the declared verdicts, engine by engine: an unexpected
      // verdict fails here even when the committed files were regenerated to match it.
      const want = DECLARED[e.scenario];
      expect(want, `declare ${e.scenario} in models/expected/verdicts.yaml`).toBeDefined();
      for (const rec of made.bundle.records.values()) {
        expect(rec.verdict, `${e.scenario} ${rec.property} (${rec.engine}): models/expected/verdicts.yaml declares ${want![rec.property]}`).toBe(want![rec.property]);
      }
      const hint = `stale: run \`npm run safety-case\` and commit ${e.out}`;
      // Every file the report writes (FILES, and the explorer page of a breach).
      for (const f of FILES) expect(made.sc.files.has(f)).toBe(true);
      for (const [f, text] of made.sc.files) expect(existsSync(join(ROOT, e.out, f)) ? readFileSync(join(ROOT, e.out, f), 'utf8') : `(${f} missing)`, `${e.out}/${f} ${hint}`).toBe(text);
      // Committed bytes must not depend on where the repository is checked out.
      for (const [f, text] of made.sc.files) expect(text.includes(resolve(ROOT)), `${e.out}/${f} names the checkout's absolute path ${resolve(ROOT)}`).toBe(false);
      const ev = join(tmp, e.out.replace(/\//g, '_'));
      writeBundle(ev, made.bundle);
      const committed = join(ROOT, e.out, 'evidence');
      expect(tree(committed), hint).toEqual(tree(ev));
      for (const f of tree(ev)) expect(readFileSync(join(committed, f), 'utf8'), `${e.out}/evidence/${f} ${hint}`).toBe(readFileSync(join(ev, f), 'utf8'));
      for (const f of tree(ev)) expect(readFileSync(join(ev, f), 'utf8').includes(resolve(ROOT)), `${e.out}/evidence/${f} names the checkout's absolute path`).toBe(false);
    });
  }
});
