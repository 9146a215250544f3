// The inductive step of every (event kind × invariant) pair, on every shipped model: all
// pairs on the tour model, a rotating hashed sample on each other model (see pairSample).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import type { EventKind } from '../../src/hv/events.js';
import { EVENT_KINDS } from '../../src/hv/events.js';
import { openSolver, type SolverSession } from '../../src/smt/solve.js';
import { inductiveQuery, INVARIANTS, type InvariantName } from '../../src/smt/transitions.js';
import { nativeZ3, pooled, status } from './native.js';

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`cannot load ${path}`);
  return r.value;
}

const native = nativeZ3();
let solver: SolverSession | undefined;
beforeAll(async () => {
  if (!native) solver = await openSolver();
});
afterAll(() => solver?.close());

/**
 * Every (event kind × invariant) pair: all of them on the tour model, and on every other
 * shipped model a sample of SAMPLE pairs (at least one of them a DMA pair), chosen by hashing
 * the pair with HVSAFE_TRANSITION_SEED (default fixed, so a run is reproducible; CI may pass
 * its run number to rotate the sample, so every pair of every model is proved over a few
 * runs). HVSAFE_TRANSITION_ALL=1 runs every pair on every model (about 20 minutes of native
 * z3 on this machine). A native z3 on PATH is used when present (2 at once), else the
 * WebAssembly solver.
 */
const FULL_MODEL = 'models/tour/two-vms.yaml';
const SAMPLED_MODELS = ['models/power-terminal.yaml', 'models/base-station.yaml', 'models/industrial-controller.yaml', 'models/cnc-hmi.yaml', 'models/cockpit.yaml'];
const SAMPLE = 6;
const SEED = process.env.HVSAFE_TRANSITION_SEED ?? '61508';
const ALL = process.env.HVSAFE_TRANSITION_ALL === '1';
const PAIRS: [EventKind, InvariantName][] = EVENT_KINDS.flatMap((k) => INVARIANTS.map((i): [EventKind, InvariantName] => [k, i]));

/**
 * Pairs SAT today for a reason outside this encoding, each with what removes it: the
 * test accepts SAT or UNSAT for them (never unknown) and says which it saw.
 */
const KNOWN_SAT: Readonly<Record<string, string>> = {
  // None today. (power-terminal's reassign/smmu and reassign/contents were, until reassign
  // refused DMA masters no SMMU confines: test/smt-transitions/unconfined-dma.test.ts.)
};

function pairSample(file: string, seed: string, n: number): [EventKind, InvariantName][] {
  const key = ([k, i]: [EventKind, InvariantName]): string => createHash('sha256').update(`${seed}:${file}:${k}/${i}`).digest('hex');
  const order = [...PAIRS].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const picked = order.slice(0, n);
  if (!picked.some(([k]) => k === 'dma')) picked[n - 1] = order.find(([k]) => k === 'dma')!;
  return picked;
}

describe('inductive step: every (event kind × invariant) pair', () => {
  it('the sample is deterministic, has a DMA pair, and rotates with the seed', () => {
    const a = pairSample('models/cockpit.yaml', '1', SAMPLE);
    expect(pairSample('models/cockpit.yaml', '1', SAMPLE)).toEqual(a);
    expect(a).toHaveLength(SAMPLE);
    expect(a.some(([k]) => k === 'dma')).toBe(true);
    const seeds = Array.from({ length: 40 }, (_, i) => String(i));
    const covered = new Set(seeds.flatMap((x) => pairSample('models/cockpit.yaml', x, SAMPLE).map(([k, i]) => `${k}/${i}`)));
    // Rotating the seed reaches (nearly) every pair: 40 runs of 6 cover most of 126.
    expect(covered.size).toBeGreaterThan(PAIRS.length * 0.8);
  });

  const plan: { file: string; pairs: [EventKind, InvariantName][] }[] = [
    { file: FULL_MODEL, pairs: PAIRS },
    ...SAMPLED_MODELS.map((file) => ({ file, pairs: ALL ? PAIRS : pairSample(file, SEED, SAMPLE) })),
  ];
  for (const { file, pairs } of plan) {
    it(`${file}: ${pairs.length === PAIRS.length ? `all ${PAIRS.length} pairs` : `${pairs.length} of ${PAIRS.length} pairs (seed ${SEED}): ${pairs.map(([k, i]) => `${k}/${i}`).join(', ')}`}`, async () => {
      const sc = load(file);
      const res = await pooled(pairs, native ? 2 : 1, async ([k, i]) => ({ pair: `${k}/${i}`, s: await status(solver, inductiveQuery(sc, k, i), 120_000, native) }));
      expect(res).toHaveLength(pairs.length);
      const known = res.filter((r) => KNOWN_SAT[`${file} ${r.pair}`] !== undefined);
      const rest = res.filter((r) => KNOWN_SAT[`${file} ${r.pair}`] === undefined);
      expect(rest.filter((r) => r.s !== 'unsat')).toEqual([]);
      expect(known.filter((r) => r.s === 'unknown')).toEqual([]);
    }, 30 * 60_000);
  }
});

