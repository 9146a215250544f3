// The Bao importer: each fixture (linux+freertos on a ZCU102 and on a Raspberry Pi 4, in the
// shape of bao-demos) imports to a pinned scenario, fate table and verdicts; Bao's CPU
// assignment and allocator apply; a breach planted in config.c is found at its line:column;
// count mismatches, unknown fields, cpp failures and syntax errors are positioned exit 2s with
// nothing written; the C reader never crashes or hangs on mutated input.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { CError, parseDecls, tokenize } from '../../src/import/bao/creader.js';
import { importConfig } from '../../src/import/index.js';
import { CPP, describeWithTool } from '../support/system-tools.js';

const FX = resolve('test/import/fixtures/bao');
const SETS = [
  { name: 'zcu102', config: join(FX, 'zcu102/config.c'), platform: join(FX, 'zcu102/zcu102_desc.c') },
  { name: 'rpi4', config: join(FX, 'rpi4/config.c'), platform: join(FX, 'rpi4/rpi4_desc.c') },
];

function meaning(s: Scenario): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'at' || k === 'file' || k === 'files' ? undefined : typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
}

const rel = (t: string): string => t.split(FX + '/').join('').split(resolve('.') + '/').join('');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** A copy of a fixture's config.c with one text replaced, in a fresh directory. */
function variant(set: (typeof SETS)[number], from: string, to: string): { dir: string; config: string } {
  const text = readFileSync(set.config, 'utf8');
  expect(text).toContain(from);
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-bao-'));
  const config = join(dir, 'config.c');
  writeFileSync(config, text.replace(from, to));
  return { dir, config };
}

