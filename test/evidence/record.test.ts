// Records from verdicts: engines named honestly, solver answers never read as more than
// they say, IDs that ignore timing only.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import { buildTopology } from '../../src/hv/topology.js';
import type { Verdict } from '../../src/pbt/engine.js';
import type { Answer, Solved } from '../../src/smt/query.js';
import { recordId, verdictRecord, z3Record, type RecordContext } from '../../src/evidence/record.js';
import { buildBundle } from '../../src/evidence/bundle.js';
import { combine } from '../../src/check/agree.js';
import type { ProofVerdict } from '../../src/smt/prove.js';
import { CATALOG } from '../../proofs/index.js';

function context(): RecordContext {
  const l = loadScenario('models/cockpit.yaml');
  if (!l.ok) throw new Error('the cockpit example must load');
  return {
    cwd: process.cwd(),
    scenario: l.value,
    topo: buildTopology(l.value),
    options: { runs: 100, maxSteps: 20, seed: 7, timeoutMs: 10_000 },
    inputs: [{ path: 'models/cockpit.yaml', role: 'scenario', sha256: '0'.repeat(64) }],
    tool: { name: 'hvsafe', version: '0.0.0-test', commit: null },
  };
}

function solved(id: string, answer: Answer): Solved {
  return {
    query: { id: `isolation.memory/${id}`, property: 'isolation.memory', level: 'config', claim: 'no overlap', smt2: '(declare-const a (_ BitVec 64))', witness: [{ name: 'a', sort: 'bv64' }], bound: id === 'b' ? 'one step' : undefined },
    hash: id.repeat(64).slice(0, 64),
    answer,
    timeMs: 12.5,
    cached: false,
    solver: 'z3 4.15.0 (z3-solver, WebAssembly)',
  };
}

