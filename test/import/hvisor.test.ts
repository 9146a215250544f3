// The hvisor importer: each fixture set (QEMU virt GICv3 with the root zone as board.rs gives
// it, an i.MX8MP with an isolating root zone) imports to a pinned scenario, fate table and
// verdicts; hvisor's rules apply (a CPU held by two zones is EBUSY, overlapping regions in a
// zone, IVC shape); breaches planted in a zone JSON are found at their line:column; bad input
// is a positioned exit 2 with every error at once and nothing written; mutated JSON never
// crashes the reader or the importer.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { parseJson, JsonError, type JsonValue } from '../../src/import/hvisor/json.js';
import { importHvisor } from '../../src/import/hvisor/translate.js';
import { importConfig } from '../../src/import/index.js';
import { EMPTY_OVERLAY } from '../../src/import/overlay.js';

const FX = resolve('test/import/fixtures/hvisor');
const QEMU = { name: 'qemu-gicv3', zones: [join(FX, 'qemu-zone0.json'), join(FX, 'qemu-zone1-linux.json')], board: join(FX, 'qemu-gicv3.board.yaml') };
const IMX = { name: 'imx8mp', zones: [join(FX, 'imx8mp-zone0.json'), join(FX, 'imx8mp-zone1-linux.json')], board: join(FX, 'imx8mp.board.yaml') };

function meaning(s: Scenario): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'at' || k === 'file' || k === 'files' ? undefined : typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
}

const rel = (t: string): string => t.split(FX + '/').join('').split(resolve('.') + '/').join('');

type Ref = { file: string; line: number; column: number };
type Doc = { verdicts: { property: string; status: string; findings: { at: Ref; related?: Ref[] }[] }[] };

async function verdicts(zones: readonly string[], board: string): Promise<{ code: number; doc: Doc }> {
  const io = memoryIo();
  const code = await main(['check', '--from', 'hvisor', ...zones, '--board', board, '--engines', 'pbt', '--runs', '60', '--seed', '7', '--format', 'json'], io);
  return { code, doc: JSON.parse(io.stdout()) as Doc };
}

/** A copy of a fixture with one textual edit; returns its path and the 1-based line of `marker`. */
function planted(dir: string, from: string, name: string, find: string, replace: string, marker: string): { file: string; line: number } {
  const text = readFileSync(from, 'utf8');
  expect(text.includes(find)).toBe(true);
  const out = text.replace(find, replace);
  const file = join(dir, name);
  writeFileSync(file, out);
  return { file, line: out.split('\n').findIndex((l) => l.includes(marker)) + 1 };
}

