// hvsafe check runs the property tests and the Z3 proofs together: per property, which engines
// ran and whether they agree. A proof next to a replayed counterexample is a disagreement (a
// failure, both sides shown); a breach only Z3 found is violated with a note; the solved queries
// stay reachable from the run for the evidence layer.

import { afterAll, describe, expect, it } from 'vitest';
import { combine } from '../../src/check/agree.js';
import { toJson, toText, type RunInfo } from '../../src/check/report.js';
import { runCheck } from '../../src/check/run.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { buildTopology } from '../../src/hv/topology.js';
import { CATALOG, propertyById } from '../../proofs/index.js';
import { checkProperty } from '../../src/pbt/engine.js';
import { createPool } from '../../src/smt/pool.js';
import { proveProperties } from '../../src/smt/prove.js';
import { mapWithoutOwnershipCheck } from '../pbt/mutants.js';

const pool = createPool({ jobs: 1, timeoutMs: 60_000 });
afterAll(() => pool.close());

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(path);
  return r.value;
}

function info(s: Scenario, verdicts: RunInfo['verdicts']): RunInfo {
  return { scenario: s, topo: buildTopology(s), verdicts, catalog: CATALOG, options: { runs: 1, seed: 1, maxSteps: 1, shard: '1/1', replay: null }, version: 'test', exit: 1, cwd: process.cwd() };
}

describe('engine agreement', () => {
  it('a Z3 proof next to a counterexample that replays is a disagreement: violated, both sides shown', async () => {
    // A model bug (hypercall maps without an ownership check) breaks memory isolation at run
    // time although the configuration is proved isolated: exactly what the rule must surface.
    const s = load('models/tour/two-vms.yaml');
    const p = propertyById('isolation.memory')!;
    // Seed 5 draws a trace that maps a foreign page within 300 runs (about half the seeds do).
    const pbt = checkProperty(s, p, { runs: 300, maxSteps: 30, seed: 5, model: mapWithoutOwnershipCheck });
    expect(pbt.status).toBe('violated');
    expect(pbt.counterexample).toBeDefined();
    const [z3] = await proveProperties(s, [p], { pool });
    expect(z3!.status).toBe('holds');
    const v = combine(pbt, z3);
    expect(v.status).toBe('violated');
    expect(v.agreement?.kind).toBe('disagree');
    expect(v.engines?.map((e) => `${e.engine}:${e.status}`)).toEqual([`${pbt.engine}:violated`, 'z3:holds']);
    const text = toText(info(s, [v]));
    expect(text).toMatch(/isolation\.memory: ENGINES DISAGREE/);
    expect(text).toMatch(/z3\s+proved \(every query UNSAT\)/);
    const json = JSON.parse(toJson(info(s, [v]))) as { verdicts: { agreement: { kind: string }; engines: unknown[] }[] };
    expect(json.verdicts[0]!.agreement.kind).toBe('disagree');
    expect(json.verdicts[0]!.engines).toHaveLength(2);
  });

  it('a breach only Z3 found is violated, with a note, not a disagreement', async () => {
    const s = load('models/breaches/cockpit-overlap.yaml');
    const p = propertyById('isolation.memory')!;
    const [z3] = await proveProperties(s, [p], { pool });
    const sampledNothing = { property: p.id, status: 'holds' as const, engine: 'pbt' as const, runs: 10, events: 100, timeMs: 1, findings: [] };
    const v = combine(sampledNothing, z3);
    expect(v.status).toBe('violated');
    expect(v.agreement?.kind).toBe('complementary');
    expect(v.counterexample?.token).toMatch(/^z3:isolation\.memory\//);
  });

  it('an inconclusive engine makes a holding property inconclusive, never holds', async () => {
    const s = load('models/tour/two-vms.yaml');
    const p = propertyById('isolation.memory')!;
    const [z3] = await proveProperties(s, [p], { pool });
    const undecided = { ...z3!, status: 'inconclusive' as const, reason: 'timeout' };
    const pbt = { property: p.id, status: 'holds' as const, engine: 'config+pbt' as const, runs: 10, events: 100, timeMs: 1, findings: [] };
    expect(combine(pbt, undecided).status).toBe('inconclusive');
    expect(combine(pbt, undecided).reason).toMatch(/z3: timeout/);
    expect(combine(pbt, z3).status).toBe('holds');
    expect(combine(pbt, z3).agreement?.kind).toBe('agree');
  });
});

describe('runCheck with both engines', () => {
  it('carries the Z3 verdicts and solved queries, and combines per property', async () => {
    const s = load('models/breaches/industrial-shared-spi.yaml');
    const props = ['isolation.irq', 'isolation.memory', 'containment.scrub'].map((id) => propertyById(id)!);
    const run = await runCheck(s, props, { runs: 30, maxSteps: 20, seed: 1, z3: { cache: false } });
    expect(run.proofs.map((v) => v.property)).toEqual(['isolation.irq', 'isolation.memory']);
    expect(run.solved.length).toBeGreaterThan(2);
    expect(run.solved.every((q) => /^[0-9a-f]{64}$/.test(q.hash) && q.query.smt2.length > 0)).toBe(true);
    const irq = run.verdicts.find((v) => v.property === 'isolation.irq')!;
    expect(irq.status).toBe('violated');
    expect(irq.agreement?.kind).toBe('agree');
    expect(run.verdicts.find((v) => v.property === 'containment.scrub')!.engines).toBeUndefined();
    const pbtOnly = await runCheck(s, props, { runs: 30, maxSteps: 20, seed: 1, engines: ['pbt'] });
    expect(pbtOnly.proofs).toHaveLength(0);
    expect(pbtOnly.verdicts.every((v) => v.engines === undefined)).toBe(true);
  });

  it('hvsafe check --engines validates its value and runs z3 alone', async () => {
    const bad = memoryIo();
    expect(await main(['check', 'models/tour/two-vms.yaml', '--engines', 'pbt,smt'], bad)).toBe(2);
    expect(bad.stderr()).toMatch(/--engines takes pbt, z3 or both/);
    const io = memoryIo();
    expect(await main(['check', 'models/breaches/cockpit-overlap.yaml', '--engines', 'z3', '--no-cache', '--property', 'isolation.memory'], io)).toBe(1);
    expect(io.stdout()).toMatch(/isolation\.memory\s+violated\s+z3/);
  });
});
