// A positioned reader over a parsed YAML (or JSON) document. Loaders walk the document
// with cursors; every problem is recorded with file:line:column and the walk goes on, so
// one load reports every mistake at once. Numbers are read from the source text, never
// through a JS number, so 64-bit addresses stay exact.

import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { DiagnosticSink, didYouMean } from './diagnostics.js';
import { codePoint, isStackOverflow, MAX_DEPTH, measureDocument, scanText } from './limits.js';
import type { Perms, Ratio, SourceRef } from './types.js';
import { parseDuration, parseFrequency, parseRatio, parseSize, parseUnsigned, type Parsed } from './units.js';

export interface Source {
  readonly file: string;
  readonly text: string;
  readonly lines: LineCounter;
  /** The parsed document: aliases resolve against it. */
  readonly doc?: Document.Parsed;
}

export function positionOf(src: Source, offset: number): SourceRef {
  const p = src.lines.linePos(offset);
  return { file: src.file, line: p.line, column: p.col };
}

/** Parse YAML or JSON text; syntax errors go to the sink. Returns undefined when unusable. */
export function parseSource(file: string, text: string, sink: DiagnosticSink): Cursor | undefined {
  const lines = new LineCounter();
  // Limits first: the YAML library would otherwise spend memory and stack on them.
  const scanned = scanText(text);
  if (scanned.length > 0) {
    for (const l of scanned) sink.error('syntax', offsetPosition(text, file, l.offset), l.message, l.hint);
    return undefined;
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, merge: true });
  const src: Source = { file, text, lines, doc };
  for (const e of doc.errors) {
    const at = positionOf(src, e.pos[0]);
    if (e.code === 'MULTIPLE_DOCS') {
      sink.error('syntax', at, "the file holds a second YAML document (a '---' line starts one); hvsafe reads one document per file", "remove the '---' line and what follows it, or move the second document into a file of its own");
    } else if (isStackOverflow(e.message)) {
      sink.error('syntax', at, `the document nests more than ${MAX_DEPTH} levels deep here`, "a scenario nests about six levels; check for unclosed '[' or '{'");
    } else {
      const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      sink.error('syntax', at, msg, syntaxHint(e.code));
    }
  }
  if (doc.errors.length > 0) return undefined;
  if (doc.contents === null) {
    sink.error('syntax', { file, line: 1, column: 1 }, 'the file is empty', 'write a YAML mapping at the top level');
    return undefined;
  }
  const measured = measureDocument(doc);
  if (measured !== undefined) {
    sink.error('syntax', positionOf(src, measured.node.range?.[0] ?? 0), measured.message, measured.hint);
    return undefined;
  }
  return new Cursor(src, doc.contents as Node, sink, '');
}

/** A position from an offset, for problems found before a LineCounter exists. */
function offsetPosition(text: string, file: string, offset: number): SourceRef {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { file, line, column: offset - start + 1 };
}

function syntaxHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename the repeated one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check indentation and that every [ or { is closed';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    default:
      return undefined;
  }
}

/** The node an alias names; any other node is itself. */
function deref(src: Source, n: Node): Node {
  if (!isAlias(n) || src.doc === undefined) return n;
  return (n.resolve(src.doc) as Node | undefined) ?? n;
}

function isMergeKey(n: unknown): boolean {
  return isScalar(n) && typeof n.value === 'symbol';
}

// Text values are printed back in messages, reports and SARIF: control characters (a NUL
// written as "\0", an escape sequence, a bidirectional override that reorders what a reviewer
// reads) are refused. Tab and line breaks stay allowed (multi-line descriptions).
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

export class Cursor {
  /** The node read; an alias stands for the node it names. */
  readonly node: Node;

  constructor(
    readonly src: Source,
    node: Node,
    readonly sink: DiagnosticSink,
    /** Dotted path, for messages: vms[1].memory[0].pa */
    readonly path: string,
  ) {
    this.node = deref(src, node);
  }

