// Memory contents, one cell per 4 KiB physical page, as a persistent hash trie (HAMT).
// A write copies only the path to its page (a few small arrays), so every past State keeps
// its memory intact while the model stays fast over million-event traces. Pages never
// written read as zero.

export interface Cell {
  /** The value last written (a 32-bit word stands for the page's contents). */
  readonly value: number;
  /** Who wrote it: a VM index, or -1 for a device/the hypervisor. */
  readonly writer: number;
  /** The epoch of the page's segment at the time of the write. */
  readonly epoch: number;
}

// Keys are page numbers: a 64-bit PA has a 52-bit page number, which a JS number holds
// exactly, and number arithmetic is several times faster than bigint on the hot path.
interface Leaf {
  readonly key: number;
  readonly cell: Cell;
}

// A node is a bitmap of occupied slots and the packed children (leaves or nodes).
interface TrieNode {
  readonly bitmap: number;
  readonly children: readonly (TrieNode | Leaf | Collision)[];
}

interface Collision {
  readonly hash: number;
  readonly leaves: readonly Leaf[];
}

const BITS = 5;
const MASK = (1 << BITS) - 1;
const MAX_SHIFT = 30;

function isLeaf(x: TrieNode | Leaf | Collision): x is Leaf {
  return (x as Leaf).key !== undefined;
}

function isCollision(x: TrieNode | Leaf | Collision): x is Collision {
  return (x as Collision).leaves !== undefined;
}

function hashPage(page: number): number {
  // Fold the 52-bit page number into 32 bits; low bits first so neighbouring pages spread.
  const lo = page >>> 0;
  const hi = Math.floor(page / 0x1_0000_0000);
  return (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
}

/** The page number of a physical address (exact: at most 2^52). */
export function pageOf(pa: bigint): number {
  return Number(pa >> 12n);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const EMPTY_NODE: TrieNode = { bitmap: 0, children: [] };

export class PageStore {
  private constructor(
    private readonly root: TrieNode,
    /** Number of stored pages. */
    readonly size: number,
  ) {}

  static readonly empty = new PageStore(EMPTY_NODE, 0);

  get(page: number): Cell | undefined {
    const h = hashPage(page);
    let node: TrieNode | Leaf | Collision = this.root;
    for (let shift = 0; ; shift += BITS) {
      if (isLeaf(node)) return node.key === page ? node.cell : undefined;
      if (isCollision(node)) return node.leaves.find((l) => l.key === page)?.cell;
      const bit = 1 << ((h >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))]!;
    }
  }

  set(page: number, cell: Cell): PageStore {
    const h = hashPage(page);
    const added = { value: false };
    const root = insert(this.root, 0, h, { key: page, cell }, added) as TrieNode;
    return new PageStore(root, this.size + (added.value ? 1 : 0));
  }

  /** Every stored page, in no particular order. */
  *entries(): Generator<[number, Cell]> {
    const stack: (TrieNode | Leaf | Collision)[] = [this.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (isLeaf(n)) yield [n.key, n.cell];
      else if (isCollision(n)) for (const l of n.leaves) yield [l.key, l.cell];
      else for (const c of n.children) stack.push(c);
    }
  }
}

function insert(
  node: TrieNode | Leaf | Collision,
  shift: number,
  h: number,
  leaf: Leaf,
  added: { value: boolean },
): TrieNode | Leaf | Collision {
  if (isLeaf(node)) {
    if (node.key === leaf.key) return leaf;
    const oh = hashPage(node.key);
    if (oh === h || shift > MAX_SHIFT) {
      added.value = true;
      return { hash: h, leaves: [node, leaf] };
    }
    added.value = true;
    return merge(node, oh, leaf, h, shift);
  }
  if (isCollision(node)) {
    const i = node.leaves.findIndex((l) => l.key === leaf.key);
    if (i >= 0) {
      const leaves = node.leaves.slice();
      leaves[i] = leaf;
      return { hash: node.hash, leaves };
    }
    added.value = true;
    return { hash: node.hash, leaves: [...node.leaves, leaf] };
  }
  const bit = 1 << ((h >>> shift) & MASK);
  const idx = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    added.value = true;
    const children = node.children.slice();
    children.splice(idx, 0, leaf);
    return { bitmap: node.bitmap | bit, children };
  }
  const child = node.children[idx]!;
  const updated = insert(child, shift + BITS, h, leaf, added);
  const children = node.children.slice();
  children[idx] = updated;
  return { bitmap: node.bitmap, children };
}

function merge(a: Leaf, ha: number, b: Leaf, hb: number, shift: number): TrieNode | Collision {
  if (shift > MAX_SHIFT) return { hash: ha, leaves: [a, b] };
  const ia = (ha >>> shift) & MASK;
  const ib = (hb >>> shift) & MASK;
  if (ia === ib) return { bitmap: 1 << ia, children: [merge(a, ha, b, hb, shift + BITS)] };
  return { bitmap: (1 << ia) | (1 << ib), children: ia < ib ? [a, b] : [b, a] };
}
