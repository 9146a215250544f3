// The assessor's report: eight sections built from the scenario, the catalog, the evidence
// bundle and the argument. Every verdict shown here is read from an evidence record, or is
// labelled as an analysis made for the report; nothing is rounded up.

import type { Scenario } from '../config/types.js';
import type { Bundle, EvidenceRecord } from '../evidence/types.js';
import { formatDuration } from '../sim/describe.js';
import { vmIrqLatency } from '../timing/irq-latency.js';
import { vmSchedulability } from '../timing/partition.js';
import type { Property } from '../../proofs/property.js';
import { critRank } from '../../proofs/util.js';
import { ANNEX_D, faultClassName } from './annex-d.js';
import type { Argument } from './argument.js';
import { assumptionsOf, gsnAssumptionId } from './assumptions.js';
import { anchorOf, type Block, type Cell, type ReportDocument, type Tone } from './document.js';
import { findingsOf, replayTokenOf, shortId, strayRecords, type ClaimEvidence, type ClaimStatus } from './evidence-view.js';
import { requirementsOf } from './requirements.js';
import { CLAUSES, levelFor, TECHNIQUES } from './standards.js';

export interface ReportInput {
  readonly scenario: Scenario;
  readonly catalog: readonly Property[];
  readonly bundle: Bundle;
  readonly argument: Argument;
  readonly svg: string;
  /** Paths in the report are relative to this folder. */
  readonly cwd: string;
  readonly options: { readonly runs: number; readonly seed: number; readonly maxSteps: number };
  /** The command that regenerates this report, shown verbatim. */
  readonly command: string;
  /** The explorer page beside the report (violations only): violated goals link to it. */
  readonly explorer?: string;
}

const TONE: Readonly<Record<ClaimStatus, Tone>> = {
  holds: 'holds',
  violated: 'violated',
  inconclusive: 'inconclusive',
  'not-applicable': 'not-applicable',
  // Not checked is shown like missing evidence: nothing stands behind the claim.
  'not-checked': 'missing',
  missing: 'missing',
};

const WORDS: Readonly<Record<ClaimStatus, string>> = {
  holds: 'holds',
  violated: 'VIOLATED',
  inconclusive: 'INCONCLUSIVE',
  'not-applicable': 'not applicable',
  'not-checked': 'NOT CHECKED',
  missing: 'NO EVIDENCE',
};

function verdictCell(s: ClaimStatus): Cell {
  return { text: WORDS[s], tone: TONE[s] };
}

/** Worst first: what a row of several claims may say. */
const RANK: readonly ClaimStatus[] = ['violated', 'missing', 'not-checked', 'inconclusive', 'holds', 'not-applicable'];
function worst(ss: readonly ClaimStatus[]): ClaimStatus {
  for (const s of RANK) if (ss.includes(s)) return s;
  return 'missing';
}

function rel(cwd: string, f: string): string {
  return f.startsWith(cwd + '/') ? f.slice(cwd.length + 1) : f;
}

function evidenceText(c: ClaimEvidence): string {
  return c.records.length === 0 ? '—' : c.records.map((r) => `${shortId(r.id)} (${r.record.engine}: ${r.record.verdict})`).join('\n');
}

