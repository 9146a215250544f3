// Bad inputs to the command line: each ends in a positioned error or a usage error, exit 2,
// by itself, in a heap of 256 MB (where a leak or an unbounded read would abort V8). The
// CLI runs as a process from its TypeScript source (vite-node src/cli/main.ts), which also
// checks that the entry guard runs it there. The spawn timeout only detects a hang; nothing
// here asserts how long a run takes.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedFrom } from '../../src/cli/args.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const ROOT = resolve('.');
const TOUR = readFileSync('models/tour/two-vms.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'hvsafe-inputs-'));

type Ran = { code: number | null; out: string; err: string; killed: boolean };

// Asynchronous, so the test worker stays responsive while the CLI runs.
function cli(args: readonly string[], cwd = ROOT): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', join(ROOT, 'node_modules/vite-node/vite-node.mjs'), join(ROOT, 'src/cli/main.ts'), ...args], { cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // Only a hang detector: a run still going after this long is killed and fails the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8'), killed: signal !== null });
    });
  });
}

function socAt(path: string): string {
  return TOUR.replace(/^soc:\n(?: {2}.*\n)+/m, `soc: ${path}\n`);
}

function expectRefused(r: Ran, pattern: RegExp): void {
  expect(r.killed).toBe(false);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)|Maximum call stack|FATAL ERROR/);
  expect(r.code).toBe(2);
}

describe('the entry guard', () => {
  it('runs the CLI from the TypeScript source under vite-node, and fails closed', async () => {
    const v = await cli(['--version']);
    expect(v.out).toMatch(/^hvsafe \d+\.\d+\.\d+/);
    expect(v.code).toBe(0);
    const none = await cli([]);
    expect(none.err).toMatch(/usage: hvsafe <command>/);
    expect(none.code).toBe(2);
  });
});

describe('special files never hang a command', () => {
  const fifo = join(dir, 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  writeFileSync(join(dir, 'zero.yaml'), socAt('/dev/zero'));
  writeFileSync(join(dir, 'urandom.yaml'), socAt('/dev/urandom'));
  writeFileSync(join(dir, 'fifo-soc.yaml'), socAt(fifo));
  const socLine = socAt('X').split('\n').indexOf('soc: X') + 1;

  it('check: a FIFO as the scenario', async () => {
    expectRefused(await cli(['check', fifo, '--engines', 'pbt']), /fifo\.yaml:1:1: syntax error: cannot read the scenario file: it is a named pipe \(FIFO\)/);
  });
  it('check: a FIFO as the signing key', async () => {
    expectRefused(await cli(['check', 'models/tour/two-vms.yaml', '--evidence', join(dir, 'ev'), '--sign-key', fifo]), /cannot read the signing key .*fifo\.yaml: it is a named pipe \(FIFO\)/);
  });
  it('prove: soc: /dev/zero', async () => {
    expectRefused(await cli(['prove', join(dir, 'zero.yaml')]), new RegExp(`zero\\.yaml:${socLine}:6: semantic error: cannot read the SoC file '/dev/zero': it is a character device`));
  });
  it('simulate: soc: /dev/urandom', async () => {
    expectRefused(await cli(['simulate', join(dir, 'urandom.yaml')]), new RegExp(`urandom\\.yaml:${socLine}:6: .*it is a character device`));
  });
  it('report: soc: a FIFO; nothing is written', async () => {
    const out = join(dir, 'case');
    expectRefused(await cli(['report', join(dir, 'fifo-soc.yaml'), '--out', out]), /it is a named pipe \(FIFO\); hvsafe reads regular files only/);
    expect(existsSync(out)).toBe(false);
  });
  it('timing and simulate --script: a FIFO', async () => {
    for (const argv of [['timing', 'analyze', fifo], ['simulate', 'models/tour/two-vms.yaml', '--script', fifo]]) {
      const io = memoryIo();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(/named pipe \(FIFO\)/);
    }
  });
});

describe('resource limits', () => {
  it('a 50 MB scenario is refused without being read', async () => {
    const big = join(dir, 'big.yaml');
    const entry = '  - { name: r, ipa: 0x0, size: 4KiB, perms: rw }\n';
    writeFileSync(big, TOUR + 'extra:\n' + entry.repeat(Math.ceil((50 * 1024 * 1024) / entry.length)));
    expectRefused(await cli(['check', big]), /big\.yaml:1:1: syntax error: cannot read the scenario file: it is larger than 4 MiB/);
  });

  it('a 4 MiB scenario of a million entries is refused before the document is built', async () => {
    const many = join(dir, 'many.yaml');
    writeFileSync(many, `name: x\nsoc: [${'0,'.repeat(2_000_000 - 20)}0]\n`);
    expectRefused(await cli(['validate', many]), /many\.yaml:2:\d+: syntax error: the file has more than 500000 entries/);
  });

  it('20,000-deep nesting is a positioned error', async () => {
    const deep = join(dir, 'deep.yaml');
    writeFileSync(deep, `name: x\nsoc: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`);
    expectRefused(await cli(['check', deep]), /deep\.yaml:2:\d+: syntax error: the document nests more than 64 levels deep here/);
  });

  it('timing sbf --until 999999999 and simulate --events 1e11 are usage errors', async () => {
    expectRefused(await cli(['timing', 'sbf', 'models/timing/edf-edp.yaml', '--until', '999999999']), /--until must be a whole number from 0 to 1000000/);
    expectRefused(await cli(['simulate', 'models/tour/two-vms.yaml', '--events', '1e11']), /--events must be a whole number from 0 to 1000000, not '1e11'/);
  });

  it('the largest --until stays within the heap', async () => {
    const r = await cli(['timing', 'sbf', 'models/timing/edf-edp.yaml', '--until', '1000000', '--format', 'json']);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { sbf: number[] }).sbf).toHaveLength(1_000_001);
  });
});

