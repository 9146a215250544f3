// Interrupt routing and virtual injection. A device's SPI goes to the virtual targets in the
// routing table; an SGI from a guest goes to its own vCPUs, or across VMs only along a
// declared channel doorbell. The injection time follows the cost model: direct injection
// when the GIC can and the target is resident, a trap otherwise, or the next switch-in
// when the target is not on its pCPU.

import type { Event } from './events.js';
import { onFault } from './health.js';
import { resched } from './scheduler.js';
import type { Tx } from './tx.js';

const STORM_WINDOW_NS = 1_000_000;

export function inject(tx: Tx, vm: number, vcpu: number, intid: number, source: 'spi' | 'sgi', from: number): void {
  const f = tx.topo.vcpuBase[vm]! + vcpu;
  const p = tx.topo.vcpuPcpu[f]!;
  const resident = p >= 0 && tx.pcpu(p).online && tx.pcpu(p).current === f;
  if (!tx.vcpu(f).busy) tx.draftVcpu(f).busy = true;
  if (resident) {
    const c = tx.topo.vmCosts[vm]!;
    const start = Math.max(tx.now, tx.pcpu(p).hvBusyUntil);
    const direct = tx.topo.scenario.soc.gic.directInjection;
    const deliveredAt = direct ? start + c.directInjectNs : start + c.trapEntryNs + c.irqInjectNs + c.trapExitNs;
    tx.emit({ kind: 'virq', vm, vcpu, intid, source, assertedAt: tx.now, deliveredAt, path: direct ? 'direct' : 'trap', from });
    return;
  }
  const pending = tx.vcpu(f).pending;
  // A pending interrupt is one bit in the virtual GIC: asserting it again does not queue it twice.
  if (!pending.some((x) => x.intid === intid && x.source === source)) {
    tx.draftVcpu(f).pending = [...pending, { intid, source, assertedAt: tx.now, from }];
  }
  tx.emit({ kind: 'irq-pending', vm, vcpu, intid, at: tx.now });
  if (p >= 0) resched(tx, p, tx.now);
}

/** One assertion of an SPI by its device. Returns false once the health monitor masked the line. */
export function assertSpi(tx: Tx, spi: number): boolean {
  const d = tx.topo.spiDevice.get(spi);
  if (d === undefined) {
    tx.emit({ kind: 'rejected', event: 'irq', reason: 'no-such-irq', detail: `no device asserts SPI ${spi}` });
    return true;
  }
  const dev = tx.device(d);
  if (dev.masked) {
    tx.emit({ kind: 'irq-dropped', spi, reason: 'masked' });
    return false;
  }
  // The health monitor counts assertions per device in 1 ms windows against the owner's limit.
  const inWindow = tx.now - dev.stormWindowStart < STORM_WINDOW_NS;
  const count = inWindow ? dev.stormCount + 1 : 1;
  const limit = dev.owner >= 0 ? tx.topo.scenario.vms[dev.owner]!.health.irqStormPerMs : undefined;
  const w = tx.draftDevice(d);
  w.stormCount = count;
  if (!inWindow) w.stormWindowStart = tx.now;
  if (limit !== undefined && count > limit) {
    w.masked = true;
    tx.emit({ kind: 'irq-masked', spi, device: d, at: tx.now });
    tx.emit({ kind: 'fault', vm: dev.owner, vcpu: -1, fault: 'irq-storm', at: tx.now });
    onFault(tx, dev.owner, 'irq-storm', tx.now);
    return false;
  }
  const targets = tx.routes(spi);
  if (targets.length === 0) {
    tx.emit({ kind: 'irq-dropped', spi, reason: 'no-route' });
    return true;
  }
  for (const t of targets) {
    if (tx.vm(t.vm).status !== 'running') tx.emit({ kind: 'irq-dropped', spi, reason: 'vm-not-running' });
    else inject(tx, t.vm, t.vcpu, spi, 'spi', d);
  }
  return true;
}

export function irqStorm(tx: Tx, device: number, count: number): void {
  const dev = tx.topo.scenario.soc.devices[device];
  if (dev === undefined || dev.irqs.length === 0) {
    tx.emit({ kind: 'rejected', event: 'irq-storm', reason: dev === undefined ? 'bad-event' : 'no-such-irq', detail: `device #${device} has no interrupt` });
    return;
  }
  const spi = dev.irqs[0]!;
  // Once masked the storm is over for this event: the line is off, or the health monitor
  // reset the device (a restart), which stops it asserting.
  for (let i = 0; i < count; i++) if (!assertSpi(tx, spi)) return;
}

type SgiEvent = Extract<Event, { kind: 'sgi' }>;

/** Is an SGI from VM `from` to VM `to` with this number carried by a declared doorbell? */
export function doorbellAllows(tx: Tx, from: number, to: number, sgi: number): boolean {
  const { scenario } = tx.topo;
  const fromName = scenario.vms[from]!.name;
  const toName = scenario.vms[to]!.name;
  return scenario.channels.some(
    (c) =>
      c.doorbell !== undefined &&
      c.doorbell.sgi === sgi &&
      c.endpoints.some((e) => e.vm === fromName) &&
      c.doorbell.to.includes(toName) &&
      toName !== fromName,
  );
}

export function sendSgi(tx: Tx, e: SgiEvent): void {
  const [lo, hi] = tx.topo.scenario.soc.gic.sgi;
  if (e.sgi < lo || e.sgi > hi) {
    tx.emit({ kind: 'rejected', event: 'sgi', reason: 'bad-event', detail: `SGI ${e.sgi} outside ${lo}..${hi}` });
    return;
  }
  if (e.toVm !== e.vm && !doorbellAllows(tx, e.vm, e.toVm, e.sgi)) {
    tx.emit({ kind: 'rejected', event: 'sgi', reason: 'sgi-not-permitted', detail: 'no declared channel doorbell carries this SGI between these VMs' });
    return;
  }
  if (tx.vm(e.toVm).status !== 'running') {
    tx.emit({ kind: 'rejected', event: 'sgi', reason: 'vm-not-running', detail: 'target VM is not running' });
    return;
  }
  inject(tx, e.toVm, e.toVcpu, e.sgi, 'sgi', e.vm);
}

/** The channel-notify hypercall rings the channel's doorbell in every target VM (vCPU 0). */
export function notifyChannel(tx: Tx, vm: number, channel: number): void {
  const { scenario } = tx.topo;
  const ch = scenario.channels[channel]!;
  const name = scenario.vms[vm]!.name;
  if (!ch.endpoints.some((e) => e.vm === name)) {
    tx.emit({ kind: 'rejected', event: 'hvc-notify', reason: 'not-channel-member', detail: `${name} is not an endpoint of ${ch.name}` });
    return;
  }
  if (ch.doorbell === undefined) {
    tx.emit({ kind: 'rejected', event: 'hvc-notify', reason: 'no-doorbell', detail: `${ch.name} has no doorbell` });
    return;
  }
  for (const to of ch.doorbell.to) {
    const t = tx.topo.vmIndex.get(to);
    if (t === undefined || t === vm) continue;
    if (tx.vm(t).status === 'running') inject(tx, t, 0, ch.doorbell.sgi, 'sgi', vm);
  }
}
