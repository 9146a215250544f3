// The Jailhouse importer: the .cell writer and decoder agree (round trip); each fixture set
// imports to a pinned scenario, fate table and verdicts; a breach planted in a .cell is found
// and reported at its byte offset; bad files give positioned errors and exit 2, and nothing
// is written; mutated files never crash or hang the importer.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { formatFates, importConfig } from '../../src/import/index.js';
import { assumptionsOf } from '../../src/safety-case/assumptions.js';
import { decodeConfig } from '../../src/import/jailhouse/decode.js';
import { importJailhouse } from '../../src/import/jailhouse/translate.js';
import { EMPTY_OVERLAY } from '../../src/import/overlay.js';
import { writeCellConfig, writeSystemConfig } from '../../src/import/jailhouse/write.js';
import { MEM } from '../../src/import/jailhouse/layout.js';
import { cell, rpi4LinuxDemo, rpi4Set, rpi4System, zcu102InmateDemo, zcu102LinuxDemo, zcu102LinuxDemo2, zcu102Set, zcu102System, type CellSet } from './jailhouse-fixtures.js';

function materialize(set: CellSet): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), `hvsafe-jh-${set.name}-`));
  const files = set.files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.bytes);
    return p;
  });
  return { dir, files };
}

/** Drop positions and paths: what two loads of the same system must agree on. */
function meaning(s: Scenario): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'at' || k === 'file' || k === 'files' ? undefined : typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
}

function stripAt<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'at' ? undefined : typeof x === 'bigint' ? `0x${x.toString(16)}` : x))) as T;
}

const relFates = (text: string, dir: string): string => text.split(dir + '/').join('');

describe('jailhouse .cell writer and decoder', () => {
  it('round-trip every fixture field for field', () => {
    const plain = (v: unknown) => stripAt(v);
    expect(plain((decodeConfig('z.cell', writeSystemConfig(zcu102System())) as { system: unknown }).system)).toEqual(plain(zcu102System()));
    expect(plain((decodeConfig('r.cell', writeSystemConfig(rpi4System())) as { system: unknown }).system)).toEqual(plain(rpi4System()));
    for (const c of [zcu102InmateDemo(), zcu102LinuxDemo(), zcu102LinuxDemo2(), rpi4LinuxDemo()]) {
      expect(plain((decodeConfig('c.cell', writeCellConfig(c)) as { cell: unknown }).cell)).toEqual(plain(c));
    }
  });

  it('lays out the structs at the sizes of cell-config.h (jailhouse_cell_config_size)', () => {
    // 132-byte descriptor + 8-byte CPU set + 3 regions of 32 bytes
    expect(writeCellConfig(zcu102InmateDemo()).length).toBe(132 + 8 + 3 * 32);
    // 356-byte system head + root cell: 132 + 8 + 8*32 + 1*32 (irqchip) + 1*56 (pci) + 3*4 (stream ids)
    expect(writeSystemConfig(zcu102System()).length).toBe(356 + 132 + 8 + 8 * 32 + 32 + 56 + 12);
  });
});

