// SARIF output: valid against the SARIF 2.1.0 schema, rules related to the standards' fault
// classes through taxonomies, results at the declaring scenario line with the fields GitHub
// code scanning needs, counterexamples as code flows, inconclusive and not-checked never silent.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/check/report.js';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadScenario } from '../../src/config/load.js';
import { buildTopology } from '../../src/hv/topology.js';
import { CATALOG } from '../../proofs/index.js';

// The vendored schema is draft-04 (`id`); ajv 8 reads draft-07, where the keyword is `$id`.
function sarifValidator() {
  const schema = JSON.parse(readFileSync('schema/vendor/sarif-2.1.0-rtm.5.json', 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid with the u flag;
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  return ajv.compile({ ...rest, $id: String(id) });
}

interface Sarif {
  runs: {
    tool: { driver: { rules: Rule[]; supportedTaxonomies: { name: string; index: number }[] } };
    taxonomies: { name: string; taxa: { id: string }[] }[];
    results: Result[];
    automationDetails: { id: string };
  }[];
}
interface Ref {
  id: string;
  index: number;
  toolComponent: { name: string; index: number };
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  relationships: { target: Ref; kinds: string[] }[];
  properties: Record<string, unknown> & { tags: string[] };
}
interface Loc {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } };
  message?: { text: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: Loc[];
  partialFingerprints: Record<string, string>;
  taxa: Ref[];
  codeFlows?: { threadFlows: { locations: { location: Loc }[] }[] }[];
  properties: Record<string, unknown>;
}

const BREACH = 'models/breaches/cockpit-overlap.yaml';

async function sarifOf(...argv: string[]): Promise<{ code: number; text: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'hvsafe-sarif-')), 'out.sarif');
  const code = await checkCommand([...argv, '--sarif', file], memoryIo());
  return { code, text: readFileSync(file, 'utf8') };
}

