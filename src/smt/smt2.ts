// Building blocks of SMT-LIB2 text: literals, declarations, range membership. Only standard
// SMT-LIB2 (QF_BV) that Debian's z3 4.8.12 parses, so an assessor can re-run every query.

export type Sort = 'bool' | 64 | 32 | 16 | 8;

export const ADDR_MAX = (1n << 64n) - 1n;

export function sortText(s: Sort): string {
  return s === 'bool' ? 'Bool' : `(_ BitVec ${s})`;
}

/** A bit-vector literal of `width` bits; the value must fit (a bug otherwise, never a wrap). */
export function bv(value: bigint | number, width: 64 | 32 | 16 | 8): string {
  const v = BigInt(value);
  if (v < 0n || v >= 1n << BigInt(width)) throw new Error(`value ${v} does not fit in ${width} bits`);
  return `#x${v.toString(16).padStart(width / 4, '0')}`;
}

export function lit(value: bigint | number | boolean, sort: Sort): string {
  if (sort === 'bool') return value === true ? 'true' : 'false';
  if (typeof value === 'boolean') throw new Error('a boolean for a bit-vector field');
  return bv(value, sort);
}

export function declare(name: string, sort: Sort): string {
  return `(declare-const ${name} ${sortText(sort)})`;
}

export function and(xs: readonly string[]): string {
  return xs.length === 0 ? 'true' : xs.length === 1 ? xs[0]! : `(and ${xs.join(' ')})`;
}

export function or(xs: readonly string[]): string {
  return xs.length === 0 ? 'false' : xs.length === 1 ? xs[0]! : `(or ${xs.join(' ')})`;
}

/**
 * `x` lies in the closed range [lo, hi]. Ranges are stated by their last element, never by
 * base + size, so a region ending at 2^64 needs no 65th bit and nothing wraps.
 */
export function within(x: string, lo: bigint, hi: bigint, width: 64 | 32 | 16 | 8): string {
  const parts: string[] = [];
  if (lo > 0n) parts.push(`(bvule ${bv(lo, width)} ${x})`);
  if (hi < (1n << BigInt(width)) - 1n) parts.push(`(bvule ${x} ${bv(hi, width)})`);
  return and(parts);
}

/** A comment line (no newlines inside). */
export function comment(text: string): string {
  return `; ${text.replace(/[\r\n]+/g, ' ')}`;
}
