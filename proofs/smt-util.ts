// Shared pieces of the properties' Z3 obligations: the stage-2 declarations as join items,
// reading a model back (a model that contradicts its own query is a bug in hvsafe, raised
// loudly), and the IPA through which a VM reaches a physical address.

import type { Scenario, SourceRef } from '../src/config/types.js';
import type { Perms } from '../src/config/types.js';
import { decodeJoin, hitIsConsistent, type JoinHit, type JoinSpec } from '../src/smt/join.js';

/** "No such VM / channel / owner" in 32-bit fields. */
export const NONE = 0xffff_ffffn;

/** A declared stage-2 translation of a VM: private memory or a channel endpoint. */
export interface Stage2Decl {
  readonly vm: number;
  readonly ipa: bigint;
  readonly pa: bigint;
  readonly size: bigint;
  readonly perms: Perms;
  /** -1 for private memory. */
  readonly channel: number;
  readonly name: string;
  readonly at: SourceRef;
}

/** Every stage-2 mapping the scenario declares (devices apart), read from the scenario itself. */
export function stage2Decls(s: Scenario): Stage2Decl[] {
  const vmIndex = new Map(s.vms.map((v, i) => [v.name, i]));
  const out: Stage2Decl[] = [];
  s.vms.forEach((vm, v) =>
    vm.memory.forEach((m) => out.push({ vm: v, ipa: m.ipa, pa: m.pa, size: m.size, perms: m.perms, channel: -1, name: `${vm.name}'s memory mapping '${m.name}'`, at: m.at })),
  );
  s.channels.forEach((ch, c) =>
    ch.endpoints.forEach((ep) => {
      const v = vmIndex.get(ep.vm);
      if (v !== undefined) out.push({ vm: v, ipa: ep.ipa, pa: ch.pa, size: ch.size, perms: ep.perms, channel: c, name: `${ep.vm}'s endpoint of channel '${ch.name}'`, at: ep.at });
    }),
  );
  return out;
}

/** The first VM passing each device through, or -1: the device's owner at boot. */
export function firstHolders(s: Scenario): number[] {
  return s.soc.devices.map((d) => s.vms.findIndex((vm) => vm.devices.some((p) => p.device === d.name)));
}

/** Decode a chunk query's model; a model that does not satisfy the query's own items is a tool bug. */
export function hitOf(spec: JoinSpec, queryId: string, model: Readonly<Record<string, bigint | boolean>>): JoinHit {
  const h = decodeJoin(model);
  if (h === undefined || !hitIsConsistent(spec, h)) {
    throw new Error(`BUG in hvsafe: the solver's model for ${queryId} does not name two declarations sharing the key (${JSON.stringify(model, (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))})`);
  }
  return h;
}

/** A SAT answer of a certificate (partition) query means the sweep is wrong: never a finding. */
export function partitionBug(queryId: string): never {
  throw new Error(`BUG in hvsafe: the sweep certificate ${queryId} failed; the chunking of the key space is unsound`);
}

export function isPartition(queryId: string): boolean {
  return queryId.endsWith('/partition');
}
