import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/config/diagnostics.js';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { loadScenario, parseScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';

// A small valid scenario with an inline SoC. Tests edit single lines of it; the line numbers
// in the comments are the ones the assertions use.
const SOC = `soc:
  name: s
  clusters:
    - {name: apu, kind: cortex-a53, cpus: 0-3, operating-points: [1.2GHz, 600MHz]}
  ram: [{name: ddr, base: 0x4000_0000, size: 1GiB}]
  hypervisor-memory: [{base: 0x7c00_0000, size: 64MiB}]
  gic: {version: 3, spi: 32-95}
  costs: {trap-entry: 1us, trap-exit: 1us, irq-inject: 1us, context-switch: 2us, max-non-preemptible: 5us}
  devices:
    - {name: uart0, kind: uart, mmio: {base: 0xff00_0000, size: 4KiB}, irqs: [40]}
    - {name: eth0, kind: ethernet, mmio: [{base: 0xff0e_0000, size: 64KiB}], irqs: [41, 42], dma: true}
`;
const BASE = `name: t
${SOC}vms:
  - name: rt
    criticality: SIL-2
    os: zephyr
    vcpus: [1]
    memory: [{name: ram, ipa: 0x0, pa: 0x4000_0000, size: 16MiB, perms: rwx}]
    devices: [uart0]
    irqs: [{spi: 40, vcpu: 0, latency: 10us}]
  - name: linux
    criticality: QM
    os: linux
    vcpus: [0, 2]
    memory: [{name: ram, ipa: 0x5000_0000, size: 256MiB, perms: rwx}]
    devices: [eth0]
    irqs: [41, 42]
schedule:
  - {pcpu: 0, bind: linux:0}
  - {pcpu: 1, bind: rt:0}
  - {pcpu: 2, bind: {vm: linux, vcpu: 1}}
channels:
  - name: data
    pa: 0x6000_0000
    size: 4KiB
    writer: rt
    endpoints: [{vm: rt, ipa: 0x1000_0000, perms: rw}, {vm: linux, perms: r}]
    doorbell: {sgi: 8}
`;
// Line numbers in BASE: 1 name, 2-12 soc, 13 vms:, 14 '- name: rt', 15 criticality, 16 os,
// 17 vcpus, 18 memory, 19 devices, 20 irqs, 21 '- name: linux', 22 crit, 23 os, 24 vcpus,
// 25 memory, 26 devices, 27 irqs, 28 schedule:, 29-31 entries, 32 channels:, 33 name,
// 34 pa, 35 size, 36 writer, 37 endpoints, 38 doorbell.

function load(text: string): ReturnType<typeof parseScenario> {
  return parseScenario(text, '/m/s.yaml', () => {
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  });
}

