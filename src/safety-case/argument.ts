// The freedom-from-interference argument, built from the scenario, the catalog and the
// evidence bundle — nothing else. Shape:
//
//   G-ffi  VMs of different criticality are free from interference     (contexts, assumptions)
//    └ S-annex-d  over the ISO 26262-6 Annex D fault classes             (justifications)
//       └ G-timing-execution / G-memory / G-information-exchange
//          └ S-<class>  over the catalog properties of that class
//             └ G-<property>  the property's claim
//                ├ S-<property>-pairs → G-<property>-<a>-<b>   per VM pair, where it matters
//                ├ Sn-<property>-<engine>   one solution per evidence record
//                └ G-<property>-<engine>-open   undeveloped, per inconclusive record
//
// Status flows upwards and only ever gets redder: one failed solution fails every goal above it.

import { match } from 'ts-pattern';
import type { Scenario, Vm } from '../config/types.js';
import type { InputDigest, ToolInfo } from '../evidence/types.js';
import type { FaultClass, Property } from '../../proofs/property.js';
import { critRank } from '../../proofs/util.js';
import { FAULT_CLASSES } from './annex-d.js';
import { assumptionsOf, gsnAssumptionId } from './assumptions.js';
import { claimEvidence, findingsOf, shortId, type CitableEvidence, type ClaimEvidence, type CitedRecord } from './evidence-view.js';
import type { Gsn, GsnKind, GsnNode, GsnStatus } from './gsn.js';
import { CLAUSES } from './standards.js';

export interface ArgumentInput {
  readonly scenario: Scenario;
  readonly catalog: readonly Property[];
  readonly evidence: CitableEvidence;
  readonly inputs: readonly InputDigest[];
  readonly tool: ToolInfo;
  readonly options: { readonly runs: number; readonly seed: number; readonly maxSteps: number };
}

export interface Argument {
  readonly gsn: Gsn;
  readonly claims: readonly ClaimEvidence[];
}

type Draft = { -readonly [K in keyof GsnNode]: GsnNode[K] } & { supportedBy: string[]; inContextOf: string[] };

const CLASS_GOAL: Readonly<Record<FaultClass, string>> = {
  'timing-execution': 'G-timing-execution',
  memory: 'G-memory',
  'information-exchange': 'G-information-exchange',
};

/** Which properties are argued per pair of VMs of different criticality, and how. */
const PAIRWISE: Readonly<Record<string, { readonly directed: boolean; readonly text: (lo: Vm, hi: Vm) => string }>> = {
  'isolation.memory': {
    directed: false,
    text: (lo, hi) => `No physical address is reachable by both ${vmLabel(hi)} and ${vmLabel(lo)}, except through a declared channel.`,
  },
  'containment.fault': {
    directed: true,
    text: (lo, hi) => `A fault in ${vmLabel(lo)} leaves everything ${vmLabel(hi)} can observe unchanged.`,
  },
  'timing.cache-partition': {
    directed: false,
    text: (lo, hi) => `${vmLabel(hi)} and ${vmLabel(lo)} share no last-level-cache colour.`,
  },
};

export function vmLabel(vm: Vm): string {
  return `${vm.name} (${vm.criticality})`;
}

/** Pairs (lower, higher) of VMs whose criticalities differ, in scenario order. */
export function mixedPairs(s: Scenario): { lo: Vm; hi: Vm }[] {
  const out: { lo: Vm; hi: Vm }[] = [];
  for (let i = 0; i < s.vms.length; i++) {
    for (let j = i + 1; j < s.vms.length; j++) {
      const a = s.vms[i]!;
      const b = s.vms[j]!;
      const d = critRank(a.criticality) - critRank(b.criticality);
      if (d < 0) out.push({ lo: a, hi: b });
      else if (d > 0) out.push({ lo: b, hi: a });
    }
  }
  return out;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9.]+/g, '-');
}

function digestOf(inputs: readonly InputDigest[], role: InputDigest['role']): InputDigest | undefined {
  return inputs.find((i) => i.role === role);
}

