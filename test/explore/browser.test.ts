// The explorer page of every shipped breach in a real browser (Debian's chromium through
// playwright-core): it loads from file:// with no console error and no request, the memory
// map draws the trace's reach at the violation (the path and the kind of target the finding
// names; exact addresses are random draws, so they are not pinned), stepping to the violation
// shows the offending access and the monitor's verdict, and the keyboard steps. A screenshot
// per breach goes to test-output/ (ignored by git). The directory is iterated, so a breach
// added later is covered too.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { ExploreData } from '../../src/explore/data.js';
import { CHROMIUM as BROWSER, describeWithTool } from '../support/system-tools.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const BREACHES = readdirSync('models/breaches')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** What the breaches we know show at their violation: the DMA path or access, and the kind of target. */
const KNOWN: Record<string, Record<string, { path: RegExp; kind: string }>> = {
  'power-terminal-dma.yaml': {
    'isolation.dma': { path: /^uart0 → no SMMU → PA /, kind: 'ram' },
    'isolation.mmio': { path: /^uart0 → no SMMU → PA /, kind: 'mmio' },
  },
  'cockpit-overlap.yaml': {
    'isolation.memory': { path: /^(infotainment|cluster):\d → stage-2 IPA /, kind: 'ram' },
  },
};

const out = mkdtempSync(join(tmpdir(), 'hvsafe-explore-'));
let browser: Browser | undefined;

describeWithTool(BROWSER, 'the explorer page in chromium', (CHROMIUM) => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync('test-output', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(BREACHES)('%s: loads offline, shows the reach at the violation, steps by keyboard', async (file) => {
    const html = join(out, file.replace(/\.yaml$/, '.html'));
    const io = memoryIo();
    const code = await main(['explore', join('models/breaches', file), '--out', html, '--runs', '100', '--max-steps', '30'], io);
    expect(code, io.stderr()).toBe(1);
    const text = readFileSync(html, 'utf8');
    const data = JSON.parse(/<script id="hv-data" type="application\/json">([\s\S]*?)<\/script>/.exec(text)![1]!) as ExploreData;
    expect(data.breaches.length).toBeGreaterThan(0);

    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => void problems.push(e.message));
    page.on('request', (r) => void requests.push(r.url()));
    try {
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector('body[data-ready="1"]');
      expect(await page.title()).toBe(`hvsafe explore: ${data.scenario}`);
      expect(await page.locator('#memmap').count()).toBe(1);
      expect(await page.locator('#gantt').count()).toBe(1);

      let checked = 0;
      // Every breach we know the shape of has a trace at this budget.
      for (const id of Object.keys(KNOWN[file] ?? {})) expect(data.breaches.find((b) => b.property === id)?.trace?.violationAt, id).toBeGreaterThanOrEqual(0);
      for (let k = 0; k < data.breaches.length; k++) {
        const b = data.breaches[k]!;
        await page.locator(`#tabs button[data-breach="${k}"]`).click();
        expect(await page.locator('#breach-body h3').innerText()).toContain(b.property);
        // Every finding that names an address is marked on the map while its breach is shown.
        for (const f of b.findings) {
          if (f.address === undefined) continue;
          expect(await page.locator(`#memmap g.finding[data-trace="${k}"][data-pa="${f.address}"]`).first().isVisible(), f.message).toBe(true);
        }
        const trace = b.trace;
        if (trace === undefined || trace.violationAt < 0) continue;
        const n = trace.steps.length;

        // Keyboard: Home, →, End, ←, and v jumps to the violation.
        await page.keyboard.press('Home');
        expect(await page.locator('#step-pos').innerText()).toBe(`1 / ${n}`);
        await page.keyboard.press('ArrowRight');
        expect(await page.locator('#step-pos').innerText()).toBe(`${Math.min(2, n)} / ${n}`);
        await page.keyboard.press('End');
        expect(await page.locator('#step-pos').innerText()).toBe(`${n} / ${n}`);
        await page.keyboard.press('Home');
        await page.keyboard.press('v');
        expect(await page.locator('#step-pos').innerText()).toBe(`${trace.violationAt + 1} / ${n}`);

        // The monitor's verdict at that step, and the offending event and what the hypervisor did.
        const step = trace.steps[trace.violationAt]!;
        expect(await page.locator('#verdict').getAttribute('class')).toContain('v-violated');
        expect(await page.locator('#step-detail p.ev').innerText()).toContain(step.event);
        for (const d of step.did.slice(0, 3)) expect(await page.locator('#step-detail ul.did').innerText()).toContain(d);

        // The map shows the reach of this step, drawn where the data says, and only this trace's marks.
        const foreign = step.reaches.filter((r) => r.foreign);
        const now = page.locator(`#memmap g.reach.now[data-trace="${k}"]`);
        expect(await now.count()).toBe(step.reaches.length);
        if (foreign.length > 0) {
          const red = page.locator(`#memmap g.reach.now.foreign[data-trace="${k}"]`);
          expect(await red.count()).toBe(foreign.length);
          expect(await red.first().isVisible()).toBe(true);
          expect(await red.first().getAttribute('data-pa')).toBe(foreign[0]!.pa);
        }
        expect(await page.locator(`#memmap g.reach:not([data-trace="${k}"])`).evaluateAll((els) => els.filter((e) => (e as unknown as { style: { display: string } }).style.display !== 'none').length)).toBe(0);

        const want = KNOWN[file]?.[b.property];
        if (want !== undefined) {
          const paths = await page.locator(`#memmap g.reach.now.foreign[data-trace="${k}"]`).evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-kind')]));
          expect(paths.some(([p, kind]) => want.path.test(p ?? '') && kind === want.kind), `${b.property}: ${JSON.stringify(paths)}`).toBe(true);
        }
        checked++;
      }
      expect(checked, 'at least one breach of the scenario has a trace to step through').toBeGreaterThan(0);

      // A declaring line opens the source with the line highlighted.
      await page.locator('#breach-body a.src').first().click();
      expect(await page.locator('#source').isVisible()).toBe(true);
      const line = Number(await page.locator('#breach-body a.src').first().getAttribute('data-line'));
      expect(await page.locator('#source-body .hl .no').innerText()).toBe(String(line));
      await page.keyboard.press('Escape');
      expect(await page.locator('#source').isVisible()).toBe(false);

      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      await page.keyboard.press('Home');
      await page.keyboard.press('v');
      await page.screenshot({ path: join('test-output', `explore-${file.replace(/\.yaml$/, '')}.png`), fullPage: false });
    } finally {
      await page.close();
    }
  });

  it('the overlap of cockpit-overlap is red on the map at the overlapping mapping', async () => {
    const html = join(out, 'overlap-map.html');
    expect(await main(['explore', 'models/breaches/cockpit-overlap.yaml', '--property', 'isolation.memory', '--out', html, '--runs', '50'], memoryIo())).toBe(1);
    const page = await browser!.newPage();
    try {
      await page.goto(pathToFileURL(html).href);
      const overlaps = page.locator('#memmap rect.overlap');
      expect(await overlaps.count()).toBeGreaterThan(0);
      const titles = await overlaps.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      expect(titles.some((t) => /OVERLAP .*gpu-carveout \(infotainment\)|OVERLAP .*\(cluster\).*gpu-carveout/.test(t)), titles.join('\n')).toBe(true);
    } finally {
      await page.close();
    }
  });
});
