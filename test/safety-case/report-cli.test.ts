// hvsafe report end to end, in-process: the full set of files for a breach, the failed goals
// marked in the YAML and the diagram, determinism, and usage errors that write nothing.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { readBundle, verifyBundle } from '../../src/evidence/index.js';

const FAST = ['--runs', '30', '--max-steps', '20', '--seed', '1'];

describe('hvsafe report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-report-'));

  it('writes the full set for a breach, with the breached property failed and exit 1', async () => {
    const io = memoryIo();
    const out = join(dir, 'overlap');
    const code = await main(['report', 'models/breaches/cockpit-overlap.yaml', '--out', out, ...FAST, '--reproducible'], io);
    expect(io.stderr()).toBe('');
    expect(code).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['evidence', 'explore.html', 'report.html', 'report.md', 'safety-case.gsn.yaml', 'safety-case.svg']);
    const gsn = parse(readFileSync(join(out, 'safety-case.gsn.yaml'), 'utf8')) as Record<string, { text: string; classes?: string[]; supportedBy?: string[]; undeveloped?: boolean }>;
    expect(gsn['G-isolation.memory']!.classes).toEqual(['failed']);
    expect(gsn['G-isolation.memory-infotainment-cluster']!.classes).toEqual(['failed']);
    expect(gsn['G-ffi']!.classes).toEqual(['failed']);
    expect(gsn['G-isolation.mmio']!.classes).toEqual(['supported']);
    // Every solution cites a record that the bundle beside it holds and verifies.
    const bundle = readBundle(join(out, 'evidence'));
    expect(verifyBundle(bundle).problems).toEqual([]);
    const yaml = readFileSync(join(out, 'safety-case.gsn.yaml'), 'utf8');
    const cited = [...readFileSync(join(out, 'report.md'), 'utf8').matchAll(/Cites evidence\/records\/([0-9a-f]{64})\.json/g)].map((m) => m[1]!);
    expect(cited.length).toBe(Object.keys(gsn).filter((k) => k.startsWith('Sn-')).length);
    for (const id of cited) expect(bundle.records.has(id)).toBe(true);
    expect(yaml).not.toMatch(/startedAt|wallMs/);
    const svg = readFileSync(join(out, 'safety-case.svg'), 'utf8');
    expect(svg).toMatch(/<g id="G&#45;isolation\.memory" class="node gsn&#45;goal gsn&#45;failed">/);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const s of ['## 1. Summary', '## 2. Freedom from interference', '## 3. Traceability', '## 4. Technique compliance', '## 5. Assumptions of use', '## 6. Timing and resources', '## 7. Confidence in hvsafe', '## 8. Open anomalies'])
      expect(md).toContain(s);
    expect(md).toMatch(/\| \*\*violation\*\* \| `isolation\.memory`/);
    expect(md).toContain('--replay isolation.memory:');
  });

  it('from the evidence of check --engines z3: the claims no engine checked are open goals and anomalies, never supported, and the exit is 3', async () => {
    const ev = join(dir, 'z3-only-evidence');
    expect(await main(['check', 'models/tour/two-vms.yaml', '--engines', 'z3', '--no-cache', '--quiet', '--evidence', ev], memoryIo())).toBe(3);
    const io = memoryIo();
    const out = join(dir, 'z3-only');
    const code = await main(['report', 'models/tour/two-vms.yaml', '--evidence', ev, '--out', out], io);
    expect(io.stderr()).toBe('');
    expect(code).toBe(3);
    expect(io.stdout()).toMatch(/not checked/);
    const gsn = parse(readFileSync(join(out, 'safety-case.gsn.yaml'), 'utf8')) as Record<string, { text: string; classes?: string[]; undeveloped?: boolean }>;
    expect(gsn['G-containment.fault']!.classes).toEqual(['undeveloped']);
    expect(gsn['G-containment.fault-z3-open']!.undeveloped).toBe(true);
    expect(gsn['G-containment.fault-z3-open']!.text).toMatch(/is not checked: the property has no configuration-level obligation for Z3/);
    expect(gsn['G-isolation.mmio']!.classes).toEqual(['supported']);
    expect(gsn['G-ffi']!.classes).toEqual(['undeveloped']);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/\| `containment\.fault` \| [^\n]*\| \*\*NOT CHECKED\*\* \|/);
    expect(md).toMatch(/\| \*\*not checked\*\* \| `containment\.fault`/);
  }, 120_000);

  it('gives the same bytes for the same inputs and seed (--reproducible)', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    // a solves every query, b answers them from the cache that a warm-up filled: a cache hit
    // must leave no trace in reproducible output (it once showed as cachedQueries and an
    // empty solver list in the records, so committed reports went stale on a fresh clone).
    expect(await main(['report', 'models/cockpit.yaml', '--out', a, ...FAST, '--reproducible', '--no-cache'], memoryIo())).toBe(0);
    for (const _ of [1, 2]) expect(await main(['report', 'models/cockpit.yaml', '--out', b, ...FAST, '--reproducible'], memoryIo())).toBe(0);
    const files = (d: string, base = ''): string[] =>
      readdirSync(join(d, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(d, join(base, e.name)) : [join(base, e.name)])).sort();
    expect(files(b)).toEqual(files(a));
    expect(files(a).filter((f) => f.startsWith('evidence/records/')).length).toBeGreaterThan(10);
    for (const f of files(a)) {
      // The command line shown in the report names the folder; everything else must match.
      expect(readFileSync(join(a, f), 'utf8').split(a).join('X').replace(/--out \S+/g, '--out X'), f).toBe(
        readFileSync(join(b, f), 'utf8').split(b).join('X').replace(/--out \S+/g, '--out X'),
      );
    }
  });

  it('refuses bad usage with exit 2, a clear message and nothing written', async () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'mine');
    const cases: [string[], RegExp][] = [
      [['report', 'models/cockpit.yaml'], /--out DIR is required/],
      [['report', 'models/cockpit.yaml', '--out', full], /not empty and holds no previous report/],
      [['report', 'models/cockpit.yaml', '--out', join(dir, 'x'), '--runs', 'many'], /--runs must be a whole number/],
      [['report', '--out', join(dir, 'y')], /expected one scenario file, got 0/],
      [['report', 'models/no-such.yaml', '--out', join(dir, 'z')], /no-such\.yaml/],
    ];
    for (const [argv, msg] of cases) {
      const io = memoryIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.stderr()).toMatch(msg);
      expect(io.stderr()).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(full)).toEqual(['notes.txt']);
    for (const d of ['x', 'y', 'z']) expect(existsSync(join(dir, d))).toBe(false);
  });
});