describe('output paths are judged before any work', () => {
  it('--sarif naming a folder is refused at once, and leaves no temporary file', async () => {
    const d = join(dir, 'sarif-dir');
    mkdirSync(d);
    const io = memoryIo();
    expect(await main(['check', 'models/tour/two-vms.yaml', '--sarif', d, '--junit', join(dir, 'x', 'y', 'j.xml')], io)).toBe(2);
    expect(io.stderr()).toMatch(/--sarif .*sarif-dir: it is a folder; name a file, such as .*hvsafe\.sarif/);
    expect(io.stderr()).not.toMatch(/j\.xml/); // a missing parent is fine: it is made
    expect(io.stdout()).toBe(''); // nothing ran
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a path under a file, or a --save into a folder, is refused at once', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    for (const argv of [
      ['check', 'models/tour/two-vms.yaml', '--junit', join(dir, 'plain', 'j.xml')],
      ['check', 'models/tour/two-vms.yaml', '--evidence', join(dir, 'plain', 'ev')],
      ['report', 'models/tour/two-vms.yaml', '--out', join(dir, 'plain', 'case')],
      ['simulate', 'models/tour/two-vms.yaml', '--save', dir],
      ['prove', 'models/tour/two-vms.yaml', '--emit-smt2', join(dir, 'plain')],
      ['timing', 'analyze', 'models/timing/edf-edp.yaml', '--plot', join(dir, 'plain', 'p.svg')],
    ]) {
      const io = memoryIo();
      expect({ argv, code: await main(argv, io) }).toEqual({ argv, code: 2 });
      expect(io.stderr()).toMatch(/is a file|is a folder/);
      expect(io.stdout()).toBe('');
    }
  });

  it("the README's check --evidence evidence/cockpit works in a fresh folder; missing parents are made", async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'hvsafe-fresh-'));
    const io = memoryIo(fresh);
    const code = await main(['check', join(ROOT, 'models/tour/two-vms.yaml'), '--engines', 'pbt', '--runs', '20', '--evidence', 'evidence/cockpit', '--sarif', 'out/a/hvsafe.sarif'], io);
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(join(fresh, 'evidence/cockpit'))).toEqual(expect.arrayContaining(['bundle.json', 'records']));
    expect(existsSync(join(fresh, 'out/a/hvsafe.sarif'))).toBe(true);
    expect(readdirSync(join(fresh, 'out/a'))).toEqual(['hvsafe.sarif']);
    const sim = memoryIo(fresh);
    expect(await main(['simulate', join(ROOT, 'models/tour/two-vms.yaml'), '--events', '5', '--save', 'traces/new/t.yaml', '--quiet'], sim)).toBe(0);
    expect(readFileSync(join(fresh, 'traces/new/t.yaml'), 'utf8')).toMatch(/^# hvsafe event script/);
  });
});

describe('seeds', () => {
  it('a GitHub run ID or any text is a seed, hashed the same way every time', async () => {
    expect(seedFrom('7')).toBe(7);
    expect(seedFrom('4294967295')).toBe(4294967295);
    expect(seedFrom('16123456789')).toBe(seedFrom('16123456789'));
    expect(seedFrom('16123456789')).not.toBe(seedFrom('16123456788'));
    expect(seedFrom('main')).toBeLessThanOrEqual(0xffff_ffff);
    const a = memoryIo();
    const b = memoryIo();
    expect(await main(['simulate', 'models/tour/two-vms.yaml', '--events', '20', '--seed', '16123456789'], a)).toBe(0);
    expect(await main(['simulate', 'models/tour/two-vms.yaml', '--events', '20', '--seed', '16123456789'], b)).toBe(0);
    expect(a.stdout()).toBe(b.stdout());
    const c = memoryIo();
    expect(await main(['check', 'models/tour/two-vms.yaml', '--engines', 'pbt', '--runs', '10', '--seed', 'feature/x', '--format', 'json'], c)).toBe(0);
    expect((JSON.parse(c.stdout()) as { options: { seed: number } }).options.seed).toBe(seedFrom('feature/x'));
  });

  it('an empty seed (an unset variable) is a usage error', async () => {
    const io = memoryIo();
    expect(await main(['check', 'models/tour/two-vms.yaml', '--seed', ''], io)).toBe(2);
    expect(io.stderr()).toMatch(/--seed is empty/);
  });
});
