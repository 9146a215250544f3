// The Xen dom0less importer: each fixture (a true-dom0less ZCU102 with a passthrough partial
// tree, a Raspberry Pi 4 with dom0 and a null-scheduler domU) imports to a pinned scenario,
// fate table and verdicts; the .dtb written by the test's own writer decodes to the same
// scenario; Xen's rules apply (static-mem at GUEST_RAM0, direct-map, cpupools, xen,reg,
// ranges); planted breaches are found at their DTS position; bad input is a positioned
// exit 2 with nothing written; fuzzed DTS and DTB never crash the readers.

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
import { EMPTY_OVERLAY } from '../../src/import/overlay.js';
import { decodeDtb } from '../../src/import/xen/dtb.js';
import { parseDts } from '../../src/import/xen/dts.js';
import { importXen } from '../../src/import/xen/translate.js';
import { cells, prop } from '../../src/import/xen/tree.js';
import { writeDtb } from './xen-dtb.js';

const FX = resolve('test/import/fixtures/xen');
const ZCU = join(FX, 'zcu102-dom0less.dts');
const CTRL_PT = join(FX, 'ctrl-passthrough.dts');
const RPI = join(FX, 'rpi4-dom0less.dts');
const RPI_DTB = join(FX, 'rpi4-dom0less.dtb');
const GENET_PT = join(FX, 'rt-genet-passthrough.dts');
const SETS = [
  { name: 'zcu102', files: [ZCU, CTRL_PT] },
  { name: 'rpi4', files: [RPI] },
];

function meaning(s: Scenario): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'at' || k === 'file' || k === 'files' ? undefined : typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
}

const rel = (t: string): string => t.split(FX + '/').join('').split(resolve('.') + '/').join('');

interface Doc {
  verdicts: { property: string; status: string; findings: { at: { file: string; line: number; column: number } }[] }[];
}
async function verdicts(files: readonly string[]): Promise<{ code: number; doc: Doc }> {
  const io = memoryIo();
  const code = await main(['check', '--from', 'xen', ...files, '--engines', 'pbt', '--runs', '60', '--seed', '7', '--format', 'json'], io);
  return { code, doc: JSON.parse(io.stdout()) as Doc };
}

function imported(files: readonly string[]): Scenario {
  const r = importConfig('xen', files, { out: '/nonexistent/o.yaml' });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.value.scenario;
}

/** The RPi4 host with rt given a partial tree and GENET marked for passthrough. */
function rpiWithGenet(dir: string): string {
  const text = readFileSync(RPI, 'utf8')
    .replace('reg = <0x0 0x02000000 0x00400000>;\n\t\t\t};', 'reg = <0x0 0x02000000 0x00400000>;\n\t\t\t};\n\t\t\tmodule@2400000 {\n\t\t\t\tcompatible = "multiboot,device-tree", "multiboot,module";\n\t\t\t\treg = <0x0 0x02400000 0x2000>;\n\t\t\t};')
    .replace('interrupts = <0 157 4>, <0 158 4>;\n\t\t};', 'interrupts = <0 157 4>, <0 158 4>;\n\t\t\txen,passthrough;\n\t\t};');
  const f = join(dir, 'rpi4-genet.dts');
  writeFileSync(f, text);
  return f;
}

