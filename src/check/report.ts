// Rendering verdicts: the text table and counterexamples for people, a stable JSON shape for
// tools, SARIF 2.1.0 for code-scanning UIs, JUnit XML for CI dashboards.
//
// JSON shape (stable; fields are only ever added):
//
//   {
//     "tool": "hvsafe", "version": "0.1.0",
//     "scenario": { "name": "...", "file": "models/x.yaml" },
//     "options": { "runs": 150, "seed": 1, "maxSteps": 40, "shard": "1/1", "replay": null },
//     "verdicts": [
//       { "property": "isolation.memory", "title": "...", "claim": "...",
//         "status": "holds" | "violated" | "inconclusive" | "not-applicable" | "not-checked",
//                                                // not-checked: no engine that ran decides it
//         "engine": "config" | "pbt" | "config+pbt" | "pbt-2safety" | "none",
//         "reason": "...",                       // not-applicable / inconclusive / not-checked only
//         "runs": 150, "events": 4012, "timeMs": 61.2, "seed": 123, "maxSteps": 40,
//         "findings": [ { "message", "actor", "victim", "resource", "address" (hex string),
//                         "via", "at": { "file", "line", "column" }, "related": [...], "fix" } ],
//         "counterexample": { "token": "isolation.memory:123/40:9:0:2", "attacker": "linux",
//                             "script": "<YAML event script>",
//                             "steps": [ { "index", "at" (ns), "role", "event", "observations": [...] } ] },
//         "measures": [ { "name": "plc SPI 294 latency bound (bind)", "value": 9500 | null (unbounded),
//                         "unit": "ns", "limit": 20000, "at": { "file", "line", "column" } } ],
//         "engines": [ { "engine": "config+pbt" | "z3" | ..., "status", "reason",
//                        "queries" } ],                         // when z3 ran beside pbt
//         "agreement": { "kind": "agree" | "disagree" | "complementary", "detail" } }
//     ],
//     "summary": { "holds": 9, "violated": 1, "inconclusive": 0, "notApplicable": 3, "notChecked": 0 },
//     "exit": 1
//   }

import { relative } from 'node:path';
import type { Scenario, SourceRef } from '../config/types.js';
import { formatAddr } from '../config/units.js';
import type { Topology } from '../hv/topology.js';
import { describeEvent, describeObservation, formatDuration } from '../sim/describe.js';
import type { Finding, Property } from '../../proofs/property.js';
import { match } from 'ts-pattern';
import type { Status, Verdict } from '../pbt/engine.js';
import type { Measure } from '../../proofs/property.js';
import { formatNs } from '../timing/format.js';

export interface RunInfo {
  readonly scenario: Scenario;
  readonly topo: Topology;
  readonly verdicts: readonly Verdict[];
  readonly catalog: readonly Property[];
  readonly options: { runs: number; seed: number; maxSteps: number; shard: string; shardBy?: 'runs'; replay: string | null };
  readonly version: string;
  readonly exit: number;
  readonly cwd: string;
  /** The explorer page written for this run (check --save-counterexamples), path relative to cwd. */
  readonly explorer?: string;
}

function where(at: SourceRef, cwd: string): string {
  return `${relative(cwd, at.file) || at.file}:${at.line}:${at.column}`;
}

type Counts = { holds: number; violated: number; inconclusive: number; notApplicable: number; notChecked: number };

/** The summary's key for each status. */
function countKey(s: Status): keyof Counts {
  return match(s)
    .with('holds', () => 'holds' as const)
    .with('violated', () => 'violated' as const)
    .with('inconclusive', () => 'inconclusive' as const)
    .with('not-applicable', () => 'notApplicable' as const)
    .with('not-checked', () => 'notChecked' as const)
    .exhaustive();
}

function summary(vs: readonly Verdict[]): Counts {
  const c: Counts = { holds: 0, violated: 0, inconclusive: 0, notApplicable: 0, notChecked: 0 };
  for (const v of vs) c[countKey(v.status)]++;
  return c;
}

