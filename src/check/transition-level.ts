// The transition level inside a check: the inductive invariants and the unwinding conditions
// (smt/transitions.ts) are obligations of the properties they argue, so each property's Z3
// verdict folds them in beside its configuration-level queries. A property holds for Z3 only
// when every one of its queries, at both levels, is UNSAT. A failed inductive step is a
// symbolic state; the bounded search from boot (reach.ts) decides whether it is a violation
// (a replayed trace) or stays inconclusive.

import type { Property } from '../../proofs/property.js';
import type { ProofVerdict } from '../smt/prove.js';
import type { TransitionReport } from '../smt/levels.js';
import { TRANSITION_PROPERTIES } from '../smt/transitions.js';
import type { Reach } from './reach.js';

const EMPTY = { runs: 0, events: 0, findings: [], solved: [], notes: [], timeMs: 0 } as const;

/** Property `p`'s Z3 verdict with its transition-level queries folded in. */
export function foldTransitions(p: Property, proof: ProofVerdict | undefined, tr: TransitionReport, reach: ReadonlyMap<string, Reach>): ProofVerdict | undefined {
  const mine = tr.solved.filter((s) => s.query.property === p.id);
  if (mine.length === 0 && !(tr.error !== undefined && TRANSITION_PROPERTIES.includes(p.id))) return proof;
  const base: ProofVerdict = proof ?? { ...EMPTY, property: p.id, status: 'not-applicable', engine: 'z3' };
  const solved = [...base.solved, ...mine];
  const timeMs = base.timeMs + mine.reduce((a, s) => a + s.timeMs, 0);
  const failed = tr.failed.filter((f) => mine.some((s) => s.query.id === f.id));
  const undecided = tr.undecided.filter((u) => mine.some((s) => s.query.id === u.id));
  const r = reach.get(p.id);
  const reasons: string[] = [];
  if (tr.error !== undefined) reasons.push(`transition level: ${tr.error}`);
  if (undecided.length > 0) reasons.push(`the solver could not decide ${undecided.length} transition-level quer${undecided.length === 1 ? 'y' : 'ies'}: ${undecided.map((u) => `${u.id}: ${u.reason}`).join('; ')}`);
  if (failed.length > 0 && r?.kind !== 'reached') {
    reasons.push(
      `the transition proof failed for ${failed.map((f) => f.id).join(', ')} (a symbolic state from which one step breaks the invariant)${r?.kind === 'not-reached' ? `; bounded search from boot: ${r.why}` : ''}`,
    );
  }
  const engine = 'z3' as const;
  if (r?.kind === 'reached' && failed.length > 0) {
    const findings = [...base.findings, ...r.counterexample.findings.filter((f) => !base.findings.some((g) => g.message === f.message))];
    return {
      ...base,
      engine,
      status: 'violated',
      solved,
      timeMs,
      findings,
      counterexample: base.counterexample ?? r.counterexample,
      notes: [...base.notes, `the inductive step failed (${failed.map((f) => f.id).join(', ')}) and a search from boot reached the breach: ${r.counterexample.token}`, ...reasons],
    };
  }
  if (base.status === 'violated') return { ...base, solved, timeMs, notes: [...base.notes, ...reasons] };
  if (reasons.length > 0) return { ...base, engine, status: 'inconclusive', reason: [base.reason, ...reasons].filter((x) => x !== undefined && x !== '').join('; '), solved, timeMs };
  // Every transition query UNSAT: a property that does not apply stays so (its invariant holds
  // vacuously); one that holds now holds at both levels; one the configuration level could not
  // check is decided by the transition level alone.
  if (base.status === 'not-checked' && mine.length > 0) return { ...base, engine, status: 'holds', solved, timeMs, notes: [...base.notes, `decided at the transition level (${mine.length} queries UNSAT); ${base.reason ?? ''}`] };
  return { ...base, solved: base.status === 'not-applicable' ? base.solved : solved, timeMs };
}
