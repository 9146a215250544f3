// The Microkit importer: each fixture (an ethernet-driver system on an i.MX8MM-like board, a
// sensor-fusion system on a QEMU-virt-like board) imports to a pinned scenario, fate table and
// verdicts; the Microkit tool's defaults and placement apply; a breach planted in the .system
// is found at its line:column; malformed input is a positioned exit 2; fuzzed XML never crashes.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { importConfig } from '../../src/import/index.js';
import { importMicrokit } from '../../src/import/microkit/translate.js';
import { parseXml, XmlError } from '../../src/import/microkit/xml.js';
import { EMPTY_OVERLAY } from '../../src/import/overlay.js';

const FX = resolve('test/import/fixtures/microkit');
const SETS = [
  { name: 'ethernet', sdf: join(FX, 'ethernet.system'), board: join(FX, 'imx8mm-like.board.yaml') },
  { name: 'sensor-fusion', sdf: join(FX, 'sensor-fusion.system'), board: join(FX, 'qemu-virt-like.board.yaml') },
];

function meaning(s: Scenario): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'at' || k === 'file' || k === 'files' ? undefined : typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
}

const rel = (t: string): string => t.split(FX + '/').join('').split(resolve('.') + '/').join('');

async function verdicts(sdf: string, board: string): Promise<{ code: number; doc: { verdicts: { property: string; status: string; findings: { at: { file: string; line: number; column: number } }[] }[] } }> {
  const io = memoryIo();
  const code = await main(['check', '--from', 'microkit', sdf, '--board', board, '--engines', 'pbt', '--runs', '60', '--format', 'json'], io);
  return { code, doc: JSON.parse(io.stdout()) };
}

describe('hvsafe import microkit', () => {
  for (const s of SETS) {
    it(`${s.name}: the imported scenario, fate table and verdicts; validate of the written file gives the same scenario`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-mk-'));
      const out = join(dir, 'system.yaml');
      const io = memoryIo();
      expect(await main(['import', 'microkit', s.sdf, '--board', s.board, '--out', out], io)).toBe(0);
      expect(rel(readFileSync(out, 'utf8'))).toMatchSnapshot('scenario yaml');
      expect(readFileSync(join(dir, 'system.soc.yaml'), 'utf8')).toBe(readFileSync(s.board, 'utf8'));
      expect(rel(io.stderr()).replace(dir + '/', '')).toMatchSnapshot('fate table');
      const imported = importConfig('microkit', [s.sdf], { out, board: s.board });
      const loaded = loadScenario(out);
      expect(imported.ok && loaded.ok).toBe(true);
      if (!imported.ok || !loaded.ok) return;
      expect(meaning(loaded.value)).toEqual(meaning(imported.value.scenario));
      // PDs point at their <protection_domain> in the .system file.
      expect(imported.value.scenario.vms.every((v) => v.at.file === s.sdf && v.at.line > 1)).toBe(true);
      const { doc } = await verdicts(s.sdf, s.board);
      expect(Object.fromEntries(doc.verdicts.map((v) => [v.property, v.status]))).toMatchSnapshot('verdicts');
    });
  }

  it('applies the Microkit tool\'s defaults: priority 0, budget 1000 µs, period = budget', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-mk-'));
    const sdf = join(dir, 'min.system');
    writeFileSync(sdf, '<system>\n  <protection_domain name="a">\n    <program_image path="a.elf"/>\n  </protection_domain>\n</system>\n');
    const r = importConfig('microkit', [sdf], { out: join(dir, 'o.yaml'), board: SETS[1]!.board });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scenario.schedule).toMatchObject([{ kind: 'fixed-priority', pcpu: 0, entries: [{ vcpu: { vm: 'a', vcpu: 0 }, priority: 0, budgetNs: 1_000_000, periodNs: 1_000_000 }] }]);
  });

  it('places regions without phys_addr as the tool does: bottom-up, page-aligned, outside the kernel and fixed regions', () => {
    const r = importConfig('microkit', [SETS[1]!.sdf], { out: '/nonexistent/o.yaml', board: SETS[1]!.board });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const fusion = r.value.scenario.vms.find((v) => v.name === 'fusion')!;
    // samples is fixed at 0x5000_0000 (RAM starts at 0x4000_0000): fused and scratch go first at the bottom.
    expect(fusion.memory.map((m) => [m.name, m.pa])).toEqual([['scratch', 0x4000_1000n]]);
    expect(r.value.scenario.channels.find((c) => c.name === 'fused')!.pa).toBe(0x4000_0000n);
    expect(r.value.scenario.channels.find((c) => c.name === 'samples')!.pa).toBe(0x5000_0000n);
  });

  it('a breach planted in the .system (the console PD also maps the RTC registers) is reported at that <map>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-mk-'));
    const sdf = join(dir, 'breach.system');
    const text = readFileSync(SETS[1]!.sdf, 'utf8').replace('<map mr="uart" vaddr="0x2000000" perms="rw" cached="false" />', '<map mr="uart" vaddr="0x2000000" perms="rw" cached="false" />\n        <map mr="rtc" vaddr="0x3000000" perms="rw" />');
    writeFileSync(sdf, text);
    const line = text.split('\n').findIndex((l) => l.includes('<map mr="rtc" vaddr="0x3000000" perms="rw" />') && !l.includes('cached')) + 1;
    expect(line).toBeGreaterThan(0);
    const { code, doc } = await verdicts(sdf, SETS[1]!.board);
    expect(code).toBe(1);
    const mmio = doc.verdicts.find((v) => v.property === 'isolation.mmio')!;
    expect(mmio.status).toBe('violated');
    expect(mmio.findings.some((f) => f.at.file.endsWith('breach.system') && f.at.line === line && f.at.column === 9)).toBe(true);
  });
});