  /**
   * The pairs of this mapping as YAML means them: its own, then those merge keys ('<<: *base')
   * bring in for keys it does not set itself.
   */
  private pairs(): Pair<Node, Node>[] {
    if (!isMap(this.node)) return [];
    const own = (this.node.items as Pair<Node, Node>[]).filter((p) => !isMergeKey(p.key));
    const seen = new Set(own.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    const out = [...own];
    for (const p of this.node.items as Pair<Node, Node>[]) {
      if (!isMergeKey(p.key) || p.value === null || p.value === undefined) continue;
      const v = new Cursor(this.src, p.value, this.sink, this.path);
      const sources = v.isSeq() ? (v.node as unknown as { items: Node[] }).items.map((n) => new Cursor(this.src, n, this.sink, this.path)) : [v];
      for (const m of sources) {
        if (!m.isMap()) {
          m.error("a merge key '<<' takes a mapping, an alias of one, or a list of them", "write '<<: *name' where '&name' marks a mapping");
          continue;
        }
        for (const q of m.pairs()) {
          const k = isScalar(q.key) ? String(q.key.value) : '';
          if (seen.has(k)) continue;
          seen.add(k);
          out.push(q);
        }
      }
    }
    return out;
  }

  get at(): SourceRef {
    const r = this.node.range;
    return positionOf(this.src, r ? r[0] : 0);
  }

  /** The literal text of this node in the file. */
  get text(): string {
    const r = this.node.range;
    return r ? this.src.text.slice(r[0], r[1]) : '';
  }

  private where(): string {
    return this.path === '' ? 'the document' : `'${this.path}'`;
  }

  error(message: string, hint?: string): void {
    this.sink.error('schema', this.at, message, hint);
  }

  semantic(message: string, hint?: string): void {
    this.sink.error('semantic', this.at, message, hint);
  }

  isMap(): boolean {
    return isMap(this.node);
  }

  isSeq(): boolean {
    return isSeq(this.node);
  }

  isScalar(): boolean {
    return isScalar(this.node);
  }

  /** Check this is a mapping whose keys are among `allowed`; report the others. */
  map(allowed: readonly string[], what: string): boolean {
    if (!isMap(this.node)) {
      this.error(`${this.where()} must be a mapping (${what})`, `write it as 'key: value' lines`);
      return false;
    }
    for (const pair of this.pairs()) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined || !allowed.includes(k)) {
        const keyCursor = new Cursor(this.src, pair.key as Node, this.sink, this.path);
        const dym = k === undefined ? undefined : didYouMean(k, allowed);
        keyCursor.error(
          `unknown key '${k ?? keyCursor.text}' in ${what}`,
          dym ?? `allowed keys here: ${allowed.join(', ')}`,
        );
      }
    }
    return true;
  }

  has(key: string): boolean {
    return this.pairs().some((p) => isScalar(p.key) && String(p.key.value) === key);
  }

  /** The child at `key`, or undefined when absent (no error). */
  get(key: string): Cursor | undefined {
    if (!isMap(this.node)) return undefined;
    for (const pair of this.pairs()) {
      if (isScalar(pair.key) && String(pair.key.value) === key) {
        if (pair.value === null || pair.value === undefined || (isScalar(pair.value) && pair.value.value === null)) {
          return undefined;
        }
        return new Cursor(this.src, pair.value, this.sink, this.path === '' ? key : `${this.path}.${key}`);
      }
    }
    return undefined;
  }

  /** The child at `key`; reports it missing when absent. */
  need(key: string, expected: string): Cursor | undefined {
    const c = this.get(key);
    if (c === undefined && isMap(this.node)) this.error(`${this.where()} is missing '${key}'`, `add '${key}: ${expected}'`);
    return c;
  }

  /** Items of a sequence; a lone scalar or mapping where a list is expected is an error. */
  items(what: string): Cursor[] {
    if (!isSeq(this.node)) {
      this.error(`${this.where()} must be a list of ${what}`, `write one '- ' item per line, or [a, b]`);
      return [];
    }
    return (this.node.items as Node[]).map((n, i) => new Cursor(this.src, n, this.sink, `${this.path}[${i}]`));
  }

  /** Entries of a mapping as [key, cursor] pairs (for maps keyed by name). */
  entries(what: string): [string, Cursor, Cursor][] {
    if (!isMap(this.node)) {
      this.error(`${this.where()} must be a mapping of ${what}`, `write 'name: value' lines`);
      return [];
    }
    const out: [string, Cursor, Cursor][] = [];
    for (const pair of this.pairs()) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (pair.value === null) continue;
      const bad = BAD_TEXT.exec(k);
      if (bad !== null) {
        new Cursor(this.src, pair.key as Node, this.sink, this.path).error(`the name contains the control character ${codePoint(bad[0])}`, 'write names with printable characters only');
        continue;
      }
      out.push([
        k,
        new Cursor(this.src, pair.key as Node, this.sink, this.path),
        new Cursor(this.src, pair.value, this.sink, `${this.path}.${k}`),
      ]);
    }
    return out;
  }

  private scalarText(kind: string, example: string): string | undefined {
    if (!isScalar(this.node)) {
      this.error(`${this.where()} must be ${kind}`, `for example ${example}`);
      return undefined;
    }
    const v = this.node.value;
    if (typeof v === 'string') return v;
    return this.text.replace(/^["']|["']$/g, '');
  }

  string(example = "'name'"): string | undefined {
    if (!isScalar(this.node) || typeof this.node.value !== 'string') {
      if (isScalar(this.node) && (typeof this.node.value === 'number' || typeof this.node.value === 'bigint')) {
        return String(this.node.value);
      }
      this.error(`${this.where()} must be a text value`, `for example ${example}`);
      return undefined;
    }
    const bad = BAD_TEXT.exec(this.node.value);
    if (bad !== null) {
      this.error(`${this.where()} contains the control character ${codePoint(bad[0])} at character ${bad.index + 1}`, 'write text with printable characters only (escapes such as \\0 or \\e are refused)');
      return undefined;
    }
    return this.node.value;
  }

  bool(): boolean | undefined {
    if (!isScalar(this.node) || typeof this.node.value !== 'boolean') {
      this.error(`${this.where()} must be true or false`, `write true or false`);
      return undefined;
    }
    return this.node.value;
  }

  oneOf<T extends string>(values: readonly T[]): T | undefined {
    const s = isScalar(this.node) ? String(this.node.value) : undefined;
    if (s !== undefined && (values as readonly string[]).includes(s)) return s as T;
    const dym = s === undefined ? undefined : didYouMean(s, values);
    this.error(`${this.where()} must be one of ${values.join(', ')}${s === undefined ? '' : `, not '${s}'`}`, dym ?? `write one of: ${values.join(', ')}`);
    return undefined;
  }

  private parsed<T>(r: Parsed<T>): T | undefined {
    if (r.ok) return r.value;
    this.error(`${this.where()}: ${r.message}`, r.hint);
    return undefined;
  }

  /** A non-negative integer that fits a JS number exactly (ids, counts, IRQ numbers). */
  int(min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const t = this.scalarText('an integer', '3');
    if (t === undefined) return undefined;
    const n = parseUnsigned(t);
    if (n === undefined) {
      this.error(`${this.where()} must be a whole number, not '${t}'`, `write a whole number from ${min} to ${max}`);
      return undefined;
    }
    if (n < BigInt(min) || n > BigInt(max)) {
      this.error(`${this.where()} is ${n}, outside ${min}..${max}`, `write a whole number from ${min} to ${max}`);
      return undefined;
    }
    return Number(n);
  }

  /** A 64-bit address or size, exact. Values of 2^64 and above are errors. */
  addr(): bigint | undefined {
    const t = this.scalarText('an address', '0x4000_0000');
    if (t === undefined) return undefined;
    const v = this.parsed(parseSize(t));
    if (v !== undefined && v >= 1n << 64n) {
      this.error(`${this.where()} is ${t}, which does not fit in 64 bits`, 'addresses and sizes must be below 2^64 (0xffff_ffff_ffff_ffff at most)');
      return undefined;
    }
    return v;
  }

  size(): bigint | undefined {
    return this.addr();
  }

  duration(): number | undefined {
    const t = this.scalarText('a duration', '5us');
    return t === undefined ? undefined : this.parsed(parseDuration(t));
  }

  frequency(): number | undefined {
    const t = this.scalarText('a frequency', '1.2GHz');
    return t === undefined ? undefined : this.parsed(parseFrequency(t));
  }

  ratio(): Ratio | undefined {
    const t = this.scalarText('a factor', '4x');
    return t === undefined ? undefined : this.parsed(parseRatio(t));
  }

  /** Permissions written as a string of r, w, x: "rw", "r", "rwx", "r-x". */
  perms(): Perms | undefined {
    const t = this.scalarText('permissions', 'rw');
    if (t === undefined) return undefined;
    if (!/^[rwx-]{1,3}$/.test(t) || new Set(t.replace(/-/g, '')).size !== t.replace(/-/g, '').length) {
      this.error(`${this.where()} must be permissions made of r, w and x, not '${t}'`, "write 'r', 'rw', 'rx' or 'rwx'");
      return undefined;
    }
    return { r: t.includes('r'), w: t.includes('w'), x: t.includes('x') };
  }

  /** The value of this scalar as written (quotes removed), or undefined for collections. */
  get scalarValue(): string | undefined {
    if (!isScalar(this.node)) return undefined;
    return typeof this.node.value === 'string' ? this.node.value : this.text;
  }

  /** The child at index `i` of a sequence, without reporting anything. */
  item(i: number): Cursor | undefined {
    if (!isSeq(this.node)) return undefined;
    const n = this.node.items[i] as Node | undefined;
    return n === undefined || n === null ? undefined : new Cursor(this.src, n, this.sink, `${this.path}[${i}]`);
  }

  /** Follow keys and indices without reporting anything; undefined when the path is absent. */
  dig(...path: readonly (string | number)[]): Cursor | undefined {
    let c: Cursor | undefined = this;
    for (const step of path) {
      if (c === undefined) return undefined;
      c = typeof step === 'number' ? c.item(step) : c.get(step);
    }
    return c;
  }

  /** An inclusive range of whole numbers written "32-479" or [32, 479]. */
  range(min: number, max: number): readonly [number, number] | undefined {
    const hint = `write it as low-high within ${min}..${max}, such as ${min}-${max}`;
    let lo: number | undefined;
    let hi: number | undefined;
    const t = this.scalarValue;
    if (t !== undefined) {
      const m = /^\s*([0-9]+)\s*-\s*([0-9]+)\s*$/.exec(t);
      if (m === null) {
        this.error(`${this.where()} must be a range such as ${min}-${max}, not '${t}'`, hint);
        return undefined;
      }
      lo = Number(m[1]);
      hi = Number(m[2]);
    } else if (isSeq(this.node) && this.node.items.length === 2) {
      lo = this.item(0)!.int();
      hi = this.item(1)!.int();
      if (lo === undefined || hi === undefined) return undefined;
    } else {
      this.error(`${this.where()} must be a range such as ${min}-${max}`, hint);
      return undefined;
    }
    if (lo > hi || lo < min || hi > max) {
      this.error(`${this.where()} is ${lo}-${hi}, which does not ascend within ${min}..${max}`, hint);
      return undefined;
    }
    return [lo, hi];
  }

  /** A list of ints, accepting also ranges written "32-63" (and a lone "0-7" for the whole list). */
  intList(min: number, max: number): number[] | undefined {
    if (isScalar(this.node)) {
      const t = this.scalarValue ?? '';
      if (/^\s*[0-9]+\s*-\s*[0-9]+\s*$/.test(t)) {
        const r = this.range(min, max);
        if (r === undefined) return undefined;
        const out: number[] = [];
        for (let i = r[0]; i <= r[1]; i++) out.push(i);
        return out;
      }
      const one = this.int(min, max);
      return one === undefined ? undefined : [one];
    }
    const out: number[] = [];
    let ok = true;
    for (const item of this.items('whole numbers')) {
      const t = item.scalarValue ?? '';
      const m = /^([0-9]+)\s*-\s*([0-9]+)$/.exec(t);
      if (m !== null) {
        const a = Number(m[1]);
        const b = Number(m[2]);
        if (a > b || a < min || b > max) {
          item.error(`range '${t}' must ascend within ${min}..${max}`, `write it as low-high, such as ${min}-${Math.min(max, min + 3)}`);
          ok = false;
          continue;
        }
        for (let i = a; i <= b; i++) out.push(i);
      } else {
        const v = item.int(min, max);
        if (v === undefined) ok = false;
        else out.push(v);
      }
    }
    return ok ? out : undefined;
  }
}
