// The memory map's broken axis and overlaps: a 4 KiB page beside a 64 GiB bank is drawn wide
// enough to see and click, addresses keep their order, and VM regions that share PA (other than
// a channel's own endpoints) are found as overlaps.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import { axis, overlaps, regions } from '../../src/explore/memmap.js';

describe('memory map', () => {
  it('a 4 KiB page near a 64 GiB bank stays visible, and x grows with the address', () => {
    const bank = [0x8_0000_0000n, 0x18_0000_0000n];
    const page = [0x7fff_f000n, 0x8000_0000n];
    const ax = axis([...bank, ...page], (a, b) => (a >= bank[0]! && b <= bank[1]!) || (a >= page[0]! && b <= page[1]!));
    const pageW = ax.x(page[1]!) - ax.x(page[0]!);
    const bankW = ax.x(bank[1]!) - ax.x(bank[0]!);
    expect(pageW).toBeGreaterThanOrEqual(8);
    expect(bankW).toBeGreaterThan(pageW);
    // On a linear axis the page would be 1/16M of the bank: far below a pixel.
    expect(pageW / bankW).toBeGreaterThan(0.05);
    const xs = [0n, 0x7fff_f000n, 0x7fff_f800n, 0x8000_0000n, 0x9_0000_0000n, 0x18_0000_0000n, 0xffff_ffff_ffffn].map(ax.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThanOrEqual(xs[i - 1]!);
    // The gap between the page and the bank is squeezed to a break.
    expect(ax.breaks.some((b) => b.gap)).toBe(true);
  });

  it('finds the overlap of cockpit-overlap, and none between a channel\'s endpoints in cockpit', () => {
    const bad = loadScenario('models/breaches/cockpit-overlap.yaml');
    const good = loadScenario('models/cockpit.yaml');
    if (!bad.ok || !good.ok) throw new Error('does not load');
    const o = overlaps(regions(bad.value).regions);
    expect(o.some((x) => [x.a.lane, x.b.lane].sort().join(' ') === 'vm:cluster vm:infotainment')).toBe(true);
    expect(overlaps(regions(good.value).regions)).toEqual([]);
  });
});