describe('bad Microkit input: positioned errors, exit 2, nothing written', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed XML', '<system>\n  <protection_domain name="a">\n</system>\n', /bad\.system:3:1: syntax error: malformed XML: <\/system> closes <protection_domain> \(opened at 2:3\)/],
    ['an unknown attribute', '<system>\n  <protection_domain name="a" prio="3"/>\n</system>\n', /bad\.system:2:31: schema error: <protection_domain> has no attribute 'prio'/],
    ['budget above period', '<system>\n  <protection_domain name="a" budget="20" period="10"/>\n</system>\n', /bad\.system:2:31: semantic error: budget \(20\) must be less than, or equal to, period \(10\)/],
    ['a map of an unknown region', '<system>\n  <protection_domain name="a">\n    <map mr="nope" vaddr="0x1000"/>\n  </protection_domain>\n</system>\n', /bad\.system:3:5: semantic error: <map> names no memory region 'nope'/],
    ['a region the board cannot hold', '<system>\n  <memory_region name="big" size="0x100000000"/>\n</system>\n', /bad\.system:2:3: semantic error: memory region 'big' \(0x100000000\) does not fit in the board's free RAM/],
  ];
  for (const [what, text, re] of cases) {
    it(what, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-mk-'));
      const sdf = join(dir, 'bad.system');
      writeFileSync(sdf, text);
      const io = memoryIo();
      const out = join(dir, 'o.yaml');
      expect(await main(['import', 'microkit', sdf, '--board', SETS[1]!.board, '--out', out], io)).toBe(2);
      expect(io.stderr()).toMatch(re);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('an unknown --from format is a usage error naming the formats', async () => {
    const io = memoryIo();
    expect(await main(['check', '--from', 'nosuch', 'config.c'], io)).toBe(2);
    expect(io.stderr()).toMatch(/--from takes one of jailhouse, microkit\b.*, not 'nosuch'/);
  });

  it('without --board: exit 2 saying why', async () => {
    const io = memoryIo();
    expect(await main(['check', '--from', 'microkit', SETS[0]!.sdf], io)).toBe(2);
    expect(io.stderr()).toMatch(/a Microkit system needs a board description/);
  });

  it('mutated .system files never crash the importer (fast-check, fixed seed)', () => {
    const base = readFileSync(SETS[0]!.sdf, 'utf8');
    const alphabet = ['<', '>', '/', '"', '=', ' ', 'a', '0x', '&', '<!--', '-->', '\n', 'map', 'mr'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 6 }), (edits) => {
        let t = base;
        for (const [pos, del, ins] of edits) {
          const p = pos % (t.length + 1);
          t = t.slice(0, p) + ins + t.slice(p + del);
        }
        const r = importMicrokit('/f/x.system', t, SETS[0]!.board, '/nonexistent/o.yaml', EMPTY_OVERLAY);
        if (!r.ok) expect(r.diagnostics.every((d) => d.at.line >= 1 && d.at.column >= 1)).toBe(true);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('the XML reader reports an unclosed comment where it opens', () => {
    try {
      parseXml('<system>\n  <!-- open\n</system>');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError);
      expect((e as XmlError).at).toEqual({ line: 2, column: 3 });
    }
  });
});
