// The page store against a plain Map: same contents after any sequence of writes, every
// earlier version intact, and pages whose hashes collide kept apart.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageOf, PageStore } from '../../src/hv/pagestore.js';

const MAX_PAGE = 2 ** 52 - 1;

/** Pages from a few clustered regions (like RAM banks) and anywhere in the 52-bit space. */
const page = fc.oneof(
  fc.integer({ min: 0x40000, max: 0x40000 + 300 }),
  fc.integer({ min: 0x880000, max: 0x880000 + 5000 }),
  fc.integer({ min: 0, max: MAX_PAGE }),
  // Same low 32 bits, different high bits: folded hashes that can agree.
  fc.integer({ min: 0, max: 3 }).map((hi) => hi * 0x1_0000_0000 + 7),
);

function contents(s: PageStore): [number, number, number, number][] {
  return [...s.entries()].map(([k, c]): [number, number, number, number] => [k, c.value, c.writer, c.epoch]).sort((a, b) => a[0] - b[0]);
}

describe('page store', () => {
  it('agrees with a Map after any writes, and every earlier version is unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(page, fc.nat(), fc.integer({ min: -1, max: 3 }), fc.nat(5)), { maxLength: 300 }), (writes) => {
        let s = PageStore.empty;
        const model = new Map<number, [number, number, number]>();
        const versions: [PageStore, [number, number, number, number][]][] = [];
        for (const [p, value, writer, epoch] of writes) {
          versions.push([s, contents(s)]);
          s = s.set(p, value, writer, epoch);
          model.set(p, [value, writer, epoch]);
        }
        expect(s.size).toBe(model.size);
        for (const [p, [value, writer, epoch]] of model) expect(s.get(p)).toMatchObject({ value, writer, epoch });
        expect(contents(s)).toEqual([...model].map(([k, [v, w, e]]) => [k, v, w, e]).sort((a, b) => a[0]! - b[0]!));
        for (const [old, was] of versions) expect(contents(old)).toEqual(was);
      }),
      { seed: 20261121, numRuns: 300 },
    );
  });

  it('writing many pages at once is writing them one after the other', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(page, fc.nat(), fc.nat(3)), { maxLength: 100 }),
        fc.array(fc.array(fc.tuple(page, fc.nat(5)), { maxLength: 80 }), { maxLength: 4 }),
        (before, batches) => {
          let one = PageStore.empty;
          for (const [p, v, w] of before) one = one.set(p, v, w, 0);
          let all = one;
          batches.forEach((batch, b) => {
            const base = all;
            const was = contents(base);
            for (const [p, e] of batch) one = one.set(p, b, 9, e);
            all = all.setAll(batch.map(([p]) => p), b, 9, batch.map(([, e]) => e));
            // setAll leaves the store it started from as it was.
            expect(contents(base)).toEqual(was);
          });
          expect(all.size).toBe(one.size);
          expect(contents(all)).toEqual(contents(one));
          for (const [k] of contents(one)) expect(all.get(k)).toEqual(one.get(k));
        },
      ),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it('pages whose folded hashes are equal are distinct entries', () => {
    // The store folds a page number to 32 bits as lo ^ imul(hi, 0x9e3779b1): b folds to 5 too.
    const a = 5;
    const b = 0x1_0000_0000 + ((5 ^ Math.imul(1, 0x9e3779b1)) >>> 0);
    const s = PageStore.empty.set(a, 1, 0, 0).set(b, 2, 1, 0).set(a, 3, 0, 0);
    expect(s.size).toBe(2);
    expect(s.get(a)).toMatchObject({ value: 3 });
    expect(s.get(b)).toMatchObject({ value: 2 });
    expect(s.get(a + 1)).toBeUndefined();
  });

  it('page numbers are exact across the whole 64-bit space', () => {
    expect(pageOf(0x1000n)).toBe(1);
    expect(pageOf((1n << 53n) - 1n)).toBe(2 ** 41 - 1);
    expect(pageOf(1n << 53n)).toBe(2 ** 41);
    expect(pageOf((1n << 64n) - 1n)).toBe(2 ** 52 - 1);
    expect(pageOf((1n << 64n) - 4096n)).toBe(2 ** 52 - 1);
    expect(pageOf((1n << 64n) - 4097n)).toBe(2 ** 52 - 2);
  });
});