const lineOf = (file: string, needle: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describeWithTool(CPP, 'hvsafe import bao', () => {
  for (const s of SETS) {
    it(`${s.name}: the imported scenario, fate table and verdicts; validate of the written file gives the same scenario`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-bao-'));
      const out = join(dir, 'system.yaml');
      const r = await run(['import', 'bao', s.config, '--platform', s.platform, '--out', out]);
      expect(r.code).toBe(0);
      expect(rel(readFileSync(out, 'utf8'))).toMatchSnapshot('scenario yaml');
      expect(readFileSync(join(dir, 'system.soc.yaml'), 'utf8')).toMatchSnapshot('soc yaml');
      expect(rel(r.err).replace(dir + '/', '')).toMatchSnapshot('fate table');
      const imported = importConfig('bao', [s.config], { out, platform: s.platform });
      const loaded = loadScenario(out);
      expect(imported.ok && loaded.ok).toBe(true);
      if (!imported.ok || !loaded.ok) return;
      expect(meaning(loaded.value)).toEqual(meaning(imported.value.scenario));
      // VMs point at their vmlist element in config.c.
      expect(imported.value.scenario.vms.every((v) => v.at.file === s.config && v.at.line > 1)).toBe(true);
      const c = await run(['check', '--from', 'bao', s.config, '--platform', s.platform, '--engines', 'pbt', '--runs', '40', '--format', 'json']);
      const doc = JSON.parse(c.out) as { verdicts: { property: string; status: string }[] };
      expect(Object.fromEntries(doc.verdicts.map((v) => [v.property, v.status]))).toMatchSnapshot('verdicts');
    });
  }

  it("finds Bao's console passed to FreeRTOS (as in the bao-demos shape) at the dev in config.c", async () => {
    const s = SETS[0]!;
    const c = await run(['check', '--from', 'bao', s.config, '--platform', s.platform, '--engines', 'pbt', '--runs', '40', '--property', 'isolation.hypervisor', '--format', 'json']);
    expect(c.code).toBe(1);
    const doc = JSON.parse(c.out) as { verdicts: { status: string; findings: { at: { file: string; line: number; column: number } }[] }[] };
    expect(doc.verdicts[0]!.status).toBe('violated');
    const at = doc.verdicts[0]!.findings[0]!.at;
    expect([resolve(at.file), at.line]).toEqual([s.config, lineOf(s.config, '/* UART0 */') - 1]);
  });

  it('never crashes on mutated configurations through the whole import (cpp, reader, translation; fixed seed)', () => {
    const s = SETS[0]!;
    const base = readFileSync(s.config, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-bao-'));
    const config = join(dir, 'config.c');
    const edits = ['0', '1', '0x800000000', '}', '{', ',', '.size = 0,', '.dev_num = 7,', '.shmem_id = 3,', '.cpu_num = 9,', '.place_phys = true, .phys = 0xff000000,', '~0', ''];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.nat(6), fc.constantFrom(...edits)), { maxLength: 4 }), (muts) => {
        let t = base;
        for (const [at, del, ins] of muts) t = t.slice(0, at) + ins + t.slice(Math.min(t.length, at + del));
        writeFileSync(config, t);
        const r = importConfig('bao', [config], { out: join(dir, 'o.yaml'), platform: s.platform });
        if (!r.ok) for (const d of r.diagnostics) expect(d.at.line).toBeGreaterThan(0);
      }),
      { seed: 13, numRuns: 80 },
    );
  });

  it("--define passes a macro to cpp as Bao's build does: RPI4_MEM_GB sizes the second bank", async () => {
    const s = SETS[1]!;
    const r = importConfig('bao', [s.config], { out: '/nonexistent/o.yaml', platform: s.platform, defines: ['RPI4_MEM_GB=8'] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.scenario.soc.ram.map((b) => b.size)).toEqual([0x3b38_0000n, 0x1_bc00_0000n]);
    // With 2 GiB, Linux's fixed 1 GiB at 0x4000_0000 runs past the second bank: the loader says so at its region.
    const two = importConfig('bao', [s.config], { out: '/nonexistent/o.yaml', platform: s.platform, defines: ['RPI4_MEM_GB=2'] });
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.diagnostics.map((d) => [d.at.file, d.at.line])).toEqual([[s.config, lineOf(s.config, '.place_phys = true') - 3]]);
    // With 1 GiB the second bank's size would wrap below zero in C: refused at its expression.
    const one = await run(['import', 'bao', s.config, '--platform', s.platform, '--define', 'RPI4_MEM_GB=1', '--out', join(mkdtempSync(join(tmpdir(), 'hvsafe-bao-')), 'o.yaml')]);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(new RegExp(`rpi4_desc\\.c:${lineOf(s.platform, '(RPI4_MEM_GB - 1)')}:\\d+: syntax error: the value is negative`));
  });

  it('colors become cache colors when the overlay gives the LLC, and are refused with the reason when it does not; the overlay gives criticality', () => {
    const v = variant(SETS[0]!, '.cpu_affinity = 0b0111,', '.cpu_affinity = 0b0111,\n            .colors = 0b11110000,');
    const bare = importConfig('bao', [v.config], { out: join(v.dir, 'o.yaml'), platform: SETS[0]!.platform });
    expect(bare.ok).toBe(true);
    if (!bare.ok) return;
    expect(bare.value.scenario.vms[0]!.cacheColors).toEqual([]);
    expect(bare.value.fates.find((f) => f.element === 'linux: colors 0xf0')).toMatchObject({ fate: 'refused', note: expect.stringContaining('soc: {llc') });
    const overlay = join(v.dir, 'overlay.yaml');
    writeFileSync(overlay, 'vms:\n  linux: { criticality: QM }\n  freertos: { criticality: ASIL-B }\nsoc:\n  llc: { size: 1MiB, ways: 16, colors: 16 }\n');
    const r = importConfig('bao', [v.config], { out: join(v.dir, 'o.yaml'), platform: SETS[0]!.platform, overlay });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scenario.vms.map((x) => [x.name, x.criticality, x.cacheColors])).toEqual([['linux', 'QM', [4, 5, 6, 7]], ['freertos', 'ASIL-B', []]]);
    expect(r.value.fates.find((f) => f.element === 'linux: colors 0xf0')!.fate).toBe('approximate');
  });

  it("emulates Bao's CPU assignment: exact affinities are faithful; affinities left to Bao depend on the boot order and say so", () => {
    const z = importConfig('bao', [SETS[0]!.config], { out: '/nonexistent/o.yaml', platform: SETS[0]!.platform });
    const r = importConfig('bao', [SETS[1]!.config], { out: '/nonexistent/o.yaml', platform: SETS[1]!.platform });
    expect(z.ok && r.ok).toBe(true);
    if (!z.ok || !r.ok) return;
    expect(z.value.scenario.vms.map((v) => [v.name, v.vcpus.map((c) => c.pcpu)])).toEqual([['linux', [0, 1, 2]], ['freertos', [3]]]);
    expect(z.value.fates.filter((f) => f.element.includes('vmlist')).map((f) => f.fate)).toEqual(['faithful', 'faithful']);
    expect(r.value.scenario.vms.map((v) => v.vcpus.map((c) => c.pcpu))).toEqual([[0, 1, 2], [3]]);
    const rf = r.value.fates.filter((f) => f.element.includes('vmlist'));
    expect(rf.map((f) => f.fate)).toEqual(['approximate', 'approximate']);
    expect(rf[0]!.note).toContain('descending gives 1, 2, 3');
    // An affinity that names a full VM's CPU: the CPU goes on to the next VM that wants it, as vmm_assign_vcpu does.
    const v = variant(SETS[0]!, '.cpu_affinity = 0b1000,', '.cpu_affinity = 0b1001,');
    const o = importConfig('bao', [v.config], { out: join(v.dir, 'o.yaml'), platform: SETS[0]!.platform });
    expect(o.ok).toBe(true);
    if (o.ok) expect(o.value.scenario.vms.map((x) => x.vcpus.map((c) => c.pcpu))).toEqual([[0, 1, 2], [3]]);
  });

  it("places memory as Bao's allocator does: shared memory first, then VMs in order, around place_phys ranges", () => {
    const r = importConfig('bao', [SETS[1]!.config], { out: '/nonexistent/o.yaml', platform: SETS[1]!.platform });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scenario.channels.map((c) => [c.name, c.pa, c.writers, c.endpoints.map((e) => `${e.vm}:${e.perms.w ? 'rw' : 'r'}`)])).toEqual([['shmem0', 0x80000n, ['linux', 'freertos'], ['linux:rw', 'freertos:rw']]]);
    const mem = r.value.scenario.vms.map((v) => v.memory.map((m) => [m.ipa, m.pa, m.size]));
    expect(mem).toEqual([[[0x4000_0000n, 0x4000_0000n, 0x4000_0000n]], [[0n, 0x90000n, 0x800_0000n]]]);
    // A freertos region too big for the first bank goes to the second, after Linux's fixed range.
    const v = variant(SETS[1]!, '.size = 0x8000000\n', '.size = 0x40000000\n');
    const o = importConfig('bao', [v.config], { out: join(v.dir, 'o.yaml'), platform: SETS[1]!.platform });
    expect(o.ok).toBe(true);
    if (o.ok) expect(o.value.scenario.vms[1]!.memory[0]!.pa).toBe(0x8000_0000n);
  });

  it('a planted breach: FreeRTOS placed inside Linux\'s memory is found at its region in config.c', async () => {
    const s = SETS[1]!;
    const v = variant(s, ".size = 0x8000000\n", ".size = 0x8000000,\n                        .place_phys = true,\n                        .phys = 0x44000000\n");
    const c = await run(['check', '--from', 'bao', v.config, '--platform', s.platform, '--engines', 'pbt', '--runs', '40', '--property', 'isolation.memory', '--format', 'json']);
    expect(c.code).toBe(1);
    const doc = JSON.parse(c.out) as { verdicts: { status: string; findings: { at: { file: string; line: number; column: number } }[] }[] };
    expect(doc.verdicts[0]!.status).toBe('violated');
    const lines = doc.verdicts[0]!.findings.map((f) => `${resolve(f.at.file)}:${f.at.line}`);
    expect(lines).toContain(`${v.config}:${lineOf(v.config, '.phys = 0x44000000') - 4}`);
  });

  it('count mismatches and unknown fields are all reported at once, at their positions, exit 2, nothing written', async () => {
    const s = SETS[0]!;
    const text = readFileSync(s.config, 'utf8').replace('.dev_num = 3,', '.dev_num = 2,').replace('.ipc_num = 1,', '.ipc_num = 2,').replace('.entry = 0x0,', '.entry = 0x0, .colour = 3,');
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-bao-'));
    const config = join(dir, 'config.c');
    writeFileSync(config, text);
    const out = join(dir, 'system.yaml');
    const r = await run(['import', 'bao', config, '--platform', s.platform, '--out', out]);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    const L = (n: string): number => lineOf(config, n);
    expect(r.err).toContain(`config.c:${L('.dev_num = 2,')}:17: semantic error: .dev_num is 2 but .devs of vmlist[0] lists 3`);
    expect(r.err).toContain(`config.c:${L('.ipc_num = 2,')}:17: semantic error: .ipc_num is 2 but .ipcs of vmlist[0] lists 1`);
    expect(r.err).toContain(`config.c:${L('.colour = 3')}:27: semantic error: vmlist[1] has no field '.colour'`);
    expect(r.err).toContain('3 errors; nothing was written');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a syntax error, a missing header and a missing preprocessor are positioned exit 2s', async () => {
    const s = SETS[0]!;
    const v = variant(s, '.size = 0x40000000\n', '.size = 0x40000000 +\n');
    const r = await run(['import', 'bao', v.config, '--platform', s.platform, '--out', join(v.dir, 'o.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/config\.c:\d+:\d+: syntax error: expected a value but found '}'/);
    const w = variant(s, '#include <config.h>', '#include <bao_board.h>');
    const r2 = await run(['import', 'bao', w.config, '--platform', s.platform, '--out', join(w.dir, 'o.yaml')]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/config\.c:\d+:\d+: syntax error: the C preprocessor: bao_board\.h: No such file or directory/);
    expect(r2.err).toContain('--include DIR');
    const old = process.env['HVSAFE_CPP'];
    try {
      process.env['HVSAFE_CPP'] = '/nonexistent/cpp';
      const r3 = await run(['import', 'bao', s.config, '--platform', s.platform, '--out', join(w.dir, 'o.yaml')]);
      expect(r3.code).toBe(2);
      expect(r3.err).toContain("the C preprocessor '/nonexistent/cpp' is not installed");
      expect(r3.err).toContain('apt-get install cpp');
    } finally {
      if (old === undefined) delete process.env['HVSAFE_CPP'];
      else process.env['HVSAFE_CPP'] = old;
    }
  });

});

