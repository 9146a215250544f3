// Problems found in a user's input file. Every one names file:line:column, says what is
// wrong and, where we can tell, what would be right. Loaders collect all of them before
// giving up, so the integrator fixes a file in one pass.

import type { SourceRef } from './types.js';

export type DiagnosticClass = 'syntax' | 'schema' | 'semantic';

export interface Diagnostic {
  readonly class: DiagnosticClass;
  readonly at: SourceRef;
  readonly message: string;
  /** What would be right. */
  readonly hint: string | undefined;
}

export function formatDiagnostic(d: Diagnostic, cwd?: string): string {
  const file = cwd !== undefined && d.at.file.startsWith(cwd + '/') ? d.at.file.slice(cwd.length + 1) : d.at.file;
  const head = `${printable(file)}:${d.at.line}:${d.at.column}: ${d.class} error: ${printable(d.message)}`;
  return d.hint === undefined ? head : `${head}\n  hint: ${printable(d.hint)}`;
}

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * A message quotes what the user wrote; a control character in it (a NUL, an escape sequence,
 * a bidirectional override) is shown as its code, never sent raw to a terminal or a log.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.at.file !== b.at.file) return a.at.file < b.at.file ? -1 : 1;
  return a.at.line - b.at.line || a.at.column - b.at.column;
}

/**
 * A collector owned by one load. It is the only mutable thing in a load, and it never
 * outlives it.
 */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];

  error(cls: DiagnosticClass, at: SourceRef, message: string, hint?: string): void {
    this.list.push({ class: cls, at, message, hint });
  }

  get count(): number {
    return this.list.length;
  }

  sorted(): Diagnostic[] {
    return [...this.list].sort(compareDiagnostics);
  }
}

/** Thrown nowhere: a load returns either a value or all its diagnostics. */
export type Loaded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Closest candidate by edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean '${c}'?`;
}
