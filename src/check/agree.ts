// Combining engines on one property, soundly: a replayed violation from any engine makes the
// property violated; otherwise any inconclusive engine makes it inconclusive; it holds only if
// every engine that decided it holds. An engine that has no obligation for the property (its
// verdict is not-checked) says nothing either way: the others decide, and a property that no
// engine decided stays not-checked. A proof (z3 UNSAT) next to a violation another engine showed is a
// disagreement — the proof is unsound or its encoding drifted from the model — and is reported
// as such, with both sides.

import { match } from 'ts-pattern';
import type { Finding } from '../../proofs/property.js';
import type { Agreement, EngineResult, Status, Verdict } from '../pbt/engine.js';
import type { ProofVerdict } from '../smt/prove.js';

function side(v: Verdict, extra: Partial<EngineResult> = {}): EngineResult {
  return { engine: v.engine, status: v.status, ...(v.reason !== undefined ? { reason: v.reason } : {}), timeMs: v.timeMs, ...extra };
}

/** How strongly a status decides a combination: the highest wins (not-checked is the absence of a say). */
export function weight(s: Status): number {
  return match(s)
    .with('violated', () => 4)
    .with('inconclusive', () => 3)
    .with('holds', () => 2)
    .with('not-applicable', () => 1)
    .with('not-checked', () => 0)
    .exhaustive();
}

export function combine(pbt: Verdict, z3: ProofVerdict | undefined): Verdict {
  if (z3 === undefined || z3.status === 'not-applicable' || z3.status === 'not-checked') return pbt;
  const engines = [side(pbt), side(z3, { queries: z3.solved.length, cached: z3.solved.filter((s) => s.cached).length })];
  const statuses = [pbt.status, z3.status];
  const findings: Finding[] = [...pbt.findings];
  for (const f of z3.findings) if (!findings.some((g) => g.message === f.message)) findings.push(f);
  const counterexample = pbt.counterexample ?? z3.counterexample;

  let agreement: Agreement;
  if (pbt.status === z3.status) agreement = { kind: 'agree' };
  else if (z3.status === 'holds' && pbt.status === 'violated') {
    const how = pbt.counterexample !== undefined ? 'a counterexample that replays on the model' : 'a configuration finding';
    agreement = {
      kind: 'disagree',
      detail: `Z3 proved the claim (${z3.solved.length} queries UNSAT) but ${pbt.engine} found ${how}: ${pbt.findings[0]?.message ?? 'a violation'}. Either the proof is unsound or its encoding drifted from the model: this is a failure of hvsafe or of the model, to be investigated.`,
    };
  } else if (z3.status === 'violated' && pbt.status === 'holds') {
    agreement = { kind: 'complementary', detail: `Z3 found a breach (${z3.findings[0]?.message ?? ''}) that ${pbt.engine} did not: the random traces did not sample it${pbt.engine.startsWith('config') ? ' and the configuration check missed it' : ''}` };
  } else {
    agreement = { kind: 'complementary', detail: `${pbt.engine}: ${pbt.status}${pbt.reason ? ` (${pbt.reason})` : ''}; z3: ${z3.status}${z3.reason ? ` (${z3.reason})` : ''}` };
  }
  // The stronger say wins (z3 decided here; a pbt that did not is outweighed by it).
  const status = statuses.reduce((a, b) => (weight(b) > weight(a) ? b : a));
  const reason = status === 'inconclusive' ? [pbt.status === 'inconclusive' ? `${pbt.engine}: ${pbt.reason ?? ''}` : '', z3.status === 'inconclusive' ? `z3: ${z3.reason ?? ''}` : ''].filter(Boolean).join('; ') : pbt.reason;
  return {
    ...pbt,
    status,
    ...(reason !== undefined ? { reason } : {}),
    timeMs: pbt.timeMs + z3.timeMs,
    findings,
    ...(counterexample !== undefined ? { counterexample } : {}),
    engines,
    agreement,
  };
}
