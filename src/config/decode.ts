// What the decoders share: a side table from each decoded element back to the cursor it was
// read from (so semantic checks can point at the exact offending node), and the record of
// what was declared but did not decode (so a broken element does not cause a cascade of
// "unknown name" errors elsewhere).
//
// Decoding is lenient by design: an element with a schema error is dropped after the error
// is recorded, the rest of the file is still decoded, and the semantic checks run on what
// decoded cleanly. No Scenario is produced while any diagnostic exists.

import type { Cursor } from './cursor.js';
import { didYouMean } from './diagnostics.js';
import type { SourceRef } from './types.js';

export class Decoded {
  private readonly cursors = new WeakMap<object, Cursor>();
  /** Elements some of whose children failed to decode (and were dropped). */
  private readonly partial = new WeakSet<object>();

  track<T extends object>(obj: T, c: Cursor): T {
    this.cursors.set(obj, c);
    return obj;
  }

  cursor(obj: object): Cursor | undefined {
    return this.cursors.get(obj);
  }

  /** Position of a sub-node of a decoded element, falling back to the element itself. */
  at(obj: object & { readonly at: SourceRef }, ...path: readonly (string | number)[]): SourceRef {
    return this.cursors.get(obj)?.dig(...path)?.at ?? obj.at;
  }

  markPartial(obj: object): void {
    this.partial.add(obj);
  }

  isPartial(obj: object): boolean {
    return this.partial.has(obj);
  }
}

/**
 * Names declared in the file, including elements that failed to decode. A reference to a
 * name that is declared but broken is not reported again; a reference to a name never
 * declared is, with a did-you-mean hint.
 */
export class Names {
  private readonly declared = new Set<string>();
  /** False when some element's own name could not be read: then nothing is "unknown". */
  complete = true;

  declare(name: string | undefined): void {
    if (name === undefined) this.complete = false;
    else this.declared.add(name);
  }

  has(name: string): boolean {
    return this.declared.has(name);
  }

  get list(): string[] {
    return [...this.declared];
  }

  /** undefined when `name` is fine (or cannot be judged); else a hint. */
  unknownHint(name: string, what: string): string | undefined {
    if (this.declared.has(name) || !this.complete) return undefined;
    const list = this.list;
    return didYouMean(name, list) ?? (list.length === 0 ? `no ${what} is declared` : `declared ${what}s: ${list.join(', ')}`);
  }
}

/** Decode each item of a list; failed items are dropped and mark `owner` partial. */
export function decodeList<T>(
  d: Decoded,
  owner: object,
  c: Cursor | undefined,
  what: string,
  decode: (item: Cursor, index: number) => T | undefined,
): T[] {
  if (c === undefined) return [];
  const out: T[] = [];
  const items = c.items(what);
  if (!c.isSeq()) d.markPartial(owner);
  items.forEach((item, i) => {
    const v = decode(item, i);
    if (v === undefined) d.markPartial(owner);
    else out.push(v);
  });
  return out;
}

/** Report duplicates among `items` by `key`, at the second and later occurrences. */
export function checkUnique<T extends object & { readonly at: SourceRef }>(
  d: Decoded,
  items: readonly T[],
  key: (t: T) => string | number,
  what: string,
  keyPath: readonly (string | number)[] = ['name'],
): void {
  const seen = new Map<string | number, T>();
  for (const it of items) {
    const k = key(it);
    const first = seen.get(k);
    if (first === undefined) {
      seen.set(k, it);
      continue;
    }
    const c = d.cursor(it)?.dig(...keyPath) ?? d.cursor(it);
    const msg = `duplicate ${what} '${k}' (first declared at line ${first.at.line})`;
    const hint = `give each ${what} a distinct value, or merge the two declarations`;
    if (c !== undefined) c.semantic(msg, hint);
  }
}

const LIMIT = 1n << 64n;

/** Zero sizes and ranges past 2^64 are errors; reported at the size / base node. */
export function checkRegion(
  d: Decoded,
  obj: object & { readonly at: SourceRef },
  base: bigint,
  size: bigint,
  basePath: readonly (string | number)[],
  sizePath: readonly (string | number)[],
  what: string,
): boolean {
  const c = d.cursor(obj);
  const sizeC = c?.dig(...sizePath) ?? c;
  if (size === 0n) {
    sizeC?.semantic(`${what} has size 0`, 'a region must have a size of at least one page (4KiB)');
    return false;
  }
  if (base + size > LIMIT) {
    const baseC = c?.dig(...basePath) ?? c;
    baseC?.semantic(
      `${what} ends past the 64-bit address space: 0x${base.toString(16)} + 0x${size.toString(16)} > 2^64`,
      `the last byte must be at most 0xffff_ffff_ffff_ffff; lower the base or shrink the size to at most 0x${(LIMIT - base).toString(16)}`,
    );
    return false;
  }
  return true;
}

export function checkPageAligned(
  d: Decoded,
  obj: object & { readonly at: SourceRef },
  value: bigint,
  path: readonly (string | number)[],
  what: string,
): void {
  if (value % 4096n === 0n) return;
  const c = d.cursor(obj)?.dig(...path) ?? d.cursor(obj);
  const down = value - (value % 4096n);
  c?.semantic(
    `${what} 0x${value.toString(16)} is not aligned to a 4KiB page`,
    `stage-2 translation works in 4KiB pages; use 0x${down.toString(16)} or 0x${(down + 4096n).toString(16)}`,
  );
}

/** A VM/vCPU reference written `linux:0` or `{vm: linux, vcpu: 0}`. */
export function readVcpuRef(c: Cursor): { vm: string; vcpu: number } | undefined {
  const hint = "write the vCPU as 'vm:index', such as 'linux:0', or as {vm: linux, vcpu: 0}";
  if (c.isMap()) {
    if (!c.map(['vm', 'vcpu'], 'a vCPU reference')) return undefined;
    const vm = c.need('vm', 'linux')?.string();
    const vcpu = c.need('vcpu', '0')?.int(0, 4095);
    return vm === undefined || vcpu === undefined ? undefined : { vm, vcpu };
  }
  const t = c.scalarValue;
  const m = t === undefined ? null : /^\s*([^:\s]+)\s*:\s*([0-9]+)\s*$/.exec(t);
  if (m === null) {
    c.error(`a vCPU reference must name a VM and a vCPU index${t === undefined ? '' : `, not '${t}'`}`, hint);
    return undefined;
  }
  return { vm: m[1]!, vcpu: Number(m[2]) };
}