function value(text: string): Scenario {
  const r = load(text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  return r.value;
}

function diags(text: string): readonly Diagnostic[] {
  const r = load(text);
  if (r.ok) throw new Error('expected the load to fail');
  return r.diagnostics;
}

/** "line:col class: message" for compact assertions. */
const brief = (d: Diagnostic): string => `${d.at.line}:${d.at.column} ${d.class}: ${d.message}`;

function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** Column (1-based) of `needle` within line `line` of `text`. */
function col(text: string, line: number, needle: string): number {
  const l = text.split('\n')[line - 1]!;
  const i = l.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

describe('loading a valid scenario', () => {
  it('normalizes every field', () => {
    const s = value(BASE);
    expect(s.name).toBe('t');
    expect(s.file).toBe('/m/s.yaml');
    expect(s.files).toEqual(['/m/s.yaml']);
    expect(s.soc.file).toBe('/m/s.yaml');
    expect(s.soc.cpus.map((c) => [c.id, c.cluster])).toEqual([[0, 'apu'], [1, 'apu'], [2, 'apu'], [3, 'apu']]);
    expect(s.soc.clusters[0]!.opps).toEqual([{ khz: 600_000 }, { khz: 1_200_000 }]);
    expect(s.soc.gic).toMatchObject({ version: 3, sgi: [0, 15], ppi: [16, 31], spi: [32, 95], directInjection: false });
    expect(s.soc.smmu).toMatchObject({ present: false, unmatchedStreams: 'fault' });
    expect(s.soc.llc).toBeUndefined();
    expect(s.soc.costs).toMatchObject({ trapEntryNs: 1000, contextSwitchNs: 2000, directInjectNs: 1000, cacheInterference: { num: 1n, den: 1n } });
    const eth = s.soc.devices[1]!;
    expect(eth).toMatchObject({ name: 'eth0', dma: true, dmaMaxBytes: 65536n, irqs: [41, 42], streamIds: [], trusted: false });
    expect(eth.mmio[0]).toMatchObject({ name: 'eth0', base: 0xff0e_0000n, size: 0x10000n });
    expect(s.soc.hypervisorMemory[0]).toMatchObject({ name: 'hypervisor', base: 0x7c00_0000n, size: 64n << 20n });
    const [rt, linux] = s.vms;
    expect(rt!.memory[0]).toMatchObject({ ipa: 0n, pa: 0x4000_0000n, size: 16n << 20n, perms: { r: true, w: true, x: true } });
    expect(linux!.memory[0]!.pa).toBe(0x5000_0000n); // pa defaults to ipa
    expect(rt!.irqs[0]).toMatchObject({ spi: 40, vcpu: 0, latencyNs: 10_000 });
    expect(linux!.irqs.map((r) => [r.spi, r.vcpu])).toEqual([[41, 0], [42, 0]]);
    expect(linux!.vcpus.map((v) => [v.id, v.pcpu])).toEqual([[0, 0], [1, 2]]);
    expect(rt!.health).toMatchObject({ onFault: 'stop', watchdogNs: undefined });
    expect(rt!.taskPolicy).toBe('fixed-priority');
    expect(s.schedule[2]).toMatchObject({ kind: 'bind', pcpu: 2, vcpu: { vm: 'linux', vcpu: 1 } });
    const ch = s.channels[0]!;
    expect(ch.endpoints[1]).toMatchObject({ vm: 'linux', ipa: 0x6000_0000n, perms: { r: true, w: false, x: false } });
    expect(ch.doorbell).toMatchObject({ sgi: 8, to: ['linux'] }); // defaults to every reader
    expect(ch.protection).toEqual([]);
    expect(rt!.at).toEqual({ file: '/m/s.yaml', line: 14, column: 5 });
  });

  it('reads JSON as well as YAML', () => {
    const json = JSON.stringify({
      name: 'j',
      soc: {
        name: 's',
        cpus: [0],
        ram: [{ name: 'ddr', base: '0x8000_0000', size: '1GiB' }],
        'hypervisor-memory': [{ base: 'BIGBASE', size: 4096 }],
        gic: { version: 2 },
        costs: { 'trap-entry': '1us', 'trap-exit': '1us', 'irq-inject': '1us', 'context-switch': '1us', 'max-non-preemptible': '1us' },
      },
      vms: [{ name: 'a', criticality: 'QM', os: 'linux', vcpus: [0], memory: [{ name: 'ram', ipa: '0x8000_0000', size: '1MiB', perms: 'rw' }] }],
      schedule: [{ pcpu: 0, bind: 'a:0' }],
    }).replace('"BIGBASE"', '9007199254740993');
    const s = value(json);
    expect(s.vms[0]!.memory[0]!.ipa).toBe(0x8000_0000n);
    // A JSON number above 2^53 is read from the source text, not through a double.
    expect(s.soc.hypervisorMemory[0]!.base).toBe(9007199254740993n);
  });

  it('reads the SoC from a file relative to the scenario', () => {
    const socText = SOC.replace(/^soc:\n/, '').replace(/^  /gm, '');
    const files: Record<string, string> = { '/m/soc/s.yaml': socText };
    const text = BASE.replace(SOC, 'soc: soc/s.yaml\n');
    const r = parseScenario(text, '/m/s.yaml', (p) => {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error('x'), { code: 'ENOENT' });
      return t;
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.files).toEqual(['/m/s.yaml', '/m/soc/s.yaml']);
      expect(r.value.soc.file).toBe('/m/soc/s.yaml');
      expect(r.value.soc.devices[0]!.at).toEqual({ file: '/m/soc/s.yaml', line: 9, column: 5 });
    }
  });

  it('reports SoC-file errors in the SoC file, and a missing SoC file at the soc: value', () => {
    const files: Record<string, string> = { '/m/soc/s.yaml': SOC.replace(/^soc:\n/, '').replace(/^  /gm, '').replace('version: 3', 'version: 5') };
    const rf = (p: string): string => {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error('x'), { code: 'ENOENT' });
      return t;
    };
    const bad = parseScenario(BASE.replace(SOC, 'soc: soc/s.yaml\n'), '/m/s.yaml', rf);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.diagnostics.map((d) => `${d.at.file}:${d.at.line}:${d.at.column}`)).toEqual(['/m/soc/s.yaml:6:16']);
      expect(bad.diagnostics[0]!.message).toContain('must be 2, 3 or 4');
    }
    const missing = parseScenario(BASE.replace(SOC, 'soc: soc/none.yaml\n'), '/m/s.yaml', rf);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.diagnostics.map(brief)).toEqual(["2:6 semantic: cannot read the SoC file 'soc/none.yaml': no such file"]);
    }
  });
});