describe('hvsafe import xen', () => {
  for (const s of SETS) {
    it(`${s.name}: the imported scenario, fate table and verdicts; validate of the written file gives the same scenario`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
      const out = join(dir, 'system.yaml');
      const io = memoryIo();
      expect(await main(['import', 'xen', ...s.files, '--out', out], io)).toBe(0);
      expect(rel(readFileSync(out, 'utf8'))).toMatchSnapshot('scenario yaml');
      expect(rel(readFileSync(join(dir, 'system.soc.yaml'), 'utf8'))).toMatchSnapshot('soc yaml');
      expect(rel(io.stderr()).replace(dir + '/', '')).toMatchSnapshot('fate table');
      const r = importConfig('xen', s.files, { out });
      const loaded = loadScenario(out);
      expect(r.ok && loaded.ok).toBe(true);
      if (!r.ok || !loaded.ok) return;
      expect(meaning(loaded.value)).toEqual(meaning(r.value.scenario));
      // Domains point at their node under /chosen (or dom0's kernel module) in the host tree.
      expect(r.value.scenario.vms.every((v) => v.at.file === s.files[0] && v.at.line > 1)).toBe(true);
      const { doc } = await verdicts(s.files);
      expect(Object.fromEntries(doc.verdicts.map((v) => [v.property, v.status]))).toMatchSnapshot('verdicts');
    });
  }

  it('the DTB our test writer makes from the RPi4 source is the fixture byte for byte, and imports to the same scenario at byte offsets', () => {
    const dts = parseDts(RPI, readFileSync(RPI, 'utf8'));
    expect(dts.errors).toEqual([]);
    const bytes = writeDtb(dts.tree!.root);
    expect(Buffer.from(bytes).equals(readFileSync(RPI_DTB))).toBe(true);
    const back = decodeDtb(RPI_DTB, bytes);
    expect(back.errors).toEqual([]);
    // Same tree, less the labels (a DTB keeps none) and the positions.
    const shape = (n: { name: string; props: readonly { name: string; value: Uint8Array }[]; children: readonly unknown[] }): unknown => ({ name: n.name, props: n.props.map((p) => [p.name, Buffer.from(p.value).toString('hex')]), children: (n.children as (typeof n)[]).map(shape) });
    expect(shape(back.tree!.root)).toEqual(shape(dts.tree!.root));
    const fromDtb = imported([RPI_DTB]);
    expect(meaning(fromDtb)).toEqual(meaning(imported([RPI])));
    // Each domain points at its node's BEGIN_NODE token: line 1, column = offset + 1.
    const rt = fromDtb.vms.find((v) => v.name === 'rt')!;
    expect(rt.at.line).toBe(1);
    const off = rt.at.column - 1;
    expect([...bytes.subarray(off, off + 8)]).toEqual([0, 0, 0, 1, ...new TextEncoder().encode('rt'), 0, 0]);
  });

  it('the overlay gives criticality, OS and costs; a domain it names that the import does not produce is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const ov = join(dir, 'overlay.yaml');
    writeFileSync(ov, 'vms:\n  ctrl: { criticality: ASIL-C, os: zephyr }\n  linux: { criticality: QM }\nsoc:\n  costs: { trap-entry: 400ns, trap-exit: 300ns, irq-inject: 1us, context-switch: 3us, max-non-preemptible: 10us }\n');
    const r = importConfig('xen', [ZCU, CTRL_PT], { out: join(dir, 'o.yaml'), overlay: ov });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scenario.vms.map((v) => [v.name, v.criticality, v.os])).toEqual([['ctrl', 'ASIL-C', 'zephyr'], ['linux', 'QM', 'unknown']]);
    expect(r.value.scenario.soc.costs.trapEntryNs).toBe(400);
    expect(r.value.fates.some((f) => f.element.includes('criticality'))).toBe(false);
    writeFileSync(ov, 'vms:\n  domU1: { criticality: QM }\n');
    const bad = importConfig('xen', [ZCU, CTRL_PT], { out: join(dir, 'o.yaml'), overlay: ov });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostics.map((d) => d.message)).toEqual(["the overlay names VM 'domU1', which the import does not produce"]);
  });

  it('a DTB compiled by dtc (1.6.1, from zcu102-dom0less.dts) imports to the same scenario as the source', () => {
    // Pins our DTS reader against dtc's: same phandles, same cells, same strings.
    expect(meaning(imported([join(FX, 'zcu102-dom0less.dtc.dtb'), CTRL_PT]))).toEqual(meaning(imported([ZCU, CTRL_PT])));
  });

  it("applies Xen's rules: static-mem at GUEST_RAM0, direct-map 1:1, heap memory top-down and disjoint, cpupools, xen,reg, bus ranges", () => {
    const rpi = imported([RPI]);
    const rt = rpi.vms.find((v) => v.name === 'rt')!;
    expect(rt.memory.map((m) => [m.ipa, m.pa, m.size])).toEqual([[0x4000_0000n, 0x2000_0000n, 0x1000_0000n]]);
    expect(rt.vcpus.map((v) => v.pcpu)).toEqual([2, 3]);
    expect(rpi.schedule.filter((s) => s.kind === 'bind').map((s) => s.pcpu)).toEqual([2, 3]);
    const dom0 = rpi.vms.find((v) => v.name === 'dom0')!;
    // dom0_mem=1024M at the top of the highest bank (0x1_0000_0000 + 2 GiB), mapped 1:1.
    expect(dom0.memory.map((m) => [m.ipa, m.pa, m.size])).toEqual([[0x1_4000_0000n, 0x1_4000_0000n, 0x4000_0000n]]);
    // dom0 keeps every device but Xen's console (the mini UART); bus addresses went through `ranges`.
    expect(dom0.devices.map((d) => d.device)).not.toContain('serial-7e215040');
    expect(rpi.soc.devices.find((d) => d.name === 'serial-7e201000')!.mmio[0]!.base).toBe(0xfe20_1000n);
    expect(rpi.soc.devices.find((d) => d.name === 'ethernet-7d580000')!.mmio[0]!.base).toBe(0xfd58_0000n);
    expect(rpi.soc.hypervisorFrames!.find((f) => f.kind === 'gic-distributor')!.base).toBe(0xff84_1000n);

    const zcu = imported([ZCU, CTRL_PT]);
    const ctrl = zcu.vms.find((v) => v.name === 'ctrl')!;
    expect(ctrl.memory.map((m) => [m.ipa, m.pa])).toEqual([[0x6000_0000n, 0x6000_0000n]]);
    expect(ctrl.devices.map((d) => [d.device, d.mmioIpa])).toEqual([['ethernet-ff0e0000', [0xff0e_0000n]], ['timer-ff110000', [0xff11_0000n]]]);
    expect(ctrl.irqs.map((q) => q.spi)).toEqual([95, 68, 69, 70]);
    expect(zcu.soc.devices.find((d) => d.name === 'ethernet-ff0e0000')).toMatchObject({ dma: true, streamIds: [0x877] });
    const linux = zcu.vms.find((v) => v.name === 'linux')!;
    expect(linux.memory.map((m) => [m.ipa, m.pa, m.size])).toEqual([[0x4000_0000n, 0x8_4000_0000n, 0x4000_0000n]]);
    expect(zcu.channels.map((c) => [c.name, c.writers, c.pa, c.endpoints.map((e) => [e.vm, e.ipa, e.perms.w])])).toEqual([['status-ring', ['ctrl', 'linux'], 0x7fe0_0000n, [['ctrl', 0x7fe0_0000n, true], ['linux', 0xa000_0000n, true]]]]);
  });

  it('a device passed through with xen,force-assign-without-iommu on the SMMU-less RPi4 is a DMA breach, reported at its partial tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const host = rpiWithGenet(dir);
    const { code, doc } = await verdicts([host, GENET_PT]);
    expect(code).toBe(1);
    const dma = doc.verdicts.find((v) => v.property === 'isolation.dma')!;
    expect(dma.status).toBe('violated');
    const line = readFileSync(GENET_PT, 'utf8').split('\n').findIndex((l) => l.includes('xen,path')) + 1;
    expect(dma.findings.some((f) => f.at.file.endsWith('rt-genet-passthrough.dts') && f.at.line === line && f.at.column === 4)).toBe(true);
    // Without the breach the same system holds isolation.dma (nothing DMA-capable is assigned).
    expect((await verdicts([RPI])).doc.verdicts.find((v) => v.property === 'isolation.dma')!.status).toBe('not-applicable');
  });

  it('every domain property gets a fate: nr_spis carried, an unknown one refused by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const f = join(dir, 'props.dts');
    writeFileSync(f, readFileSync(ZCU, 'utf8').replace('vpl011;', 'vpl011;\n\t\t\tnr_spis = <0x40>;\n\t\t\txen,llc-colors = <0 1>;'));
    const r = importConfig('xen', [f, CTRL_PT], { out: '/nonexistent/o.yaml' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.fates.filter((x) => x.element.startsWith('linux: nr_spis') || x.element.startsWith('linux: xen,llc-colors')).map((x) => [x.element, x.fate])).toEqual([
      ['linux: nr_spis', 'faithful'],
      ['linux: xen,llc-colors', 'refused'],
    ]);
  });

  it('a GICv3 board with an RTDS cpupool: GICD and GICR frames, fixed-priority entries with RTDS defaults; too many vCPUs for a null pool is an error at cpus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const host = (poolSched: string, vcpus: number): string => `/dts-v1/;
/ {
\tmodel = "gicv3-board";
\t#address-cells = <2>;
\t#size-cells = <2>;
\tinterrupt-parent = <&gic>;
\tcpus { #address-cells = <1>; #size-cells = <0>;
\t\tc0: cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a55"; reg = <0>; };
\t\tc1: cpu@100 { device_type = "cpu"; compatible = "arm,cortex-a55"; reg = <0x100>; };
\t};
\tmemory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x80000000>; };
\tgic: interrupt-controller@38800000 { compatible = "arm,gic-v3"; interrupt-controller; #interrupt-cells = <3>;
\t\treg = <0x0 0x38800000 0x0 0x10000>, <0x0 0x38880000 0x0 0xc0000>; interrupts = <1 9 4>; };
\tchosen {
\t\tpool: cpupool { compatible = "xen,cpupool"; cpupool-cpus = <&c1>; cpupool-sched = "${poolSched}"; };
\t\td1 { compatible = "xen,domain"; memory = <0x0 0x10000>; cpus = <${vcpus}>; domain-cpupool = <&pool>; };
\t};
};
`;
    const f = join(dir, 'v3.dts');
    writeFileSync(f, host('rtds', 2));
    const r = importConfig('xen', [f], { out: '/nonexistent/o.yaml' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const soc = r.value.scenario.soc;
    expect(soc.gic.version).toBe(3);
    expect(soc.hypervisorFrames!.map((x) => [x.kind, x.base])).toEqual([['gic-distributor', 0x3880_0000n], ['gic-redistributor', 0x3888_0000n]]);
    expect(r.value.scenario.schedule).toMatchObject([{ kind: 'fixed-priority', pcpu: 1, entries: [{ vcpu: { vm: 'd1', vcpu: 0 }, budgetNs: 4_000_000, periodNs: 10_000_000 }, { vcpu: { vm: 'd1', vcpu: 1 }, budgetNs: 4_000_000, periodNs: 10_000_000 }] }]);
    expect(r.value.fates.find((x) => x.element.startsWith('cpupool cpupool'))!.fate).toBe('approximate');
    writeFileSync(f, host('null', 2));
    const bad = importConfig('xen', [f], { out: '/nonexistent/o.yaml' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostics.map((d) => [d.at.line, d.message])).toEqual([[16, 'cpupool uses the null scheduler with 1 pCPU(s) for 2 vCPUs: the vCPUs beyond 1 would wait and never run']]);
  });

  it('overlapping xen,static-mem of two domains is a memory breach at the second bank', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const f = join(dir, 'overlap.dts');
    const text = readFileSync(ZCU, 'utf8').replace('memory = <0x0 0x100000>;\n\t\t\tcpus = <2>;', 'memory = <0x0 0x40000>;\n\t\t\tcpus = <2>;\n\t\t\t#xen,static-mem-address-cells = <1>;\n\t\t\t#xen,static-mem-size-cells = <1>;\n\t\t\txen,static-mem = <0x68000000 0x10000000>;');
    writeFileSync(f, text);
    const line = text.split('\n').findIndex((l) => l.includes('<0x68000000 0x10000000>')) + 1;
    expect(line).toBeGreaterThan(0);
    const { code, doc } = await verdicts([f, CTRL_PT]);
    expect(code).toBe(1);
    const mem = doc.verdicts.find((v) => v.property === 'isolation.memory')!;
    expect(mem.status).toBe('violated');
    expect(mem.findings.some((x) => x.at.file.endsWith('overlap.dts') && x.at.line === line)).toBe(true);
  });
});

describe('bad Xen input: positioned errors, all at once, exit 2, nothing written', () => {
  const head = '/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n';
  const cases: [string, string, RegExp[]][] = [
    ['a DTS syntax error', `${head}\tmemory@0 { device_type = "memory"; reg = <0 0 0 0x1000> };\n};\n`, [/bad\.dts:5:58: syntax error: expected ';' after the property 'reg', found '}/]],
    ['unknown references, all of them', `${head}\ta = <&nope>;\n\tb = <&gone 1>;\n};\n`, [/bad\.dts:5:7: syntax error: the reference &nope names no node/, /bad\.dts:6:7: syntax error: the reference &gone names no node/]],
    ['a reg whose cells do not divide by #address-cells + #size-cells', `${head}\tmemory@0 { device_type = "memory"; reg = <0 0 0x1000>; };\n\tchosen { };\n};\n`, [/bad\.dts:5:37: semantic error: 'reg' has 3 cells, not a whole number of <address size> entries of 4 cells/]],
    ['/include/', `${head}/include/ "board.dtsi"\n};\n`, [/bad\.dts:5:1: syntax error: \/include\/ is not read by hvsafe/]],
    ['a cpp directive', `/dts-v1/;\n#include <dt-bindings/gpio.h>\n/ { };\n`, [/bad\.dts:2:1: syntax error: '#include' is a C preprocessor directive/]],
    ['a 33-bit value in a 32-bit cell', `${head}\ta = <0x100000000>;\n};\n`, [/bad\.dts:5:7: syntax error: the value 0x100000000 does not fit in a 32-bit cell/]],
    ['an expression nested too deep (the evaluator must not exhaust the stack)', `${head}\ta = <${'('.repeat(300)}1${')'.repeat(300)}>;\n};\n`, [/bad\.dts:5:263: syntax error: an expression nested more than 256 deep/]],
    ['nodes nested too deep', `${head}${' n {'.repeat(70)}${' };'.repeat(70)}\n};\n`, [/bad\.dts:5:\d+: syntax error: nodes nested more than 64 deep/]],
    ['no /chosen', `${head}\tmemory@0 { device_type = "memory"; reg = <0 0 0 0x1000>; };\n};\n`, [/bad\.dts:2:1: semantic error: the host device tree has no \/chosen node/]],
  ];
  for (const [what, text, res] of cases) {
    it(what, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
      const f = join(dir, 'bad.dts');
      writeFileSync(f, text);
      const io = memoryIo();
      const out = join(dir, 'o.yaml');
      expect(await main(['import', 'xen', f, '--out', out], io)).toBe(2);
      for (const re of res) expect(io.stderr()).toMatch(re);
      expect(io.stderr()).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(out)).toBe(false);
    });
  }

  it('xen errors across the host and a partial tree come together, each in its own file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const host = rpiWithGenet(dir);
    const pt = join(dir, 'pt.dts');
    writeFileSync(pt, readFileSync(GENET_PT, 'utf8').replace('xen,force-assign-without-iommu;', '').replace('"/scb/ethernet@7d580000"', '"/scb/ethernet@7d580000"'));
    const host2 = join(dir, 'host2.dts');
    writeFileSync(host2, readFileSync(host, 'utf8').replace('memory = <0x0 0x40000>;', 'memory = <0x0 0x80000>;'));
    const io = memoryIo();
    expect(await main(['check', '--from', 'xen', host2, pt], io)).toBe(2);
    const err = io.stderr();
    expect(err).toMatch(/host2\.dts:\d+:\d+: semantic error: xen,static-mem gives 0x10000000 bytes but 'memory' asks for 0x20000000/);
    expect(err).toMatch(/2 errors/);
    const pt2 = join(dir, 'pt2.dts');
    writeFileSync(pt2, readFileSync(GENET_PT, 'utf8').replace('xen,force-assign-without-iommu;', ''));
    const io2 = memoryIo();
    expect(await main(['check', '--from', 'xen', host, pt2], io2)).toBe(2);
    expect(io2.stderr()).toMatch(/pt2\.dts:21:4: semantic error: \/scb\/ethernet@7d580000 is on a system without an SMMU: Xen refuses to assign it without xen,force-assign-without-iommu/);
    const pt3 = join(dir, 'pt3.dts');
    writeFileSync(pt3, readFileSync(GENET_PT, 'utf8').replace('"/scb/ethernet@7d580000"', '"/scb/ethernet@7d590000"'));
    const io3 = memoryIo();
    expect(await main(['check', '--from', 'xen', host, pt3], io3)).toBe(2);
    expect(io3.stderr()).toMatch(/pt3\.dts:21:4: semantic error: xen,path "\/scb\/ethernet@7d590000" names no node of the host device tree/);
  });

  it('iommu=0 in xen,xen-bootargs leaves the SMMU out: GEM3 then needs xen,force-assign-without-iommu', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const host = join(dir, 'zcu-noiommu.dts');
    writeFileSync(host, readFileSync(ZCU, 'utf8').replace('sched=credit2', 'sched=credit2 iommu=0'));
    const io = memoryIo();
    expect(await main(['check', '--from', 'xen', host, CTRL_PT], io)).toBe(2);
    expect(io.stderr()).toMatch(/ctrl-passthrough\.dts:22:4: semantic error: \/axi\/ethernet@ff0e0000 is on a system without an SMMU/);
    const pt = join(dir, 'pt.dts');
    writeFileSync(pt, readFileSync(CTRL_PT, 'utf8').replace('xen,path = "/axi/ethernet@ff0e0000";', 'xen,path = "/axi/ethernet@ff0e0000";\n\t\t\txen,force-assign-without-iommu;'));
    const r = importConfig('xen', [host, pt], { out: '/nonexistent/o.yaml' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.scenario.soc.smmu.present).toBe(false);
    expect(r.value.fates.some((f) => f.element.startsWith('iommu=0') && f.fate === 'approximate')).toBe(true);
  });

  it('a bad DTB header or a truncated DTB is an error at its byte offset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-xen-'));
    const good = readFileSync(RPI_DTB);
    const bad = Buffer.from(good);
    bad.writeUInt32BE(16, 20); // version 16
    const f1 = join(dir, 'v16.dtb');
    writeFileSync(f1, bad);
    const f2 = join(dir, 'cut.dtb');
    writeFileSync(f2, good.subarray(0, 200));
    const f3 = join(dir, 'magic.dtb');
    writeFileSync(f3, Buffer.concat([Buffer.from([0xd0, 0x0d, 0xfe, 0xed]), Buffer.alloc(20)]));
    for (const [f, re] of [
      [f1, /v16\.dtb:1:21: syntax error: device tree version 16 \(last compatible 16\) is not read/],
      [f2, /cut\.dtb:1:5: syntax error: totalsize \d+ is larger than the file \(200 bytes\): the file is truncated/],
      [f3, /magic\.dtb:1:1: syntax error: a flattened device tree has a 40-byte header; the file has 24 bytes/],
    ] as const) {
      const io = memoryIo();
      const out = join(dir, 'o.yaml');
      expect(await main(['import', 'xen', f, '--out', out], io)).toBe(2);
      expect(io.stderr()).toMatch(re);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('mutated DTS sources never crash the reader or the importer (fast-check, fixed seed)', () => {
    const base = readFileSync(RPI, 'utf8');
    const alphabet = ['{', '}', ';', '<', '>', '&', '"', '=', '(', ')', '/', '*', ' ', '0x', 'gicv2', '&cpu2', '[', ']', ':', '\n', '/include/', '/delete-node/'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 }), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 6 }), (edits) => {
        let t = base;
        for (const [pos, del, ins] of edits) {
          const p = pos % (t.length + 1);
          t = t.slice(0, p) + ins + t.slice(p + del);
        }
        const r = importXen([{ file: '/f/x.dts', bytes: new TextEncoder().encode(t) }], '/nonexistent/o.yaml', EMPTY_OVERLAY);
        if (!r.ok) expect(r.diagnostics.every((d) => d.at.line >= 1 && d.at.column >= 1 && d.message.length > 0)).toBe(true);
      }),
      { seed: 1313, numRuns: 300 },
    );
  });

  it('mutated DTB bytes never crash the decoder or the importer (fast-check, fixed seed)', () => {
    const base = new Uint8Array(readFileSync(RPI_DTB));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(), (flips, cut) => {
        const b = base.slice(0, cut % 3 === 0 ? base.length - (cut % 64) : base.length);
        for (const [i, v] of flips) b[i % b.length] = v;
        const d = decodeDtb('/f/x.dtb', b);
        expect(d.tree !== undefined || d.errors.length > 0).toBe(true);
        const r = importXen([{ file: '/f/x.dtb', bytes: b }], '/nonexistent/o.yaml', EMPTY_OVERLAY);
        if (!r.ok) expect(r.diagnostics.every((x) => x.at.line >= 1 && x.at.column >= 1)).toBe(true);
      }),
      { seed: 2024, numRuns: 300 },
    );
  });

  it('the DTS reader evaluates cell expressions in 64 bits and keeps 64-bit values exact', () => {
    const r = parseDts('/x.dts', '/dts-v1/;\n/ { a = <(1 << 4 | 3) (0x10 * 2 - 1) (7 / 2) (~0) (2 > 1 ? 5 : 6) \'A\'>; b = /bits/ 64 <0xffffffffffffffff>; };\n');
    expect(r.errors).toEqual([]);
    const root = r.tree!.root;
    expect(cells(prop(root, 'a')!)).toEqual([0x13n, 0x1fn, 3n, 0xffff_ffffn, 5n, 65n]);
    expect(Buffer.from(prop(root, 'b')!.value).toString('hex')).toBe('ffffffffffffffff');
  });
});
