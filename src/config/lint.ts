// Semantic checks: what is well-shaped but malformed. References to things that do not
// exist, sizes of zero, ranges past 2^64, misaligned stage-2 mappings, schedules that cannot
// be what was meant. Every error points at the offending node.
//
// What is merely UNSAFE is not rejected here: overlapping memory between VMs, an SPI routed
// to two VMs, DMA without an SMMU, shared cache colors, a reader granted write... Those load,
// and the isolation checks report them as findings.

import { Decoded, checkPageAligned, checkRegion, checkUnique, type Names } from './decode.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { VmNames } from './partition.js';
import type { SocDraft } from './soc.js';
import type { Channel, PcpuSchedule, SourceRef, VcpuRef, VirtioDevice, Vm } from './types.js';
import { formatAddr, formatDuration } from './units.js';

export interface Draft {
  readonly soc: SocDraft | undefined;
  readonly vms: readonly Vm[];
  readonly vmNames: VmNames;
  readonly schedule: readonly PcpuSchedule[];
  /** Some schedule entry failed to decode (so "no schedule" cannot be judged). */
  readonly scheduleIncomplete: boolean;
  readonly channels: readonly Channel[];
  readonly channelNames: Names;
  readonly virtio: readonly VirtioDevice[];
}

type Located = object & { readonly at: SourceRef };
type Path = readonly (string | number)[];

export function lint(draft: Draft, d: Decoded, sink: DiagnosticSink): void {
  const report = (obj: Located, path: Path, message: string, hint?: string): void => {
    const c = d.cursor(obj);
    const at = c?.dig(...path) ?? c;
    if (at !== undefined) at.semantic(message, hint);
    else sink.error('semantic', obj.at, message, hint);
  };
  if (draft.soc !== undefined) lintSoc(draft.soc, d, report);
  lintVms(draft, d, report);
  lintSchedule(draft, d, report);
  lintChannels(draft, d, report);
  lintVirtio(draft, report);
  lintIpaSpace(draft, d, report);
}

/**
 * Within one VM, one IPA can translate to one PA only: two stage-2 windows (RAM mappings,
 * passthrough MMIO, channel windows) that overlap in IPA with different translations cannot
 * both be mapped. (Overlaps BETWEEN VMs are not checked here: they load, and the isolation
 * checks report them.)
 */
function lintIpaSpace(draft: Draft, d: Decoded, report: Report): void {
  interface Window {
    readonly ipa: bigint;
    readonly end: bigint;
    readonly pa: bigint;
    readonly label: string;
    readonly obj: Located;
    readonly path: Path;
  }
  const LIMIT = 1n << 64n;
  const devices = new Map((draft.soc?.devices ?? []).map((x) => [x.name, x] as const));
  for (const vm of draft.vms) {
    if (d.isPartial(vm)) continue;
    const ws: Window[] = [];
    const add = (w: Window): void => {
      if (w.end > w.ipa && w.end <= LIMIT && w.pa + (w.end - w.ipa) <= LIMIT) ws.push(w);
    };
    for (const m of vm.memory) add({ ipa: m.ipa, end: m.ipa + m.size, pa: m.pa, label: `mapping '${m.name}'`, obj: m, path: ['ipa'] });
    for (const p of vm.devices) {
      const dev = devices.get(p.device);
      if (dev === undefined || (p.mmioIpa !== undefined && p.mmioIpa.length !== dev.mmio.length)) continue;
      dev.mmio.forEach((r, i) => {
        const ipa = p.mmioIpa?.[i] ?? r.base;
        add({ ipa, end: ipa + r.size, pa: r.base, label: `the MMIO of device '${dev.name}'`, obj: p, path: [] });
      });
    }
    for (const ch of draft.channels) {
      ch.endpoints.forEach((e, i) => {
        if (e.vm === vm.name) add({ ipa: e.ipa, end: e.ipa + ch.size, pa: ch.pa, label: `channel '${ch.name}'`, obj: ch, path: ['endpoints', i] });
      });
    }
    ws.sort((a, b) => (a.ipa < b.ipa ? -1 : a.ipa > b.ipa ? 1 : 0));
    for (let i = 0; i < ws.length; i++) {
      for (let j = i + 1; j < ws.length && ws[j]!.ipa < ws[i]!.end; j++) {
        const a = ws[i]!;
        const b = ws[j]!;
        if (a.ipa - a.pa === b.ipa - b.pa) continue; // same translation: not ambiguous
        report(
          b.obj,
          b.path,
          `in VM '${vm.name}', ${b.label} at IPA 0x${b.ipa.toString(16)} overlaps ${a.label} (IPA 0x${a.ipa.toString(16)}-0x${(a.end - 1n).toString(16)}) with a different PA`,
          'one IPA maps to one PA: move one of the two windows in the guest address space (ipa / mmio-ipa)',
        );
      }
    }
  }
}

