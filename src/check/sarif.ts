// SARIF 2.1.0 for code-scanning UIs (GitHub code scanning first): one rule per catalog
// property, related to the standards' fault classes through two taxonomies (ISO 26262-6
// Annex D, IEC 61508-3 Annex F); one result per finding of a violated property at the
// scenario line that declared it, with the replayed counterexample as a code flow; an
// inconclusive or not-checked property as a warning at the scenario, since "not shown" must
// stay visible.
//
// What GitHub needs to show a result at the offending line and to keep it one alert across
// runs: `artifactLocation.uri` relative to the repository root with `uriBaseId: %SRCROOT%`
// (paths are relative to the working directory, which in CI is the repository root), a
// `region`, a stable `partialFingerprints` entry, rules with short and full descriptions and
// help, and `problem.severity` / `security-severity` with a `security` tag.

import { createHash } from 'node:crypto';
import { match } from 'ts-pattern';
import { relative } from 'node:path';
import type { SourceRef } from '../config/types.js';
import { formatAddr } from '../config/units.js';
import { describeEvent, describeObservation } from '../sim/describe.js';
import type { Aspect, FaultClass, Finding, Property } from '../../proofs/property.js';
import type { RunInfo } from './report.js';

interface Taxon {
  readonly id: string;
  readonly name: string;
  readonly short: string;
  readonly full: string;
}

/** ISO 26262-6:2018 Annex D: the fault classes of interference between software elements. */
const ISO_26262_ANNEX_D: readonly (Taxon & { readonly id: FaultClass })[] = [
  {
    id: 'timing-execution',
    name: 'TimingAndExecution',
    short: 'Timing and execution',
    full: 'Interference in time: blocked execution, deadlocks and livelocks, execution time given to the wrong element, wrong synchronization between elements.',
  },
  {
    id: 'memory',
    name: 'Memory',
    short: 'Memory',
    full: "Interference in memory: corrupted or inconsistent content, stack overflow or underflow, reading or writing memory allocated to another element.",
  },
  {
    id: 'information-exchange',
    name: 'ExchangeOfInformation',
    short: 'Exchange of information',
    full: 'Interference in communication: information repeated, lost, delayed, inserted, corrupted, out of sequence, masqueraded or misaddressed, received by only some receivers, or a blocked channel.',
  },
];

/** IEC 61508-3:2010 Annex F: non-interference between software elements on one computer. */
const IEC_61508_ANNEX_F: readonly (Taxon & { readonly id: Aspect })[] = [
  {
    id: 'spatial',
    name: 'SpatialNonInterference',
    short: 'Spatial domain',
    full: 'Data used by one element is not changed by another: memory, devices and DMA partitioned and protected.',
  },
  {
    id: 'temporal',
    name: 'TemporalNonInterference',
    short: 'Temporal domain',
    full: 'One element does not make another fail by taking too much processor time or by blocking it on a shared resource.',
  },
];

const TAXONOMIES = [
  {
    name: 'ISO 26262-6 Annex D',
    fullName: 'ISO 26262-6:2018 Annex D — freedom from interference between software elements',
    organization: 'ISO',
    version: '2018',
    informationUri: 'https://www.iso.org/standard/68388.html',
    taxa: ISO_26262_ANNEX_D,
  },
  {
    name: 'IEC 61508-3 Annex F',
    fullName: 'IEC 61508-3:2010 Annex F — techniques for achieving non-interference between software elements on a single computer',
    organization: 'IEC',
    version: '2010',
    informationUri: 'https://webstore.iec.ch/publication/5517',
    taxa: IEC_61508_ANNEX_F,
  },
] as const;

function taxonRef(component: 0 | 1, id: string): Record<string, unknown> {
  const taxa: readonly Taxon[] = TAXONOMIES[component].taxa;
  return { id, index: taxa.findIndex((t) => t.id === id), toolComponent: { name: TAXONOMIES[component].name, index: component } };
}

function taxaOf(p: Property): Record<string, unknown>[] {
  return [taxonRef(0, p.iso26262), taxonRef(1, p.iec61508)];
}

