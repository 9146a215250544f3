// Xen dom0less (Arm) → Scenario. The host device tree gives the platform and, under /chosen,
// the domains Xen builds at boot; partial device trees (one per domain with a
// multiboot,device-tree module) give each domain's passed-through devices. Xen's rules apply:
//   - memory: xen,static-mem banks are the domain's, mapped at GUEST_RAM0/1 (or 1:1 with
//     direct-map); without them Xen takes pages from its heap, wherever it likes: placed here
//     disjointly in free RAM, an approximation that keeps disjointness, not the address;
//   - vCPUs run in their cpupool: the null scheduler gives each one a pCPU of its own, for
//     good; the other schedulers share the pool's pCPUs (approximated, said so);
//   - a passed-through device keeps its SMMU streams in the domain's context; with
//     xen,force-assign-without-iommu Xen skips the SMMU and the device's DMA is unchecked;
//   - interrupts are routed 1:1 (vIRQ = IRQ); shared memory is mapped read-write in every
//     domain that names it.
// Every source element gets a fate (faithful / approximate / refused), in the table and YAML.

import { resolve } from 'node:path';
import { match } from 'ts-pattern';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { SourceRef } from '../../config/types.js';
import { finish, hexAddr, YamlOut, type FateRow, type ImportResult } from '../common.js';
import type { Overlay } from '../overlay.js';
import { decodeDtb, isDtb } from './dtb.js';
import { parseDts } from './dts.js';
import { GUEST_PL011, GUEST_RAM_BANKS, readDomains, type Domain, type Pool } from './domains.js';
import { readPlatform, type HostDevice, type Range } from './platform.js';
import type { DtError, DtTree, Pos } from './tree.js';

export interface XenInput {
  readonly file: string;
  readonly bytes: Uint8Array;
}

const HEAP_ALIGN = 0x20_0000n;

/** Read one input as a device tree, by its content: the DTB magic, else source text. */
export function readTree(input: XenInput): { tree: DtTree | undefined; errors: readonly DtError[] } {
  const file = resolve(input.file);
  return isDtb(input.bytes) ? decodeDtb(file, input.bytes) : parseDts(file, new TextDecoder('utf-8').decode(input.bytes));
}

