// The domains Xen builds at boot from /chosen (docs/misc/arm/device-tree/booting.txt,
// cpupools.txt, passthrough.txt, features/dom0less.pandoc): dom0 when a kernel module sits
// directly under /chosen, a domU per `xen,domain` node, with its memory (xen,static-mem or
// Xen's heap), vCPUs, cpupool and scheduler, passthrough partial device trees (xen,reg as
// <host-address size guest-address>, xen,path, interrupts, xen,force-assign-without-iommu),
// shared memory (xen,shared-mem with owner/borrower roles), static event channels, vpl011.

import { byPath, cells, DtError, joinCells, prop, strings, walk, type DtNode, type DtProp, type DtTree, type Pos } from './tree.js';
import { cellsOf, compatibles, tuples, u32Of, type HostDevice, type Platform, type Range } from './platform.js';

/** xen/include/public/arch-arm.h: where a domU's RAM appears (GUEST_RAM0/1). */
export const GUEST_RAM_BANKS: readonly Range[] = [
  { base: 0x4000_0000n, size: 0xc000_0000n },
  { base: 0x2_0000_0000n, size: 0xfe_0000_0000n },
];
export const GUEST_PL011 = { base: 0x2200_0000n, spi: 32 } as const;
export const SCHEDULERS = ['null', 'credit', 'credit2', 'rtds', 'arinc653'] as const;
export type Scheduler = (typeof SCHEDULERS)[number];

export interface Pool {
  readonly name: string;
  readonly cpus: readonly number[];
  readonly sched: Scheduler;
  readonly at: Pos;
  readonly schedAt: Pos;
}

export interface Passthrough {
  readonly device: HostDevice | undefined;
  /** Host range, guest address, from xen,reg. */
  readonly regs: readonly { host: Range; guest: bigint }[];
  readonly spis: readonly number[];
  readonly force: boolean;
  readonly node: DtNode;
  readonly file: string;
  readonly at: Pos;
}

export interface SharedMem {
  readonly id: string;
  readonly role: 'owner' | 'borrower';
  readonly host: bigint | undefined;
  readonly guest: bigint;
  readonly size: bigint;
  readonly at: Pos;
}

export interface Domain {
  readonly name: string;
  readonly node: DtNode | undefined;
  readonly at: Pos;
  readonly dom0: boolean;
  readonly memBytes: bigint;
  readonly memAt: Pos;
  readonly vcpus: number;
  readonly cpusAt: Pos;
  readonly pool: Pool;
  readonly staticMem: readonly Range[] | undefined;
  readonly staticAt: Pos | undefined;
  readonly directMap: boolean;
  readonly vpl011: DtProp | undefined;
  readonly enhanced: DtProp | undefined;
  readonly passthrough: Passthrough[];
  readonly shm: readonly SharedMem[];
  readonly evtchns: readonly { at: Pos; peer: string }[];
  readonly modules: readonly { kind: string; at: Pos; uefi: string | undefined }[];
  readonly ignored: readonly DtProp[];
  /** Properties read and carried whole because they have no isolation effect (nr_spis, grant table sizes). */
  readonly harmless: readonly DtProp[];
}

const HARMLESS_DOMAIN_PROPS = new Set(['nr_spis', 'max_grant_frames', 'max_maptrack_frames', 'max_grant_version']);
const KNOWN_DOMAIN_PROPS = new Set(['compatible', '#address-cells', '#size-cells', 'memory', 'cpus', 'vpl011', 'nr_spis', 'xen,enhanced', 'direct-map', 'xen,static-mem', '#xen,static-mem-address-cells', '#xen,static-mem-size-cells', 'domain-cpupool', 'max_grant_frames', 'max_maptrack_frames', 'max_grant_version', 'passthrough', 'phandle', 'linux,phandle', 'bootargs']);

function str(n: DtNode, name: string): string | undefined {
  const p = prop(n, name);
  return p === undefined ? undefined : strings(p)?.[0];
}

