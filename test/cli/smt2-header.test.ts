// The SMT-LIB2 header names each input file by the sha256 of its bytes, the digest
// `sha256sum FILE` prints, so an assessor can tie an exported query to the file it came from.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-header-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('the SMT-LIB2 export header', () => {
  it('gives the scenario file and the SoC file it includes with their real sha256', async () => {
    const dir = join(tmp, 'smt2');
    const code = await main(['prove', 'models/cockpit.yaml', '--levels', 'config', '--property', 'isolation.memory', '--emit-smt2', dir], memoryIo());
    expect(code).toBe(0);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    const head = readFileSync(join(dir, files[0]!), 'utf8');
    expect(head).toContain(`; scenario: cockpit (cockpit.yaml), file sha256 ${sha('models/cockpit.yaml')}\n`);
    expect(head).toContain(`; included file: auto-8c.yaml, file sha256 ${sha('models/soc/auto-8c.yaml')}\n`);
  });

  it('the evidence bundle writes the same header as --emit-smt2', async () => {
    const ev = join(tmp, 'ev');
    const sm = join(tmp, 'sm');
    expect(await main(['check', 'models/tour/two-vms.yaml', '--property', 'isolation.memory', '--runs', '5', '--evidence', ev, '--quiet'], memoryIo())).toBe(0);
    expect(await main(['prove', 'models/tour/two-vms.yaml', '--levels', 'config', '--property', 'isolation.memory', '--emit-smt2', sm], memoryIo())).toBe(0);
    const bundled = readdirSync(join(ev, 'smt2')).map((f) => readFileSync(join(ev, 'smt2', f), 'utf8')).sort();
    const emitted = readdirSync(sm).map((f) => readFileSync(join(sm, f), 'utf8')).sort();
    expect(bundled).toEqual(emitted);
    expect(bundled[0]).toContain(`file sha256 ${sha('models/tour/two-vms.yaml')}`);
  });
});
