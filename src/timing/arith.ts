// Exact integer and rational arithmetic for the timing analyses. Every quantity a verdict
// rests on is a bigint or a ratio of bigints; there is no floating point on those paths.

/** A non-negative exact rational num/den, den > 0 (not necessarily reduced). */
export interface Q {
  readonly num: bigint;
  readonly den: bigint;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  return (a / gcd(a, b)) * b;
}

/** ⌈a/b⌉ for b > 0 (any sign of a). */
export function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** ⌊a/b⌋ for b > 0 (any sign of a). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function q(num: bigint, den = 1n): Q {
  if (den <= 0n) throw new RangeError('rational with a non-positive denominator');
  const g = gcd(num, den);
  return g <= 1n ? { num, den } : { num: num / g, den: den / g };
}

export function qAdd(a: Q, b: Q): Q {
  return q(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function qSub(a: Q, b: Q): Q {
  return q(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function qMul(a: Q, b: Q): Q {
  return q(a.num * b.num, a.den * b.den);
}

/** a / b for b > 0. */
export function qDiv(a: Q, b: Q): Q {
  if (b.num <= 0n) throw new RangeError('division by a non-positive rational');
  return q(a.num * b.den, a.den * b.num);
}

/** -1, 0 or 1 as a <, =, > b. */
export function qCmp(a: Q, b: Q): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function qFloor(a: Q): bigint {
  return floorDiv(a.num, a.den);
}

/** For display only (never for a verdict). */
export function qToString(a: Q): string {
  return a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`;
}
