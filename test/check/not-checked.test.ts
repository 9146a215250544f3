// Nothing may pass without running (issue #10), unit by unit: the Z3 engine's "holds" is earned
// (at least one query, every one UNSAT), zero queries is not-checked; the transition level the
// same; engines combine without letting an engine that checked nothing weaken or strengthen the
// others; one exit rule; the evidence carries the status through bundle, merge and verify.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { combine } from '../../src/check/agree.js';
import { toJunit, toText, type RunInfo } from '../../src/check/report.js';
import { runCheck } from '../../src/check/run.js';
import { exitOf } from '../../src/cli/exit.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { buildBundle, buildStatement, canonicalPretty, mergeBundles, readBundle, recordingReader, sha256Hex, verifyBundle, writeBundle } from '../../src/evidence/index.js';
import { overall } from '../../src/evidence/bundle.js';
import type { Bundle, BundleIndex } from '../../src/evidence/types.js';
import { buildTopology } from '../../src/hv/topology.js';
import type { Verdict } from '../../src/pbt/engine.js';
import { levelStatus } from '../../src/smt/levels.js';
import type { SolverPool } from '../../src/smt/pool.js';
import { proveProperties } from '../../src/smt/prove.js';
import type { Answer, Query, Solved } from '../../src/smt/query.js';
import { CATALOG, propertyById } from '../../proofs/index.js';
import type { Property } from '../../proofs/property.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-not-checked-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function twoVms(): Scenario {
  const r = loadScenario('models/tour/two-vms.yaml');
  if (!r.ok) throw new Error('two-vms does not load');
  return r.value;
}

/** A pool that answers every query with `answer`, without a solver. */
function fakePool(answer: Answer): SolverPool {
  return {
    mode: 'fake',
    solver: 'fake',
    close: async () => undefined,
    solveAll: async (qs: readonly Query[]): Promise<Solved[]> => qs.map((query) => ({ query, hash: '0'.repeat(64), answer, timeMs: 0, cached: false, solver: 'fake' })),
  };
}

const MMIO = propertyById('isolation.mmio')!;
/** isolation.mmio (it applies on two-vms) with another obligation. */
function withObligation(smt: Property['smt']): Property {
  return { ...MMIO, smt };
}

function solved(answer: Answer): Solved {
  const query = MMIO.smt!.encode!(twoVms())[0]!;
  return { query, hash: '0'.repeat(64), answer, timeMs: 0, cached: false, solver: 'fake' };
}

describe('the Z3 engine: holds is derived from every query UNSAT, never from "no findings"', () => {
  it('a property whose obligation is no query on the scenario is not-checked, not holds', async () => {
    const [v] = await proveProperties(twoVms(), [withObligation({ statement: 'nothing', encode: () => [] })], { pool: fakePool({ status: 'unsat' }) });
    expect(v!.status).toBe('not-checked');
    expect(v!.solved).toHaveLength(0);
    expect(v!.reason).toMatch(/nothing was proved/);
  });

  it('a property without a configuration-level obligation is not-checked when it applies, not-applicable when it does not', async () => {
    const s = twoVms();
    const [fault, budget] = await proveProperties(s, [propertyById('containment.fault')!, propertyById('timing.budget')!], { pool: fakePool({ status: 'unsat' }) });
    expect([fault!.status, fault!.reason]).toEqual(['not-checked', 'the property has no configuration-level obligation for Z3']);
    // two-vms has no budgeted schedule: the subject does not exist.
    expect(budget!.status).toBe('not-applicable');
  });

  it('a SAT answer whose witness names no breach is a tool bug (inconclusive), never holds', async () => {
    const real = MMIO.smt!;
    const p = withObligation({ ...real, witness: () => ({ findings: [] }) });
    const [v] = await proveProperties(twoVms(), [p], { pool: fakePool({ status: 'sat', model: {} }) });
    expect(v!.status).toBe('inconclusive');
    expect(v!.reason).toMatch(/BUG in hvsafe: .* is SAT \(a breach exists\) but its witness names no finding/);
  });

  it('every query UNSAT, at least one: holds', async () => {
    const [v] = await proveProperties(twoVms(), [MMIO], { pool: fakePool({ status: 'unsat' }) });
    expect(v!.status).toBe('holds');
    expect(v!.solved.length).toBeGreaterThan(0);
  });

  it('the transition level: no query is not-checked, all UNSAT holds, anything else inconclusive', () => {
    expect(levelStatus([])).toBe('not-checked');
    expect(levelStatus([solved({ status: 'unsat' })])).toBe('holds');
    expect(levelStatus([solved({ status: 'unsat' }), solved({ status: 'sat', model: {} })])).toBe('inconclusive');
    expect(levelStatus([solved({ status: 'unknown', reason: 'timeout' })])).toBe('inconclusive');
    expect(levelStatus([], 'the encoding crashed')).toBe('inconclusive');
  });
});