describe('SARIF', () => {
  const validate = sarifValidator();

  it('a violation: schema-valid, at the declaring line, with a code flow, taxa and a stable fingerprint', async () => {
    const argv = [BREACH, '--runs', '20', '--property', 'isolation.memory', '--property', 'timing.cache-partition'];
    const { code, text } = await sarifOf(...argv);
    expect(code).toBe(1);
    const doc = JSON.parse(text) as Sarif;
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const run = doc.runs[0]!;
    expect(run.automationDetails.id).toBe('hvsafe/cockpit-overlap/');

    const mem = run.results.filter((r) => r.ruleId === 'isolation.memory');
    expect(mem.length).toBeGreaterThan(0);
    const lines = readFileSync(BREACH, 'utf8').split('\n');
    // The configuration finding sits at the declaration that makes the breach possible.
    expect(mem.some((r) => lines[r.locations[0]!.physicalLocation.region.startLine - 1]!.includes('gpu-carveout'))).toBe(true);
    for (const r of mem) {
      const pl = r.locations[0]!.physicalLocation;
      expect(pl.artifactLocation).toEqual({ uri: BREACH, uriBaseId: '%SRCROOT%' });
      // The region is a declaration the breach is made of (the actor's mapping), and the
      // overlapping declaration is among the related locations when it is not the region.
      const related = ((r as unknown as { relatedLocations?: { physicalLocation: { region: { startLine: number } } }[] }).relatedLocations ?? []).map((x) => x.physicalLocation.region.startLine);
      const places = [pl.region.startLine, ...related].map((l) => lines[l - 1]!);
      expect(places.some((l) => l.includes('gpu-carveout')), places.join('\n')).toBe(true);
      expect(places.some((l) => /name: ram, ipa: 0x4000_0000/.test(l)), places.join('\n')).toBe(true);
      expect(r.kind).toBe('fail');
      expect(r.level).toBe('error');
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe('isolation.memory');
      expect(r.partialFingerprints['hvsafeFinding/v1']).toMatch(/^[0-9a-f]{64}$/);
      expect(r.taxa.map((t) => [t.toolComponent.name, t.id])).toEqual([
        ['ISO 26262-6 Annex D', 'memory'],
        ['IEC 61508-3 Annex F', 'spatial'],
      ]);
    }
    const traced = mem.find((r) => r.codeFlows !== undefined);
    expect(traced).toBeDefined();
    const steps = traced!.codeFlows![0]!.threadFlows[0]!.locations;
    expect(steps.length).toBeGreaterThan(0);
    expect(steps[0]!.location.message!.text).toMatch(/^1\. (infotainment|cluster):0 writes .* memory of cluster\+infotainment/);
    expect(traced!.properties['replayToken']).toMatch(/^isolation\.memory:/);

    // Same run, same fingerprints: GitHub keeps one alert per breach across runs.
    const again = JSON.parse((await sarifOf(...argv)).text) as Sarif;
    expect(again.runs[0]!.results.map((r) => r.partialFingerprints)).toEqual(run.results.map((r) => r.partialFingerprints));
  });

  it('rules carry what GitHub shows, and relate to the taxa of both taxonomies', async () => {
    const { text } = await sarifOf('models/cockpit.yaml', '--runs', '3', '--property', 'isolation.mmio');
    const doc = JSON.parse(text) as Sarif;
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const run = doc.runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.taxonomies.map((t) => [t.name, t.taxa.map((x) => x.id)])).toEqual([
      ['ISO 26262-6 Annex D', ['timing-execution', 'memory', 'information-exchange']],
      ['IEC 61508-3 Annex F', ['spatial', 'temporal']],
    ]);
    expect(run.tool.driver.supportedTaxonomies).toEqual([
      { name: 'ISO 26262-6 Annex D', index: 0 },
      { name: 'IEC 61508-3 Annex F', index: 1 },
    ]);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(CATALOG.map((p) => p.id));
    for (const rule of run.tool.driver.rules) {
      const p = CATALOG.find((x) => x.id === rule.id)!;
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(rule.shortDescription.text).toBe(p.title);
      expect(rule.fullDescription.text).toContain(p.claim);
      expect(rule.help.markdown).toContain(p.rationale);
      expect(rule.properties['problem.severity']).toBe('error');
      expect(rule.properties.tags.includes('security')).toBe(rule.properties['security-severity'] !== undefined);
      // Each relationship resolves: the index points at the taxon with that ID.
      const targets = rule.relationships.map((x) => x.target);
      expect(targets.map((t) => run.taxonomies[t.toolComponent.index]!.taxa[t.index]!.id)).toEqual([p.iso26262, p.iec61508]);
    }
    expect(run.tool.driver.rules.find((r) => r.id === 'isolation.memory')!.properties['security-severity']).toBe('8.0');
  });

  it('an inconclusive property is a warning at the scenario that says so, never a pass', () => {
    const loaded = loadScenario('models/cockpit.yaml');
    if (!loaded.ok) throw new Error('the cockpit example must load');
    const scenario = loaded.value;
    const text = toSarif({
      scenario,
      topo: buildTopology(scenario),
      catalog: CATALOG,
      verdicts: [{ property: 'isolation.dma', status: 'inconclusive', engine: 'pbt', reason: 'time limit reached after 3 of 500 runs', runs: 3, events: 40, timeMs: 5, findings: [] }],
      options: { runs: 500, seed: 1, maxSteps: 50, shard: '1/1', replay: null },
      version: '0.1.0',
      exit: 3,
      cwd: process.cwd(),
    });
    const doc = JSON.parse(text) as Sarif;
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const [r] = doc.runs[0]!.results;
    expect(r).toMatchObject({ ruleId: 'isolation.dma', kind: 'fail', level: 'warning', properties: { verdict: 'inconclusive' } });
    expect(r!.message.text).toContain('could not be shown to hold');
    expect(r!.message.text).toContain('time limit reached');
    expect(r!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('models/cockpit.yaml');
  });

  it('a property no engine checked is a warning at the scenario that says so (schema-valid), never a pass and never "not applicable"', () => {
    const loaded = loadScenario('models/cockpit.yaml');
    if (!loaded.ok) throw new Error('the cockpit example must load');
    const scenario = loaded.value;
    const text = toSarif({
      scenario,
      topo: buildTopology(scenario),
      catalog: CATALOG,
      verdicts: [
        { property: 'containment.fault', status: 'not-checked', engine: 'z3', reason: 'the property has no configuration-level obligation for Z3', runs: 0, events: 0, timeMs: 0, findings: [] },
        { property: 'isolation.dma', status: 'not-applicable', engine: 'none', reason: 'no DMA device', runs: 0, events: 0, timeMs: 0, findings: [] },
      ],
      options: { runs: 500, seed: 1, maxSteps: 50, shard: '1/1', replay: null },
      version: '0.1.0',
      exit: 3,
      cwd: process.cwd(),
    });
    const doc = JSON.parse(text) as Sarif;
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const results = doc.runs[0]!.results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: 'containment.fault', kind: 'fail', level: 'warning', properties: { verdict: 'not-checked' } });
    expect(results[0]!.message.text).toMatch(/^containment\.fault was not checked: no engine of this run decides it, so nothing was shown\. the property has no configuration-level obligation/);
    expect(results[0]!.partialFingerprints['hvsafeResult/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the schema check itself rejects a broken log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
  });
});
