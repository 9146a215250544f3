// The platform a host device tree describes, as Xen reads it: RAM from the memory nodes, CPUs,
// the GIC (distributor, virtual-interface frames, maintenance PPI), the SMMUs, the devices with
// their CPU-visible MMIO (reg translated through each bus's `ranges`), SPIs (through the GIC
// as interrupt parent) and SMMU stream IDs (`iommus`), and Xen's own console (dtuart= or
// stdout-path). Cell counts follow #address-cells / #size-cells of the parent (spec defaults
// 2 and 1); a property whose length does not divide is an error at its position.

import { baseName, cells, DtError, isDisabled, joinCells, prop, strings, walk, type DtNode, type DtProp, type DtTree, type Pos } from './tree.js';

export interface Range {
  readonly base: bigint;
  readonly size: bigint;
}

export interface HostDevice {
  readonly node: DtNode;
  readonly path: string;
  readonly name: string;
  readonly mmio: readonly Range[];
  readonly spis: readonly number[];
  /** Interrupts the import could not read as GIC SPIs (another parent, PPIs). */
  readonly otherIrqs: number;
  readonly streamIds: readonly number[];
  readonly passthrough: boolean;
  readonly disabled: boolean;
}

export interface HostCpu {
  readonly id: number;
  readonly node: DtNode;
  readonly kind: string;
}

export interface Platform {
  readonly tree: DtTree;
  readonly name: string;
  readonly ram: readonly (Range & { at: Pos })[];
  readonly reserved: readonly Range[];
  readonly cpus: readonly HostCpu[];
  readonly gic: { node: DtNode; version: 2 | 3; frames: { name: string; kind: 'gic-distributor' | 'gic-redistributor' | 'other'; range: Range }[]; maintenance: number | undefined } | undefined;
  readonly smmus: readonly { node: DtNode; path: string; compatible: string; range: Range | undefined }[];
  readonly devices: readonly HostDevice[];
  readonly hypTimer: { intid: number; at: Pos } | undefined;
  readonly console: { device: HostDevice; at: Pos } | undefined;
  readonly bootargs: ReadonlyMap<string, { value: string; at: Pos }>;
  /** SMMUs of the tree that Xen leaves alone (iommu=0 / no / off / false / disable). */
  readonly smmusOff: { readonly at: Pos; readonly paths: readonly string[] } | undefined;
  readonly bootargsAt: Pos | undefined;
  readonly chosen: DtNode | undefined;
  readonly phandles: ReadonlyMap<bigint, DtNode>;
  readonly paths: ReadonlyMap<DtNode, string>;
  readonly parents: ReadonlyMap<DtNode, DtNode>;
}

export const SMMU_COMPATIBLES = ['arm,mmu-500', 'arm,smmu-v2', 'arm,mmu-401', 'arm,mmu-400', 'arm,smmu-v1', 'arm,smmu-v3'] as const;
const GIC_V2 = ['arm,gic-400', 'arm,cortex-a15-gic', 'arm,cortex-a9-gic', 'arm,cortex-a7-gic'];
const GIC_V3 = ['arm,gic-v3'];

export function u32Of(p: DtProp, errors: DtError[], what: string): number | undefined {
  const c = cells(p);
  if (c === undefined || c.length !== 1) {
    errors.push(new DtError(p.at, `${what} '${p.name}' is ${p.value.length} bytes, not one 32-bit cell`, `write ${p.name} = <1>;`));
    return undefined;
  }
  return Number(c[0]);
}

/** #address-cells / #size-cells a node gives its children (spec defaults 2 and 1). */
export function cellsOf(n: DtNode | undefined, errors: DtError[]): { ac: number; sc: number } {
  const a = n === undefined ? undefined : prop(n, '#address-cells');
  const s = n === undefined ? undefined : prop(n, '#size-cells');
  const ac = a === undefined ? 2 : u32Of(a, errors, 'the cell count') ?? 2;
  const sc = s === undefined ? 1 : u32Of(s, errors, 'the cell count') ?? 1;
  if (ac > 4 || sc > 4) errors.push(new DtError((a ?? s)!.at, `#address-cells = ${ac}, #size-cells = ${sc}: more than 4 cells`, 'addresses and sizes are at most 2 cells (64 bits) on Arm'));
  return { ac: Math.min(ac, 4), sc: Math.min(sc, 4) };
}