describe('combining and exiting', () => {
  const pbt: Verdict = { property: 'containment.fault', status: 'holds', engine: 'pbt', runs: 10, events: 100, timeMs: 1, findings: [] };
  const z3NotChecked = { property: 'containment.fault', status: 'not-checked' as const, engine: 'z3' as const, reason: 'no obligation', runs: 0, events: 0, timeMs: 0, findings: [], solved: [], notes: [] };

  it('an engine that checked nothing leaves the verdict to the engine that did', () => {
    expect(combine(pbt, z3NotChecked)).toBe(pbt);
    const z3Holds = { ...z3NotChecked, status: 'holds' as const, solved: [solved({ status: 'unsat' })] };
    expect(combine({ ...pbt, status: 'not-checked' }, z3Holds).status).toBe('holds');
  });

  it('exit: 0 only if everything holds or does not apply; not-checked is 3 unless something is violated', () => {
    expect(exitOf(['holds', 'not-applicable'])).toBe(0);
    expect(exitOf(['holds', 'not-checked'])).toBe(3);
    expect(exitOf(['not-checked', 'violated'])).toBe(1);
    expect(exitOf(['inconclusive'])).toBe(3);
    expect(exitOf([])).toBe(0);
  });

  it('text and JUnit show not-checked as its own status, counted as an error in JUnit, never skipped', () => {
    const s = twoVms();
    const verdicts: Verdict[] = [
      { ...pbt, property: 'isolation.mmio' },
      { property: 'containment.fault', status: 'not-checked', engine: 'z3', reason: 'the property has no configuration-level obligation for Z3', runs: 0, events: 0, timeMs: 0, findings: [] },
      { property: 'timing.budget', status: 'not-applicable', engine: 'none', reason: 'no budget', runs: 0, events: 0, timeMs: 0, findings: [] },
    ];
    const info: RunInfo = { scenario: s, topo: buildTopology(s), verdicts, catalog: CATALOG, options: { runs: 10, seed: 1, maxSteps: 5, shard: '1/1', replay: null }, version: '0.0.0', exit: 3, cwd: process.cwd() };
    const text = toText(info);
    expect(text).toMatch(/containment\.fault\s+not-checked\s+z3\s+the property has no configuration-level obligation for Z3/);
    expect(text).toMatch(/1 hold, 0 violated, 0 inconclusive, 1 not applicable, 1 NOT CHECKED/);
    const junit = toJunit(info);
    expect(junit).toMatch(/tests="3" failures="0" errors="1" skipped="1"/);
    expect(junit).toMatch(/name="containment\.fault"[^\n]*>\n\s+<error type="not-checked" message="not checked: the property has no configuration-level obligation for Z3"\/>/);
    expect(junit).toMatch(/name="timing\.budget"[^\n]*>\n\s+<skipped message="no budget"\/>/);
  });
});

