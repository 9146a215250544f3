// The evidence bundle, end to end through `hvsafe check --evidence`: content-addressed
// records, determinism across runs and checkouts, relative paths, the target-folder policy,
// tamper detection, and the in-toto statement.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';
import { canonical, canonicalPretty, sha256Hex } from '../../src/evidence/canonical.js';
import { readBundle, verifyBundle } from '../../src/evidence/bundle.js';
import { PREDICATE_TYPE } from '../../src/evidence/attest.js';
import type { EvidenceRecord } from '../../src/evidence/types.js';
import { CATALOG } from '../../proofs/index.js';

async function check(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(cwd);
  const code = await checkCommand(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'hvsafe-evidence-'));
}

/** A checkout's worth of models in a fresh folder, so two runs differ in absolute paths only. */
function checkout(): string {
  const dir = tmp();
  cpSync('models', join(dir, 'models'), { recursive: true });
  return dir;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

const BREACH = 'models/breaches/cockpit-overlap.yaml';
const ARGS = ['--runs', '20', '--max-steps', '30', '--seed', '3'];

describe('evidence bundle', () => {
  it('one record per verdict, content-addressed, the same bytes from two checkouts (timing aside), no absolute path', async () => {
    const [a, b] = [checkout(), checkout()];
    const ra = await check(a, join(a, BREACH), ...ARGS, '--evidence', 'ev');
    const rb = await check(b, join(b, BREACH), ...ARGS, '--evidence', 'ev');
    // Exit codes are those of the check: a violation is 1 with or without evidence.
    expect(ra.code).toBe(1);
    expect(rb.code).toBe(1);
    const [ea, eb] = [join(a, 'ev'), join(b, 'ev')];
    expect(files(ea)).toEqual(files(eb));
    for (const f of ['bundle.json', 'statement.intoto.json']) expect(readFileSync(join(ea, f), 'utf8')).toBe(readFileSync(join(eb, f), 'utf8'));

    const bundle = readBundle(ea);
    // One record per property from the property engine, one more per property Z3 has an obligation for.
    const records = [...bundle.records.values()];
    const provable = CATALOG.filter((p) => p.smt?.encode !== undefined).map((p) => p.id);
    expect(records.filter((r) => r.engine !== 'z3').map((r) => r.property).sort()).toEqual([...bundle.index.properties].sort());
    expect(records.filter((r) => r.engine === 'z3').map((r) => r.property).sort()).toEqual([...provable].sort());
    expect(bundle.index.complete).toBe(true);
    // Every solver query is exported, named by its hash, and the file is that query.
    const queries = records.flatMap((r) => r.queries ?? []);
    expect(queries.length).toBeGreaterThan(0);
    expect(files(join(ea, 'smt2')).sort()).toEqual([...new Set(queries.map((q) => `${q.hash}.smt2`))].sort());
    for (const q of queries) expect(readFileSync(join(ea, q.smt2), 'utf8')).toContain('(check-sat)');
    const sat = records.find((r) => r.engine === 'z3' && r.verdict === 'violated');
    expect(sat?.property).toBe('isolation.memory');
    expect(sat!.queries!.some((q) => q.answer === 'sat')).toBe(true);
    for (const id of bundle.records.keys()) {
      const text = readFileSync(join(ea, 'records', `${id}.json`), 'utf8');
      expect(text.includes(a)).toBe(false);
      const { timing, ...rest } = JSON.parse(text) as EvidenceRecord;
      expect(timing.wallMs).toBeGreaterThanOrEqual(0);
      // The file name is the sha256 of the canonical JSON without timing; the other checkout has the same record.
      expect(sha256Hex(canonical(rest))).toBe(id);
      const { timing: _t, ...other } = JSON.parse(readFileSync(join(eb, 'records', `${id}.json`), 'utf8')) as EvidenceRecord;
      expect(canonicalPretty(other)).toBe(canonicalPretty(rest));
    }
    for (const f of ['bundle.json', 'statement.intoto.json']) expect(readFileSync(join(ea, f), 'utf8').includes(a)).toBe(false);

    expect(bundle.index.inputs.map((i) => [i.path, i.role])).toEqual([
      [BREACH, 'scenario'],
      ['models/soc/auto-8c.yaml', 'soc'],
    ]);
    expect(bundle.index.inputs[0]!.sha256).toBe(sha256Hex(readFileSync(BREACH)));
    expect(bundle.index.verdict).toBe('violated');
    expect(verifyBundle(bundle, { inputsFrom: a })).toEqual({ ok: true, problems: [] });
  });

  it('a violated record carries the counterexample (replay token, event script, steps) and findings at scenario lines', async () => {
    const dir = tmp();
    const r = await check(process.cwd(), BREACH, ...ARGS, '--property', 'isolation.memory', '--evidence', join(dir, 'ev'));
    expect(r.code).toBe(1);
    const bundle = readBundle(join(dir, 'ev'));
    const [rec] = [...bundle.records.values()];
    expect(rec).toMatchObject({ schema: 'hvsafe.evidence/v1', property: 'isolation.memory', engine: 'config+pbt', verdict: 'violated' });
    expect(rec!.parameters).toMatchObject({ runs: 20, maxSteps: 30, baseSeed: 3 });
    expect(typeof rec!.parameters['seed']).toBe('number');
    const ce = rec!.counterexample!;
    expect(ce['token']).toMatch(/^isolation\.memory:\d+\/30:/);
    expect(ce['script']).toContain(`hvsafe check ${BREACH} --replay`);
    expect(ce['script']).toContain('events:');
    expect((ce['steps'] as unknown[]).length).toBeGreaterThan(0);
    const f = rec!.findings[0] as { at: { file: string; line: number }; address: string };
    expect(f.at.file).toBe(BREACH);
    expect(f.at.line).toBeGreaterThan(1);
    expect(f.address).toMatch(/^0x[0-9a-f]+$/);
    expect(rec!.tool.name).toBe('hvsafe');
    expect(rec!.tool.commit === null || /^[0-9a-f]{40}$/.test(rec!.tool.commit)).toBe(true);
    expect(bundle.index.complete).toBe(false);
    expect(bundle.index.properties).toEqual(['isolation.memory']);
  });

  it("a timing record carries the verdict's measures (bounds against limits) with relative paths", async () => {
    const dir = tmp();
    const r = await check(process.cwd(), 'models/breaches/industrial-gateway-latency.yaml', '--runs', '5', '--property', 'timing.irq-latency', '--evidence', join(dir, 'ev'));
    expect(r.code).toBe(1);
    const [rec] = [...readBundle(join(dir, 'ev')).records.values()];
    expect(rec!.property).toBe('timing.irq-latency');
    const ms = rec!.measures ?? [];
    expect(ms.length).toBeGreaterThan(0);
    for (const m of ms) {
      expect(typeof m.name).toBe('string');
      if (m.at !== undefined) expect(m.at.file).toMatch(/^models\//);
    }
    // The breach: some bound exceeds its limit, and the record says by how much.
    expect(ms.some((m) => typeof m.value === 'number' && typeof m.limit === 'number' && m.value > m.limit)).toBe(true);
  });

  it('the statement is an in-toto Statement v1 over the inputs with the results as predicate', async () => {
    const dir = tmp();
    expect((await check(process.cwd(), 'models/cockpit.yaml', '--runs', '5', '--evidence', join(dir, 'ev'))).code).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'ev', 'statement.intoto.json'), 'utf8'));
    expect(s._type).toBe('https://in-toto.io/Statement/v1');
    expect(s.predicateType).toBe(PREDICATE_TYPE);
    expect(s.subject).toEqual([
      { name: 'models/cockpit.yaml', digest: { sha256: sha256Hex(readFileSync('models/cockpit.yaml')) } },
      { name: 'models/soc/auto-8c.yaml', digest: { sha256: sha256Hex(readFileSync('models/soc/auto-8c.yaml')) } },
    ]);
    expect(s.predicate.verdict).toBe('holds');
    expect(s.predicate.index.sha256).toBe(sha256Hex(readFileSync(join(dir, 'ev', 'bundle.json'))));
    const index = JSON.parse(readFileSync(join(dir, 'ev', 'bundle.json'), 'utf8'));
    expect(s.predicate.records).toEqual(index.records);
    expect(s.predicate.records.every((r: { verdict: string }) => r.verdict === 'holds' || r.verdict === 'not-applicable')).toBe(true);
  });

  it('verification names every altered record, a changed input and a statement that no longer matches', async () => {
    const root = checkout();
    expect((await check(root, join(root, BREACH), ...ARGS, '--property', 'isolation.memory', '--property', 'isolation.mmio', '--evidence', 'ev')).code).toBe(1);
    const ev = join(root, 'ev');
    const [first] = readBundle(ev).index.records;
    // Flip a verdict in a record, as someone might by hand.
    const path = join(ev, 'records', `${first!.id}.json`);
    const rec = JSON.parse(readFileSync(path, 'utf8'));
    rec.verdict = 'holds';
    writeFileSync(path, JSON.stringify(rec));
    writeFileSync(join(root, 'models/soc/auto-8c.yaml'), readFileSync(join(root, 'models/soc/auto-8c.yaml'), 'utf8') + '\n# edited\n');
    const tampered = readBundle(ev);
    const v = verifyBundle(tampered, { inputsFrom: root });
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.startsWith(`record ${first!.id}`) && p.includes('altered'))).toBe(true);
    expect(v.problems.some((p) => p.includes('index says'))).toBe(true);
    expect(v.problems.some((p) => p.startsWith('input models/soc/auto-8c.yaml (soc) has changed'))).toBe(true);
    // Changing the timing member alone changes nothing the ID covers.
    rec.verdict = first!.verdict;
    rec.timing = { wallMs: 123456 };
    writeFileSync(path, JSON.stringify(rec));
    expect(verifyBundle(readBundle(ev)).ok).toBe(true);
    // A statement edited to claim success is caught against the index.
    const st = JSON.parse(readFileSync(join(ev, 'statement.intoto.json'), 'utf8'));
    st.predicate.verdict = 'holds';
    writeFileSync(join(ev, 'statement.intoto.json'), JSON.stringify(st));
    expect(verifyBundle(readBundle(ev)).problems).toEqual([expect.stringContaining('statement.intoto.json does not match the index')]);
  });

  it('refuses a non-empty folder that is not a bundle, or a file, before running; replaces a previous bundle whole', async () => {
    const dir = tmp();
    const other = join(dir, 'notes');
    mkdirSync(other);
    writeFileSync(join(other, 'keep.txt'), 'mine');
    const r = await check(process.cwd(), 'models/cockpit.yaml', '--runs', '5', '--evidence', other);
    expect(r.code).toBe(2);
    expect(r.err).toContain('refusing to write the evidence bundle');
    expect(r.out).toBe(''); // nothing ran
    expect(readdirSync(other)).toEqual(['keep.txt']);
    const file = join(dir, 'f');
    writeFileSync(file, 'x');
    expect((await check(process.cwd(), 'models/cockpit.yaml', '--evidence', file)).err).toContain('it is a file');

    const ev = join(dir, 'ev');
    expect((await check(process.cwd(), BREACH, ...ARGS, '--property', 'isolation.memory', '--evidence', ev)).code).toBe(1);
    const before = readBundle(ev).index.records.map((e) => e.id);
    expect((await check(process.cwd(), 'models/cockpit.yaml', '--runs', '5', '--property', 'isolation.mmio', '--evidence', ev)).code).toBe(0);
    const after = readBundle(ev);
    expect(after.index.properties).toEqual(['isolation.mmio']);
    // The old records are gone, not mixed in; no temporary folder is left beside it.
    for (const id of before) expect(existsSync(join(ev, 'records', `${id}.json`))).toBe(false);
    expect(after.index.records.map((r) => r.engine)).toEqual(['config+pbt', 'z3']);
    expect(readdirSync(join(ev, 'records')).length).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['ev', 'f', 'notes']);
    expect(verifyBundle(after).ok).toBe(true);
  });
});
