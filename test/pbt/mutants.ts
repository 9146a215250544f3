// Deliberately wrong variants of the hypervisor model. Each wraps the real {boot, step} and
// breaks one mechanism the way a real hypervisor bug would; the engine must catch each one.

import { boot, step } from '../../src/hv/index.js';
import type { Event } from '../../src/hv/events.js';
import { vcpuAccount, withVcpuAccount } from '../../src/hv/ledger.js';
import type { Observation } from '../../src/hv/observations.js';
import type { State } from '../../src/hv/state.js';
import { compareEntries } from '../../src/hv/topology.js';
import type { Model } from '../../src/pbt/engine.js';

/** vm-restart / vm-stop (and health-monitor restarts) keep the old memory: no scrub. */
export const restartWithoutScrub: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    const relaunched = r.observations.some((o) => o.kind === 'lifecycle' && o.what !== 'started');
    return relaunched ? { ...r, state: { ...r.state, memory: s.memory, epochs: s.epochs } } : r;
  },
};

/** vm-start of a failed VM (notify policy: memory kept for post-mortem) without the scrub. */
export const startFailedWithoutScrub: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    const started = r.observations.some((o) => o.kind === 'lifecycle' && o.what === 'started' && s.vms[o.vm]!.status === 'failed');
    return started ? { ...r, state: { ...r.state, memory: s.memory, epochs: s.epochs } } : r;
  },
};

/** hvc-map without the ownership check: whatever PA the guest names is mapped. */
export const mapWithoutOwnershipCheck: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    if (e.kind !== 'hvc-map') return r;
    const rej = r.observations.find((o) => o.kind === 'rejected');
    if (rej?.kind !== 'rejected' || (rej.reason !== 'outside-configured-memory' && rej.reason !== 'permission-widening')) return r;
    const vm = r.state.vms[e.vm]!;
    const table = [...vm.stage2, { ipa: e.ipa, end: e.ipa + e.size, pa: e.pa, perms: e.perms, origin: { kind: 'dynamic' as const, vm: e.vm, from: 0 } }].sort(compareEntries);
    const vms = r.state.vms.slice();
    vms[e.vm] = { ...vm, stage2: table };
    const obs: Observation[] = r.observations.filter((o) => o !== rej);
    obs.push({ kind: 'mapped', vm: e.vm, ipa: e.ipa, pa: e.pa, size: e.size });
    return { state: { ...r.state, vms }, observations: obs };
  },
};

/** Reassignment that leaves the device's SMMU stream bound to the old owner's context. */
export const reassignKeepsSmmuContext: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    return e.kind === 'reassign' ? { ...r, state: { ...r.state, streams: s.streams } } : r;
  },
};

/** Reassignment that leaves the device's interrupt routed to the old owner. */
export const reassignKeepsIrqRoute: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    return e.kind === 'reassign' ? { ...r, state: { ...r.state, routes: s.routes } } : r;
  },
};

/** Budgets are never enforced: a fixed-priority vCPU keeps the pCPU as long as it is busy. */
function unlimited(s: State): State {
  let t = s;
  for (let f = 0; f < s.vcpus.length; f++) if (vcpuAccount(t, f).budgetLeft > 0) t = withVcpuAccount(t, f, { budgetLeft: 1e12 });
  return t;
}
export const budgetsNotEnforced: Model = {
  boot: (sc) => unlimited(boot(sc)),
  step(s, e) {
    const r = step(s, e);
    return { ...r, state: unlimited(r.state) };
  },
};

/** A channel notification also rings VMs the doorbell does not name. */
export const doorbellToWrongVm: Model = {
  boot,
  step(s, e: Event) {
    const r = step(s, e);
    if (e.kind !== 'hvc-notify' || r.observations.some((o) => o.kind === 'rejected')) return r;
    const sc = s.topo.scenario;
    const ch = sc.channels[e.channel];
    if (ch?.doorbell === undefined) return r;
    const extra: Observation[] = [];
    sc.vms.forEach((vm, t) => {
      if (t === e.vm || ch.doorbell!.to.includes(vm.name) || r.state.vms[t]!.status !== 'running') return;
      extra.push({ kind: 'virq', vm: t, vcpu: 0, intid: ch.doorbell!.sgi, source: 'sgi', assertedAt: s.now, deliveredAt: s.now, path: 'trap', from: e.vm });
    });
    return { ...r, observations: [...r.observations, ...extra] };
  },
};

