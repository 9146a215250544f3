// A decoder for the flattened device tree (.dtb) as the Devicetree Specification (ch. 5)
// defines it: a 40-byte big-endian header (magic 0xd00dfeed, version 17, last compatible
// version 16), the structure block of BEGIN_NODE / PROP / END_NODE / NOP / END tokens, the
// strings block of property names. Positions are byte offsets (line 1, column offset + 1).
// So no system dtc is needed; every bound is checked before it is read.

import { DT_LIMITS, DtError, type DtNode, type DtProp, type DtTree, type Pos } from './tree.js';

export const FDT_MAGIC = 0xd00dfeed;
export const FDT = { BEGIN_NODE: 1, END_NODE: 2, PROP: 3, NOP: 4, END: 9 } as const;

const at = (offset: number): Pos => ({ line: 1, column: offset + 1 });

export function isDtb(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0x0d && bytes[2] === 0xfe && bytes[3] === 0xed;
}

export function decodeDtb(file: string, bytes: Uint8Array): { tree: DtTree | undefined; errors: readonly DtError[] } {
  try {
    return { tree: { file, binary: true, root: decode(bytes) }, errors: [] };
  } catch (e) {
    if (!(e instanceof DtError)) throw e;
    return { tree: undefined, errors: [e] };
  }
}

function decode(b: Uint8Array): DtNode {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const hint = 'compile the source with dtc -I dts -O dtb, or give the .dts';
  if (b.length < 40) throw new DtError(at(0), `a flattened device tree has a 40-byte header; the file has ${b.length} bytes`, hint);
  if (b.length > DT_LIMITS.maxBytes) throw new DtError(at(0), `the file is ${b.length} bytes, more than the ${DT_LIMITS.maxBytes} this reader accepts`, 'a device tree is far smaller; check the file');
  const u32 = (o: number): number => dv.getUint32(o);
  const magic = u32(0);
  if (magic !== FDT_MAGIC) throw new DtError(at(0), `bad magic 0x${magic.toString(16).padStart(8, '0')}: not a flattened device tree (0xd00dfeed)`, hint);
  const total = u32(4);
  const offStruct = u32(8);
  const offStrings = u32(12);
  const version = u32(20);
  const lastComp = u32(24);
  const sizeStrings = u32(32);
  const sizeStruct = u32(36);
  if (total > b.length) throw new DtError(at(4), `totalsize ${total} is larger than the file (${b.length} bytes): the file is truncated`, hint);
  if (version < 17 || lastComp > 17) throw new DtError(at(20), `device tree version ${version} (last compatible ${lastComp}) is not read: this reader takes version 17 (compatible with 16)`, 'recompile with a current dtc');
  if (offStruct + sizeStruct > total || offStruct % 4 !== 0) throw new DtError(at(8), `the structure block (offset ${offStruct}, ${sizeStruct} bytes) lies outside the tree's ${total} bytes or is misaligned`, hint);
  if (offStrings + sizeStrings > total) throw new DtError(at(12), `the strings block (offset ${offStrings}, ${sizeStrings} bytes) lies outside the tree's ${total} bytes`, hint);
  const end = offStruct + sizeStruct;
  const nameAt = (off: number, where: number): string => {
    if (off >= sizeStrings) throw new DtError(at(where), `property name offset ${off} lies outside the strings block (${sizeStrings} bytes)`, hint);
    const s = offStrings + off;
    const z = b.indexOf(0, s);
    if (z < 0 || z >= offStrings + sizeStrings) throw new DtError(at(where), 'a property name in the strings block is not NUL-terminated', hint);
    return new TextDecoder().decode(b.subarray(s, z));
  };
  interface Building { name: string; props: DtProp[]; children: DtNode[]; at: Pos }
  const stack: Building[] = [];
  let root: DtNode | undefined;
  let nodes = 0;
  let o = offStruct;
  for (;;) {
    if (o + 4 > end) throw new DtError(at(o), 'the structure block ends without an END token', hint);
    const tok = u32(o);
    const tokAt = o;
    o += 4;
    if (tok === FDT.BEGIN_NODE) {
      const z = b.indexOf(0, o);
      if (z < 0 || z >= end) throw new DtError(at(tokAt), 'a node name runs past the structure block', hint);
      if (root !== undefined) throw new DtError(at(tokAt), 'a second root node after the first one closed', hint);
      if (stack.length >= DT_LIMITS.maxDepth) throw new DtError(at(tokAt), `nodes nested more than ${DT_LIMITS.maxDepth} deep`, 'a device tree is far shallower');
      if (++nodes > DT_LIMITS.maxNodes) throw new DtError(at(tokAt), `more than ${DT_LIMITS.maxNodes} nodes`, 'a device tree is far smaller');
      const name = new TextDecoder().decode(b.subarray(o, z));
      if (stack.length === 0 && name !== '') throw new DtError(at(tokAt), `the root node has the name '${name}'; it must be empty`, hint);
      stack.push({ name, props: [], children: [], at: at(tokAt) });
      o = (z + 1 + 3) & ~3;
    } else if (tok === FDT.END_NODE) {
      const n = stack.pop();
      if (n === undefined) throw new DtError(at(tokAt), 'END_NODE without a node open', hint);
      const done: DtNode = { name: n.name, labels: [], props: n.props, children: n.children, at: n.at };
      if (stack.length === 0) root = done;
      else stack[stack.length - 1]!.children.push(done);
    } else if (tok === FDT.PROP) {
      if (o + 8 > end) throw new DtError(at(tokAt), 'a property header runs past the structure block', hint);
      const len = u32(o);
      const nameOff = u32(o + 4);
      if (o + 8 + len > end) throw new DtError(at(tokAt), `a property of ${len} bytes runs past the structure block`, hint);
      const top = stack[stack.length - 1];
      if (top === undefined) throw new DtError(at(tokAt), 'a property outside any node', hint);
      top.props.push({ name: nameAt(nameOff, o + 4), value: b.slice(o + 8, o + 8 + len), at: at(tokAt) });
      o = (o + 8 + len + 3) & ~3;
    } else if (tok === FDT.NOP) continue;
    else if (tok === FDT.END) {
      if (stack.length > 0) throw new DtError(at(tokAt), `END with ${stack.length} node(s) still open`, hint);
      if (root === undefined) throw new DtError(at(tokAt), 'the tree has no root node', hint);
      return root;
    } else throw new DtError(at(tokAt), `unknown structure token 0x${tok.toString(16)}`, hint);
  }
}
