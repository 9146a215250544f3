// Counterexamples as files, and the minimal, named traces behind them: every saved script
// replays under `simulate --check` to the same property breaking, the ITF export has one
// state per step (plus boot) and marks the violation, `explore --script` shows the same
// breach, and delta debugging keeps only the events that matter.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadScenario } from '../../src/config/load.js';
import { buildTopology } from '../../src/hv/topology.js';
import { deltaDebug } from '../../src/pbt/engine.js';
import { describeEvent, describeObservation } from '../../src/sim/describe.js';
import type { ExploreData } from '../../src/explore/data.js';

const BREACH = 'models/breaches/power-terminal-dma.yaml';

describe('delta debugging', () => {
  it('drops every event whose removal keeps the failure, and nothing else', () => {
    // Fails when both 3 and 7 are present, in that order.
    const fails = (xs: readonly number[]): boolean => xs.indexOf(3) >= 0 && xs.indexOf(7) > xs.indexOf(3);
    expect(deltaDebug([1, 3, 5, 9, 7, 2, 3], fails)).toEqual([3, 7]);
    expect(deltaDebug([4], () => true)).toEqual([4]);
    // 1-minimal: removing any single event of the result makes it pass.
    const r = deltaDebug([8, 3, 1, 7, 7, 3, 7], fails);
    for (let i = 0; i < r.length; i++) expect(fails([...r.slice(0, i), ...r.slice(i + 1)])).toBe(false);
  });
});

describe('check --save-counterexamples', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-ce-'));
  it('writes a script, a JSON trace and an ITF trace per violation; each script breaks the same property under simulate --check', async () => {
    const io = memoryIo();
    expect(await main(['check', BREACH, '--engines', 'pbt', '--runs', '100', '--max-steps', '30', '--save-counterexamples', dir], io)).toBe(1);
    const scripts = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    expect(scripts).toContain('containment.fault.yaml');
    for (const s of scripts) {
      const property = s.replace(/\.yaml$/, '');
      const trace = JSON.parse(readFileSync(join(dir, `${property}.trace.json`), 'utf8')) as { steps: unknown[]; violationAt: number; replay: string };
      expect(trace.replay).toMatch(new RegExp(`^hvsafe check ${BREACH.replace(/\./g, '\\.')} --replay ${property.replace(/\./g, '\\.')}:`));
      expect(trace.violationAt).toBeGreaterThanOrEqual(0);

      const itf = JSON.parse(readFileSync(join(dir, `${property}.itf.json`), 'utf8')) as { '#meta': { format: string }; vars: string[]; states: Record<string, unknown>[] };
      expect(itf['#meta'].format).toBe('ITF');
      expect(itf.states).toHaveLength(trace.steps.length + 1);
      for (const st of itf.states) for (const v of itf.vars) expect(st, v).toHaveProperty(v);
      expect(itf.states.map((st) => st['violated'])).toEqual(itf.states.map((_, i) => i === trace.violationAt + 1));

      const sim = memoryIo();
      expect(await main(['simulate', BREACH, '--script', join(dir, s), '--check'], sim), s).toBe(1);
      expect(sim.stdout()).toMatch(new RegExp(`✗ ${property.replace(/\./g, '\\.')} first breaks here`));
      expect(sim.stdout()).toContain(`${property} at step ${trace.violationAt + 1}`);
    }
  });

  it('explore --script shows the saved breach, breaking at the same step', async () => {
    const out = join(dir, 'script.html');
    const io = memoryIo();
    expect(await main(['explore', BREACH, '--script', join(dir, 'isolation.dma.yaml'), '--out', out], io), io.stderr()).toBe(1);
    const html = readFileSync(out, 'utf8');
    const data = JSON.parse(/<script id="hv-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!) as ExploreData;
    const trace = JSON.parse(readFileSync(join(dir, 'isolation.dma.trace.json'), 'utf8')) as { violationAt: number };
    expect(data.breaches.find((b) => b.property === 'isolation.dma')?.trace?.violationAt).toBe(trace.violationAt);
  });

  it('containment.fault: the minimal trace carries only the attacker event that matters (no unrelated storm)', () => {
    const text = readFileSync(join(dir, 'containment.fault.yaml'), 'utf8');
    expect(text).not.toMatch(/irq-storm/);
    expect((text.match(/^ {2}- /gm) ?? []).length).toBe(1);
  });
});

describe('names in traces are the scenario\'s', () => {
  it('a DMA event names its stream as declared (hex), and a transfer over two devices names both', () => {
    const r = loadScenario('models/cockpit.yaml');
    if (!r.ok) throw new Error('cockpit does not load');
    const t = buildTopology(r.value);
    const gpu = t.deviceIndex.get('gpu')!;
    expect(describeEvent(t, { kind: 'dma', device: gpu, stream: 1, addr: 0x1000n, length: 4096n, dir: 'read', value: 0 })).toContain('stream 0x11');
    expect(describeObservation(t, { kind: 'smmu-fault', device: gpu, stream: 0x11, addr: 0x1000n, reason: 'no-context' })).toContain('stream 0x11');
    const a = t.segments.findIndex((s) => s.device >= 0);
    const b = t.segments.findIndex((s, i) => i > a && s.device >= 0 && s.device !== t.segments[a]!.device);
    const text = describeObservation(t, {
      kind: 'dma',
      device: gpu,
      vm: 0,
      dir: 'write',
      addr: 0n,
      length: 8192n,
      path: 'no-smmu',
      context: -1,
      pages: [
        { pa: t.segments[a]!.start, target: { kind: 'mmio', device: t.segments[a]!.device, segment: a }, value: 0, writer: -1 },
        { pa: t.segments[b]!.start, target: { kind: 'mmio', device: t.segments[b]!.device, segment: b }, value: 0, writer: -1 },
      ],
    });
    expect(text).toContain(`MMIO of ${r.value.soc.devices[t.segments[a]!.device]!.name}`);
    expect(text).toContain(`MMIO of ${r.value.soc.devices[t.segments[b]!.device]!.name}`);
  });
});
