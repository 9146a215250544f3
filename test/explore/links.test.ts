// Links from where people already look: the safety-case report writes the explorer page beside
// it and links each violated goal to that property's breach; the report's GSN diagram fits the
// page width and zooms; SARIF results attach the explorer page written by
// check --save-counterexamples.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { CHROMIUM as BROWSER, gate } from '../support/system-tools.js';

// Skipped without chromium (saying how to install it), failing instead under .ci/run.
const BROWSER_GATE = gate(BROWSER);
const CHROMIUM = BROWSER_GATE.kind === 'run' ? BROWSER_GATE.path : '';
if (BROWSER_GATE.kind === 'skip') console.warn(`skipping the report-link browser test: ${BROWSER_GATE.reason}`);

describe('links to the explorer', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hvsafe-links-')), 'report');

  it('report writes explore.html beside the report and links the violated goals to it', async () => {
    const io = memoryIo();
    expect(await main(['report', 'models/breaches/cockpit-overlap.yaml', '--out', out, '--runs', '30', '--max-steps', '20', '--reproducible'], io), io.stderr()).toBe(1);
    expect(existsSync(join(out, 'explore.html'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    // The summary's verdict cell, the anomaly and the failed goal of the property.
    expect(html).toContain('<a href="explore.html#isolation.memory">VIOLATED</a>');
    expect(html).toContain('<a href="explore.html#isolation.memory">violation</a>');
    expect(html).toContain('<a href="explore.html#isolation.memory">FAILED</a>');
    // A property that holds links nowhere.
    expect(html).not.toContain('explore.html#isolation.mmio');
    // The Markdown report stays plain text: the HTML one is the page people click in.
    expect(readFileSync(join(out, 'report.md'), 'utf8')).not.toContain('explore.html#');
  });

  it('a report with nothing violated writes no explorer page', async () => {
    const clean = join(mkdtempSync(join(tmpdir(), 'hvsafe-links-')), 'report');
    expect(await main(['report', 'models/tour/two-vms.yaml', '--out', clean, '--runs', '10', '--max-steps', '10', '--reproducible'], memoryIo())).toBe(0);
    expect(existsSync(join(clean, 'explore.html'))).toBe(false);
    expect(readFileSync(join(clean, 'report.html'), 'utf8')).not.toContain('explore.html');
  });

  it.skipIf(BROWSER_GATE.kind === 'skip')('in chromium: the diagram fits the width and zooms; a violated goal opens its breach in the explorer', async () => {
    if (BROWSER_GATE.kind === 'fail') throw new Error(BROWSER_GATE.reason);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => void errors.push(e.message));
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      const fig = page.locator('figure#gsn-diagram');
      const svg = fig.locator('svg');
      const fw = (await fig.boundingBox())!.width;
      const sw = (await svg.boundingBox())!.width;
      // Fitted: the whole argument is in view, not a corner of a 6,000 px drawing.
      expect(sw).toBeLessThanOrEqual(fw);
      expect(sw).toBeGreaterThan(fw * 0.8);
      await fig.locator('.zoom button[data-z="in"]').click();
      expect(await fig.getAttribute('data-zoom')).toBe('1.5');
      expect((await svg.boundingBox())!.width).toBeGreaterThan(sw * 1.4);
      await fig.locator('.zoom button[data-z="fit"]').click();
      expect(await fig.getAttribute('data-zoom')).toBe('1');

      await page.locator('table#summary a[href="explore.html#isolation.memory"]').click();
      await page.waitForSelector('body[data-ready="1"]');
      expect(page.url()).toMatch(/explore\.html#isolation\.memory$/);
      expect(await page.locator('#tabs button.on').innerText()).toBe('isolation.memory');
      expect(await page.locator('#breach-body h3').innerText()).toContain('isolation.memory');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('SARIF results attach the explorer page written by check --save-counterexamples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-sarif-'));
    const sarif = join(dir, 'out.sarif');
    const ce = join(dir, 'ce');
    expect(await main(['check', 'models/breaches/cockpit-overlap.yaml', '--engines', 'pbt', '--runs', '30', '--max-steps', '20', '--sarif', sarif, '--save-counterexamples', ce], memoryIo())).toBe(1);
    expect(existsSync(join(ce, 'explore.html'))).toBe(true);
    const doc = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string; level: string; attachments?: { artifactLocation: { uri: string } }[] }[] }[] };
    const errs = doc.runs[0]!.results.filter((r) => r.level === 'error');
    expect(errs.length).toBeGreaterThan(0);
    const want = `${relative(process.cwd(), join(ce, 'explore.html')).split('\\').join('/')}`;
    for (const r of errs) expect(r.attachments?.[0]?.artifactLocation.uri).toBe(`${want}#${r.ruleId}`);
    // Without the folder there is no page, so no attachment.
    const bare = join(dir, 'bare.sarif');
    await main(['check', 'models/breaches/cockpit-overlap.yaml', '--engines', 'pbt', '--runs', '30', '--max-steps', '20', '--sarif', bare], memoryIo());
    expect(readFileSync(bare, 'utf8')).not.toContain('attachments');
  });
});