function findingJson(f: Finding, cwd: string): Record<string, unknown> {
  return {
    message: f.message,
    actor: f.actor,
    victim: f.victim,
    resource: f.resource,
    address: f.address === undefined ? undefined : formatAddr(f.address),
    via: f.via,
    at: { file: relative(cwd, f.at.file) || f.at.file, line: f.at.line, column: f.at.column },
    related: f.related?.map((r) => ({ file: relative(cwd, r.file) || r.file, line: r.line, column: r.column })),
    fix: f.fix,
  };
}

export function toJson(r: RunInfo): string {
  const doc = {
    tool: 'hvsafe',
    version: r.version,
    scenario: { name: r.scenario.name, file: relative(r.cwd, r.scenario.file) || r.scenario.file },
    options: r.options,
    verdicts: r.verdicts.map((v) => {
      const p = r.catalog.find((x) => x.id === v.property);
      const ce = v.counterexample;
      return {
        property: v.property,
        title: p?.title,
        claim: p?.claim,
        status: v.status,
        engine: v.engine,
        reason: v.reason,
        runs: v.runs,
        events: v.events,
        timeMs: Math.round(v.timeMs * 10) / 10,
        seed: v.seed,
        maxSteps: v.maxSteps,
        findings: v.findings.map((f) => findingJson(f, r.cwd)),
        measures: v.measures?.map((m) => ({
          name: m.name,
          value: m.value,
          unit: m.unit,
          limit: m.limit,
          at: m.at === undefined ? undefined : { file: relative(r.cwd, m.at.file) || m.at.file, line: m.at.line, column: m.at.column },
        })),
        // Without times and cache hits: same input and seed, same verdict document.
        engines: v.engines?.map(({ timeMs: _t, cached: _c, ...e }) => e),
        agreement: v.agreement,
        counterexample:
          ce === undefined
            ? undefined
            : {
                token: ce.token,
                attacker: ce.attacker === undefined ? undefined : r.scenario.vms[ce.attacker]?.name,
                script: ce.script,
                steps: ce.steps.map((s) => ({
                  index: s.index + 1,
                  at: s.at,
                  role: s.role,
                  event: describeEvent(r.topo, s.event),
                  observations: s.observations.map((o) => describeObservation(r.topo, o)),
                })),
              },
      };
    }),
    summary: summary(r.verdicts),
    exit: r.exit,
  };
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? formatAddr(v) : v), 2) + '\n';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function measureValue(m: Measure, x: number | string | null): string {
  if (x === null) return 'unbounded';
  if (typeof x === 'number' && m.unit === 'ns') return formatNs(x);
  return m.unit === undefined ? String(x) : `${x} ${m.unit}`;
}

/** One line per measure: value, the limit it is judged against, and whether it keeps to it. */
function measureLines(v: Verdict): string[] {
  const ms = v.measures ?? [];
  if (ms.length === 0) return [];
  const w = Math.min(72, Math.max(...ms.map((m) => m.name.length)));
  const vw = Math.max(...ms.map((m) => measureValue(m, m.value).length));
  return ms.map((m) => {
    const value = measureValue(m, m.value);
    if (m.limit === undefined) return `     ${pad(m.name, w)}  ${value}`;
    const within = m.value !== null && m.limit !== null && typeof m.value === 'number' && m.value <= m.limit;
    return `     ${pad(m.name, w)}  ${pad(value, vw)}  limit ${measureValue(m, m.limit)}  ${within ? 'ok' : 'EXCEEDED'}`;
  });
}

function figures(v: Verdict): string {
  if (v.status === 'not-applicable' || v.status === 'not-checked') return v.reason ?? '';
  const t = v.timeMs < 1000 ? `${Math.round(v.timeMs)}ms` : `${(v.timeMs / 1000).toFixed(1)}s`;
  const z3 = v.engines?.find((e) => e.engine === 'z3');
  const proof = z3 === undefined ? '' : `; z3 ${z3.status === 'holds' ? 'proved' : z3.status} (${z3.queries ?? 0} queries${z3.cached ? `, ${z3.cached} cached` : ''})${v.agreement?.kind === 'disagree' ? ' — ENGINES DISAGREE' : ''}`;
  if (v.engine === 'config') return `decided on the configuration, ${t}${proof}`;
  if (v.engine === 'z3') return `${t}, z3 proof only`;
  return `${v.runs} runs, ${v.events} events, ${t}${proof}`;
}

