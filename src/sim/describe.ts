// Events and observations in words an integrator reads: names instead of indices, addresses
// in grouped hex, times in human units.

import { match } from 'ts-pattern';
import { formatAddr, formatSize } from '../config/units.js';
import type { Event } from '../hv/events.js';
import type { DmaPage, MappingOrigin, Observation, Target } from '../hv/observations.js';
import { channelName, deviceName, flatVcpuName, pcpuName, vcpuName, vmName } from '../hv/names.js';
import type { Topology } from '../hv/topology.js';

export { deviceName, flatVcpuName, vcpuName, vmName };

/** A duration for reading (not for parsing back): 1.937ms, 12.5us, 800ns. */
export function formatDuration(ns: number): string {
  if (ns < 1_000) return `${ns}ns`;
  const trim = (x: string): string => x.replace(/\.?0+$/, '');
  if (ns < 1_000_000) return `${trim((ns / 1_000).toFixed(3))}us`;
  if (ns < 1_000_000_000) return `${trim((ns / 1_000_000).toFixed(3))}ms`;
  return `${trim((ns / 1_000_000_000).toFixed(3))}s`;
}

export function describeEvent(t: Topology, e: Event): string {
  return match(e)
    .with({ kind: 'read' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} reads IPA ${formatAddr(e.ipa)}`)
    .with({ kind: 'write' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} writes ${e.value} to IPA ${formatAddr(e.ipa)}`)
    .with(
      { kind: 'dma' },
      (e) => `${deviceName(t, e.device)} DMA ${e.dir} ${formatSize(e.length)} at ${formatAddr(e.addr)} (${streamOfEvent(t, e.device, e.stream)})`,
    )
    .with({ kind: 'irq' }, (e) => `SPI ${e.spi} asserted`)
    .with({ kind: 'irq-storm' }, (e) => `${deviceName(t, e.device)} storms: ${e.count} interrupts`)
    .with({ kind: 'sgi' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} sends SGI ${e.sgi} to ${vcpuName(t, e.toVm, e.toVcpu)}`)
    .with({ kind: 'advance' }, (e) => `time advances ${formatDuration(e.ns)}`)
    .with({ kind: 'wake' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} timer fires`)
    .with(
      { kind: 'hvc-map' },
      (e) =>
        `${vcpuName(t, e.vm, e.vcpu)} hypercall map IPA ${formatAddr(e.ipa)} → PA ${formatAddr(e.pa)} (${formatSize(e.size)}, ${e.perms.r ? 'r' : ''}${e.perms.w ? 'w' : ''}${e.perms.x ? 'x' : ''})`,
    )
    .with({ kind: 'hvc-unmap' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} hypercall unmap IPA ${formatAddr(e.ipa)} (${formatSize(e.size)})`)
    .with({ kind: 'hvc-notify' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} hypercall notify channel ${channelName(t, e.channel)}`)
    .with({ kind: 'hvc-yield' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} yields`)
    .with({ kind: 'hvc-dvfs' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} requests ${e.khz} kHz`)
    .with({ kind: 'hvc-watchdog' }, (e) => `${vcpuName(t, e.vm, e.vcpu)} kicks the watchdog`)
    .with({ kind: 'fault' }, (e) =>
      e.fault === 'illegal-access'
        ? `${vcpuName(t, e.vm, e.vcpu)} faults: illegal access at IPA ${formatAddr(e.ipa)}`
        : `${vcpuName(t, e.vm, e.vcpu)} faults: ${e.fault}`,
    )
    .with({ kind: 'vm-start' }, (e) => `start ${vmName(t, e.vm)}`)
    .with({ kind: 'vm-stop' }, (e) => `stop ${vmName(t, e.vm)}`)
    .with({ kind: 'vm-restart' }, (e) => `restart ${vmName(t, e.vm)}`)
    .with({ kind: 'reassign' }, (e) => `reassign ${deviceName(t, e.device)} to ${vmName(t, e.to)}`)
    .with({ kind: 'pcpu-offline' }, (e) => `${pcpuName(t, e.pcpu)} goes offline`)
    .with({ kind: 'pcpu-online' }, (e) => `${pcpuName(t, e.pcpu)} comes online`)
    .exhaustive();
}

