// The one-screen summary of a loaded scenario, for `hvsafe validate`. It states what the
// file declares, compactly (uart0..uart31, SPIs 144-175), and a few facts an integrator
// should have in mind. It judges nothing: the isolation checks do that.

import { relative } from 'node:path';
import type { Channel, PcpuSchedule, Perms, Scenario, Vm } from './types.js';
import { isWriter } from './channel-roles.js';
import { formatAddr, formatDuration, formatSize } from './units.js';

/** uart0, uart1, ..., uart31 → "uart0..uart31"; other names kept as they are. */
export function compactNames(names: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    const m = /^(.*?)(\d+)(\D*)$/.exec(names[i]!);
    let j = i;
    if (m !== null) {
      const [, pre, num, post] = m;
      let n = Number(num);
      while (j + 1 < names.length && names[j + 1] === `${pre}${n + 1}${post}`) {
        j++;
        n++;
      }
    }
    out.push(j - i >= 2 ? `${names[i]}..${names[j]}` : names.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return out.join(', ');
}

/** [144, 145, 146, 150] → "144-146, 150". */
export function compactInts(list: readonly number[]): string {
  const s = [...new Set(list)].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return out.join(', ');
}

function permsText(p: Perms): string {
  return `${p.r ? 'r' : ''}${p.w ? 'w' : ''}${p.x ? 'x' : ''}` || '-';
}

function khzText(khz: number): string {
  if (khz % 1_000_000 === 0) return `${khz / 1_000_000}GHz`;
  if (khz >= 1_000_000) return `${(khz / 1_000_000).toString()}GHz`;
  if (khz % 1000 === 0) return `${khz / 1000}MHz`;
  return `${khz}kHz`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summarize(s: Scenario, cwd?: string): string {
  const lines: string[] = [];
  const rel = (f: string): string => (cwd === undefined ? f : relative(cwd, f) || f);
  const soc = s.soc;
  lines.push(`${s.name}${s.description === '' ? '' : ` - ${s.description}`}`);

  // ---------------------------------------------------------------- SoC
  const clusters = soc.clusters
    .map((c) => {
      const top = c.opps.at(-1);
      return `${c.name}: ${c.kind} x${c.cpus.length} (pCPU ${compactInts(c.cpus)}${top === undefined ? '' : `, up to ${khzText(top.khz)}`})`;
    })
    .join('; ');
  const ram = soc.ram.reduce((a, r) => a + r.size, 0n);
  const hv = soc.hypervisorMemory.reduce((a, r) => a + r.size, 0n);
  const g = soc.gic;
  const smmu = soc.smmu.present ? `SMMU (unmatched streams: ${soc.smmu.unmatchedStreams})` : 'no SMMU';
  const llc = soc.llc === undefined ? 'no shared LLC' : `LLC ${formatSize(soc.llc.sizeBytes)} ${soc.llc.ways}-way, ${soc.llc.colors} colors`;
  const dmaDevs = soc.devices.filter((d) => d.dma).length;
  lines.push(`SoC ${soc.name}${soc.file === s.file ? ' (inline)' : ` (${rel(soc.file)})`}`);
  lines.push(`  ${plural(soc.cpus.length, 'pCPU')}: ${clusters}`);
  lines.push(
    `  RAM ${formatSize(ram)} in ${plural(soc.ram.length, 'bank')}; hypervisor ${formatSize(hv)}; GICv${g.version} SPI ${g.spi[0]}-${g.spi[1]}${g.directInjection ? ', direct injection' : ''}; ${smmu}; ${llc}`,
  );
  lines.push(`  ${plural(soc.devices.length, 'device')} (${dmaDevs} DMA-capable)`);

  // ---------------------------------------------------------------- VMs
  lines.push('', `VMs (${s.vms.length})`);
  const nameW = Math.max(...s.vms.map((v) => v.name.length), 4) + 2;
  for (const vm of s.vms) lines.push(...vmLines(vm, nameW));

  // ---------------------------------------------------------------- schedule
  lines.push('', 'Schedule');
  for (const sch of [...s.schedule].sort((a, b) => a.pcpu - b.pcpu)) lines.push(`  ${pad(`pCPU${sch.pcpu}`, 7)} ${scheduleText(sch)}`);

  // ---------------------------------------------------------------- channels
  if (s.channels.length > 0) {
    lines.push('', `Channels (${s.channels.length})`);
    for (const group of groupChannels(s.channels)) {
      const c = group[0]!;
      const label = group.length === 1 ? c.name : `${compactNames(group.map((g) => g.name))} (${group.length})`;
      const where = group.length === 1 ? ` @${formatAddr(c.pa)}` : ' each';
      lines.push(`  ${label}: ${formatSize(c.size)}${where}, ${channelText(c)}`);
    }
  }
  if (s.virtio.length > 0) {
    lines.push('', `Virtio (${s.virtio.length})`);
    for (const v of s.virtio) lines.push(`  ${v.name}: virtio-${v.kind}, ${v.frontend} (front) -> ${v.backend} (back) over ${v.channel}`);
  }

  const notes = notesOf(s);
  if (notes.length > 0) {
    lines.push('', 'Notes');
    for (const n of notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n') + '\n';
}

function vmLines(vm: Vm, nameW: number): string[] {
  const indent = ' '.repeat(2 + nameW);
  const vcpus = vm.vcpus.map((v) => `vCPU${v.id}->pCPU${v.pcpu}`).join(' ');
  const mem = vm.memory.reduce((a, m) => a + m.size, 0n);
  const out = [`  ${pad(vm.name, nameW)}${pad(vm.criticality, 7)} ${pad(vm.os, 10)} ${vcpus}`];
  const memBits = [`memory ${formatSize(mem)} in ${plural(vm.memory.length, 'mapping')}`];
  memBits.push(vm.cacheColors.length === 0 ? 'uncolored' : `colors ${compactInts(vm.cacheColors)}`);
  if (vm.latency.irqNs !== undefined) memBits.push(`IRQ latency <= ${formatDuration(vm.latency.irqNs)}`);
  if (vm.tasks.length > 0) memBits.push(`${plural(vm.tasks.length, 'task')} (${vm.taskPolicy})`);
  out.push(indent + memBits.join('; '));
  const devs = vm.devices.length === 0 ? 'no devices' : `devices ${compactNames(vm.devices.map((d) => d.device))}${vm.devices.length > 2 ? ` (${vm.devices.length})` : ''}`;
  const irqs = vm.irqs.length === 0 ? 'no SPIs' : `SPIs ${compactInts(vm.irqs.map((r) => r.spi))}${vm.irqs.length > 2 ? ` (${vm.irqs.length})` : ''}`;
  out.push(`${indent}${devs}; ${irqs}`);
  const h = vm.health;
  const hb = [`on fault ${h.onFault}`];
  if (h.watchdogNs !== undefined) hb.push(`watchdog ${formatDuration(h.watchdogNs)}`);
  if (h.recoveryBoundNs !== undefined) hb.push(`recovery <= ${formatDuration(h.recoveryBoundNs)}`);
  if (h.irqStormPerMs !== undefined) hb.push(`IRQ storm > ${h.irqStormPerMs}/ms`);
  out.push(`${indent}health: ${hb.join(', ')}`);
  return out;
}

function scheduleText(s: PcpuSchedule): string {
  const ref = (r: { vm: string; vcpu: number }): string => `${r.vm}:${r.vcpu}`;
  switch (s.kind) {
    case 'bind':
      return `bind ${ref(s.vcpu)}`;
    case 'time-partition': {
      const used = s.windows.reduce((a, w) => a + w.lengthNs, 0);
      const ws = [...s.windows]
        .sort((a, b) => a.startNs - b.startNs)
        .map((w) => `${ref(w.vcpu)} ${formatDuration(w.startNs)}+${formatDuration(w.lengthNs)}`)
        .join(', ');
      return `time-partition, frame ${formatDuration(s.majorFrameNs)} (${formatDuration(used)} used): ${ws}`;
    }
    case 'fixed-priority':
      return `fixed-priority: ${[...s.entries]
        .sort((a, b) => b.priority - a.priority)
        .map((e) => `${ref(e.vcpu)} prio ${e.priority} ${formatDuration(e.budgetNs)}/${formatDuration(e.periodNs)}`)
        .join(', ')}`;
  }
}

function channelText(c: Channel): string {
  const perms = (vm: string): string => {
    const e = c.endpoints.find((x) => x.vm === vm);
    return e === undefined ? '?' : permsText(e.perms);
  };
  const writers = c.writers.map((w) => `${w}(${perms(w)})`).join(' + ');
  const readers = c.endpoints.filter((e) => !isWriter(c, e.vm)).map((e) => `${e.vm}(${permsText(e.perms)})`);
  const bell = c.doorbell === undefined ? 'no doorbell' : `SGI ${c.doorbell.sgi} -> ${c.doorbell.to.join(', ')}`;
  const prot =
    c.protection.length === 0
      ? 'no E2E protection'
      : `E2E ${c.protection.map((p) => (p === 'timeout' && c.timeoutNs !== undefined ? `timeout ${formatDuration(c.timeoutNs)}` : p)).join(' + ')}`;
  return `${writers} -> ${readers.length > 0 ? readers.join(', ') : 'each other'}; ${bell}; ${prot}`;
}

/** Consecutive channels that differ only by name and addresses are shown as one line. */
function groupChannels(list: readonly Channel[]): Channel[][] {
  const sig = (c: Channel): string =>
    [c.size, channelText(c)].join('|');
  const out: Channel[][] = [];
  for (const c of list) {
    const last = out.at(-1);
    if (last !== undefined && sig(last[0]!) === sig(c)) last.push(c);
    else out.push([c]);
  }
  return out;
}

function notesOf(s: Scenario): string[] {
  const notes: string[] = [];
  const soc = s.soc;
  const devByName = new Map(soc.devices.map((d) => [d.name, d] as const));
  const passed = new Map<string, string[]>();
  for (const vm of s.vms) for (const p of vm.devices) passed.set(p.device, [...(passed.get(p.device) ?? []), vm.name]);
  const dmaPassed = [...passed.keys()].filter((n) => devByName.get(n)?.dma === true);
  if (!soc.smmu.present) {
    notes.push(
      dmaPassed.length === 0
        ? 'no SMMU: DMA-capable passthrough devices would reach raw PA; none of the passed-through devices masters DMA'
        : `no SMMU: DMA-capable passthrough devices reach raw PA: ${dmaPassed.map((n) => `${n} (${passed.get(n)!.join(', ')})`).join(', ')}`,
    );
  } else {
    if (soc.smmu.unmatchedStreams === 'bypass') notes.push('SMMU lets unmatched streams bypass translation');
    const noSid = dmaPassed.filter((n) => devByName.get(n)!.streamIds.length === 0);
    if (noSid.length > 0) notes.push(`DMA-capable passthrough devices without stream IDs: ${compactNames(noSid)}`);
  }
  const unassigned = soc.devices.filter((d) => !passed.has(d.name)).map((d) => d.name);
  if (unassigned.length > 0) notes.push(`devices left to the hypervisor (not passed through): ${compactNames(unassigned)}`);
  const used = new Set(s.vms.flatMap((v) => v.vcpus.map((c) => c.pcpu)));
  const idle = soc.cpus.filter((c) => !used.has(c.id)).map((c) => c.id);
  if (idle.length > 0) notes.push(`pCPUs hosting no vCPU: ${compactInts(idle)}`);
  if (soc.llc !== undefined) {
    const uncolored = s.vms.filter((v) => v.cacheColors.length === 0).map((v) => v.name);
    if (uncolored.length > 0) notes.push(`uncolored VMs use the whole LLC: ${uncolored.join(', ')}`);
  }
  const crit = [...new Set(s.vms.map((v) => v.criticality))];
  if (crit.length > 1) notes.push(`mixed criticality: ${crit.join(', ')}`);
  return notes;
}
