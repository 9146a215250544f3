// Debian's native z3 (the binary CI installs) re-runs the exported queries of every shipped
// model and breach model and must give the answers z3-solver gave. Without z3 on PATH the suite
// is skipped with the install command; .ci/run installs it and fails on any skip, so CI always
// makes the cross-check.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import { CATALOG } from '../../proofs/index.js';
import { emitSmt2, smt2FileName } from '../../src/smt/export.js';
import { createPool } from '../../src/smt/pool.js';
import { proveProperties, provable } from '../../src/smt/prove.js';
import { describeWithTool, Z3 as NATIVE_Z3 } from '../support/system-tools.js';

const pool = createPool({ jobs: 1, timeoutMs: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'hvsafe-native-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const files = [
  ...readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`),
  ...readdirSync('models/breaches').filter((f) => f.endsWith('.yaml')).map((f) => `models/breaches/${f}`),
];

describeWithTool(NATIVE_Z3, 'native z3 agrees with z3-solver on the exported queries', (Z3) => {
  it('the native z3 binary is version 4', () => {
    expect(execFileSync(Z3, ['--version'], { encoding: 'utf8' })).toMatch(/Z3 version 4\./);
  });

  for (const file of files) {
    it(file, async () => {
      const r = loadScenario(file);
      if (!r.ok) throw new Error(`${file} does not load`);
      const vs = await proveProperties(r.value, CATALOG.filter(provable), { pool });
      const solved = vs.flatMap((v) => v.solved);
      expect(solved.length).toBeGreaterThan(0);
      const out = join(dir, file.replace(/[/.]/g, '_'));
      emitSmt2(out, r.value, solved);
      let sat = 0;
      for (const s of solved) {
        const path = join(out, smt2FileName(s.query));
        const text = readFileSync(path, 'utf8');
        expect(text).toMatch(/^; hvsafe query /);
        expect(text).toContain('; expected: unsat');
        const native = execFileSync(Z3, ['-T:60', path], { encoding: 'utf8' }).trim().split('\n')[0];
        expect(`${s.query.id}: ${native}`).toBe(`${s.query.id}: ${s.answer.status}`);
        if (native === 'sat') sat++;
      }
      // Breach models have at least one SAT query, examples none.
      expect(sat > 0).toBe(file.includes('/breaches/') && vs.some((v) => v.status === 'violated'));
    });
  }
});
