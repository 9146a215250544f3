// Exact rendering of nanosecond figures: a bound the verdict rests on is printed without
// rounding (4001050 ns is "4.00105ms", never "4.001ms").

const UNITS: readonly (readonly [string, bigint])[] = [
  ['s', 1_000_000_000n],
  ['ms', 1_000_000n],
  ['us', 1_000n],
];

export function formatNs(ns: number | bigint): string {
  const n = BigInt(ns);
  const neg = n < 0n;
  const a = neg ? -n : n;
  for (const [unit, size] of UNITS) {
    if (a < size) continue;
    const whole = a / size;
    const frac = (a % size).toString().padStart(size.toString().length - 1, '0').replace(/0+$/, '');
    return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}${unit}`;
  }
  return `${neg ? '-' : ''}${a}ns`;
}
