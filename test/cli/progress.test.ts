// Progress on stderr: rewritten in place on a terminal; elsewhere (CI logs, pipes) whole lines,
// at most one per interval; nothing with --quiet. The clock is injected: no timing assertions.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryIo, type Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { DEFAULT_PROGRESS_EVERY_MS, progressInterval, startProgress } from '../../src/cli/progress.js';

function clock() {
  let t = 0;
  return { now: () => t, set: (ms: number) => void (t = ms) };
}

describe('progress off a terminal', () => {
  it('writes a whole line at most once per interval, the latest step, with the elapsed time', () => {
    const io = memoryIo();
    const c = clock();
    const p = startProgress(io, 'check', { now: c.now, everyMs: 5000, heartbeat: false });
    p.update('[1/15] isolation.memory');
    c.set(4999);
    p.update('[1/15] isolation.memory  25/500 runs');
    expect(io.stderr()).toBe('');
    c.set(5000);
    p.update('[2/15] isolation.hypervisor');
    c.set(6000);
    p.update('[2/15] isolation.hypervisor  25/500 runs');
    c.set(10_000);
    p.update('[3/15] isolation.mmio');
    c.set(75_000);
    p.update('[9/15] containment.fault  475/500 runs');
    p.done();
    expect(io.stderr()).toBe(
      'hvsafe check: [2/15] isolation.hypervisor (5s)\n' + 'hvsafe check: [3/15] isolation.mmio (10s)\n' + 'hvsafe check: [9/15] containment.fault  475/500 runs (1m15s)\n',
    );
    expect(io.stdout()).toBe('');
  });

  it('--quiet writes nothing, on a terminal or not', () => {
    for (const isTTY of [false, true]) {
      const io = { ...memoryIo(), isTTY };
      const c = clock();
      const p = startProgress(io as Io, 'prove', { quiet: true, now: c.now, everyMs: 0, heartbeat: false });
      p.update('configuration level: solving 30 queries');
      c.set(60_000);
      p.update('transition level');
      p.done();
      expect(io.stderr()).toBe('');
    }
  });

  it('on a terminal, every step rewrites one line, cleared at the end', () => {
    const err: string[] = [];
    const io: Io = { out: () => undefined, err: (t) => void err.push(t), isTTY: true, cwd: process.cwd() };
    const p = startProgress(io, 'check', { heartbeat: false });
    p.update('[1/2] a');
    p.update('[2/2] b');
    p.done();
    expect(err).toEqual(['\r\x1b[2K[1/2] a', '\r\x1b[2K[2/2] b', '\r\x1b[2K']);
  });

  it('the interval comes from HVSAFE_PROGRESS_EVERY_MS, else 5 s', () => {
    expect(progressInterval({})).toBe(DEFAULT_PROGRESS_EVERY_MS);
    expect(DEFAULT_PROGRESS_EVERY_MS).toBe(5000);
    expect(progressInterval({ HVSAFE_PROGRESS_EVERY_MS: '30000' })).toBe(30_000);
    expect(progressInterval({ HVSAFE_PROGRESS_EVERY_MS: 'soon' })).toBe(DEFAULT_PROGRESS_EVERY_MS);
  });
});

describe('check, prove and report report progress when piped', () => {
  // Interval 0: every step is a line, so the test sees them without waiting.
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env['HVSAFE_PROGRESS_EVERY_MS'];
    process.env['HVSAFE_PROGRESS_EVERY_MS'] = '0';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['HVSAFE_PROGRESS_EVERY_MS'];
    else process.env['HVSAFE_PROGRESS_EVERY_MS'] = saved;
  });

  it('check: a line per step on stderr, stdout untouched; --quiet: none', async () => {
    const io = memoryIo();
    expect(await main(['check', 'models/tour/two-vms.yaml', '--runs', '50', '--property', 'isolation.memory', '--property', 'containment.scrub'], io)).toBe(0);
    expect(io.stderr()).toMatch(/^hvsafe check: z3: /m);
    expect(io.stderr()).toMatch(/^hvsafe check: \[1\/2\] isolation\.memory/m);
    expect(io.stderr()).toMatch(/^hvsafe check: \[2\/2\] containment\.scrub  25\/50 runs \(\d+s\)$/m);
    expect(io.stdout()).not.toMatch(/\[1\/2\]/);
    const quiet = memoryIo();
    expect(await main(['check', 'models/tour/two-vms.yaml', '--runs', '50', '--property', 'isolation.memory', '--quiet'], quiet)).toBe(0);
    expect(quiet.stderr()).toBe('');
    expect(quiet.stdout()).toMatch(/isolation\.memory +holds/);
  });

  it('prove: the level it is proving; --quiet: none', async () => {
    const io = memoryIo();
    expect(await main(['prove', 'models/tour/two-vms.yaml', '--levels', 'config', '--property', 'isolation.memory'], io)).toBe(0);
    expect(io.stderr()).toMatch(/^hvsafe prove: configuration level: /m);
    const quiet = memoryIo();
    expect(await main(['prove', 'models/tour/two-vms.yaml', '--levels', 'config', '--property', 'isolation.memory', '--quiet'], quiet)).toBe(0);
    expect(quiet.stderr()).toBe('');
  });

  it('report: the step it is checking; --quiet: none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-progress-'));
    try {
      const io = memoryIo();
      expect(await main(['report', 'models/tour/two-vms.yaml', '--out', join(dir, 'a'), '--runs', '10', '--max-steps', '10'], io)).toBe(0);
      expect(io.stderr()).toMatch(/^hvsafe report: \[15\/15\] security\.hypercall-reach/m);
      const quiet = memoryIo();
      expect(await main(['report', 'models/tour/two-vms.yaml', '--out', join(dir, 'b'), '--runs', '10', '--max-steps', '10', '--quiet'], quiet)).toBe(0);
      expect(quiet.stderr()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
