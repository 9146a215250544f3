// hvisor zone configurations → Scenario, with hvisor's own rules (src/zone.rs zone_create,
// src/arch/aarch64/zone.rs pt_init, src/arch/aarch64/ivc.rs): the scenario is the phase
// "every given zone started and running". A zone's CPUs are its own (hvisor refuses a zone
// whose CPU another zone holds, EBUSY), RAM and IO regions are stage-2 mappings with
// read/write/execute, virtio regions are trapped and emulated by the root zone's virtio
// daemon, the interrupts are the zone's (its irq bitmap). hvisor takes nothing from the root
// zone when it starts another: the root keeps every mapping board.rs gives it (it loads the
// zones' images and serves their virtio devices through them), so an overlap between the
// root zone and a zone is the real configuration, and the check reports it.
//
// The JSON carries no memory map of the board, so `--board` is an hvsafe SoC file (RAM, the
// hypervisor's memory, the GIC and its frames, devices, costs), as for Microkit. The root
// zone is configured in Rust (platform/<arch>/<board>/board.rs), not in JSON: the user may
// give a transcription of it in the same JSON format with "zone_id": 0.

import { resolve } from 'node:path';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { Device, Soc, SourceRef } from '../../config/types.js';
import { finish, hexAddr, YamlOut, type FateRow, type ImportResult } from '../common.js';
import { loadBoard } from '../microkit/translate.js';
import type { Overlay } from '../overlay.js';
import { JsonError, parseJson } from './json.js';
import { decodeZone, ZoneReader, type Region, type Zone } from './zone.js';

interface IoPiece {
  readonly region: Region;
  readonly device: Device;
  /** IPA of each MMIO range of the device, as the zone's io regions place them. */
  readonly mmioIpa: readonly bigint[];
}

const range = (base: bigint, size: bigint): string => `${hexAddr(base)}-${hexAddr(base + size - 1n)}`;
const overlaps = (a: bigint, as: bigint, b: bigint, bs: bigint): boolean => a < b + bs && b < a + as;

/** The parts of [base, base+size) no range covers, in order. */
function uncovered(base: bigint, size: bigint, ranges: readonly { base: bigint; size: bigint }[]): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let cur = base;
  const end = base + size;
  for (const r of [...ranges].sort((x, y) => (x.base < y.base ? -1 : x.base > y.base ? 1 : 0))) {
    if (r.base + r.size <= cur || r.base >= end) continue;
    if (r.base > cur) out.push([cur, r.base]);
    if (r.base + r.size > cur) cur = r.base + r.size;
  }
  if (cur < end) out.push([cur, end]);
  return out;
}

