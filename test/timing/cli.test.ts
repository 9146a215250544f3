import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { timingCommand } from '../../src/cli/timing.js';

const root = join(import.meta.dirname, '..', '..');

async function run(argv: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(cwd);
  const code = await timingCommand(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function tmpFile(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-timing-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

describe('hvsafe timing sbf', () => {
  it('prints the Γ(5,3) vector as JSON', async () => {
    const r = await run(['sbf', 'models/timing/fp-periodic.yaml', '--until', '15', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ sbf: [0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 5, 6, 6, 6, 7] });
    expect(r.err).toBe('');
  });

  it('text output names the supply and tabulates sbf', async () => {
    const r = await run(['sbf', 'models/timing/edf-edp.yaml', '--until', '13']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/EDP resource Ω\(Π=11, Θ=2, Δ=5\)/);
    expect(r.out).toMatch(/longest blackout: 12/);
    expect(r.out).toMatch(/\n\s+13\s+1\n/);
  });

  it('needs --until', async () => {
    const r = await run(['sbf', 'models/timing/fp-periodic.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing --until/);
    expect(r.err).toMatch(/usage: hvsafe timing sbf/);
  });
});

describe('hvsafe timing analyze', () => {
  it('schedulable → exit 0 with the fixed JSON shape', async () => {
    const r = await run(['analyze', 'models/timing/fp-dedicated.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      schedulable: true,
      tasks: [
        { name: 't1', responseTime: 1, deadline: 4, meetsDeadline: true },
        { name: 't2', responseTime: 2, deadline: 5, meetsDeadline: true },
        { name: 't3', responseTime: 7, deadline: 9, meetsDeadline: true },
        { name: 't4', responseTime: 18, deadline: 18, meetsDeadline: true },
      ],
    });
  });

  it('not schedulable → exit 1, response time reported above the deadline', async () => {
    const r = await run(['analyze', 'models/timing/fp-windows.yaml', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.schedulable).toBe(false);
    expect(j.tasks[0]).toEqual({ name: 'fast', responseTime: 8, deadline: 5, meetsDeadline: false });
  });

  it('unbounded response → null', async () => {
    const { file } = tmpFile('over.yaml', 'policy: fixed-priority\nsupply: { kind: periodic, period: 4, budget: 1 }\ntasks:\n  - { name: a, wcet: 1, period: 2 }\n');
    const r = await run(['analyze', file, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ schedulable: false, tasks: [{ name: 'a', responseTime: null, deadline: 2, meetsDeadline: false }] });
  });

  it("Lehoczky's example through the CLI: 118 for the second task", async () => {
    const { file } = tmpFile('leh.yaml', 'supply: { kind: dedicated }\ntasks:\n  - { name: a, wcet: 26, period: 70 }\n  - { name: b, wcet: 62, period: 100, deadline: 120 }\n');
    const r = await run(['analyze', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).tasks[1].responseTime).toBe(118);
  });

  it('text output: table, verdict and ASCII plot', async () => {
    const r = await run(['analyze', 'models/timing/fp-periodic.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/control\s+2\s+20\s+20\s+7\s+yes/);
    expect(r.out).toMatch(/verdict: schedulable/);
    expect(r.out).toMatch(/s = sbf\(t\), d = W\(t\)/);
  });

  it('--plot writes an SVG after success, and nothing on bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-plot-'));
    const ok = await run(['analyze', join(root, 'models/timing/edf-edp.yaml'), '--plot', 'out.svg', '--format', 'json'], dir);
    expect(ok.code).toBe(0);
    const svg = readFileSync(join(dir, 'out.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toMatch(/dbf\(t\)/);
    const { file } = tmpFile('bad.yaml', 'supply: { kind: periodic, period: 5, budget: 9 }\ntasks: []\n');
    const bad = await run(['analyze', file, '--plot', 'bad.svg'], dir);
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'bad.svg'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('usage and help', () => {
  it('--help for timing, sbf and analyze, exit 0', async () => {
    expect((await run(['--help'])).out).toMatch(/usage: hvsafe timing <command>/);
    expect((await run(['sbf', '--help'])).out).toMatch(/usage: hvsafe timing sbf FILE --until T/);
    const a = await run(['analyze', '-h']);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/usage: hvsafe timing analyze FILE/);
  });

  it('usage errors: exit 2, message and usage on stderr, no stack trace', async () => {
    for (const argv of [[], ['frobnicate'], ['analyze'], ['analyze', 'a.yaml', '--bogus'], ['analyze', 'a.yaml', '--format', 'xml'], ['sbf', 'a.yaml', '--until', '-3']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^hvsafe timing: /);
      expect(r.err).toMatch(/usage: hvsafe timing/);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    }
  });

  it('a missing file: exit 2', async () => {
    const r = await run(['analyze', 'nope/missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read nope\/missing.yaml: no such file/);
  });
});

describe('task file errors: file:line:column, all at once, with what is right', () => {
  it('reports every mistake with its position', async () => {
    const text = [
      'policy: rate-monotonic', // 1
      'supply: { kind: edp, period: 10, budget: 4, deadline: 3 }', // 2
      'tasks:', // 3
      '  - { name: a, wcet: 0, period: 4 }', // 4
      '  - { name: a, wcet: 1, period: 5, dedline: 5 }', // 5
      '  - { name: c, wcet: 1 }', // 6
      '',
    ].join('\n');
    const { dir } = tmpFile('bad.yaml', text);
    const r = await run(['analyze', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    const at = (l: number, c: number, re: RegExp): void => {
      const i = lines.findIndex((x) => x.startsWith(`bad.yaml:${l}:${c}: `) && re.test(x));
      expect(i, `bad.yaml:${l}:${c} ${re} in\n${r.err}`).toBeGreaterThanOrEqual(0);
    };
    at(1, 9, /must be one of fixed-priority, edf, not 'rate-monotonic'/);
    at(2, 55, /deadline 3 must lie within budget\.\.period \(4\.\.10\)/);
    at(4, 22, /semantic error: wcet must be greater than 0/);
    at(5, 13, /task name 'a' is used twice/);
    at(5, 36, /unknown key 'dedline'/);
    at(6, 5, /missing 'period'/);
    expect(r.err).toMatch(/hint: did you mean 'deadline'\?/);
    expect(r.err).toMatch(/6 errors in bad\.yaml/);
  });

  it('windows: outside the frame and overlapping, each at its own position', async () => {
    const text = 'supply:\n  kind: windows\n  frame: 20\n  windows: [[0, 5], [3, 4], [18, 4]]\ntasks: []\n';
    const { dir } = tmpFile('w.yaml', text);
    const r = await run(['analyze', 'w.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/w\.yaml:4:29: semantic error: window \[18, 4\] ends at 22, past the frame of 20/);
    expect(r.err).toMatch(/w\.yaml:4:21: semantic error: window \[3, 4\] overlaps window \[0, 5\], which runs until 5/);
    expect(r.err).toMatch(/hint: windows must not overlap: start this one at 5 or later/);
  });

  it('periodic budget above the period; YAML syntax errors', async () => {
    const { dir } = tmpFile('p.yaml', 'supply: { kind: periodic, period: 5, budget: 6 }\ntasks: []\n');
    const r = await run(['sbf', 'p.yaml', '--until', '3'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/p\.yaml:1:46: semantic error: budget 6 exceeds the period 5/);
    const { dir: d2 } = tmpFile('s.yaml', 'supply: { kind: dedicated\ntasks: []\n');
    const s = await run(['sbf', 's.yaml', '--until', '3'], d2);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/s\.yaml:\d+:\d+: syntax error/);
  });
});
