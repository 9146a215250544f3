// "Do two declarations that must not meet share a key?" — the shape of most configuration
// claims (two VMs' mappings sharing a physical address, an SPI routed twice, a stream ID
// serving two owners, a cache color shared across criticalities), decided by Z3 at scale.
//
// One symbolic query over every item is quadratic work for the solver (measured: 128 VMs of
// 16 regions take 8 s, 512 VMs time out), so a concrete sweep first cuts the key space into
// consecutive chunks and lists, for each chunk, the items that intersect it. Each chunk is
// then a small symbolic problem — a key k in the chunk, two items i ≠ j containing k, the
// conflict between their fields — and chunks are grouped into queries of bounded size, so
// query count and size grow linearly (sorting is the n log n).
//
// The sweep is not trusted: a certificate query hands the solver the ground facts that make
// the chunking complete (chunks are consecutive and cover the key space; every item lies
// inside the span of the chunks it is listed in), negated, and must be UNSAT. Chunks whose
// items cannot form a conflicting pair by role (e.g. no hypervisor region in the chunk) are
// left out, and so are chunks whose declarations are pairwise disjoint: for those the
// certificate also holds the sweep's own conclusion as ground facts (in sorted order, each
// declaration ends before the next begins), checked by the solver. Only chunks where
// declarations overlap (channel endpoints, breaches, a route beside its device) are symbolic.

import type { Query, WitnessVar } from './query.js';
import { and, bv, declare, lit, or, within, type Sort } from './smt2.js';

export interface JoinItem {
  /** Inclusive key range; a point is lo = hi. */
  readonly lo: bigint;
  readonly hi: bigint;
  readonly fields: Readonly<Record<string, bigint | boolean>>;
  /** May be the first / second of a conflicting pair (both for a symmetric join). */
  readonly left: boolean;
  readonly right: boolean;
}

export interface JoinSpec {
  readonly property: string;
  /** Names the key space in query IDs: `pa`, `spi`, `stream`... */
  readonly subject: string;
  /** What UNSAT establishes, in words. */
  readonly claim: string;
  readonly keyWidth: 64 | 32;
  readonly fields: Readonly<Record<string, Exclude<Sort, 64>>>;
  /**
   * The breach between items i (left) and j (right), as SMT-LIB2 over their field constants:
   * `f(name)` is i's constant for field `name`, `g(name)` j's.
   */
  readonly conflict: (f: (name: string) => string, g: (name: string) => string) => string;
  readonly items: readonly JoinItem[];
}

/** Items per chunk, chunks per query: measured on 128–512 VMs (see bench/prove.ts). */
const CHUNK_ITEMS = 16;
const QUERY_ITEMS = 512;

interface Chunk {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly items: readonly number[];
  /** Items sorted by range, when consecutive ones are disjoint (so no two share a key): no query needed. */
  readonly disjoint?: readonly number[];
}