describe('hvsafe import hvisor', () => {
  for (const s of [QEMU, IMX]) {
    it(`${s.name}: the imported scenario, fate table and verdicts; validate of the written file gives the same scenario`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
      const out = join(dir, 'system.yaml');
      const io = memoryIo();
      expect(await main(['import', 'hvisor', ...s.zones, '--board', s.board, '--out', out], io)).toBe(0);
      expect(rel(readFileSync(out, 'utf8'))).toMatchSnapshot('scenario yaml');
      expect(readFileSync(join(dir, 'system.soc.yaml'), 'utf8')).toBe(readFileSync(s.board, 'utf8'));
      expect(rel(io.stderr()).replace(dir + '/', '')).toMatchSnapshot('fate table');
      const imported = importConfig('hvisor', s.zones, { out, board: s.board });
      const loaded = loadScenario(out);
      expect(imported.ok && loaded.ok).toBe(true);
      if (!imported.ok || !loaded.ok) return;
      expect(meaning(loaded.value)).toEqual(meaning(imported.value.scenario));
      // Each VM points at its zone file, each mapping at its memory region.
      const vms = imported.value.scenario.vms;
      expect(vms.map((v) => [v.name, v.at.file])).toEqual([['root-linux', s.zones[0]], ['linux2', s.zones[1]]]);
      expect(vms.every((v) => v.memory.every((m) => m.at.file === v.at.file && m.at.line > 5))).toBe(true);
      const { doc } = await verdicts(s.zones, s.board);
      expect(Object.fromEntries(doc.verdicts.map((v) => [v.property, v.status]))).toMatchSnapshot('verdicts');
    });
  }

  it('QEMU: the root zone as board.rs configures it keeps zone 1\'s RAM, and the check says so at both JSON regions', async () => {
    const { code, doc } = await verdicts(QEMU.zones, QEMU.board);
    expect(code).toBe(1);
    const mem = doc.verdicts.find((v) => v.property === 'isolation.memory')!;
    expect(mem.status).toBe('violated');
    const show = (r: Ref): string => `${r.file.split('/').pop()}:${r.line}:${r.column}`;
    const overlap = mem.findings.find((f) => show(f.at) === 'qemu-zone1-linux.json:6:9');
    expect(overlap?.related?.map(show)).toContain('qemu-zone0.json:7:9');
  });

  it('i.MX8MP: a device planted in a second zone (zone 1 also maps uart2) is reported at that memory region', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const p = planted(dir, IMX.zones[1]!, 'breach-zone1.json', '        {\n            "type": "virtio",', '        { "type": "io", "physical_start": "0x30890000", "virtual_start": "0x40890000", "size": "0x10000" },\n        {\n            "type": "virtio",', '0x40890000');
    expect(p.line).toBeGreaterThan(0);
    const { code, doc } = await verdicts([IMX.zones[0]!, p.file], IMX.board);
    expect(code).toBe(1);
    const mmio = doc.verdicts.find((v) => v.property === 'isolation.mmio')!;
    expect(mmio.status).toBe('violated');
    expect(mmio.findings.some((f) => f.at.file.endsWith('breach-zone1.json') && f.at.line === p.line && f.at.column === 9)).toBe(true);
    expect(doc.verdicts.find((v) => v.property === 'isolation.memory')!.status).toBe('holds');
  });

  it('i.MX8MP: RAM planted across the zones (zone 1 reaching into the root zone\'s RAM) is reported at that memory region', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const p = planted(dir, IMX.zones[1]!, 'breach-zone1.json', '"size": "0x30000000"', '"size": "0x30100000"', '0x30100000');
    const { code, doc } = await verdicts([IMX.zones[0]!, p.file], IMX.board);
    expect(code).toBe(1);
    const mem = doc.verdicts.find((v) => v.property === 'isolation.memory')!;
    expect(mem.status).toBe('violated');
    // The finding names the region (its object opens two lines above its size).
    expect(mem.findings.some((f) => f.at.file.endsWith('breach-zone1.json') && f.at.line === p.line - 4 && f.at.column === 9)).toBe(true);
    expect(doc.verdicts.find((v) => v.property === 'isolation.mmio')!.status).toBe('holds');
  });

  it('i.MX8MP: an SPI planted in a second zone (zone 1 also takes uart2\'s SPI 59) is reported at that interrupt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const p = planted(dir, IMX.zones[1]!, 'breach-zone1.json', '"interrupts": [61, 69, 76, 87]', '"interrupts": [61, 69, 76, 87,\n        59]', '        59]');
    const { code, doc } = await verdicts([IMX.zones[0]!, p.file], IMX.board);
    expect(code).toBe(1);
    const irq = doc.verdicts.find((v) => v.property === 'isolation.irq')!;
    expect(irq.status).toBe('violated');
    expect(irq.findings.some((f) => f.at.file.endsWith('breach-zone1.json') && f.at.line === p.line && f.at.column === 9)).toBe(true);
  });

  it('an io region over part of a device, or a device with two ranges in two io regions, passes the device through with an IPA per range', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const board = join(dir, 'board.yaml');
    writeFileSync(board, readFileSync(IMX.board, 'utf8').replace('  - { name: gpt1,', '  - { name: vpu, kind: codec, mmio: [{ base: 0x3830_0000, size: 64KiB }, { base: 0x3831_0000, size: 64KiB }], irqs: [39] }\n  - { name: gpt1,'));
    const zone1 = join(dir, 'zone1.json');
    writeFileSync(zone1, readFileSync(IMX.zones[1]!, 'utf8').replace('        {\n            "type": "virtio",', '        { "type": "io", "physical_start": "0x38300000", "virtual_start": "0x48300000", "size": "0x10000" },\n        { "type": "io", "physical_start": "0x38310000", "virtual_start": "0x98310000", "size": "0x1000" },\n        {\n            "type": "virtio",'));
    const r = importConfig('hvisor', [IMX.zones[0]!, zone1], { out: join(dir, 'o.yaml'), board });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const vpu = r.value.scenario.vms.find((v) => v.name === 'linux2')!.devices.find((d) => d.device === 'vpu')!;
    expect(vpu.mmioIpa).toEqual([0x4830_0000n, 0x9831_0000n]);
    const rows = r.value.fates.filter((f) => f.as.includes('passthrough of vpu'));
    expect(rows.map((f) => f.fate)).toEqual(['approximate', 'approximate']);
    expect(rows[0]!.note).toMatch(/only part of vpu's registers are in the zone's io regions/);
  });

  it('IVC, virtio, PCI and the ITS are refused with their reasons; an absent root zone is a refused row', () => {
    const r = importConfig('hvisor', [IMX.zones[1]!], { out: '/nonexistent/o.yaml', board: IMX.board });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const refused = r.value.fates.filter((f) => f.fate === 'refused');
    expect(refused.map((f) => f.element)).toEqual(['linux2: memory_regions[4] virtio 0xa003c00-0xa003dff', 'linux2: ivc_configs ivc_id 0 peer 1 of 2', 'root zone (zone 0, board.rs)']);
    expect(refused[1]!.note).toMatch(/from its own heap .* physical address is in no configuration/);
    expect(refused[2]!.note).toMatch(/configured in Rust .*board\.rs.* not in the scenario/);
    expect(r.value.scenario.vms.map((v) => v.name)).toEqual(['linux2']);
    expect(r.value.scenario.channels).toEqual([]);
  });

  it('the overlay gives criticality and health; a VM it names that no zone produces is an error at the overlay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const ov = join(dir, 'overlay.yaml');
    writeFileSync(ov, 'vms:\n  linux2: { criticality: ASIL-B, health: { on-fault: restart } }\n');
    const r = importConfig('hvisor', IMX.zones, { out: join(dir, 'o.yaml'), board: IMX.board, overlay: ov });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const vm = r.value.scenario.vms.find((v) => v.name === 'linux2')!;
    expect([vm.criticality, vm.health.onFault]).toEqual(['ASIL-B', 'restart']);
    expect(r.value.scenario.vms.find((v) => v.name === 'root-linux')!.criticality).toBe('unassessed');
    writeFileSync(ov, 'vms:\n  linux3: { criticality: QM }\n');
    const bad = importConfig('hvisor', IMX.zones, { out: join(dir, 'o.yaml'), board: IMX.board, overlay: ov });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.diagnostics.map((d) => [d.at.line, d.message])).toEqual([[2, "the overlay names VM 'linux3', which the import does not produce"]]);
    writeFileSync(ov, 'soc:\n  costs: { trap-entry: 1us, trap-exit: 1us, irq-inject: 1us, context-switch: 1us, max-non-preemptible: 1us }\n');
    const twice = importConfig('hvisor', IMX.zones, { out: join(dir, 'o.yaml'), board: IMX.board, overlay: ov });
    expect(!twice.ok && twice.diagnostics.map((d) => [d.at.line, d.message])).toEqual([[2, "the overlay gives the SoC's costs, but with --board the platform is the board file"]]);
  });
});

