// One hvisor zone configuration file (the JSON `hvisor zone start` reads) decoded into typed
// values with their positions, checked as hvisor-tool (tools/hvisor.c, zone_start_from_json)
// and the hypervisor (src/config.rs, src/zone.rs) check it: required keys, the memory region
// types ram/io/virtio, at most 64 regions, IRQs below 1024, at most 2 IVC configurations with
// page-aligned sections, a name of at most 32 bytes, a GIC version v2 or v3. Addresses and
// sizes are numbers or strings ("0x…" or decimal) as hvisor-tool's parse_json_linux_u64 takes
// them, read exactly as 64-bit bigints. Where hvisor-tool ignores an unknown key, we refuse it:
// a misspelt key (`interupts`) silently dropped would drop an isolation-relevant fact.
// Every problem is collected; nothing stops at the first.

import type { Diagnostic } from '../../config/diagnostics.js';
import { didYouMean } from '../../config/diagnostics.js';
import type { SourceRef } from '../../config/types.js';
import { kindOf, type JsonEntry, type JsonValue, type Pos } from './json.js';

export const MAX_MEMORY_REGIONS = 64;
export const MAX_INTERRUPTS = 1024;
export const MAX_IVC_CONFIGS = 2;
export const NAME_MAXLEN = 32;
export const HV_PAGE = 0x1000n;

export type RegionType = 'ram' | 'io' | 'virtio';

export interface At<T> {
  readonly value: T;
  readonly at: SourceRef;
}

export interface Region {
  readonly index: number;
  readonly type: RegionType;
  readonly pa: bigint;
  readonly ipa: bigint;
  readonly size: bigint;
  readonly at: SourceRef;
}

export interface Ivc {
  readonly ivcId: number;
  readonly peerId: number;
  readonly controlTableIpa: bigint;
  readonly sharedMemIpa: bigint;
  readonly rwSecSize: bigint;
  readonly outSecSize: bigint;
  readonly interruptNum: number;
  readonly maxPeers: number;
  readonly at: SourceRef;
}

export interface ArchConfig {
  readonly gicVersion: At<2 | 3>;
  readonly gicd: { base: bigint; size: bigint } | undefined;
  readonly gits: At<{ base: bigint; size: bigint }> | undefined;
  readonly isAarch32: At<boolean> | undefined;
  readonly uefi: SourceRef | undefined;
  readonly at: SourceRef;
}

export interface Zone {
  readonly file: string;
  readonly at: SourceRef;
  readonly name: At<string>;
  readonly zoneId: At<number>;
  readonly arch: At<string> | undefined;
  readonly cpus: readonly At<number>[];
  readonly cpusAt: SourceRef;
  readonly regions: readonly Region[];
  readonly interrupts: readonly At<number>[];
  readonly ivcs: readonly Ivc[];
  readonly kernelLoad: At<bigint>;
  readonly dtbLoad: At<bigint>;
  readonly entry: At<bigint>;
  readonly loads: readonly { readonly what: string; readonly at: SourceRef }[];
  readonly archConfig: ArchConfig | undefined;
  readonly pci: { readonly buses: readonly SourceRef[]; readonly devs: readonly At<string>[]; readonly numDevs: At<bigint> | undefined };
}

