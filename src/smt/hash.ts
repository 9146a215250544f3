// What a query is, byte for byte: the text Z3 is given (and an assessor re-runs), and its
// sha256 — the query's identity in evidence, in the cache and in exported file headers.

import { createHash } from 'node:crypto';
import type { Query } from './query.js';

/** The query as solved: its declarations and assertions, then (check-sat). */
export function queryText(q: Query): string {
  return `${q.smt2.endsWith('\n') ? q.smt2 : `${q.smt2}\n`}(check-sat)\n`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function queryHash(q: Query): string {
  return sha256(queryText(q));
}
