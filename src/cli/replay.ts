// `--replay TOKEN`: the forms a report prints, and what to say when a token names nothing.
//
//   property:seed/maxSteps:path   a property-test trace (fast-check path), or `w<i>`: the
//                                 constructed witness of configuration finding i
//   z3:property/query             the witness of one Z3 query, solved again and replayed
//
// A well-formed token that reproduces nothing on this scenario is a usage error (exit 2, "no
// such counterexample", with the tokens that do exist), not a bug in hvsafe: the scenario or
// the token changed, or it was typed by hand.

import type { Property } from '../../proofs/property.js';
import type { Scenario } from '../config/types.js';
import { runCheck, type CheckOptions, type CheckRun } from '../check/run.js';
import { parseToken } from '../pbt/engine.js';
import type { Io } from './io.js';

export type ReplayToken =
  | { readonly kind: 'pbt'; readonly property: string; readonly seed: number; readonly maxSteps: number; readonly path: string }
  | { readonly kind: 'z3'; readonly property: string; readonly query: string };

export const REPLAY_FORMS = 'property:seed/maxSteps:path, or z3:property/query for a Z3 witness';

export function parseReplay(raw: string): ReplayToken | undefined {
  const t = raw.trim();
  const z = /^z3:([a-z0-9.-]+)(\/\S+)$/.exec(t);
  if (z !== null) return { kind: 'z3', property: z[1]!, query: `${z[1]}${z[2]}` };
  const p = parseToken(t);
  return p === undefined ? undefined : { kind: 'pbt', ...p };
}

/** Why a replay reproduced nothing, or undefined when its run is a real verdict (violated, or an honest inconclusive). */
export function missingCounterexample(token: ReplayToken, run: CheckRun): string | undefined {
  if (token.kind === 'z3') {
    const proof = run.proofs[0];
    if (proof === undefined) return `${token.property} has no Z3 obligation on this scenario`;
    const solved = proof.solved.find((s) => s.query.id === token.query);
    if (solved === undefined) return proof.status === 'not-applicable' ? `${token.property} does not apply to this scenario: ${proof.reason ?? ''}` : `this scenario has no Z3 query ${token.query}`;
    if (solved.answer.status === 'unsat') return `Z3 query ${token.query} is UNSAT on this scenario: the breach it witnessed is not there`;
    return undefined;
  }
  const v = run.verdicts[0];
  if (v === undefined) return `${token.property} did not run`;
  if (v.status === 'violated' || v.status === 'not-applicable') return v.status === 'not-applicable' ? `${token.property} does not apply to this scenario: ${v.reason ?? ''}` : undefined;
  // The engine's own words for a token that named nothing (a path fast-check does not have, a
  // witness index past the findings): anything else, a crash included, stays inconclusive.
  if (/did not reproduce a violation|names a witness this configuration does not produce|path|Unable to replay/i.test(v.reason ?? '')) {
    return `the token reproduces no violation of ${token.property} on this scenario`;
  }
  return undefined;
}

/** The replay tokens a normal check of `property` finds on this scenario. */
export async function existingTokens(scenario: Scenario, property: Property, opts: CheckOptions): Promise<string[]> {
  const { replay: _r, replayQuery: _q, ...search } = opts;
  const run = await runCheck(scenario, [property], search);
  const tokens = new Set<string>();
  for (const v of [...run.verdicts, ...run.tests, ...run.proofs]) if (v.counterexample !== undefined) tokens.add(v.counterexample.token);
  for (const s of run.solved) if (s.answer.status === 'sat') tokens.add(`z3:${s.query.id}`);
  return [...tokens].sort();
}

/**
 * When the replay of `token` reproduced nothing, say so on io with the tokens a check of the
 * property does find, and return true (the caller exits 2); false when `run` is a verdict.
 */
export async function refuseMissing(token: ReplayToken, raw: string, run: CheckRun, property: Property, search: CheckOptions, io: Io): Promise<boolean> {
  const missing = missingCounterexample(token, run);
  if (missing === undefined) return false;
  const found = await existingTokens(run.scenario, property, search);
  const budget = `seed ${search.seed}, ${search.runs} runs`;
  io.err(
    `hvsafe check: no such counterexample: ${raw}: ${missing}\n` +
      (found.length === 0
        ? `  a check of ${token.property} (${budget}) finds no counterexample on this scenario\n`
        : `  counterexamples of ${token.property} on this scenario (${budget}):\n${found.map((t) => `    --replay ${t}\n`).join('')}`),
  );
  return true;
}