/**
 * A stream ID as the SoC file declares it (hex), so the event and the SMMU's answer name the
 * same stream; -1 (or an index past the declared IDs) is a transfer with no stream ID.
 */
export function streamName(id: number): string {
  return id < 0 ? 'no stream ID' : `stream 0x${id.toString(16)}`;
}

/** The stream a DMA event emits: events carry an index into the device's declared IDs. */
export function streamOfEvent(t: Topology, device: number, index: number): string {
  return streamName(t.scenario.soc.devices[device]?.streamIds[index] ?? -1);
}

export function describeTarget(t: Topology, target: Target): string {
  return match(target)
    .with({ kind: 'unbacked' }, () => 'nothing (unbacked PA)')
    .with({ kind: 'hypervisor' }, () => 'HYPERVISOR memory')
    .with({ kind: 'mmio' }, (x) => `MMIO of ${deviceName(t, x.device)}`)
    .with({ kind: 'ram' }, (x) => {
      const s = t.segments[x.segment]!;
      if (s.channels.length > 0) return `channel ${s.channels.map((c) => channelName(t, c)).join('+')}`;
      if (s.owners.length === 0) return s.ram ? 'unassigned RAM' : 'undeclared memory';
      return `memory of ${s.owners.map((v) => vmName(t, v)).join('+')}`;
    })
    .exhaustive();
}

export function describeOrigin(t: Topology, o: MappingOrigin): string {
  return match(o)
    .with({ kind: 'memory' }, (o) => `mapping '${t.scenario.vms[o.vm]?.memory[o.index]?.name ?? o.index}'`)
    .with({ kind: 'channel' }, (o) => `channel '${channelName(t, o.channel)}'`)
    .with({ kind: 'device' }, (o) => `passthrough ${deviceName(t, o.device)}`)
    .with({ kind: 'dynamic' }, (o) => `hypercall mapping from '${t.scenario.vms[o.vm]?.memory[o.from]?.name ?? o.from}'`)
    .exhaustive();
}

/**
 * Where a transfer landed: one entry per run of pages with the same target, so a transfer that
 * starts in one device's registers and ends in another's names both (the second may be the victim).
 */
function dmaWhere(t: Topology, pages: readonly DmaPage[]): string {
  const runs: { pa: bigint; what: string; n: number }[] = [];
  for (const p of pages) {
    const what = describeTarget(t, p.target);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.what === what) last.n++;
    else runs.push({ pa: p.pa, what, n: 1 });
  }
  const shown = runs.slice(0, 4).map((r) => `PA ${formatAddr(r.pa)} ${r.what}${r.n > 1 ? ` (${r.n} pages)` : ''}`);
  if (runs.length > 4) shown.push(`${runs.length - 4} more targets`);
  return shown.length === 0 ? '' : ` → ${shown.join(', then ')}`;
}

function who(t: Topology, writer: number): string {
  return writer < 0 ? '' : ` (written by ${vmName(t, writer)})`;
}

