// explore --serve: loopback only; the page runs the checks again for another seed or property;
// bad queries are refused; the server closes.

import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/explore.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadScenario } from '../../src/config/load.js';

describe('explore --serve', () => {
  it('serves the page on 127.0.0.1, reruns with another seed and property, refuses bad queries', async () => {
    const r = loadScenario('models/breaches/cockpit-overlap.yaml');
    if (!r.ok) throw new Error('does not load');
    const s = await startServer(r.value, { properties: undefined, replay: undefined, runs: 20, maxSteps: 10, seed: 1, engines: ['pbt'] }, undefined, 0, process.cwd());
    if ('error' in s) throw new Error(s.error);
    try {
      const base = `http://127.0.0.1:${s.port}`;
      const first = await fetch(`${base}/`);
      expect(first.status).toBe(200);
      const page = await first.text();
      expect(page).toContain('<form id="rerun"');
      expect(page).toContain('"property":"isolation.memory"');
      const again = await (await fetch(`${base}/?seed=7&property=isolation.memory`)).text();
      // Only the asked property was checked, with the asked seed in the form.
      expect(again).toContain('name="seed" value="7"');
      expect((JSON.parse(/<script id="hv-data" type="application\/json">([\s\S]*?)<\/script>/.exec(again)![1]!) as { summary: unknown[] }).summary).toHaveLength(1);
      expect((await fetch(`${base}/?seed=abc`)).status).toBe(400);
      expect((await fetch(`${base}/?property=nope`)).status).toBe(400);
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('usage errors exit 2 before any work', async () => {
    const io = memoryIo();
    expect(await main(['explore', 'models/breaches/cockpit-overlap.yaml', '--serve', '--out', 'x.html'], io)).toBe(2);
    expect(await main(['explore', 'models/breaches/cockpit-overlap.yaml', '--port', '80'], io)).toBe(2);
    expect(await main(['explore', 'models/breaches/cockpit-overlap.yaml', '--replay', 'nonsense'], io)).toBe(2);
    expect(await main(['explore', 'models/breaches/cockpit-overlap.yaml', '--out', 'page.txt'], io)).toBe(2);
    expect(io.stderr()).toContain('give one');
    expect(io.stderr()).toContain('--port goes with --serve');
  });
});
