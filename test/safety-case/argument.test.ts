// The argument from hand-made evidence: each verdict lands where it must (failed, undeveloped,
// not applicable with its reason), nothing is greener than its evidence, and the structural
// checker catches every kind of malformed GSN.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import type { EvidenceRecord, EvidenceVerdict, Json } from '../../src/evidence/types.js';
import { CATALOG } from '../../proofs/index.js';
import { ANNEX_D } from '../../src/safety-case/annex-d.js';
import { buildArgument } from '../../src/safety-case/argument.js';
import { kindOfId, type Gsn, type GsnNode } from '../../src/safety-case/gsn.js';
import { checkGsn } from '../../src/safety-case/structure.js';

function cockpit(): Scenario {
  const r = loadScenario('models/cockpit.yaml');
  if (!r.ok) throw new Error('cockpit does not load');
  return r.value;
}

function record(property: string, verdict: EvidenceVerdict, extra: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return {
    schema: 'hvsafe.evidence/v1',
    property,
    engine: 'config+pbt',
    verdict,
    parameters: { runs: 10, maxSteps: 5, seed: 1 },
    findings: [],
    inputs: [],
    tool: { name: 'hvsafe', version: '0.0.0', commit: null },
    timing: { wallMs: 0 },
    ...extra,
  };
}

/** One holding record per catalog property, with the overrides given. */
function evidence(over: Record<string, EvidenceRecord | null> = {}): Map<string, EvidenceRecord> {
  const m = new Map<string, EvidenceRecord>();
  CATALOG.forEach((p, i) => {
    const r = p.id in over ? over[p.id] : record(p.id, 'holds');
    if (r) m.set(`${String(i).padStart(2, '0')}${'a'.repeat(62)}`, r);
  });
  return m;
}

function argue(records: Map<string, EvidenceRecord>) {
  const a = buildArgument({
    scenario: cockpit(),
    catalog: CATALOG,
    evidence: { records },
    inputs: [{ path: 'models/cockpit.yaml', role: 'scenario', sha256: 'f'.repeat(64) }],
    tool: { name: 'hvsafe', version: '0.0.0', commit: null },
    options: { runs: 10, seed: 1, maxSteps: 5 },
  });
  const byId = new Map(a.gsn.nodes.map((n) => [n.id, n] as const));
  return { a, node: (id: string): GsnNode => byId.get(id) ?? expect.fail(`no node ${id}`), problems: checkGsn(a.gsn, new Set(records.keys())) };
}