export function buildReport(input: ReportInput): ReportDocument {
  const { scenario: s, bundle, argument, cwd } = input;
  const claims = argument.claims;
  const claimOf = new Map(claims.map((c) => [c.property.id, c] as const));
  const blocks: Block[] = [];
  const h = (level: 1 | 2 | 3, text: string): void => void blocks.push({ kind: 'heading', level, text, anchor: anchorOf(text) });
  const p = (text: string, tone?: Tone): void => void blocks.push({ kind: 'para', text, ...(tone ? { tone } : {}) });
  const list = (items: readonly string[]): void => void blocks.push({ kind: 'list', items });
  const table = (head: readonly string[], rows: readonly (readonly (Cell | string)[])[], id?: string): void =>
    void blocks.push({ kind: 'table', head, rows, ...(id ? { id } : {}) });

  const overall = worst(claims.map((c) => c.status));
  const count = (st: ClaimStatus): number => claims.filter((c) => c.status === st).length;
  const nodes = argument.gsn.nodes;
  const goals = nodes.filter((n) => n.kind === 'goal');
  const topNode = nodes[0]!;
  const scen = bundle.index.inputs.find((i) => i.role === 'scenario');
  const soc = bundle.index.inputs.find((i) => i.role === 'soc');
  const maxAsil = [...s.vms].sort((a, b) => critRank(b.criticality) - critRank(a.criticality))[0]?.criticality ?? 'QM';

  // ---------------------------------------------------------------- front matter
  const title = `Freedom from interference: ${s.name}`;
  h(1, title);
  table(
    ['Item', 'Value'],
    [
      ['Scenario', `${s.name}: ${s.description}`],
      ['Scenario file', { text: `${scen?.path ?? rel(cwd, s.file)}  sha256 ${scen?.sha256 ?? '?'}`, code: true }],
      ['SoC', soc ? { text: `${s.soc.name}: ${soc.path}  sha256 ${soc.sha256}`, code: true } : `${s.soc.name} (inside the scenario file)`],
      ['VMs', s.vms.map((v) => `${v.name} (${v.criticality}, ${v.os})`).join(', ')],
      ['Tool', `hvsafe ${bundle.index.tool.version}${bundle.index.tool.commit ? ` at commit ${bundle.index.tool.commit}` : ' (commit not recorded: reproducible output)'}`],
      ['Check options', `seed ${input.options.seed}; ${input.options.runs} random traces of up to ${input.options.maxSteps} events per property`],
      ['Regenerate with', { text: input.command, code: true }],
      ['Overall', { text: overall === 'holds' || overall === 'not-applicable' ? 'every applicable claim holds (within the assumptions of use, section 5)' : `${WORDS[overall]}: see section 8`, tone: TONE[overall] }],
    ],
    'front-matter',
  );
  p(
    'This report is generated by hvsafe report from the scenario, the property catalog and the evidence bundle in evidence/ (one content-addressed record per verdict). ' +
      'It never claims more than the evidence shows: a claim with a violated record is failed, one with an inconclusive or missing record is undeveloped, both in red. ' +
      'Every verdict is about hvsafe\'s model of the hypervisor on this configuration, under the assumptions of use in section 5 — above all AoU-model: that the deployed hypervisor implements that model.',
  );

  // ---------------------------------------------------------------- 1. summary
  h(2, '1. Summary');
  p(
    `${claims.length} claims: ${count('holds')} hold, ${count('violated')} violated, ${count('inconclusive')} inconclusive, ${count('missing')} without evidence, ${count('not-applicable')} not applicable${count('not-checked') > 0 ? `, ${count('not-checked')} not checked` : ''}. ` +
      `Top goal ${topNode.id}: ${topNode.status === 'supported' ? 'supported by the evidence' : topNode.status === 'failed' ? 'FAILED' : topNode.status === 'not-applicable' ? 'not applicable' : 'UNDEVELOPED (evidence missing, inconclusive or not checked)'}.`,
    topNode.status === 'supported' ? 'holds' : topNode.status === 'failed' ? 'violated' : 'missing',
  );
  table(
    ['Property', 'Claim', 'Fault class (ISO 26262-6 Annex D)', 'Verdict', 'Evidence (record: engine)'],
    claims.map((c) => [
      { text: c.property.id, code: true },
      c.property.claim,
      `${faultClassName(c.property.iso26262)} (${c.property.iec61508})`,
      c.status === 'violated' && input.explorer !== undefined ? { ...verdictCell(c.status), href: `${input.explorer}#${c.property.id}` } : verdictCell(c.status),
      evidenceText(c),
    ]),
    'summary',
  );
  h(3, '1.1 The argument (GSN)');
  const failedGoals = goals.filter((g) => g.status === 'failed');
  const undevGoals = goals.filter((g) => g.status === 'undeveloped');
  p(
    `${nodes.length} elements: ${goals.length} goals (${failedGoals.length} failed, ${undevGoals.length} undeveloped), ` +
      `${nodes.filter((n) => n.kind === 'strategy').length} strategies, ${nodes.filter((n) => n.kind === 'solution').length} solutions, ` +
      `${nodes.filter((n) => n.kind === 'context').length} contexts, ${nodes.filter((n) => n.kind === 'assumption').length} assumptions, ${nodes.filter((n) => n.kind === 'justification').length} justifications. ` +
      'Green: supported by holding evidence; red: failed (violated evidence) or undeveloped (dashed, with a diamond: missing or inconclusive evidence); grey: not applicable, with the reason as a justification. ' +
      'The same argument in gsn2x YAML is safety-case.gsn.yaml.',
  );
  if (failedGoals.length > 0) p(`Failed goals: ${failedGoals.map((g) => g.id).join(', ')}.`, 'violated');
  if (undevGoals.length > 0) p(`Undeveloped goals: ${undevGoals.map((g) => g.id).join(', ')}.`, 'missing');
  blocks.push({ kind: 'diagram', svg: input.svg, file: 'safety-case.svg', caption: `GSN argument for ${s.name} (GSN Community Standard v3 notation)` });

  // ---------------------------------------------------------------- 2. FFI table
  h(2, '2. Freedom from interference: Annex D faults');
  p(
    `One row per fault listed in ISO 26262-6:2018 Annex D, by class. Applicability is decided on the scenario; the verdict combines the verdicts of the properties that address the fault; where hvsafe checks nothing the row rests on an assumption of use (section 5). This table is an input to the dependent-failure analysis of ${CLAUSES.iso26262_9_dfa}, not a replacement for it.`,
  );
  const aouTitle = new Map(assumptionsOf(s).map((a) => [a.id, a.title] as const));
  table(
    ['Class', 'Fault', 'Applicability', 'Properties', 'Verdict', 'Mechanism / assumption of use'],
    ANNEX_D.map((f) => {
      const na = f.notApplicable?.(s);
      const present = f.properties.filter((id) => claimOf.has(id));
      const sts = present.map((id) => claimOf.get(id)!.status);
      const applicable = sts.filter((x) => x !== 'not-applicable');
      const verdict: Cell =
        na !== undefined
          ? { text: 'not applicable', tone: 'not-applicable' }
          : present.length === 0
            ? { text: 'assumption of use (not checked)', tone: 'assumption' }
            : applicable.length === 0
              ? { text: 'not applicable (every property)', tone: 'not-applicable' }
              : verdictCell(worst(applicable));
      return [
        faultClassName(f.cls),
        f.fault,
        na !== undefined ? `not applicable: ${na}` : 'applicable',
        present.length ? present.map((id) => `${id}: ${WORDS[claimOf.get(id)!.status]}`).join('\n') : '—',
        verdict,
        `${f.mechanism}.${na === undefined && f.scope?.(s) !== undefined ? `\n${f.scope(s)}.` : ''}\nAssumptions: ${f.assumptions.map((a) => `${a} (${aouTitle.get(a) ?? '?'})`).join('; ')}`,
      ];
    }),
    'ffi',
  );

  // ---------------------------------------------------------------- 3. traceability
  h(2, '3. Traceability: requirement → property → evidence → verdict');
  p('Requirements are derived from the scenario: one set per pair of VMs of different criticality, one per channel, and one per declared latency bound, recovery bound and guest task set.');
  const reqs = requirementsOf(s, cwd);
  const trRows: (Cell | string)[][] = [];
  for (const r of reqs) {
    const present = r.properties.filter((id) => claimOf.has(id));
    if (present.length === 0) {
      trRows.push([{ text: r.id, code: true }, r.text, r.source, '— (no property of the catalog decides it)', '—', { text: 'NO EVIDENCE', tone: 'missing' }]);
      continue;
    }
    present.forEach((id, k) => {
      const c = claimOf.get(id)!;
      // The requirement's text once, on its first row: the rows under it are its properties.
      trRows.push([{ text: r.id, code: true }, k === 0 ? r.text : '', k === 0 ? r.source : '', { text: id, code: true }, evidenceText(c), verdictCell(c.status)]);
    });
  }
  table(['Requirement', 'Text', 'Source', 'Property', 'Evidence', 'Verdict'], trRows, 'traceability');

  // ---------------------------------------------------------------- 4. techniques
  h(2, '4. Technique compliance');
  p(
    `Which verification methods and non-interference techniques of ISO 26262-6 and IEC 61508-3 hvsafe provides, and the evidence this run produced for each. ` +
      `Recommendation levels (++ highly recommended, + recommended, o no recommendation) are given for the highest ASIL in the scenario (${maxAsil}) as read by the hvsafe authors from the 2018 edition's table of methods for the verification of the software architectural design; confirm them against your licensed copy. ` +
      'For IEC 61508-3 the recommendation per SIL is in the cited Annex A table and is not reproduced here.',
  );
  const evidenceFor = (t: (typeof TECHNIQUES)[number]): Cell => {
    if (t.engines.length === 0) return { text: 'not provided', tone: 'assumption' };
    const engineMatches = (e: string): boolean => t.engines.some((x) => x === e || (e === 'config+pbt' && (x === 'config' || x === 'pbt')));
    const recs = [...bundle.records.values()].filter((r) => engineMatches(r.engine) && (t.properties === undefined || t.properties.some((p) => r.property === p || (p.endsWith('.') && r.property.startsWith(p)))));
    if (recs.length === 0) return { text: 'none in this run', tone: 'assumption' };
    const by = (v: string): number => recs.filter((r) => r.verdict === v).length;
    const parts = [['holds', 'hold'], ['violated', 'violated'], ['inconclusive', 'inconclusive'], ['not-applicable', 'not applicable'], ['not-checked', 'not checked']]
      .filter(([v]) => by(v!) > 0)
      .map(([v, w]) => `${by(v!)} ${w}`);
    return { text: `${recs.length} record${recs.length === 1 ? '' : 's'}: ${parts.join(', ')}`, tone: by('violated') + by('inconclusive') > 0 ? 'violated' : by('holds') > 0 ? 'holds' : by('not-checked') > 0 ? 'missing' : 'not-applicable' };
  };
  table(
    ['Standard', 'Reference', 'Technique', `Recommendation (${maxAsil})`, 'hvsafe engine', 'Evidence in this run', 'How'],
    TECHNIQUES.map((t) => [
      t.standard,
      t.ref,
      t.name,
      t.standard === 'ISO 26262-6' ? (levelFor(t, maxAsil) ?? '— (no ASIL)') : 'see table',
      t.engines.length ? t.engines.join(', ') : 'none',
      evidenceFor(t),
      t.how,
    ]),
    'techniques',
  );

  // ---------------------------------------------------------------- 5. assumptions of use
  h(2, '5. Assumptions of use');
  p('Every verdict in this report holds only under these assumptions. Each appears in the argument as an assumption (A-…) attached to the goal it qualifies.');
  table(
    ['ID', 'Assumption', 'Statement', 'To be discharged by', 'In the argument'],
    assumptionsOf(s).map((a) => [
      { text: a.id, code: true },
      a.title,
      a.text,
      a.discharge,
      `${gsnAssumptionId(a.id)} on ${a.attachTo === 'top' ? 'the top goal G-ffi' : `G-${a.attachTo}`}`,
    ]),
    'assumptions',
  );

  // ---------------------------------------------------------------- 6. timing and resources
  h(2, '6. Timing and resources');
  h(3, '6.1 CPU allocation');
  const cluster = new Map(s.soc.cpus.map((c) => [c.id, c.cluster] as const));
  table(
    ['pCPU', 'Cluster', 'Schedule', 'vCPUs'],
    s.soc.cpus.map((c) => {
      const e = s.schedule.find((x) => x.pcpu === c.id);
      const pinned = s.vms.flatMap((v) => v.vcpus.filter((x) => x.pcpu === c.id).map((x) => `${v.name}:${x.id} (${v.criticality})`));
      const what =
        e === undefined
          ? 'none (idle)'
          : e.kind === 'bind'
            ? `bind ${e.vcpu.vm}:${e.vcpu.vcpu}`
            : e.kind === 'time-partition'
              ? `time partition, major frame ${formatDuration(e.majorFrameNs)}: ${e.windows.map((w) => `${w.vcpu.vm}:${w.vcpu.vcpu} @${formatDuration(w.startNs)}+${formatDuration(w.lengthNs)}`).join(', ')}`
              : `fixed priority: ${e.entries.map((x) => `${x.vcpu.vm}:${x.vcpu.vcpu} prio ${x.priority}, ${formatDuration(x.budgetNs)}/${formatDuration(x.periodNs)}`).join('; ')}`;
      return [String(c.id), cluster.get(c.id) ?? '', what, pinned.join(', ') || '—'];
    }),
    'cpu-allocation',
  );
  h(3, '6.2 Last-level cache');
  if (s.soc.llc === undefined) p('The SoC declares no shared last-level cache.');
  else {
    const llc = s.soc.llc;
    p(`${s.soc.name}: ${llc.sizeBytes / 1024n} KiB, ${llc.ways} ways, ${llc.colors} colours. An empty colour list means the VM uses every colour.`);
    table(
      ['VM', 'Criticality', 'Colours'],
      s.vms.map((v) => [v.name, v.criticality, v.cacheColors.length ? compactRanges(v.cacheColors) : `all (0-${llc.colors - 1})`]),
      'cache',
    );
  }
  h(3, '6.3 Interrupt latency');
  p('Worst-case latency from a device interrupt to its delivery to the target vCPU, per route, computed by hvsafe\'s timing analysis (src/timing) from the schedule and the SoC costs (AoU-costs). Requirements are the route\'s own or the VM\'s, whichever is tighter.');
  const latRows: (Cell | string)[][] = [];
  s.vms.forEach((vm, i) => {
    for (const r of vmIrqLatency(s, i).routes) {
      const b = r.bound;
      latRows.push([
        vm.name,
        `SPI ${b.spi}`,
        `vCPU ${b.vcpu} → pCPU ${b.pcpu ?? '?'}`,
        b.mode ?? '—',
        b.boundNs === null ? { text: `unbounded: ${b.unboundedReason ?? ''}`, tone: 'violated' } : formatDuration(b.boundNs),
        r.requirementNs === undefined ? '—' : `${formatDuration(r.requirementNs)} (${r.requirementFrom})`,
        r.met === undefined ? { text: 'no requirement', tone: 'not-applicable' } : r.met ? { text: 'met', tone: 'holds' } : { text: 'NOT MET', tone: 'violated' },
      ]);
    }
  });
  if (latRows.length === 0) p('No interrupt is routed to a VM.');
  else table(['VM', 'Interrupt', 'Target', 'Scheduling', 'Bound', 'Requirement', 'Result'], latRows, 'latency');
  h(3, '6.4 Guest schedulability');
  const schedRows: (Cell | string)[][] = [];
  s.vms.forEach((vm, i) => {
    if (vm.tasks.length === 0) return;
    const a = vmSchedulability(s, i);
    schedRows.push([
      vm.name,
      `${a.taskCount} tasks, ${a.policy}`,
      a.perVcpu.map((v) => `vCPU ${v.vcpu} (pCPU ${v.pcpu}): ${v.supply.note}${v.analysis ? `: ${v.analysis.schedulable ? 'schedulable' : 'NOT schedulable'}` : ''}`).join('\n'),
      a.inconclusive ? { text: 'INCONCLUSIVE', tone: 'inconclusive' } : a.schedulable ? { text: 'schedulable', tone: 'holds' } : { text: 'NOT schedulable', tone: 'violated' },
    ]);
  });
  if (schedRows.length === 0) p('No VM declares a guest task set.');
  else table(['VM', 'Task set', 'Supply and analysis per vCPU', 'Result'], schedRows, 'schedulability');
  h(3, '6.5 Health monitoring and recovery');
  table(
    ['VM', 'On fault', 'Watchdog', 'Recovery bound', 'Interrupt storm limit'],
    s.vms.map((v) => [
      v.name,
      v.health.onFault,
      v.health.watchdogNs === undefined ? 'none' : formatDuration(v.health.watchdogNs),
      v.health.recoveryBoundNs === undefined ? 'none declared' : formatDuration(v.health.recoveryBoundNs),
      v.health.irqStormPerMs === undefined ? 'none' : `${v.health.irqStormPerMs} per ms`,
    ]),
    'health',
  );
  h(3, '6.6 Figures recorded as evidence');
  const measureRows: (Cell | string)[][] = [];
  for (const [id, r] of bundle.records) {
    for (const m of r.measures ?? []) {
      const lim = m.limit;
      const val = m.value;
      const over = typeof val === 'number' && typeof lim === 'number' ? val > lim : val === null && lim !== undefined;
      measureRows.push([
        { text: r.property, code: true },
        { text: shortId(id), code: true },
        m.name,
        val === null ? { text: 'unbounded', tone: 'violated' } : `${String(val)}${m.unit ? ` ${m.unit}` : ''}`,
        lim === undefined ? '—' : lim === null ? 'none can meet it' : `${String(lim)}${m.unit ? ` ${m.unit}` : ''}`,
        lim === undefined ? '' : over ? { text: 'exceeds', tone: 'violated' } : { text: 'within', tone: 'holds' },
      ]);
    }
  }
  if (measureRows.length === 0) p('No record of this run carries measures: the figures above are the analysis made for this report, not evidence records.');
  else table(['Property', 'Record', 'Measure', 'Value', 'Limit', ''], measureRows, 'measures');

  // ---------------------------------------------------------------- 7. tool confidence
  h(2, '7. Confidence in hvsafe as a tool');
  const decided = claims.filter((c) => c.status === 'holds');
  const crossChecked = decided.filter((c) => new Set(c.records.filter((r) => r.record.verdict === 'holds').map((r) => r.record.engine)).size >= 2 || c.records.some((r) => r.record.engine === 'config+pbt'));
  const single = decided.filter((c) => !crossChecked.includes(c));
  p(`Per ${CLAUSES.iso26262_8_tools}, and ${CLAUSES.iec61508_3_tools} where IEC 61508 applies (hvsafe is a T2 tool there: it verifies, it does not generate code).`);
  table(
    ['Aspect', 'Assessment'],
    [
      ['Use case', 'Verify that a hypervisor configuration keeps VMs of different criticality free from interference, as input to the freedom-from-interference argument.'],
      ['Tool impact', 'TI2: a malfunction could make hvsafe report that a claim holds when it does not, and the interference would go undetected.'],
      [
        'Error detection',
        'Counterexample replay: every violation is replayed from boot through the event-script format, and one that does not reproduce is reported as a tool bug (inconclusive), never as a verdict; this guards against false alarms, not against a false "holds". ' +
          'Cross-checks between engines: a configuration decision and the model-based test of the same claim (config+pbt) must agree, and where an SMT obligation exists the Z3 verdict is recorded beside them and a disagreement is an anomaly (section 8); exported SMT-LIB2 queries are re-run on the native solver. ' +
          'Determinism: same inputs and seed give the same records, so any result can be re-derived by a third party.',
      ],
      [
        'Tool error detection (TD)',
        `TD2 for claims decided by two checks that agree — a configuration decision and model-based tests, or an SMT proof beside them; independent in method, not in authorship (${crossChecked.length} of ${decided.length} holding claims: ${crossChecked.map((c) => c.property.id).join(', ') || 'none'}); ` +
          `TD3 for claims resting on one engine alone (${single.length}: ${single.map((c) => c.property.id).join(', ') || 'none'}), since a sampled test that finds nothing is weak evidence of absence.`,
      ],
      [
        'Tool confidence level',
        single.length > 0
          ? `TCL3 (TI2 with TD3 for some claims). ISO 26262-8 clause 11 then asks for the tool to be qualified for the ASIL at hand (here up to ${maxAsil}) — increased confidence from use, evaluation of the tool development process, validation of the software tool, or development to a safety standard — unless its results are verified independently.`
          : `TCL2 (TI2 with TD2). ISO 26262-8 clause 11 still asks for qualification methods for the ASIL at hand (here up to ${maxAsil}).`,
      ],
    ],
    'tool-confidence',
  );
  h(3, 'Known limitations');
  list([
    `Sampling: property tests ran ${input.options.runs} random traces of at most ${input.options.maxSteps} events per property (seed ${input.options.seed}). Absence of a counterexample is not a proof; configuration checks and SMT proofs are exhaustive, traces are not.`,
    'The model, not the implementation: every verdict is about hvsafe\'s executable model of the hypervisor (AoU-model). hvsafe has not read the hypervisor\'s code.',
    'Timing: the analysis trusts the cost figures of the SoC file (AoU-costs) and the guests\' WCETs (AoU-wcet); the model does not simulate caches, buses or memory controllers (cache interference is argued from colour assignments and a declared inflation factor).',
    'Hardware: MMU, SMMU and GIC are assumed to behave as specified (AoU-hardware); random hardware faults are outside this argument.',
    'Scope: interference inside a VM (AoU-guest-internal) and the guests\' end-to-end protection implementation (AoU-e2e) are not checked.',
  ]);

  // ---------------------------------------------------------------- 8. anomalies
  h(2, '8. Open anomalies');
  const anomalies: (Cell | string)[][] = [];
  for (const c of claims) {
    for (const r of c.records) {
      if (r.record.verdict === 'violated') {
        const fs = findingsOf(r.record);
        const token = replayTokenOf(r.record);
        anomalies.push([
          { text: 'violation', tone: 'violated', ...(input.explorer !== undefined ? { href: `${input.explorer}#${c.property.id}` } : {}) },
          { text: c.property.id, code: true },
          { text: shortId(r.id), code: true },
          fs.map((f) => `${f.message}${f.at ? ` (declared at ${f.at})` : ''}${f.fix ? `. Fix: ${f.fix}` : ''}`).join('\n') + (token ? `\nReplay: hvsafe check ${scen?.path ?? rel(cwd, s.file)} --replay ${token}` : ''),
        ]);
      }
      if (r.record.verdict === 'inconclusive') {
        anomalies.push([{ text: 'inconclusive', tone: 'inconclusive' }, { text: c.property.id, code: true }, { text: shortId(r.id), code: true }, r.record.reason ?? 'no reason recorded']);
      }
    }
    if (c.disagreement) {
      anomalies.push([
        { text: 'engine disagreement', tone: 'violated' },
        { text: c.property.id, code: true },
        c.records.map((r) => shortId(r.id)).join(', '),
        `engines disagree: ${c.records.map((r) => `${r.record.engine} ${r.record.verdict}`).join(', ')}. One of them is wrong; the claim is treated as failed until explained.`,
      ]);
    }
    if (c.status === 'not-checked') {
      anomalies.push([
        { text: 'not checked', tone: 'missing' },
        { text: c.property.id, code: true },
        c.records.map((r) => shortId(r.id)).join(', '),
        `no engine of the run decided this property: ${c.records.map((r) => `${r.record.engine}: ${r.record.reason ?? 'no reason recorded'}`).join('; ')}`,
      ]);
    }
    if (c.status === 'missing') anomalies.push([{ text: 'missing evidence', tone: 'missing' }, { text: c.property.id, code: true }, '—', 'the bundle holds no record for this property of the catalog']);
  }
  for (const r of strayRecords(input.catalog, bundle)) {
    anomalies.push([{ text: 'unknown property', tone: 'inconclusive' }, { text: r.record.property, code: true }, { text: shortId(r.id), code: true }, 'a record names a property this catalog does not have; it is not argued from']);
  }
  if (!bundle.index.complete) anomalies.push([{ text: 'partial run', tone: 'missing' }, '—', '—', 'the run did not check the whole catalog']);
  if (anomalies.length === 0) p('None: no violation, no inconclusive verdict, no disagreement between engines, no missing evidence.', 'holds');
  else table(['Kind', 'Property', 'Record', 'Details'], anomalies, 'anomalies');

  // A failed goal about one property (G-<id> or G-<id>-<pair>) links to that property's breach.
  const explorerLink = (goal: string): { href?: string } => {
    if (input.explorer === undefined) return {};
    const p = input.catalog.find((x) => goal === `G-${x.id}` || goal.startsWith(`G-${x.id}-`));
    return p === undefined || !claims.some((c) => c.property.id === p.id && c.status === 'violated') ? {} : { href: `${input.explorer}#${p.id}` };
  };

  // ---------------------------------------------------------------- appendices
  h(2, 'A. Argument elements');
  table(
    ['ID', 'Type', 'Status', 'Text'],
    nodes.map((n) => [
      { text: n.id, code: true },
      n.kind,
      n.status === 'failed' ? { text: 'FAILED', tone: 'violated', ...explorerLink(n.id) } : n.status === 'undeveloped' ? { text: 'UNDEVELOPED', tone: 'missing' } : n.status === 'supported' ? { text: 'supported', tone: 'holds' } : n.status === 'not-applicable' ? { text: 'not applicable', tone: 'not-applicable' } : '',
      n.text + (n.evidence ? `\nCites evidence/records/${n.evidence}.json` : ''),
    ]),
    'gsn-elements',
  );
  h(2, 'B. Evidence records');
  p('The bundle in evidence/ (bundle.json, records/<id>.json, statement.intoto.json). A record\'s ID is the sha256 of its canonical JSON without its timing member.');
  table(
    ['Record ID', 'Property', 'Engine', 'Verdict', 'Parameters'],
    [...bundle.records].map(([id, r]) => [
      { text: id, code: true },
      { text: r.property, code: true },
      r.engine,
      verdictCell(r.verdict),
      Object.entries(r.parameters)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
        .join(', ') || '—',
    ]),
    'records',
  );
  return { title, blocks };
}

function compactRanges(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
