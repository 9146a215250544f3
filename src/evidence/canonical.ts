// Canonical JSON: one byte sequence per value, so that a record's ID (a sha256 over these
// bytes) is the same on every machine. The compact form follows RFC 8785 (JCS) for the values
// a record holds: object keys sorted by UTF-16 code units, no whitespace, numbers and strings
// as ECMAScript serializes them. The pretty form is the same order with a fixed two-space
// indentation, for the files people read; both parse back to the same value.
//
// Values outside JSON are normalized, never guessed at: a bigint becomes a hex string (`0x…`,
// as addresses are written), an `undefined` member is left out. A non-finite number, a
// function or a symbol is a programming error and throws.

import { createHash } from 'node:crypto';
import type { Json } from './types.js';

/** A bigint as evidence writes it: lowercase hex, `0x` prefix, no separators. */
export function hexBigint(n: bigint): string {
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/** Turn an in-memory value into plain JSON (bigints as hex, undefined members dropped). */
export function toJson(value: unknown, path = '$'): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonical JSON: ${path} is ${value}, not a finite number`);
      return Object.is(value, -0) ? 0 : value;
    case 'bigint':
      return hexBigint(value);
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v, i) => (v === undefined ? null : toJson(v, `${path}[${i}]`)));
      if (value instanceof Map) throw new Error(`canonical JSON: ${path} is a Map; convert it to an object first`);
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v, `${path}.${k}`);
      return out;
    }
    default:
      throw new Error(`canonical JSON: ${path} is a ${typeof value}`);
  }
}

function sortedKeys(o: object): string[] {
  // Default sort compares UTF-16 code units, which is what JCS prescribes.
  return Object.keys(o).sort();
}

function write(v: Json, indent: string | undefined, depth: number): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const nl = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
  const close = indent === undefined ? '' : '\n' + indent.repeat(depth);
  const colon = indent === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    const items = (v as readonly Json[]).map((x) => nl + write(x, indent, depth + 1));
    return items.length === 0 ? '[]' : `[${items.join(',')}${close}]`;
  }
  const obj = v as { readonly [k: string]: Json };
  const members = sortedKeys(obj).map((k) => nl + JSON.stringify(k) + colon + write(obj[k]!, indent, depth + 1));
  return members.length === 0 ? '{}' : `{${members.join(',')}${close}}`;
}

/** Compact canonical JSON (JCS): the bytes IDs are computed over. */
export function canonical(value: unknown): string {
  return write(toJson(value), undefined, 0);
}

/** The same order, indented by two spaces, with a final newline: the bytes written to disk. */
export function canonicalPretty(value: unknown): string {
  return write(toJson(value), '  ', 0) + '\n';
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