function paramsText(r: CitedRecord): string {
  const p = r.record.parameters;
  const parts: string[] = [];
  if (typeof p['runs'] === 'number' && p['runs'] > 0) parts.push(`${p['runs']} runs`);
  if (typeof p['maxSteps'] === 'number') parts.push(`≤${p['maxSteps']} events`);
  if (p['seed'] !== undefined && p['seed'] !== null) parts.push(`seed ${String(p['seed'])}`);
  if (typeof p['solver'] === 'string') parts.push(`${p['solver']}${typeof p['solverVersion'] === 'string' ? ` ${p['solverVersion']}` : ''}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function buildArgument(input: ArgumentInput): Argument {
  const { scenario: s, catalog } = input;
  const nodes: Draft[] = [];
  const add = (id: string, kind: GsnKind, text: string, extra: Partial<Draft> = {}): Draft => {
    const n: Draft = { id, kind, text, supportedBy: [], inContextOf: [], undeveloped: false, status: kind === 'solution' ? 'supported' : 'neutral', ...extra };
    nodes.push(n);
    return n;
  };
  const claims = claimEvidence(catalog, input.evidence);
  const mixed = mixedPairs(s);

  // ---- top goal and its context
  const top = add(
    'G-ffi',
    'goal',
    mixed.length > 0
      ? `The VMs of ${s.name} — ${s.vms.map(vmLabel).join(', ')} — are free from interference: no VM can interfere with a VM of higher criticality in timing and execution, memory or exchange of information.`
      : `The VMs of ${s.name} — ${s.vms.map(vmLabel).join(', ')} — are free from interference from one another in timing and execution, memory and exchange of information.`,
  );
  const scen = digestOf(input.inputs, 'scenario');
  const soc = digestOf(input.inputs, 'soc');
  add('C-scenario', 'context', `Scenario ${s.name}: ${scen?.path ?? s.file}, sha256 ${scen?.sha256 ?? 'unknown'}. ${s.description}`.trim());
  add('C-soc', 'context', soc ? `SoC ${s.soc.name}: ${soc.path}, sha256 ${soc.sha256}.` : `SoC ${s.soc.name}, declared inside the scenario file.`);
  add('C-tool', 'context', `hvsafe ${input.tool.version}${input.tool.commit ? ` at commit ${input.tool.commit}` : ' (not from a git checkout)'}; hypervisor model src/hv; property catalog proofs/ (${catalog.length} properties).`);
  add('C-run', 'context', `Check options: seed ${input.options.seed}, ${input.options.runs} random traces of up to ${input.options.maxSteps} events per property; configuration-level claims decided exhaustively on the scenario.`);
  add('C-ffi', 'context', 'Freedom from interference (ISO 26262-1): absence of cascading failures between elements that could violate a safety requirement; the faults to consider are those of ISO 26262-6 Annex D.');
  top.inContextOf.push('C-scenario', 'C-soc', 'C-tool', 'C-run', 'C-ffi');

  const aous = assumptionsOf(s);
  for (const a of aous) add(gsnAssumptionId(a.id), 'assumption', `${a.title}: ${a.text}`);
  top.inContextOf.push(...aous.filter((a) => a.attachTo === 'top').map((a) => gsnAssumptionId(a.id)));

  // ---- strategy over the Annex D classes
  const sAnnex = add('S-annex-d', 'strategy', 'Argument over the fault classes of ISO 26262-6 Annex D: timing and execution, memory, exchange of information (IEC 61508-3 Annex F: temporal and spatial non-interference).');
  add('J-iso26262', 'justification', `${CLAUSES.iso26262_6_ffi}; ${CLAUSES.iso26262_9_coexistence}: elements of different ASIL may coexist when freedom from interference is shown for every class of Annex D.`);
  add('J-iec61508', 'justification', `${CLAUSES.iec61508_3_independence}; ${CLAUSES.iec61508_3_annexF}: software of different SIL (or non-safety software) on one computer needs spatial and temporal non-interference.`);
  top.supportedBy.push(sAnnex.id);
  add('J-evidence', 'justification', 'A claim counts as shown only when every evidence record for it holds; a violated record fails it, an inconclusive or missing one leaves it undeveloped, and so does a claim that no engine of the run checked. Property tests sample traces (see C-run); configuration checks and proofs are exhaustive for this configuration.');
  sAnnex.inContextOf.push('J-iso26262', 'J-iec61508', 'J-evidence');

  for (const cls of FAULT_CLASSES) {
    const g = add(CLASS_GOAL[cls.id], 'goal', `No ${cls.name.toLowerCase()} interference between VMs of ${s.name} (ISO 26262-6 Annex D; ${cls.aspect}).`);
    sAnnex.supportedBy.push(g.id);
    g.inContextOf.push(...aous.filter((a) => a.attachTo === cls.id).map((a) => gsnAssumptionId(a.id)));
    const props = claims.filter((c) => c.property.iso26262 === cls.id);
    if (props.length === 0) {
      g.undeveloped = true;
      g.text += '\nUNDEVELOPED: no property of the catalog addresses this class.';
      continue;
    }
    const st = add(`S-${cls.id}`, 'strategy', `Argument over each property of the catalog that addresses ${cls.name.toLowerCase()}, decided by the engines on ${s.name}.`);
    g.supportedBy.push(st.id);
    for (const c of props) st.supportedBy.push(propertyGoal(add, c, s, mixed).id);
  }

  // ---- status, bottom up: never greener than the support
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const memo = new Map<string, GsnStatus>();
  const statusOf = (id: string): GsnStatus => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    let st: GsnStatus = n.status;
    if (n.kind === 'goal' || n.kind === 'strategy') {
      const kids = n.supportedBy.map(statusOf);
      st = n.undeveloped
        ? n.status === 'failed' ? 'failed' : 'undeveloped'
        : kids.includes('failed')
          ? 'failed'
          : kids.includes('undeveloped')
            ? 'undeveloped'
            : kids.length > 0 && kids.every((k) => k === 'not-applicable')
              ? 'not-applicable'
              : 'supported';
    }
    memo.set(id, st);
    return st;
  };
  for (const n of nodes) n.status = statusOf(n.id);
  return { gsn: { nodes }, claims };
}

type Add = (id: string, kind: GsnKind, text: string, extra?: Partial<Draft>) => Draft;

function propertyGoal(add: Add, c: ClaimEvidence, s: Scenario, mixed: readonly { lo: Vm; hi: Vm }[]): Draft {
  const p = c.property;
  const g = add(`G-${p.id}`, 'goal', `${p.claim}`);
  if (c.status === 'missing') {
    g.undeveloped = true;
    g.status = 'undeveloped';
    g.text += '\nUNDEVELOPED: no evidence record for this property.';
    return g;
  }
  const solutions: string[] = [];
  const solutionOf = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const r of c.records) {
    const base = `${p.id}-${r.record.engine}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    const suffix = k === 1 ? base : `${base}-${k}`;
    solutionOf.set(r.id, `Sn-${suffix}`);
    const head = `Evidence ${shortId(r.id)}: ${p.id} by ${r.record.engine}${paramsText(r)}`;
    match(r.record.verdict)
      .with('holds', () => void solutions.push(add(`Sn-${suffix}`, 'solution', `${head}: holds.`, { evidence: r.id, status: 'supported', caption: `${r.record.engine}: holds` }).id))
      .with('not-applicable', () => void solutions.push(add(`Sn-${suffix}`, 'solution', `${head}: not applicable.`, { evidence: r.id, status: 'not-applicable', caption: `${r.record.engine}: not applicable` }).id))
      .with('violated', () => {
        const f = findingsOf(r.record)[0];
        solutions.push(add(`Sn-${suffix}`, 'solution', `${head}: VIOLATED${f ? ` — ${f.message}` : ''}.`, { evidence: r.id, status: 'failed', caption: `${r.record.engine}: VIOLATED` }).id);
      })
      .with('inconclusive', () =>
        void g.supportedBy.push(
          add(`G-${suffix}-open`, 'goal', `The ${r.record.engine} check of ${p.id} completes.\nUNDEVELOPED: record ${shortId(r.id)} is inconclusive: ${r.record.reason ?? 'no reason given'}.`, {
            undeveloped: true,
            status: 'undeveloped',
          }).id,
        ),
      )
      // An engine that had nothing to check is no evidence either way: where another engine
      // decided the claim, that one argues it; where none did, the claim stays open, never supported.
      .with('not-checked', () => {
        if (c.status !== 'not-checked') return;
        g.supportedBy.push(
          add(`G-${suffix}-open`, 'goal', `An engine of the run checks ${p.id}.\nUNDEVELOPED: record ${shortId(r.id)} is not checked: ${r.record.reason ?? 'no reason given'}.`, {
            undeveloped: true,
            status: 'undeveloped',
          }).id,
        );
      })
      .exhaustive();
  }
  if (c.status === 'not-applicable') {
    const reason = c.records.find((r) => r.record.verdict === 'not-applicable' && r.record.reason !== undefined)?.record.reason ?? 'no reason recorded';
    g.inContextOf.push(add(`J-${p.id}-na`, 'justification', `Not applicable to ${s.name}: ${reason}.`).id);
  }
  const pair = PAIRWISE[p.id];
  if (pair !== undefined && (c.status === 'holds' || c.status === 'violated' || c.status === 'inconclusive') && mixed.length > 0) {
    const sp = add(`S-${p.id}-pairs`, 'strategy', `Argument over each pair of VMs of different criticality (${mixed.length} pair${mixed.length === 1 ? '' : 's'}).`);
    g.supportedBy.push(sp.id);
    const failing = c.records.filter((r) => r.record.verdict === 'violated');
    const named = failing.flatMap((r) => findingsOf(r.record).map((f) => ({ r, f })));
    for (const { lo, hi } of mixed) {
      const pg = add(`G-${p.id}-${slug(lo.name)}-${slug(hi.name)}`, 'goal', pair.text(lo, hi));
      sp.supportedBy.push(pg.id);
      const hits = named.filter(({ f }) =>
        pair.directed ? f.actor === lo.name && f.victim === hi.name : (f.actor === lo.name && f.victim === hi.name) || (f.actor === hi.name && f.victim === lo.name),
      );
      if (c.status === 'holds') pg.supportedBy.push(...solutions);
      else if (hits.length > 0) {
        pg.supportedBy.push(...new Set(hits.map(({ r }) => solutionOf.get(r.id)!)));
        pg.status = 'failed';
      } else {
        pg.undeveloped = true;
        pg.status = 'undeveloped';
        pg.text +=
          c.status === 'violated'
            ? '\nUNDEVELOPED: not established — the check stopped at the first violation, which concerns other VMs.'
            : '\nUNDEVELOPED: the evidence for this property is inconclusive.';
      }
    }
  }
  g.supportedBy.push(...solutions);
  return g;
}