const TOP_KEYS = ['arch', 'name', 'zone_id', 'cpus', 'memory_regions', 'interrupts', 'ivc_configs', 'kernel_filepath', 'dtb_filepath', 'kernel_load_paddr', 'dtb_load_paddr', 'entry_point', 'kernel_args', 'arch_config', 'pci_config', 'num_pci_devs', 'alloc_pci_devs', 'modules'] as const;
const REQUIRED = ['zone_id', 'cpus', 'name', 'memory_regions', 'kernel_filepath', 'dtb_filepath', 'kernel_load_paddr', 'dtb_load_paddr', 'entry_point', 'interrupts', 'ivc_configs', 'arch_config'] as const;
const REGION_KEYS = ['type', 'physical_start', 'virtual_start', 'size'] as const;
const IVC_KEYS = ['ivc_id', 'peer_id', 'control_table_ipa', 'shared_mem_ipa', 'rw_sec_size', 'out_sec_size', 'interrupt_num', 'max_peers'] as const;
const ARM_ARCH_KEYS = ['gic_version', 'gicd_base', 'gicd_size', 'gicr_base', 'gicr_size', 'gits_base', 'gits_size', 'gicc_base', 'gicc_size', 'gicc_offset', 'gich_base', 'gich_size', 'gicv_base', 'gicv_size', 'is_aarch32', 'memory_map_addr', 'memory_map_size', 'sys_map_addr'] as const;
const GICV2_KEYS = ['gicd_base', 'gicd_size', 'gicc_base', 'gicc_size', 'gicc_offset', 'gich_base', 'gich_size', 'gicv_base', 'gicv_size'] as const;
const GICV3_KEYS = ['gicd_base', 'gicd_size', 'gicr_base', 'gicr_size'] as const;
const PCI_KEYS = ['ecam_base', 'ecam_size', 'io_base', 'io_size', 'pci_io_base', 'mem32_base', 'mem32_size', 'pci_mem32_base', 'mem64_base', 'mem64_size', 'pci_mem64_base', 'bus_range_begin', 'bus_range_end', 'domain'] as const;
const PCI_DEV_KEYS = ['domain', 'bus', 'device', 'function', 'v_bus', 'v_device', 'v_function', 'dev_type'] as const;
const MODULE_KEYS = ['name', 'filepath', 'load_paddr'] as const;
/** Keys of other architectures' arch_config: their presence names the architecture. */
const FOREIGN_ARCH_KEYS: Record<string, string> = { plic_base: 'riscv', plic_size: 'riscv', aplic_base: 'riscv', aplic_size: 'riscv', ioapic_base: 'x86_64', ioapic_size: 'x86_64', boot_filepath: 'x86_64', cmdline: 'x86_64' };
const ARM64_NAMES = ['arm64', 'aarch64'];

/** Why a zone of another architecture is refused. */
export function foreignArchReason(arch: string): string {
  const what = /^riscv/.test(arch) ? 'RISC-V (PLIC/AIA interrupts, G-stage translation)' : /^loongarch/.test(arch) ? 'LoongArch (its own interrupt controllers and paging)' : /^x86/.test(arch) ? 'x86_64 (IOAPIC/LAPIC, EPT, ACPI boot)' : `'${arch}'`;
  return `hvsafe models an Arm hypervisor (GIC, stage-2, SMMU): a ${what} zone is not supported; only arm64 zone configurations are imported`;
}

export class ZoneReader {
  readonly errors: Diagnostic[] = [];
  constructor(readonly file: string) {}

  ref(p: Pos): SourceRef {
    return { file: this.file, line: p.line, column: p.column };
  }
  err(at: Pos | SourceRef, message: string, hint: string, cls: Diagnostic['class'] = 'schema'): void {
    this.errors.push({ class: cls, at: 'file' in at ? at : this.ref(at), message, hint });
  }

  /** An object's entries, refusing unknown keys (with a suggestion) and reporting missing required ones. */
  object(v: JsonValue, what: string, keys: readonly string[], required: readonly string[] = []): Map<string, JsonEntry> | undefined {
    if (v.kind !== 'object') {
      this.err(v.at, `${what} must be an object, not ${kindOf(v)}`, `write { … } with the keys ${keys.join(', ')}`);
      return undefined;
    }
    const out = new Map<string, JsonEntry>();
    for (const e of v.entries) {
      if (!keys.includes(e.key)) {
        const dym = didYouMean(e.key, keys);
        this.err(e.keyAt, `${what} has no key "${e.key}"`, dym ?? `its keys are ${keys.join(', ')}`);
        continue;
      }
      out.set(e.key, e);
    }
    const missing = required.filter((k) => !out.has(k));
    if (missing.length > 0) this.err(v.at, `${what} lacks ${missing.map((k) => `"${k}"`).join(', ')}`, `hvisor-tool refuses a zone without ${missing.length === 1 ? 'it' : 'them'}: add ${missing.map((k) => `"${k}": …`).join(', ')}`);
    return out;
  }

