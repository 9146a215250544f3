// Transition-level proofs: time of every inductive-step and unwinding query (plus the base
// case) of the tour model, run one after the other in one solver session, at the default
// bound (2 dynamic stage-2 slots per VM) and at a larger one, to show growth. Medians of a
// few runs; a query the solver cannot finish in the per-query timeout counts as
// inconclusive and is reported, never as proved.

import { loadScenario } from '../src/config/load.js';
import { openSolver, type SolverSession } from '../src/smt/solve.js';
import { resolveBackend } from '../src/smt/backend.js';
import { openNativeSolver } from '../src/smt/native.js';
import { DEFAULT_DYNAMIC_SLOTS, transitionQueries } from '../src/smt/transitions.js';
import type { BenchFigure } from './model.js';

const SCENARIO = 'models/tour/two-vms.yaml';
const TIMEOUT_MS = 30_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchTransitions(runs = 1): Promise<BenchFigure[]> {
  const out = await series(await openSolver(), 'WebAssembly', runs, true);
  // The same queries on a native z3 (`--solver native`), when one is installed: the ratio is
  // what `--solver auto` buys on this machine.
  const native = await resolveBackend('native');
  if (native.ok && native.backend.kind === 'native') {
    const n = await series(await openNativeSolver(native.backend.path, native.backend.version), `native (${native.backend.version})`, runs, false);
    const ratio = out[0]!.value / Math.max(1, n[0]!.value);
    out.push(...n, { name: 'WebAssembly / native time, default slots', value: Math.round(ratio * 100) / 100, unit: '×' });
  } else {
    out.push({ name: 'native z3 series', value: 0, unit: '', detail: 'skipped: no z3 on PATH (apt-get install z3)' });
  }
  return out;
}

async function series(session: SolverSession, label: string, runs: number, grow: boolean): Promise<BenchFigure[]> {
  const loaded = loadScenario(SCENARIO);
  if (!loaded.ok) throw new Error(`cannot load ${SCENARIO}`);
  const sc = loaded.value;
  const out: BenchFigure[] = [];
  try {
    // 8 slots took over 11 minutes; 4 shows the growth and keeps `npm run bench` bearable.
    const plan: (readonly [number, number])[] = grow ? [[DEFAULT_DYNAMIC_SLOTS, runs], [4, 1]] : [[DEFAULT_DYNAMIC_SLOTS, runs]];
    for (const [slots, n] of plan) {
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
        name: `transition + unwinding proofs, ${label}, ${SCENARIO}, ${slots} dynamic slots/VM (${queries.length} queries in sequence, median of ${n})`,
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
