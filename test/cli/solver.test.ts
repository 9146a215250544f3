// `--solver auto|wasm|native` on the commands that run Z3: refused when it cannot be honoured,
// named in every output when it is.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { describeWithTool, Z3 as NATIVE_Z3 } from '../support/system-tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-solver-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const TWO_VMS = 'models/tour/two-vms.yaml';

describe('--solver refused', () => {
  it('an unknown choice, on prove, check and report', async () => {
    for (const argv of [
      ['prove', TWO_VMS, '--solver', 'fast'],
      ['check', TWO_VMS, '--solver', 'fast'],
      ['report', TWO_VMS, '--out', join(tmp, 'r'), '--solver', 'fast'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain("--solver takes auto, wasm, native, not 'fast'");
    }
  });

  it('with no z3 engine to choose for', async () => {
    const r = await run('check', TWO_VMS, '--engines', 'pbt', '--solver', 'wasm');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--solver chooses the Z3 build: leave z3 among --engines');
  });

  it('native with no z3 on PATH names the install, before any work', async () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = tmp;
    try {
      const r = await run('prove', TWO_VMS, '--solver', 'native', '--no-cache');
      expect(r.code).toBe(2);
      expect(r.err).toContain('--solver native: no z3 on PATH; install one (Debian: apt-get install z3) or use --solver wasm');
      expect(r.out).toBe('');
    } finally {
      process.env['PATH'] = saved;
    }
  });
});

describeWithTool(NATIVE_Z3, '--solver native with z3 installed', () => {
  it('prove names the native build and its processes, and proves what WebAssembly proves', async () => {
    const n = await run('prove', TWO_VMS, '--solver', 'native', '--levels', 'config', '--no-cache', '--jobs', '2', '--format', 'json', '--quiet');
    const w = await run('prove', TWO_VMS, '--solver', 'wasm', '--levels', 'config', '--no-cache', '--jobs', '1', '--format', 'json', '--quiet');
    expect([n.code, w.code]).toEqual([0, 0]);
    const [dn, dw] = [JSON.parse(n.out), JSON.parse(w.out)];
    expect(dn.options.solver).toMatch(/^Z3 version 4\.\d+\.\d+ \(native\)$/);
    expect(dn.options.mode).toBe('2 native z3 processes');
    expect(dw.options.solver).toMatch(/^z3-solver /);
    const verdicts = (d: { verdicts: { property: string; status: string }[] }) => d.verdicts.map((v) => `${v.property} ${v.status}`);
    expect(verdicts(dn)).toEqual(verdicts(dw));
  });

  it("check's evidence records name the native build", async () => {
    const ev = join(tmp, 'ev');
    const r = await run('check', TWO_VMS, '--solver', 'native', '--engines', 'z3', '--property', 'isolation.memory', '--no-cache', '--quiet', '--evidence', ev);
    expect(r.code).toBe(0);
    const recs = readdirSync(join(ev, 'records')).map((f) => JSON.parse(readFileSync(join(ev, 'records', f), 'utf8')) as { engine: string; parameters: { solver?: string } });
    const z3 = recs.filter((x) => x.engine === 'z3');
    expect(z3.length).toBeGreaterThan(0);
    for (const x of z3) expect(x.parameters.solver).toMatch(/\(native\)$/);
  });
});