describe('the argument', () => {
  it('is well formed and supported when every record holds, with a goal per property', () => {
    const { a, node, problems } = argue(evidence());
    expect(problems).toEqual([]);
    expect(a.gsn.nodes[0]!.id).toBe('G-ffi');
    expect(node('G-ffi').status).toBe('supported');
    expect(node('G-ffi').text).toContain('cluster (ASIL-B)');
    expect(node('G-ffi').text).toContain('infotainment (QM)');
    for (const p of CATALOG) expect(node(`G-${p.id}`).kind).toBe('goal');
    // The model gap is visible: an assumption on the top goal.
    expect(node('G-ffi').inContextOf).toContain('A-model');
    expect(node('A-model').text).toMatch(/has not verified the hypervisor's code/);
    // Pairs of different criticality only: cluster/service are both ASIL-B.
    expect(node('S-isolation.memory-pairs').supportedBy).toEqual(['G-isolation.memory-infotainment-cluster', 'G-isolation.memory-infotainment-service']);
    for (const n of a.gsn.nodes) expect(kindOfId(n.id)).toBe(n.kind);
  });

  it('fails the goal of a violated property, the pair its finding names, and every goal above; other pairs stay undeveloped', () => {
    const finding: Json = { message: 'infotainment wrote cluster memory', actor: 'infotainment', victim: 'cluster' };
    const { node, problems } = argue(evidence({ 'isolation.memory': record('isolation.memory', 'violated', { findings: [finding] }) }));
    expect(problems).toEqual([]);
    expect(node('Sn-isolation.memory-config+pbt').status).toBe('failed');
    for (const id of ['G-isolation.memory', 'G-isolation.memory-infotainment-cluster', 'S-memory', 'G-memory', 'S-annex-d', 'G-ffi']) expect(node(id).status).toBe('failed');
    const other = node('G-isolation.memory-infotainment-service');
    expect(other.status).toBe('undeveloped');
    expect(other.undeveloped).toBe(true);
    expect(node('G-timing-execution').status).toBe('supported');
  });

  it('leaves a goal undeveloped for inconclusive or missing evidence, never supported', () => {
    const { node, problems } = argue(
      evidence({ 'containment.scrub': record('containment.scrub', 'inconclusive', { reason: 'time limit reached' }), 'isolation.mmio': null }),
    );
    expect(problems).toEqual([]);
    expect(node('G-containment.scrub').status).toBe('undeveloped');
    expect(node('G-containment.scrub-config+pbt-open').text).toContain('time limit reached');
    expect(node('G-isolation.mmio').undeveloped).toBe(true);
    expect(node('G-isolation.mmio').status).toBe('undeveloped');
    expect(node('G-ffi').status).toBe('undeveloped');
  });

  it('leaves the goal of a property no engine checked open (undeveloped), never supported', () => {
    const { a, node, problems } = argue(
      evidence({ 'containment.scrub': record('containment.scrub', 'not-checked', { engine: 'z3', reason: 'the property has no configuration-level obligation for Z3' }) }),
    );
    expect(problems).toEqual([]);
    expect(a.claims.find((c) => c.property.id === 'containment.scrub')!.status).toBe('not-checked');
    expect(node('G-containment.scrub').status).toBe('undeveloped');
    const open = node('G-containment.scrub-z3-open');
    expect(open.undeveloped).toBe(true);
    expect(open.text).toMatch(/UNDEVELOPED: record .* is not checked: the property has no configuration-level obligation for Z3/);
    // No solution cites the record as support.
    expect(a.gsn.nodes.some((n) => n.kind === 'solution' && n.text.includes('containment.scrub by z3'))).toBe(false);
    expect(node('G-ffi').status).toBe('undeveloped');
  });

  it('an engine that checked nothing does not weaken the engine that decided the claim', () => {
    const recs = evidence();
    recs.set('z'.repeat(64), record('containment.scrub', 'not-checked', { engine: 'z3', reason: 'the property has no configuration-level obligation for Z3' }));
    const { a, node, problems } = argue(recs);
    expect(problems).toEqual([]);
    expect(a.claims.find((c) => c.property.id === 'containment.scrub')!.status).toBe('holds');
    expect(node('G-containment.scrub').status).toBe('supported');
    expect(node('G-ffi').status).toBe('supported');
  });

  it('argues a not-applicable property with its reason, and keeps it out of the way', () => {
    const { node, problems } = argue(evidence({ 'timing.budget': record('timing.budget', 'not-applicable', { reason: 'no budgeted schedule' }) }));
    expect(problems).toEqual([]);
    expect(node('G-timing.budget').status).toBe('not-applicable');
    expect(node('J-timing.budget-na').text).toContain('no budgeted schedule');
    expect(node('G-timing-execution').status).toBe('supported');
  });

  it('treats engines that disagree as failed', () => {
    const recs = evidence();
    recs.set('z'.repeat(64), record('isolation.dma', 'violated', { engine: 'z3' }));
    const { a, node } = argue(recs);
    expect(node('G-isolation.dma').status).toBe('failed');
    expect(a.claims.find((c) => c.property.id === 'isolation.dma')!.disagreement).toBe(true);
  });
});

describe('the Annex D table', () => {
  it('leaves no fault without a property or an assumption, and names only catalog properties or ones the team is adding', () => {
    for (const f of ANNEX_D) expect(f.properties.length + f.assumptions.length, f.fault).toBeGreaterThan(0);
    expect(new Set(ANNEX_D.map((f) => f.cls))).toEqual(new Set(['timing-execution', 'memory', 'information-exchange']));
  });
});

describe('the structural checker', () => {
  const ok: Gsn = {
    nodes: [
      { id: 'G-1', kind: 'goal', text: 'top', supportedBy: ['S-1'], inContextOf: ['C-1'], undeveloped: false, status: 'supported' },
      { id: 'S-1', kind: 'strategy', text: 's', supportedBy: ['Sn-1'], inContextOf: [], undeveloped: false, status: 'supported' },
      { id: 'Sn-1', kind: 'solution', text: 'e', supportedBy: [], inContextOf: [], undeveloped: false, status: 'supported', evidence: 'r1' },
      { id: 'C-1', kind: 'context', text: 'c', supportedBy: [], inContextOf: [], undeveloped: false, status: 'neutral' },
    ],
  };
  const with_ = (i: number, patch: Partial<GsnNode>, extra: GsnNode[] = []): Gsn => ({ nodes: [...ok.nodes.map((n, k) => (k === i ? { ...n, ...patch } : n)), ...extra] });
  const check = (g: Gsn): string => checkGsn(g, new Set(['r1'])).map((p) => p.message).join('\n');

  it('accepts a well-formed argument', () => expect(check(ok)).toBe(''));
  it('finds a dangling link', () => expect(check(with_(1, { supportedBy: ['Sn-1', 'G-9'] }))).toMatch(/G-9, which does not exist/));
  it('finds a solution citing no existing record', () => expect(check(with_(2, { evidence: 'r2' }))).toMatch(/r2, which is not in the bundle/));
  it('finds a second top element', () =>
    expect(check(with_(0, {}, [{ id: 'G-2', kind: 'goal', text: 'other', supportedBy: [], inContextOf: [], undeveloped: true, status: 'undeveloped' }]))).toMatch(/exactly one top-level element, found 2/));
  it('finds a cycle', () => expect(check(with_(1, { supportedBy: ['Sn-1', 'G-1'] }))).toMatch(/cycle/));
  it('finds a link of the wrong kind', () => expect(check(with_(1, { supportedBy: ['Sn-1', 'C-1'] }))).toMatch(/supportedBy may only point at goal, strategy, solution/));
  it('finds inContextOf pointing at a goal', () => expect(check(with_(1, { inContextOf: ['Sn-1'] }))).toMatch(/inContextOf may only point at context/));
  it('finds a prefix that contradicts the kind', () => expect(check(with_(3, { id: 'J-1' }))).toMatch(/prefix/));
  it('finds a supported goal over a failed solution', () => expect(check(with_(2, { status: 'failed' }))).toMatch(/shown supported, but Sn-1 under it is failed/));
  it('finds an undeveloped goal with support', () => expect(check(with_(1, { undeveloped: true, status: 'undeveloped' }))).toMatch(/marked undeveloped but has supporting elements/));
});
