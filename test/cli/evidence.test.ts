// The README's GitHub Actions workflow, run locally: check in shards (2 by runs, 2 by
// property), merge each pair, verify, and build the safety case from the merged evidence. The
// merged verdicts must be the unsharded run's, and the shards by runs must have drawn exactly
// the unsharded run's traces. power-terminal-dma is the scenario: one of its violations
// (isolation.mmio) is found only at run 77 of 100, inside the second slice of the runs.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { readBundle } from '../../src/evidence/index.js';
import type { EvidenceRecord } from '../../src/evidence/types.js';
import { claimEvidence } from '../../src/safety-case/evidence-view.js';

const S = 'models/breaches/power-terminal-dma.yaml';
const OPTS = ['--runs', '100', '--max-steps', '30', '--quiet'];
const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-shards-'));
const at = (f: string): string => join(tmp, f);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

interface JsonVerdict {
  property: string;
  status: string;
  counterexample?: { token: string };
}
let unsharded: JsonVerdict[] = [];
let unshardedExit = -1;
const shardJson = new Map<string, JsonVerdict[]>();

beforeAll(async () => {
  const u = await run('check', S, ...OPTS, '--format', 'json', '--evidence', at('full'));
  unshardedExit = u.code;
  unsharded = (JSON.parse(u.out) as { verdicts: JsonVerdict[] }).verdicts;
  for (const [name, shard, by] of [
    ['r1', '1/2', 'runs'],
    ['r2', '2/2', 'runs'],
    ['p1', '1/2', 'property'],
    ['p2', '2/2', 'property'],
  ] as const) {
    const r = await run('check', S, ...OPTS, '--format', 'json', '--shard', shard, '--shard-by', by, '--evidence', at(name), '--sarif', at(`${name}.sarif`));
    expect(r.code, r.err).toBe(1);
    shardJson.set(name, (JSON.parse(r.out) as { verdicts: JsonVerdict[] }).verdicts);
  }
});

function statuses(dir: string): Record<string, string> {
  return Object.fromEntries(claimEvidence(CATALOG, readBundle(dir)).map((c) => [c.property.id, c.status]));
}