/** Split a property into tuples of the given cell counts; an error if it does not divide. */
export function tuples(p: DtProp, widths: readonly number[], errors: DtError[], layout: string): bigint[][] | undefined {
  const cs = cells(p);
  const w = widths.reduce((a, b) => a + b, 0);
  if (cs === undefined || w === 0 || cs.length % w !== 0 || cs.length === 0) {
    errors.push(new DtError(p.at, `'${p.name}' has ${cs === undefined ? `${p.value.length} bytes` : `${cs.length} cells`}, not a whole number of ${layout} entries of ${w} cells`, `each entry is ${layout} (${widths.join(' + ')} cells, from #address-cells and #size-cells)`));
    return undefined;
  }
  const out: bigint[][] = [];
  for (let i = 0; i < cs.length; i += w) {
    const t: bigint[] = [];
    let k = i;
    for (const n of widths) {
      t.push(joinCells(cs.slice(k, k + n)));
      k += n;
    }
    out.push(t);
  }
  return out;
}

function str(n: DtNode, name: string): string | undefined {
  const p = prop(n, name);
  return p === undefined ? undefined : strings(p)?.[0];
}

export function compatibles(n: DtNode): string[] {
  const p = prop(n, 'compatible');
  return p === undefined ? [] : strings(p) ?? [];
}

/** From the node name and unit address, never a label: a .dtb keeps no labels, and the same
 * tree in either form must give the same scenario. */