  /** A number or a string holding one, as parse_json_linux_u64 reads it; within [0, 2^bits). */
  uint(v: JsonValue, what: string, bits = 64): bigint | undefined {
    let t: string;
    if (v.kind === 'number') t = v.text;
    else if (v.kind === 'string') t = v.value.trim();
    else {
      this.err(v.at, `${what} must be a number or a string like "0x4000_0000", not ${kindOf(v)}`, 'write it as "0x…" (hexadecimal) or a decimal number');
      return undefined;
    }
    if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) {
      this.err(v.at, `${what} '${t}' is not a non-negative integer`, 'write "0x…" (hexadecimal) or a decimal integer; no sign, fraction or exponent');
      return undefined;
    }
    const n = BigInt(t);
    if (n >= 1n << BigInt(bits)) {
      this.err(v.at, `${what} ${t} does not fit in ${bits} bits`, `hvisor stores it as a u${bits}: the largest is 0x${((1n << BigInt(bits)) - 1n).toString(16)}`);
      return undefined;
    }
    return n;
  }

  /**
   * A JSON number only: hvisor-tool reads these fields with cJSON's valueint, which gives 0
   * for a string ("2" would silently become CPU 0).
   */
  int(v: JsonValue, what: string, bits = 32): bigint | undefined {
    if (v.kind !== 'number') {
      this.err(v.at, `${what} must be a JSON number, not ${kindOf(v)}`, `hvisor-tool reads it as a number (a string would be read as 0): write it without quotes`);
      return undefined;
    }
    return this.uint(v, what, bits);
  }

  string(v: JsonValue, what: string): string | undefined {
    if (v.kind === 'string') return v.value;
    this.err(v.at, `${what} must be a string, not ${kindOf(v)}`, 'write it in double quotes');
    return undefined;
  }

  array(v: JsonValue, what: string): readonly JsonValue[] | undefined {
    if (v.kind === 'array') return v.items;
    this.err(v.at, `${what} must be an array, not ${kindOf(v)}`, 'write [ … ]');
    return undefined;
  }
}

