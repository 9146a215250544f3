// Human units in scenario files: sizes (64KiB, 2GiB, 0x8000_0000), durations (5us, 1ms),
// frequencies (1.2GHz) and ratios (4x, 4.5, 9/2). All parsing is exact: bigint for
// addresses and sizes, integer ns for durations, never through a float.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

const INT_RE = /^(0x[0-9a-f][0-9a-f_]*|0b[01][01_]*|0o[0-7][0-7_]*|[0-9][0-9_]*)$/i;

/** An unsigned integer literal: decimal, 0x hex, 0b, 0o, with `_` separators. */
export function parseUnsigned(text: string): bigint | undefined {
  const t = text.trim();
  if (!INT_RE.test(t) || t.endsWith('_') || t.includes('__')) return undefined;
  return BigInt(t.replace(/_/g, ''));
}

const SIZE_UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1n << 10n,
  kib: 1n << 10n,
  m: 1n << 20n,
  mib: 1n << 20n,
  g: 1n << 30n,
  gib: 1n << 30n,
  t: 1n << 40n,
  tib: 1n << 40n,
  pib: 1n << 50n,
  eib: 1n << 60n,
};

const SIZE_HINT = "write an integer (4096, 0x1000, 0x8000_0000) or one with a binary unit: 4KiB, 64KiB, 2MiB, 1GiB";

/** A byte count or address: integer literal, optionally with a binary unit suffix. */
export function parseSize(text: string): Parsed<bigint> {
  const t = text.trim();
  const m = /^([0-9][0-9_]*|0x[0-9a-f_]+)\s*([a-z]*)$/i.exec(t);
  if (m === null) return { ok: false, message: `'${text}' is not a size or address`, hint: SIZE_HINT };
  const n = parseUnsigned(m[1]!);
  const unitRaw = m[2]!;
  const unit = unitRaw.toLowerCase();
  if (n === undefined) return { ok: false, message: `'${text}' is not a valid integer`, hint: SIZE_HINT };
  if (/^[kmgt]b$/.test(unit)) {
    return {
      ok: false,
      message: `'${unitRaw}' is ambiguous (decimal or binary?)`,
      hint: `write ${m[1]}${unitRaw[0]!.toUpperCase()}iB for the binary size`,
    };
  }
  const mult = SIZE_UNITS[unit];
  if (mult === undefined) return { ok: false, message: `unknown size unit '${unitRaw}'`, hint: SIZE_HINT };
  return { ok: true, value: n * mult };
}

const TIME_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};

const TIME_HINT = 'write an integer with a unit: 250ns, 5us, 1ms, 2s (1.5us is fine when it lands on whole ns)';

/** A duration, as exact integer ns. Decimal fractions are allowed if the result is whole ns. */
export function parseDuration(text: string): Parsed<number> {
  const t = text.trim();
  const m = /^([0-9][0-9_]*)(?:\.([0-9]+))?\s*(ns|us|µs|ms|s)$/.exec(t);
  if (m === null) {
    if (/^[0-9_]+$/.test(t)) return { ok: false, message: `duration '${text}' has no unit`, hint: TIME_HINT };
    return { ok: false, message: `'${text}' is not a duration`, hint: TIME_HINT };
  }
  const whole = BigInt(m[1]!.replace(/_/g, ''));
  const frac = m[2] ?? '';
  const mult = TIME_UNITS[m[3]!]!;
  const scaled = whole * mult * 10n ** BigInt(frac.length) + (frac === '' ? 0n : BigInt(frac) * mult);
  const div = 10n ** BigInt(frac.length);
  if (scaled % div !== 0n) return { ok: false, message: `duration '${text}' is not a whole number of ns`, hint: TIME_HINT };
  const ns = scaled / div;
  if (ns > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, message: `duration '${text}' is too long`, hint: 'durations must stay below 2^53 ns (about 104 days)' };
  }
  return { ok: true, value: Number(ns) };
}

const FREQ_UNITS: Record<string, bigint> = { khz: 1n, mhz: 1_000n, ghz: 1_000_000n };

/** A frequency, as integer kHz. */
export function parseFrequency(text: string): Parsed<number> {
  const m = /^([0-9]+)(?:\.([0-9]+))?\s*(khz|mhz|ghz)$/i.exec(text.trim());
  const hint = 'write a frequency with a unit: 600MHz, 1.2GHz, 400000kHz';
  if (m === null) return { ok: false, message: `'${text}' is not a frequency`, hint };
  const frac = m[2] ?? '';
  const mult = FREQ_UNITS[m[3]!.toLowerCase()]!;
  const scaled = BigInt(m[1]!) * mult * 10n ** BigInt(frac.length) + (frac === '' ? 0n : BigInt(frac) * mult);
  const div = 10n ** BigInt(frac.length);
  if (scaled % div !== 0n) return { ok: false, message: `frequency '${text}' is not a whole number of kHz`, hint };
  return { ok: true, value: Number(scaled / div) };
}

/** A non-negative exact ratio: 4, 4x, 4.5, 4.5x, 9/2. */
export function parseRatio(text: string): Parsed<{ num: bigint; den: bigint }> {
  const t = text.trim();
  const hint = 'write a factor such as 1, 4x, 4.5 or 9/2';
  let m = /^([0-9]+)\s*\/\s*([0-9]+)$/.exec(t);
  if (m !== null) {
    const den = BigInt(m[2]!);
    if (den === 0n) return { ok: false, message: `ratio '${text}' divides by zero`, hint };
    return { ok: true, value: reduce(BigInt(m[1]!), den) };
  }
  m = /^([0-9]+)(?:\.([0-9]+))?\s*x?$/i.exec(t);
  if (m === null) return { ok: false, message: `'${text}' is not a factor`, hint };
  const frac = m[2] ?? '';
  const den = 10n ** BigInt(frac.length);
  return { ok: true, value: reduce(BigInt(m[1]!) * den + (frac === '' ? 0n : BigInt(frac)), den) };
}

function reduce(num: bigint, den: bigint): { num: bigint; den: bigint } {
  let a = num;
  let b = den;
  while (b !== 0n) [a, b] = [b, a % b];
  const g = a === 0n ? 1n : a;
  return { num: num / g, den: den / g };
}

export function formatSize(n: bigint): string {
  const units: [bigint, string][] = [
    [1n << 40n, 'TiB'],
    [1n << 30n, 'GiB'],
    [1n << 20n, 'MiB'],
    [1n << 10n, 'KiB'],
  ];
  for (const [m, u] of units) if (n >= m && n % m === 0n) return `${n / m}${u}`;
  return `${n}B`;
}

export function formatAddr(n: bigint): string {
  const hex = n.toString(16).padStart(8, '0');
  // Group by 4 hex digits from the right, matching how the format accepts them.
  return '0x' + hex.replace(/\B(?=(?:[0-9a-f]{4})+$)/g, '_');
}

export function formatDuration(ns: number): string {
  if (ns !== 0 && ns % 1_000_000_000 === 0) return `${ns / 1_000_000_000}s`;
  if (ns !== 0 && ns % 1_000_000 === 0) return `${ns / 1_000_000}ms`;
  if (ns !== 0 && ns % 1_000 === 0) return `${ns / 1_000}us`;
  return `${ns}ns`;
}
