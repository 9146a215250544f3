// Nothing may pass without running (issue #10): a property that no engine of the run decides is
// not checked, shown as such in every output, and the run exits 3 (1 if something is violated).
// `check --engines z3` on properties without a Z3 obligation, `prove` at a level where the
// property has no obligation: zero queries prove nothing.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readBundle, verifyBundle } from '../../src/evidence/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'hvsafe-not-checked-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const TWO_VMS = 'models/tour/two-vms.yaml';
// On two-vms all three apply; isolation.mmio has a configuration-level Z3 obligation, containment.scrub and containment.fault have none.
const SOME = ['--property', 'isolation.mmio', '--property', 'containment.scrub', '--property', 'containment.fault'];

describe('check --engines z3', () => {
  it('reports the properties without a Z3 obligation as not-checked (not "not-applicable") and exits 3, in text, JSON, SARIF, JUnit and the evidence', async () => {
    const sarif = join(tmp, 'z3.sarif');
    const junit = join(tmp, 'z3.xml');
    const evidence = join(tmp, 'z3-evidence');
    const r = await run('check', TWO_VMS, '--engines', 'z3', '--no-cache', '--quiet', ...SOME, '--sarif', sarif, '--junit', junit, '--evidence', evidence);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/isolation\.mmio\s+holds\s+z3/);
    expect(r.out).toMatch(/containment\.scrub\s+not-checked\s+z3/);
    expect(r.out).toMatch(/containment\.fault\s+not-checked\s+z3/);
    expect(r.out).not.toMatch(/not-applicable/);
    expect(r.out).toMatch(/1 hold, 0 violated, 0 inconclusive, 0 not applicable, 2 NOT CHECKED/);
    expect(r.out).toMatch(/== NOT CHECKED: 2 properties .*\n\s+containment\.fault, containment\.scrub/);

    const json = await run('check', TWO_VMS, '--engines', 'z3', '--no-cache', '--quiet', ...SOME, '--format', 'json');
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.out) as { verdicts: { property: string; status: string; reason?: string }[]; summary: Record<string, number>; exit: number };
    expect(doc.exit).toBe(3);
    expect(doc.verdicts.map((v) => [v.property, v.status])).toEqual([
      ['isolation.mmio', 'holds'],
      ['containment.fault', 'not-checked'],
      ['containment.scrub', 'not-checked'],
    ]);
    expect(doc.verdicts[1]!.reason).toMatch(/no configuration-level obligation for Z3; run the pbt engine/);
    expect(doc.summary).toEqual({ holds: 1, violated: 0, inconclusive: 0, notApplicable: 0, notChecked: 2 });

    const s = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string; kind: string; level: string; message: { text: string }; properties: { verdict: string } }[]; invocations: { exitCode: number }[] }[] };
    const results = s.runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.kind, x.level, x.properties.verdict])).toEqual([
      ['containment.fault', 'fail', 'warning', 'not-checked'],
      ['containment.scrub', 'fail', 'warning', 'not-checked'],
    ]);
    expect(results[0]!.message.text).toMatch(/^containment\.fault was not checked: no engine of this run decides it/);
    expect(s.runs[0]!.invocations[0]!.exitCode).toBe(3);

    const x = readFileSync(junit, 'utf8');
    expect(x).toMatch(/<testsuites name="hvsafe check" tests="3" failures="0" errors="2" skipped="0"/);
    expect(x).toMatch(/name="containment\.scrub"[^\n]*>\n\s+<error type="not-checked" message="not checked: /);
    expect(x).not.toMatch(/<skipped/);

    const bundle = readBundle(evidence);
    expect(verifyBundle(bundle).problems).toEqual([]);
    expect(bundle.index.records.map((e) => [e.property, e.engine, e.verdict])).toEqual([
      ['containment.fault', 'z3', 'not-checked'],
      ['containment.scrub', 'z3', 'not-checked'],
      ['isolation.mmio', 'z3', 'holds'],
    ]);
    expect(bundle.index.summary).toEqual({ holds: 1, violated: 0, inconclusive: 0, notApplicable: 0, notChecked: 2 });
    expect(bundle.index.verdict).toBe('not-checked');
    expect(bundle.statement.predicate['verdict']).toBe('not-checked');
  }, 120_000);

  it('a violation still wins: exit 1 beside not-checked properties', async () => {
    const r = await run('check', 'models/breaches/cockpit-overlap.yaml', '--engines', 'z3', '--no-cache', '--quiet', '--property', 'isolation.memory', '--property', 'containment.fault');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/isolation\.memory\s+violated\s+z3/);
    expect(r.out).toMatch(/containment\.fault\s+not-checked/);
  }, 120_000);

  it('with the default engines nothing changes: the property tests decide what Z3 has no obligation for', async () => {
    const r = await run('check', TWO_VMS, '--no-cache', '--quiet', '--runs', '20', '--max-steps', '10', ...SOME, '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { verdicts: { property: string; status: string; engines?: unknown[] }[]; summary: Record<string, number> };
    expect(doc.verdicts.map((v) => [v.property, v.status])).toEqual([
      ['isolation.mmio', 'holds'],
      ['containment.fault', 'holds'],
      ['containment.scrub', 'holds'],
    ]);
    // No Z3 side where Z3 had nothing to say.
    expect(doc.verdicts[1]!.engines).toBeUndefined();
    expect(doc.summary['notChecked']).toBe(0);
  }, 120_000);
});