type Report = (obj: Located, path: Path, message: string, hint?: string) => void;

function hexAddr(a: bigint): string {
  return formatAddr(a);
}

/**
 * The first PA of [pa, pa+size) that nothing of the SoC backs (RAM banks, device registers,
 * the hypervisor's memory and frames), or undefined. Such a mapping is malformed rather than
 * unsafe: no claim is about memory that does not exist, and the model would answer its
 * accesses from nothing, so it is refused at load. A RAM mapping past the end of RAM is the
 * same mistake. A total assignment beyond the RAM's capacity needs no rule of its own: with
 * every mapping backed, it can only come from mappings that overlap, which isolation.memory
 * reports.
 */
function unbacked(soc: SocDraft, pa: bigint, size: bigint): bigint | undefined {
  if (size === 0n) return undefined;
  const backed = [...soc.ram, ...soc.hypervisorMemory, ...soc.hypervisorFrames, ...soc.devices.flatMap((x) => x.mmio)]
    .map((r) => [r.base, r.base + r.size] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let p = pa;
  const end = pa + size;
  for (const [lo, hi] of backed) {
    if (lo > p) break;
    if (hi > p) p = hi;
    if (p >= end) return undefined;
  }
  return p;
}

function rangeText(r: readonly [number, number]): string {
  return `${r[0]}-${r[1]}`;
}

function lintSoc(soc: SocDraft, d: Decoded, report: Report): void {
  checkUnique(d, soc.clusters, (c) => c.name, 'cluster name');
  checkUnique(d, soc.cpus, (c) => c.id, 'pCPU id', []);
  checkUnique(d, soc.ram, (r) => r.name, 'RAM bank name');
  checkUnique(d, soc.devices, (r) => r.name, 'device name');
  for (const r of soc.ram) checkRegion(d, r, r.base, r.size, ['base'], ['size'], `RAM bank '${r.name}'`);
  for (const r of soc.hypervisorMemory) checkRegion(d, r, r.base, r.size, ['base'], ['size'], `hypervisor memory '${r.name}'`);
  checkUnique(d, soc.hypervisorFrames, (r) => r.name, 'hypervisor frame name');
  for (const r of soc.hypervisorFrames) checkRegion(d, r, r.base, r.size, ['base'], ['size'], `hypervisor frame '${r.name}'`);
  checkUnique(d, soc.hypervisorIrqs, (r) => r.intid, 'hypervisor interrupt ID', ['intid']);
  if (soc.gic !== undefined) {
    const { ppi, spi: spis } = soc.gic;
    for (const q of soc.hypervisorIrqs) {
      const inPpi = q.intid >= ppi[0] && q.intid <= ppi[1];
      const inSpi = q.intid >= spis[0] && q.intid <= spis[1];
      if (!inPpi && !inSpi) {
        report(q, ['intid'], `hypervisor interrupt '${q.name}' has ID ${q.intid}, neither a PPI (${rangeText(ppi)}) nor an SPI (${rangeText(spis)}) of this GIC`, 'the GIC maintenance interrupt is PPI 25 and the EL2 physical timer PPI 26 on Arm; a console SPI is its GIC ID');
      }
    }
  }
  const spi = soc.gic?.spi;
  for (const dev of soc.devices) {
    dev.mmio.forEach((r) => checkRegion(d, r, r.base, r.size, ['base'], ['size'], `MMIO range '${r.name}' of device '${dev.name}'`));
    if (dev.dma && dev.dmaMaxBytes === 0n) report(dev, ['dma-max'], `device '${dev.name}' has dma-max 0`, 'write the largest DMA transfer, such as 64KiB, or dma: false');
    dev.irqs.forEach((n, i) => {
      if (dev.irqs.indexOf(n) !== i) report(dev, irqPath(d, dev, i), `device '${dev.name}' lists SPI ${n} twice`, 'list each SPI once');
    });
    if (spi !== undefined) {
      dev.irqs.forEach((n, i) => {
        if (n < spi[0] || n > spi[1]) {
          report(dev, irqPath(d, dev, i), `device '${dev.name}' asserts SPI ${n}, outside the GIC's SPI range ${rangeText(spi)}`, `SPIs on this GIC are ${rangeText(spi)}; check the SoC manual's interrupt map (GIC ID = SPI number)`);
        }
      });
    }
  }
  if (soc.llc !== undefined) {
    if (soc.llc.sizeBytes === 0n) report(soc.llc, ['size'], 'the last-level cache has size 0', "remove 'llc' if the SoC has no shared cache");
  }
  const ci = soc.costs?.cacheInterference;
  if (soc.costs !== undefined && ci !== undefined && ci.num < ci.den) {
    report(soc.costs, ['cache-interference'], 'the cache interference factor is below 1', 'a factor multiplies costs when the cache is shared: write 1x for no effect, or more, such as 4x');
  }
}

/** Path to the i-th SPI of a device when irqs is a list of single numbers; else the list. */
function irqPath(d: Decoded, obj: Located, i: number): Path {
  const c = d.cursor(obj)?.dig('irqs', i);
  return c !== undefined && /^[0-9]+$/.test(c.scalarValue ?? '') ? ['irqs', i] : ['irqs'];
}

function lintVms(draft: Draft, d: Decoded, report: Report): void {
  const soc = draft.soc;
  checkUnique(d, draft.vms, (v) => v.name, 'VM name');
  const devices = new Map((soc?.devices ?? []).map((x) => [x.name, x] as const));
  for (const vm of draft.vms) {
    for (const v of vm.vcpus) {
      if (soc !== undefined && !soc.cpuIds.has(String(v.pcpu)) && soc.cpuIds.complete) {
        report(v, [], `vCPU ${v.id} of VM '${vm.name}' is pinned to pCPU ${v.pcpu}, which the SoC does not have`, `the SoC's pCPUs are ${soc.cpuIds.list.join(', ')}`);
      }
    }
    checkUnique(d, vm.memory, (m) => m.name, `mapping name in VM '${vm.name}'`);
    for (const m of vm.memory) {
      const ok = checkRegion(d, m, m.ipa, m.size, ['ipa'], ['size'], `mapping '${m.name}' of VM '${vm.name}' (IPA)`);
      const paOk = ok && (m.pa === m.ipa || checkRegion(d, m, m.pa, m.size, ['pa'], ['size'], `mapping '${m.name}' of VM '${vm.name}' (PA)`));
      checkPageAligned(d, m, m.ipa, ['ipa'], `the IPA of mapping '${m.name}' of VM '${vm.name}'`);
      if (d.cursor(m)?.get('pa') !== undefined) checkPageAligned(d, m, m.pa, ['pa'], `the PA of mapping '${m.name}' of VM '${vm.name}'`);
      if (m.size !== 0n) checkPageAligned(d, m, m.size, ['size'], `the size of mapping '${m.name}' of VM '${vm.name}'`);
      if (!m.perms.r && !m.perms.w && !m.perms.x) report(m, ['perms'], `mapping '${m.name}' of VM '${vm.name}' grants no access`, "write 'r', 'rw', 'rx' or 'rwx', or remove the mapping");
      // Only a well-formed range can be judged (an overflow is its own error).
      const hole = soc === undefined || !paOk ? undefined : unbacked(soc, m.pa, m.size);
      if (soc !== undefined && hole !== undefined) {
        report(m, d.cursor(m)?.get('pa') !== undefined ? ['pa'] : ['ipa'], `mapping '${m.name}' of VM '${vm.name}' reaches PA ${hexAddr(hole)}, which lies in no RAM bank and no device of the SoC (RAM: ${soc.ram.map((r) => `${hexAddr(r.base)}..${hexAddr(r.base + r.size - 1n)}`).join(', ')})`, 'give the mapping a PA inside a RAM bank (and within its end), or declare the memory behind it in the SoC file');
      }
    }
    checkUnique(d, vm.devices, (p) => p.device, `passthrough device in VM '${vm.name}'`, ['device']);
    for (const p of vm.devices) {
      const devPath: Path = d.cursor(p)?.isMap() === true ? ['device'] : [];
      const dev = devices.get(p.device);
      if (dev === undefined) {
        const hint = soc?.deviceNames.unknownHint(p.device, 'device');
        if (soc !== undefined && hint !== undefined) report(p, devPath, `VM '${vm.name}' passes through device '${p.device}', which the SoC does not declare`, hint);
        continue;
      }
      if (p.mmioIpa !== undefined) {
        if (p.mmioIpa.length !== dev.mmio.length) {
          report(p, ['mmio-ipa'], `device '${dev.name}' has ${dev.mmio.length} MMIO range(s) but mmio-ipa gives ${p.mmioIpa.length}`, `give one IPA per MMIO range, in the order the SoC lists them, or omit mmio-ipa for identity mapping`);
        } else {
          p.mmioIpa.forEach((ipa, i) => {
            const r = dev.mmio[i]!;
            const path: Path = d.cursor(p)?.dig('mmio-ipa')?.isSeq() === true ? ['mmio-ipa', i] : ['mmio-ipa'];
            if (ipa + r.size > 1n << 64n) report(p, path, `the IPA window of '${r.name}' ends past the 64-bit address space`, 'choose a lower IPA');
            else if (ipa % 4096n !== r.base % 4096n) {
              report(p, path, `mmio-ipa 0x${ipa.toString(16)} has a different offset within its 4KiB page than the device's MMIO base 0x${r.base.toString(16)}`, `stage-2 maps whole pages: use an IPA ending in 0x${(r.base % 4096n).toString(16).padStart(3, '0')}`);
            }
          });
        }
      }
    }
    checkUnique(d, vm.irqs, (r) => r.spi, `SPI route in VM '${vm.name}'`, ['spi']);
    const spi = soc?.gic?.spi;
    for (const r of vm.irqs) {
      const spiPath: Path = d.cursor(r)?.isMap() === true ? ['spi'] : [];
      if (spi !== undefined && (r.spi < spi[0] || r.spi > spi[1])) {
        report(r, spiPath, `SPI ${r.spi} routed to VM '${vm.name}' is outside the GIC's SPI range ${rangeText(spi)}`, `SPIs on this GIC are ${rangeText(spi)}`);
      }
      if (r.vcpu >= vm.vcpus.length) {
        report(r, ['vcpu'], `SPI ${r.spi} is routed to vCPU ${r.vcpu} of VM '${vm.name}', which has ${vm.vcpus.length} vCPU(s)`, `route it to a vCPU from 0 to ${vm.vcpus.length - 1}`);
      }
      if (r.latencyNs === 0) report(r, ['latency'], 'an interrupt latency bound of 0 cannot be met', 'write the bound the function needs, such as 10us');
    }
    if (vm.cacheColors.length > 0 && soc !== undefined && !soc.llcBroken) {
      if (soc.llc === undefined) {
        report(vm, ['cache-colors'], `VM '${vm.name}' has cache colors but the SoC declares no last-level cache`, "declare 'llc: {size, ways, colors}' in the SoC, or remove cache-colors");
      } else {
        const max = soc.llc.colors - 1;
        const bad = vm.cacheColors.filter((c) => c > max);
        if (bad.length > 0) report(vm, ['cache-colors'], `VM '${vm.name}' uses cache color(s) ${bad.join(', ')}, but the LLC has ${soc.llc.colors} colors`, `use colors 0-${max}`);
      }
      const dup = vm.cacheColors.filter((c, i) => vm.cacheColors.indexOf(c) !== i);
      if (dup.length > 0) report(vm, ['cache-colors'], `VM '${vm.name}' lists cache color(s) ${[...new Set(dup)].join(', ')} twice`, 'list each color once');
    }
    const h = vm.health;
    if (h.watchdogNs === 0) report(h, ['watchdog'], 'a watchdog period of 0 cannot be met', 'write a period such as 10ms, or remove the watchdog');
    if (h.recoveryBoundNs === 0) report(h, ['recovery-bound'], 'a recovery bound of 0 cannot be met', 'write a bound such as 1ms');
    if (vm.latency.irqNs === 0) report(vm, ['latency', 'irq'], 'an interrupt latency bound of 0 cannot be met', 'write the bound the function needs, such as 10us');
    checkUnique(d, vm.tasks, (t) => t.name, `task name in VM '${vm.name}'`);
    for (const t of vm.tasks) {
      for (const [key, v] of [['wcet', t.wcetNs], ['period', t.periodNs], ['deadline', t.deadlineNs]] as const) {
        if (v === 0) report(t, d.cursor(t)?.get(key) !== undefined ? [key] : ['period'], `task '${t.name}' has ${key} 0`, `a task needs a positive ${key}`);
      }
    }
  }
}

interface VcpuRefCheck {
  readonly ok: boolean;
}

/** Check a vCPU reference names an existing VM and vCPU; report at `path`. */
function checkVcpuRef(draft: Draft, report: Report, obj: Located, path: Path, ref: VcpuRef, pcpu: number | undefined): VcpuRefCheck {
  const vm = draft.vms.find((v) => v.name === ref.vm);
  if (vm === undefined) {
    const hint = draft.vmNames.unknownHint(ref.vm, 'VM');
    if (hint !== undefined) report(obj, path, `unknown VM '${ref.vm}' in vCPU reference '${ref.vm}:${ref.vcpu}'`, hint);
    return { ok: false };
  }
  const v = vm.vcpus[ref.vcpu];
  if (v === undefined) {
    report(obj, path, `VM '${vm.name}' has no vCPU ${ref.vcpu} (it has ${vm.vcpus.length})`, `use a vCPU index from 0 to ${vm.vcpus.length - 1}`);
    return { ok: false };
  }
  const pinnedKnown = draft.soc === undefined || !draft.soc.cpuIds.complete || draft.soc.cpuIds.has(String(v.pcpu));
  if (pcpu !== undefined && v.pcpu !== pcpu && pinnedKnown) {
    report(obj, path, `vCPU ${vm.name}:${ref.vcpu} is pinned to pCPU ${v.pcpu}, not to pCPU ${pcpu} which this schedule is for`, `schedule it in pCPU ${v.pcpu}'s entry, or pin it to pCPU ${pcpu} in the VM's vcpus list`);
    return { ok: false };
  }
  return { ok: true };
}

function lintSchedule(draft: Draft, d: Decoded, report: Report): void {
  const soc = draft.soc;
  checkUnique(d, draft.schedule, (s) => s.pcpu, 'schedule for pCPU', ['pcpu']);
  for (const s of draft.schedule) {
    if (soc !== undefined && soc.cpuIds.complete && !soc.cpuIds.has(String(s.pcpu))) {
      report(s, ['pcpu'], `the schedule names pCPU ${s.pcpu}, which the SoC does not have`, `the SoC's pCPUs are ${soc.cpuIds.list.join(', ')}`);
    }
    if (s.kind === 'bind') {
      checkVcpuRef(draft, report, s, ['bind'], s.vcpu, s.pcpu);
    } else if (s.kind === 'time-partition') {
      if (s.majorFrameNs === 0) report(s, ['time-partition', 'major-frame'], 'the major frame is 0', 'write the length of the cyclic schedule, such as 10ms');
      s.windows.forEach((w, i) => {
        const wPath: Path = ['time-partition', 'windows', i];
        checkVcpuRef(draft, report, s, [...wPath, 'vcpu'], w.vcpu, s.pcpu);
        if (w.lengthNs === 0) report(s, [...wPath, 'length'], 'a time window of length 0', 'give the window a length, or remove it');
        if (s.majorFrameNs > 0 && w.startNs + w.lengthNs > s.majorFrameNs) {
          report(s, [...wPath, 'length'], `window ${formatDuration(w.startNs)}+${formatDuration(w.lengthNs)} ends at ${formatDuration(w.startNs + w.lengthNs)}, past the major frame of ${formatDuration(s.majorFrameNs)}`, `end every window by ${formatDuration(s.majorFrameNs)}, or lengthen the major frame`);
        }
      });
      const order = s.windows.map((w, i) => ({ w, i })).sort((a, b) => a.w.startNs - b.w.startNs || a.i - b.i);
      for (let k = 1; k < order.length; k++) {
        const prev = order[k - 1]!;
        const cur = order[k]!;
        if (cur.w.startNs < prev.w.startNs + prev.w.lengthNs) {
          report(s, ['time-partition', 'windows', cur.i, 'start'], `time window at ${formatDuration(cur.w.startNs)} overlaps the window ${formatDuration(prev.w.startNs)}-${formatDuration(prev.w.startNs + prev.w.lengthNs)}`, `start it at ${formatDuration(prev.w.startNs + prev.w.lengthNs)} or later; windows on one pCPU must not overlap`);
        }
      }
    } else {
      const seen = new Set<string>();
      s.entries.forEach((e, i) => {
        const ePath: Path = ['fixed-priority', i];
        checkVcpuRef(draft, report, s, [...ePath, 'vcpu'], e.vcpu, s.pcpu);
        const key = `${e.vcpu.vm}:${e.vcpu.vcpu}`;
        if (seen.has(key)) report(s, [...ePath, 'vcpu'], `vCPU ${key} has two entries in this fixed-priority schedule`, 'give each vCPU one entry');
        seen.add(key);
        if (e.periodNs === 0) report(s, [...ePath, 'period'], 'a period of 0', 'write the replenishment period, such as 10ms');
        if (e.budgetNs === 0) report(s, [...ePath, 'budget'], 'a budget of 0', 'write the CPU time granted per period, such as 2ms');
        if (e.budgetNs > e.periodNs && e.periodNs > 0) {
          report(s, [...ePath, 'budget'], `budget ${formatDuration(e.budgetNs)} exceeds period ${formatDuration(e.periodNs)}`, `the budget is the CPU time per period: at most ${formatDuration(e.periodNs)}`);
        }
      });
    }
  }
  // Every pCPU that hosts a vCPU needs a schedule.
  const scheduled = new Set(draft.schedule.map((s) => s.pcpu));
  for (const vm of draft.vms) {
    for (const v of vm.vcpus) {
      if (!scheduled.has(v.pcpu) && !draft.scheduleIncomplete && (soc === undefined || soc.cpuIds.has(String(v.pcpu)))) {
        report(v, [], `pCPU ${v.pcpu} hosts vCPU ${vm.name}:${v.id} but has no schedule`, `add '- {pcpu: ${v.pcpu}, bind: ${vm.name}:${v.id}}' (or a time-partition / fixed-priority entry) under 'schedule'`);
      }
    }
  }
}

function lintChannels(draft: Draft, d: Decoded, report: Report): void {
  const soc = draft.soc;
  checkUnique(d, draft.channels, (c) => c.name, 'channel name');
  for (const ch of draft.channels) {
    const what = `channel '${ch.name}'`;
    if (checkRegion(d, ch, ch.pa, ch.size, ['pa'], ['size'], what)) {
      checkPageAligned(d, ch, ch.pa, ['pa'], `the PA of ${what}`);
      checkPageAligned(d, ch, ch.size, ['size'], `the size of ${what}`);
    }
    if (ch.endpoints.length < 2) report(ch, ['endpoints'], `${what} has ${ch.endpoints.length} endpoint(s)`, 'a channel connects at least two VMs: list each writer and each reader');
    const vmsSeen = new Set<string>();
    ch.endpoints.forEach((e, i) => {
      const hint = draft.vmNames.unknownHint(e.vm, 'VM');
      if (!draft.vmNames.has(e.vm) && hint !== undefined) report(ch, ['endpoints', i, 'vm'], `${what} names unknown VM '${e.vm}'`, hint);
      if (vmsSeen.has(e.vm)) report(ch, ['endpoints', i, 'vm'], `VM '${e.vm}' appears twice among the endpoints of ${what}`, 'list each VM once');
      vmsSeen.add(e.vm);
      if (e.ipa + ch.size > 1n << 64n) report(ch, ['endpoints', i, 'ipa'], `the IPA window of ${what} in VM '${e.vm}' ends past the 64-bit address space`, 'choose a lower IPA');
      else checkPageAligned(d, ch, e.ipa, d.cursor(ch)?.dig('endpoints', i, 'ipa') !== undefined ? ['endpoints', i, 'ipa'] : ['endpoints', i], `the IPA of ${what} in VM '${e.vm}'`);
    });
    if (!d.isPartial(ch)) lintWriters(ch, d, draft, report, vmsSeen);
    if (ch.doorbell !== undefined && soc?.gic !== undefined) {
      const sgi = soc.gic.sgi;
      if (ch.doorbell.sgi < sgi[0] || ch.doorbell.sgi > sgi[1]) {
        report(ch, ['doorbell', 'sgi'], `doorbell SGI ${ch.doorbell.sgi} is outside the GIC's SGI range ${rangeText(sgi)}`, `use an SGI from ${rangeText(sgi)}`);
      }
    }
    if (ch.doorbell !== undefined) {
      const toC = d.cursor(ch)?.dig('doorbell', 'to');
      ch.doorbell.to.forEach((vm, i) => {
        if (toC === undefined) return;
        const path: Path = toC.isSeq() ? ['doorbell', 'to', i] : ['doorbell', 'to'];
        if (!vmsSeen.has(vm)) {
          report(ch, path, `the doorbell of ${what} rings '${vm}', which is not one of its endpoints`, `ring one of ${[...vmsSeen].join(', ')}`);
        }
      });
      if (ch.doorbell.to.length === 0) report(ch, ['doorbell'], `the doorbell of ${what} rings no one`, "name the VM it rings with 'to: linux'");
    }
    const hasTimeout = ch.protection.includes('timeout');
    if (hasTimeout && ch.timeoutNs === undefined) report(ch, ['protection'], `${what} declares timeout protection but no timeout`, "add 'timeout: 10ms' (the reader's deadline for a fresh message)");
    if (!hasTimeout && ch.timeoutNs !== undefined) report(ch, ['timeout'], `${what} gives a timeout but does not declare timeout protection`, "add 'timeout' to 'protection', or remove 'timeout'");
    if (ch.timeoutNs === 0) report(ch, ['timeout'], 'a timeout of 0 cannot be met', 'write a timeout such as 10ms');
    const dupP = ch.protection.filter((p, i) => ch.protection.indexOf(p) !== i);
    if (dupP.length > 0) report(ch, ['protection'], `${what} lists protection '${dupP[0]}' twice`, 'list each protection once');
  }
}

/**
 * Each declared writer is an endpoint, listed once, with a writable endpoint. A writer whose
 * endpoint is read-only is refused here rather than reported as a finding: the file contradicts
 * itself (the declaration says the VM writes, the mapping says it cannot), it breaches nothing,
 * and either reading would make a claim wrong (end-to-end protection demanded for data the VM
 * cannot produce, or a writer the engines count that the hypervisor never lets write).
 */
function lintWriters(ch: Channel, d: Decoded, draft: Draft, report: Report, vmsSeen: ReadonlySet<string>): void {
  const what = `channel '${ch.name}'`;
  const short = d.cursor(ch)?.has('writer') === true;
  const at = (i: number): Path => (short ? ['writer'] : ['writers', i]);
  ch.writers.forEach((w, i) => {
    if (ch.writers.indexOf(w) !== i) {
      report(ch, at(i), `VM '${w}' appears twice among the writers of ${what}`, 'list each writer once');
      return;
    }
    const eps = ch.endpoints.map((e, j) => [e, j] as const).filter(([e]) => e.vm === w);
    if (eps.length === 0) {
      const hint = draft.vmNames.unknownHint(w, 'VM');
      report(ch, at(i), `the writer '${w}' of ${what} is not one of its endpoints`, hint ?? `add an endpoint {vm: ${w}, perms: rw}, or name one of ${[...vmsSeen].join(', ')} as writer`);
      return;
    }
    if (!eps.some(([e]) => e.perms.w)) {
      const [, j] = eps[0]!;
      const path: Path = d.cursor(ch)?.dig('endpoints', j, 'perms') !== undefined ? ['endpoints', j, 'perms'] : ['endpoints', j];
      report(ch, path, `'${w}' is declared a writer of ${what}, but its endpoint is mapped without w`, `map ${w}'s endpoint rw, or remove '${w}' from the writers if it only reads`);
    }
  });
}

function lintVirtio(draft: Draft, report: Report): void {
  const seen = new Map<string, VirtioDevice>();
  for (const v of draft.virtio) {
    const first = seen.get(v.name);
    if (first !== undefined) report(v, ['name'], `duplicate virtio device name '${v.name}' (first declared at line ${first.at.line})`, 'give each virtio device a distinct name');
    else seen.set(v.name, v);
    for (const role of ['frontend', 'backend'] as const) {
      const hint = draft.vmNames.unknownHint(v[role], 'VM');
      if (hint !== undefined) report(v, [role], `the ${role} of virtio device '${v.name}' is unknown VM '${v[role]}'`, hint);
    }
    if (v.frontend === v.backend) report(v, ['backend'], `virtio device '${v.name}' has the same VM as frontend and backend`, 'the backend is the VM that owns the real device; the frontend is the guest that uses it');
    const ch = draft.channels.find((c) => c.name === v.channel);
    if (ch === undefined) {
      const hint = draft.channelNames.unknownHint(v.channel, 'channel');
      if (hint !== undefined) report(v, ['channel'], `virtio device '${v.name}' names unknown channel '${v.channel}'`, hint);
      continue;
    }
    for (const role of ['frontend', 'backend'] as const) {
      if (!ch.endpoints.some((e) => e.vm === v[role])) {
        report(v, ['channel'], `channel '${ch.name}' does not connect the ${role} '${v[role]}' of virtio device '${v.name}'`, `add an endpoint {vm: ${v[role]}, perms: rw} to channel '${ch.name}'`);
      }
    }
  }
}
