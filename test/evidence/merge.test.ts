// mergeBundles refuses what is not one run split in shards: other input bytes, another hvsafe,
// other options; and a bundle that does not verify.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { runCheck } from '../../src/check/run.js';
import { loadScenario } from '../../src/config/load.js';
import { buildBundle, mergeBundles, MergeError, recordingReader, toolInfo } from '../../src/evidence/index.js';
import type { Bundle } from '../../src/evidence/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const PROPS = CATALOG.filter((p) => ['isolation.memory', 'containment.scrub'].includes(p.id));

/** A bundle of two-vms.yaml copied into `dir` (optionally with a trailing comment), checked from there. */
async function bundleIn(dir: string, opts: { seed?: number; comment?: string; version?: string } = {}): Promise<Bundle> {
  const cwd = join(tmp, dir);
  mkdirSync(cwd, { recursive: true });
  const file = join(cwd, 'scenario.yaml');
  copyFileSync(resolve('models/tour/two-vms.yaml'), file);
  if (opts.comment !== undefined) writeFileSync(file, readFileSync(file, 'utf8') + `# ${opts.comment}\n`);
  const reader = recordingReader();
  const r = loadScenario(file, reader.read);
  if (!r.ok) throw new Error('two-vms does not load');
  const run = await runCheck(r.value, PROPS, { runs: 20, maxSteps: 10, seed: opts.seed ?? 1, engines: ['pbt'] });
  return buildBundle(run, {
    cwd,
    options: { runs: 20, maxSteps: 10, seed: opts.seed ?? 1, shard: '1/1', engines: ['pbt'] },
    digests: reader.digests,
    tool: { ...toolInfo(), ...(opts.version !== undefined ? { version: opts.version } : {}) },
  });
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MergeError) return e.message;
    throw e;
  }
  throw new Error('the merge was not refused');
}

describe('mergeBundles', () => {
  it('merges two identical runs into the same records (content addressed)', async () => {
    const a = await bundleIn('a');
    const b = await bundleIn('b');
    const m = mergeBundles([
      { name: 'a', bundle: a },
      { name: 'b', bundle: b },
    ]);
    // The same runs twice: an overlap, refused, unless the records are byte-identical (deduplicated).
    expect([...m.bundle.records.keys()]).toEqual([...a.records.keys()]);
  });

  it('refuses bundles of other input bytes, naming both digests', async () => {
    const a = await bundleIn('c');
    const b = await bundleIn('d', { comment: 'edited' });
    const msg = refusal(() => mergeBundles([{ name: 'c', bundle: a }, { name: 'd', bundle: b }]));
    expect(msg).toMatch(/d was made from other inputs than c: scenario scenario\.yaml sha256 [0-9a-f]{64} against scenario scenario\.yaml sha256 [0-9a-f]{64}/);
  });

  it('refuses bundles made by another hvsafe version, or with other options', async () => {
    const a = await bundleIn('e');
    const old = await bundleIn('f', { version: '0.0.1' });
    expect(refusal(() => mergeBundles([{ name: 'e', bundle: a }, { name: 'f', bundle: old }]))).toMatch(/f was made by hvsafe 0\.0\.1/);
    const seeded = await bundleIn('g', { seed: 7 });
    expect(refusal(() => mergeBundles([{ name: 'e', bundle: a }, { name: 'g', bundle: seeded }]))).toMatch(/g was made with other options than e:.*"seed":7/);
  });

  it('refuses a bundle that does not verify', async () => {
    const a = await bundleIn('h');
    const [id, r] = [...a.records][0]!;
    const forged: Bundle = { ...a, records: new Map([...a.records].map(([k, v]) => [k, k === id ? { ...r, verdict: 'holds' as const, reason: 'forged' } : v])) };
    expect(refusal(() => mergeBundles([{ name: 'h', bundle: forged }]))).toMatch(/h: record [0-9a-f]{64} .* has been altered/);
  });
});
