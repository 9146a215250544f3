// The shipped examples and breach models, checked end to end through the command against
// the verdicts declared in models/expected/verdicts.yaml; every counterexample must carry a
// replay token that reproduces it.

import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { OPTIONS } from '../../scripts/examples.js';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';

interface JsonVerdict {
  property: string;
  status: string;
  counterexample?: { token: string };
  engines?: { engine: string; status: string }[];
  findings: { at: { file: string; line: number } }[];
}

async function check(file: string, ...extra: string[]): Promise<{ code: number; verdicts: JsonVerdict[]; stderr: string }> {
  const io = memoryIo();
  const code = await checkCommand([file, '--format', 'json', ...(extra.includes('--runs') ? [] : ['--runs', '150']), ...extra], io);
  const doc = JSON.parse(io.stdout()) as { verdicts: JsonVerdict[] };
  return { code, verdicts: doc.verdicts, stderr: io.stderr() };
}

/** models/expected/verdicts.yaml: scenario → property → holds | violated | not-applicable. */
const DECLARED = parse(readFileSync('models/expected/verdicts.yaml', 'utf8')) as Record<string, Record<string, string>>;
const SCENARIOS = [
  ...readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`),
  ...readdirSync('models/breaches').filter((f) => f.endsWith('.yaml')).map((f) => `models/breaches/${f}`),
].sort();

describe('declared verdicts', () => {
  it('cover every shipped scenario and every property of the catalog', () => {
    expect(Object.keys(DECLARED).sort(), 'declare each scenario in models/expected/verdicts.yaml').toEqual(SCENARIOS);
    for (const [f, props] of Object.entries(DECLARED)) {
      expect(Object.keys(props).sort(), f).toEqual(CATALOG.map((p) => p.id).sort());
      for (const [id, v] of Object.entries(props)) expect(['holds', 'violated', 'not-applicable'], `${f} ${id}`).toContain(v);
    }
  });
});

// Every engine (configuration check with the trace monitor, Z3) must reach the declared
// verdict on every shipped scenario: a changed verdict in any engine fails, not only drift.
describe('every engine reaches the declared verdict', () => {
  for (const f of SCENARIOS) {
    it(f, async () => {
      const want = DECLARED[f] ?? {};
      const r = await check(f, '--runs', String(OPTIONS.runs), '--max-steps', String(OPTIONS.maxSteps), '--seed', String(OPTIONS.seed));
      const got = Object.fromEntries(r.verdicts.map((v) => [v.property, v.status]));
      expect(got, `${f}: verdicts differ from models/expected/verdicts.yaml`).toEqual(want);
      for (const v of r.verdicts) {
        for (const e of v.engines ?? []) expect(e.status, `${f} ${v.property}: engine ${e.engine} disagrees with the declared verdict`).toBe(want[v.property]);
        if (v.status === 'violated') expect(v.findings[0]!.at.file, `${f} ${v.property}`).toContain('models/');
      }
      const violated = Object.values(want).includes('violated');
      if (f.startsWith('models/breaches/')) expect(violated, `${f} is a breach: declare the properties it violates`).toBe(true);
      expect(r.code, r.stderr).toBe(violated ? 1 : 0);
    });
  }
});

describe('every counterexample replays from its token', () => {
  it('cockpit-overlap isolation.memory', async () => {
    const first = await check('models/breaches/cockpit-overlap.yaml', '--property', 'isolation.memory');
    const token = first.verdicts[0]!.counterexample!.token;
    const again = await check('models/breaches/cockpit-overlap.yaml', '--replay', token);
    expect(again.code).toBe(1);
    expect(again.verdicts[0]!.status).toBe('violated');
    expect(again.verdicts[0]!.counterexample!.token).toBe(token);
  });
});
