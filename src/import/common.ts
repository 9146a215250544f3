// What every importer shares: the fate of each source element, the generated YAML with the
// source position of each of its lines, and the finish that loads that YAML through the
// very loader and lint a hand-written scenario goes through, then points every element's
// `at` back at the source configuration.

import { basename, dirname, resolve } from 'node:path';
import type { Diagnostic, Loaded } from '../config/diagnostics.js';
import { parseScenario } from '../config/load.js';
import type { Scenario, SourceRef } from '../config/types.js';

/**
 * faithful: the element's meaning is carried whole. approximate: translated with a stated
 * approximation (the YAML carries it as a comment, the table says what the safety case
 * must assume). refused: not translated, with the reason.
 */
export type Fate = 'faithful' | 'approximate' | 'refused';

export interface FateRow {
  /** The element in the source's own terms, e.g. "linux-demo: mem_regions[3]". */
  readonly element: string;
  readonly at: SourceRef;
  readonly fate: Fate;
  /** What it became in the scenario (or "-"). */
  readonly as: string;
  /** The approximation or the reason for refusal; for faithful rows, empty or a remark. */
  readonly note: string;
}

export interface Imported {
  readonly scenario: Scenario;
  readonly fates: readonly FateRow[];
  readonly scenarioYaml: string;
  readonly socYaml: string;
  /** File name of the SoC YAML, relative to the scenario YAML. */
  readonly socFile: string;
}

export type ImportResult = { readonly ok: true; readonly value: Imported } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** One generated YAML file, built line by line; each line may name the source it came from. */
export class YamlOut {
  readonly lines: string[] = [];
  readonly prov = new Map<number, SourceRef>();
  line(text: string, src?: SourceRef, comment?: string): void {
    if (comment !== undefined) for (const c of comment.split('\n')) this.lines.push(`${text.match(/^ */)![0]}# ${c}`);
    this.lines.push(text);
    if (src !== undefined) this.prov.set(this.lines.length, src);
  }
  comment(text: string, indent = 0): void {
    for (const c of text.split('\n')) this.lines.push(`${' '.repeat(indent)}# ${c}`);
  }
  get text(): string {
    return this.lines.join('\n') + '\n';
  }
}

export function where(ref: SourceRef): string {
  return ref.element !== undefined ? `${basename(ref.file)} ${ref.element} (byte ${ref.column - 1})` : `${basename(ref.file)}:${ref.line}:${ref.column}`;
}

export const hexAddr = (n: bigint): string => `0x${n.toString(16)}`;

/** Replace, everywhere in a loaded value, an `at` on a generated line by that line's source. */
function remap<T>(v: T, map: (r: SourceRef) => SourceRef): T {
  if (Array.isArray(v)) return v.map((x) => remap(x, map)) as T;
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = k === 'at' && x !== null && typeof x === 'object' && 'line' in x ? map(x as SourceRef) : remap(x, map);
  }
  return out as T;
}

/**
 * Load the generated scenario (+ SoC) with the standard loader, as if they had been read from
 * `outFile` and its sibling SoC file, and point each element at its source.
 */
export function finish(
  outFile: string,
  scenario: YamlOut,
  soc: YamlOut,
  fates: readonly FateRow[],
  sources: readonly string[],
  /** When the SoC YAML is a copy of a board file: its lines are that file's lines. */
  socSource?: string,
): ImportResult {
  const scenarioPath = resolve(outFile);
  const socFile = `${basename(scenarioPath).replace(/\.ya?ml$/, '')}.soc.yaml`;
  const socPath = resolve(dirname(scenarioPath), socFile);
  const scenarioYaml = scenario.text.replace('@SOC@', socFile);
  const socYaml = soc.text;
  const read = (p: string): string => {
    if (resolve(p) === socPath) return socYaml;
    throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  };
  const loaded: Loaded<Scenario> = parseScenario(scenarioYaml, scenarioPath, read);
  const map = (r: SourceRef): SourceRef => {
    if (r.file === socPath && socSource !== undefined) return { ...r, file: socSource };
    const table = r.file === scenarioPath ? scenario.prov : r.file === socPath ? soc.prov : undefined;
    return table?.get(r.line) ?? r;
  };
  if (!loaded.ok) {
    // A generated file the loader refuses: report at the source element where the line came from.
    return { ok: false, diagnostics: loaded.diagnostics.map((d) => ({ ...d, at: map(d.at), message: `${d.message} (in the translation of this element)` })) };
  }
  const value = remap(loaded.value, map);
  return {
    ok: true,
    value: { scenario: { ...value, file: resolve(sources[0]!), files: sources.map((s) => resolve(s)) }, fates, scenarioYaml, socYaml, socFile },
  };
}

/** The fate table as aligned text, one row per element. */
export function formatFates(rows: readonly FateRow[]): string {
  const counts = { faithful: 0, approximate: 0, refused: 0 };
  for (const r of rows) counts[r.fate]++;
  const lines = rows.map((r) => `${r.fate.padEnd(11)} ${r.element}  ->  ${r.as}${r.note ? `\n            ${r.note}` : ''}\n            at ${where(r.at)}`);
  return `${lines.join('\n')}\n${rows.length} elements: ${counts.faithful} faithful, ${counts.approximate} approximate, ${counts.refused} refused\n`;
}