export interface Plan {
  readonly chunks: readonly Chunk[];
  /** For each item: first and last chunk listing it. */
  readonly span: readonly (readonly [number, number])[];
  /** Groups of chunk indices, one query each (chunks without a possible pair are absent). */
  readonly groups: readonly (readonly number[])[];
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function plan(spec: JoinSpec): Plan {
  const max = (1n << BigInt(spec.keyWidth)) - 1n;
  const order = spec.items.map((_, i) => i).sort((a, b) => cmp(spec.items[a]!.lo, spec.items[b]!.lo) || a - b);
  const chunks: Chunk[] = [];
  const span: [number, number][] = spec.items.map(() => [-1, -1]);
  let start = 0n;
  let cur: number[] = [];
  const close = (hi: bigint): void => {
    const c = chunks.length;
    for (const i of cur) {
      const s = span[i]!;
      if (s[0] < 0) s[0] = c;
      s[1] = c;
    }
    const sorted = [...cur].sort((a, b) => cmp(spec.items[a]!.lo, spec.items[b]!.lo) || a - b);
    const apart = sorted.every((x, t) => t === 0 || spec.items[sorted[t - 1]!]!.hi < spec.items[x]!.lo);
    chunks.push({ lo: start, hi, items: cur, ...(apart ? { disjoint: sorted } : {}) });
  };
  for (const i of order) {
    const it = spec.items[i]!;
    if (it.lo > it.hi || it.hi > max) throw new Error(`join item ${i} has an empty or oversized range`);
    // Cut at a cluster boundary (everything so far ends before this item starts), so that
    // overlapping declarations share a chunk and isolated ones need no query; or when full.
    if (cur.length > 0 && it.lo > start && (cur.length >= CHUNK_ITEMS || cur.every((j) => spec.items[j]!.hi < it.lo))) {
      close(it.lo - 1n);
      start = it.lo;
      cur = cur.filter((j) => spec.items[j]!.hi >= start);
    }
    cur.push(i);
  }
  close(max);

  const groups: number[][] = [];
  let group: number[] = [];
  let size = 0;
  chunks.forEach((c, n) => {
    const possible = c.disjoint === undefined && c.items.some((i) => spec.items[i]!.left) && c.items.some((i) => spec.items[i]!.right) && c.items.length >= 2;
    if (!possible) return;
    if (size > 0 && size + c.items.length > QUERY_ITEMS) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(n);
    size += c.items.length;
  });
  if (group.length > 0) groups.push(group);
  return { chunks, span, groups };
}

function fieldConst(side: 'i' | 'j', name: string): string {
  return `${side}_${name.replace(/[^a-z0-9]/gi, '_')}`;
}

export function chunkQueryId(spec: JoinSpec, g: number): string {
  return `${spec.property}/${spec.subject}/chunks-${String(g + 1).padStart(4, '0')}`;
}

export function joinQueries(spec: JoinSpec): Query[] {
  const p = plan(spec);
  const W = spec.keyWidth;
  const out: Query[] = [];

  // The certificate: ground facts only, so the solver checks them by evaluation.
  const facts: string[] = [];
  p.chunks.forEach((c, n) => {
    if (n === 0) facts.push(`(= ${bv(c.lo, W)} ${bv(0n, W)})`);
    else facts.push(`(= ${bv(c.lo, W)} (bvadd ${bv(p.chunks[n - 1]!.hi, W)} ${bv(1n, W)}))`, `(bvult ${bv(p.chunks[n - 1]!.hi, W)} ${bv(c.lo, W)})`);
    if (n === p.chunks.length - 1) facts.push(`(= ${bv(c.hi, W)} ${bv((1n << BigInt(W)) - 1n, W)})`);
  });
  spec.items.forEach((it, i) => {
    const [a, b] = p.span[i]!;
    facts.push(`(bvule ${bv(it.lo, W)} ${bv(it.hi, W)})`, `(bvule ${bv(p.chunks[a]!.lo, W)} ${bv(it.lo, W)})`, `(bvule ${bv(it.hi, W)} ${bv(p.chunks[b]!.hi, W)})`);
  });
  // Sort-and-sweep certificate: in a chunk left out as disjoint, each declaration starts after
  // the previous one (in sorted order) ends, so no key lies in two of them.
  let apart = 0;
  for (const c of p.chunks) {
    if (c.disjoint === undefined) continue;
    apart++;
    c.disjoint.forEach((x, t) => {
      if (t === 0) return;
      const prev = spec.items[c.disjoint![t - 1]!]!;
      facts.push(`(bvult ${bv(prev.hi, W)} ${bv(spec.items[x]!.lo, W)})`);
    });
  }
  const skipped = p.chunks.length - p.groups.reduce((a, g) => a + g.length, 0);
  out.push({
    id: `${spec.property}/${spec.subject}/partition`,
    property: spec.property,
    level: 'config',
    claim: `the ${p.chunks.length} chunks of the ${spec.subject} space are consecutive and cover all of it, each of the ${spec.items.length} declarations lies within the chunks it is checked in, and in ${apart} chunk(s) the declarations, in sorted order, each end before the next begins; so the chunk queries together decide the whole space (${skipped} chunk(s) need no query: disjoint, or no pair that could conflict)`,
    smt2: `(set-logic QF_BV)\n(assert (not ${and(facts)}))\n`,
    witness: [],
  });

  p.groups.forEach((g, gi) => {
    // One key and one pair of items per query; each chunk is a case guarded by its key range.
    const k = 'k';
    const lines: string[] = ['(set-logic QF_BV)', declare('w', 32), declare(k, W), declare('i', 32), declare('j', 32)];
    for (const [name, sort] of Object.entries(spec.fields)) lines.push(declare(fieldConst('i', name), sort), declare(fieldConst('j', name), sort));
    const witness: WitnessVar[] = [
      { name: 'w', sort: 'bv32' },
      { name: k, sort: W === 64 ? 'bv64' : 'bv32' },
      { name: 'i', sort: 'bv32' },
      { name: 'j', sort: 'bv32' },
    ];
    const cases: string[] = [];
    for (const c of g) {
      const ch = p.chunks[c]!;
      const member = (side: 'i' | 'j'): string =>
        or(
          ch.items
            .filter((x) => (side === 'i' ? spec.items[x]!.left : spec.items[x]!.right))
            .map((x) => {
              const it = spec.items[x]!;
              // Clamped to the chunk: k is in the chunk anyway, and narrower constants bit-blast smaller.
              const lo = it.lo > ch.lo ? it.lo : ch.lo;
              const hi = it.hi < ch.hi ? it.hi : ch.hi;
              return and([
                `(= ${side} ${bv(x, 32)})`,
                ...Object.entries(spec.fields).map(([name, sort]) => `(= ${fieldConst(side, name)} ${lit(it.fields[name] ?? false, sort)})`),
                within(k, lo, hi, W),
              ]);
            }),
        );
      cases.push(
        and([
          `(= w ${bv(c, 32)})`,
          within(k, ch.lo, ch.hi, W),
          member('i'),
          member('j'),
        ]),
      );
    }
    lines.push(`(assert ${or(cases)})`, '(assert (distinct i j))', `(assert ${spec.conflict((n) => fieldConst('i', n), (n) => fieldConst('j', n))})`);
    out.push({
      id: chunkQueryId(spec, gi),
      property: spec.property,
      level: 'config',
      claim: `${spec.claim} (${spec.subject} ${bv(p.chunks[g[0]!]!.lo, W)}..${bv(p.chunks[g[g.length - 1]!]!.hi, W)}, ${g.length} chunk(s))`,
      smt2: lines.join('\n') + '\n',
      witness,
    });
  });
  return out;
}

export interface JoinHit {
  readonly key: bigint;
  readonly i: number;
  readonly j: number;
}

/** Reads a chunk query's model back: the key and the two items (indices into spec.items). */
export function decodeJoin(model: Readonly<Record<string, bigint | boolean>>): JoinHit | undefined {
  const w = model['w'];
  if (typeof w !== 'bigint') return undefined;
  const key = model['k'];
  const i = model['i'];
  const j = model['j'];
  if (typeof key !== 'bigint' || typeof i !== 'bigint' || typeof j !== 'bigint') return undefined;
  return { key, i: Number(i), j: Number(j) };
}

/** A decoded pair must be what the solver claimed: both items contain the key. */
export function hitIsConsistent(spec: JoinSpec, h: JoinHit): boolean {
  const a = spec.items[h.i];
  const b = spec.items[h.j];
  return a !== undefined && b !== undefined && h.i !== h.j && a.left && b.right && a.lo <= h.key && h.key <= a.hi && b.lo <= h.key && h.key <= b.hi;
}