describe('sharded CI, merged: the unsharded run’s verdicts', () => {
  it('the unsharded run finds the breaches (the reference)', () => {
    expect(unshardedExit).toBe(1);
    expect(unsharded.find((v) => v.property === 'isolation.mmio')?.status).toBe('violated');
  });

  for (const [kind, a, b] of [
    ['runs', 'r1', 'r2'],
    ['property', 'p1', 'p2'],
  ] as const) {
    it(`by ${kind}: merge, verify and report give every claim the unsharded verdict`, async () => {
      const merged = at(`merged-${kind}`);
      const m = await run('evidence', 'merge', at(a), at(b), '--out', merged);
      expect(m.code, m.err).toBe(0);
      expect(m.out).toMatch(/complete: every property of the catalog, every run of each/);
      const v = await run('evidence', 'verify', merged);
      expect(v.code, v.out).toBe(0);
      expect(v.out).toMatch(/: ok — /);

      const want = Object.fromEntries(unsharded.map((x) => [x.property, x.status]));
      expect(statuses(merged)).toEqual(want);
      expect(statuses(merged)).toEqual(statuses(at('full')));
      expect(readBundle(merged).index.complete).toBe(true);

      const rep = await run('report', S, '--evidence', merged, '--out', at(`case-${kind}`), '--quiet');
      expect(rep.code, rep.err).toBe(unshardedExit);
      const n = unsharded.length;
      const count = (s: string): number => unsharded.filter((x) => x.status === s).length;
      expect(rep.out).toContain(`${n} claims: ${count('holds')} hold, ${count('violated')} violated, ${count('inconclusive')} inconclusive, ${count('not-applicable')} not applicable\n`);
      expect(readFileSync(join(at(`case-${kind}`), 'safety-case.gsn.yaml'), 'utf8')).toContain(`--evidence`);
    });
  }

  it('the shards by runs drew exactly the unsharded run’s traces: same events per property, same counterexample', () => {
    const full = [...readBundle(at('full')).records.values()];
    const shards = [...readBundle(at('r1')).records.values(), ...readBundle(at('r2')).records.values()];
    const dynamic = (r: EvidenceRecord): boolean => r.engine !== 'z3' && r.figures !== undefined;
    let compared = 0;
    for (const f of full.filter((r) => dynamic(r) && r.verdict === 'holds')) {
      const parts = shards.filter((r) => dynamic(r) && r.property === f.property);
      expect(parts.map((r) => r.parameters['runRange'])).toEqual([
        [0, 50],
        [50, 100],
      ]);
      expect(parts.reduce((a, r) => a + r.figures!.runs, 0)).toBe(f.figures!.runs);
      expect(parts.reduce((a, r) => a + r.figures!.events, 0), f.property).toBe(f.figures!.events);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
    // isolation.mmio fails first at run 77: only the second slice sees it, with the same token.
    const mmio = (vs: JsonVerdict[] | undefined) => vs?.find((x) => x.property === 'isolation.mmio');
    const token = mmio(unsharded)?.counterexample?.token;
    expect(token).toMatch(/^isolation\.mmio:\d+\/30:77:/);
    expect(mmio(shardJson.get('r2'))?.counterexample?.token).toBe(token);
    // The configuration check runs in every shard (raw DMA into uart registers is a configuration
    // finding too), but no trace of the first slice is run 77.
    const first = mmio(shardJson.get('r1'))?.counterexample?.token;
    expect(first === undefined || !/^isolation\.mmio:\d+\/30:77:/.test(first), first).toBe(true);
  });

  it('a token found by a shard by runs replays in a plain check', async () => {
    const token = shardJson.get('r2')!.find((x) => x.property === 'isolation.mmio')!.counterexample!.token;
    const r = await run('check', S, '--replay', token, '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/isolation\.mmio +violated/);
  });

  it('merge refuses bundles that cover the same runs twice (exit 2, nothing written)', async () => {
    const r = await run('evidence', 'merge', at('r1'), at('full'), '--out', at('overlap'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/runs 0–49 are covered twice/);
    expect(r.err).toMatch(/nothing was written/);
  });

  it('one shard alone merges into a bundle that names what is missing; its report says which claims lack evidence', async () => {
    const r = await run('evidence', 'merge', at('p1'), '--out', at('half'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/INCOMPLETE/);
    expect(r.out).toMatch(/isolation\.hypervisor: checked by no shard/);
    expect(readBundle(at('half')).index.complete).toBe(false);
    const rep = await run('report', S, '--evidence', at('half'), '--out', at('case-half'), '--quiet');
    expect(rep.code).toBe(1);
    expect(rep.out).toMatch(/, 7 without evidence\n/);
    const r2 = await run('evidence', 'merge', at('r2'), '--out', at('half-runs'));
    expect(r2.out).toMatch(/isolation\.memory \(config\+pbt\): runs 0–49 were drawn by no shard/);
  });

  it('verify: a changed record, a changed query and a missing file are each named (exit 1); a non-bundle is a usage error (2)', async () => {
    const dir = at('tampered');
    expect((await run('evidence', 'merge', at('p1'), at('p2'), '--out', dir)).code).toBe(0);
    const b = readBundle(dir);
    const [id] = [...b.records.keys()];
    const rec = join(dir, 'records', `${id}.json`);
    writeFileSync(rec, readFileSync(rec, 'utf8').replace('"verdict": "', '"verdict": "x'));
    const [h] = [...b.smt2.keys()];
    const q = join(dir, 'smt2', `${h}.smt2`);
    writeFileSync(q, readFileSync(q, 'utf8') + '(assert false)\n');
    const v = await run('evidence', 'verify', dir);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/2 mismatches|[3-9] mismatches/);
    expect(v.out).toContain(`record ${id}`);
    expect(v.out).toContain(`smt2/${h}.smt2 is not the query its name says`);
    rmSync(q);
    const gone = await run('evidence', 'verify', dir);
    expect(gone.code).toBe(1);
    expect(gone.out).toContain(`smt2/${h}.smt2: missing`);
    expect((await run('evidence', 'verify', tmp)).code).toBe(2);
    expect((await run('evidence', 'verify')).code).toBe(2);
    expect((await run('evidence', 'frobnicate')).code).toBe(2);
  });

  it('report --evidence refuses evidence of other inputs and --runs beside it (exit 2)', async () => {
    const other = await run('report', 'models/power-terminal.yaml', '--evidence', at('full'), '--out', at('wrong'), '--quiet');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/the evidence was made from other inputs/);
    const runs = await run('report', S, '--evidence', at('full'), '--runs', '5', '--out', at('wrong'));
    expect(runs.code).toBe(2);
    expect(runs.err).toMatch(/--runs describes a check/);
  });

  it('--shard-by takes property or runs, and runs needs at least one run per shard', async () => {
    const r = await run('check', S, '--shard', '3/2', '--shard-by', 'seeds');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shard must be K\/N/);
    expect(r.err).toMatch(/--shard-by takes property or runs/);
    const few = await run('check', S, '--runs', '3', '--shard', '1/4', '--shard-by', 'runs');
    expect(few.code).toBe(2);
    expect(few.err).toMatch(/give --runs 4 or more/);
  });
});