describe('bad hvisor input: positioned errors, all at once, exit 2, nothing written', () => {
  const zone = (over: Record<string, string> = {}): string => {
    const base: Record<string, string> = {
      name: '"z1"',
      zone_id: '1',
      cpus: '[2]',
      memory_regions: '[\n    { "type": "ram", "physical_start": "0x50000000", "virtual_start": "0x50000000", "size": "0x10000000" }\n  ]',
      interrupts: '[61]',
      ivc_configs: '[]',
      kernel_filepath: '"./Image"',
      dtb_filepath: '"./z1.dtb"',
      kernel_load_paddr: '"0x50400000"',
      dtb_load_paddr: '"0x50000000"',
      entry_point: '"0x50400000"',
      arch_config: '{ "gic_version": "v3", "gicd_base": "0x38800000", "gicd_size": "0x10000", "gicr_base": "0x38880000", "gicr_size": "0xc0000" }',
      ...over,
    };
    return `{\n${Object.entries(base)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `  "${k}": ${v}`)
      .join(',\n')}\n}\n`;
  };
  /** Where `needle` first occurs in `text`, as line:column. */
  const locate = (text: string, needle: string): string => {
    const i = text.indexOf(needle);
    expect(i).toBeGreaterThanOrEqual(0);
    const before = text.slice(0, i).split('\n');
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };
  const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Each expected error: the text it must point at (its first occurrence) and its message.
  const cases: [string, string, [string, string][]][] = [
    ['malformed JSON', '{\n  "name": "z1",\n  "cpus": [2,]\n}\n', [[']', "syntax error: malformed JSON: a comma before ']': JSON allows no trailing comma"]]],
    ['an unclosed string', '{\n  "name": "z1\n}\n', [['\n}', 'syntax error: malformed JSON: the string is not closed before the end of the line']]],
    ['a duplicate key', '{\n  "name": "a",\n  "name": "b"\n}\n', [['"name": "b"', 'syntax error: malformed JSON: the key "name" is given twice in this object (first at 2:3)']]],
    ['wrong types, an unknown key and a missing key, all at once', zone({ cpus: '"2"', interupts: '[61]', interrupts: '' }), [
      ['{', 'schema error: a zone configuration lacks "interrupts"'],
      ['"2"', 'schema error: "cpus" must be an array, not the string "2"'],
      ['"interupts"', 'schema error: a zone configuration has no key "interupts"'],
    ]],
    ['a memory region type hvisor does not know, and a size that is not a number', zone({ memory_regions: '[\n    { "type": "rom", "physical_start": "0x50000000", "virtual_start": "0x50000000", "size": "big" }\n  ]' }), [
      ['"rom"', 'schema error: memory_regions[0].type "rom" is not a memory region type'],
      ['"big"', "schema error: memory_regions[0].size 'big' is not a non-negative integer"],
    ]],
    ['overlapping regions in one zone', zone({ memory_regions: '[\n    { "type": "ram", "physical_start": "0x50000000", "virtual_start": "0x50000000", "size": "0x10000000" },\n    { "type": "ram", "physical_start": "0x70000000", "virtual_start": "0x5f000000", "size": "0x1000000" }\n  ]' }), [
      ['{ "type": "ram", "physical_start": "0x70000000"', 'semantic error: memory_regions[1] (IPA 0x5f000000-0x5fffffff) overlaps memory_regions[0] (IPA 0x50000000-0x5fffffff) at 6:5'],
    ]],
    ['base + size beyond 64 bits', zone({ memory_regions: '[\n    { "type": "io", "physical_start": "0xfffffffffffff000", "virtual_start": "0x1000", "size": "0x2000" }\n  ]' }), [
      ['"0xfffffffffffff000"', 'semantic error: memory_regions[0] ends beyond the 64-bit address space (0xfffffffffffff000 + 0x2000)'],
    ]],
    ['a CPU and a zone_id written as strings (hvisor-tool would read them as 0)', zone({ zone_id: '"1"', cpus: '[2, "3"]' }), [
      ['"1"', 'schema error: "zone_id" must be a JSON number, not the string "1"'],
      ['"3"', 'schema error: a CPU number must be a JSON number, not the string "3"'],
    ]],
    ['an address beyond 64 bits', zone({ entry_point: '"0x10000000000000000"' }), [['"0x10000000000000000"', 'schema error: "entry_point" 0x10000000000000000 does not fit in 64 bits']]],
    ['a RISC-V zone', zone({ arch: '"riscv"' }), [['"riscv"', 'semantic error: hvsafe models an Arm hypervisor (GIC, stage-2, SMMU): a RISC-V (PLIC/AIA interrupts, G-stage translation) zone is not supported; only arm64 zone configurations are imported']]],
    ['a RISC-V zone without "arch"', zone({ arch_config: '{ "plic_base": "0xc000000", "plic_size": "0x4000000" }' }), [['"plic_base"', 'semantic error: hvsafe models an Arm hypervisor (GIC, stage-2, SMMU): a RISC-V (PLIC/AIA interrupts, G-stage translation) zone is not supported; only arm64 zone configurations are imported ("plic_base" is a riscv arch_config key)']]],
    ["the virtio daemon's configuration instead of a zone", '{\n  "zones": [ { "id": 1, "devices": [] } ]\n}\n', [['{', 'semantic error: this is a virtio configuration (`hvisor virtio start`), not a zone configuration']]],
    ["an IO region in no board device, a kernel outside the zone's RAM, an SPI beyond the GIC", zone({ memory_regions: '[\n    { "type": "ram", "physical_start": "0x50000000", "virtual_start": "0x50000000", "size": "0x10000000" },\n    { "type": "io", "physical_start": "0x30a5f000", "virtual_start": "0x30a5f000", "size": "0x2000" }\n  ]', kernel_load_paddr: '"0x90000000"', interrupts: '[61, 200]' }), [
      ['{ "type": "io"', 'semantic error: memory_regions[1] (io 0x30a5f000-0x30a60fff): 0x30a5f000-0x30a5ffff is in no device of the board'],
      ['200]', "semantic error: interrupt 200 is not an SPI of the board's GIC (32-191)"],
      ['"0x90000000"', "semantic error: kernel_load_paddr 0x90000000 lies in no RAM region of 'z1'"],
    ]],
    ['a GIC version the board does not have', zone({ arch_config: '{ "gic_version": "v2", "gicd_base": "0x38800000", "gicd_size": "0x10000", "gicc_base": "0x0", "gicc_size": "0x0", "gicc_offset": "0x0", "gich_base": "0x0", "gich_size": "0x0", "gicv_base": "0x0", "gicv_size": "0x0" }' }), [['"v2"', "semantic error: gic_version v2, but the board's GIC is version 3"]]],
  ];
  for (const [what, text, expected] of cases) {
    it(what, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
      const f = join(dir, 'bad.json');
      writeFileSync(f, text);
      const io = memoryIo();
      const out = join(dir, 'o.yaml');
      expect(await main(['import', 'hvisor', f, '--board', IMX.board, '--out', out], io)).toBe(2);
      for (const [needle, msg] of expected) expect(io.stderr()).toMatch(new RegExp(`bad\\.json:${locate(text, needle)}: ${esc(msg)}`));
      expect(io.stderr()).toMatch(new RegExp(`^${expected.length} errors?; nothing was written$`, 'm'));
      expect(io.stderr()).not.toMatch(/\n\s+at .*\.ts:\d+/);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(dir, 'o.soc.yaml'))).toBe(false);
    });
  }

  it('two zones claiming one CPU: hvisor refuses the second (EBUSY), so the set is an error at the CPU, with errors of the other file too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, zone({ name: '"za"', zone_id: '1', cpus: '[2, 3]' }));
    writeFileSync(b, zone({ name: '"zb"', zone_id: '2', cpus: '[1, 3]', memory_regions: '[\n    { "type": "ram", "physical_start": "0x90000000", "virtual_start": "0x50000000", "size": "0x10000000" }\n  ]' }));
    const io = memoryIo();
    expect(await main(['check', '--from', 'hvisor', a, b, '--board', IMX.board], io)).toBe(2);
    expect(io.stderr()).toMatch(/b\.json:4:15: semantic error: CPU 3 already belongs to zone 1 \('za', a\.json:4:11\): hvisor refuses to start this zone \(EBUSY\)/);
    expect(io.stderr()).toMatch(/b\.json:12:24: semantic error: kernel_load_paddr 0x50400000 lies in no RAM region of 'zb'/);
  });

  it('IVC peers that disagree on the shape are refused as hvisor refuses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-hv-'));
    const b = join(dir, 'zone1.json');
    writeFileSync(b, readFileSync(IMX.zones[1]!, 'utf8').replace('"out_sec_size": "0x1000"', '"out_sec_size": "0x2000"'));
    const io = memoryIo();
    expect(await main(['import', 'hvisor', IMX.zones[0]!, b, '--board', IMX.board, '--out', join(dir, 'o.yaml')], io)).toBe(2);
    expect(io.stderr()).toMatch(/zone1\.json:40:9: semantic error: IVC 0 has max_peers 2, rw_sec_size 0x0, out_sec_size 0x2000, but 'root-linux' \(imx8mp-zone0\.json:34:9\) gives 2, 0x0, 0x1000/);
  });

  it('without --board: exit 2 saying why', async () => {
    const io = memoryIo();
    expect(await main(['check', '--from', 'hvisor', ...IMX.zones], io)).toBe(2);
    expect(io.stderr()).toMatch(/hvisor zone configurations need a board description/);
  });
});

