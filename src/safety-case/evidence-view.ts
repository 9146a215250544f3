// What the evidence says about each claim of the catalog: every record of the bundle for the
// property, combined without ever rounding up. One violated record fails the claim; an
// inconclusive one leaves it open; records that are all not-checked (no engine that ran had an
// obligation for it) leave it open as not checked; no record at all is missing evidence.

import { match } from 'ts-pattern';
import type { EvidenceRecord, EvidenceVerdict, Json } from '../evidence/types.js';
import type { Property } from '../../proofs/property.js';

export interface CitableEvidence {
  /** Record ID (content address) → record. */
  readonly records: ReadonlyMap<string, EvidenceRecord>;
}

export interface CitedRecord {
  readonly id: string;
  readonly record: EvidenceRecord;
}

export type ClaimStatus = 'holds' | 'violated' | 'inconclusive' | 'not-applicable' | 'not-checked' | 'missing';

/** How strongly a record's verdict decides its claim: the highest wins (not-checked says nothing). */
function weight(v: EvidenceVerdict): number {
  return match(v)
    .with('violated', () => 4)
    .with('inconclusive', () => 3)
    .with('holds', () => 2)
    .with('not-applicable', () => 1)
    .with('not-checked', () => 0)
    .exhaustive();
}

export interface ClaimEvidence {
  readonly property: Property;
  readonly status: ClaimStatus;
  /** Sorted by engine then ID, so the output does not depend on bundle order. */
  readonly records: readonly CitedRecord[];
  /** Engines that decided the claim disagree (one holds or does not apply, another is violated). */
  readonly disagreement: boolean;
}

export function claimEvidence(catalog: readonly Property[], evidence: CitableEvidence): ClaimEvidence[] {
  const byProperty = new Map<string, CitedRecord[]>();
  for (const [id, record] of evidence.records) {
    const list = byProperty.get(record.property) ?? [];
    list.push({ id, record });
    byProperty.set(record.property, list);
  }
  return catalog.map((property) => {
    const records = (byProperty.get(property.id) ?? []).sort((a, b) => a.record.engine.localeCompare(b.record.engine) || a.id.localeCompare(b.id));
    const has = (v: EvidenceRecord['verdict']): boolean => records.some((r) => r.record.verdict === v);
    const status: ClaimStatus = records.length === 0 ? 'missing' : records.map((r) => r.record.verdict).reduce((a, b) => (weight(b) > weight(a) ? b : a));
    const disagreement = has('violated') && (has('holds') || has('not-applicable'));
    return { property, status, records, disagreement };
  });
}

/** Records of the bundle that name no property of the catalog: reported, never argued from. */
export function strayRecords(catalog: readonly Property[], evidence: CitableEvidence): CitedRecord[] {
  const known = new Set(catalog.map((p) => p.id));
  return [...evidence.records].filter(([, r]) => !known.has(r.property)).map(([id, record]) => ({ id, record }));
}

/** The first 12 hex digits of a record ID: enough to find it, short enough to read. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

// ---------------------------------------------------------------- findings as recorded

export interface RecordedFinding {
  readonly message: string;
  readonly actor: string | undefined;
  readonly victim: string | undefined;
  readonly at: string | undefined;
  readonly fix: string | undefined;
}

function str(x: Json | undefined): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** Findings are JSON in the record (the shape of the JSON report); read them defensively. */
export function findingsOf(record: EvidenceRecord): RecordedFinding[] {
  return record.findings.flatMap((f): RecordedFinding[] => {
    if (f === null || typeof f !== 'object' || Array.isArray(f)) return typeof f === 'string' ? [{ message: f, actor: undefined, victim: undefined, at: undefined, fix: undefined }] : [];
    const o = f as { readonly [k: string]: Json };
    const at = o['at'];
    let where: string | undefined;
    if (at !== null && typeof at === 'object' && !Array.isArray(at)) {
      const a = at as { readonly [k: string]: Json };
      where = `${str(a['file']) ?? '?'}:${String(a['line'] ?? '?')}:${String(a['column'] ?? '?')}`;
    }
    return [{ message: str(o['message']) ?? JSON.stringify(f), actor: str(o['actor']), victim: str(o['victim']), at: where, fix: str(o['fix']) }];
  });
}

export function replayTokenOf(record: EvidenceRecord): string | undefined {
  return str(record.counterexample?.['token']);
}
