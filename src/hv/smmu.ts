// Device DMA. With an SMMU, a transfer is translated through the context bound to its stream
// ID (the owning VM's stage-2, as Jailhouse and Bao share it); a stream with no context
// faults or bypasses per the SMMU's configuration. Without an SMMU the device masters raw
// physical addresses: the identity-mapped no-IOMMU passthrough scheme.

import { ADDR_LIMIT, PAGE_SIZE } from '../config/types.js';
import type { Event } from './events.js';
import { load, storeAll } from './memory.js';
import type { DmaPage } from './observations.js';
import { lookup, permits } from './stage2.js';
import type { Tx } from './tx.js';

type DmaEvent = Extract<Event, { kind: 'dma' }>;

export function dma(tx: Tx, e: DmaEvent): void {
  const { scenario } = tx.topo;
  const dev = scenario.soc.devices[e.device];
  if (dev === undefined) return reject(tx, 'bad-event', `no device #${e.device}`);
  const owner = tx.device(e.device).owner;
  if (owner < 0) return reject(tx, 'device-unassigned', `${dev.name} is not assigned to any VM`);
  if (tx.vm(owner).status !== 'running') return reject(tx, 'vm-not-running', `${scenario.vms[owner]!.name} is not running`);
  if (!dev.dma) return reject(tx, 'device-cannot-dma', `${dev.name} cannot master DMA`);
  if (e.length === 0n) return reject(tx, 'zero-size', 'DMA length is 0');
  if (e.length > dev.dmaMaxBytes) return reject(tx, 'dma-too-long', `${dev.name} transfers at most ${dev.dmaMaxBytes} bytes`);
  if (e.addr < 0n || e.addr + e.length > ADDR_LIMIT) return reject(tx, 'address-overflow', 'DMA range passes 2^64');
  // A device emits its own stream IDs only: a stream it does not declare is not something it
  // can do (it would bypass an SMMU set to let unmatched streams through). A device that
  // declares none emits untagged transactions, which no context matches (stream 0 stands for them).
  if (dev.streamIds.length > 0 ? e.stream < 0 || e.stream >= dev.streamIds.length : e.stream !== 0) {
    return reject(tx, 'bad-event', `${dev.name} emits ${dev.streamIds.length === 0 ? 'no stream ID (stream 0 stands for its untagged transactions)' : `stream IDs 0..${dev.streamIds.length - 1} only`}, not #${e.stream}`);
  }

  const streamId = dev.streamIds[e.stream];
  let path: 'smmu' | 'smmu-bypass' | 'no-smmu' = 'no-smmu';
  let context = -1;
  if (scenario.soc.smmu.present) {
    const ctx = streamId === undefined ? undefined : tx.streams.get(streamId);
    if (ctx === undefined || ctx < 0) {
      if (scenario.soc.smmu.unmatchedStreams === 'fault') {
        tx.emit({ kind: 'smmu-fault', device: e.device, stream: streamId ?? -1, addr: e.addr, reason: 'no-context' });
        return;
      }
      path = 'smmu-bypass';
    } else {
      path = 'smmu';
      context = ctx;
    }
  }

  // Translate every page first: a transfer that faults anywhere moves nothing.
  const first = e.addr / PAGE_SIZE;
  const last = (e.addr + e.length - 1n) / PAGE_SIZE;
  const pas: bigint[] = [];
  for (let page = first; page <= last; page++) {
    const iova = page === first ? e.addr : page * PAGE_SIZE;
    if (path !== 'smmu') {
      pas.push(iova);
      continue;
    }
    const entry = lookup(tx.vm(context).stage2, iova);
    if (entry === undefined || !permits(entry.perms, e.dir === 'write' ? 'write' : 'read')) {
      tx.emit({
        kind: 'smmu-fault',
        device: e.device,
        stream: streamId ?? -1,
        addr: iova,
        reason: entry === undefined ? 'unmapped' : 'permission',
      });
      return;
    }
    pas.push(entry.pa + (iova - entry.ipa));
  }
  const pages: DmaPage[] =
    e.dir === 'write'
      ? storeAll(tx, pas, e.value, owner).map((target, i) => ({ pa: pas[i]!, target, value: e.value, writer: owner }))
      : pas.map((pa) => {
          const l = load(tx, pa);
          return { pa, target: l.target, value: l.value, writer: l.writer };
        });
  tx.emit({ kind: 'dma', device: e.device, vm: owner, dir: e.dir, addr: e.addr, length: e.length, path, context, pages });
}

function reject(tx: Tx, reason: 'bad-event' | 'device-unassigned' | 'vm-not-running' | 'device-cannot-dma' | 'zero-size' | 'dma-too-long' | 'address-overflow', detail: string): void {
  tx.emit({ kind: 'rejected', event: 'dma', reason, detail });
}