describe('the JSON reader', () => {
  it('keeps the line:column of every value and key, and numbers as written', () => {
    const v = parseJson('{\n  "a": [1, "0x10",\n    18446744073709551615],\n  "b": { "c": null, "d": true }\n}');
    expect(v.kind).toBe('object');
    if (v.kind !== 'object') return;
    expect(v.entries.map((e) => [e.key, e.keyAt])).toEqual([['a', { line: 2, column: 3 }], ['b', { line: 4, column: 3 }]]);
    const a = v.entries[0]!.value;
    expect(a.kind === 'array' && a.items.map((i) => [i.kind, i.at])).toEqual([['number', { line: 2, column: 9 }], ['string', { line: 2, column: 12 }], ['number', { line: 3, column: 5 }]]);
    expect(a.kind === 'array' && a.items[2]!.kind === 'number' && a.items[2]!.text).toBe('18446744073709551615');
  });

  it('decodes escapes and refuses what JSON refuses, at the position', () => {
    const s = parseJson('"a\\n\\u0041\\/"');
    expect(s.kind === 'string' && s.value).toBe('a\nA/');
    const at = (t: string): [number, number, string] => {
      try {
        parseJson(t);
        return [0, 0, 'parsed'];
      } catch (e) {
        expect(e).toBeInstanceOf(JsonError);
        return [(e as JsonError).at.line, (e as JsonError).at.column, (e as JsonError).message];
      }
    };
    expect(at("{\n  'a': 1 }")).toEqual([2, 3, "expected a key in double quotes, found '''"]);
    expect(at('[1 2]')).toEqual([1, 4, "expected ',' or ']' in the array opened at 1:1, found '2'"]);
    expect(at('{"a": 01}')).toEqual([1, 8, "expected ',' or '}' in the object opened at 1:1, found '1'"]);
    expect(at('[1] x')).toEqual([1, 5, "content after the end of the JSON value, found 'x'"]);
    expect(at('"\\x"')).toEqual([1, 2, "'\\x' is not a JSON escape"]);
    expect(at('[' .repeat(100_000))[2]).toBe('values nested more than 64 deep');
    expect(at('')).toEqual([1, 1, 'expected a value, found the end of the file']);
  });

  it('mutated zone files never crash the reader or the importer, and every error is positioned (fast-check, fixed seed)', () => {
    const bases = [readFileSync(IMX.zones[1]!, 'utf8'), readFileSync(QEMU.zones[0]!, 'utf8')];
    const alphabet = ['{', '}', '[', ']', '"', ',', ':', ' ', '\n', '0x', '-1', '1e99', 'null', 'true', '"io"', '"ram"', '"virtio"', '\\', '\\u12', '99999999999999999999999', '"type"'];
    const walk = (v: JsonValue): number => (v.kind === 'object' ? v.entries.reduce((n, e) => n + walk(e.value), 1) : v.kind === 'array' ? v.items.reduce((n, i) => n + walk(i), 1) : 1);
    fc.assert(
      fc.property(fc.constantFrom(0, 1), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 8 }), (which, edits) => {
        let t = bases[which]!;
        for (const [p0, del, ins] of edits) {
          const p = p0 % (t.length + 1);
          t = t.slice(0, p) + ins + t.slice(p + del);
        }
        try {
          expect(walk(parseJson(t))).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonError);
          const at = (e as JsonError).at;
          expect(at.line >= 1 && at.column >= 1 && at.line <= t.split('\n').length).toBe(true);
        }
        const r = importHvisor([{ file: '/f/zone.json', text: t }], which === 0 ? IMX.board : QEMU.board, '/nonexistent/o.yaml', EMPTY_OVERLAY);
        if (!r.ok) {
          expect(r.diagnostics.length).toBeGreaterThan(0);
          expect(r.diagnostics.every((d) => d.at.line >= 1 && d.at.column >= 1 && d.message.length > 0)).toBe(true);
        }
      }),
      { seed: 1313, numRuns: 400 },
    );
  });
});
