// Canonical JSON: the bytes record IDs are computed over.

import { describe, expect, it } from 'vitest';
import { canonical, canonicalPretty, hexBigint, toJson } from '../../src/evidence/canonical.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and has no whitespace, whatever the insertion order', () => {
    const a = { b: 1, a: { z: [3, { y: true, x: null }], c: 'é' } };
    const b = { a: { c: 'é', z: [3, { x: null, y: true }] }, b: 1 };
    expect(canonical(a)).toBe('{"a":{"c":"é","z":[3,{"x":null,"y":true}]},"b":1}');
    expect(canonical(b)).toBe(canonical(a));
  });

  it('orders keys by UTF-16 code units (RFC 8785)', () => {
    // From RFC 8785 §3.2.3: "\r" < "1" < "\u0080" < "ö" < "€" < "😀" (surrogate pair) < "ﬂ".
    const o = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    expect(canonical(o)).toBe('{"\\r":2,"1":4,"\u0080":6,"ö":7,"€":1,"😀":5,"\ufb33":3}');
  });

  it('writes bigints as hex, drops undefined members, normalizes -0, refuses non-finite numbers', () => {
    expect(canonical({ addr: 0x4000_0000n, neg: -255n, gone: undefined, z: -0 })).toBe('{"addr":"0x40000000","neg":"-0xff","z":0}');
    expect(hexBigint(0n)).toBe('0x0');
    expect(() => canonical({ x: Number.NaN })).toThrow(/\$\.x is NaN/);
    expect(() => canonical({ f: () => 1 })).toThrow(/function/);
    expect(toJson([undefined, 1])).toEqual([null, 1]);
  });

  it('the pretty form is the same value in the same order, two-space indented, newline-terminated', () => {
    const v = { b: [1, 2], a: { c: 'x' }, e: [], d: {} };
    const pretty = canonicalPretty(v);
    expect(pretty).toBe('{\n  "a": {\n    "c": "x"\n  },\n  "b": [\n    1,\n    2\n  ],\n  "d": {},\n  "e": []\n}\n');
    expect(canonical(JSON.parse(pretty))).toBe(canonical(v));
  });
});
