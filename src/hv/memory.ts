// Physical memory as the model keeps it: what a PA is (RAM, a device's MMIO, hypervisor
// memory, nothing) and the word stored there. Guest CPU accesses arrive here after stage-2,
// device DMA after the SMMU (or straight, without one).

import type { Target } from './observations.js';
import { pageOf } from './pagestore.js';
import { segmentAt } from './topology.js';
import type { Tx } from './tx.js';

const UNBACKED: Target = { kind: 'unbacked' };

export function resolve(tx: Tx, pa: bigint): Target {
  const seg = segmentAt(tx.topo, pa);
  return seg < 0 ? UNBACKED : tx.topo.segmentTargets[seg]!;
}

export interface Loaded {
  readonly target: Target;
  readonly value: number;
  readonly writer: number;
}

export function load(tx: Tx, pa: bigint): Loaded {
  const target = resolve(tx, pa);
  if (target.kind === 'mmio') {
    const d = tx.device(target.device);
    return { target, value: d.reg, writer: d.regWriter };
  }
  if (target.kind === 'unbacked') return { target, value: 0, writer: -1 };
  const cell = tx.memory.get(pageOf(pa));
  return cell === undefined || cell.epoch !== tx.epoch(target.segment)
    ? { target, value: 0, writer: -1 }
    : { target, value: cell.value, writer: cell.writer };
}

/** Zero every segment wholly inside [pa, end): one epoch bump per segment. */
export function scrubRange(tx: Tx, pa: bigint, end: bigint): void {
  const segs = tx.topo.segments;
  for (let i = Math.max(0, segmentAt(tx.topo, pa)); i < segs.length && segs[i]!.start < end; i++) {
    if (segs[i]!.start >= pa && segs[i]!.end <= end) tx.bumpEpoch(i);
  }
}

/** Store a word; `writer` is the VM whose action it was (a device's DMA counts as its owner's). */
export function store(tx: Tx, pa: bigint, value: number, writer: number): Target {
  const target = resolve(tx, pa);
  if (target.kind === 'mmio') {
    const d = tx.draftDevice(target.device);
    d.reg = value;
    d.regWriter = writer;
  } else if (target.kind !== 'unbacked') {
    tx.memory = tx.memory.set(pageOf(pa), value, writer, tx.epoch(target.segment));
  }
  return target;
}

/** Store the same word at each of pas, as `store` one after the other would; their targets. */
export function storeAll(tx: Tx, pas: readonly bigint[], value: number, writer: number): Target[] {
  const targets: Target[] = [];
  const pages: number[] = [];
  const epochs: number[] = [];
  for (const pa of pas) {
    const target = resolve(tx, pa);
    targets.push(target);
    if (target.kind === 'mmio') {
      const d = tx.draftDevice(target.device);
      d.reg = value;
      d.regWriter = writer;
    } else if (target.kind !== 'unbacked') {
      pages.push(pageOf(pa));
      epochs.push(tx.epoch(target.segment));
    }
  }
  if (pages.length > 0) tx.memory = tx.memory.setAll(pages, value, writer, epochs);
  return targets;
}
