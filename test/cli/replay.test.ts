// Every replay command hvsafe prints must work: those in the committed breach reports
// (safety-case/breaches/*/report.md) and those `check` prints in text and JSON. Each one,
// run, reproduces its violation from boot (exit 1, the property violated, the same token).
// A well-formed token that names nothing is "no such counterexample", exit 2, with the
// tokens that do exist.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

interface Printed {
  readonly where: string;
  readonly scenario: string;
  readonly token: string;
}

function reportCommands(): Printed[] {
  const out: Printed[] = [];
  for (const b of readdirSync('safety-case/breaches')) {
    const md = readFileSync(`safety-case/breaches/${b}/report.md`, 'utf8');
    for (const m of md.matchAll(/Replay: hvsafe check (\S+) --replay ([^\s|<]+)/g)) out.push({ where: `safety-case/breaches/${b}/report.md`, scenario: m[1]!, token: m[2]! });
  }
  return out;
}

async function replay(p: Printed): Promise<void> {
  const io = memoryIo();
  const code = await main(['check', p.scenario, '--replay', p.token, '--no-cache', '--format', 'json'], io);
  const property = p.token.startsWith('z3:') ? p.token.slice(3).split('/')[0] : p.token.split(':')[0];
  expect({ ...p, code, err: io.stderr() }).toEqual({ ...p, code: 1, err: '' });
  const doc = JSON.parse(io.stdout()) as { verdicts: { property: string; status: string; counterexample?: { token: string; steps: unknown[] }; findings: unknown[] }[] };
  expect(doc.verdicts).toHaveLength(1);
  const v = doc.verdicts[0]!;
  expect({ ...p, property: v.property, status: v.status, token: v.counterexample?.token }).toEqual({ ...p, property, status: 'violated', token: p.token });
  // Replayed from boot under the monitor: the findings it reports (at boot, for a route the
  // hypervisor installs there, or after the trace's steps).
  expect(v.findings.length).toBeGreaterThan(0);
}

describe('replay commands printed in the committed breach reports', () => {
  const printed = reportCommands();
  it('there are some, of both kinds', () => {
    expect(printed.length).toBeGreaterThanOrEqual(10);
    expect(printed.some((p) => p.token.startsWith('z3:'))).toBe(true);
    expect(printed.some((p) => /:w\d+$/.test(p.token))).toBe(true);
    expect(printed.some((p) => /:\d+(:\d+)*$/.test(p.token) && !p.token.startsWith('z3:'))).toBe(true);
  });
  it.each(printed.map((p) => [`${p.scenario} --replay ${p.token}`, p] as const))('%s reproduces its violation', async (_name, p) => {
    await replay(p);
  });
});

describe('replay commands printed by check', () => {
  it.each(['models/breaches/cockpit-overlap.yaml', 'models/breaches/power-terminal-dma.yaml'])('every token in the text and JSON output of %s replays', async (scenario) => {
    const args = ['check', scenario, '--runs', '100', '--max-steps', '30', '--no-cache'];
    const text = memoryIo();
    expect(await main(args, text)).toBe(1);
    const json = memoryIo();
    expect(await main([...args, '--format', 'json'], json)).toBe(1);
    const fromText = [...text.stdout().matchAll(/replay: hvsafe check (\S+) --replay (\S+)/g)].map((m) => ({ where: 'text', scenario: m[1]!, token: m[2]! }));
    const doc = JSON.parse(json.stdout()) as { verdicts: { counterexample?: { token: string } }[] };
    const fromJson = doc.verdicts.flatMap((v) => (v.counterexample ? [{ where: 'json', scenario, token: v.counterexample.token }] : []));
    expect(fromText.length).toBeGreaterThan(0);
    expect(fromText.map((p) => p.token).sort()).toEqual(fromJson.map((p) => p.token).sort());
    for (const p of fromText) await replay(p);
  });
});

describe('tokens that name nothing', () => {
  it.each([
    ['models/breaches/cockpit-overlap.yaml', 'z3:isolation.memory/pa/chunks-9999', /this scenario has no Z3 query isolation\.memory\/pa\/chunks-9999/],
    ['models/tour/two-vms.yaml', 'z3:isolation.memory/pa/chunks-0001', /UNSAT on this scenario|has no Z3 query/],
    ['models/tour/two-vms.yaml', 'isolation.memory:1/30:9:9:9', /reproduces no violation of isolation\.memory/],
    ['models/tour/two-vms.yaml', 'timing.irq-latency:47107923/30:w7', /reproduces no violation of timing\.irq-latency/],
  ])('%s --replay %s: exit 2, no such counterexample', async (scenario, token, why) => {
    const io = memoryIo();
    const code = await main(['check', scenario, '--replay', token, '--runs', '50'], io);
    expect(io.stderr()).toMatch(/^hvsafe check: no such counterexample: /);
    expect(io.stderr()).toMatch(why);
    expect(io.stderr()).not.toMatch(/bug in hvsafe/i);
    expect(code).toBe(2);
    expect(io.stdout()).toBe('');
  });

  it('lists the counterexamples that do exist', async () => {
    const io = memoryIo();
    expect(await main(['check', 'models/breaches/cockpit-overlap.yaml', '--replay', 'z3:isolation.memory/pa/chunks-9999', '--runs', '50'], io)).toBe(2);
    expect(io.stderr()).toMatch(/counterexamples of isolation\.memory on this scenario[^\n]*:\n {4}--replay isolation\.memory:\d+\/\d+:[\d:]+\n {4}--replay z3:isolation\.memory\/pa\/chunks-0001\n/);
  });

  it('a malformed token or an unknown property is a usage error before anything runs', async () => {
    for (const t of ['nonsense', 'z3:', 'isolation.nothing:1/30:0', 'z3:isolation.nothing/x']) {
      const io = memoryIo();
      expect(await main(['check', 'models/tour/two-vms.yaml', '--replay', t], io)).toBe(2);
      expect(io.stderr()).toMatch(/--replay takes a token|names no known property/);
    }
  });
});
