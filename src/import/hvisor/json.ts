// A JSON reader (RFC 8259) that keeps the line:column of every value and every object key,
// which JSON.parse does not give: an error in an hvisor zone file must point at its line.
// Numbers are kept as their source text, so that a 64-bit address written as a number is
// never rounded through a double. Bounded: at most MAX_FILE_BYTES characters, MAX_DEPTH
// levels and MAX_ENTRIES values; the scan is iterative over the text and recursive only per
// nesting level, so no input can hang it or overflow its stack. Malformed input is a JsonError
// at its position, never a crash. A byte-order mark is not skipped (cJSON does not skip one
// either): it is an error at 1:1.

import { match } from 'ts-pattern';
import { MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES, mib } from '../../config/limits.js';

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export type JsonValue =
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[]; readonly at: Pos }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[]; readonly at: Pos }
  | { readonly kind: 'string'; readonly value: string; readonly at: Pos }
  /** `text` is the number as written, e.g. "1e3" or "-0". */
  | { readonly kind: 'number'; readonly text: string; readonly at: Pos }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly at: Pos }
  | { readonly kind: 'null'; readonly at: Pos };

export interface JsonEntry {
  readonly key: string;
  readonly keyAt: Pos;
  readonly value: JsonValue;
}

export class JsonError extends Error {
  constructor(
    readonly at: Pos,
    message: string,
  ) {
    super(message);
  }
}

// eslint-disable-next-line no-control-regex
const PLAIN = /[^"\\\x00-\x1f]+/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJson(text: string): JsonValue {
  if (text.length > MAX_FILE_BYTES) throw new JsonError({ line: 1, column: 1 }, `the file is ${text.length} characters long; hvsafe reads input files of at most ${mib(MAX_FILE_BYTES)}`);
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let entries = 0;
  const pos = (): Pos => ({ line, column: i - lineStart + 1 });
  const fail = (message: string, at: Pos = pos()): never => {
    throw new JsonError(at, message);
  };
  const shown = (): string => (i >= text.length ? 'the end of the file' : `'${text[i] === '\n' ? '\\n' : text[i]}'`);
  const skipWs = (): void => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') {
        line++;
        lineStart = i + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    }
  };
  const count = (): void => {
    if (++entries > MAX_ENTRIES) fail(`more than ${MAX_ENTRIES} values; hvsafe reads at most that many from one file`);
  };
  const string = (): string => {
    const open = pos();
    i++; // the opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('the string is not closed with \'"\'', open);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('\\u must be followed by four hexadecimal digits');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else fail(`'\\${e ?? ''}' is not a JSON escape`, pos());
        continue;
      }
      if (c < ' ') fail(c === '\n' ? 'the string is not closed before the end of the line' : `a control character (U+${c.charCodeAt(0).toString(16).padStart(4, '0')}) inside a string`);
      // The plain characters up to the next quote, escape or control character, in one slice.
      PLAIN.lastIndex = i;
      const end = PLAIN.exec(text) === null ? i + 1 : PLAIN.lastIndex;
      out += text.slice(i, end);
      i = end;
    }
  };
  const value = (depth: number): JsonValue => {
    skipWs();
    const at = pos();
    if (depth > MAX_DEPTH) fail(`values nested more than ${MAX_DEPTH} deep`);
    count();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: JsonEntry[] = [];
      skipWs();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries: out, at };
      }
      for (;;) {
        skipWs();
        const keyAt = pos();
        if (text[i] !== '"') fail(`expected a key in double quotes, found ${shown()}`);
        const key = string();
        const dup = out.find((e) => e.key === key);
        if (dup !== undefined) fail(`the key "${key}" is given twice in this object (first at ${dup.keyAt.line}:${dup.keyAt.column})`, keyAt);
        skipWs();
        if (text[i] !== ':') fail(`expected ':' after the key "${key}", found ${shown()}`);
        i++;
        out.push({ key, keyAt, value: value(depth + 1) });
        skipWs();
        if (text[i] === ',') {
          i++;
          skipWs();
          if (text[i] === '}') fail('a comma before \'}\': JSON allows no trailing comma');
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries: out, at };
        }
        fail(`expected ',' or '}' in the object opened at ${at.line}:${at.column}, found ${shown()}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonValue[] = [];
      skipWs();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, at };
      }
      for (;;) {
        items.push(value(depth + 1));
        skipWs();
        if (text[i] === ',') {
          i++;
          skipWs();
          if (text[i] === ']') fail('a comma before \']\': JSON allows no trailing comma');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items, at };
        }
        fail(`expected ',' or ']' in the array opened at ${at.line}:${at.column}, found ${shown()}`);
      }
    }
    if (c === '"') return { kind: 'string', value: string(), at };
    if (text.startsWith('true', i)) {
      i += 4;
      return { kind: 'boolean', value: true, at };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { kind: 'boolean', value: false, at };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return { kind: 'null', at };
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null && m[0].length > 0) {
      i += m[0].length;
      return { kind: 'number', text: m[0], at };
    }
    return fail(c === "'" ? 'strings are written in double quotes in JSON' : `expected a value, found ${shown()}`);
  };
  const root = value(0);
  skipWs();
  if (i < text.length) fail(`content after the end of the JSON value, found ${shown()}`);
  return root;
}

/** What a value is, in words, for "expected X, found Y". */
export function kindOf(v: JsonValue): string {
  return match(v)
    .with({ kind: 'object' }, () => 'an object')
    .with({ kind: 'array' }, () => 'an array')
    .with({ kind: 'string' }, (s) => `the string "${s.value.length > 40 ? `${s.value.slice(0, 40)}…` : s.value}"`)
    .with({ kind: 'number' }, (n) => `the number ${n.text}`)
    .with({ kind: 'boolean' }, (b) => `${b.value}`)
    .with({ kind: 'null' }, () => 'null')
    .exhaustive();
}
