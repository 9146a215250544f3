// `prove`'s differential smoke test on the user's scenario: agreeing encodings pass, a model
// whose steps the encodings do not describe is reported as a bug (and makes prove
// inconclusive), and a solver that cannot answer leaves it undecided, never "agrees".

import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { createPool, type SolverPool } from '../../src/smt/pool.js';
import type { Query, Solved } from '../../src/smt/query.js';
import { smokeTest } from '../../src/smt/smoke.js';
import { resolveBackend } from '../../src/smt/backend.js';
import { restartWithoutScrub } from '../pbt/mutants.js';

const TWO_VMS = 'models/tour/two-vms.yaml';
const pools: SolverPool[] = [];
afterAll(async () => Promise.all(pools.map((p) => p.close())));

async function pool(): Promise<SolverPool> {
  const r = await resolveBackend('auto');
  const p = createPool({ jobs: 2, timeoutMs: 120_000, ...(r.ok ? { backend: r.backend } : {}) });
  pools.push(p);
  return p;
}

function load(path: string) {
  const r = loadScenario(path);
  if (!r.ok) throw new Error(path);
  return r.value;
}

describe('differential smoke test', () => {
  it('the real model and its encodings agree on a seeded trace of two-vms', async () => {
    const r = await smokeTest(load(TWO_VMS), await pool(), { steps: 30 });
    expect(r.status).toBe('agrees');
    expect(r.checked).toBeGreaterThan(20);
    expect(r.checked + r.skipped).toBe(30);
  });

  it('a model that restarts without scrubbing disagrees with the encodings, step named', async () => {
    // A trace with restarts after writes: the encoded restart scrubs, the wrong model does not.
    let found: Awaited<ReturnType<typeof smokeTest>> | undefined;
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await smokeTest(load(TWO_VMS), await pool(), { steps: 40, seed, model: restartWithoutScrub });
      if (r.status === 'disagrees') {
        found = r;
        break;
      }
    }
    expect(found?.status).toBe('disagrees');
    expect(found!.disagreements.some((d) => /^vm-restart|^fault|^vm-stop/.test(d))).toBe(true);
  });

  it('a solver that answers unknown leaves it undecided', async () => {
    const unknown: SolverPool = {
      mode: 'fake',
      solver: 'fake',
      close: async () => undefined,
      solveAll: async (qs: readonly Query[]): Promise<Solved[]> => qs.map((query) => ({ query, hash: '0'.repeat(64), answer: { status: 'unknown', reason: 'timeout' }, timeMs: 0, cached: false, solver: 'fake' })),
    };
    const r = await smokeTest(load(TWO_VMS), unknown, { steps: 10 });
    expect(r.status).toBe('undecided');
    expect(r.reason).toContain('timeout');
  });

  it('prove runs it after the transition level and says so; --no-smoke leaves it out', async () => {
    const run = async (...argv: string[]) => {
      const io = memoryIo();
      const code = await main(argv, io);
      return { code, out: io.stdout() };
    };
    const args = ['prove', TWO_VMS, '--levels', 'transition', '--property', 'isolation.irq', '--quiet', '--format', 'json'];
    const a = await run(...args);
    expect(a.code, a.out).toBe(0);
    expect(JSON.parse(a.out).smoke).toMatchObject({ status: 'agrees', steps: 60, seed: 1 });
    const b = await run(...args, '--no-smoke');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).smoke).toBeUndefined();
  });
});
