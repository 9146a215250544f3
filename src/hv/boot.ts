// boot(scenario) → State: every VM running, every vCPU wanting the CPU, devices with their
// configured owners, the SMMU stream table and interrupt routes as configured.

import type { Scenario } from '../config/types.js';
import { bootLedger } from './ledger.js';
import { PageStore } from './pagestore.js';
import { runPcpu } from './scheduler.js';
import type { DeviceState, PcpuState, RouteTarget, State, VcpuState, VmState } from './state.js';
import { buildTopology, compareEntries, deviceEntries, type Stage2Entry } from './topology.js';
import { Tx } from './tx.js';

export function boot(scenario: Scenario): State {
  const topo = buildTopology(scenario);
  const { soc } = scenario;

  const vms: VmState[] = scenario.vms.map((vm, v) => {
    const devs: Stage2Entry[] = vm.devices.flatMap((p) => {
      const d = topo.deviceIndex.get(p.device);
      return d === undefined ? [] : deviceEntries(topo, v, d);
    });
    return {
      status: 'running',
      stage2: [...topo.configuredStage2[v]!, ...devs].sort(compareEntries),
      lastKick: 0,
      hungSince: -1,
      generation: 1,
    };
  });

  const budgetOf = new Map<number, number>();
  for (const s of topo.pcpuSchedule) if (s.kind === 'fixed-priority') for (const e of s.entries) budgetOf.set(e.vcpu, e.budget);
  const vcpus: VcpuState[] = topo.vcpuVm.map(() => ({ busy: true, runaway: false, pending: [] }));
  const ledger = bootLedger(topo.vcpuVm.map((_, f) => budgetOf.get(f) ?? 0), soc.cpus.length);

  const pcpus: PcpuState[] = soc.cpus.map(() => ({ online: true, current: -1, hvBusyUntil: 0 }));
  const devices: DeviceState[] = soc.devices.map((_, d) => ({
    owner: topo.initialOwner[d]!,
    reg: 0,
    regWriter: -1,
    stormWindowStart: 0,
    stormCount: 0,
    masked: false,
  }));

  const streams = new Map<number, number>();
  if (soc.smmu.present) {
    soc.devices.forEach((dev, d) => {
      const owner = topo.initialOwner[d]!;
      if (owner >= 0) for (const sid of dev.streamIds) streams.set(sid, owner);
    });
  }

  const routes: RouteTarget[][] = Array.from({ length: topo.spiLimit }, () => []);
  scenario.vms.forEach((vm, v) => {
    for (const r of vm.irqs) if (r.spi < routes.length) routes[r.spi]!.push({ vm: v, vcpu: r.vcpu });
  });

  const clusterKhz = soc.clusters.map((c) => c.opps[c.opps.length - 1]?.khz ?? 0);

  const state: State = { topo, now: 0, vms, vcpus, pcpus, devices, memory: PageStore.empty, epochs: topo.segments.map(() => 0), streams, routes, clusterKhz, ledger };
  // Let every pCPU make its first scheduling decision at time 0.
  const tx = new Tx(state);
  for (let p = 0; p < pcpus.length; p++) runPcpu(tx, p, 0, 0);
  return tx.commit();
}
