// What an explorer page shows, as plain JSON: the scenario's sources, every violated property
// with its findings (claim, plain words, declaring lines, fix), Z3 witness values, and each
// counterexample replayed step by step. Built from the verdicts the engines returned.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Scenario, SourceRef } from '../config/types.js';
import { formatAddr } from '../config/units.js';
import type { Event } from '../hv/events.js';
import type { Verdict } from '../pbt/engine.js';
import type { Finding, Property } from '../../proofs/property.js';
import { formatDuration } from '../sim/describe.js';
import { replayTrace, type TraceView } from './replay.js';

export interface SourceLink {
  /** Index into ExploreData.files. */
  readonly file: number;
  readonly line: number;
  readonly column: number;
  /** As printed: path:line:column relative to the working directory. */
  readonly text: string;
}

export interface FindingView {
  readonly message: string;
  readonly actor?: string;
  readonly victim?: string;
  readonly resource?: string;
  readonly address?: string;
  readonly via?: string;
  readonly at: SourceLink;
  readonly related: readonly SourceLink[];
  readonly fix: string;
}

export interface BreachView {
  readonly property: string;
  readonly title: string;
  readonly claim: string;
  readonly status: string;
  readonly engine: string;
  readonly findings: readonly FindingView[];
  /** Figures the engines computed (latency witnesses, Z3 witness values). */
  readonly measures: readonly string[];
  readonly replay?: string;
  readonly script?: string;
  readonly trace?: TraceView;
  readonly notes: readonly string[];
}

export interface ExploreData {
  readonly scenario: string;
  readonly file: string;
  readonly files: readonly { readonly name: string; readonly lines: readonly string[] }[];
  readonly summary: readonly { readonly property: string; readonly status: string }[];
  readonly breaches: readonly BreachView[];
  /** Set in --serve mode: the page can ask the server to run again. */
  readonly serve?: { readonly seed: number };
}

export interface ExploreInput {
  readonly scenario: Scenario;
  readonly catalog: readonly Property[];
  readonly verdicts: readonly Verdict[];
  readonly cwd: string;
  /** A script run (simulate-style): one trace shown against every property with a monitor. */
  readonly script?: { readonly name: string; readonly events: readonly Event[] };
}

function linker(scenario: Scenario, cwd: string): { link: (r: SourceRef) => SourceLink; files: ExploreData['files'] } {
  const names: string[] = [...scenario.files];
  const files: { name: string; lines: string[] }[] = names.map((f) => {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      // A source that cannot be read again shows as empty; the link text still names it.
    }
    return { name: relative(cwd, f) || f, lines: text.split('\n') };
  });
  const link = (r: SourceRef): SourceLink => {
    let i = names.indexOf(r.file);
    if (i < 0) {
      names.push(r.file);
      let text = '';
      try {
        text = readFileSync(r.file, 'utf8');
      } catch {
        // as above
      }
      files.push({ name: relative(cwd, r.file) || r.file, lines: text.split('\n') });
      i = names.length - 1;
    }
    return { file: i, line: r.line, column: r.column, text: `${files[i]!.name}:${r.line}:${r.column}` };
  };
  return { link, files };
}

function findingView(f: Finding, link: (r: SourceRef) => SourceLink): FindingView {
  return {
    message: f.message,
    ...(f.actor !== undefined ? { actor: f.actor } : {}),
    ...(f.victim !== undefined ? { victim: f.victim } : {}),
    ...(f.resource !== undefined ? { resource: f.resource } : {}),
    ...(f.address !== undefined ? { address: formatAddr(f.address) } : {}),
    ...(f.via !== undefined ? { via: f.via } : {}),
    at: link(f.at),
    related: (f.related ?? []).map(link),
    fix: f.fix,
  };
}

/** The page names files as the user does (relative to where hvsafe runs), never by a checkout's absolute path. */
function withRelativePaths<T extends { readonly findings: readonly Finding[] }>(trace: T, cwd: string): T {
  const rel = (r: SourceRef): SourceRef => ({ ...r, file: relative(cwd, r.file) || r.file });
  return { ...trace, findings: trace.findings.map((f) => ({ ...f, at: rel(f.at), ...(f.related !== undefined ? { related: f.related.map(rel) } : {}) })) };
}

export function buildExplore(input: ExploreInput): { data: ExploreData; link: (r: SourceRef) => SourceLink } {
  const { scenario, catalog, verdicts, cwd } = input;
  const { link, files } = linker(scenario, cwd);
  const rel = relative(cwd, scenario.file) || scenario.file;
  const breaches: BreachView[] = [];
  let summary: { property: string; status: string }[] = verdicts.map((v) => ({ property: v.property, status: v.status }));
  if (input.script !== undefined) {
    // A script run: every applicable property's own monitor watches the script's trace.
    summary = [];
    const script = input.script;
    for (const p of catalog) {
      if (!p.applies(scenario).applies || (p.monitor === undefined && p.relational === undefined)) continue;
      const trace = withRelativePaths(replayTrace(scenario, script.events, p), cwd);
      summary.push({ property: p.id, status: trace.violationAt >= 0 ? 'violated' : 'no violation on this script' });
      if (trace.violationAt < 0) continue;
      breaches.push({ property: p.id, title: p.title, claim: p.claim, status: 'violated', engine: 'monitor', findings: trace.findings.map((f) => findingView(f, link)), measures: [], trace, notes: [`first breaks at step ${trace.violationAt + 1} of script ${script.name}`] });
    }
    if (breaches.length === 0) {
      breaches.push({ property: '(none)', title: `script ${script.name}`, claim: 'No property breaks on this script.', status: 'holds', engine: 'none', findings: [], measures: [], trace: replayTrace(scenario, script.events), notes: [] });
    }
  }
  for (const v of input.script === undefined ? verdicts : []) {
    if (v.status !== 'violated') continue;
    const p = catalog.find((x) => x.id === v.property);
    if (p === undefined) continue;
    const ce = v.counterexample;
    const trace = ce === undefined ? undefined : withRelativePaths(replayTrace(scenario, ce.events, p, ce.attacker ?? 0), cwd);
    const notes: string[] = [];
    if (v.reason) notes.push(v.reason);
    if (v.agreement?.detail) notes.push(v.agreement.detail);
    if (trace === undefined) notes.push('no event trace: a configuration finding, shown on the memory map and in the tables');
    breaches.push({
      property: p.id,
      title: p.title,
      claim: p.claim,
      status: v.status,
      engine: v.engine,
      findings: v.findings.map((f) => findingView(f, link)),
      measures: (v.measures ?? [])
        .filter((m) => typeof m.value === 'number' && typeof m.limit === 'number' && m.value > m.limit)
        .map((m) => (m.unit === 'ns' ? `${m.name}: ${formatDuration(m.value as number)} (limit ${formatDuration(m.limit as number)})` : `${m.name}: ${String(m.value)}${m.unit ? ` ${m.unit}` : ''} (limit ${String(m.limit)})`)),
      ...(ce !== undefined ? { replay: `hvsafe check ${rel} --replay ${ce.token}`, script: ce.script } : {}),
      ...(trace !== undefined ? { trace } : {}),
      notes,
    });
  }
  // Link every declaration the map and tables may point at before the file list is frozen.
  const data: ExploreData = {
    scenario: scenario.name,
    file: rel,
    files,
    summary,
    breaches,
  };
  return { data, link };
}