export function importXen(inputs: readonly XenInput[], outFile: string, overlay: Overlay): ImportResult {
  const diags: Diagnostic[] = [];
  const trees: DtTree[] = [];
  for (const input of inputs) {
    const r = readTree(input);
    const file = resolve(input.file);
    for (const e of r.errors) diags.push({ class: 'syntax', at: { file: e.file ?? file, line: e.at.line, column: e.at.column }, message: e.message, hint: e.hint });
    if (r.tree !== undefined) trees.push(r.tree);
  }
  if (diags.length > 0 || trees.length === 0) return { ok: false, diagnostics: diags };
  const host = trees[0]!;
  const ref = (p: Pos, file = host.file): SourceRef => ({ file, line: p.line, column: p.column });
  const errs: DtError[] = [];
  const pf = readPlatform(host, errs);
  const { domains, pools } = readDomains(pf, trees.slice(1), errs);
  const toDiag = (e: DtError): Diagnostic => ({ class: 'semantic', at: ref(e.at, e.file ?? host.file), message: e.message, hint: e.hint });
  if (errs.length > 0) return { ok: false, diagnostics: errs.map(toDiag) };

  const fates: FateRow[] = [];
  const fate = (element: string, at: SourceRef, f: FateRow['fate'], as: string, note = ''): void => void fates.push({ element, at, fate: f, as, note });
  const errors: Diagnostic[] = [];
  const err = (at: SourceRef, message: string, hint: string): void => void errors.push({ class: 'semantic', at, message, hint });
  const smmu = pf.smmus.length > 0;

  // ---- scheduling: vCPUs onto their pool's pCPUs.
  const placement = new Map<Domain, number[]>();
  for (const pool of pools) {
    const mine = domains.filter((d) => d.pool === pool);
    const total = mine.reduce((a, d) => a + d.vcpus, 0);
    if (mine.length > 0 && pool.cpus.length === 0) {
      err(ref(mine[0]!.cpusAt), `${mine[0]!.name} runs in ${pool.name}, which has no CPUs left`, 'leave a CPU out of the other cpupools, or move the domain to a pool with CPUs');
      continue;
    }
    if (pool.sched === 'null' && total > pool.cpus.length) {
      const d = mine[mine.length - 1]!;
      err(ref(d.cpusAt), `${pool.name} uses the null scheduler with ${pool.cpus.length} pCPU(s) for ${total} vCPUs: the vCPUs beyond ${pool.cpus.length} would wait and never run`, `give ${pool.name} more CPUs (cpupool-cpus) or its domains fewer vCPUs (cpus)`);
      continue;
    }
    let k = 0;
    for (const d of mine) placement.set(d, Array.from({ length: d.vcpus }, () => pool.cpus[k++ % pool.cpus.length]!));
  }

  // ---- passthrough: who owns which host device, Xen's IOMMU rule.
  const owner = new Map<HostDevice, Domain>();
  const pseudo: { name: string; range: Range; at: SourceRef }[] = [];
  const rawDma = new Set<HostDevice>();
  for (const d of domains) {
    for (const p of d.passthrough) {
      const at = ref(p.at, p.file);
      const dev = p.device;
      if (dev !== undefined) {
        const prev = owner.get(dev);
        if (prev !== undefined && prev !== d) err(at, `${dev.path} is passed through to ${prev.name} and to ${d.name}`, 'a device belongs to one domain: remove it from one partial device tree');
        owner.set(dev, d);
        if (p.force && dev.streamIds.length === 0 && !smmu) rawDma.add(dev);
      } else if (p.regs.length > 0) {
        for (const r of p.regs) pseudo.push({ name: `io-${r.host.base.toString(16)}`, range: r.host, at });
      }
    }
    if (d.vpl011 !== undefined && d.passthrough.some((p) => p.spis.includes(GUEST_PL011.spi))) err(ref(d.vpl011.at), `${d.name} has vpl011 (virtual SPI ${GUEST_PL011.spi}) and a passed-through SPI ${GUEST_PL011.spi}: Xen cannot route both`, 'drop vpl011 or route the device\'s interrupt elsewhere');
  }

  // ---- memory: static banks where the tree puts them, heap pages disjointly in free RAM.
  const taken: Range[] = [...pf.reserved];
  for (const d of domains) for (const r of d.staticMem ?? []) taken.push(r);
  const shmGroups = new Map<string, { d: Domain; s: Domain['shm'][number] }[]>();
  for (const d of domains) for (const s of d.shm) shmGroups.set(s.id, [...(shmGroups.get(s.id) ?? []), { d, s }]);
  for (const g of shmGroups.values()) {
    const h = g.find((x) => x.s.host !== undefined)?.s;
    if (h !== undefined) taken.push({ base: h.host!, size: h.size });
  }
  const heapOf = new Map<Domain, bigint>();
  for (const d of domains) {
    if (d.staticMem !== undefined || d.memBytes === 0n) continue;
    // Xen's buddy allocator hands out the highest free memory first: place top-down.
    let placed: bigint | undefined;
    for (const bank of [...pf.ram].reverse()) {
      let top = ((bank.base + bank.size) / HEAP_ALIGN) * HEAP_ALIGN;
      for (;;) {
        const a = top - d.memBytes;
        if (top < d.memBytes || a < bank.base) break;
        const clash = taken.find((t) => a < t.base + t.size && t.base < a + d.memBytes);
        if (clash === undefined) {
          placed = a;
          break;
        }
        top = (clash.base / HEAP_ALIGN) * HEAP_ALIGN;
      }
      if (placed !== undefined) break;
    }
    if (placed === undefined) {
      err(ref(d.memAt), `${d.name} asks for ${hexAddr(d.memBytes)} bytes, which do not fit in one piece of the free RAM`, 'Xen can split it, the import cannot: shrink the domain or give it xen,static-mem banks');
      continue;
    }
    heapOf.set(d, placed);
    taken.push({ base: placed, size: d.memBytes });
  }
  for (const [n, ov] of overlay.vms) if (!domains.some((d) => d.name === n)) err(ov.at, `the overlay names VM '${n}', which the import does not produce`, `the domains are ${domains.map((d) => d.name).join(', ')}`);
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // ---- the SoC.
  const soc = new YamlOut();
  const rootAt = ref(pf.tree.root.at);
  soc.comment(`SoC generated by 'hvsafe import xen' from ${host.file}.\nEach line names the device tree node or property it came from.`);
  soc.line(`name: ${JSON.stringify(pf.name)}`, rootAt);
  fate(`/ (model "${pf.name}")`, rootAt, 'faithful', 'SoC name');
  soc.line('clusters:');
  const kinds = [...new Set(pf.cpus.map((c) => c.kind))];
  for (const k of kinds) {
    const mine = pf.cpus.filter((c) => c.kind === k);
    soc.line(`  - { name: ${k.replace(/[^A-Za-z0-9-]/g, '-')}, kind: ${k}, cpus: [${mine.map((c) => c.id).join(', ')}] }`, ref(mine[0]!.node.at));
  }
  fate(`/cpus (${pf.cpus.length} CPU nodes)`, ref(pf.cpus[0]?.node.at ?? pf.tree.root.at), 'faithful', 'SoC clusters', 'CPU n is the n-th CPU node (the order Xen brings them up in)');
  soc.line('ram:');
  pf.ram.forEach((r, i) => soc.line(`  - { name: ram${i}, base: ${hexAddr(r.base)}, size: ${hexAddr(r.size)} }`, ref(r.at)));
  if (pf.ram.length > 0) fate('memory nodes (device_type = "memory")', ref(pf.ram[0]!.at), 'faithful', 'SoC ram', pf.reserved.length > 0 ? `${pf.reserved.length} /reserved-memory region(s) are kept out of heap placement` : '');
  soc.line('hypervisor-memory: []', rootAt, 'NOT IN THE SOURCE: where Xen itself and its heap metadata sit is not in the device tree');
  fate("Xen's own memory (not in the source)", rootAt, 'refused', '-', "the device tree does not say where Xen's image and heap metadata are: no mapping or DMA is checked against them; assume Xen's allocator gives none of its own pages to a domain");
  const frames: { name: string; kind: string; range: Range; at: SourceRef }[] = [];
  for (const f of pf.gic?.frames ?? []) frames.push({ name: f.name, kind: f.kind, range: f.range, at: ref(pf.gic!.node.at) });
  pf.smmus.forEach((s, i) => s.range !== undefined && frames.push({ name: `smmu${i}`, kind: 'smmu', range: s.range, at: ref(s.node.at) }));
  if (pf.console !== undefined) pf.console.device.mmio.forEach((m, i) => frames.push({ name: i === 0 ? 'console' : `console${i}`, kind: 'console', range: m, at: ref(pf.console!.at) }));
  if (frames.length > 0) soc.line('hypervisor-frames:');
  for (const f of frames) soc.line(`  - { name: ${f.name}, kind: ${f.kind}, base: ${hexAddr(f.range.base)}, size: ${hexAddr(f.range.size)} }`, f.at);
  const hirqs: { name: string; kind: string; intid: number; at: SourceRef }[] = [];
  if (pf.gic?.maintenance !== undefined) hirqs.push({ name: 'maintenance', kind: 'maintenance', intid: pf.gic.maintenance, at: ref(pf.gic.node.at) });
  if (pf.hypTimer !== undefined) hirqs.push({ name: 'el2-timer', kind: 'timer', intid: pf.hypTimer.intid, at: ref(pf.hypTimer.at) });
  if (pf.console !== undefined) for (const s of pf.console.device.spis) hirqs.push({ name: 'console', kind: 'console', intid: s, at: ref(pf.console.at) });
  if (hirqs.length > 0) soc.line('hypervisor-irqs:');
  for (const h of hirqs) soc.line(`  - { name: ${h.name}, kind: ${h.kind}, intid: ${h.intid} }`, h.at);
  if (pf.gic === undefined) return { ok: false, diagnostics: [{ class: 'semantic', at: rootAt, message: 'the host device tree has no GIC (an interrupt-controller compatible with arm,gic-400 or arm,gic-v3)', hint: 'Xen on Arm needs the GIC node of the board' }] };
  const gicAt = ref(pf.gic.node.at);
  const maxSpi = Math.max(191, ...pf.devices.flatMap((d) => d.spis));
  soc.line(`gic: { version: ${pf.gic.version}, spi: 32-${maxSpi}, direct-injection: false }`, gicAt);
  fate(`${pf.paths.get(pf.gic.node)} (GICv${pf.gic.version})`, gicAt, 'approximate', 'SoC gic and hypervisor frames', `Xen owns the distributor${pf.gic.version === 2 ? ', the CPU interface and GICH' : ' and redistributors'} and emulates a virtual GIC per domain; the tree does not give the SPI count (GICD_TYPER does): taken as 32-${maxSpi}, the highest any device names (at least 191)`);
  if (pf.gic.maintenance !== undefined) fate(`${pf.paths.get(pf.gic.node)}: maintenance interrupt (PPI ${pf.gic.maintenance - 16})`, gicAt, 'faithful', `hypervisor irq ${pf.gic.maintenance}`);
  if (pf.hypTimer !== undefined) fate(`timer: hypervisor timer (PPI ${pf.hypTimer.intid - 16})`, ref(pf.hypTimer.at), 'faithful', `hypervisor irq ${pf.hypTimer.intid}`);
  soc.line(`smmu: { present: ${smmu}${smmu ? ', unmatched-streams: fault' : ''} }`, smmu ? ref(pf.smmus[0]!.node.at) : rootAt);
  for (const s of pf.smmus) fate(`${s.path} (${s.compatible})`, ref(s.node.at), s.compatible === 'arm,smmu-v3' ? 'approximate' : 'faithful', 'SoC smmu', `${pf.smmus.length > 1 ? 'several SMMUs are one in the model; ' : ''}Xen gives each domain a context for the streams of its devices and sets unmatched streams to fault${s.compatible === 'arm,smmu-v3' ? ' (SMMUv3 support in Xen is a technical preview)' : ''}`);
  if (pf.smmusOff !== undefined) fate(`iommu=${pf.bootargs.get('iommu')!.value} (${pf.smmusOff.paths.join(', ')})`, ref(pf.smmusOff.at), 'approximate', 'smmu: present: false', 'Xen leaves the SMMU unprogrammed: taken as absent, so DMA reaches raw physical memory (the SMMU\'s reset state may block some of it: can only over-report)');
  else if (!smmu) fate('SMMU (none in the tree)', rootAt, 'faithful', 'smmu: present: false', 'no enabled SMMU node: device DMA reaches raw physical addresses');
  if (pf.console !== undefined) fate(`Xen's console ${pf.console.device.path}`, ref(pf.console.at), 'faithful', 'hypervisor frame and irq (console)', 'Xen keeps its UART (dtuart= or stdout-path) and hides it from dom0');
  const costs = overlay.soc.get('costs');
  if (costs !== undefined) soc.line(`costs: ${costs.text}`, costs.at);
  else {
    soc.line('costs: { trap-entry: 0ns, trap-exit: 0ns, irq-inject: 0ns, context-switch: 0ns, max-non-preemptible: 0ns }', undefined, 'NOT IN THE SOURCE: hypervisor costs are zero until the overlay gives measured ones;\ntiming verdicts are not evidence until then.');
    fate('costs (not in the source)', rootAt, 'approximate', 'SoC costs = 0', 'the source gives no hypervisor costs: zero until an overlay (soc: costs:) gives measured ones; timing verdicts are not evidence until then');
  }
  const llc = overlay.soc.get('llc');
  if (llc !== undefined) soc.line(`llc: ${llc.text}`, llc.at);
  const listed = pf.devices.filter((d) => !d.disabled || owner.has(d));
  if (listed.length + pseudo.length > 0) soc.line('devices:');
  for (const d of listed) {
    const forced = d.streamIds.length === 0 && owner.has(d) && smmu;
    const dma = d.streamIds.length > 0 || rawDma.has(d);
    const mmio = d.mmio.length === 1 ? `{ base: ${hexAddr(d.mmio[0]!.base)}, size: ${hexAddr(d.mmio[0]!.size)} }` : `[${d.mmio.map((m) => `{ base: ${hexAddr(m.base)}, size: ${hexAddr(m.size)} }`).join(', ')}]`;
    soc.line(`  - { name: ${d.name}, kind: ${d.node.name.split('@')[0]!.replace(/[^A-Za-z0-9-]/g, '-')}, mmio: ${mmio}${d.spis.length > 0 ? `, irqs: [${[...new Set(d.spis)].join(', ')}]` : ''}${dma ? ', dma: true' : ''}${d.streamIds.length > 0 ? `, stream-ids: [${d.streamIds.map((s) => hexAddr(BigInt(s))).join(', ')}]` : ''} }`, ref(d.node.at));
    const notes = [
      d.streamIds.length > 0 ? `a bus master behind the SMMU (iommus: stream ${d.streamIds.map((s) => hexAddr(BigInt(s))).join(', ')})` : '',
      rawDma.has(d) ? 'passed through with xen,force-assign-without-iommu on a system without an SMMU: the tree does not say whether it masters DMA, so it is taken to (conservative: can only over-report); its DMA reaches raw physical memory' : '',
      forced ? 'not behind the SMMU and assigned without it: if it masters DMA, that DMA bypasses the SMMU, which the model cannot express on an SoC with one; taken as not a DMA master, which the safety case must assume' : '',
      d.otherIrqs > 0 ? `${d.otherIrqs} interrupt(s) not through the GIC as SPIs (another interrupt parent, or PPIs) are not translated` : '',
      d.disabled ? 'status is not "okay" in the host tree; listed because a domain is given it' : '',
    ].filter((s) => s !== '');
    fate(`host device ${d.path}`, ref(d.node.at), forced || d.otherIrqs > 0 || rawDma.has(d) ? 'approximate' : 'faithful', `SoC device ${d.name}`, notes.join('; '));
  }
  for (const p of pseudo) {
    soc.line(`  - { name: ${p.name}, kind: mmio, mmio: { base: ${hexAddr(p.range.base)}, size: ${hexAddr(p.range.size)} } }`, p.at);
  }

  // ---- the scenario.
  const y = new YamlOut();
  y.comment(`Generated by 'hvsafe import xen' from:\n${inputs.map((i) => `  ${i.file}`).join('\n')}\nThe phase described: every domain built at boot and running.\nEach line names the source element it translates; see the fate table (hvsafe import --fates).`);
  y.line(`name: ${JSON.stringify(`${pf.name} dom0less`)}`, rootAt);
  y.line(`description: Xen dom0less system imported from ${inputs.length} device tree(s)`);
  y.line('soc: @SOC@');
  y.line('vms:');
  interface Chan { name: string; pa: bigint; size: bigint; writers: string[]; eps: { vm: string; ipa: bigint; at: SourceRef }[]; at: SourceRef }
  const chans: Chan[] = [];
  for (const [id, g] of shmGroups) {
    const first = g[0]!;
    const at = ref(first.s.at);
    const el = `xen,shared-mem "${id}" (${g.map((x) => `${x.d.name} ${x.s.role}`).join(', ')})`;
    const h = g.find((x) => x.s.host !== undefined)?.s.host;
    const owners = g.filter((x) => x.s.role === 'owner');
    if (g.some((x) => x.s.size !== first.s.size || (x.s.host !== undefined && x.s.host !== h))) {
      errors.push({ class: 'semantic', at: ref(g.find((x) => x.s.size !== first.s.size || (x.s.host !== undefined && x.s.host !== h))!.s.at), message: `the domains sharing "${id}" disagree on its host address or size`, hint: 'give every domain the same host address and size for one xen,shm-id' });
      continue;
    }
    if (owners.length > 1) {
      errors.push({ class: 'semantic', at: ref(owners[1]!.s.at), message: `"${id}" has two owners (${owners.map((o) => o.d.name).join(', ')})`, hint: 'one domain is role = "owner"; the others are "borrower"' });
      continue;
    }
    if (h === undefined) {
      fate(el, at, 'refused', '-', 'no host address: Xen picks the pages at boot, so the region cannot be placed; assume it is disjoint from every other domain\'s memory');
      continue;
    }
    if (g.length < 2) {
      fate(el, at, 'refused', '-', 'only one domain names it: nothing is shared');
      continue;
    }
    const name = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'shm';
    // Xen maps static shared memory read-write into every domain that names it, owner and
    // borrowers alike: each one is a writer. With no owner, DOMID_IO (Xen's) owns the pages,
    // which no guest is; the borrowers still map them rw.
    const writers = [...new Set(g.map((x) => x.d.name))];
    chans.push({ name, pa: h, size: first.s.size, writers, eps: g.map((x) => ({ vm: x.d.name, ipa: x.s.guest, at: ref(x.s.at) })), at: ref((owners[0] ?? first).s.at) });
    fate(el, at, 'faithful', `channel ${name}, writers ${writers.join(', ')}`, `Xen maps the region read-write into every domain that names it, so each is a writer${owners.length === 0 ? '; no domain is the owner: Xen\'s DOMID_IO owns the pages' : ''}`);
  }
  for (const n of overlay.channels.keys()) if (!chans.some((c) => c.name === n)) errors.push({ class: 'semantic', at: overlay.channels.get(n)!.at, message: `the overlay names channel '${n}', which the import does not produce`, hint: `the channels are ${chans.map((c) => c.name).join(', ') || '(none)'}` });
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  for (const d of domains) {
    const at = ref(d.at);
    const ov = overlay.vms.get(d.name)?.fields ?? new Map();
    y.line(`  - name: ${d.name}`, at, d.dom0 ? 'dom0: the kernel module directly under /chosen' : `xen,domain ${d.node!.name}`);
    fate(`${d.dom0 ? 'dom0' : `/chosen/${d.node!.name}`}`, at, 'faithful', `VM ${d.name}`);
    const crit = ov.get('criticality');
    if (crit !== undefined) y.line(`    criticality: ${crit.text}`, crit.at);
    else {
      y.line('    criticality: unassessed', at, 'NOT IN THE SOURCE: give it in the overlay');
      fate(`${d.name}: criticality (not in the source)`, at, 'approximate', 'unassessed', 'an open item in the safety case until the overlay gives it');
    }
    const os = ov.get('os');
    if (os !== undefined) y.line(`    os: ${os.text}`, os.at);
    else y.line(`    os: ${d.dom0 ? 'linux' : 'unknown'}`, at);
    const pcpus = placement.get(d) ?? [];
    y.line(`    vcpus: [${pcpus.join(', ')}]`, ref(d.cpusAt));
    fate(`${d.name}: ${d.dom0 ? 'dom0 vCPUs' : 'cpus'} (${d.vcpus}) in ${d.pool.name} (${d.pool.sched})`, ref(d.cpusAt), d.pool.sched === 'null' ? 'faithful' : 'approximate', `vCPUs on pCPUs ${pcpus.join(', ')}`, schedNote(d.pool));
    // memory
    const banks = (d.staticMem ?? (heapOf.has(d) ? [{ base: heapOf.get(d)!, size: d.memBytes }] : [])).map((r) => ({ pa: r.base, size: r.size }));
    const maps = d.directMap ? banks.map((b) => ({ ipa: b.pa, pa: b.pa, size: b.size })) : guestLayout(banks);
    y.line(maps.length === 0 ? '    memory: []' : '    memory:');
    maps.forEach((m, i) => y.line(`      - { name: ram${i}, ipa: ${hexAddr(m.ipa)}, pa: ${hexAddr(m.pa)}, size: ${hexAddr(m.size)}, perms: rwx }`, ref(d.staticAt ?? d.memAt)));
    if (d.staticMem !== undefined) fate(`${d.name}: xen,static-mem (${d.staticMem.map((r) => `${hexAddr(r.base)}+${hexAddr(r.size)}`).join(', ')})`, ref(d.staticAt!), 'faithful', `stage-2 mappings of ${d.name}`, d.directMap ? 'direct-map: IPA = PA' : 'mapped from GUEST_RAM0_BASE (0x40000000), then GUEST_RAM1_BASE (0x200000000), as Xen fills its guest banks');
    else if (heapOf.has(d)) fate(`${d.name}: ${d.dom0 ? 'dom0_mem' : 'memory'} (${hexAddr(d.memBytes)} bytes, from Xen's heap)`, ref(d.memAt), 'approximate', `RAM at ${hexAddr(heapOf.get(d)!)}`, `Xen allocates the pages from its heap, wherever they are free: placed here in one piece, top-down as Xen's allocator takes pages, outside static banks, reserved memory and the other domains; the address is illustrative, the disjointness is Xen's (its allocator gives no page to two domains)${d.dom0 ? '; dom0 is mapped 1:1 (IPA = PA)' : '; mapped from GUEST_RAM0_BASE'}`);
    if (d.directMap && d.node !== undefined) fate(`${d.name}: direct-map`, ref(d.node.props.find((p) => p.name === 'direct-map')!.at), 'faithful', 'IPA = PA');
    // devices
    const mine = d.dom0 ? listed.filter((x) => !owner.has(x) && x !== pf.console?.device && !x.disabled && !x.passthrough) : d.passthrough.map((p) => p.device).filter((x): x is HostDevice => x !== undefined);
    const myPseudo = d.dom0 ? [] : d.passthrough.filter((p) => p.device === undefined).flatMap((p) => p.regs.map((r) => ({ r, at: ref(p.at, p.file) })));
    if (mine.length + myPseudo.length > 0) y.line('    devices:');
    for (const dev of mine) {
      if (d.dom0) {
        y.line(`      - { device: ${dev.name} }`, ref(dev.node.at));
        continue;
      }
      const p = d.passthrough.find((x) => x.device === dev)!;
      const ipas = dev.mmio.map((m) => {
        const r = p.regs.find((x) => x.host.base <= m.base && m.base < x.host.base + x.host.size) ?? p.regs.find((x) => m.base <= x.host.base && x.host.base < m.base + m.size);
        return r === undefined ? undefined : r.guest - (r.host.base - m.base);
      });
      const whole = dev.mmio.every((m) => p.regs.some((r) => r.host.base <= m.base && r.host.base + r.host.size >= m.base + m.size));
      const ipaText = ipas.every((x) => x !== undefined) ? (ipas.length === 1 ? `, mmio-ipa: ${hexAddr(ipas[0]!)}` : `, mmio-ipa: [${ipas.map((x) => hexAddr(x!)).join(', ')}]`) : '';
      y.line(`      - { device: ${dev.name}${ipaText} }`, ref(p.at, p.file));
      const forcedNote = p.force ? (dev.streamIds.length > 0 ? 'xen,force-assign-without-iommu on a device behind the SMMU: Xen leaves its streams without a context (its DMA faults), the model gives them the domain\'s: both confine it' : smmu ? 'xen,force-assign-without-iommu: Xen does not involve the SMMU (see the host device row)' : 'xen,force-assign-without-iommu: no SMMU confines its DMA') : 'its SMMU streams get the domain\'s context';
      fate(`${d.name}: passthrough ${dev.path} (xen,reg ${p.regs.map((r) => `${hexAddr(r.host.base)}+${hexAddr(r.host.size)}@${hexAddr(r.guest)}`).join(', ') || 'none'})`, ref(p.at, p.file), whole && p.regs.length > 0 ? 'faithful' : 'approximate', `device ${dev.name} of ${d.name}`, [whole && p.regs.length > 0 ? '' : ipaText === '' ? 'xen,reg maps none or only part of the device: the model passes the whole device through 1:1' : 'xen,reg maps part of the device: the model passes the whole device through', forcedNote].filter((s) => s !== '').join('; '));
    }
    for (const { r, at: pat } of myPseudo) {
      y.line(`      - { device: io-${r.host.base.toString(16)}, mmio-ipa: ${hexAddr(r.guest)} }`, pat);
      fate(`${d.name}: xen,reg ${hexAddr(r.host.base)}+${hexAddr(r.host.size)} (no host device)`, pat, 'faithful', `device io-${r.host.base.toString(16)} at ${hexAddr(r.guest)}`, 'a physical range mapped into the domain without xen,path: no IOMMU involvement');
    }
    if (d.dom0 && mine.length > 0) fate('dom0: devices', at, 'approximate', `${mine.length} devices of dom0`, 'dom0 gets every device of the host tree that no domU is given and that is not Xen\'s, mapped 1:1; the DMA of devices outside the SMMU is not modelled (the tree does not say which ones master the bus; dom0 reaches all memory anyway, see its privilege row)');
    const spis = d.dom0 ? [...new Set(mine.flatMap((x) => x.spis))] : [...new Set(d.passthrough.flatMap((p) => p.spis))];
    if (spis.length > 0) y.line('    irqs:');
    for (const s of spis) y.line(`      - { spi: ${s}, vcpu: 0 }`, d.dom0 ? at : ref(d.passthrough.find((p) => p.spis.includes(s))!.node.props.find((q) => q.name === 'interrupts')!.at, d.passthrough.find((p) => p.spis.includes(s))!.file));
    if (spis.length > 0) fate(`${d.name}: interrupts (${spis.join(', ')})`, d.dom0 ? at : ref(d.passthrough.find((p) => p.spis.length > 0)!.node.at, d.passthrough.find((p) => p.spis.length > 0)!.file), 'approximate', `SPIs routed to ${d.name}`, 'routed 1:1 (vIRQ = IRQ); the model delivers each to vCPU 0 (the guest picks its target)');
    const health = ov.get('health');
    if (health !== undefined) y.line(`    health: ${health.text}`, health.at);
    else {
      y.line('    health: { on-fault: stop }', at, 'NOT IN THE SOURCE: Xen crashes a faulting domain and restarts nothing (dom0less domains have no toolstack)');
      fate(`${d.name}: health policy (not in the source)`, at, 'approximate', 'on-fault: stop', 'Xen crashes a domain that faults; a dom0less domain is not restarted; no watchdog unless the overlay declares one');
    }
    for (const k of ['latency', 'tasks', 'task-policy', 'cache-colors'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
    if (d.dom0) fate('dom0: privilege', at, 'refused', '-', 'dom0 may map any domain\'s memory (foreign mappings) and control every domain (domctl): not modelled; assume dom0 is trusted at the highest criticality of the system, or use true dom0less');
    if (d.vpl011 !== undefined) fate(`${d.name}: vpl011`, ref(d.vpl011.at), 'approximate', 'virtual console (not in the scenario)', `a PL011 emulated by Xen at IPA ${hexAddr(GUEST_PL011.base)} with virtual SPI ${GUEST_PL011.spi}: no physical device; its output goes to Xen's console ring, which is not modelled`);
    if (d.enhanced !== undefined) fate(`${d.name}: xen,enhanced`, ref(d.enhanced.at), 'refused', '-', 'PV interfaces (grant tables, event channels, xenstore): a domain may grant its pages to another; not modelled, assume no grants between domains of different criticality');
    for (const e of d.evtchns) fate(`${d.name}: static event channel to ${e.peer}`, ref(e.at), 'refused', '-', 'an event channel is a Xen upcall, not an SGI doorbell: notifications are not modelled yet (issue 11); assume Xen delivers it only between its two ends');
    for (const m of d.modules) fate(`${d.name}: boot module (${m.kind})`, ref(m.at), 'faithful', '-', m.kind === 'device-tree' ? 'the partial device tree, read from the file given for it' : 'an image Xen copies into the domain\'s memory: no isolation effect');
    for (const p of d.harmless) fate(`${d.name}: ${p.name}`, ref(p.at), 'faithful', '-', p.name === 'nr_spis' ? 'the size of the virtual GIC: no isolation effect (a passed-through SPI above it fails at boot)' : 'a grant table size: no isolation effect by itself (grants are refused with xen,enhanced)');
    for (const p of d.ignored) fate(`${d.name}: ${p.name}`, ref(p.at), 'refused', '-', 'not translated: this importer does not know the property');
  }

  y.line('schedule:', undefined, 'Xen: cpupools; the null scheduler binds each vCPU to a pCPU of its own');
  for (const pool of pools) {
    const mine = domains.filter((d) => d.pool === pool && placement.has(d));
    if (mine.length === 0) continue;
    if (pool.sched === 'null') {
      for (const d of mine) placement.get(d)!.forEach((p, i) => y.line(`  - { pcpu: ${p}, bind: ${d.name}:${i} }`, ref(d.cpusAt)));
      continue;
    }
    const { budget, period } = pool.sched === 'rtds' ? { budget: '4ms', period: '10ms' } : { budget: '10ms', period: '10ms' };
    for (const cpu of pool.cpus) {
      const entries = mine.flatMap((d) => placement.get(d)!.flatMap((p, i) => (p === cpu ? [{ d, i }] : [])));
      if (entries.length === 0) continue;
      y.line(`  - pcpu: ${cpu}`, ref(pool.at));
      y.line('    fixed-priority:');
      for (const e of entries) y.line(`      - { vcpu: ${e.d.name}:${e.i}, priority: 1, budget: ${budget}, period: ${period} }`, ref(e.d.cpusAt));
    }
  }
  for (const p of pools) if (p.name !== 'Pool-0' || p.cpus.length > 0) fate(`cpupool ${p.name} (${p.sched}; CPUs ${p.cpus.join(', ') || 'none'})`, ref(p.schedAt), p.sched === 'null' ? 'faithful' : 'approximate', p.sched === 'null' ? 'bind entries' : 'fixed-priority entries', schedNote(p));

  if (chans.length > 0) y.line('channels:');
  for (const ch of chans) {
    const ov = overlay.channels.get(ch.name)?.fields ?? new Map();
    y.line(`  - name: ${ch.name}`, ch.at);
    y.line(`    pa: ${hexAddr(ch.pa)}`, ch.at);
    y.line(`    size: ${hexAddr(ch.size)}`, ch.at);
    y.line(`    writers: [${ch.writers.join(', ')}]`, ch.at, 'Xen maps static shared memory read-write in every domain that names it');
    y.line('    endpoints:');
    for (const e of ch.eps) y.line(`      - { vm: ${e.vm}, ipa: ${hexAddr(e.ipa)}, perms: rw }`, e.at);
    for (const k of ['protection', 'timeout'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  return finish(outFile, y, soc, fates, inputs.map((i) => i.file));
}

function schedNote(p: Pool): string {
  return match(p.sched)
    .with('null', () => 'null scheduler: each vCPU gets a pCPU of the pool to itself, for good (assigned in creation order, as Xen picks the first free one)')
    .with('credit', 'credit2', (s) => `${s}: the pool's vCPUs share its pCPUs by weight and migrate between them; modelled as each vCPU fixed to one pCPU of the pool, equal priority, unlimited budget: timing claims between vCPUs of this pool are not evidence`)
    .with('rtds', () => 'RTDS (EDF with budget/period, default 4 ms every 10 ms, changed at run time by the toolstack): modelled as fixed priority with the default budget and period, each vCPU fixed to one pCPU of the pool')
    .with('arinc653', () => 'ARINC 653: the major frame and windows are set at run time by the toolstack, not in the device tree: modelled as equal-priority unlimited reservations; timing claims are not evidence')
    .exhaustive();
}

/** Fill GUEST_RAM0 then GUEST_RAM1 with the domain's host pieces, in order, splitting at the bank end. */
function guestLayout(pieces: readonly { pa: bigint; size: bigint }[]): { ipa: bigint; pa: bigint; size: bigint }[] {
  const out: { ipa: bigint; pa: bigint; size: bigint }[] = [];
  let bank = 0;
  let used = 0n;
  for (const p of pieces) {
    let pa = p.pa;
    let left = p.size;
    while (left > 0n && bank < GUEST_RAM_BANKS.length) {
      const b = GUEST_RAM_BANKS[bank]!;
      const room = b.size - used;
      const n = left < room ? left : room;
      out.push({ ipa: b.base + used, pa, size: n });
      pa += n;
      left -= n;
      used += n;
      if (used === b.size) {
        bank++;
        used = 0n;
      }
    }
  }
  return out;
}

