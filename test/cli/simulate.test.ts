import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const MODELS = readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`);
const BREACHES = readdirSync('models/breaches').filter((f) => f.endsWith('.yaml')).map((f) => `models/breaches/${f}`);

describe('hvsafe simulate', () => {
  it('every example and every breach variant loads and simulates', async () => {
    expect(BREACHES.length).toBeGreaterThanOrEqual(3);
    for (const f of [...MODELS, ...BREACHES]) {
      const io = memoryIo();
      const code = await main(['simulate', f, '--events', '300', '--seed', '3', '--quiet'], io);
      expect({ f, code, err: io.stderr() }).toEqual({ f, code: 0, err: '' });
      expect(io.stdout()).toMatch(/after 300 events/);
    }
  });

  it('the no-IOMMU breach shows a device DMA landing in another VM\'s memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-'));
    const script = join(dir, 'dma.yaml');
    // In the breach variant uart0 (the RTOS's) masters DMA; with no SMMU it reaches raw PA,
    // here the hypervisor's own memory at 0x7c00_0000.
    writeFileSync(script, 'events:\n  - dma: { device: uart0, dir: write, addr: 0x7c00_0000, length: 4KiB, value: 7 }\n');
    const io = memoryIo();
    const code = await main(['simulate', 'models/breaches/power-terminal-dma.yaml', '--script', script], io);
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/no SMMU \(raw PA\) → PA 0x7c00_0000 HYPERVISOR memory/);
  });

  it('a saved random trace replays to the same output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-'));
    const saved = join(dir, 'trace.yaml');
    const a = memoryIo();
    expect(await main(['simulate', 'models/cockpit.yaml', '--events', '200', '--seed', '11', '--save', saved], a)).toBe(0);
    const b = memoryIo();
    expect(await main(['simulate', 'models/cockpit.yaml', '--script', saved], b)).toBe(0);
    const body = (s: string): string => s.split('\n').slice(1).join('\n');
    expect(body(b.stdout())).toBe(body(a.stdout()));
    expect(readFileSync(saved, 'utf8')).toMatch(/^# hvsafe event script/);
  });

  it('script errors are reported all at once with positions, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-'));
    const script = join(dir, 'bad.yaml');
    writeFileSync(script, 'events:\n  - write: { vcpu: linx:0, ipa: 0x1000, value: 1 }\n  - advance: 5\n  - jump: 3\n');
    const io = memoryIo();
    expect(await main(['simulate', 'models/cockpit.yaml', '--script', script], io)).toBe(2);
    const err = io.stderr();
    expect(err).toMatch(/bad\.yaml:2:20: semantic error: no VM named 'linx'/);
    expect(err).toMatch(/bad\.yaml:3:14: schema error: .*duration '5' has no unit/);
    expect(err).toMatch(/bad\.yaml:4:5: schema error: unknown event kind 'jump'/);
    expect(err).toMatch(/3 errors in the event script/);
    expect(io.stdout()).toBe('');
  });

  it('usage errors exit 2; --help exits 0', async () => {
    const io = memoryIo();
    expect(await main(['simulate', 'models/cockpit.yaml', '--events', 'many'], io)).toBe(2);
    expect(io.stderr()).toMatch(/--events must be a whole number/);
    expect(await main(['simulate', '--frobnicate', 'x'], memoryIo())).toBe(2);
    expect(await main(['simulate', '--help'], memoryIo())).toBe(0);
    expect(await main(['bogus'], memoryIo())).toBe(2);
    expect(await main(['--help'], memoryIo())).toBe(0);
    const missing = memoryIo();
    expect(await main(['simulate', 'models/nope.yaml'], missing)).toBe(2);
    expect(missing.stderr()).toMatch(/nope\.yaml:1:1: .*cannot read the scenario file: no such file/);
  });
});