/** `1024M`, `512k`, `2G`, bytes without a suffix (Xen's parse_size_and_unit). */
export function parseSize(s: string): bigint | undefined {
  const m = s.match(/^(\d+)([kKmMgGtT]?)$/);
  if (m === null) return undefined;
  const mul = { '': 1n, k: 1n << 10n, m: 1n << 20n, g: 1n << 30n, t: 1n << 40n }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return BigInt(m[1]!) * mul;
}

export interface Partial {
  readonly tree: DtTree;
}

export function readDomains(pf: Platform, partials: readonly DtTree[], errors: DtError[]): { domains: Domain[]; pools: Pool[]; partialFor: Map<Domain, DtTree> } {
  const chosen = pf.chosen;
  const domains: Domain[] = [];
  const file0 = pf.tree.file;
  if (chosen === undefined) {
    errors.push(new DtError(pf.tree.root.at, 'the host device tree has no /chosen node: Xen finds its domains there', 'add /chosen with a xen,domain node per domU (docs/misc/arm/device-tree/booting.txt)'));
    return { domains, pools: [], partialFor: new Map() };
  }
  const cpuOf = new Map(pf.cpus.map((c) => [c.node, c.id]));
  const defaultSched = pf.bootargs.get('sched');
  if (defaultSched !== undefined && !(SCHEDULERS as readonly string[]).includes(defaultSched.value)) errors.push(new DtError(defaultSched.at, `sched=${defaultSched.value} is not a Xen scheduler`, `use one of ${SCHEDULERS.join(', ')}`));
  const sched0 = (SCHEDULERS as readonly string[]).includes(defaultSched?.value ?? '') ? (defaultSched!.value as Scheduler) : 'credit2';
  const sched0At = defaultSched?.at ?? chosen.at;

  // cpupools: each names its pCPUs; Pool-0 keeps the rest (and must keep the boot CPU).
  const pools: Pool[] = [];
  const poolOf = new Map<DtNode, Pool>();
  const inPool = new Map<number, string>();
  for (const n of chosen.children.filter((c) => compatibles(c).includes('xen,cpupool'))) {
    const cp = prop(n, 'cpupool-cpus');
    if (cp === undefined) {
      errors.push(new DtError(n.at, `the cpupool ${n.name} has no cpupool-cpus`, 'list its CPUs: cpupool-cpus = <&cpu2 &cpu3>;'));
      continue;
    }
    const ids: number[] = [];
    for (const ph of cells(cp) ?? []) {
      const node = pf.phandles.get(ph);
      const id = node === undefined ? undefined : cpuOf.get(node);
      if (id === undefined) errors.push(new DtError(cp.at, `cpupool-cpus names phandle ${ph}, which is not a CPU node`, 'reference nodes under /cpus: cpupool-cpus = <&cpu2>;'));
      else if (inPool.has(id)) errors.push(new DtError(cp.at, `CPU ${id} is already in the cpupool ${inPool.get(id)}`, 'a CPU belongs to one cpupool'));
      else {
        inPool.set(id, n.name);
        ids.push(id);
      }
    }
    const sp = prop(n, 'cpupool-sched');
    const s = sp === undefined ? sched0 : strings(sp)?.[0];
    if (s === undefined || !(SCHEDULERS as readonly string[]).includes(s)) {
      errors.push(new DtError(sp!.at, `cpupool-sched '${s ?? '?'}' is not a Xen scheduler`, `use one of ${SCHEDULERS.join(', ')}`));
      continue;
    }
    const pool: Pool = { name: n.name, cpus: ids, sched: s as Scheduler, at: n.at, schedAt: sp?.at ?? sched0At };
    pools.push(pool);
    poolOf.set(n, pool);
  }
  const pool0: Pool = { name: 'Pool-0', cpus: pf.cpus.map((c) => c.id).filter((id) => !inPool.has(id)), sched: sched0, at: chosen.at, schedAt: sched0At };
  pools.unshift(pool0);

  // dom0: a kernel module directly under /chosen.
  const dom0Kernel = chosen.children.find((c) => compatibles(c).some((x) => x === 'multiboot,kernel' || x === 'xen,linux-zimage'));
  if (dom0Kernel !== undefined) {
    const dm = pf.bootargs.get('dom0_mem');
    const size = dm === undefined ? undefined : parseSize(dm.value.split(',').find((x) => !x.startsWith('max:') && !x.startsWith('min:')) ?? '');
    if (dm === undefined || size === undefined) errors.push(new DtError(dm?.at ?? pf.bootargsAt ?? chosen.at, dm === undefined ? 'dom0 is booted but xen,xen-bootargs gives no dom0_mem=: its default depends on the Xen version' : `dom0_mem=${dm.value} is not a size`, 'give dom0_mem=1024M in xen,xen-bootargs'));
    const mv = pf.bootargs.get('dom0_max_vcpus');
    const nv = mv === undefined ? pool0.cpus.length : Number(mv.value);
    if (mv !== undefined && !(Number.isInteger(nv) && nv >= 1)) errors.push(new DtError(mv.at, `dom0_max_vcpus=${mv.value} is not a positive number`, 'write dom0_max_vcpus=2'));
    domains.push({ name: 'dom0', node: undefined, at: dom0Kernel.at, dom0: true, memBytes: size ?? 0n, memAt: dm?.at ?? dom0Kernel.at, vcpus: nv, cpusAt: mv?.at ?? dom0Kernel.at, pool: pool0, staticMem: undefined, staticAt: undefined, directMap: true, vpl011: undefined, enhanced: undefined, passthrough: [], shm: [], evtchns: [], modules: [{ kind: 'kernel', at: dom0Kernel.at, uefi: undefined }], ignored: [], harmless: [] });
  }

  const used = new Set(domains.map((d) => d.name));
  for (const n of chosen.children.filter((c) => compatibles(c).includes('xen,domain'))) {
    let name = n.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'domu';
    if (!/^[a-z]/.test(name)) name = `domu-${name}`;
    for (let i = 2; used.has(name); i++) name = `${n.name.toLowerCase()}-${i}`;
    used.add(name);
    const dc = cellsOf(n, errors);
    const mp = prop(n, 'memory');
    let memBytes = 0n;
    if (mp === undefined) errors.push(new DtError(n.at, `the domain ${n.name} has no 'memory'`, 'give its RAM in KiB: memory = <0x0 0x40000>; (256 MiB)'));
    else {
      const c = cells(mp);
      if (c === undefined || (c.length !== 1 && c.length !== 2)) errors.push(new DtError(mp.at, `'memory' of ${n.name} is ${mp.value.length} bytes, not a 64-bit (or 32-bit) number of KiB`, 'write memory = <0x0 0x40000>;'));
      else memBytes = joinCells(c) * 1024n;
      if (memBytes === 0n && c !== undefined && c.length > 0) errors.push(new DtError(mp.at, `the domain ${n.name} has no memory (memory = 0)`, 'give its RAM in KiB'));
    }
    const cp = prop(n, 'cpus');
    const vcpus = cp === undefined ? 0 : u32Of(cp, errors, "the domain's vCPU count") ?? 0;
    if (cp === undefined) errors.push(new DtError(n.at, `the domain ${n.name} has no 'cpus'`, 'give its vCPU count: cpus = <1>;'));
    else if (vcpus < 1 || vcpus > 128) errors.push(new DtError(cp.at, `cpus = <${vcpus}>: a domain has 1 to 128 vCPUs`, 'write cpus = <1>;'));
    const pp = prop(n, 'domain-cpupool');
    let pool = pool0;
    if (pp !== undefined) {
      const c = cells(pp);
      const target = c === undefined || c.length !== 1 ? undefined : pf.phandles.get(c[0]!);
      const p = target === undefined ? undefined : poolOf.get(target);
      if (p === undefined) errors.push(new DtError(pp.at, 'domain-cpupool does not point at a xen,cpupool node', 'write domain-cpupool = <&cpupool_a>; with the pool under /chosen'));
      else pool = p;
    }
    const sm = prop(n, 'xen,static-mem');
    let staticMem: Range[] | undefined;
    if (sm !== undefined) {
      const a = prop(n, '#xen,static-mem-address-cells');
      const s = prop(n, '#xen,static-mem-size-cells');
      if (a === undefined || s === undefined) errors.push(new DtError(sm.at, 'xen,static-mem needs #xen,static-mem-address-cells and #xen,static-mem-size-cells beside it', 'add #xen,static-mem-address-cells = <0x2>; #xen,static-mem-size-cells = <0x2>;'));
      else {
        const ac = u32Of(a, errors, 'the cell count') ?? 2;
        const sc = u32Of(s, errors, 'the cell count') ?? 2;
        const ts = tuples(sm, [ac, sc], errors, '<host-address size>');
        if (ts !== undefined) {
          staticMem = ts.map(([b, z]) => ({ base: b!, size: z! }));
          const total = staticMem.reduce((x, r) => x + r.size, 0n);
          if (total !== memBytes && memBytes > 0n) errors.push(new DtError(sm.at, `xen,static-mem gives 0x${total.toString(16)} bytes but 'memory' asks for 0x${memBytes.toString(16)}: Xen refuses to mix static and heap memory`, `make memory = <0x0 0x${(total / 1024n).toString(16)}> (KiB), or resize the banks`));
          for (const r of staticMem) {
            if (r.base + r.size > 1n << 64n) errors.push(new DtError(sm.at, `the static bank 0x${r.base.toString(16)} + 0x${r.size.toString(16)} ends past the 64-bit address space`, 'check the cells'));
            else if (r.base % 0x1000n !== 0n || r.size % 0x1000n !== 0n) errors.push(new DtError(sm.at, `the static bank 0x${r.base.toString(16)} (0x${r.size.toString(16)}) is not 4 KiB aligned`, 'Xen maps whole pages: align base and size to 0x1000'));
            else if (!pf.ram.some((b) => r.base >= b.base && r.base + r.size <= b.base + b.size)) errors.push(new DtError(sm.at, `the static bank 0x${r.base.toString(16)} (0x${r.size.toString(16)}) is not inside one RAM bank of the memory nodes`, `RAM is ${pf.ram.map((b) => `0x${b.base.toString(16)}+0x${b.size.toString(16)}`).join(', ')}`));
          }
        }
      }
    }
    const dmP = prop(n, 'direct-map');
    if (dmP !== undefined && sm === undefined) errors.push(new DtError(dmP.at, `direct-map on ${n.name} without xen,static-mem: Xen refuses it (a direct-mapped domU needs static memory)`, 'add xen,static-mem with the banks to map 1:1'));
    const passthrough: Passthrough[] = [];
    const shm: SharedMem[] = [];
    const evtchns: { at: Pos; peer: string }[] = [];
    const modules: { kind: string; at: Pos; uefi: string | undefined }[] = [];
    for (const c of n.children) {
      const cs = compatibles(c);
      if (cs.includes('multiboot,module') || cs.some((x) => x.startsWith('multiboot,'))) {
        const kind = cs.includes('multiboot,device-tree') ? 'device-tree' : cs.includes('multiboot,ramdisk') ? 'ramdisk' : 'kernel';
        modules.push({ kind, at: c.at, uefi: str(c, 'xen,uefi-binary') });
      } else if (cs.includes('xen,domain-shared-memory-v1')) {
        const id = str(c, 'xen,shm-id');
        const sp = prop(c, 'xen,shared-mem');
        const role = str(c, 'role') ?? 'borrower';
        if (id === undefined) errors.push(new DtError(c.at, `the shared memory node ${c.name} has no xen,shm-id`, 'name the region: xen,shm-id = "my-shared-mem-0";'));
        if (role !== 'owner' && role !== 'borrower') errors.push(new DtError(prop(c, 'role')!.at, `role "${role}" is neither "owner" nor "borrower"`, 'write role = "owner"; on one domain and "borrower" on the others'));
        if (sp === undefined) {
          errors.push(new DtError(c.at, `the shared memory node ${c.name} has no xen,shared-mem`, 'write xen,shared-mem = <host-address guest-address size>;'));
          continue;
        }
        const cc = cells(sp)?.length ?? 0;
        const three = cc === 2 * dc.ac + dc.sc;
        const ts = tuples(sp, three ? [dc.ac, dc.ac, dc.sc] : [dc.ac, dc.sc], errors, three ? '<host-address guest-address size>' : '<guest-address size>');
        if (ts === undefined || ts.length !== 1) {
          if (ts !== undefined) errors.push(new DtError(sp.at, 'xen,shared-mem describes one region', 'write one <host-address guest-address size> triple'));
          continue;
        }
        const t = ts[0]!;
        if (id !== undefined && (role === 'owner' || role === 'borrower')) shm.push({ id, role, host: three ? t[0] : undefined, guest: three ? t[1]! : t[0]!, size: three ? t[2]! : t[1]!, at: sp.at });
      } else if (cs.includes('xen,evtchn-v1') || cs.includes('xen,evtchn')) {
        const ep = prop(c, 'xen,evtchn');
        const v = ep === undefined ? undefined : cells(ep);
        if (ep === undefined || v === undefined || v.length !== 2) errors.push(new DtError(ep?.at ?? c.at, 'xen,evtchn is <local-port &peer-evtchn-node>', 'write xen,evtchn = <0xa &domU2_ev>;'));
        else {
          const peer = pf.phandles.get(v[1]!);
          if (peer === undefined) errors.push(new DtError(ep.at, `xen,evtchn names phandle ${v[1]}, which no node has`, 'point it at the peer domain\'s event channel node'));
          else evtchns.push({ at: ep.at, peer: pf.paths.get(peer) ?? '?' });
        }
      }
    }
    domains.push({
      name,
      node: n,
      at: n.at,
      dom0: false,
      memBytes,
      memAt: mp?.at ?? n.at,
      vcpus,
      cpusAt: cp?.at ?? n.at,
      pool,
      staticMem,
      staticAt: sm?.at,
      directMap: dmP !== undefined,
      vpl011: prop(n, 'vpl011'),
      enhanced: prop(n, 'xen,enhanced'),
      passthrough,
      shm,
      evtchns,
      modules,
      ignored: n.props.filter((p) => !KNOWN_DOMAIN_PROPS.has(p.name)),
      harmless: n.props.filter((p) => HARMLESS_DOMAIN_PROPS.has(p.name)),
    });
  }
  if (domains.length === 0) errors.push(new DtError(chosen.at, '/chosen holds no domain: neither a dom0 kernel module nor a xen,domain node', 'add a xen,domain node per domU (docs/misc/arm/device-tree/booting.txt)'));

  // Partial device trees: matched to the domains with a device-tree module, by the module's
  // xen,uefi-binary file name when it has one, else in order.
  const partialFor = new Map<Domain, DtTree>();
  const wanting = domains.filter((d) => d.modules.some((m) => m.kind === 'device-tree'));
  const rest = [...partials];
  for (const d of wanting) {
    const u = d.modules.find((m) => m.kind === 'device-tree')!.uefi;
    const i = u === undefined ? -1 : rest.findIndex((t) => t.file.split('/').pop() === u || t.file.split('/').pop()!.replace(/\.dtb?s?$/, '') === u.replace(/\.dtb?s?$/, ''));
    const t = i >= 0 ? rest.splice(i, 1)[0] : rest.shift();
    if (t === undefined) errors.push(new DtError(d.modules.find((m) => m.kind === 'device-tree')!.at, `the domain ${d.name} loads a partial device tree, but no file was given for it`, `give it after the host tree: hvsafe import xen host.dts ${d.name}-passthrough.dts …`));
    else partialFor.set(d, t);
  }
  for (const t of rest) errors.push(new DtError({ line: 1, column: 1 }, `this partial device tree belongs to no domain: no further xen,domain node has a multiboot,device-tree module${t.file ? '' : ''}`, 'add the module to the domain, or leave the file out', t.file));
  for (const [d, t] of partialFor) d.passthrough.push(...readPartial(t, pf, errors));
  void file0;
  return { domains, pools, partialFor };
}