describe('evidence records', () => {
  const ctx = context();

  it('z3: holds only when every query is UNSAT; SAT is a violation with its model; unknown is inconclusive', () => {
    const holds = z3Record('isolation.memory', [solved('b', { status: 'unsat' }), { ...solved('a', { status: 'unsat' }), cached: true, solver: 'z3-solver 5.2.0' }], ctx);
    expect(holds.verdict).toBe('holds');
    expect(holds.engine).toBe('z3');
    // The solver by package, whether or not an answer came from the cache; cache and builds in timing.
    expect(holds.parameters).toEqual({ solver: expect.stringMatching(/^z3-solver \d/), timeoutMs: 10_000 });
    expect(holds.timing).toMatchObject({ cachedQueries: 1, solvers: ['z3 4.15.0 (z3-solver, WebAssembly)'] });
    // Queries sorted by ID, each pointing at its exported file.
    expect(holds.queries!.map((q) => [q.id, q.answer, q.smt2])).toEqual([
      ['isolation.memory/a', 'unsat', `smt2/${'a'.repeat(64)}.smt2`],
      ['isolation.memory/b', 'unsat', `smt2/${'b'.repeat(64)}.smt2`],
    ]);
    expect(holds.queries![1]!.bound).toBe('one step');

    const sat = z3Record('isolation.memory', [solved('a', { status: 'unsat' }), solved('c', { status: 'sat', model: { a: 0x4c00_0000n, f: true } })], ctx);
    expect(sat.verdict).toBe('violated');
    expect(sat.counterexample).toEqual({ models: [{ query: 'isolation.memory/c', model: { a: '0x4c000000', f: true } }] });
    expect(sat.reason).toBeUndefined();

    const unknown = z3Record('isolation.memory', [solved('a', { status: 'unsat' }), solved('d', { status: 'unknown', reason: 'timeout' })], ctx);
    expect(unknown.verdict).toBe('inconclusive');
    expect(unknown.reason).toBe('isolation.memory/d: timeout');
    // No query at all proved nothing: not checked (never holds, and not a solver that gave up).
    const none = z3Record('isolation.memory', [], ctx);
    expect(none.verdict).toBe('not-checked');
    expect(none.reason).toMatch(/no solver query was run: nothing was proved/);
    expect(z3Record('isolation.memory', [], ctx, { verdict: 'holds' }).verdict).toBe('not-checked');

    // A caller may weaken (a witness that did not replay), never strengthen.
    expect(z3Record('isolation.memory', [solved('d', { status: 'unknown', reason: 'timeout' })], ctx, { verdict: 'holds' }).verdict).toBe('inconclusive');
    expect(z3Record('isolation.memory', [solved('c', { status: 'sat', model: {} })], ctx, { verdict: 'inconclusive', reason: 'the witness did not replay' }).verdict).toBe('inconclusive');
  });

  it('a crashed check keeps the engine the property runs on; not-applicable is decided on the configuration', () => {
    const crashed: Verdict = { property: 'containment.fault', status: 'inconclusive', engine: 'none', reason: 'the check crashed: boom', runs: 0, events: 0, timeMs: 0, findings: [] };
    const fault = CATALOG.find((p) => p.id === 'containment.fault');
    expect(verdictRecord(crashed, ctx, fault).engine).toBe('pbt-2safety');
    const na: Verdict = { property: 'timing.budget', status: 'not-applicable', engine: 'none', reason: 'no budgets', runs: 0, events: 0, timeMs: 0, findings: [] };
    const r = verdictRecord(na, ctx);
    expect(r).toMatchObject({ engine: 'config', verdict: 'not-applicable', reason: 'no budgets', parameters: {} });
    expect(r.figures).toBeUndefined();
  });

  it('the ID covers everything but timing', () => {
    const v: Verdict = { property: 'isolation.memory', status: 'holds', engine: 'config+pbt', runs: 100, events: 900, timeMs: 3.2, seed: 42, maxSteps: 20, findings: [] };
    const a = verdictRecord(v, ctx);
    const b = verdictRecord({ ...v, timeMs: 999 }, ctx);
    expect(a.timing.wallMs).not.toBe(b.timing.wallMs);
    expect(recordId(a)).toBe(recordId(b));
    expect(recordId(verdictRecord({ ...v, seed: 43 }, ctx))).not.toBe(recordId(a));
    expect(recordId(verdictRecord({ ...v, events: 901 }, ctx))).not.toBe(recordId(a));
    expect(a.parameters).toEqual({ runs: 100, maxSteps: 20, baseSeed: 7, seed: 42 });
  });

  it('each engine gets its own record: a breach only Z3 found is not credited to the property tests', () => {
    const tests: Verdict = { property: 'isolation.memory', status: 'holds', engine: 'config+pbt', runs: 10, events: 90, timeMs: 1, seed: 5, maxSteps: 20, findings: [] };
    const proof: ProofVerdict = {
      property: 'isolation.memory',
      status: 'violated',
      engine: 'z3',
      runs: 0,
      events: 0,
      timeMs: 2,
      findings: [{ property: 'isolation.memory', message: 'two VMs share PA 0x4c00_0000', at: ctx.scenario.at, fix: 'move one mapping' }],
      solved: [solved('c', { status: 'sat', model: { a: 0x4c00_0000n } })],
      notes: [],
    };
    const p = CATALOG.find((x) => x.id === 'isolation.memory')!;
    const bundle = buildBundle(
      { scenario: ctx.scenario, properties: [p], verdicts: [combine(tests, proof)], tests: [tests], proofs: [proof], solved: proof.solved },
      { cwd: ctx.cwd, options: ctx.options, tool: ctx.tool },
    );
    expect(bundle.index.records.map((r) => [r.engine, r.verdict])).toEqual([
      ['config+pbt', 'holds'],
      ['z3', 'violated'],
    ]);
    expect(bundle.index.verdict).toBe('violated');
    const z3 = [...bundle.records.values()].find((r) => r.engine === 'z3')!;
    expect(z3.findings).toEqual([expect.objectContaining({ message: 'two VMs share PA 0x4c00_0000', at: { file: 'models/cockpit.yaml', line: ctx.scenario.at.line, column: ctx.scenario.at.column } })]);
    // The exported query is the text that was hashed, with (get-model) for a SAT answer.
    const text = bundle.smt2.get(z3.queries![0]!.hash)!;
    expect(text).toMatch(/^; hvsafe query isolation\.memory\/c/);
    expect(text.endsWith('(check-sat)\n(get-model)\n')).toBe(true);
  });
});
