// Stage-2 translation (IPA → PA) and the map/unmap hypercalls. A VM may only map what its
// configuration gave it: a PA range inside one of its own memory mappings, with no more
// permissions than that mapping has.

import type { Perms } from '../config/types.js';
import { ADDR_LIMIT, PAGE_SIZE } from '../config/types.js';
import type { RejectReason } from './observations.js';
import { compareEntries, type Stage2Entry } from './topology.js';
import type { Tx } from './tx.js';

/** The entry translating `ipa`, or undefined (a stage-2 fault). */
export function lookup(table: readonly Stage2Entry[], ipa: bigint): Stage2Entry | undefined {
  let lo = 0;
  let hi = table.length - 1;
  // Entries are sorted by IPA; find the last entry starting at or below ipa.
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (table[mid]!.ipa <= ipa) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Overlapping entries within one VM are possible in an unsafe configuration; scan back.
  for (let i = found; i >= 0; i--) {
    const e = table[i]!;
    if (ipa < e.end) return e;
  }
  return undefined;
}

export function permits(p: Perms, op: 'read' | 'write'): boolean {
  return op === 'read' ? p.r : p.w;
}

function within(p: Perms, q: Perms): boolean {
  return (!p.r || q.r) && (!p.w || q.w) && (!p.x || q.x);
}

export type MapResult = { ok: true; table: readonly Stage2Entry[] } | { ok: false; reason: RejectReason; detail: string };

/** The map hypercall's rule, as a pure function over the VM's current table. */
export function checkMap(
  tx: Tx,
  vm: number,
  ipa: bigint,
  pa: bigint,
  size: bigint,
  perms: Perms,
): MapResult {
  if (size === 0n) return { ok: false, reason: 'zero-size', detail: 'size is 0' };
  if (ipa % PAGE_SIZE !== 0n || pa % PAGE_SIZE !== 0n || size % PAGE_SIZE !== 0n) {
    return { ok: false, reason: 'not-page-aligned', detail: 'ipa, pa and size must be 4KiB-aligned' };
  }
  if (ipa + size > ADDR_LIMIT || pa + size > ADDR_LIMIT) {
    return { ok: false, reason: 'address-overflow', detail: 'range passes 2^64' };
  }
  const configured = tx.topo.scenario.vms[vm]!.memory;
  const from = configured.findIndex((m) => pa >= m.pa && pa + size <= m.pa + m.size);
  if (from < 0) return { ok: false, reason: 'outside-configured-memory', detail: 'PA range is not inside any of the VM\'s memory mappings' };
  if (!within(perms, configured[from]!.perms)) {
    return { ok: false, reason: 'permission-widening', detail: `the configured mapping grants only ${fmtPerms(configured[from]!.perms)}` };
  }
  const table = tx.vm(vm).stage2;
  const end = ipa + size;
  if (table.some((e) => e.ipa < end && ipa < e.end)) {
    return { ok: false, reason: 'overlaps-existing-mapping', detail: 'IPA range overlaps a current mapping' };
  }
  const entry: Stage2Entry = { ipa, end, pa, perms, origin: { kind: 'dynamic', vm, from } };
  return { ok: true, table: [...table, entry].sort(compareEntries) };
}

/** Unmap removes exactly one whole entry of the VM's own memory (not devices or channels). */
export function checkUnmap(tx: Tx, vm: number, ipa: bigint, size: bigint): MapResult {
  const table = tx.vm(vm).stage2;
  const i = table.findIndex(
    (e) => e.ipa === ipa && e.end - e.ipa === size && (e.origin.kind === 'memory' || e.origin.kind === 'dynamic'),
  );
  if (i < 0) return { ok: false, reason: 'no-such-mapping', detail: 'no memory mapping starts at that IPA with that size' };
  return { ok: true, table: table.filter((_, j) => j !== i) };
}

export function fmtPerms(p: Perms): string {
  return (p.r ? 'r' : '-') + (p.w ? 'w' : '-') + (p.x ? 'x' : '-');
}