/** The masked check is missing: an SPI line the health monitor masked for storming is still delivered. */
export const maskedSpiStillDelivered: Model = {
  boot,
  step(s, e) {
    if (e.kind !== 'irq' && e.kind !== 'irq-storm') return step(s, e);
    const masked = s.devices.map((d) => d.masked);
    if (!masked.some((m) => m)) return step(s, e);
    const r = step({ ...s, devices: s.devices.map((d) => (d.masked ? { ...d, masked: false } : d)) }, e);
    return { ...r, state: { ...r.state, devices: r.state.devices.map((d, i) => (masked[i] ? { ...d, masked: true } : d)) } };
  },
};

/** Budget enforcement 50 µs late: every refill of a fixed-priority server grants budget + 50 µs. */
const OVERRUN_NS = 50_000;
function overrun(before: State | undefined, after: State): State {
  let t = after;
  const fixed = new Set(after.topo.scenario.schedule.filter((x) => x.kind === 'fixed-priority').map((x) => x.pcpu));
  for (let f = 0; f < after.vcpus.length; f++) {
    if (!fixed.has(after.topo.vcpuPcpu[f]!)) continue;
    const now = vcpuAccount(t, f);
    if (before === undefined || now.periodStart !== vcpuAccount(before, f).periodStart) t = withVcpuAccount(t, f, { budgetLeft: now.budgetLeft + OVERRUN_NS });
  }
  return t;
}
export const budgetOverrun: Model = {
  boot: (sc) => overrun(undefined, boot(sc)),
  step(s, e) {
    const r = step(s, e);
    return { ...r, state: overrun(s, r.state) };
  },
};

/** hvc-map checks that the PA is the VM's own but not the permissions: a read-only grant can be mapped writable. */
export const mapIgnoresPermissions: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    if (e.kind !== 'hvc-map') return r;
    const rej = r.observations.find((o) => o.kind === 'rejected');
    if (rej?.kind !== 'rejected' || rej.reason !== 'permission-widening') return r;
    const vm = r.state.vms[e.vm]!;
    const table = [...vm.stage2, { ipa: e.ipa, end: e.ipa + e.size, pa: e.pa, perms: e.perms, origin: { kind: 'dynamic' as const, vm: e.vm, from: Math.max(0, r.state.topo.scenario.vms[e.vm]!.memory.findIndex((m) => e.pa >= m.pa && e.pa + e.size <= m.pa + m.size)) } }].sort(compareEntries);
    const vms = r.state.vms.slice();
    vms[e.vm] = { ...vm, stage2: table };
    const obs: Observation[] = r.observations.filter((o) => o !== rej);
    obs.push({ kind: 'mapped', vm: e.vm, ipa: e.ipa, pa: e.pa, size: e.size });
    return { state: { ...r.state, vms }, observations: obs };
  },
};

/** DMA is not gated on the owner running: a stopped (or failed) VM's device still masters the bus. */
export const stoppedVmDeviceDmas: Model = {
  boot,
  step(s, e) {
    if (e.kind !== 'dma') return step(s, e);
    const owner = s.devices[e.device]?.owner ?? -1;
    if (owner < 0 || s.vms[owner]!.status === 'running') return step(s, e);
    const vms = s.vms.slice();
    vms[owner] = { ...vms[owner]!, status: 'running' };
    const r = step({ ...s, vms }, e);
    const back = r.state.vms.slice();
    back[owner] = { ...back[owner]!, status: s.vms[owner]!.status };
    return { ...r, state: { ...r.state, vms: back } };
  },
};

/** Reassignment without the device reset: the registers keep what the previous owner wrote. */
export const reassignWithoutReset: Model = {
  boot,
  step(s, e) {
    const r = step(s, e);
    if (e.kind !== 'reassign' || !r.observations.some((o) => o.kind === 'reassigned')) return r;
    const devices = r.state.devices.slice();
    devices[e.device] = { ...s.devices[e.device]!, owner: r.state.devices[e.device]!.owner };
    return { state: { ...r.state, devices }, observations: r.observations.filter((o) => o.kind !== 'device-reset') };
  },
};
