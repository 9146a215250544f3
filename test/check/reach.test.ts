// A failed transition proof is followed by a bounded search from boot: where the breach is
// reachable it becomes a violation that replays, where it is not the proof stays failed and the
// search says how far it went.

import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/prove.js';
import { searchFromBoot } from '../../src/check/reach.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { boot, step } from '../../src/hv/index.js';
import { buildTopology } from '../../src/hv/topology.js';
import type { TransitionReport } from '../../src/smt/levels.js';
import type { Solved } from '../../src/smt/query.js';

function load(path: string): Scenario {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(`cannot load ${path}`);
  return r.value;
}

/** A transition report in which the inductive step of `id` came back SAT. */
function failedReport(id: string, property: string): TransitionReport {
  const solved: Solved = {
    query: { id, property, level: 'transition', claim: 'Every dma event preserves: every DMA path is confined.', smt2: '', witness: [] },
    hash: '0'.repeat(64),
    answer: { status: 'sat', model: {} },
    timeMs: 0,
    cached: false,
    solver: 'test',
  };
  return { solved: [solved], proved: 0, failed: [{ id, claim: solved.query.claim }], undecided: [], timeMs: 0, status: 'inconclusive', queriesByProperty: { [property]: 1 } };
}

describe('search from boot after a failed transition proof', () => {
  it('reaches a breach the model can get to, with a counterexample that replays', () => {
    const s = load('models/breaches/cockpit-camera-bypass.yaml');
    const r = searchFromBoot(s, failedReport('isolation.dma/transition/dma/smmu', 'isolation.dma'), { runs: 50, maxSteps: 20, seed: 1 }).get('isolation.dma');
    expect(r?.kind).toBe('reached');
    if (r?.kind !== 'reached') return;
    // The trace replays from boot and ends in a DMA the monitor flagged.
    let st = boot(s);
    for (const e of r.counterexample.events) st = step(st, e).state;
    expect(r.counterexample.events.some((e) => e.kind === 'dma')).toBe(true);
    expect(r.counterexample.findings.length).toBeGreaterThan(0);
    const text = renderText(buildTopology(s), process.cwd(), [], failedReport('isolation.dma/transition/dma/smmu', 'isolation.dma'), 'head', [], new Map([['isolation.dma', r]]));
    expect(text).toMatch(/bounded search from boot for isolation\.dma: VIOLATED, replayed from boot/);
    expect(text).toContain(`--replay '${r.counterexample.token}'`);
  });

  it('says how far it went when nothing reaches the symbolic state', () => {
    const s = load('models/cockpit.yaml');
    const tr = failedReport('isolation.dma/transition/dma/smmu', 'isolation.dma');
    const r = searchFromBoot(s, tr, { runs: 20, maxSteps: 10, seed: 3 }).get('isolation.dma');
    expect(r).toEqual({ kind: 'not-reached', property: 'isolation.dma', budget: { runs: 20, maxSteps: 10, seed: 3 }, why: '20 traces of up to 10 events from boot (seed 3) never broke it' });
    const text = renderText(buildTopology(s), process.cwd(), [], tr, 'head', [], new Map([['isolation.dma', r!]]));
    expect(text).toMatch(/not shown reachable from boot, so the verdict is inconclusive/);
    expect(text).toMatch(/never broke it/);
  });
});