export function describeObservation(t: Topology, o: Observation): string {
  return match(o)
    .with(
      { kind: 'access' },
      (o) =>
        `${o.op} PA ${formatAddr(o.pa)} via ${describeOrigin(t, o.via)}: ${describeTarget(t, o.target)} = ${o.value}${o.op === 'read' ? who(t, o.writer) : ''}`,
    )
    .with({ kind: 'stage2-fault' }, (o) => `stage-2 fault (${o.reason}) on ${o.op} of IPA ${formatAddr(o.ipa)} by ${vcpuName(t, o.vm, o.vcpu)}`)
    .with({ kind: 'dma' }, (o) => {
      const via = o.path === 'smmu' ? `SMMU context of ${vmName(t, o.context)}` : o.path === 'smmu-bypass' ? 'SMMU BYPASS' : 'no SMMU (raw PA)';
      return `DMA ${o.dir} by ${deviceName(t, o.device)} (owner ${vmName(t, o.vm)}) via ${via}${dmaWhere(t, o.pages)}`;
    })
    .with({ kind: 'smmu-fault' }, (o) => `SMMU fault (${o.reason}) for ${deviceName(t, o.device)} ${streamName(o.stream)} at ${formatAddr(o.addr)}`)
    .with(
      { kind: 'virq' },
      (o) =>
        `virtual ${o.source.toUpperCase()} ${o.intid} → ${vcpuName(t, o.vm, o.vcpu)} at ${formatDuration(o.deliveredAt)} (latency ${formatDuration(o.deliveredAt - o.assertedAt)}, ${o.path})`,
    )
    .with({ kind: 'irq-pending' }, (o) => `interrupt ${o.intid} pending for ${vcpuName(t, o.vm, o.vcpu)} (not on its pCPU)`)
    .with({ kind: 'irq-dropped' }, (o) => `SPI ${o.spi} dropped: ${o.reason}`)
    .with({ kind: 'irq-masked' }, (o) => `SPI ${o.spi} of ${deviceName(t, o.device)} masked by the health monitor (storm)`)
    .with({ kind: 'sched' }, (o) => `${pcpuName(t, o.pcpu)}: ${flatVcpuName(t, o.from)} → ${flatVcpuName(t, o.to)} at ${formatDuration(o.at)}`)
    .with(
      { kind: 'period-end' },
      (o) =>
        `${flatVcpuName(t, o.vcpu)} period [${formatDuration(o.start)}, ${formatDuration(o.end)}) received ${formatDuration(o.receivedNs)} of budget ${formatDuration(o.budgetNs)}${o.demandedAll ? '' : ' (not busy throughout)'}`,
    )
    .with({ kind: 'fault' }, (o) => `fault: ${o.fault} in ${o.vcpu < 0 ? vmName(t, o.vm) : vcpuName(t, o.vm, o.vcpu)}`)
    .with(
      { kind: 'health' },
      (o) => `health monitor: ${vmName(t, o.vm)} ${o.reason} → ${o.action} (fault at ${formatDuration(o.faultAt)}, acted at ${formatDuration(o.at)})`,
    )
    .with({ kind: 'lifecycle' }, (o) => {
      const scrubbed = o.scrubbedBytes > 0n ? `, ${formatSize(o.scrubbedBytes)} scrubbed` : '';
      const reset = o.resetDevices.length > 0 ? `, ${o.resetDevices.length} device${o.resetDevices.length === 1 ? '' : 's'} reset` : '';
      return `${vmName(t, o.vm)} ${o.what}${scrubbed}${reset}`;
    })
    .with(
      { kind: 'reassigned' },
      (o) => `${deviceName(t, o.device)} moved from ${o.from < 0 ? 'nobody' : vmName(t, o.from)} to ${vmName(t, o.to)} (streams [${o.streams.map((x) => `0x${x.toString(16)}`).join(', ')}], SPIs [${o.spis.join(', ')}])`,
    )
    .with({ kind: 'device-reset' }, (o) => `${deviceName(t, o.device)} reset`)
    .with({ kind: 'mapped' }, (o) => `${vmName(t, o.vm)} maps IPA ${formatAddr(o.ipa)} → PA ${formatAddr(o.pa)} (${formatSize(o.size)})`)
    .with({ kind: 'unmapped' }, (o) => `${vmName(t, o.vm)} unmaps IPA ${formatAddr(o.ipa)} (${formatSize(o.size)})`)
    .with({ kind: 'pcpu' }, (o) => `${pcpuName(t, o.pcpu)} ${o.online ? 'online' : 'offline'}`)
    .with(
      { kind: 'dvfs' },
      (o) => `cluster ${t.scenario.soc.clusters[o.cluster]?.name ?? o.cluster}: ${o.fromKhz} → ${o.toKhz} kHz (load ${o.loadPermille}‰, asked ${o.requestedKhz})`,
    )
    .with({ kind: 'rejected' }, (o) => `refused ${o.event}: ${o.reason} — ${o.detail}`)
    .with({ kind: 'console' }, (o) => o.text)
    .exhaustive();
}