describe('evidence: not-checked through bundle, merge and verify', () => {
  const props = ['isolation.mmio', 'containment.fault'].map((id) => propertyById(id)!);

  async function z3Bundle(): Promise<Bundle> {
    const reader = recordingReader();
    const r = loadScenario('models/tour/two-vms.yaml', reader.read);
    if (!r.ok) throw new Error('two-vms does not load');
    const run = await runCheck(r.value, props, { runs: 10, maxSteps: 5, seed: 1, engines: ['z3'], z3: { cache: false } });
    return buildBundle(run, { cwd: process.cwd(), options: { runs: 10, maxSteps: 5, seed: 1, shard: '1/1', engines: ['z3'] }, digests: reader.digests });
  }

  it('a record of the engine that checked nothing is not-checked; the summary counts it; the bundle is not-checked; it survives writing, reading, verifying and merging', async () => {
    const b = await z3Bundle();
    expect(b.index.records.map((e) => [e.property, e.engine, e.verdict])).toEqual([
      ['containment.fault', 'z3', 'not-checked'],
      ['isolation.mmio', 'z3', 'holds'],
    ]);
    const fault = [...b.records.values()].find((r) => r.property === 'containment.fault')!;
    expect(fault.reason).toBe('the property has no configuration-level obligation for Z3');
    expect(fault.queries).toEqual([]);
    expect(b.index.summary).toEqual({ holds: 1, violated: 0, inconclusive: 0, notApplicable: 0, notChecked: 1 });
    expect(b.index.verdict).toBe('not-checked');

    const dir = join(tmp, 'bundle');
    writeBundle(dir, b);
    const back = readBundle(dir);
    expect(verifyBundle(back)).toEqual({ ok: true, problems: [] });
    expect(back.index.verdict).toBe('not-checked');
    expect([...back.records.values()].map((r) => r.verdict).sort()).toEqual(['holds', 'not-checked']);

    // Claiming more than the records show is caught.
    const forged: Bundle = { ...back, index: { ...back.index, verdict: 'holds' } };
    expect(verifyBundle(forged).problems).toContain('the index summary or overall verdict does not match its records');
    const uncounted: Bundle = { ...back, index: { ...back.index, summary: { ...back.index.summary, notChecked: 0 } } };
    expect(verifyBundle(uncounted).ok).toBe(false);

    const merged = mergeBundles([
      { name: 'a', bundle: back },
      { name: 'b', bundle: b },
    ]).bundle;
    expect(merged.index.summary.notChecked).toBe(1);
    expect(merged.index.verdict).toBe('not-checked');
    expect(merged.index.records.find((e) => e.property === 'containment.fault')!.verdict).toBe('not-checked');
    expect(verifyBundle(merged).ok).toBe(true);
  }, 60_000);

  it('the overall verdict is per property: a not-checked record beside one that decided the property does not make the bundle not-checked', () => {
    const entries = (xs: [string, BundleIndex['records'][number]['verdict']][]) => xs.map(([property, verdict]) => ({ property, verdict }));
    expect(overall(entries([['a', 'holds'], ['a', 'not-checked']]), ['a'])).toBe('holds');
    expect(overall(entries([['a', 'not-applicable'], ['a', 'not-checked']]), ['a'])).toBe('holds');
    expect(overall(entries([['a', 'holds'], ['b', 'not-checked']]), ['a', 'b'])).toBe('not-checked');
    // A property the run checked without any record was not checked either.
    expect(overall(entries([['a', 'holds']]), ['a', 'b'])).toBe('not-checked');
    expect(overall(entries([['a', 'inconclusive'], ['b', 'not-checked']]), ['a', 'b'])).toBe('inconclusive');
    expect(overall(entries([['a', 'violated'], ['b', 'not-checked']]), ['a', 'b'])).toBe('violated');
  });

  it('a bundle written before the status existed (no notChecked count) still verifies', async () => {
    const b = await z3Bundle();
    // Its mmio record only, as an older hvsafe wrote it.
    const keep = b.index.records.filter((e) => e.property === 'isolation.mmio');
    const { notChecked: _n, ...old } = { holds: 1, violated: 0, inconclusive: 0, notApplicable: 0, notChecked: 0 };
    const index = { ...b.index, properties: ['isolation.mmio'], records: keep, summary: old as BundleIndex['summary'], verdict: 'holds' as const };
    const records = new Map([...b.records].filter(([id]) => keep.some((e) => e.id === id)));
    const statement = buildStatement(index, sha256Hex(canonicalPretty(index)));
    expect(verifyBundle({ ...b, index, records, statement }).problems).toEqual([]);
  }, 60_000);
});
