// The HTML report in a real browser (Debian's chromium through playwright-core): it opens from
// a file:// URL with no network, the GSN diagram renders as SVG with its nodes, and the failed
// goals of a breach are marked red. A screenshot goes to test-output/ (ignored by git).
// Without chromium on PATH the suite is skipped with the install command; .ci/run installs it
// and fails on any skip.

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { CHROMIUM as BROWSER, describeWithTool } from '../support/system-tools.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describeWithTool(BROWSER, 'the HTML report in chromium', (CHROMIUM) => {
  it('renders the diagram and marks the failed goals of a breach', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hvsafe-browser-')), 'report');
    const code = await main(['report', 'models/breaches/cockpit-overlap.yaml', '--out', out, '--runs', '30', '--max-steps', '20', '--reproducible'], memoryIo());
    expect(code).toBe(1);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (r) => void requests.push(r.url()));
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      expect(await page.title()).toBe('Freedom from interference: cockpit-overlap');

      // The diagram rendered: an inline SVG with laid-out goal nodes of non-zero size.
      const svg = page.locator('figure#gsn-diagram svg');
      await expect(svg.count()).resolves.toBe(1);
      const goals = page.locator('figure#gsn-diagram svg g.node.gsn-goal');
      expect(await goals.count()).toBeGreaterThan(10);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(500);

      // The breached property's goal, its pair goal and the top goal are failed and drawn red.
      for (const id of ['G-isolation.memory', 'G-isolation.memory-infotainment-cluster', 'G-ffi']) {
        const node = page.locator(`svg g.node[id="${id}"]`);
        expect(await node.getAttribute('class'), id).toContain('gsn-failed');
        expect(await node.locator('polygon').first().getAttribute('stroke'), id).toBe('#c5221f');
      }
      // A goal that holds is not red.
      expect(await page.locator('svg g.node[id="G-isolation.mmio"]').getAttribute('class')).toContain('gsn-supported');

      // The summary row of the violated property is marked as such, in words and in colour.
      const cell = page.locator('table#summary tr', { hasText: 'isolation.memory' }).locator('td.tone-violated');
      expect(await cell.innerText()).toBe('VIOLATED');
      // Runs in the page (no DOM lib in this project's types).
      const bg = await cell.evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor);
      expect(bg).toBe('rgb(253, 216, 216)');

      // Offline: the page asked for nothing but itself.
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);

      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: join('test-output', 'safety-case-cockpit-overlap.png'), fullPage: false });
      await page.locator('figure#gsn-diagram').screenshot({ path: join('test-output', 'safety-case-cockpit-overlap-gsn.png') });
    } finally {
      await browser.close();
    }
  });
});
