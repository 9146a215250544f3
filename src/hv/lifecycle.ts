// VM lifecycle (start, stop, restart) and device reassignment. Memory a VM leaves behind is
// scrubbed before anyone can run in it again, and a device changes hands only after reset,
// with its SMMU context and interrupt routes moved along.

import { scrubRange } from './memory.js';
import { forfeitDemand, reschedVm } from './scheduler.js';
import { compareEntries, configuredTable, deviceEntries, hypervisorKeeps, rawDmaMaster, type Stage2Entry } from './topology.js';
import type { Tx } from './tx.js';

function resetDevice(tx: Tx, d: number): void {
  const dev = tx.draftDevice(d);
  dev.reg = 0;
  dev.regWriter = -1;
  dev.masked = false;
  dev.stormCount = 0;
  dev.stormWindowStart = tx.now;
}

interface Scrubbed {
  readonly bytes: bigint;
  readonly devices: readonly number[];
}

/** Zero the VM's private memory and reset the devices it owns. */
function scrub(tx: Tx, vm: number): Scrubbed {
  let bytes = 0n;
  for (const r of tx.topo.privateRanges[vm]!) {
    scrubRange(tx, r.pa, r.end);
    bytes += r.end - r.pa;
  }
  const devices: number[] = [];
  for (let d = 0; d < tx.topo.scenario.soc.devices.length; d++) {
    if (tx.device(d).owner === vm) {
      resetDevice(tx, d);
      devices.push(d);
    }
  }
  return { bytes, devices };
}

const NOTHING: Scrubbed = { bytes: 0n, devices: [] };

/** The configured stage-2 of VM vm plus the MMIO of devices it owns now. */
function currentTable(tx: Tx, vm: number): readonly Stage2Entry[] {
  return configuredTable(tx.topo, vm, (d) => tx.device(d).owner);
}

function resetVcpus(tx: Tx, vm: number, busy: boolean): void {
  const base = tx.topo.vcpuBase[vm]!;
  const n = tx.topo.scenario.vms[vm]!.vcpus.length;
  for (let f = base; f < base + n; f++) {
    forfeitDemand(tx, f);
    const v = tx.draftVcpu(f);
    v.busy = busy;
    v.runaway = false;
    v.pending = [];
  }
}

function bringUp(tx: Tx, vm: number, scrubbed: Scrubbed, what: 'started' | 'restarted'): void {
  const s = tx.vm(vm);
  tx.setVm(vm, {
    status: 'running',
    stage2: currentTable(tx, vm),
    lastKick: tx.now,
    hungSince: -1,
    generation: s.generation + 1,
  });
  resetVcpus(tx, vm, true);
  tx.emit({ kind: 'lifecycle', vm, what, scrubbedBytes: scrubbed.bytes, resetDevices: scrubbed.devices, at: tx.now });
  reschedVm(tx, vm);
}

export function startVm(tx: Tx, vm: number): void {
  const s = tx.vm(vm);
  if (s.status === 'running') {
    tx.emit({ kind: 'rejected', event: 'vm-start', reason: 'already-running', detail: `${tx.topo.scenario.vms[vm]!.name} is running` });
    return;
  }
  // A stopped VM was scrubbed when it stopped; a failed one was left for inspection.
  bringUp(tx, vm, s.status === 'failed' ? scrub(tx, vm) : NOTHING, 'started');
}

export function restartVm(tx: Tx, vm: number): void {
  bringUp(tx, vm, scrub(tx, vm), 'restarted');
}

export function stopVm(tx: Tx, vm: number): void {
  const s = tx.vm(vm);
  if (s.status === 'stopped') {
    tx.emit({ kind: 'rejected', event: 'vm-stop', reason: 'vm-not-running', detail: `${tx.topo.scenario.vms[vm]!.name} is already stopped` });
    return;
  }
  const scrubbed = scrub(tx, vm);
  const stopped = tx.draftVm(vm);
  stopped.status = 'stopped';
  stopped.hungSince = -1;
  resetVcpus(tx, vm, false);
  tx.emit({ kind: 'lifecycle', vm, what: 'stopped', scrubbedBytes: scrubbed.bytes, resetDevices: scrubbed.devices, at: tx.now });
  reschedVm(tx, vm);
}

/** A crashed VM under a notify policy: halted, memory kept for post-mortem, not scheduled. */
export function haltFailed(tx: Tx, vm: number): void {
  tx.draftVm(vm).status = 'failed';
  resetVcpus(tx, vm, false);
  reschedVm(tx, vm);
}

export function reassign(tx: Tx, d: number, to: number): void {
  const { scenario } = tx.topo;
  const dev = scenario.soc.devices[d]!;
  if (hypervisorKeeps(scenario, d)) {
    tx.emit({ kind: 'rejected', event: 'reassign', reason: 'hypervisor-device', detail: `${dev.name} belongs to the hypervisor (its registers or interrupts are the hypervisor's): it is never handed to a VM` });
    return;
  }
  if (rawDmaMaster(scenario, d)) {
    const why = scenario.soc.smmu.present ? 'declares no SMMU stream ID and the SMMU lets unmatched streams bypass' : 'masters DMA and the SoC has no SMMU';
    tx.emit({ kind: 'rejected', event: 'reassign', reason: 'dma-unconfined', detail: `${dev.name} ${why}: its owner would reach every physical address, so it is never handed to a VM` });
    return;
  }
  const from = tx.device(d).owner;
  resetDevice(tx, d);
  tx.emit({ kind: 'device-reset', device: d });
  tx.draftDevice(d).owner = to;
  // The device's MMIO leaves every VM that had it and appears in the new owner's stage-2.
  for (let v = 0; v < scenario.vms.length; v++) {
    const s = tx.vm(v);
    const kept = s.stage2.filter((e) => !(e.origin.kind === 'device' && e.origin.device === d));
    const table = v === to ? [...kept, ...deviceEntries(tx.topo, to, d)].sort(compareEntries) : kept;
    if (table.length !== s.stage2.length || v === to) tx.draftVm(v).stage2 = table;
  }
  const streams = new Map(tx.streams);
  for (const sid of dev.streamIds) streams.set(sid, to);
  tx.streams = streams;
  const toCfg = scenario.vms[to]!;
  for (const spi of dev.irqs) {
    const declared = toCfg.irqs.find((r) => r.spi === spi);
    tx.setRoutes(spi, [{ vm: to, vcpu: declared?.vcpu ?? 0 }]);
  }
  tx.emit({ kind: 'reassigned', device: d, from, to, streams: dev.streamIds, spis: dev.irqs });
}
