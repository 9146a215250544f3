// Transition-level proofs: time of every inductive-step and unwinding query (plus the base
// case) of the tour model, run one after the other in one solver session, at the default
// bound (2 dynamic stage-2 slots per VM) and at a larger one, to show growth. Medians of a
// few runs; a query the solver cannot finish in the per-query timeout counts as
// inconclusive and is reported, never as proved.

import { loadScenario } from '../src/config/load.js';
import { openSolver } from '../src/smt/solve.js';
import { DEFAULT_DYNAMIC_SLOTS, transitionQueries } from '../src/smt/transitions.js';
import type { BenchFigure } from './model.js';

const SCENARIO = 'models/tour/two-vms.yaml';
const TIMEOUT_MS = 30_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchTransitions(runs = 1): Promise<BenchFigure[]> {
  const loaded = loadScenario(SCENARIO);
  if (!loaded.ok) throw new Error(`cannot load ${SCENARIO}`);
  const sc = loaded.value;
  const session = await openSolver();
  const out: BenchFigure[] = [];
  try {
    // 8 slots took over 11 minutes; 4 shows the growth and keeps `npm run bench` bearable.
    for (const [slots, n] of [[DEFAULT_DYNAMIC_SLOTS, runs], [4, 1]] as const) {
      const queries = transitionQueries(sc, { dynamicSlots: slots });
      const times: number[] = [];
      let slowest = { id: '', ms: 0 };
      let inconclusive: string[] = [];
      for (let r = 0; r < n; r++) {
        inconclusive = [];
        const t0 = performance.now();
        for (const q of queries) {
          const q0 = performance.now();
          const a = await session.solve(q, TIMEOUT_MS);
          const ms = performance.now() - q0;
          if (ms > slowest.ms) slowest = { id: q.id, ms };
          if (a.status !== 'unsat') inconclusive.push(`${q.id} (${a.status})`);
        }
        times.push(performance.now() - t0);
      }
      out.push({
        name: `transition + unwinding proofs, ${SCENARIO}, ${slots} dynamic slots/VM (${queries.length} queries, median of ${n})`,
        value: Math.round(median(times)),
        unit: 'ms',
        detail: `slowest ${slowest.id} ${Math.round(slowest.ms)} ms; not proved within ${TIMEOUT_MS / 1000} s: ${inconclusive.length === 0 ? 'none' : inconclusive.join(', ')}`,
      });
    }
  } finally {
    session.close();
  }
  return out;
}