describe('prove at a level where the property has no obligation', () => {
  it('prove --levels transition --property timing.budget runs 0 queries: exit 3, "nothing was proved"', async () => {
    const r = await run('prove', TWO_VMS, '--levels', 'transition', '--property', 'timing.budget', '--no-cache', '--quiet');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/== timing\.budget: NOT CHECKED/);
    expect(r.out).toMatch(/no transition-level obligation for timing\.budget: nothing was proved/);
  }, 60_000);

  it('prove --levels config --property X, X without a configuration-level obligation: its verdict is not-checked, exit 3', async () => {
    const r = await run('prove', TWO_VMS, '--levels', 'config', '--property', 'containment.fault', '--property', 'isolation.mmio', '--no-cache', '--quiet', '--format', 'json');
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.out) as { verdicts: { property: string; status: string }[]; notChecked: { property: string; reason: string }[]; exit: number };
    expect(doc.exit).toBe(3);
    expect(doc.verdicts.map((v) => [v.property, v.status])).toEqual([
      ['isolation.mmio', 'holds'],
      ['containment.fault', 'not-checked'],
    ]);
    expect(doc.notChecked).toEqual([{ property: 'containment.fault', reason: 'no configuration-level obligation for containment.fault: nothing was proved' }]);
  }, 60_000);

  it('a violation decides the exit beside a property not checked', async () => {
    const r = await run('prove', 'models/breaches/industrial-shared-spi.yaml', '--levels', 'config', '--property', 'isolation.irq', '--property', 'containment.fault', '--no-cache', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/== isolation\.irq: VIOLATED/);
    expect(r.out).toMatch(/== containment\.fault: NOT CHECKED/);
  }, 60_000);

  it('a property whose subject does not exist stays not applicable, whatever the engine or level: not-applicable is decided on the configuration', async () => {
    // two-vms has no budgeted schedule: timing.budget does not apply there.
    const r = await run('prove', TWO_VMS, '--levels', 'config', '--property', 'timing.budget', '--no-cache', '--quiet', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { verdicts: { property: string; status: string }[]; notChecked: unknown[] };
    expect(doc.verdicts.map((v) => [v.property, v.status])).toEqual([['timing.budget', 'not-applicable']]);
    expect(doc.notChecked).toEqual([]);
  }, 60_000);
});
