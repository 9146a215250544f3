// The model's vocabulary for people: scenario names for the indices states and events use.

import type { Topology } from './topology.js';

export function vmName(t: Topology, vm: number): string {
  return t.scenario.vms[vm]?.name ?? `vm#${vm}`;
}

export function vcpuName(t: Topology, vm: number, vcpu: number): string {
  return `${vmName(t, vm)}:${vcpu}`;
}

/** A flat vCPU index by name; -1 is an idle pCPU. */
export function flatVcpuName(t: Topology, f: number): string {
  return f < 0 ? 'idle' : vcpuName(t, t.vcpuVm[f]!, t.vcpuLocal[f]!);
}

export function deviceName(t: Topology, d: number): string {
  return t.scenario.soc.devices[d]?.name ?? `device#${d}`;
}

export function channelName(t: Topology, c: number): string {
  return t.scenario.channels[c]?.name ?? `channel#${c}`;
}

export function pcpuName(t: Topology, p: number): string {
  const id = t.scenario.soc.cpus[p]?.id;
  return id === undefined ? `pcpu#${p}` : `cpu${id}`;
}
