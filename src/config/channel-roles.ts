// The roles a channel's declaration gives its endpoints, in one place for every user (the
// claim's engines, the safety case, the views): a declared writer may write the region, every
// other endpoint only reads it, and data flows from each writer to every other endpoint, its
// co-writers included (a ring written by both sides carries data both ways).

import type { Channel } from './types.js';

/** Whether `vm` is a declared writer of `ch`. */
export function isWriter(ch: Channel, vm: string): boolean {
  return ch.writers.includes(vm);
}

/** The endpoint VMs that only read (not declared writers), each once, in endpoint order. */
export function readersOf(ch: Channel): string[] {
  return [...new Set(ch.endpoints.map((e) => e.vm).filter((v) => !isWriter(ch, v)))];
}

/** One direction of data in a channel: what `from` writes, `to` reads. */
export interface Direction {
  readonly from: string;
  readonly to: string;
}

/** Every writer→reader direction: each writer to each other endpoint VM, co-writers included. */
export function directionsOf(ch: Channel): Direction[] {
  const vms = [...new Set(ch.endpoints.map((e) => e.vm))];
  return ch.writers.flatMap((from) => vms.filter((to) => to !== from).map((to) => ({ from, to })));
}

/** The writers as prose: "a", "a and b", "a, b and c". */
export function writersText(ch: Channel): string {
  const w = ch.writers;
  return w.length <= 1 ? (w[0] ?? 'nobody') : `${w.slice(0, -1).join(', ')} and ${w[w.length - 1]}`;
}