function deviceName(n: DtNode, used: Set<string>): string {
  const raw = n.name.replace('@', '-');
  let base = raw.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'device';
  if (!/^[a-z]/.test(base)) base = `dev-${base}`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

/** Parse `name=value` words of xen,xen-bootargs, each positioned at the property. */
function parseBootargs(p: DtProp | undefined): Map<string, { value: string; at: Pos }> {
  const out = new Map<string, { value: string; at: Pos }>();
  const s = p === undefined ? undefined : strings(p)?.[0];
  if (p === undefined || s === undefined) return out;
  for (const w of s.split(/\s+/).filter((x) => x !== '')) {
    const eq = w.indexOf('=');
    out.set(eq < 0 ? w : w.slice(0, eq), { value: eq < 0 ? '' : w.slice(eq + 1), at: p.at });
  }
  return out;
}

export function readPlatform(tree: DtTree, errors: DtError[]): Platform {
  const all = walk(tree.root);
  const paths = new Map<DtNode, string>(all.map((w) => [w.node, w.path]));
  const parents = new Map<DtNode, DtNode>();
  for (const w of all) if (w.parent !== undefined) parents.set(w.node, w.parent);
  const phandles = new Map<bigint, DtNode>();
  for (const { node } of all) {
    const p = prop(node, 'phandle') ?? prop(node, 'linux,phandle');
    const c = p === undefined ? undefined : cells(p);
    if (p !== undefined && (c === undefined || c.length !== 1)) errors.push(new DtError(p.at, "a phandle is one 32-bit cell", 'write phandle = <1>;'));
    else if (c !== undefined) {
      if (phandles.has(c[0]!) && phandles.get(c[0]!) !== node) errors.push(new DtError(p!.at, `phandle ${c[0]} is also the phandle of ${paths.get(phandles.get(c[0]!)!)}`, 'phandles are unique'));
      phandles.set(c[0]!, node);
    }
  }
  const root = tree.root;
  const rootCells = cellsOf(root, errors);

  // CPU addresses: translate a bus address up through each ancestor's `ranges`.
  const toCpu = (addr: bigint, size: bigint, node: DtNode): Range | undefined => {
    let a = addr;
    let bus = parents.get(node);
    while (bus !== undefined && bus !== root) {
      const up = parents.get(bus)!;
      const r = prop(bus, 'ranges');
      if (r === undefined) return undefined; // not memory-mapped (an i2c or spi bus)
      if (r.value.length > 0) {
        const { ac } = cellsOf(bus, errors);
        const { ac: pac } = cellsOf(up, errors);
        const { sc } = cellsOf(bus, errors);
        const ts = tuples(r, [ac, pac, sc], errors, '<child-address parent-address size>');
        if (ts === undefined) return undefined;
        const hit = ts.find(([c, , s]) => a >= c! && a + size <= c! + s!);
        if (hit === undefined) return undefined;
        a = a - hit[0]! + hit[1]!;
      }
      bus = up;
    }
    return { base: a, size };
  };
  const regOf = (node: DtNode): Range[] | undefined => {
    const r = prop(node, 'reg');
    if (r === undefined) return undefined;
    const { ac, sc } = cellsOf(parents.get(node), errors);
    if (sc === 0) return undefined; // e.g. CPUs, whose reg is an MPIDR
    const ts = tuples(r, [ac, sc], errors, '<address size>');
    if (ts === undefined) return undefined;
    const out: Range[] = [];
    for (const [a, s] of ts) {
      if (a! + s! > 1n << 64n) {
        errors.push(new DtError(r.at, `reg 0x${a!.toString(16)} + 0x${s!.toString(16)} ends past the 64-bit address space`, 'check the address and size cells'));
        return undefined;
      }
      const t = toCpu(a!, s!, node);
      if (t === undefined) return undefined;
      out.push(t);
    }
    return out;
  };

  const name = str(root, 'model') ?? compatibles(root)[0] ?? 'board';
  const ram: (Range & { at: Pos })[] = [];
  for (const n of root.children) {
    if (str(n, 'device_type') !== 'memory' || isDisabled(n)) continue;
    const r = prop(n, 'reg');
    if (r === undefined) continue;
    const ts = tuples(r, [rootCells.ac, rootCells.sc], errors, '<address size>');
    for (const [a, s] of ts ?? []) if (s! > 0n) ram.push({ base: a!, size: s!, at: r.at });
  }
  ram.sort((x, y) => (x.base < y.base ? -1 : x.base > y.base ? 1 : 0));
  const reserved: Range[] = [];
  const rm = root.children.find((c) => c.name === 'reserved-memory');
  for (const c of rm?.children ?? []) for (const r of regOf(c) ?? []) reserved.push(r);

  const cpusNode = root.children.find((c) => c.name === 'cpus');
  const cpus: HostCpu[] = (cpusNode?.children ?? [])
    .filter((c) => str(c, 'device_type') === 'cpu' || baseName(c) === 'cpu')
    .map((node, id) => ({ id, node, kind: (compatibles(node)[0] ?? 'generic').replace(/^[^,]*,/, '') }));

  // The interrupt parent of a node: its own or the nearest ancestor's.
  const parentIc = (n: DtNode): DtNode | undefined => {
    for (let x: DtNode | undefined = n; x !== undefined; x = parents.get(x)) {
      const p = prop(x, 'interrupt-parent');
      if (p !== undefined) {
        const c = cells(p);
        return c !== undefined && c.length === 1 ? phandles.get(c[0]!) : undefined;
      }
    }
    return undefined;
  };
  let gic: Platform['gic'];
  const smmus: Platform['smmus'][number][] = [];
  for (const { node, path } of all) {
    const cs = compatibles(node);
    if (gic === undefined && prop(node, 'interrupt-controller') !== undefined && cs.some((c) => GIC_V2.includes(c) || GIC_V3.includes(c))) {
      const version = cs.some((c) => GIC_V3.includes(c)) ? 3 : 2;
      const regs = regOf(node) ?? [];
      const names = version === 2 ? (['gicd', 'gicc', 'gich', 'gicv'] as const) : (['gicd', 'gicr'] as const);
      const frames = regs.slice(0, names.length).map((range, i) => ({ name: names[i]!, kind: i === 0 ? ('gic-distributor' as const) : version === 3 && i === 1 ? ('gic-redistributor' as const) : ('other' as const), range }));
      const ip = prop(node, 'interrupts');
      const ic = ip === undefined ? undefined : tuples(ip, [1, 1, 1], errors, '<type number flags>');
      const maintenance = ic?.[0] !== undefined && ic[0][0] === 1n ? 16 + Number(ic[0][1]) : undefined;
      gic = { node, version, frames, maintenance };
    }
    const sm = cs.find((c) => (SMMU_COMPATIBLES as readonly string[]).includes(c));
    if (sm !== undefined && !isDisabled(node)) smmus.push({ node, path, compatible: sm, range: regOf(node)?.[0] });
  }

  const irqsOf = (n: DtNode): { spis: number[]; other: number } => {
    const p = prop(n, 'interrupts');
    if (p === undefined) return { spis: [], other: 0 };
    const ic = parentIc(n);
    if (ic === undefined || ic !== gic?.node) return { spis: [], other: (cells(p)?.length ?? 0) > 0 ? 1 : 0 };
    const ncP = prop(ic, '#interrupt-cells');
    const nc = ncP === undefined ? 3 : u32Of(ncP, errors, 'the cell count') ?? 3;
    if (nc < 2) return { spis: [], other: 1 };
    const ts = tuples(p, Array.from({ length: nc }, () => 1), errors, '<type number flags>');
    const spis: number[] = [];
    let other = 0;
    for (const t of ts ?? []) {
      if (t[0] === 0n && t[1]! < 988n) spis.push(32 + Number(t[1]));
      else other++;
    }
    return { spis, other };
  };

  let hypTimer: Platform['hypTimer'];
  const skip = new Set(['chosen', 'cpus', 'aliases', '__symbols__', 'reserved-memory', 'memory']);
  const used = new Set<string>();
  const devices: HostDevice[] = [];
  for (const { node, path, parent } of all) {
    if (parent === undefined) continue;
    const top = path.split('/')[1] ?? '';
    if (skip.has(baseName({ ...node, name: top })) || str(node, 'device_type') === 'memory') continue;
    if (compatibles(node).some((c) => c === 'arm,armv8-timer' || c === 'arm,armv7-timer') && gic !== undefined) {
      const p = prop(node, 'interrupts');
      const ts = p === undefined ? undefined : tuples(p, [1, 1, 1], errors, '<type number flags>');
      // Arm generic timer: secure, non-secure, virtual, hypervisor PPIs; Xen takes the last.
      if (ts !== undefined && ts.length >= 4 && ts[3]![0] === 1n) hypTimer = { intid: 16 + Number(ts[3]![1]), at: p!.at };
    }
    if (node === gic?.node || smmus.some((s) => s.node === node)) continue;
    const mmio = regOf(node);
    if (mmio === undefined || mmio.length === 0) continue;
    const irqs = irqsOf(node);
    const io = prop(node, 'iommus');
    const streamIds: number[] = [];
    if (io !== undefined) {
      const cs = cells(io) ?? [];
      for (let i = 0; i < cs.length; ) {
        const target = phandles.get(cs[i]!);
        if (target === undefined) {
          errors.push(new DtError(io.at, `'iommus' names phandle ${cs[i]}, which no node has`, 'point it at the SMMU node: iommus = <&smmu 0x877>;'));
          break;
        }
        const ncP = prop(target, '#iommu-cells');
        const nc = ncP === undefined ? 1 : u32Of(ncP, errors, 'the cell count') ?? 1;
        if (i + 1 + nc > cs.length) {
          errors.push(new DtError(io.at, `'iommus' has ${cs.length} cells: the SMMU ${paths.get(target)} takes ${nc} after each phandle`, `write iommus = <&smmu${' 0x0'.repeat(nc)}>;`));
          break;
        }
        if (nc >= 1) streamIds.push(Number(cs[i + 1]!));
        i += 1 + nc;
      }
    }
    devices.push({ node, path, name: deviceName(node, used), mmio, spis: irqs.spis, otherIrqs: irqs.other, streamIds, passthrough: prop(node, 'xen,passthrough') !== undefined, disabled: isDisabled(node) });
  }

  const chosen = root.children.find((c) => c.name === 'chosen');
  const ba = chosen === undefined ? undefined : prop(chosen, 'xen,xen-bootargs');
  const bootargs = parseBootargs(ba);
  // Xen's console: dtuart=<alias or path>, else /chosen/stdout-path (an alias or a path).
  let console: Platform['console'];
  const aliases = root.children.find((c) => c.name === 'aliases');
  const resolveName = (s: string): DtNode | undefined => {
    const p = s.startsWith('/') ? s : aliases === undefined ? undefined : str(aliases, s);
    return p === undefined ? undefined : all.find((w) => w.path === p)?.node;
  };
  const dtuart = bootargs.get('dtuart');
  const so = chosen === undefined ? undefined : prop(chosen, 'stdout-path');
  const consoleName = dtuart?.value ?? (so === undefined ? undefined : strings(so)?.[0]?.split(':')[0]);
  const conAt = dtuart?.at ?? so?.at;
  if (consoleName !== undefined && consoleName !== '' && conAt !== undefined) {
    const n = resolveName(consoleName);
    const d = devices.find((x) => x.node === n);
    if (d === undefined) errors.push(new DtError(conAt, `Xen's console '${consoleName}' names no device of the tree`, 'give an alias from /aliases or the full path of the UART'));
    else console = { device: d, at: conAt };
  }
  // iommu=0 (or no/off/false/disable): Xen does not program the SMMU, so it confines nothing.
  const io = bootargs.get('iommu');
  const off = io !== undefined && io.value.split(',').some((w) => ['0', 'no', 'off', 'false', 'disable'].includes(w));
  const smmusOff = off && smmus.length > 0 ? { at: io.at, paths: smmus.map((x) => x.path) } : undefined;
  if (off) smmus.length = 0;
  return { tree, name, ram, reserved, cpus, gic, smmus, smmusOff, devices, hypTimer, console, bootargs, bootargsAt: ba?.at, chosen, phandles, paths, parents };
}