describe('the C reader of Bao configurations', () => {
  it('evaluates constant expressions exactly as 64-bit unsigned values and refuses what C would wrap', () => {
    const read = (src: string): unknown => {
      try {
        const [d] = parseDecls(tokenize(`# 1 "t.c"\n${src}\n`, () => src));
        const v = d!.value;
        return v.kind === 'list' ? v.items.map((i) => (i.value.kind === 'int' ? i.value.value : i.value.kind)) : v.kind;
      } catch (e) {
        if (e instanceof CError) return `${e.at.line}:${e.at.column} ${e.message}`;
        throw e;
      }
    };
    expect(read('struct t x = { .a = 0x800000000ULL + (1 << 4) * 3 - 0x16000UL, .b = ~0UL, .c = 0b1010 | 07, .d = (unsigned long)(2 > 1 ? 5 : 6) };')).toEqual([0x800000000n + 48n - 0x16000n, (1n << 64n) - 1n, 15n, 5n]);
    expect(read('struct t x = { .a = 0xffffffffffffffff + 1 };')).toMatch(/^1:40 the value does not fit in 64 bits/);
    expect(read('struct t x = { .a = 1 - 2 };')).toMatch(/^1:23 the value is negative/);
    expect(read('struct t x = { .a = sizeof(int) };')).toMatch(/^1:21 sizeof is not supported/);
    expect(read('struct t x = { .a = FOO };')).toMatch(/^1:21 'FOO' is not a constant/);
  });

  it('reads objects declared before use, by name or by address, as their initializers', () => {
    const src = 'irqid_t irqs[] = {54, 95};\nstruct vm_dev_region devs[2] = { { .pa = 1, .interrupts = irqs }, {0} };\nstruct config config = { .a = devs, .b = &devs[0], .c = &irqs };';
    const decls = parseDecls(tokenize(`# 1 "t.c"\n${src}\n`, () => src));
    expect(decls.map((d) => [d.type, d.name])).toEqual([['irqid_t', 'irqs'], ['vm_dev_region', 'devs'], ['config', 'config']]);
    const cfg = decls[2]!.value;
    expect(cfg.kind === 'list' && cfg.items.map((i) => i.value)).toEqual([decls[1]!.value, decls[1]!.value, decls[0]!.value]);
    expect(() => parseDecls(tokenize('# 1 "t.c"\nstruct t x = { .a = y };\nstruct t y = {1};\n', () => undefined))).toThrow(CError);
  });

  it('the C reader never crashes or hangs on mutated configurations (fixed seed)', () => {
    const base = readFileSync(SETS[0]!.config, 'utf8').replace(/^#include.*$/m, '').replace(/^VM_IMAGE\(.*$/gm, '').replace(/VM_IMAGE_\w+\([^)]*\)/g, '0').replace(/CONFIG_HEADER/, '');
    const chars = ['{', '}', '(', ')', ',', '.', '=', '[', ']', ';', '0x', '-', '~', '<<', '"', ' ', '\n', 'x', '9', '?', ':'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.nat(8), fc.constantFrom(...chars)), { maxLength: 12 }), fc.nat(20), (edits, nest) => {
        let t = base;
        for (const [at, del, ins] of edits) t = t.slice(0, at) + ins + t.slice(Math.min(t.length, at + del));
        t = t.replace('.entry = 0x0,', `.entry = ${'('.repeat(nest * 4)}1${')'.repeat(nest * 4)},`);
        try {
          parseDecls(tokenize(`# 1 "c.c"\n${t}`, () => t));
        } catch (e) {
          if (!(e instanceof CError)) throw e;
          expect(e.at.line).toBeGreaterThan(0);
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
