// hvsafe check as a command: exit codes, options, output files written whole.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../proofs/index.js';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await checkCommand(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('hvsafe check', () => {
  it('usage errors exit 2 and name the problem', async () => {
    expect((await run()).code).toBe(2);
    const r = await run('models/cockpit.yaml', '--runs', 'many', '--property', 'isolation.nothing', '--shard', '3/2');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--runs must be a whole number');
    expect(r.err).toContain("no property 'isolation.nothing'");
    expect(r.err).toContain('--shard must be K/N');
    expect((await run('models/cockpit.yaml', '--replay', 'garbage')).code).toBe(2);
    expect((await run('models/does-not-exist.yaml')).code).toBe(2);
  });

  it('holds → 0; the table names every selected property', async () => {
    const r = await run('models/cockpit.yaml', '--property', 'isolation.memory', '--property', 'timing.budget', '--runs', '40');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/isolation\.memory\s+holds\s+config\+pbt\s+40 runs/);
    expect(r.out).toMatch(/timing\.budget\s+not-applicable/);
  });

  it('a violation → 1, with the trace, the scenario line and a replay token; SARIF and JUnit written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-check-'));
    const sarif = join(dir, 'out.sarif');
    const junit = join(dir, 'out.xml');
    const r = await run('models/breaches/industrial-shared-spi.yaml', '--property', 'isolation.irq', '--runs', '50', '--sarif', sarif, '--junit', junit);
    expect(r.code).toBe(1);
    expect(r.out).toContain('VIOLATED');
    expect(r.out).toMatch(/declared at models\/breaches\/industrial-shared-spi\.yaml:\d+:\d+/);
    expect(r.out).toMatch(/replay: hvsafe check .* --replay isolation\.irq:\d+\/50:/);
    const s = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('isolation.irq');
    const res = s.runs[0].results.find((x: { codeFlows?: unknown }) => x.codeFlows !== undefined);
    expect(res.ruleId).toBe('isolation.irq');
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('models/breaches/industrial-shared-spi.yaml');
    expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(readFileSync(junit, 'utf8')).toContain('<failure');
    expect(existsSync(`${sarif}.${process.pid}.tmp`)).toBe(false);
  });

  it('json output has the documented shape', async () => {
    const r = await run('models/breaches/cockpit-shared-colors.yaml', '--format', 'json', '--property', 'timing.cache-partition');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.scenario.name).toBe('cockpit-shared-colors');
    expect(doc.verdicts[0]).toMatchObject({ property: 'timing.cache-partition', status: 'violated', engine: 'config' });
    expect(doc.summary.violated).toBe(1);
    expect(doc.exit).toBe(1);
  });

  it('shards split the catalog deterministically and cover it exactly once', async () => {
    const seen: string[] = [];
    for (const k of [1, 2, 3]) {
      const r = await run('models/cockpit.yaml', '--format', 'json', '--runs', '5', '--shard', `${k}/3`);
      seen.push(...JSON.parse(r.out).verdicts.map((v: { property: string }) => v.property));
    }
    expect(seen.length).toBe(CATALOG.length);
    expect(new Set(seen).size).toBe(CATALOG.length);
  });

  it('same seed, same verdicts and tokens', async () => {
    const a = JSON.parse((await run('models/breaches/cockpit-overlap.yaml', '--format', 'json', '--runs', '60', '--seed', '9')).out);
    const b = JSON.parse((await run('models/breaches/cockpit-overlap.yaml', '--format', 'json', '--runs', '60', '--seed', '9')).out);
    const strip = (d: { verdicts: { timeMs?: number }[] }) => d.verdicts.map(({ timeMs: _t, ...rest }) => rest);
    expect(strip(a)).toEqual(strip(b));
  });
});