/** Decode one zone file; undefined when it has errors (then in `r.errors`). */
export function decodeZone(root: JsonValue, r: ZoneReader): Zone | undefined {
  const before = r.errors.length;
  if (root.kind === 'object' && root.entries.some((e) => e.key === 'zones')) {
    r.err(root.at, 'this is a virtio configuration (`hvisor virtio start`), not a zone configuration', 'give the zone files (`hvisor zone start zone1.json`): the virtio back-ends are not imported (a zone\'s virtio regions are refused with the reason)', 'semantic');
    return undefined;
  }
  // The architecture first: a foreign zone is refused as one error, not as a list of its keys.
  if (root.kind === 'object') {
    const arch = root.entries.find((e) => e.key === 'arch');
    if (arch !== undefined && arch.value.kind === 'string' && !ARM64_NAMES.includes(arch.value.value)) {
      r.err(arch.value.at, foreignArchReason(arch.value.value), 'import the arm64 zones of an arm64 board', 'semantic');
      return undefined;
    }
    const ac = root.entries.find((e) => e.key === 'arch_config');
    if (ac !== undefined && ac.value.kind === 'object') {
      const foreign = ac.value.entries.find((e) => e.key in FOREIGN_ARCH_KEYS);
      if (foreign !== undefined && !ac.value.entries.some((e) => e.key === 'gic_version')) {
        r.err(foreign.keyAt, foreignArchReason(FOREIGN_ARCH_KEYS[foreign.key]!) + ` ("${foreign.key}" is a ${FOREIGN_ARCH_KEYS[foreign.key]} arch_config key)`, 'import the arm64 zones of an arm64 board', 'semantic');
        return undefined;
      }
    }
  }
  const top = r.object(root, 'a zone configuration', TOP_KEYS, REQUIRED);
  if (top === undefined) return undefined;
  const get = (k: string): JsonValue | undefined => top.get(k)?.value;
  const at = r.ref(root.at);

  const arch = get('arch') === undefined ? undefined : r.string(get('arch')!, '"arch"');
  const nameV = get('name');
  const name = nameV === undefined ? undefined : r.string(nameV, '"name"');
  if (name !== undefined && new TextEncoder().encode(name).length > NAME_MAXLEN) r.err(nameV!.at, `the zone name "${name}" is longer than ${NAME_MAXLEN} bytes`, `hvisor-tool refuses it ("Zone name too long"): shorten it to ${NAME_MAXLEN} bytes`, 'semantic');
  const idV = get('zone_id');
  const zoneId = idV === undefined ? undefined : r.int(idV, '"zone_id"');

  // cpus: the zone's physical CPUs (a u64 bitmap in HvZoneConfig).
  const cpus: At<number>[] = [];
  const cpusV = get('cpus');
  for (const c of (cpusV === undefined ? undefined : r.array(cpusV, '"cpus"')) ?? []) {
    const n = r.int(c, 'a CPU number');
    if (n === undefined) continue;
    if (n >= 64n) r.err(c.at, `CPU ${n} is out of range`, 'hvisor keeps a zone\'s CPUs in a 64-bit bitmap: CPU numbers are 0 to 63', 'semantic');
    else if (cpus.some((x) => x.value === Number(n))) r.err(c.at, `CPU ${n} is listed twice`, 'list each CPU once', 'semantic');
    else cpus.push({ value: Number(n), at: r.ref(c.at) });
  }
  if (cpusV !== undefined && cpusV.kind === 'array' && cpusV.items.length === 0) r.err(cpusV.at, 'the zone has no CPU', 'give at least one CPU: hvisor boots a zone on the first CPU of its set', 'semantic');

  const regions: Region[] = [];
  const mrV = get('memory_regions');
  const mrs = (mrV === undefined ? undefined : r.array(mrV, '"memory_regions"')) ?? [];
  if (mrs.length > MAX_MEMORY_REGIONS) r.err(mrV!.at, `${mrs.length} memory regions; hvisor takes at most ${MAX_MEMORY_REGIONS}`, 'merge adjacent regions (CONFIG_MAX_MEMORY_REGIONS)', 'semantic');
  mrs.forEach((m, index) => {
    const what = `memory_regions[${index}]`;
    const o = r.object(m, what, REGION_KEYS, REGION_KEYS);
    if (o === undefined) return;
    const tV = o.get('type')?.value;
    const t = tV === undefined ? undefined : r.string(tV, `${what}.type`);
    if (t !== undefined && t !== 'ram' && t !== 'io' && t !== 'virtio') r.err(tV!.at, `${what}.type "${t}" is not a memory region type`, didYouMean(t, ['ram', 'io', 'virtio']) ?? 'hvisor-tool knows "ram", "io" and "virtio"', 'schema');
    const pa = o.has('physical_start') ? r.uint(o.get('physical_start')!.value, `${what}.physical_start`) : undefined;
    const ipa = o.has('virtual_start') ? r.uint(o.get('virtual_start')!.value, `${what}.virtual_start`) : undefined;
    const size = o.has('size') ? r.uint(o.get('size')!.value, `${what}.size`) : undefined;
    if (size === 0n) r.err(o.get('size')!.value.at, `${what} has size 0`, 'give its size, or leave the region out', 'semantic');
    for (const [base, key] of [[pa, 'physical_start'], [ipa, 'virtual_start']] as const) {
      if (base !== undefined && size !== undefined && base + size > 1n << 64n) r.err(o.get(key)!.value.at, `${what} ends beyond the 64-bit address space (0x${base.toString(16)} + 0x${size.toString(16)})`, 'check the start and the size', 'semantic');
    }
    if (t === 'ram' || t === 'io' || t === 'virtio') {
      if (pa !== undefined && ipa !== undefined && size !== undefined && size > 0n) regions.push({ index, type: t, pa, ipa, size, at: r.ref(m.at) });
    }
  });
  // Stage-2 mappings of one zone may not overlap in IPA: hvisor's MemorySet::insert refuses
  // the second and the zone does not start.
  const mapped = regions.filter((x) => x.type !== 'virtio');
  for (let a = 0; a < mapped.length; a++) {
    for (let b = a + 1; b < mapped.length; b++) {
      const x = mapped[a]!;
      const y = mapped[b]!;
      if (x.ipa < y.ipa + y.size && y.ipa < x.ipa + x.size) {
        r.err(y.at, `memory_regions[${y.index}] (IPA 0x${y.ipa.toString(16)}-0x${(y.ipa + y.size - 1n).toString(16)}) overlaps memory_regions[${x.index}] (IPA 0x${x.ipa.toString(16)}-0x${(x.ipa + x.size - 1n).toString(16)}) at ${x.at.line}:${x.at.column}`, 'hvisor refuses overlapping regions in one zone (the stage-2 insert fails): make them disjoint or merge them', 'semantic');
      }
    }
  }

  const interrupts: At<number>[] = [];
  const irqV = get('interrupts');
  for (const q of (irqV === undefined ? undefined : r.array(irqV, '"interrupts"')) ?? []) {
    const n = r.uint(q, 'an interrupt number', 32);
    if (n === undefined) continue;
    if (n >= BigInt(MAX_INTERRUPTS)) r.err(q.at, `interrupt ${n} is out of range`, `hvisor-tool refuses it: interrupts are below ${MAX_INTERRUPTS} (CONFIG_MAX_INTERRUPTS)`, 'semantic');
    else if (interrupts.some((x) => x.value === Number(n))) r.err(q.at, `interrupt ${n} is listed twice`, 'list each interrupt once', 'semantic');
    else interrupts.push({ value: Number(n), at: r.ref(q.at) });
  }

  const ivcs: Ivc[] = [];
  const ivcV = get('ivc_configs');
  const ivcItems = (ivcV === undefined ? undefined : r.array(ivcV, '"ivc_configs"')) ?? [];
  if (ivcItems.length > MAX_IVC_CONFIGS) r.err(ivcV!.at, `${ivcItems.length} IVC configurations; hvisor takes at most ${MAX_IVC_CONFIGS}`, 'CONFIG_MAX_IVC_CONFIGS is 2', 'semantic');
  ivcItems.forEach((v, i) => {
    const what = `ivc_configs[${i}]`;
    const o = r.object(v, what, IVC_KEYS, IVC_KEYS);
    if (o === undefined) return;
    const n = (k: string, bits = 32): bigint | undefined => (o.has(k) ? r.uint(o.get(k)!.value, `${what}.${k}`, bits) : undefined);
    const vi = (k: string): bigint | undefined => (o.has(k) ? r.int(o.get(k)!.value, `${what}.${k}`) : undefined);
    const f = { ivcId: vi('ivc_id'), peerId: vi('peer_id'), ct: n('control_table_ipa', 64), shm: n('shared_mem_ipa', 64), rw: n('rw_sec_size'), out: n('out_sec_size'), irq: vi('interrupt_num'), max: vi('max_peers') };
    for (const k of ['rw_sec_size', 'out_sec_size'] as const) {
      const s = k === 'rw_sec_size' ? f.rw : f.out;
      if (s !== undefined && s % HV_PAGE !== 0n) r.err(o.get(k)!.value.at, `${what}.${k} 0x${s.toString(16)} is not a multiple of the page size`, 'hvisor refuses it ("section size must be page aligned"): round it to 4 KiB', 'semantic');
    }
    if (f.peerId !== undefined && f.max !== undefined && f.peerId >= f.max) r.err(o.get('peer_id')!.value.at, `${what}.peer_id ${f.peerId} is not below max_peers ${f.max}`, 'peers are numbered 0 to max_peers - 1', 'semantic');
    if (Object.values(f).every((x) => x !== undefined)) {
      ivcs.push({ ivcId: Number(f.ivcId), peerId: Number(f.peerId), controlTableIpa: f.ct!, sharedMemIpa: f.shm!, rwSecSize: f.rw!, outSecSize: f.out!, interruptNum: Number(f.irq), maxPeers: Number(f.max), at: r.ref(v.at) });
    }
  });

  const addr = (k: string): At<bigint> | undefined => {
    const v = get(k);
    const n = v === undefined ? undefined : r.uint(v, `"${k}"`);
    return n === undefined ? undefined : { value: n, at: r.ref(v!.at) };
  };
  const kernelLoad = addr('kernel_load_paddr');
  const dtbLoad = addr('dtb_load_paddr');
  const entry = addr('entry_point');
  const loads: { what: string; at: SourceRef }[] = [];
  for (const k of ['kernel_filepath', 'dtb_filepath', 'kernel_args'] as const) {
    const v = get(k);
    if (v !== undefined && r.string(v, `"${k}"`) !== undefined) loads.push({ what: k, at: r.ref(v.at) });
  }
  const modV = get('modules');
  for (const [i, m] of ((modV === undefined ? undefined : r.array(modV, '"modules"')) ?? []).entries()) {
    const o = r.object(m, `modules[${i}]`, MODULE_KEYS, MODULE_KEYS);
    if (o === undefined) continue;
    if (o.has('load_paddr')) r.uint(o.get('load_paddr')!.value, `modules[${i}].load_paddr`);
    loads.push({ what: `modules[${i}]`, at: r.ref(m.at) });
  }

  let archConfig: ArchConfig | undefined;
  const acV = get('arch_config');
  const ac = acV === undefined ? undefined : r.object(acV, '"arch_config"', ARM_ARCH_KEYS, ['gic_version']);
  if (ac !== undefined) {
    const gvV = ac.get('gic_version')?.value;
    const gv = gvV === undefined ? undefined : r.string(gvV, '"gic_version"');
    let version: 2 | 3 | undefined;
    if (gv === 'v2') version = 2;
    else if (gv === 'v3') version = 3;
    else if (gv !== undefined) r.err(gvV!.at, `"gic_version" "${gv}" is not a GIC version`, 'hvisor-tool takes "v2" or "v3"');
    const need = version === 2 ? GICV2_KEYS : version === 3 ? GICV3_KEYS : [];
    const missing = need.filter((k) => !ac.has(k));
    if (missing.length > 0) r.err(acV!.at, `a GIC${gv} arch_config lacks ${missing.map((k) => `"${k}"`).join(', ')}`, 'hvisor-tool refuses the zone without them');
    const vals = new Map<string, bigint>();
    for (const [k, e] of ac) {
      if (k === 'gic_version' || k === 'is_aarch32') continue;
      const n = r.uint(e.value, `arch_config.${k}`);
      if (n !== undefined) vals.set(k, n);
    }
    const a32 = ac.get('is_aarch32')?.value;
    let isAarch32: At<boolean> | undefined;
    if (a32 !== undefined) {
      if (a32.kind === 'boolean') isAarch32 = { value: a32.value, at: r.ref(a32.at) };
      else if (a32.kind === 'number' && (a32.text === '0' || a32.text === '1')) isAarch32 = { value: a32.text === '1', at: r.ref(a32.at) };
      else r.err(a32.at, `"is_aarch32" must be true or false, not ${kindOf(a32)}`, 'write true or false');
    }
    const gitsAt = ac.get('gits_base') ?? ac.get('gits_size');
    if (version !== undefined) {
      archConfig = {
        gicVersion: { value: version, at: r.ref(gvV!.at) },
        gicd: vals.has('gicd_base') && vals.has('gicd_size') ? { base: vals.get('gicd_base')!, size: vals.get('gicd_size')! } : undefined,
        gits: gitsAt === undefined ? undefined : { value: { base: vals.get('gits_base') ?? 0n, size: vals.get('gits_size') ?? 0n }, at: r.ref(gitsAt.keyAt) },
        isAarch32,
        uefi: ac.has('memory_map_addr') ? r.ref(ac.get('memory_map_addr')!.keyAt) : undefined,
        at: r.ref(acV!.at),
      };
    }
  }

  const buses: SourceRef[] = [];
  const pciV = get('pci_config');
  for (const p of (pciV === undefined ? undefined : r.array(pciV, '"pci_config"')) ?? []) {
    const o = r.object(p, 'a pci_config entry', PCI_KEYS);
    if (o === undefined) continue;
    for (const [k, e] of o) r.uint(e.value, `pci_config.${k}`);
    buses.push(r.ref(p.at));
  }
  const devs: At<string>[] = [];
  const devV = get('alloc_pci_devs');
  for (const d of (devV === undefined ? undefined : r.array(devV, '"alloc_pci_devs"')) ?? []) {
    const o = r.object(d, 'an alloc_pci_devs entry', PCI_DEV_KEYS, ['domain', 'bus', 'device', 'function']);
    if (o === undefined) continue;
    const f = (k: string, bits: number): string => {
      const e = o.get(k);
      const n = e === undefined ? undefined : r.uint(e.value, `alloc_pci_devs.${k}`, bits);
      return n === undefined ? '?' : n.toString(16);
    };
    devs.push({ value: `${f('domain', 8)}:${f('bus', 8)}:${f('device', 5)}.${f('function', 3)}${o.has('dev_type') ? ` type ${f('dev_type', 32)}` : ''}`, at: r.ref(d.at) });
  }
  const ndV = get('num_pci_devs');
  const nd = ndV === undefined ? undefined : r.uint(ndV, '"num_pci_devs"');
  if (nd !== undefined && nd !== BigInt(devs.length) && devV !== undefined && devV.kind === 'array') r.err(ndV!.at, `"num_pci_devs" is ${nd} but alloc_pci_devs lists ${devV.items.length}`, 'make them agree', 'semantic');

  if (r.errors.length > before || name === undefined || zoneId === undefined || kernelLoad === undefined || dtbLoad === undefined || entry === undefined || archConfig === undefined || cpusV === undefined) {
    if (r.errors.length === before) r.err(at, 'the zone configuration is incomplete', 'give every key hvisor-tool requires');
    return undefined;
  }
  return {
    file: r.file,
    at,
    name: { value: name, at: r.ref(nameV!.at) },
    zoneId: { value: Number(zoneId), at: r.ref(idV!.at) },
    arch: arch === undefined ? undefined : { value: arch, at: r.ref(get('arch')!.at) },
    cpus,
    cpusAt: r.ref(cpusV.at),
    regions,
    interrupts,
    ivcs,
    kernelLoad,
    dtbLoad,
    entry,
    loads,
    archConfig,
    pci: { buses, devs, numDevs: nd === undefined ? undefined : { value: nd, at: r.ref(ndV!.at) } },
  };
}
