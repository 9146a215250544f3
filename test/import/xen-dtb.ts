// A small flattened-device-tree writer for the tests, independent of the decoder it checks:
// header (version 17, last compatible 16), an empty memory reservation map, the structure
// block, and the strings block with each property name stored once, as dtc lays them out.

import type { DtNode } from '../../src/import/xen/tree.js';

export function writeDtb(root: DtNode): Uint8Array {
  const strings: number[] = [];
  const offsets = new Map<string, number>();
  const nameOff = (s: string): number => {
    let o = offsets.get(s);
    if (o === undefined) {
      o = strings.length;
      offsets.set(s, o);
      strings.push(...new TextEncoder().encode(s), 0);
    }
    return o;
  };
  const st: number[] = [];
  const u32 = (v: number): void => void st.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const pad = (): void => {
    while (st.length % 4 !== 0) st.push(0);
  };
  const node = (n: DtNode): void => {
    u32(1);
    st.push(...new TextEncoder().encode(n.name), 0);
    pad();
    for (const p of n.props) {
      u32(3);
      u32(p.value.length);
      u32(nameOff(p.name));
      st.push(...p.value);
      pad();
    }
    for (const c of n.children) node(c);
    u32(2);
  };
  node(root);
  u32(9);
  const header = 40;
  const rsvmap = 16; // one terminating {0, 0} entry
  const offStruct = header + rsvmap;
  const offStrings = offStruct + st.length;
  const total = offStrings + strings.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  [0xd00dfeed, total, offStruct, offStrings, header, 17, 16, 0, strings.length, st.length].forEach((v, i) => dv.setUint32(i * 4, v));
  out.set(st, offStruct);
  out.set(strings, offStrings);
  return out;
}
