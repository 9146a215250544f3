// Merging the bundles of sharded runs (`hvsafe check --shard K/N [--shard-by runs]`) into one
// bundle, as if one run had made it.
//
// Only bundles of the same run may merge: the same input files (paths and bytes), the same
// hvsafe (version and commit) and the same options apart from the shard. Records are content
// addressed, so a record two shards both made (a configuration check decided in every shard
// by runs) is the same file and is kept once. Every random trace must be covered at most once:
// two records of one property and engine whose run slices overlap mean the bundles come from
// different splits, and the merge is refused. Slices that leave runs out (a shard missing)
// give a bundle that says it is not complete, with the gaps named.

import { CATALOG } from '../../proofs/index.js';
import { buildStatement } from './attest.js';
import { canonical, canonicalPretty, sha256Hex } from './canonical.js';
import { overall, summarize, verifyBundle } from './bundle.js';
import type { Bundle, BundleIndex, EvidenceRecord, Json } from './types.js';

/** Bundles that must not be merged; the message says which and why. */
export class MergeError extends Error {}

export interface Merged {
  readonly bundle: Bundle;
  /** What keeps the merged bundle from being complete (properties never checked, runs no shard drew). */
  readonly gaps: readonly string[];
}

/** The options that must agree: everything but how the run was split. */
function runOptions(index: BundleIndex): string {
  const { shard: _s, shardBy: _b, runRange: _r, ...rest } = index.options as { readonly [k: string]: Json };
  return canonical(rest);
}

function shardOf(index: BundleIndex): string {
  const o = index.options as { readonly [k: string]: Json };
  const s = typeof o['shard'] === 'string' ? o['shard'] : '1/1';
  return o['shardBy'] === 'runs' ? `${s} by runs` : s;
}

/** The runs [from, to) a record's traces cover, or undefined when it drew none. */
function runsOf(r: EvidenceRecord): readonly [number, number] | undefined {
  const p = r.parameters;
  const range = p['runRange'];
  if (Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number') return [range[0], range[1]];
  if (p['replay'] !== undefined) return undefined;
  return typeof p['runs'] === 'number' && r.figures !== undefined ? [0, p['runs']] : undefined;
}

export function mergeBundles(named: readonly { readonly name: string; readonly bundle: Bundle }[]): Merged {
  if (named.length === 0) throw new MergeError('no bundles to merge');
  const problems: string[] = [];
  for (const { name, bundle } of named) {
    const v = verifyBundle(bundle);
    for (const p of v.problems) problems.push(`${name}: ${p}`);
  }
  if (problems.length > 0) throw new MergeError(`a bundle does not verify, so it cannot be merged:\n${problems.map((p) => `  ${p}`).join('\n')}`);

  const [first, ...rest] = named;
  const base = first!.bundle.index;
  const inputsOf = (i: BundleIndex): string => i.inputs.map((x) => `${x.role} ${x.path} sha256 ${x.sha256}`).join(', ');
  for (const { name, bundle } of rest) {
    const i = bundle.index;
    if (inputsOf(i) !== inputsOf(base)) problems.push(`${name} was made from other inputs than ${first!.name}: ${inputsOf(i)} against ${inputsOf(base)}`);
    if (i.tool.version !== base.tool.version || i.tool.commit !== base.tool.commit) {
      problems.push(`${name} was made by hvsafe ${i.tool.version}${i.tool.commit ? ` (${i.tool.commit.slice(0, 12)})` : ''}, ${first!.name} by hvsafe ${base.tool.version}${base.tool.commit ? ` (${base.tool.commit.slice(0, 12)})` : ''}`);
    }
    if (runOptions(i) !== runOptions(base)) problems.push(`${name} was made with other options than ${first!.name}: ${runOptions(i)} against ${runOptions(base)}`);
  }
  if (problems.length > 0) throw new MergeError(`the bundles are not shards of one run:\n${problems.map((p) => `  ${p}`).join('\n')}`);

  const records = new Map<string, EvidenceRecord>();
  const smt2 = new Map<string, string>();
  for (const { bundle } of named) {
    for (const [id, r] of bundle.records) records.set(id, r);
    for (const [h, t] of bundle.smt2) smt2.set(h, t);
  }

  // Every run of every (property, engine) at most once; gaps are reported.
  const gaps: string[] = [];
  const slices = new Map<string, { id: string; from: number; to: number }[]>();
  for (const [id, r] of records) {
    const range = runsOf(r);
    if (range === undefined) continue;
    const k = `${r.property} (${r.engine})`;
    slices.set(k, [...(slices.get(k) ?? []), { id, from: range[0], to: range[1] }]);
  }
  const total = typeof base.options['runs'] === 'number' ? base.options['runs'] : 0;
  for (const [k, list] of [...slices].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => a.from - b.from || a.to - b.to);
    let at = 0;
    for (const s of list) {
      if (s.from < at) problems.push(`${k}: runs ${s.from}–${Math.min(at, s.to) - 1} are covered twice (record ${s.id.slice(0, 12)} and another); the bundles come from different splits of the runs`);
      else if (s.from > at) gaps.push(`${k}: runs ${at}–${s.from - 1} were drawn by no shard`);
      at = Math.max(at, s.to);
    }
    if (at < total) gaps.push(`${k}: runs ${at}–${total - 1} were drawn by no shard`);
  }
  if (problems.length > 0) throw new MergeError(`the bundles overlap:\n${problems.map((p) => `  ${p}`).join('\n')}`);

  const checked = new Set(named.flatMap(({ bundle }) => bundle.index.properties));
  const properties = CATALOG.map((p) => p.id).filter((id) => checked.has(id));
  for (const p of CATALOG) if (!checked.has(p.id)) gaps.push(`${p.id}: checked by no shard`);

  const order = (a: EvidenceRecord, b: EvidenceRecord): number => (a.property !== b.property ? (a.property < b.property ? -1 : 1) : a.engine < b.engine ? -1 : a.engine > b.engine ? 1 : 0);
  const sorted = [...records].sort(([ia, a], [ib, b]) => order(a, b) || (ia < ib ? -1 : 1));
  const entries = sorted.map(([id, r]) => ({ id, property: r.property, engine: r.engine, verdict: r.verdict }));
  const summary = summarize(entries);
  const { shard: _s, shardBy: _b, runRange: _r, ...options } = base.options as { readonly [k: string]: Json };
  const shards = [...new Set(named.map(({ bundle }) => shardOf(bundle.index)))].sort();
  const index: BundleIndex = {
    ...base,
    options: { ...options, merged: shards },
    properties,
    complete: gaps.length === 0,
    records: entries,
    smt2: [...smt2.keys()].sort(),
    summary,
    verdict: overall(entries, properties),
  };
  const statement = buildStatement(index, sha256Hex(canonicalPretty(index)));
  return {
    bundle: { index, records: new Map(sorted), smt2: new Map([...smt2].sort(([a], [b]) => (a < b ? -1 : 1))), statement },
    gaps,
  };
}
