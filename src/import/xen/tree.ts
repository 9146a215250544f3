// The device tree both readers produce: nodes and properties as the flattened form holds them
// (property values are big-endian bytes), each with the position it was read from: line:column
// in a .dts, byte offset in a .dtb (line 1, column offset + 1, as the Jailhouse importer reports
// binary positions). Labels survive only from source; phandles are plain `phandle` properties.

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export interface DtProp {
  readonly name: string;
  readonly value: Uint8Array;
  readonly at: Pos;
}

export interface DtNode {
  /** Node name with its unit address, e.g. "ethernet@ff0e0000"; "" for the root. */
  readonly name: string;
  readonly labels: readonly string[];
  readonly props: readonly DtProp[];
  readonly children: readonly DtNode[];
  readonly at: Pos;
}

export interface DtTree {
  readonly file: string;
  readonly binary: boolean;
  readonly root: DtNode;
}

export class DtError extends Error {
  constructor(
    readonly at: Pos,
    message: string,
    readonly hint: string,
    /** The file, when not the one being read (a partial tree's error found from the host). */
    readonly file?: string,
  ) {
    super(message);
  }
}

/** Limits that keep a hostile or broken input from exhausting the importer. */
export const DT_LIMITS = { maxBytes: 8 * 1024 * 1024, maxDepth: 64, maxNodes: 100_000 } as const;

export function prop(n: DtNode, name: string): DtProp | undefined {
  return n.props.find((p) => p.name === name);
}

export function child(n: DtNode, name: string): DtNode | undefined {
  return n.children.find((c) => c.name === name);
}

export function baseName(n: DtNode): string {
  const at = n.name.indexOf('@');
  return at < 0 ? n.name : n.name.slice(0, at);
}

/** The value as 32-bit cells, or undefined when its length is not a multiple of 4. */
export function cells(p: DtProp): bigint[] | undefined {
  if (p.value.length % 4 !== 0) return undefined;
  const dv = new DataView(p.value.buffer, p.value.byteOffset, p.value.byteLength);
  const out: bigint[] = [];
  for (let i = 0; i < p.value.length; i += 4) out.push(BigInt(dv.getUint32(i)));
  return out;
}

/** Join `n` cells (most significant first) into one number. */
export function joinCells(cs: readonly bigint[]): bigint {
  return cs.reduce((a, c) => (a << 32n) | c, 0n);
}

/** The value as NUL-terminated strings, or undefined when it is not one. */
export function strings(p: DtProp): string[] | undefined {
  if (p.value.length === 0 || p.value[p.value.length - 1] !== 0) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(p.value.subarray(0, p.value.length - 1));
  return text.split('\0');
}

export function isDisabled(n: DtNode): boolean {
  const s = prop(n, 'status');
  const v = s === undefined ? undefined : strings(s)?.[0];
  return v !== undefined && v !== 'okay' && v !== 'ok';
}

/** Every node with its full path, depth-first in document order. */
export function walk(root: DtNode): { node: DtNode; path: string; parent: DtNode | undefined }[] {
  const out: { node: DtNode; path: string; parent: DtNode | undefined }[] = [];
  const go = (n: DtNode, path: string, parent: DtNode | undefined): void => {
    out.push({ node: n, path, parent });
    for (const c of n.children) go(c, path === '/' ? `/${c.name}` : `${path}/${c.name}`, n);
  };
  go(root, '/', undefined);
  return out;
}

export function byPath(root: DtNode, path: string): DtNode | undefined {
  if (!path.startsWith('/')) return undefined;
  let n: DtNode | undefined = root;
  for (const part of path.split('/').filter((s) => s !== '')) {
    n = n.children.find((c) => c.name === part) ?? (part.includes('@') ? undefined : n.children.find((c) => baseName(c) === part));
    if (n === undefined) return undefined;
  }
  return n;
}