export function importHvisor(inputs: readonly { file: string; text: string }[], boardPath: string | undefined, outFile: string, overlay: Overlay): ImportResult {
  const first = resolve(inputs[0]?.file ?? '.');
  if (boardPath === undefined) {
    return { ok: false, diagnostics: [{ class: 'syntax', at: { file: first, line: 1, column: 1 }, message: 'hvisor zone configurations need a board description: the JSON carries no memory map of the board', hint: "give --board board.yaml (an hvsafe SoC file: RAM, the hypervisor's memory, the GIC and its frames, devices with MMIO and IRQs, costs)" }] };
  }
  const board = loadBoard(boardPath);
  if (!board.ok) return { ok: false, diagnostics: board.diagnostics };
  const soc = board.soc;
  const errors: Diagnostic[] = [];
  const zones: Zone[] = [];
  for (const inp of inputs) {
    const file = resolve(inp.file);
    const r = new ZoneReader(file);
    try {
      const z = decodeZone(parseJson(inp.text), r);
      if (z !== undefined) zones.push(z);
    } catch (e) {
      if (!(e instanceof JsonError)) throw e;
      r.err(e.at, `malformed JSON: ${e.message}`, 'fix the JSON; hvisor-tool (cJSON) refuses it too', 'syntax');
    }
    errors.push(...r.errors);
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  const fates: FateRow[] = [];
  const fate = (element: string, at: SourceRef, f: FateRow['fate'], as: string, note = ''): void => void fates.push({ element, at, fate: f, as, note });
  const sem = (at: SourceRef, message: string, hint: string): void => void errors.push({ class: 'semantic', at, message, hint });
  const pos = (at: SourceRef): string => `${at.file.split('/').pop()}:${at.line}:${at.column}`;

  // ---- the set of zones: ids, names, CPUs, as zone_create checks them.
  const byId = new Map<number, Zone>();
  const byName = new Map<string, Zone>();
  const cpuOwner = new Map<number, Zone>();
  for (const z of zones) {
    const other = byId.get(z.zoneId.value);
    if (other !== undefined) sem(z.zoneId.at, `zone_id ${z.zoneId.value} is also the id of '${other.name.value}' (${pos(other.zoneId.at)})`, 'hvisor refuses a second zone with the same id: give each zone its own zone_id');
    else byId.set(z.zoneId.value, z);
    const named = byName.get(z.name.value);
    if (named !== undefined) sem(z.name.at, `a second zone named '${z.name.value}' (the first is in ${pos(named.name.at)})`, 'the scenario names each VM by its zone name: give the zones distinct names');
    else byName.set(z.name.value, z);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(z.name.value)) sem(z.name.at, `the zone name '${z.name.value}' cannot name a VM`, 'use letters, digits, ".", "_" and "-", starting with a letter or digit');
    for (const c of z.cpus) {
      const owner = cpuOwner.get(c.value);
      // hvisor's zone_create: "Failed to create zone: cpu N already belongs to zone M" (EBUSY).
      if (owner !== undefined) sem(c.at, `CPU ${c.value} already belongs to zone ${owner.zoneId.value} ('${owner.name.value}', ${pos(owner.cpusAt)}): hvisor refuses to start this zone (EBUSY), so these zones never run together`, 'import each set of zones that can run together separately, or give each zone its own CPUs');
      else cpuOwner.set(c.value, z);
      if (!soc.cpus.some((x) => x.id === c.value)) sem(c.at, `CPU ${c.value} is not a CPU of the board`, `the board's CPUs are ${soc.cpus.map((x) => x.id).join(', ')}`);
    }
    if (z.archConfig!.gicVersion.value !== (soc.gic.version === 2 ? 2 : 3)) sem(z.archConfig!.gicVersion.at, `gic_version v${z.archConfig!.gicVersion.value}, but the board's GIC is version ${soc.gic.version}`, `write "gic_version": "v${soc.gic.version === 2 ? 2 : 3}", or check the board file`);
    const gicd = (soc.hypervisorFrames ?? []).find((f) => f.kind === 'gic-distributor');
    const zg = z.archConfig!.gicd;
    if (gicd !== undefined && zg !== undefined && zg.base !== gicd.base) sem(z.archConfig!.at, `gicd_base ${hexAddr(zg.base)} is not the board's GIC distributor (${hexAddr(gicd.base)})`, 'the zone\'s virtual distributor is emulated at the physical one\'s address: copy gicd_base from the board');
  }
  // IVC as insert_ivc_record checks it: the peers of one ivc_id agree on its shape, each peer
  // id once, at most max_peers peers; and ivc_init maps the sections and the control table
  // into the zone, where they may not overlap its regions (the insert would fail).
  const ivcFirst = new Map<number, { z: Zone; c: Zone['ivcs'][number] }>();
  const ivcPeers = new Map<number, Set<number>>();
  for (const z of zones) {
    for (const c of z.ivcs) {
      const f = ivcFirst.get(c.ivcId);
      if (f === undefined) ivcFirst.set(c.ivcId, { z, c });
      else if (f.c.maxPeers !== c.maxPeers || f.c.rwSecSize !== c.rwSecSize || f.c.outSecSize !== c.outSecSize) sem(c.at, `IVC ${c.ivcId} has max_peers ${c.maxPeers}, rw_sec_size 0x${c.rwSecSize.toString(16)}, out_sec_size 0x${c.outSecSize.toString(16)}, but '${f.z.name.value}' (${pos(f.c.at)}) gives ${f.c.maxPeers}, 0x${f.c.rwSecSize.toString(16)}, 0x${f.c.outSecSize.toString(16)}`, 'hvisor refuses it ("ivc config conflicts"): give every peer of one ivc_id the same max_peers and section sizes');
      const peers = ivcPeers.get(c.ivcId) ?? new Set<number>();
      if (peers.has(c.peerId)) sem(c.at, `IVC ${c.ivcId} peer ${c.peerId} is claimed by a second zone`, 'give each peer of an IVC its own peer_id');
      peers.add(c.peerId);
      ivcPeers.set(c.ivcId, peers);
      const win: [string, bigint, bigint][] = [['the shared memory', c.sharedMemIpa, c.rwSecSize + c.outSecSize * BigInt(c.maxPeers)], ['the control table', c.controlTableIpa, 0x1000n]];
      for (const [what, base, size] of win) {
        const hit = z.regions.find((m) => m.type !== 'virtio' && size > 0n && overlaps(m.ipa, m.size, base, size));
        if (hit !== undefined) sem(c.at, `IVC ${c.ivcId}: ${what} (IPA ${range(base, size)}) overlaps memory_regions[${hit.index}] (IPA ${range(hit.ipa, hit.size)})`, 'hvisor maps it into the zone beside its regions: move it to free IPA space');
      }
    }
  }
  // The board file is the platform: costs and the LLC given in the overlay too would be two
  // sources for one fact, one of them silently ignored.
  for (const [k, v] of overlay.soc) sem(v.at, `the overlay gives the SoC's ${k}, but with --board the platform is the board file`, `write ${k} in the board file (${board.file}) and leave it out of the overlay`);
  for (const [n, ov] of overlay.vms) if (!byName.has(n)) sem(ov.at, `the overlay names VM '${n}', which the import does not produce`, `the zones are ${[...byName.keys()].join(', ')}`);

  // ---- per zone: memory, devices, interrupts, IVC, PCI, boot images.
  const ram = new Map<Zone, Region[]>();
  const io = new Map<Zone, IoPiece[]>();
  const spis = new Map<Zone, { spi: number; at: SourceRef }[]>();
  const root = zones.find((z) => z.zoneId.value === 0);
  for (const z of zones) {
    const vm = z.name.value;
    const isRoot = z === root;
    fate(`zone ${z.zoneId.value} '${vm}'`, z.at, isRoot ? 'approximate' : 'faithful', `VM ${vm}, vCPUs bound to pCPUs ${z.cpus.map((c) => c.value).join(', ')}`, [
      `${z.cpus.length} vCPU${z.cpus.length === 1 ? '' : 's'}, each alone on its CPU (hvisor runs one vCPU per physical CPU, no scheduler); vCPU 0 is the boot CPU ${Math.min(...z.cpus.map((c) => c.value))}`,
      isRoot ? 'the root zone: hvisor configures it in board.rs (Rust), not in JSON; this file is your transcription of it, which hvsafe cannot check against the hypervisor image' : '',
    ].filter((s) => s !== '').join('; '));
    if (z.arch === undefined) fate(`${vm}: arch`, z.archConfig!.at, 'faithful', 'arm64', 'no "arch" key: the GIC arch_config makes it an arm64 zone');
    else fate(`${vm}: arch "${z.arch.value}"`, z.arch.at, 'faithful', 'arm64', '');
    const mine: Region[] = [];
    const pieces: IoPiece[] = [];
    for (const m of z.regions) {
      const el = `${vm}: memory_regions[${m.index}] ${m.type} ${range(m.pa, m.size)}${m.ipa !== m.pa ? ` at IPA ${hexAddr(m.ipa)}` : ''}`;
      if (m.type === 'virtio') {
        fate(el, m.at, 'refused', '-', 'a virtio-mmio window: hvisor traps it (no stage-2 mapping, so the zone reaches no memory through it) and the root zone\'s virtio daemon emulates the device, reaching this zone\'s RAM through the root zone\'s own mappings; the back-end is configured in hvisor-tool\'s virtio JSON, not here: the virtio device is not translated');
        continue;
      }
      if (m.type === 'ram') {
        const aligned = m.pa % 0x1000n === 0n && m.ipa % 0x1000n === 0n && m.size % 0x1000n === 0n;
        if (!aligned) sem(m.at, `memory_regions[${m.index}] (${range(m.pa, m.size)}) is not page-aligned`, 'hvisor maps RAM in 4 KiB pages: align physical_start, virtual_start and size to 0x1000');
        if (!soc.ram.some((b) => m.pa >= b.base && m.pa + m.size <= b.base + b.size)) sem(m.at, `memory_regions[${m.index}] (${range(m.pa, m.size)}) is RAM outside every RAM bank of the board`, `the board's RAM is ${soc.ram.map((b) => range(b.base, b.size)).join(', ')}: check the region or the board file (${board.file})`);
        const shared = zones.filter((o) => o !== z && o.regions.some((x) => x.type === 'ram' && overlaps(x.pa, x.size, m.pa, m.size)));
        mine.push(m);
        fate(el, m.at, 'faithful', `stage-2 mapping of ${vm} (rwx)`, shared.length === 0 ? '' : `overlaps the RAM of ${shared.map((o) => `'${o.name.value}'`).join(', ')}: hvisor takes no memory from one zone when it starts another (the root zone loads the images and serves virtio through its own mappings); the check reports the overlap`);
        continue;
      }
      // io: passed through with read/write/execute and the device memory type. The model
      // knows devices, not address ranges: the region must be covered by board devices.
      const devs = soc.devices.filter((d) => d.mmio.some((r) => overlaps(r.base, r.size, m.pa, m.size)));
      const gaps = uncovered(m.pa, m.size, devs.flatMap((d) => d.mmio));
      if (gaps.length > 0) {
        sem(m.at, `memory_regions[${m.index}] (io ${range(m.pa, m.size)}): ${gaps.map(([a, b]) => range(a, b - a)).join(', ')} ${gaps.length === 1 ? 'is' : 'are'} in no device of the board`, `describe the devices there in the board file (${board.file}, devices: mmio) so that the check can see who reaches them`);
        continue;
      }
      const notes: string[] = [];
      for (const d of devs) {
        const whole = d.mmio.every((r) => z.regions.some((x) => x.type === 'io' && r.base >= x.pa && r.base + r.size <= x.pa + x.size));
        if (!whole) notes.push(`only part of ${d.name}'s registers are in the zone's io regions: the model passes the whole device through (can only over-report its reach)`);
        // One IPA per MMIO range of the device: where the zone's io region holding that range
        // puts it; a range in none of them keeps its PA (the model maps it: an over-report).
        const ipas = d.mmio.map((r) => {
          const holder = z.regions.find((x) => x.type === 'io' && r.base >= x.pa && r.base < x.pa + x.size) ?? m;
          return holder.ipa + r.base - holder.pa;
        });
        if (ipas.some((a) => a < 0n)) {
          sem(m.at, `memory_regions[${m.index}] begins inside ${d.name} at an IPA below its start: the device's IPA would be negative`, 'start the region at the device\'s first register');
          continue;
        }
        pieces.push({ region: m, device: d, mmioIpa: ipas });
      }
      if (m.pa % 0x1000n !== 0n || m.size % 0x1000n !== 0n) notes.push('not page-aligned: hvisor maps whole pages, so the zone reaches the pages around it');
      fate(el, m.at, notes.length === 0 ? 'faithful' : 'approximate', `passthrough of ${devs.map((d) => d.name).join(', ')} to ${vm}`, notes.join('; '));
    }
    ram.set(z, mine);
    io.set(z, pieces);

    const myIrqs: { spi: number; at: SourceRef }[] = [];
    for (const q of z.interrupts) {
      if (q.value < 32) fate(`${vm}: interrupt ${q.value}`, q.at, 'refused', '-', 'not an SPI (32 and above): software-generated and private interrupts are not modelled as owned by a zone');
      else if (q.value < soc.gic.spi[0] || q.value > soc.gic.spi[1]) sem(q.at, `interrupt ${q.value} is not an SPI of the board's GIC (${soc.gic.spi[0]}-${soc.gic.spi[1]})`, 'check the number against the board\'s GIC');
      else {
        myIrqs.push({ spi: q.value, at: q.at });
        const dev = soc.devices.find((d) => d.irqs.includes(q.value));
        fate(`${vm}: interrupt ${q.value}`, q.at, 'approximate', `SPI ${q.value} routed to ${vm}${dev === undefined ? '' : ` (${dev.name})`}`, 'the zone owns the SPI (its irq bitmap); the guest picks the target vCPU, the model routes it to vCPU 0');
      }
    }
    spis.set(z, myIrqs);

    for (const c of z.ivcs) {
      fate(`${vm}: ivc_configs ivc_id ${c.ivcId} peer ${c.peerId} of ${c.maxPeers}`, c.at, 'refused', '-', `hvisor allocates the shared frames (rw section 0x${c.rwSecSize.toString(16)}, ${c.maxPeers} output sections of 0x${c.outSecSize.toString(16)}) from its own heap when the first peer starts: their physical address is in no configuration, and a channel needs one; the rw section would be a channel every peer writes; the control table at ${hexAddr(c.controlTableIpa)} is emulated; the doorbell (SPI ${c.interruptNum} of the peer) is not modelled`);
    }
    for (const b of z.pci.buses) fate(`${vm}: pci_config`, b, 'refused', '-', 'the virtual PCI host bridge (ECAM emulated by hvisor, BAR windows) is not modelled on Arm yet: the zone\'s PCI memory windows are not in the scenario');
    for (const d of z.pci.devs) {
      const bdf = d.value.replace(/ type .*/, '');
      const also = zones.filter((o) => o !== z && o.pci.devs.some((x) => x.value.replace(/ type .*/, '') === bdf)).map((o) => `'${o.name.value}'`);
      fate(`${vm}: alloc_pci_devs ${d.value}`, d.at, 'refused', '-', `a PCI function given to the zone by BDF: its BARs and DMA are not tied to a board device, so its reach is not checked; assume the ECAM emulation confines it${also.length === 0 ? '' : `; also given to ${also.join(', ')}: if both are physical functions, two zones reach one device, which the check cannot see`}`);
    }
    if (z.pci.numDevs !== undefined && z.pci.devs.length === 0) fate(`${vm}: num_pci_devs`, z.pci.numDevs.at, 'faithful', '-', 'no PCI function: no isolation effect');

    const inRam = (pa: bigint): boolean => mine.some((m) => pa >= m.pa && pa < m.pa + m.size);
    for (const [what, a] of [['kernel_load_paddr', z.kernelLoad], ['dtb_load_paddr', z.dtbLoad]] as const) {
      if (!inRam(a.value)) sem(a.at, `${what} ${hexAddr(a.value)} lies in no RAM region of '${vm}'`, 'hvisor-tool writes the image there through the root zone: it would land in memory the zone does not own; load it inside one of the zone\'s ram regions');
      else fate(`${vm}: ${what} ${hexAddr(a.value)}`, a.at, 'faithful', '-', 'inside the zone\'s own RAM: no isolation effect');
    }
    fate(`${vm}: entry_point ${hexAddr(z.entry.value)}`, z.entry.at, 'faithful', '-', 'where the boot CPU starts: no isolation effect');
    for (const l of z.loads) fate(`${vm}: ${l.what}`, l.at, 'faithful', '-', 'what is loaded (files, command line): their contents are not analysed (no isolation effect)');
    const ac = z.archConfig!;
    fate(`${vm}: arch_config GICv${ac.gicVersion.value}${ac.gicd === undefined ? '' : ` (gicd ${hexAddr(ac.gicd.base)})`}`, ac.at, 'faithful', `the board's GIC (version ${soc.gic.version})`, 'the distributor (and on GICv3 the redistributors) are emulated by hvisor for the zone: the hypervisor owns them');
    if (ac.gits !== undefined && ac.gits.value.size > 0n) fate(`${vm}: arch_config gits ${range(ac.gits.value.base, ac.gits.value.size)}`, ac.gits.at, 'refused', '-', 'the GICv3 ITS (LPIs, MSIs; with the iommu feature hvisor maps it into the zone\'s IOMMU table) is not modelled');
    if (ac.isAarch32 !== undefined) fate(`${vm}: arch_config is_aarch32`, ac.isAarch32.at, 'faithful', '-', 'guest execution state: no isolation effect');
    if (ac.uefi !== undefined) fate(`${vm}: arch_config UEFI memory map`, ac.uefi, 'faithful', '-', 'boot information for the guest: no isolation effect');
  }
  if (root === undefined) {
    fate('root zone (zone 0, board.rs)', { file: first, line: 1, column: 1 }, 'refused', '-', 'the root zone is configured in Rust (platform/<arch>/<board>/board.rs: ROOT_ZONE_CPUS, ROOT_ZONE_MEMORY_REGIONS, ROOT_ZONE_IRQS_BITMAP), not in JSON, and was not given: its CPUs, memory, devices and interrupts are not in the scenario, so what it reaches is not checked; give a transcription of it as a zone JSON with "zone_id": 0');
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // ---- the scenario.
  const y = new YamlOut();
  y.comment(`Generated by 'hvsafe import hvisor' from ${inputs.map((i) => i.file.split('/').pop()).join(', ')} on board ${board.file.split('/').pop()}.\nEach line names the source element it translates; see the fate table (hvsafe import --fates).`);
  y.line(`name: ${soc.name}-hvisor`, zones[0]!.at);
  y.line(`description: hvisor zones ${zones.map((z) => `${z.zoneId.value} (${z.name.value})`).join(', ')} imported from their zone configurations`);
  y.line('soc: @SOC@', undefined, `a copy of the board file ${board.file.split('/').pop()}`);
  y.line('vms:');
  for (const z of zones) {
    const vm = z.name.value;
    const ov = overlay.vms.get(vm)?.fields ?? new Map();
    y.line(`  - name: ${vm}`, z.name.at);
    const crit = ov.get('criticality');
    if (crit !== undefined) y.line(`    criticality: ${crit.text}`, crit.at);
    else {
      y.line('    criticality: unassessed', z.at, 'NOT IN THE SOURCE: give it in the overlay');
      fate(`${vm}: criticality (not in the source)`, z.at, 'approximate', 'unassessed', 'an open item in the safety case until the overlay gives it');
    }
    const os = ov.get('os');
    y.line(`    os: ${os?.text ?? 'hvisor-zone'}`, os?.at ?? z.at);
    const cpus = [...z.cpus].sort((a, b) => a.value - b.value);
    y.line(`    vcpus: [${cpus.map((c) => c.value).join(', ')}]`, z.cpusAt);
    const mine = ram.get(z)!;
    y.line(mine.length === 0 ? '    memory: []' : '    memory:');
    for (const m of mine) y.line(`      - { name: ram${m.index}, ipa: ${hexAddr(m.ipa)}, pa: ${hexAddr(m.pa)}, size: ${hexAddr(m.size)}, perms: rwx }`, m.at);
    const pieces = io.get(z)!;
    const seen = new Set<string>();
    if (pieces.length > 0) y.line('    devices:');
    for (const p of pieces) {
      if (seen.has(p.device.name)) continue;
      seen.add(p.device.name);
      const ipa = p.mmioIpa.length === 1 ? hexAddr(p.mmioIpa[0]!) : `[${p.mmioIpa.map(hexAddr).join(', ')}]`;
      y.line(`      - { device: ${p.device.name}, mmio-ipa: ${ipa} }`, p.region.at);
    }
    const irqs = spis.get(z)!;
    if (irqs.length > 0) y.line('    irqs:');
    for (const q of irqs) y.line(`      - { spi: ${q.spi}, vcpu: 0 }`, q.at);
    const health = ov.get('health');
    if (health !== undefined) y.line(`    health: ${health.text}`, health.at);
    else if (z === root) {
      y.line('    health: { on-fault: stop }', z.at, 'NOT IN THE SOURCE: a root zone error panics hvisor (zone_error), which stops every zone; the model stops the root zone only');
      fate(`${vm}: health policy (not in the source)`, z.at, 'approximate', 'on-fault: stop', 'hvisor panics on a root zone error (zone_error: "root zone has some error"), stopping every zone: the model stops only the root zone, so the safety case must assume the root zone never faults');
    } else {
      y.line('    health: { on-fault: stop }', z.at, 'NOT IN THE SOURCE: hvisor marks a faulting zone erroneous for the root zone to shut down');
      fate(`${vm}: health policy (not in the source)`, z.at, 'approximate', 'on-fault: stop', 'hvisor marks a faulting zone erroneous (zone_error) and the root zone shuts it down; no watchdog unless the overlay declares one');
    }
    for (const k of ['latency', 'tasks', 'task-policy', 'cache-colors'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  y.line('schedule:', undefined, 'hvisor: one vCPU per physical CPU, no scheduler');
  for (const z of zones) {
    [...z.cpus].sort((a, b) => a.value - b.value).forEach((c, i) => y.line(`  - { pcpu: ${c.value}, bind: ${z.name.value}:${i} }`, c.at));
  }
  for (const [n, ov] of overlay.channels) errors.push({ class: 'semantic', at: ov.at, message: `the overlay names channel '${n}', which the import does not produce`, hint: 'an hvisor import produces no channels (IVC is refused with the reason)' });
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const socOut = new YamlOut();
  for (const l of board.text.replace(/\n$/, '').split('\n')) socOut.lines.push(l);
  return finish(outFile, y, socOut, fates, [...inputs.map((i) => i.file), board.file], board.file);
}
