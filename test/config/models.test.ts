// Every shipped model and breach loads with zero diagnostics, and validates against the
// JSON Schema named in its yaml-language-server modeline.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { loadScenario } from '../../src/config/load.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MODELS = join(ROOT, 'models');

// Scenario and SoC folders (other layers keep their own inputs elsewhere under models/).
const FOLDERS = ['.', 'breaches', 'soc', 'breaches/soc'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile() && /\.(ya?ml|json)$/.test(p))
    .sort();
}

const all = FOLDERS.flatMap((f) => yamlFiles(join(MODELS, f)));
const scenarios = all.filter((f) => !f.split('/').includes('soc'));
const socs = all.filter((f) => f.split('/').includes('soc'));

const ajv = new Ajv({ allErrors: true, strict: false });
const socSchema = JSON.parse(readFileSync(join(ROOT, 'schema/soc.schema.json'), 'utf8')) as object;
const scenarioSchema = JSON.parse(readFileSync(join(ROOT, 'schema/scenario.schema.json'), 'utf8')) as object;
ajv.addSchema(socSchema, 'soc.schema.json');
const validators: Record<string, ValidateFunction> = {
  'scenario.schema.json': ajv.compile(scenarioSchema),
  'soc.schema.json': ajv.getSchema('soc.schema.json')!,
};

describe('shipped models', () => {
  it('include the five examples and at least four breaches', () => {
    const names = scenarios.map((f) => relative(MODELS, f));
    for (const n of ['power-terminal', 'base-station', 'industrial-controller', 'cockpit', 'cnc-hmi']) expect(names).toContain(`${n}.yaml`);
    for (const n of ['power-terminal-dma', 'cockpit-overlap', 'industrial-shared-spi']) expect(names).toContain(`breaches/${n}.yaml`);
    expect(names.filter((n) => n.startsWith('breaches/')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(scenarios.map((f) => [relative(MODELS, f), f]))('%s loads with zero diagnostics', (_, file) => {
    const r = loadScenario(file);
    if (!r.ok) expect.fail(r.diagnostics.map((d) => formatDiagnostic(d, ROOT)).join('\n'));
    expect(r.ok).toBe(true);
  });

  it.each(all.map((f) => [relative(MODELS, f), f]))('%s names its schema and validates against it', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const first = text.split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, 'first line must be the yaml-language-server modeline').not.toBeNull();
    const schemaPath = resolve(dirname(file), m![1]!);
    expect(statSync(schemaPath).isFile()).toBe(true); // the relative path is right for the folder
    const expected = file.split('/').includes('soc') ? 'soc.schema.json' : 'scenario.schema.json';
    expect(relative(join(ROOT, 'schema'), schemaPath)).toBe(expected);
    const validate = validators[expected]!;
    const ok = validate(parse(text));
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has a comment block at the top of every model', () => {
    for (const f of all) {
      const lines = readFileSync(f, 'utf8').split('\n');
      const comment = lines.slice(1).findIndex((l) => !l.startsWith('#'));
      expect(comment, relative(ROOT, f)).toBeGreaterThanOrEqual(4);
    }
  });

  it('breaches say what the mistake is', () => {
    for (const f of scenarios.filter((x) => x.includes('/breaches/'))) expect(readFileSync(f, 'utf8')).toMatch(/^# BREACH: /m);
  });
});

describe('the schema rejects what the loader rejects (spot checks)', () => {
  const validate = validators['scenario.schema.json']!;
  const base = parse(readFileSync(join(MODELS, 'cnc-hmi.yaml'), 'utf8')) as Record<string, unknown>;
  const vm0 = (o: Record<string, unknown>): Record<string, unknown> => (o.vms as Record<string, unknown>[])[0]!;

  it('accepts the base and an inline SoC', () => {
    expect(validate(base)).toBe(true);
    const inline = { ...base, soc: parse(readFileSync(join(MODELS, 'soc/imx8qm-like.yaml'), 'utf8')) as unknown };
    expect(validate(inline), JSON.stringify(validate.errors)).toBe(true);
  });
  it('rejects an unknown key, a bad criticality, a duration without unit and a size with KB', () => {
    const c = structuredClone(base);
    vm0(c)['cache-colours'] = '0-3';
    expect(validate(c)).toBe(false);
    const d = structuredClone(base);
    vm0(d).criticality = 'ASIL-E';
    expect(validate(d)).toBe(false);
    const e = structuredClone(base);
    vm0(e).latency = { irq: '30' };
    expect(validate(e)).toBe(false);
    const f = structuredClone(base);
    (vm0(f).memory as Record<string, unknown>[])[0]!.size = '512MB';
    expect(validate(f)).toBe(false);
  });
});
