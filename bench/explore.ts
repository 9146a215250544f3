// Explorer figures at scale: a generated scenario with 200 VMs (8 pCPUs time-partitioned, a
// 64 GiB bank beside 4 KiB pages, 40 devices) and one overlap, so the page has a breach to
// step through. Measured: check plus rendering the page; the page's load in chromium (to the
// stepper ready); one step forward (keyboard to the step shown, the map and the Gantt chart
// following). Targets (issue 14): load under 2 s, a step under 100 ms.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CATALOG } from '../proofs/index.js';
import { runCheck } from '../src/check/run.js';
import { loadScenario } from '../src/config/load.js';
import { renderExplorer } from '../src/explore/index.js';
import type { BenchFigure } from './model.js';

const VMS = 200;
const CPUS = 8;

function hex(n: bigint): string {
  return `0x${n.toString(16)}`;
}

/** The scenario's YAML: VM i has 32 MiB at 0x8_0000_0000 + i·64 MiB and a 4 KiB page low; VM 199's page overlaps VM 0's RAM. */
export function bigScenario(): string {
  const lines: string[] = [
    'name: explore-200',
    'soc:',
    '  name: big-soc',
    `  clusters: [{ name: apu, kind: cortex-a53, cpus: 0-${CPUS - 1}, operating-points: [1.2GHz] }]`,
    '  ram: [{ name: low, base: 0x4000_0000, size: 1GiB }, { name: high, base: 0x8_0000_0000, size: 64GiB }]',
    '  hypervisor-memory: [{ name: hv, base: 0x7f00_0000, size: 16MiB }]',
    '  gic: { version: 3, spi: 32-511 }',
    '  smmu: { present: true }',
    '  costs: { trap-entry: 400ns, trap-exit: 300ns, irq-inject: 1us, context-switch: 3us, max-non-preemptible: 10us }',
    '  devices:',
  ];
  for (let d = 0; d < 40; d++) lines.push(`    - { name: uart${d}, kind: uart, mmio: { base: ${hex(0xff00_0000n + BigInt(d) * 0x1000n)}, size: 4KiB }, irqs: [${64 + d}] }`);
  lines.push('vms:');
  for (let v = 0; v < VMS; v++) {
    const ram = 0x8_0000_0000n + BigInt(v) * 0x400_0000n;
    const page = v === VMS - 1 ? 0x8_0000_0000n : 0x4000_0000n + BigInt(v) * 0x1000n;
    lines.push(
      `  - name: vm${v}`,
      `    criticality: ${v % 4 === 0 ? 'ASIL-B' : 'QM'}`,
      '    os: zephyr',
      `    vcpus: [${v % CPUS}]`,
      `    memory: [{ name: ram, ipa: 0x0, pa: ${hex(ram)}, size: 32MiB, perms: rwx }, { name: page, ipa: 0x1000_0000, pa: ${hex(page)}, size: 4KiB, perms: rw }]`,
      ...(v < 40 ? [`    devices: [uart${v}]`, `    irqs: [{ spi: ${64 + v}, vcpu: 0 }]`] : []),
      '    health: { on-fault: restart }',
    );
  }
  lines.push('schedule:');
  const per = VMS / CPUS;
  for (let c = 0; c < CPUS; c++) {
    lines.push(`  - pcpu: ${c}`, '    time-partition:', `      major-frame: ${per}ms`, '      windows:');
    for (let k = 0; k < per; k++) lines.push(`        - { vcpu: vm${c + k * CPUS}:0, start: ${k}ms, length: 1ms }`);
  }
  return lines.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchExplore(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-bench-explore-'));
  const file = join(dir, 'explore-200.yaml');
  writeFileSync(file, bigScenario());
  const r = loadScenario(file);
  if (!r.ok) throw new Error(`the generated scenario does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const t0 = performance.now();
  const props = CATALOG.filter((p) => p.id === 'isolation.memory' || p.id === 'containment.fault');
  const run = await runCheck(r.value, props, { runs: 100, maxSteps: 30, seed: 1, engines: ['pbt'] });
  const t1 = performance.now();
  const html = renderExplorer({ scenario: r.value, catalog: CATALOG, verdicts: run.verdicts, cwd: dir });
  const t2 = performance.now();
  const page = join(dir, 'explore-200.html');
  writeFileSync(page, html);
  if (!run.verdicts.some((v) => v.status === 'violated' && v.counterexample !== undefined)) throw new Error('the generated overlap was not found: nothing to step through');

  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const loads: number[] = [];
  const steps: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const a = performance.now();
      await tab.goto(pathToFileURL(page).href);
      await tab.waitForSelector('body[data-ready="1"]');
      loads.push(performance.now() - a);
      // A step, timed inside the page: key press to the step shown (map and Gantt updated synchronously).
      for (let k = 0; k < 6; k++) {
        const ms = await tab.evaluate((key: string) => {
          const g = globalThis as unknown as { document: { dispatchEvent(e: unknown): void }; KeyboardEvent: new (t: string, o: object) => unknown; performance: { now(): number } };
          const s = g.performance.now();
          g.document.dispatchEvent(new g.KeyboardEvent('keydown', { key, bubbles: true }));
          return g.performance.now() - s;
        }, k % 2 === 0 ? 'End' : 'Home');
        steps.push(ms);
      }
      await tab.close();
    }
  } finally {
    await browser.close();
  }
  return [
    { name: `explore: check (isolation.memory, containment.fault) of ${VMS} VMs`, value: Math.round(t1 - t0), unit: 'ms' },
    { name: `explore: rendering the page (${Math.round(html.length / 1024)} KiB)`, value: Math.round(t2 - t1), unit: 'ms' },
    { name: 'explore: page load in chromium to the stepper ready, median of 5 (target < 2000)', value: Math.round(median(loads)), unit: 'ms' },
    { name: 'explore: one step (key to step shown), median of 30 (target < 100)', value: Math.round(median(steps) * 10) / 10, unit: 'ms', detail: `max ${Math.round(Math.max(...steps) * 10) / 10} ms` },
  ];
}
