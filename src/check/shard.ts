// Splitting one check across CI jobs, deterministically, so the shards' evidence merges into
// exactly what one unsharded run would have checked.
//
//   by property: shard K of N checks the properties at catalog positions ≡ K-1 (mod N).
//   by runs:     every shard checks every property, but only its slice of each property's
//                random traces: runs [⌊(K-1)R/N⌋, ⌊KR/N⌋) of the R runs an unsharded run
//                draws from the same seed (fast-check derives run i from the seed and i alone,
//                so the slices together are that run's traces, each once). What has no runs
//                (configuration checks) is decided in every shard, giving identical records;
//                each Z3 proof runs in one shard only, by catalog position.

import type { Property } from '../../proofs/property.js';

export type ShardBy = 'property' | 'runs';

export interface Shard {
  readonly k: number;
  readonly n: number;
  readonly by: ShardBy;
}

export const UNSHARDED: Shard = { k: 1, n: 1, by: 'property' };

/** `K/N` with 1 ≤ K ≤ N, or the reason it is not. */
export function parseShard(raw: string, by: ShardBy = 'property'): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) return `--shard must be K/N with 1 ≤ K ≤ N, not '${raw}'`;
  return { k, n, by };
}

export function shardLabel(s: Shard): string {
  return s.by === 'runs' ? `${s.k}/${s.n} by runs` : `${s.k}/${s.n}`;
}

/** The runs [from, to) of R that shard K of N draws. */
export function runSlice(runs: number, s: Shard): { readonly from: number; readonly to: number } {
  return { from: Math.floor(((s.k - 1) * runs) / s.n), to: Math.floor((s.k * runs) / s.n) };
}

export interface ShardPlan {
  /** Properties this shard checks (in the order given). */
  readonly properties: readonly Property[];
  /** The slice of each property's runs, when sharded by runs. */
  readonly runRange?: { readonly from: number; readonly to: number };
  /** Whether this shard runs a property's Z3 proof. */
  readonly proves: (p: Property) => boolean;
}

export function shardPlan(selected: readonly Property[], catalog: readonly Property[], s: Shard, runs: number): ShardPlan {
  const mine = (p: Property): boolean => catalog.indexOf(p) % s.n === s.k - 1;
  if (s.by === 'property') return { properties: selected.filter(mine), proves: () => true };
  if (s.n === 1) return { properties: selected, proves: () => true };
  return { properties: selected, runRange: runSlice(runs, s), proves: mine };
}
