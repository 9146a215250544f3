// The hypervisor's own resources in the SoC format (hypervisor-frames, hypervisor-irqs) and
// the refusal of guest memory that nothing backs: positions, messages, all errors at once.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';

const SOC = (extra: string) =>
  [
    'name: s',
    'cpus: 0-1',
    'ram: [{name: ddr, base: 0x0, size: 1GiB}]',
    'hypervisor-memory: [{base: 0x3c00_0000, size: 64MiB}]',
    extra,
    'gic: {version: 2, spi: 32-191}',
    'devices:',
    '  - {name: uart0, kind: uart, mmio: {base: 0xff00_0000, size: 64KiB}, irqs: [53]}',
    'costs: {trap-entry: 1us, trap-exit: 1us, irq-inject: 1us, context-switch: 1us, max-non-preemptible: 1us}',
    '',
  ].join('\n');

const FRAMES = [
  'hypervisor-frames:',
  '  - {name: gicd, kind: gic-distributor, base: 0xf901_0000, size: 64KiB}',
  '  - {name: console, kind: console, base: 0xff00_0000, size: 64KiB}',
  'hypervisor-irqs:',
  '  - {name: maintenance, kind: maintenance, intid: 25}',
  '  - {name: console, kind: console, intid: 53}',
].join('\n');

function scenario(memory: string): string {
  return ['name: t', 'soc: soc.yaml', 'vms:', '  - name: a', '    criticality: QM', '    os: linux', '    vcpus: [0]', `    memory: [${memory}]`, 'schedule:', '  - {pcpu: 0, bind: a:0}', ''].join('\n');
}

function load(soc: string, sc: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-frames-'));
  writeFileSync(join(dir, 'soc.yaml'), soc);
  writeFileSync(join(dir, 't.yaml'), sc);
  return loadScenario(join(dir, 't.yaml'));
}

describe('hypervisor frames and interrupts', () => {
  it('decode with their kinds, addresses and positions', () => {
    const r = load(SOC(FRAMES), scenario('{name: ram, ipa: 0x0, size: 64MiB, perms: rw}'));
    if (!r.ok) expect.fail(r.diagnostics.map((d) => d.message).join('; '));
    const soc = r.value.soc;
    expect(soc.hypervisorFrames?.map((f) => [f.name, f.kind, f.base, f.size])).toEqual([
      ['gicd', 'gic-distributor', 0xf901_0000n, 0x1_0000n],
      ['console', 'console', 0xff00_0000n, 0x1_0000n],
    ]);
    expect(soc.hypervisorFrames?.[0]!.at).toMatchObject({ line: 6 });
    expect(soc.hypervisorIrqs?.map((q) => [q.name, q.kind, q.intid])).toEqual([
      ['maintenance', 'maintenance', 25],
      ['console', 'console', 53],
    ]);
  });

  it('reports a wrong kind, an ID outside the GIC and a duplicate at once, positioned', () => {
    const bad = ['hypervisor-frames:', '  - {name: gicd, kind: gic-dist, base: 0xf901_0000, size: 64KiB}', 'hypervisor-irqs:', '  - {name: m, kind: maintenance, intid: 5}', '  - {name: t, kind: timer, intid: 26}', '  - {name: t2, kind: timer, intid: 26}'].join('\n');
    const r = load(SOC(bad), scenario('{name: ram, ipa: 0x0, size: 64MiB, perms: rw}'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msgs = r.diagnostics.map((d) => `${d.at.line}: ${d.message}`);
    expect(msgs.some((m) => m.startsWith('6:') && m.includes('gic-distributor'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('8:') && m.includes('neither a PPI (16-31) nor an SPI (32-191)'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('10:') && m.includes('26'))).toBe(true);
  });
});

describe('guest memory must be backed', () => {
  it('a mapping whose PA lies in no RAM bank and no device is a positioned load error', () => {
    const r = load(SOC(''), scenario('{name: ram, ipa: 0x0, pa: 0x8000_0000, size: 64MiB, perms: rw}'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain("mapping 'ram' of VM 'a' reaches PA 0x8000_0000, which lies in no RAM bank and no device");
    expect(r.diagnostics[0]!.at).toMatchObject({ line: 8 });
  });

  it('a RAM mapping that runs past the end of RAM names the first unbacked address', () => {
    const r = load(SOC(''), scenario('{name: ram, ipa: 0x0, pa: 0x3000_0000, size: 512MiB, perms: rw}'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toContain('reaches PA 0x4000_0000');
  });

  it('RAM, device registers and hypervisor frames back a mapping (their misuse is a finding, not a load error)', () => {
    expect(load(SOC(FRAMES), scenario('{name: ram, ipa: 0x0, size: 64MiB, perms: rw}, {name: gicd, ipa: 0xf901_0000, size: 64KiB, perms: rw}, {name: regs, ipa: 0xff00_0000, size: 64KiB, perms: rw}')).ok).toBe(true);
  });
});