describe('hvsafe import jailhouse', () => {
  for (const set of [zcu102Set(), rpi4Set()]) {
    it(`${set.name}: the imported scenario, its fate table, and validate of the written file`, async () => {
      const { dir, files } = materialize(set);
      const out = join(dir, 'system.yaml');
      const io = memoryIo();
      expect(await main(['import', 'jailhouse', ...files, '--out', out], io)).toBe(0);
      const yaml = readFileSync(out, 'utf8').split(dir + '/').join('');
      expect(yaml).toMatchSnapshot('scenario yaml');
      expect(readFileSync(join(dir, 'system.soc.yaml'), 'utf8').split(dir + '/').join('')).toMatchSnapshot('soc yaml');
      expect(relFates(io.stderr(), dir)).toMatchSnapshot('fate table');
      // The written file loads through the standard loader to the same scenario.
      const imported = importConfig('jailhouse', files, { out });
      const loaded = loadScenario(out);
      expect(imported.ok && loaded.ok).toBe(true);
      if (!imported.ok || !loaded.ok) return;
      expect(meaning(loaded.value)).toEqual(meaning(imported.value.scenario));
      // Every element of the imported scenario points at a source .cell, never at generated YAML.
      const ats: string[] = [];
      JSON.stringify(imported.value.scenario.vms, (k, v: unknown) => {
        if (k === 'at' && (v as { file?: string } | undefined)?.file !== undefined) ats.push((v as { file: string }).file);
        return typeof v === 'bigint' ? v.toString() : v;
      });
      expect(ats.length).toBeGreaterThan(0);
      expect(ats.every((f) => f.endsWith('.cell'))).toBe(true);
      const v = await main(['validate', out], memoryIo());
      expect(v).toBe(0);
    });
  }

  it('zcu102: the fate table accounts for every memory region of every cell', () => {
    const { files } = materialize(zcu102Set());
    const r = importConfig('jailhouse', files, { out: '/nonexistent/system.yaml' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const regions = r.value.fates.filter((f) => /mem_regions\[\d+\]|output section|state table|read-write section/.test(f.element));
    // root 9 + inmate 3 + linux-demo 11 + linux-demo-2 8 = 31 regions; ivshmem regions are
    // reported once per link (state, rw, each output section), not once per peer.
    const counted = new Set(regions.map((f) => `${f.at.file}#${f.at.element}`));
    expect(counted.size).toBeGreaterThanOrEqual(20);
    expect(r.value.fates.map((f) => f.fate).sort()).toMatchSnapshot('fates');
    expect(formatFates(r.value.fates)).toMatch(/\d+ elements: \d+ faithful, \d+ approximate, \d+ refused/);
  });
});

async function verdicts(files: string[], extra: string[] = []): Promise<{ code: number; doc: { verdicts: { property: string; status: string; findings: { at: { file: string; line: number; column: number } }[] }[] } }> {
  const io = memoryIo();
  const code = await main(['check', '--from', 'jailhouse', ...files, '--engines', 'pbt', '--runs', '60', '--format', 'json', ...extra], io);
  return { code, doc: JSON.parse(io.stdout()) };
}

describe('hvsafe check --from jailhouse', () => {
  it('zcu102: finds the root cell keeping the ROOTSHARED link between two non-root cells, at the root cell\'s RAM region', async () => {
    const { files } = materialize(zcu102Set());
    const { code, doc } = await verdicts(files);
    expect(code).toBe(1);
    expect(Object.fromEntries(doc.verdicts.map((v) => [v.property, v.status]))).toMatchSnapshot('verdicts');
    const mem = doc.verdicts.find((v) => v.property === 'isolation.memory')!;
    // root_cell mem_regions[6] (RAM 0x800600000): 356 + 132 + 8 + 6*32 = 688 -> column 689
    expect(mem.findings.some((f) => f.at.file.endsWith('zynqmp-zcu102.cell') && f.at.line === 1 && f.at.column === 689)).toBe(true);
  });

  it('rpi4: a correct set holds', async () => {
    const { files } = materialize(rpi4Set());
    const { code, doc } = await verdicts(files);
    expect(doc.verdicts.filter((v) => v.status === 'violated').map((v) => v.property)).toEqual([]);
    expect(code).toBe(0);
  });

  it('rpi4 with a read-write ivshmem section both peers map with WRITE: one channel, both peers writers, and it holds', async () => {
    // The section JAILHOUSE_SHMEM_NET_REGIONS leaves empty, given a page both peers map rw.
    const base = 0x3faf_0000n - 0x10_0000n;
    const rwSection = { phys: base + 0xff000n, virt: base + 0xff000n, size: 0x1000n, flags: MEM.READ | MEM.WRITE | MEM.ROOTSHARED };
    const sys = rpi4System();
    const root = { ...sys.root, memory: sys.root.memory.map((m, i) => (i === 1 ? rwSection : m)) };
    const demo = rpi4LinuxDemo();
    const set: CellSet = {
      name: 'rpi4-rw',
      files: [
        { name: 'rpi4.cell', bytes: writeSystemConfig({ ...sys, root }) },
        { name: 'rpi4-linux-demo.cell', bytes: writeCellConfig({ ...demo, memory: demo.memory.map((m, i) => (i === 1 ? rwSection : m)) }) },
      ],
    };
    const { files } = materialize(set);
    const r = importConfig('jailhouse', files, { out: '/nonexistent/system.yaml' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rw = r.value.scenario.channels.filter((c) => c.name.endsWith('-rw'));
    expect(rw.map((c) => [c.pa, c.writers, c.endpoints.map((e) => `${e.vm}:${e.perms.w ? 'rw' : 'r'}`)])).toEqual([[base + 0xff000n, ['raspberry-pi4', 'rpi4-linux-demo'], ['raspberry-pi4:rw', 'rpi4-linux-demo:rw']]]);
    expect(r.value.fates.find((f) => f.element.includes('read-write section'))?.fate).toBe('faithful');
    const { doc } = await verdicts(files, ['--property', 'communication.channels']);
    expect(doc.verdicts.map((v) => [v.property, v.status])).toEqual([['communication.channels', 'holds']]);
  });

  it('a breach planted in a cell (RAM overlapping another cell) is reported at that region\'s byte offset', async () => {
    const demo = rpi4LinuxDemo();
    const intruder = cell({ name: 'intruder', cpus: [1], memory: [{ phys: 0x3000_4000n, virt: 0n, size: 0x1000n, flags: 0x7n }] });
    const set: CellSet = { name: 'rpi4-breach', files: [...rpi4Set().files, { name: 'intruder.cell', bytes: writeCellConfig(intruder) }] };
    expect(demo.memory.length).toBeGreaterThan(0);
    const { files } = materialize(set);
    const { code, doc } = await verdicts(files);
    expect(code).toBe(1);
    const mem = doc.verdicts.find((v) => v.property === 'isolation.memory')!;
    expect(mem.status).toBe('violated');
    // intruder mem_regions[0]: 132 + 8 = 140 -> column 141
    expect(mem.findings.some((f) => f.at.file.endsWith('intruder.cell') && f.at.column === 141)).toBe(true);
  });

  it('the evidence bundle names each source .cell and the overlay by sha256', async () => {
    const { dir, files } = materialize(rpi4Set());
    const ov = join(dir, 'overlay.yaml');
    writeFileSync(ov, 'vms:\n  raspberry-pi4: { criticality: QM }\n  rpi4-linux-demo: { criticality: QM }\n');
    const ev = join(dir, 'evidence');
    const io = memoryIo();
    expect(await main(['check', '--from', 'jailhouse', ...files, '--overlay', ov, '--engines', 'pbt', '--runs', '20', '--evidence', ev], io)).toBe(0);
    const all = readdirSync(ev, { recursive: true }).map(String).filter((f) => statSync(join(ev, f)).isFile()).map((f) => readFileSync(join(ev, f), 'utf8')).join('\n');
    for (const f of [...files, ov]) expect(all).toContain(createHash('sha256').update(readFileSync(f)).digest('hex'));
  });

  it('without an overlay the safety case carries criticality as an open item; with one, it does not', () => {
    const { dir, files } = materialize(rpi4Set());
    const bare = importConfig('jailhouse', files, { out: join(dir, 's.yaml') });
    expect(bare.ok).toBe(true);
    if (!bare.ok) return;
    const open = assumptionsOf(bare.value.scenario).find((a) => a.id === 'AoU-criticality');
    expect(open?.title).toMatch(/OPEN ITEM/);
    expect(open?.text).toMatch(/raspberry-pi4, rpi4-linux-demo is unassessed/);
    const ov = join(dir, 'overlay.yaml');
    writeFileSync(ov, 'vms:\n  raspberry-pi4: { criticality: QM }\n  rpi4-linux-demo: { criticality: SIL-2 }\n');
    const given = importConfig('jailhouse', files, { out: join(dir, 's.yaml'), overlay: ov });
    expect(given.ok && assumptionsOf(given.value.scenario).some((a) => a.id === 'AoU-criticality')).toBe(false);
  });

  it('an overlay gives criticality and costs; an overlay naming an unknown VM is a positioned error', async () => {
    const { dir, files } = materialize(rpi4Set());
    const ov = join(dir, 'overlay.yaml');
    writeFileSync(ov, 'vms:\n  raspberry-pi4: { criticality: QM }\n  rpi4-linux-demo: { criticality: ASIL-B, os: zephyr }\nsoc:\n  costs: { trap-entry: 300ns, trap-exit: 250ns, irq-inject: 500ns, context-switch: 2us, max-non-preemptible: 5us }\n');
    const r = importConfig('jailhouse', files, { out: join(dir, 's.yaml'), overlay: ov });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scenario.vms.map((v) => [v.name, v.criticality, v.os])).toEqual([
      ['raspberry-pi4', 'QM', 'linux'],
      ['rpi4-linux-demo', 'ASIL-B', 'zephyr'],
    ]);
    expect(r.value.scenario.soc.costs.trapEntryNs).toBe(300);
    expect(r.value.scenario.vms[1]!.at.file).toBe(files[1]);
    writeFileSync(ov, 'vms:\n  linux-demo: { criticality: QM }\n');
    const bad = importConfig('jailhouse', files, { out: join(dir, 's.yaml'), overlay: ov });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.diagnostics.map((d) => [d.at.line, d.at.column, d.message])).toEqual([[2, 3, "the overlay names VM 'linux-demo', which the import does not produce"]]);
  });
});

describe('bad .cell files: positioned errors, exit 2, nothing written', () => {
  const cases: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ['truncated', (b) => b.slice(0, 400), /:1:\d+: syntax error: at byte \d+ \(0x[0-9a-f]+\): .*(ends|truncated|would end)/],
    ['wrong signature', (b) => Uint8Array.from(b, (x, i) => (i === 0 ? 0x58 : x)), /:1:1: syntax error: at byte 0 \(0x0\): not a Jailhouse configuration/],
    ['wrong revision', (b) => Uint8Array.from(b, (x, i) => (i === 6 ? 13 : x)), /:1:7: syntax error: at byte 6 \(0x6\): config revision 13 is not the revision hvsafe reads \(14\)/],
    ['count past the end', (b) => Uint8Array.from(b, (x, i) => (i === 356 + 52 ? 0xff : x)), /:1:409: syntax error: at byte 408 \(0x198\): root_cell\.num_memory_regions is 255/],
    ['trailing bytes', (b) => Uint8Array.from([...b, 0, 0]), /the configuration ends at byte \d+ but the file has 2 more byte/],
  ];
  for (const [what, mutate, re] of cases) {
    it(what, async () => {
      const set = zcu102Set();
      const { dir, files } = materialize({ ...set, files: [{ ...set.files[0]!, bytes: mutate(set.files[0]!.bytes) }, ...set.files.slice(1)] });
      const io = memoryIo();
      const out = join(dir, 'system.yaml');
      expect(await main(['import', 'jailhouse', ...files, '--out', out], io)).toBe(2);
      expect(io.stderr()).toMatch(re);
      expect(io.stderr()).toMatch(/nothing was written/);
      expect(existsSync(out) || existsSync(join(dir, 'system.soc.yaml'))).toBe(false);
      const c = memoryIo();
      expect(await main(['check', '--from', 'jailhouse', ...files], c)).toBe(2);
      expect(c.stdout()).toBe('');
    });
  }

  it('two cells claiming one CPU cannot run together: reported at the second cell\'s CPU set', async () => {
    const other = cell({ name: 'other', cpus: [2], memory: [] });
    const set = rpi4Set();
    const { files } = materialize({ ...set, files: [...set.files, { name: 'other.cell', bytes: writeCellConfig(other) }] });
    const io = memoryIo();
    expect(await main(['import', 'jailhouse', ...files, '--out', join(tmpdir(), 'never.yaml')], io)).toBe(2);
    expect(io.stderr()).toMatch(/other\.cell:1:133: semantic error: cells 'RPi4-linux-demo' and 'other' both claim CPU 2: they cannot run together/);
  });

  it('mutated files never crash or hang the importer (fast-check, fixed seed)', () => {
    const base = zcu102Set().files.map((f) => f.bytes);
    fc.assert(
      fc.property(
        fc.nat({ max: base.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        (which, flips, cut) => {
          const files = base.map((b, i) => {
            if (i !== which) return { file: `f${i}.cell`, bytes: b };
            const m = Uint8Array.from(b);
            for (const [pos, val] of flips) m[pos % m.length] = val;
            return { file: `f${i}.cell`, bytes: cut === undefined ? m : m.slice(0, cut % (m.length + 1)) };
          });
          const r = importJailhouse(files, '/nonexistent/out.yaml', EMPTY_OVERLAY);
          if (!r.ok) expect(r.diagnostics.length).toBeGreaterThan(0);
        },
      ),
      { seed: 1317, numRuns: 400 },
    );
  });
});
