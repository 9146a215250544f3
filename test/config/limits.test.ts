// Inputs that used to hang, crash or leak the parser's own words: each ends in a positioned
// error (file:line:column), in the loader's words, with no scenario produced.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/config/diagnostics.js';
import { MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES } from '../../src/config/limits.js';
import { loadScenario, parseScenario } from '../../src/config/load.js';

const TOUR = readFileSync('models/tour/two-vms.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'hvsafe-limits-'));

function errors(text: string, file = join(dir, 's.yaml')): Diagnostic[] {
  const r = parseScenario(text, file);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return [...r.diagnostics];
}

function shown(ds: readonly Diagnostic[]): string {
  return ds.map((d) => formatDiagnostic(d)).join('\n');
}

describe('nesting, documents, aliases', () => {
  it('20,000 open brackets: a positioned nesting error, not a stack overflow', () => {
    const ds = errors(`name: x\nsoc: ${'['.repeat(20_000)}${']'.repeat(20_000)}\nvms: []\n`);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(new RegExp(`nests more than ${MAX_DEPTH} levels`));
    expect(ds[0]!.at).toMatchObject({ line: 2 });
    expect(shown(ds)).not.toMatch(/call stack/i);
  });

  it('20,000 nested block sequences on one line: the same', () => {
    const ds = errors(`name: x\nsoc:\n  ${'- '.repeat(20_000)}x\n`);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/nests more than/);
    expect(ds[0]!.at.line).toBe(3);
  });

  it('nesting just past the limit in flow style is caught exactly', () => {
    const ds = errors(`name: x\ndescription: ${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}\n`);
    expect(ds[0]!.message).toMatch(/nests more than/);
  });

  it('a second YAML document is named as such, without the parser\'s advice', () => {
    const ds = errors(`${TOUR}\n---\nname: other\n`);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/second YAML document/);
    expect(shown(ds)).not.toMatch(/parseAllDocuments/);
    expect(ds[0]!.at.line).toBe(TOUR.split('\n').length + 1);
  });

  it('anchors, aliases and merge keys load as YAML means them', () => {
    const text = TOUR.replace('health: { on-fault: restart, watchdog: 10ms, recovery-bound: 12ms }', 'health: &strict { on-fault: restart, watchdog: 10ms, recovery-bound: 12ms }')
      .replace('    health: { on-fault: restart }', '    health: { <<: *strict, watchdog: 20ms }')
      .replace("memory: [{ name: ram, ipa: 0x0, pa: 0x4000_0000, size: 64MiB, perms: rwx }]", "memory: &ctlmem [{ name: ram, ipa: 0x0, pa: 0x4000_0000, size: 64MiB, perms: rwx }]");
    expect(text).toContain('*strict');
    const r = parseScenario(text, join(dir, 'anchors.yaml'));
    if (!r.ok) throw new Error(shown(r.diagnostics));
    const [control, linux] = r.value.vms;
    expect(control!.health).toMatchObject({ onFault: 'restart', watchdogNs: 10_000_000, recoveryBoundNs: 12_000_000 });
    // The merged mapping keeps its own watchdog over the merged one.
    expect(linux!.health).toMatchObject({ onFault: 'restart', watchdogNs: 20_000_000, recoveryBoundNs: 12_000_000 });

    const plain = TOUR.replace('health: { on-fault: restart, watchdog: 10ms, recovery-bound: 12ms }', 'health: &h { on-fault: restart, watchdog: 10ms, recovery-bound: 12ms }').replace('    health: { on-fault: restart }', '    health: *h');
    const p = parseScenario(plain, join(dir, 'alias.yaml'));
    if (!p.ok) throw new Error(shown(p.diagnostics));
    expect(p.value.vms[1]!.health.watchdogNs).toBe(10_000_000);
  });

  it('an alias bomb is refused at an alias, with the expansion bounded', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const ds = errors(`name: x\ndescription: x\nbomb:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/with its aliases expanded the document has \d+ nodes; hvsafe reads at most/);
    expect(ds[0]!.at.line).toBeGreaterThan(3);
  });

  it('an alias inside the node it names is refused, not walked forever', () => {
    const ds = errors('name: x\nsoc: &s { name: y, self: *s }\n');
    expect(ds[0]!.message).toMatch(/refers to a node that contains it|Aliased anchor not found/);
  });

  it(`more than ${MAX_ENTRIES} entries are refused before the YAML document is built`, () => {
    const n = MAX_ENTRIES + 10;
    const ds = errors(`name: x\nsoc: [${'0,'.repeat(n)}0]\n`);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/more than 500000 entries/);
    expect(ds[0]!.at.line).toBe(2);
  });
});

describe('characters', () => {
  it('a NUL written as an escape in a name is refused at the name, and never printed raw', () => {
    const ds = errors(TOUR.replace('name: control', 'name: "con\\0trol"'));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/'vms\[0\]\.name' contains the control character U\+0000/);
    expect(ds[0]!.at.line).toBe(TOUR.split('\n').findIndex((l) => l.includes('name: control')) + 1);
    expect(shown(ds)).not.toMatch(/\0/);
  });

  it('a raw NUL byte in the file is refused at its line and column', () => {
    const ds = errors(TOUR.replace('name: control', 'name: con\0trol'));
    expect(ds[0]!.message).toMatch(/control character U\+0000/);
    expect(ds[0]!.at).toMatchObject({ line: TOUR.split('\n').findIndex((l) => l.includes('name: control')) + 1, column: 14 });
  });

  it('an escape sequence or a bidirectional override in a name is refused', () => {
    for (const bad of ['"\\e[31mred"', '"ab\\u202Ecd"']) {
      const ds = errors(TOUR.replace('name: linux\n', `name: ${bad}\n`));
      expect(ds.some((d) => /control character U\+(001B|202E)/.test(d.message))).toBe(true);
      expect(shown(ds)).not.toMatch(/\u001b|\u202e/);
    }
  });

  it('an unknown key with a control character is shown escaped', () => {
    const ds = errors(TOUR.replace('os: zephyr', '"o\\u0007s": zephyr'));
    expect(shown(ds)).toMatch(/unknown key 'o\\u\{7\}s'/);
  });
});

describe('every error at once', () => {
  it('a schema error inside a VM does not hide that VM\'s semantic errors', () => {
    const text = TOUR.replace('    criticality: QM\n', '    criticality: QMX\n')
      .replace('    devices: [eth0]                              # DMA goes through the SMMU, stream 0x874\n', '    devices: [nosuch]\n')
      .replace('    irqs: [{ spi: 95, vcpu: 0 }]\n', '    irqs: [{ spi: 999, vcpu: 0 }]\n')
      .replace('    health: { on-fault: restart }\n', '    health: { on-fault: reboot }\n');
    const ds = errors(text);
    expect(ds.map((d) => d.message)).toEqual([
      expect.stringMatching(/criticality' must be one of/),
      expect.stringMatching(/passes through device 'nosuch'/),
      expect.stringMatching(/SPI 999 routed to VM 'linux' is outside/),
      expect.stringMatching(/on-fault' must be one of/),
    ]);
  });
});

describe('special and oversized files', () => {
  const socFile = (path: string) => TOUR.replace(/^soc:\n(?: {2}.*\n)+/m, `soc: ${path}\n`);

  it.each(['/dev/zero', '/dev/urandom', '/dev/null'])('soc: %s is refused at the soc line', (dev) => {
    const text = socFile(dev);
    expect(text).toContain(`soc: ${dev}`);
    const ds = errors(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(new RegExp(`cannot read the SoC file '${dev}': it is a character device; hvsafe reads regular files only`));
    expect(ds[0]!.at.line).toBe(text.split('\n').indexOf(`soc: ${dev}`) + 1);
  });

  it('a FIFO as the SoC file or as the scenario is refused at once', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const ds = errors(socFile(fifo));
    expect(ds[0]!.message).toMatch(/a named pipe \(FIFO\); hvsafe reads regular files only/);
    const r = loadScenario(fifo);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/cannot read the scenario file: it is a named pipe/);
  });

  it(`a file over ${MAX_FILE_BYTES} bytes is refused without being read whole`, () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `name: x\ndescription: "${'x'.repeat(MAX_FILE_BYTES)}"\n`);
    const r = loadScenario(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/larger than 4 MiB/);
  });
});
