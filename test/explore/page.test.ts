// The explorer page's content, without a browser: a replay token explores that one
// counterexample; containment.fault shows the two worlds and the part the observer sees
// differ; the shipped examples (nothing violated) still give a page, exit 0.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { ExploreData } from '../../src/explore/data.js';

const dir = mkdtempSync(join(tmpdir(), 'hvsafe-page-'));
function dataOf(file: string): ExploreData {
  const html = readFileSync(file, 'utf8');
  return JSON.parse(/<script id="hv-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!) as ExploreData;
}

describe('hvsafe explore', () => {
  it('--replay explores the counterexample of its token, replayed to the same violation', async () => {
    const io = memoryIo();
    expect(await main(['check', 'models/breaches/power-terminal-dma.yaml', '--engines', 'pbt', '--property', 'containment.fault', '--runs', '100', '--max-steps', '30'], io)).toBe(1);
    const token = /--replay (containment\.fault:\S+)/.exec(io.stdout())![1]!;
    const out = join(dir, 'replay.html');
    expect(await main(['explore', 'models/breaches/power-terminal-dma.yaml', '--replay', token, '--out', out], memoryIo())).toBe(1);
    const d = dataOf(out);
    expect(d.breaches.map((b) => b.property)).toEqual(['containment.fault']);
    const b = d.breaches[0]!;
    expect(b.replay).toContain(token);
    // Two worlds: what the observer sees with and without the attacker's events, the difference marked.
    const w = b.trace!.worlds!;
    expect(w.attacker).toBe('rtos');
    expect(w.observer).toBe('linux');
    expect(w.parts.some((p) => p.differs && p.withAttacker !== p.without)).toBe(true);
    expect(b.trace!.steps[b.trace!.violationAt]!.verdict).toBe('violated');
    // Only what changed: the DMA step writes a page of linux, and says whose it is.
    expect(b.trace!.steps.some((s) => s.writes.some((x) => /written by uart0 for rtos/.test(x)))).toBe(true);
  });

  it.each(['models/power-terminal.yaml', 'models/tour/two-vms.yaml'])('%s: nothing violated, still a page (exit 0)', async (scenario) => {
    const out = join(dir, 'example.html');
    expect(await main(['explore', scenario, '--runs', '20', '--max-steps', '10', '--out', out], memoryIo())).toBe(0);
    const d = dataOf(out);
    expect(d.breaches).toEqual([]);
    expect(readFileSync(out, 'utf8')).toContain('<svg id="memmap"');
  });
});
