import { describe, expect, it } from 'vitest';
import { formatAddr, formatDuration, formatSize, parseDuration, parseFrequency, parseRatio, parseSize, parseUnsigned } from '../../src/config/units.js';

const ok = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('expected ok');
  return r.value;
};

describe('units', () => {
  it('parses sizes exactly, with binary units and _ separators', () => {
    expect(ok(parseSize('64KiB'))).toBe(65536n);
    expect(ok(parseSize('2GiB'))).toBe(2n << 30n);
    expect(ok(parseSize('0x8000_0000'))).toBe(0x8000_0000n);
    expect(ok(parseSize('0xffff_ffff_ffff_f000'))).toBe(0xffff_ffff_ffff_f000n);
    expect(ok(parseSize('4096'))).toBe(4096n);
    expect(ok(parseSize('1 MiB'))).toBe(1n << 20n);
  });
  it('rejects ambiguous and unknown size units with a hint', () => {
    const kb = parseSize('64KB');
    expect(kb.ok).toBe(false);
    if (!kb.ok) expect(kb.hint).toContain('64KiB');
    expect(parseSize('64 parsecs').ok).toBe(false);
    expect(parseSize('0x_').ok).toBe(false);
    expect(parseUnsigned('1__0')).toBeUndefined();
  });
  it('parses durations to integer ns, fractions only when whole', () => {
    expect(ok(parseDuration('5us'))).toBe(5000);
    expect(ok(parseDuration('1ms'))).toBe(1_000_000);
    expect(ok(parseDuration('1.5us'))).toBe(1500);
    expect(ok(parseDuration('250ns'))).toBe(250);
    expect(parseDuration('1.5ns').ok).toBe(false);
    expect(parseDuration('10').ok).toBe(false);
  });
  it('rejects durations above 2^53 ns', () => {
    expect(ok(parseDuration('9007199ms'))).toBe(9_007_199_000_000);
    const big = parseDuration('9007200s');
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.hint).toContain('2^53');
    expect(ok(parseDuration('9007199254740991ns'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseDuration('9007199254740992ns').ok).toBe(false);
  });
  it('parses frequencies and ratios exactly', () => {
    expect(ok(parseFrequency('1.2GHz'))).toBe(1_200_000);
    expect(ok(parseFrequency('600MHz'))).toBe(600_000);
    expect(ok(parseRatio('4x'))).toEqual({ num: 4n, den: 1n });
    expect(ok(parseRatio('4.5x'))).toEqual({ num: 9n, den: 2n });
    expect(ok(parseRatio('9/6'))).toEqual({ num: 3n, den: 2n });
    expect(parseRatio('1/0').ok).toBe(false);
  });
  it('formats back', () => {
    expect(formatSize(64n * 1024n)).toBe('64KiB');
    expect(formatSize(4097n)).toBe('4097B');
    expect(formatAddr(0x8000_0000n)).toBe('0x8000_0000');
    expect(formatDuration(20_000)).toBe('20us');
    expect(formatDuration(1500)).toBe('1500ns');
  });
});
