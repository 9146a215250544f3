// hvsafe prove, in-process and as a real process: usage errors (exit 2), proofs (0), violations
// with a replayed witness (1), JSON shape, --emit-smt2, and the process ending on its own (every
// Z3 thread released).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-prove-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('hvsafe prove', () => {
  it('usage errors are reported all at once with exit 2', async () => {
    const r = await run('prove', '--jobs', 'x', '--timeout', '0', '--format', 'xml', '--property', 'nope', '--levels', 'bogus');
    expect(r.code).toBe(2);
    for (const m of [/expected one scenario file/, /--jobs must be/, /--timeout must be/, /--format must be/, /no property 'nope'/, /--levels takes/]) expect(r.err).toMatch(m);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run('prove', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--emit-smt2 DIR/);
  });

  it('a bad scenario file is exit 2 with its diagnostics', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: x\nvms: []\n');
    const r = await run('prove', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing was run/);
  });

  it('a shipped example is proved: exit 0, every property proved or not applicable', async () => {
    const r = await run('prove', 'models/cockpit.yaml', '--levels', 'config', '--no-cache');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/isolation\.memory\s+proved/);
    expect(r.out).not.toMatch(/violated|inconclusive/);
  });

  it('a breach is exit 1 with the witness in words and the replayed trace; JSON has the queries', async () => {
    const r = await run('prove', 'models/breaches/industrial-shared-spi.yaml', '--levels', 'config', '--no-cache', '--property', 'isolation.irq');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/== isolation\.irq: VIOLATED/);
    expect(r.out).toMatch(/SPI 294/);
    expect(r.out).toMatch(/replayed from boot/);
    const j = await run('prove', 'models/breaches/industrial-shared-spi.yaml', '--levels', 'config', '--no-cache', '--property', 'isolation.irq', '--format', 'json');
    const doc = JSON.parse(j.out) as { verdicts: { property: string; status: string; queries: { answer: string; sha256: string }[] }[]; exit: number };
    expect(doc.exit).toBe(1);
    expect(doc.verdicts).toHaveLength(1);
    expect(doc.verdicts[0]!.status).toBe('violated');
    expect(doc.verdicts[0]!.queries.some((q) => q.answer === 'sat' && /^[0-9a-f]{64}$/.test(q.sha256))).toBe(true);
  });

  it('--emit-smt2 writes one file per query', async () => {
    const dir = join(tmp, 'smt2');
    const r = await run('prove', 'models/tour/two-vms.yaml', '--levels', 'config', '--emit-smt2', dir);
    expect(r.code).toBe(0);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(5);
    expect(files.every((f) => f.endsWith('.smt2'))).toBe(true);
  });

  it('as a process, it exits by itself once the proofs are done', () => {
    const entry = join(tmp, 'entry.ts');
    writeFileSync(
      entry,
      `import { main } from ${JSON.stringify(resolve('src/cli/main.ts'))};\n` +
        `const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t), isTTY: false, cwd: process.cwd() };\n` +
        `main(process.argv.slice(2), io).then((c) => { process.exitCode = c; });\n`,
    );
    const r = spawnSync(process.execPath, [resolve('node_modules/vite-node/vite-node.mjs'), entry, 'prove', 'models/breaches/cockpit-overlap.yaml', '--levels', 'config', '--no-cache'], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(r.error).toBeUndefined(); // not killed by the timeout: it ended on its own
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/isolation\.memory\s+violated/);
  });
});