export function toText(r: RunInfo): string {
  const lines: string[] = [];
  const { scenario, cwd } = r;
  lines.push(`hvsafe check: ${scenario.name} (${relative(cwd, scenario.file) || scenario.file})`);
  lines.push(`  seed ${r.options.seed}, ${r.options.runs} runs of up to ${r.options.maxSteps} events per property${r.options.shard !== '1/1' ? `, shard ${r.options.shard}${r.options.shardBy === 'runs' ? ' by runs' : ''}` : ''}${r.options.replay ? `, replaying ${r.options.replay}` : ''}`);
  lines.push('');
  const w = Math.max(8, ...r.verdicts.map((v) => v.property.length));
  lines.push(`  ${pad('property', w)}  ${pad('verdict', 14)}  ${pad('engine', 11)}  figures`);
  lines.push(`  ${'-'.repeat(w)}  ${'-'.repeat(14)}  ${'-'.repeat(11)}  ${'-'.repeat(30)}`);
  for (const v of r.verdicts) lines.push(`  ${pad(v.property, w)}  ${pad(v.status, 14)}  ${pad(v.engine, 11)}  ${figures(v)}`);
  const s = summary(r.verdicts);
  lines.push('');
  lines.push(`  ${s.holds} hold, ${s.violated} violated, ${s.inconclusive} inconclusive, ${s.notApplicable} not applicable${s.notChecked > 0 ? `, ${s.notChecked} NOT CHECKED` : ''}`);
  for (const v of r.verdicts) {
    const ms = measureLines(v);
    if (ms.length === 0) continue;
    lines.push('');
    lines.push(`== ${v.property}: measures`);
    lines.push(...ms);
  }

  for (const v of r.verdicts) {
    const a = v.agreement;
    if (a === undefined || a.kind === 'agree') continue;
    lines.push('');
    if (a.kind === 'disagree') {
      lines.push(`== ${v.property}: ENGINES DISAGREE — a failure of hvsafe or of the model`);
      for (const e of v.engines ?? []) lines.push(`   ${pad(e.engine, 11)} ${e.status === 'holds' && e.engine === 'z3' ? 'proved (every query UNSAT)' : e.status}${e.reason ? `: ${e.reason}` : ''}`);
    } else lines.push(`== ${v.property}: engines complement each other`);
    if (a.detail) lines.push(`   ${a.detail}`);
  }

  const unchecked = r.verdicts.filter((v) => v.status === 'not-checked');
  if (unchecked.length > 0) {
    lines.push('');
    lines.push(`== NOT CHECKED: ${unchecked.length} propert${unchecked.length === 1 ? 'y' : 'ies'} that no engine of this run decides (nothing ran, which is not a pass):`);
    lines.push(`   ${unchecked.map((v) => v.property).join(', ')}`);
  }

  for (const v of r.verdicts) {
    if (v.status === 'inconclusive') {
      lines.push('');
      lines.push(`== ${v.property}: INCONCLUSIVE`);
      lines.push(`   ${v.reason ?? 'no reason given'}`);
    }
    if (v.status !== 'violated') continue;
    const p = r.catalog.find((x) => x.id === v.property);
    lines.push('');
    lines.push(`== ${v.property}: VIOLATED — ${p?.claim ?? ''}`);
    const ce = v.counterexample;
    const traceFindings = new Set(ce?.findings ?? []);
    const configFindings = v.findings.filter((f) => !traceFindings.has(f));
    for (const f of configFindings) {
      lines.push(`   configuration: ${f.message}`);
      lines.push(`     declared at ${where(f.at, cwd)}${f.related?.length ? ` (see also ${f.related.map((x) => where(x, cwd)).join(', ')})` : ''}`);
      lines.push(`     fix: ${f.fix}`);
    }
    if (ce === undefined) {
      if (p?.observable === false) lines.push(`   (decided on the configuration: the hypervisor model does not simulate ${v.property === 'timing.schedulability' ? 'guest tasks' : 'the cache'}, so there is no event trace)`);
      else lines.push('   (no event trace reproduced it within the runs; the configuration finding above is decisive)');
      continue;
    }
    lines.push(`   minimal trace (${ce.events.length} event${ce.events.length === 1 ? '' : 's'}${ce.attacker !== undefined ? `; attacker ${scenario.vms[ce.attacker]?.name}, compared with the same trace without the attacker's events` : ''}), replayed from boot:`);
    for (const st of ce.steps) {
      const role = st.role === 'attacker' ? ' [attacker]' : st.role === 'drop' ? ' [left out]' : '';
      lines.push(`   ${String(st.index + 1).padStart(3)}. ${pad(formatDuration(st.at), 9)} ${describeEvent(r.topo, st.event)}${role}`);
      for (const o of st.observations) {
        if (o.kind === 'console') continue;
        lines.push(`              ↳ ${describeObservation(r.topo, o)}`);
      }
    }
    for (const f of ce.findings) {
      lines.push(`   finding: ${f.message}`);
      const who = [f.actor && `by ${f.actor}`, f.victim && `reaching ${f.victim}`, f.resource && `(${f.resource})`, f.address !== undefined && `at ${formatAddr(f.address)}`, f.via && `through ${f.via}`]
        .filter(Boolean)
        .join(' ');
      if (who) lines.push(`     ${who}`);
      lines.push(`     declared at ${where(f.at, cwd)}${f.related?.length ? ` (see also ${f.related.map((x) => where(x, cwd)).join(', ')})` : ''}`);
      lines.push(`     fix: ${f.fix}`);
    }
    lines.push(`   replay: hvsafe check ${relative(cwd, scenario.file) || scenario.file} --replay ${ce.token}`);
    if (ce.token.startsWith('z3:')) lines.push(`   (the Z3 witness of query ${ce.token.slice(3)}; its event script also runs with hvsafe simulate ${relative(cwd, scenario.file) || scenario.file} --script FILE)`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- SARIF 2.1.0

// In its own module (rules, taxonomies, GitHub code-scanning fields); re-exported here so
// every renderer stays importable from one place.
export { toSarif } from './sarif.js';

// ---------------------------------------------------------------- JUnit

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function toJunit(r: RunInfo): string {
  const s = summary(r.verdicts);
  const total = (r.verdicts.reduce((a, v) => a + v.timeMs, 0) / 1000).toFixed(3);
  const cases = r.verdicts.map((v) => {
    const head = `    <testcase classname="hvsafe.${xml(r.scenario.name)}" name="${xml(v.property)}" time="${(v.timeMs / 1000).toFixed(3)}"`;
    return match(v.status)
      .with('holds', () => `${head}/>`)
      .with('not-applicable', () => `${head}>\n      <skipped message="${xml(v.reason ?? 'not applicable')}"/>\n    </testcase>`)
      .with('inconclusive', () => `${head}>\n      <error message="${xml(`inconclusive: ${v.reason ?? ''}`)}"/>\n    </testcase>`)
      // Not run is not skipped: a skipped test reads as fine on a CI dashboard, and this is not.
      .with('not-checked', () => `${head}>\n      <error type="not-checked" message="${xml(`not checked: ${v.reason ?? 'no engine of this run decides it'}`)}"/>\n    </testcase>`)
      .with('violated', () => {
        const body = v.findings.map((f) => `${f.message}\n  at ${where(f.at, r.cwd)}\n  fix: ${f.fix}`).join('\n') + (v.counterexample ? `\nreplay: --replay ${v.counterexample.token}` : '');
        return `${head}>\n      <failure message="${xml(v.findings[0]?.message ?? 'violated')}">${xml(body)}</failure>\n    </testcase>`;
      })
      .exhaustive();
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="hvsafe check" tests="${r.verdicts.length}" failures="${s.violated}" errors="${s.inconclusive + s.notChecked}" skipped="${s.notApplicable}" time="${total}">\n` +
    `  <testsuite name="${xml(r.scenario.name)}" tests="${r.verdicts.length}" failures="${s.violated}" errors="${s.inconclusive + s.notChecked}" skipped="${s.notApplicable}" time="${total}">\n` +
    cases.join('\n') +
    `\n  </testsuite>\n</testsuites>\n`
  );
}