function readPartial(t: DtTree, pf: Platform, errors: DtError[]): Passthrough[] {
  const pt = t.root.children.find((c) => c.name === 'passthrough');
  const out: Passthrough[] = [];
  if (pt === undefined) {
    errors.push(new DtError(t.root.at, 'a partial device tree has its devices under /passthrough; this one has none', 'put the devices under / { passthrough { compatible = "simple-bus"; ranges; … }; };', t.file));
    return out;
  }
  const local: DtError[] = [];
  for (const { node, parent } of walk(pt)) {
    if (parent === undefined) continue;
    const xr = prop(node, 'xen,reg');
    const xp = prop(node, 'xen,path');
    if (xr === undefined && xp === undefined) continue;
    const { ac, sc } = cellsOf(parent, local);
    const regs: { host: Range; guest: bigint }[] = [];
    if (xr !== undefined) for (const [h, s, g] of tuples(xr, [ac, sc, ac], local, '<host-address size guest-address>') ?? []) {
      if (h! + s! > 1n << 64n || g! + s! > 1n << 64n) local.push(new DtError(xr.at, `xen,reg 0x${h!.toString(16)} + 0x${s!.toString(16)} ends past the 64-bit address space`, 'check the cells'));
      else regs.push({ host: { base: h!, size: s! }, guest: g! });
    }
    let device: HostDevice | undefined;
    if (xp !== undefined) {
      const path = strings(xp)?.[0] ?? '';
      const hn = byPath(pf.tree.root, path);
      device = pf.devices.find((d) => d.node === hn);
      if (hn === undefined) local.push(new DtError(xp.at, `xen,path "${path}" names no node of the host device tree`, 'give the full path of the device in the host tree, e.g. "/axi/ethernet@ff0e0000"'));
      else if (device === undefined) local.push(new DtError(xp.at, `xen,path "${path}" is not a memory-mapped device of the host tree`, 'name a node with reg'));
    } else {
      device = pf.devices.find((d) => regs.length > 0 && regs.every((r) => d.mmio.some((m) => r.host.base >= m.base && r.host.base + r.host.size <= m.base + m.size)));
    }
    const spis: number[] = [];
    const ip = prop(node, 'interrupts');
    if (ip !== undefined) for (const [ty, num] of tuples(ip, [1, 1, 1], local, '<type number flags>') ?? []) {
      if (ty !== 0n) local.push(new DtError(ip.at, 'a passed-through interrupt is an SPI (type 0)', 'write interrupts = <0 89 4>;'));
      else spis.push(32 + Number(num));
    }
    const force = prop(node, 'xen,force-assign-without-iommu') !== undefined;
    if (device !== undefined && xp !== undefined && !force && (device.streamIds.length === 0 || pf.smmus.length === 0)) {
      local.push(new DtError(xp.at, `${device.path} is ${pf.smmus.length > 0 ? 'not behind the SMMU (no iommus)' : 'on a system without an SMMU'}: Xen refuses to assign it without xen,force-assign-without-iommu`, 'add xen,force-assign-without-iommu; to the node (and know that its DMA is then unchecked), or give it an iommus property if it sits behind the SMMU'));
    }
    out.push({ device, regs, spis, force, node, file: t.file, at: (xp ?? xr)!.at });
  }
  for (const e of local) errors.push(e.file === undefined ? new DtError(e.at, e.message, e.hint, t.file) : e);
  return out;
}