describe('syntax errors', () => {
  it('points at the broken line and stops there', () => {
    const d = diags('name: t\nvms: [\n  {name: a\n');
    expect(d.length).toBeGreaterThan(0);
    expect(d.every((x) => x.class === 'syntax')).toBe(true);
    expect(d[0]!.at.line).toBeGreaterThanOrEqual(2);
  });
  it('reports duplicate keys with their position', () => {
    const d = diags(edit(BASE, '    os: zephyr\n', '    os: zephyr\n    os: linux\n'));
    expect(d.map(brief)).toEqual([expect.stringMatching(/^17:5 syntax: /)]);
    expect(d[0]!.hint).toContain('each key may appear once');
  });
  it('reports an empty file', () => {
    expect(diags('').map(brief)).toEqual(['1:1 syntax: the file is empty']);
  });
  it('reports an unreadable scenario file without throwing', () => {
    const r = loadScenario('/nonexistent/dir/x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toBe('cannot read the scenario file: no such file');
  });
});

describe('schema errors', () => {
  it('unknown key, with did-you-mean, at the key', () => {
    const text = edit(BASE, '    os: zephyr\n', '    os: zephyr\n    cache-colours: 0-3\n');
    const d = diags(text);
    expect(d.map(brief)).toEqual(["17:5 schema: unknown key 'cache-colours' in a VM"]);
    expect(d[0]!.hint).toBe("did you mean 'cache-colors'?");
  });
  it('bad enum value, bad unit, missing key, bad vCPU reference', () => {
    let text = edit(BASE, 'criticality: SIL-2', 'criticality: SIL2');
    text = edit(text, 'latency: 10us}', 'latency: 10}');
    text = edit(text, '    os: linux\n', '');
    text = edit(text, 'bind: rt:0', 'bind: rt');
    const d = diags(text);
    expect(d.map(brief)).toEqual([
      "15:18 schema: 'vms[0].criticality' must be one of QM, ASIL-A, ASIL-B, ASIL-C, ASIL-D, SIL-1, SIL-2, SIL-3, SIL-4, unassessed, not 'SIL2'",
      `20:${col(text, 20, '10}')} schema: 'vms[0].irqs[0].latency': duration '10' has no unit`,
      "21:5 schema: 'vms[1]' is missing 'os'",
      `29:${col(text, 29, 'rt}')} schema: a vCPU reference must name a VM and a vCPU index, not 'rt'`,
    ]);
    expect(d[0]!.hint).toBe("did you mean 'SIL-2'?");
    expect(d[1]!.hint).toContain('250ns, 5us');
  });
  it('a schedule entry with two policies', () => {
    const d = diags(edit(BASE, '{pcpu: 0, bind: linux:0}', '{pcpu: 0, bind: linux:0, fixed-priority: []}'));
    expect(d.map(brief)).toEqual(['29:5 schema: a pCPU schedule has one policy, not bind and fixed-priority']);
  });
  it('a scenario without VMs', () => {
    expect(diags(`name: t\n${SOC}vms: []\nschedule: []\n`).map(brief)).toEqual(['13:6 schema: a scenario needs at least one VM']);
  });
  it('a malformed image digest', () => {
    const d = diags(edit(BASE, '    os: zephyr\n', '    os: zephyr\n    image: sha256:abc\n'));
    expect(d.map(brief)).toEqual(["17:12 schema: the image digest 'sha256:abc' is not a digest"]);
  });
  it('durations above 2^53 ns are rejected at the value', () => {
    const text = edit(BASE, 'latency: 10us}', 'latency: 9007200s}');
    const d = diags(text);
    expect(d.map(brief)).toEqual([`20:${col(text, 20, '9007200s')} schema: 'vms[0].irqs[0].latency': duration '9007200s' is too long`]);
  });
});

describe('semantic errors', () => {
  const one = (text: string): string => {
    const d = diags(text);
    expect(d).toHaveLength(1);
    expect(d[0]!.class).toBe('semantic');
    return brief(d[0]!);
  };

  it('unknown device with did-you-mean', () => {
    const text = edit(BASE, 'devices: [eth0]', 'devices: [eth1]');
    const d = diags(text);
    expect(d.map(brief)).toEqual([`26:15 semantic: VM 'linux' passes through device 'eth1', which the SoC does not declare`]);
    expect(d[0]!.hint).toBe("did you mean 'eth0'?");
  });
  it('unknown VM and unknown vCPU in the schedule', () => {
    expect(one(edit(BASE, 'bind: linux:0', 'bind: linx:0'))).toBe(`29:${col(BASE, 29, 'linux:0')} semantic: unknown VM 'linx' in vCPU reference 'linx:0'`);
    expect(one(edit(BASE, 'bind: rt:0', 'bind: rt:1'))).toBe(`30:${col(BASE, 30, 'rt:0')} semantic: VM 'rt' has no vCPU 1 (it has 1)`);
  });
  it('unknown pCPU', () => {
    expect(one(edit(BASE, 'vcpus: [1]', 'vcpus: [9]'))).toBe("17:13 semantic: vCPU 0 of VM 'rt' is pinned to pCPU 9, which the SoC does not have");
  });
  it('zero size', () => {
    const text = edit(BASE, 'size: 16MiB', 'size: 0');
    expect(one(text)).toBe(`18:${col(text, 18, '0, perms')} semantic: mapping 'ram' of VM 'rt' (IPA) has size 0`);
  });
  it('stage-2 mapping not page-aligned (ipa, pa, size)', () => {
    const text = edit(BASE, '{name: ram, ipa: 0x0, pa: 0x4000_0000, size: 16MiB', '{name: ram, ipa: 0x10, pa: 0x4000_0800, size: 0x1_0010');
    const d = diags(text);
    expect(d.map(brief)).toEqual([
      `18:${col(text, 18, '0x10,')} semantic: the IPA of mapping 'ram' of VM 'rt' 0x10 is not aligned to a 4KiB page`,
      `18:${col(text, 18, '0x4000_0800')} semantic: the PA of mapping 'ram' of VM 'rt' 0x40000800 is not aligned to a 4KiB page`,
      `18:${col(text, 18, '0x1_0010')} semantic: the size of mapping 'ram' of VM 'rt' 0x10010 is not aligned to a 4KiB page`,
    ]);
  });
  it('channel writer not among its endpoints', () => {
    const d = diags(edit(BASE, 'writer: rt', 'writer: linux2'));
    expect(d.map(brief)).toEqual(["36:13 semantic: the writer 'linux2' of channel 'data' is not one of its endpoints"]);
    expect(d[0]!.hint).toBe("did you mean 'linux'?");
  });
  describe('channel writers', () => {
    const ring = (writers: string, linuxPerms = 'rw') =>
      edit(edit(BASE, 'writer: rt', writers), '{vm: linux, perms: r}', `{vm: linux, perms: ${linuxPerms}}`);
    it('writers: [rt, linux] loads to both writers; writer: rt is the shorthand for writers: [rt]', () => {
      expect(value(ring('writers: [rt, linux]')).channels[0]!.writers).toEqual(['rt', 'linux']);
      expect(value(BASE).channels[0]!.writers).toEqual(['rt']);
      // A doorbell without 'to' rings every endpoint that reads another's writes: both ends here.
      expect(value(ring('writers: [rt, linux]')).channels[0]!.doorbell!.to).toEqual(['rt', 'linux']);
      expect(value(BASE).channels[0]!.doorbell!.to).toEqual(['linux']);
    });
    it('both writer and writers, or neither, is an error at the channel', () => {
      const both = ring('writer: rt\n    writers: [rt, linux]');
      expect(diags(both).map(brief)).toEqual([`37:${col(both, 37, '[rt')} schema: a channel names its writers once: 'writer' and 'writers' are both given`]);
      const none = edit(BASE, '    writer: rt\n', '');
      expect(diags(none).map(brief)).toEqual(["33:5 schema: 'channels[0]' is missing 'writers'"]);
      const empty = ring('writers: []');
      expect(diags(empty).map(brief)).toEqual([`36:${col(empty, 36, '[]')} schema: a channel needs at least one writer`]);
    });
    it('every writer problem at its position, all at once: unknown, listed twice, endpoint not writable', () => {
      const text = ring('writers: [rt, linux2, rt, linux]', 'r');
      expect(diags(text).map(brief)).toEqual([
        `36:${col(text, 36, 'linux2')} semantic: the writer 'linux2' of channel 'data' is not one of its endpoints`,
        `36:${col(text, 36, 'rt, linux]')} semantic: VM 'rt' appears twice among the writers of channel 'data'`,
        `37:${col(text, 37, 'r}]')} semantic: 'linux' is declared a writer of channel 'data', but its endpoint is mapped without w`,
      ]);
    });
    it('the one-writer shorthand with a read-only endpoint is the same error', () => {
      const text = edit(BASE, '{vm: rt, ipa: 0x1000_0000, perms: rw}', '{vm: rt, ipa: 0x1000_0000, perms: r}');
      expect(diags(text).map(brief)).toEqual([`37:${col(text, 37, 'r}, {vm: linux')} semantic: 'rt' is declared a writer of channel 'data', but its endpoint is mapped without w`]);
    });
  });
  it('duplicate names', () => {
    const text = edit(BASE, 'size: 16MiB, perms: rwx}]', 'size: 16MiB, perms: rwx}, {name: ram, ipa: 0x100_0000, pa: 0x4100_0000, size: 4KiB, perms: r}]');
    expect(one(text)).toBe(`18:${col(text, 18, 'ram, ipa: 0x100_0000')} semantic: duplicate mapping name in VM 'rt' 'ram' (first declared at line 18)`);
  });
  it('irq route to a vCPU the VM does not have', () => {
    expect(one(edit(BASE, '{spi: 40, vcpu: 0,', '{spi: 40, vcpu: 1,'))).toBe("20:28 semantic: SPI 40 is routed to vCPU 1 of VM 'rt', which has 1 vCPU(s)");
  });
  it('SPI outside the GIC SPI range, for devices and routes', () => {
    const text = edit(edit(BASE, 'irqs: [40]}', 'irqs: [96]}'), '{spi: 40,', '{spi: 96,');
    const d = diags(text);
    expect(d.map(brief)).toEqual([
      `11:${col(text, 11, '96]')} semantic: device 'uart0' asserts SPI 96, outside the GIC's SPI range 32-95`,
      `20:${col(text, 20, '96,')} semantic: SPI 96 routed to VM 'rt' is outside the GIC's SPI range 32-95`,
    ]);
  });
  it('a schedule naming a vCPU not pinned to that pCPU', () => {
    const text = edit(BASE, '{pcpu: 2, bind: {vm: linux, vcpu: 1}}', '{pcpu: 3, bind: {vm: linux, vcpu: 1}}');
    const d = diags(text);
    expect(d.map(brief)).toEqual([
      `24:${col(text, 24, '2]')} semantic: pCPU 2 hosts vCPU linux:1 but has no schedule`,
      `31:${col(text, 31, '{vm: linux')} semantic: vCPU linux:1 is pinned to pCPU 2, not to pCPU 3 which this schedule is for`,
    ]);
  });
  it('a pCPU hosting vCPUs with no schedule', () => {
    const text = edit(BASE, '  - {pcpu: 1, bind: rt:0}\n', '');
    expect(one(text)).toBe('17:13 semantic: pCPU 1 hosts vCPU rt:0 but has no schedule');
  });
  it('time-partition windows overlapping or past the major frame', () => {
    const text = edit(
      BASE,
      '  - {pcpu: 0, bind: linux:0}\n',
      `  - pcpu: 0
    time-partition:
      major-frame: 10ms
      windows:
        - {vcpu: linux:0, start: 0ms, length: 6ms}
        - {vcpu: linux:0, start: 5ms, length: 6ms}
`,
    );
    const d = diags(text);
    expect(d.map(brief)).toEqual([
      `34:${col(text, 34, '5ms,')} semantic: time window at 5ms overlaps the window 0ns-6ms`,
      `34:${col(text, 34, '6ms}')} semantic: window 5ms+6ms ends at 11ms, past the major frame of 10ms`,
    ]);
  });
  it('budget above period', () => {
    const text = edit(BASE, '  - {pcpu: 0, bind: linux:0}\n', '  - pcpu: 0\n    fixed-priority:\n      - {vcpu: linux:0, priority: 1, budget: 5ms, period: 2ms}\n');
    expect(one(text)).toBe(`31:${col(text, 31, '5ms')} semantic: budget 5ms exceeds period 2ms`);
  });
  it('doorbell SGI outside the SGI range', () => {
    expect(one(edit(BASE, 'doorbell: {sgi: 8}', 'doorbell: {sgi: 16}'))).toBe("38:21 semantic: doorbell SGI 16 is outside the GIC's SGI range 0-15");
  });
  it("mmio-ipa count not matching the device's MMIO ranges", () => {
    expect(one(edit(BASE, 'devices: [eth0]', 'devices: [{device: eth0, mmio-ipa: [0x9000_0000, 0x9001_0000]}]'))).toBe(
      "26:40 semantic: device 'eth0' has 1 MMIO range(s) but mmio-ipa gives 2",
    );
  });
  it('two windows at one IPA with different PAs inside one VM', () => {
    const text = edit(BASE, '{vm: rt, ipa: 0x1000_0000, perms: rw}', '{vm: rt, ipa: 0x0, perms: rw}');
    expect(one(text)).toBe(`37:${col(text, 37, '{vm: rt')} semantic: in VM 'rt', channel 'data' at IPA 0x0 overlaps mapping 'ram' (IPA 0x0-0xffffff) with a different PA`);
  });
});

describe('every error at once', () => {
  it('reports syntax-free errors of all kinds in one load, sorted by position', () => {
    let text = edit(BASE, 'criticality: SIL-2', 'criticality: SIL-5'); // schema, line 15
    text = edit(text, 'devices: [eth0]', 'devices: [eth9]'); // semantic, line 26
    text = edit(text, 'size: 4KiB\n    writer', 'size: 0\n    writer'); // semantic, line 35
    text = edit(text, 'bind: linux:0', 'bind: linux:7'); // semantic, line 29
    text = edit(text, 'doorbell: {sgi: 8}', 'doorbell: {sgi: 8, to: linus}'); // semantic, line 38
    const d = diags(text);
    expect(d.map((x) => `${x.at.line} ${x.class}`)).toEqual(['15 schema', '26 semantic', '29 semantic', '35 semantic', '38 semantic']);
    // The broken VM 'rt' is not reported again as unknown where it is referenced.
    expect(d.some((x) => x.message.includes("unknown VM 'rt'"))).toBe(false);
  });
  it('keeps going after a broken element and does not cascade', () => {
    // VM 'linux' is dropped; the schedule and the channel that name it are not reported.
    const d = diags(edit(BASE, 'vcpus: [0, 2]', 'vcpus: [0, two]'));
    expect(d.map(brief)).toEqual(["24:16 schema: 'vms[1].vcpus[1]' must be a whole number, not 'two'"]);
  });
});

describe('exact 64-bit addresses', () => {
  // RAM at the top of the address space and above 2^53, so the mappings are backed.
  const highRam = (text: string): string =>
    edit(text, 'ram: [{name: ddr, base: 0x4000_0000, size: 1GiB}]', 'ram: [{name: ddr, base: 0x4000_0000, size: 1GiB}, {name: hi, base: 0x20_0000_0000_0000, size: 1GiB}, {name: top, base: 0xffff_ffff_ffff_f000, size: 4KiB}]');
  const withMapping = (ipa: string, size: string): string =>
    edit(highRam(BASE), '{name: ram, ipa: 0x0, pa: 0x4000_0000, size: 16MiB, perms: rwx}', `{name: ram, ipa: 0x0, pa: 0x4000_0000, size: 16MiB, perms: rwx}, {name: top, ipa: ${ipa}, size: ${size}, perms: r}`);

  it('a mapping ending exactly at 2^64 loads, with exact bigints', () => {
    const s = value(withMapping('0xffff_ffff_ffff_f000', '4KiB'));
    const top = s.vms[0]!.memory[1]!;
    expect(top.ipa).toBe(0xffff_ffff_ffff_f000n);
    expect(top.pa).toBe(0xffff_ffff_ffff_f000n);
    expect(top.ipa + top.size).toBe(1n << 64n);
  });
  it('one page more overflows: a semantic error at the base', () => {
    const text = withMapping('0xffff_ffff_ffff_f000', '8KiB');
    const d = diags(text);
    expect(d.map(brief)).toEqual([`18:${col(text, 18, '0xffff_ffff_ffff_f000')} semantic: mapping 'top' of VM 'rt' (IPA) ends past the 64-bit address space: 0xfffffffffffff000 + 0x2000 > 2^64`]);
  });
  it('an address of 2^64 itself does not fit', () => {
    const d = diags(withMapping('0x1_0000_0000_0000_0000', '4KiB'));
    expect(d[0]!.message).toContain('does not fit in 64 bits');
  });
  it('addresses just above 2^53 survive intact', () => {
    const s = value(withMapping('0x20_0000_0000_1000', '4KiB'));
    expect(s.vms[0]!.memory[1]!.ipa).toBe(0x20_0000_0000_1000n);
    // Not page-aligned device MMIO: 2^53 + 1 has no double; written with and without '_'.
    const t2 = edit(BASE, '{base: 0xff00_0000, size: 4KiB}', '[{base: 0x20_0000_0000_0001, size: 0x100}, {base: 0x20000000000003, size: 0x100}]');
    const s2 = value(t2);
    expect(s2.soc.devices[0]!.mmio.map((r) => r.base)).toEqual([0x20_0000_0000_0001n, 0x20_0000_0000_0003n]);
    expect(BigInt(Number(0x20_0000_0000_0001n))).not.toBe(0x20_0000_0000_0001n); // a double would have lost it
    expect(s2.soc.devices[0]!.mmio.map((r) => r.name)).toEqual(['uart0.0', 'uart0.1']);
  });
});

describe('unsafe but well-formed configurations load', () => {
  it('overlapping memory between VMs, shared SPI, shared device, DMA without SMMU, hypervisor memory mapped, reader with w, bind pCPU with two vCPUs', () => {
    let text = edit(BASE, '{name: ram, ipa: 0x5000_0000, size: 256MiB, perms: rwx}', '{name: ram, ipa: 0x4000_0000, size: 256MiB, perms: rwx}, {name: hv, ipa: 0x7c00_0000, size: 64MiB, perms: rw}');
    text = edit(text, 'devices: [eth0]', 'devices: [eth0, uart0]');
    text = edit(text, '    irqs: [41, 42]\n', '    irqs: [41, 42, 40]\n');
    text = edit(text, '{vm: linux, perms: r}', '{vm: linux, perms: rw}');
    text = edit(text, 'vcpus: [0, 2]', 'vcpus: [0, 2, 1]');
    const s = value(text);
    expect(s.vms[1]!.memory[1]!.pa).toBe(0x7c00_0000n);
    expect(s.vms[1]!.devices.map((d) => d.device)).toEqual(['eth0', 'uart0']);
    expect(s.vms.flatMap((v) => v.irqs.map((r) => r.spi)).filter((n) => n === 40)).toHaveLength(2);
    expect(s.channels[0]!.endpoints[1]!.perms.w).toBe(true);
    expect(s.soc.smmu.present).toBe(false);
  });
  it('shared cache colors across criticalities', () => {
    const text = edit(
      edit(BASE, '  gic: {version: 3, spi: 32-95}\n', '  gic: {version: 3, spi: 32-95}\n  llc: {size: 1MiB, ways: 16, colors: 16}\n'),
      '  costs: {trap-entry: 1us,',
      '  costs: {cache-interference: 4x, trap-entry: 1us,',
    );
    const t2 = edit(edit(text, '    os: zephyr\n', '    os: zephyr\n    cache-colors: 0-7\n'), '    os: linux\n', '    os: linux\n    cache-colors: [4-11, 15]\n');
    const s = value(t2);
    expect(s.vms[0]!.cacheColors).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.vms[1]!.cacheColors).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 15]);
    expect(s.soc.costs.cacheInterference).toEqual({ num: 4n, den: 1n });
  });
  it('but cache colors past the LLC are malformed', () => {
    const text = edit(
      edit(BASE, '  gic: {version: 3, spi: 32-95}\n', '  gic: {version: 3, spi: 32-95}\n  llc: {size: 1MiB, ways: 16, colors: 16}\n'),
      '  costs: {trap-entry: 1us,',
      '  costs: {cache-interference: 4x, trap-entry: 1us,',
    );
    const d = diags(edit(text, '    os: zephyr\n', '    os: zephyr\n    cache-colors: 12-16\n'));
    expect(d.map(brief)).toEqual(["18:19 semantic: VM 'rt' uses cache color(s) 16, but the LLC has 16 colors"]);
  });
});
