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
//
// The layout is chosen for the write path, which allocates on every guest store: a stored
// page is one object (its key beside the cell's fields, so a Leaf is the Cell `get` returns),
// and an inner node is one array, its bitmap of occupied slots first and the packed children
// after (not a node object holding a children array), so each level copies one array.
class Leaf implements Cell {
  constructor(
    readonly key: number,
    readonly value: number,
    readonly writer: number,
    readonly epoch: number,
  ) {}
}

/** Pages whose hashes agree in every bit the trie looks at. */
class Collision {
  constructor(
    readonly hash: number,
    readonly leaves: readonly Leaf[],
  ) {}
}

type Child = Inner | Leaf | Collision;
/** [bitmap, ...children]: children[i] is at index 1 + i. */
type Inner = readonly (number | Child)[];

const BITS = 5;
const MASK = (1 << BITS) - 1;
const MAX_SHIFT = 30;

function hashPage(page: number): number {
  // Fold the 52-bit page number into 32 bits; low bits first so neighbouring pages spread.
  const lo = page >>> 0;
  const hi = Math.floor(page / 0x1_0000_0000);
  return (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
}

const BELOW_2_53 = 1n << 53n;

/** The page number of a physical address (exact: at most 2^52). */
export function pageOf(pa: bigint): number {
  // Below 2^53 the address converts to a number exactly, and number division allocates no
  // intermediate bigint as the shift does.
  return pa < BELOW_2_53 ? Math.floor(Number(pa) / 4096) : Number(pa >> 12n);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const EMPTY_NODE: Inner = [0];

export class PageStore {
  private constructor(
    private root: Inner,
    private count: number,
  ) {}

  static readonly empty = new PageStore(EMPTY_NODE, 0);

  /** Number of stored pages. */
  get size(): number {
    return this.count;
  }

  get(page: number): Cell | undefined {
    const h = hashPage(page);
    let node: Child = this.root;
    for (let shift = 0; ; shift += BITS) {
      if (Array.isArray(node)) {
        const bitmap = node[0] as number;
        const bit = 1 << ((h >>> shift) & MASK);
        if ((bitmap & bit) === 0) return undefined;
        node = node[1 + popcount(bitmap & (bit - 1))] as Child;
      } else if (node instanceof Leaf) {
        return node.key === page ? node : undefined;
      } else {
        return (node as Collision).leaves.find((l) => l.key === page);
      }
    }
  }

  set(page: number, value: number, writer: number, epoch: number): PageStore {
    // The new store is written only here, before anyone sees it: `insert` counts on it the
    // page it adds.
    const out = new PageStore(EMPTY_NODE, this.count);
    out.root = PageStore.insert(this.root, 0, hashPage(page), new Leaf(page, value, writer, epoch), out) as Inner;
    return out;
  }

  /**
   * Write many pages at once, as `set` one after the other would (a later write to the same
   * page wins). A DMA transfer writes up to hundreds of pages: copying each trie node on
   * their common paths once, not once per page, is most of its cost.
   */
  setAll(pages: readonly number[], value: number, writer: number, epochs: readonly number[]): PageStore {
    if (pages.length === 1) return this.set(pages[0]!, value, writer, epochs[0]!);
    const leaves = pages.map((p, i) => new Leaf(p, value, writer, epochs[i]!));
    const out = new PageStore(EMPTY_NODE, this.count);
    out.root = PageStore.insertAll(this.root, 0, leaves, leaves.map((l) => hashPage(l.key)), out) as Inner;
    return out;
  }

  /** Every stored page, in no particular order. */
  *entries(): Generator<[number, Cell]> {
    const stack: Child[] = [this.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (Array.isArray(n)) for (let i = 1; i < n.length; i++) stack.push(n[i] as Child);
      else if (n instanceof Leaf) yield [n.key, n];
      else for (const l of (n as Collision).leaves) yield [l.key, l];
    }
  }

  /** Insert leaves (in write order, with their hashes) below `node`, copying it once. */
  private static insertAll(node: Child, shift: number, leaves: readonly Leaf[], hashes: readonly number[], out: PageStore): Child {
    if (!Array.isArray(node) || leaves.length === 1) {
      let n = node;
      for (let i = 0; i < leaves.length; i++) n = PageStore.insert(n, shift, hashes[i]!, leaves[i]!, out);
      return n;
    }
    // Sort the leaves into the 32 slots, keeping write order within a slot.
    const bucketLeaves: Leaf[][] = [];
    const bucketHashes: number[][] = [];
    let incoming = 0;
    for (let i = 0; i < leaves.length; i++) {
      const slot = (hashes[i]! >>> shift) & MASK;
      if ((incoming & (1 << slot)) === 0) {
        incoming |= 1 << slot;
        bucketLeaves[slot] = [];
        bucketHashes[slot] = [];
      }
      bucketLeaves[slot]!.push(leaves[i]!);
      bucketHashes[slot]!.push(hashes[i]!);
    }
    const bitmap = node[0] as number;
    const merged = bitmap | incoming;
    const copy = new Array<number | Child>(1 + popcount(merged));
    copy[0] = merged;
    let from = 1;
    let to = 1;
    for (let slot = 0; slot <= MASK; slot++) {
      const bit = 1 << slot;
      if ((merged & bit) === 0) continue;
      const had = (bitmap & bit) !== 0;
      const child = had ? (node[from++] as Child) : undefined;
      if ((incoming & bit) === 0) copy[to++] = child!;
      else if (child !== undefined) copy[to++] = PageStore.insertAll(child, shift + BITS, bucketLeaves[slot]!, bucketHashes[slot]!, out);
      else {
        // An empty slot: its first leaf goes in as `insert` would put it, the rest below that.
        out.count++;
        copy[to++] = PageStore.insertAll(bucketLeaves[slot]![0]!, shift + BITS, bucketLeaves[slot]!.slice(1), bucketHashes[slot]!.slice(1), out);
      }
    }
    return copy;
  }

  private static insert(node: Child, shift: number, h: number, leaf: Leaf, out: PageStore): Child {
    if (Array.isArray(node)) {
      const bitmap = node[0] as number;
      const bit = 1 << ((h >>> shift) & MASK);
      const at = 1 + popcount(bitmap & (bit - 1));
      if ((bitmap & bit) === 0) {
        out.count++;
        const copy = new Array<number | Child>(node.length + 1);
        copy[0] = bitmap | bit;
        for (let i = 1; i < at; i++) copy[i] = node[i]!;
        copy[at] = leaf;
        for (let i = at; i < node.length; i++) copy[i + 1] = node[i]!;
        return copy;
      }
      const copy = node.slice();
      copy[at] = PageStore.insert(node[at] as Child, shift + BITS, h, leaf, out);
      return copy;
    }
    if (node instanceof Leaf) {
      if (node.key === leaf.key) return leaf;
      out.count++;
      const oh = hashPage(node.key);
      if (oh === h || shift > MAX_SHIFT) return new Collision(h, [node, leaf]);
      return merge(node, oh, leaf, h, shift);
    }
    const c = node as Collision;
    const i = c.leaves.findIndex((l) => l.key === leaf.key);
    if (i >= 0) {
      const leaves = c.leaves.slice();
      leaves[i] = leaf;
      return new Collision(c.hash, leaves);
    }
    out.count++;
    return new Collision(c.hash, [...c.leaves, leaf]);
  }
}

function merge(a: Leaf, ha: number, b: Leaf, hb: number, shift: number): Inner | Collision {
  if (shift > MAX_SHIFT) return new Collision(ha, [a, b]);
  const ia = (ha >>> shift) & MASK;
  const ib = (hb >>> shift) & MASK;
  if (ia === ib) return [1 << ia, merge(a, ha, b, hb, shift + BITS)];
  return ia < ib ? [(1 << ia) | (1 << ib), a, b] : [(1 << ia) | (1 << ib), b, a];
}
