// The transition level folded into a property's Z3 verdict: it holds only if every query at
// both levels is UNSAT; a failed step that a search from boot reached is a violation with the
// search's counterexample; one not reached, or an undecided query, leaves it inconclusive.

import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { foldTransitions } from '../../src/check/transition-level.js';
import type { Reach } from '../../src/check/reach.js';
import type { TransitionReport } from '../../src/smt/levels.js';
import type { ProofVerdict } from '../../src/smt/prove.js';
import type { Answer, Solved } from '../../src/smt/query.js';

const dma = CATALOG.find((p) => p.id === 'isolation.dma')!;

function solved(id: string, answer: Answer, level: 'config' | 'transition' = 'transition'): Solved {
  return { query: { id, property: 'isolation.dma', level, claim: id, smt2: '', witness: [] }, hash: id.padEnd(64, '0'), answer, timeMs: 1, cached: false, solver: 'test' };
}

function report(qs: Solved[]): TransitionReport {
  return {
    solved: qs,
    proved: qs.filter((q) => q.answer.status === 'unsat').length,
    failed: qs.filter((q) => q.answer.status === 'sat').map((q) => ({ id: q.query.id, claim: q.query.claim })),
    undecided: qs.flatMap((q) => (q.answer.status === 'unknown' ? [{ id: q.query.id, reason: q.answer.reason }] : [])),
    timeMs: qs.length,
    status: qs.every((q) => q.answer.status === 'unsat') ? 'holds' : 'inconclusive',
    queriesByProperty: { 'isolation.dma': qs.length },
  };
}

const configHolds: ProofVerdict = { property: 'isolation.dma', status: 'holds', engine: 'z3', runs: 0, events: 0, timeMs: 1, findings: [], solved: [solved('isolation.dma/unconfined', { status: 'unsat' }, 'config')], notes: [] };
const UNSAT: Answer = { status: 'unsat' };
const SAT: Answer = { status: 'sat', model: {} };

describe('the transition level in a property verdict', () => {
  it('holds when every query at both levels is UNSAT, and the evidence lists both levels', () => {
    const v = foldTransitions(dma, configHolds, report([solved('isolation.dma/transition/dma/smmu', UNSAT), solved('isolation.dma/transition/reassign/smmu', UNSAT)]), new Map())!;
    expect(v.status).toBe('holds');
    expect(v.solved.map((s) => s.query.level)).toEqual(['config', 'transition', 'transition']);
  });

  it('a failed step no search reached is inconclusive, never holds', () => {
    const reach: ReadonlyMap<string, Reach> = new Map([['isolation.dma', { kind: 'not-reached', property: 'isolation.dma', budget: { runs: 5, maxSteps: 5, seed: 1 }, why: '5 traces never broke it' }]]);
    const v = foldTransitions(dma, configHolds, report([solved('isolation.dma/transition/reassign/smmu', SAT)]), reach)!;
    expect(v.status).toBe('inconclusive');
    expect(v.reason).toMatch(/transition proof failed for isolation\.dma\/transition\/reassign\/smmu.*5 traces never broke it/);
  });

  it('an undecided transition query is inconclusive', () => {
    const v = foldTransitions(dma, configHolds, report([solved('isolation.dma/transition/dma/smmu', { status: 'unknown', reason: 'timeout' })]), new Map())!;
    expect(v.status).toBe('inconclusive');
    expect(v.reason).toMatch(/could not decide 1 transition-level query: .*timeout/);
  });

  it('a failed step the search reached is a violation with the search counterexample', () => {
    const ce = { token: 'isolation.dma:1/5:0', events: [], steps: [], findings: [{ property: 'isolation.dma', message: 'reached', at: { file: 'x', line: 1, column: 1 }, fix: 'f' }], script: '' };
    const reach: ReadonlyMap<string, Reach> = new Map([['isolation.dma', { kind: 'reached', property: 'isolation.dma', counterexample: ce, budget: { runs: 5, maxSteps: 5, seed: 1 } }]]);
    const v = foldTransitions(dma, configHolds, report([solved('isolation.dma/transition/reassign/smmu', SAT)]), reach)!;
    expect(v.status).toBe('violated');
    expect(v.counterexample?.token).toBe('isolation.dma:1/5:0');
    expect(v.findings.map((f) => f.message)).toContain('reached');
  });

  it('a property with no transition obligation is left as it was', () => {
    const budget = CATALOG.find((p) => p.id === 'timing.budget')!;
    expect(foldTransitions(budget, undefined, report([solved('isolation.dma/transition/dma/smmu', UNSAT)]), new Map())).toBeUndefined();
  });
});