/** `isolation.hypercall-reach` → `IsolationHypercallReach`: SARIF rule names are identifiers. */
function ruleName(id: string): string {
  return id
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** A breach of a VM's spatial boundary is a security matter as well as a safety one. */
function isSecurity(p: Property): boolean {
  return p.id.startsWith('isolation.') || p.id.startsWith('security.');
}

function rule(p: Property): Record<string, unknown> {
  const d = ISO_26262_ANNEX_D.find((t) => t.id === p.iso26262);
  const f = IEC_61508_ANNEX_F.find((t) => t.id === p.iec61508);
  const standards = `ISO 26262-6 Annex D: ${d?.short.toLowerCase() ?? p.iso26262}; IEC 61508-3 Annex F: ${f?.short.toLowerCase() ?? p.iec61508}`;
  const help =
    `${p.claim}\n\n${p.rationale}\n\nStandards: ${standards}.\n\n` +
    'A violation names the declaration that allows it and a fix; a trace-based one comes with the minimal event trace, replayed from boot on the hypervisor model. Re-run it with `hvsafe check <scenario> --replay <token>` (the token is in the result\'s properties).';
  return {
    id: p.id,
    name: ruleName(p.id),
    shortDescription: { text: p.title },
    fullDescription: { text: `${p.claim} ${p.rationale}` },
    help: {
      text: help,
      markdown: `**${p.title}.** ${p.claim}\n\n${p.rationale}\n\n**Standards:** ${standards}.\n\n**Replay:** a violation found on a trace prints its minimal event trace and a token; \`hvsafe check <scenario> --replay <token>\` re-runs it exactly.`,
    },
    defaultConfiguration: { level: 'error' },
    relationships: taxaOf(p).map((target) => ({ target, kinds: ['relevant'] })),
    properties: {
      tags: ['safety', 'freedom-from-interference', `iso26262-6-annex-d/${p.iso26262}`, `iec61508-3-annex-f/${p.iec61508}`, ...(isSecurity(p) ? ['security'] : [])],
      precision: 'very-high',
      'problem.severity': 'error',
      ...(isSecurity(p) ? { 'security-severity': '8.0' } : {}),
      'iso26262-6-annex-d': p.iso26262,
      'iec61508-3-annex-f': p.iec61508,
    },
  };
}

function fingerprint(...parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(parts.map((x) => x ?? '').join('\u0000')).digest('hex');
}

export function toSarif(r: RunInfo): string {
  const uri = (f: string): string => (relative(r.cwd, f) || f).split('\\').join('/');
  const loc = (at: SourceRef, message?: string): Record<string, unknown> => ({
    physicalLocation: { artifactLocation: { uri: uri(at.file), uriBaseId: '%SRCROOT%' }, region: { startLine: at.line, startColumn: at.column } },
    ...(message !== undefined ? { message: { text: message } } : {}),
  });
  const rules = r.catalog.map(rule);
  const results: Record<string, unknown>[] = [];
  for (const v of r.verdicts) {
    const ruleIndex = r.catalog.findIndex((p) => p.id === v.property);
    const p = r.catalog[ruleIndex];
    const taxa = p === undefined ? [] : taxaOf(p);
    // Not shown to hold is a problem to look at, never a pass: a warning, said in words. Code
    // scanning shows only results of kind `fail`, so neither is `open` or `notApplicable` here.
    const unshown = match(v.status)
      .with('inconclusive', () => `${v.property} is inconclusive: it could not be shown to hold. ${v.reason ?? ''}`.trim())
      .with('not-checked', () => `${v.property} was not checked: no engine of this run decides it, so nothing was shown. ${v.reason ?? ''}`.trim())
      .with('holds', 'violated', 'not-applicable', () => undefined)
      .exhaustive();
    if (unshown !== undefined) {
      results.push({
        ruleId: v.property,
        ruleIndex,
        kind: 'fail',
        level: 'warning',
        message: { text: unshown },
        locations: [loc(r.scenario.at)],
        partialFingerprints: { 'hvsafeResult/v1': fingerprint(v.property, uri(r.scenario.file), v.status) },
        taxa,
        properties: { verdict: v.status },
      });
      continue;
    }
    if (v.status !== 'violated') continue;
    const ce = v.counterexample;
    const traced = new Set<Finding>(ce?.findings ?? []);
    for (const f of v.findings) {
      const result: Record<string, unknown> = {
        ruleId: v.property,
        ruleIndex,
        kind: 'fail',
        level: 'error',
        message: { text: `${f.message}. Fix: ${f.fix}` },
        locations: [loc(f.at)],
        ...(f.related?.length ? { relatedLocations: f.related.map((x, i) => ({ id: i + 1, ...loc(x) })) } : {}),
        // The breach's identity, not its line: an edit above it keeps the same alert.
        partialFingerprints: {
          'hvsafeFinding/v1': fingerprint(v.property, uri(f.at.file), f.actor, f.victim, f.resource, f.via, f.message),
        },
        taxa,
        // Code-scanning UIs link attachments: the explorer page, opened at this property's breach.
        ...(r.explorer !== undefined
          ? { attachments: [{ description: { text: `explore this breach step by step (hvsafe explore): ${r.explorer}#${v.property}` }, artifactLocation: { uri: `${r.explorer}#${v.property}`, uriBaseId: '%SRCROOT%' } }] }
          : {}),
        properties: {
          verdict: 'violated',
          ...(f.address !== undefined ? { address: formatAddr(f.address) } : {}),
          // Engines that disagree (a proof beside a replayed counterexample) are a failure of their own.
          ...(v.agreement !== undefined && v.agreement.kind !== 'agree' ? { agreement: v.agreement } : {}),
        },
      };
      if (ce !== undefined && traced.has(f)) {
        result['codeFlows'] = [
          {
            // A Z3 witness replays as an event script (its token names the query); a property-test trace by its token.
            message: {
              text: `minimal trace of ${ce.events.length} event${ce.events.length === 1 ? '' : 's'}, replayed from boot; ${ce.token.startsWith('z3:') ? `the Z3 witness of query ${ce.token.slice(3)}, re-run with hvsafe simulate --script` : `re-run with --replay ${ce.token}`}`,
            },
            threadFlows: [
              {
                locations: ce.steps.map((st) => ({
                  location: loc(
                    f.at,
                    `${st.index + 1}. ${describeEvent(r.topo, st.event)}${st.role === 'attacker' ? ' [attacker]' : st.role === 'drop' ? ' [left out]' : ''}${st.observations.some((o) => o.kind !== 'console') ? ' → ' + st.observations.filter((o) => o.kind !== 'console').map((o) => describeObservation(r.topo, o)).join('; ') : ''}`,
                  ),
                  executionOrder: st.index + 1,
                })),
              },
            ],
          },
        ];
        result['properties'] = {
          ...(result['properties'] as object),
          ...(ce.token.startsWith('z3:') ? { witnessOf: ce.token.slice(3) } : { replayToken: ce.token }),
          script: ce.script,
          ...(ce.attacker !== undefined ? { attacker: r.scenario.vms[ce.attacker]?.name } : {}),
        };
      }
      results.push(result);
    }
  }
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hvsafe',
            version: r.version,
            semanticVersion: /^\d+\.\d+\.\d+/.test(r.version) ? r.version : undefined,
            informationUri: 'https://github.com/hvsafe/hvsafe',
            rules,
            supportedTaxonomies: TAXONOMIES.map((t, index) => ({ name: t.name, index })),
          },
        },
        taxonomies: TAXONOMIES.map((t) => ({
          name: t.name,
          fullName: t.fullName,
          organization: t.organization,
          version: t.version,
          informationUri: t.informationUri,
          isComprehensive: true,
          shortDescription: { text: t.fullName },
          taxa: t.taxa.map((x) => ({ id: x.id, name: x.name, shortDescription: { text: x.short }, fullDescription: { text: x.full } })),
        })),
        // GitHub keeps one analysis per category: one per scenario.
        automationDetails: { id: `hvsafe/${r.scenario.name}/` },
        invocations: [{ executionSuccessful: true, exitCode: r.exit }],
        columnKind: 'utf16CodeUnits',
        artifacts: r.scenario.files.map((f) => ({ location: { uri: uri(f), uriBaseId: '%SRCROOT%' } })),
        results,
        properties: { options: r.options, verdicts: r.verdicts.map((v) => ({ property: v.property, status: v.status, engine: v.engine })) },
      },
    ],
  };
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? formatAddr(v) : v), 2) + '\n';
}
