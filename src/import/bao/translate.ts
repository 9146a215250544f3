// Bao VM configuration (config.c) + platform description (<board>_desc.c) → Scenario.
// What the configuration leaves to Bao is emulated:
//   - CPUs: vmm_assign_vcpu (src/core/vmm.c): each pCPU first joins the first VM, in vmlist
//     order, whose cpu_affinity has its bit and which still lacks CPUs; the pCPUs left over
//     then join the first VM still lacking CPUs. Bao's pCPUs race for this; we run them in
//     ascending and in descending order, and when the two outcomes differ the fate says so.
//   - Memory without place_phys: Bao's page allocator over the platform's regions, shared
//     memory first (shmem_init runs before the VMs), then each VM's regions in order,
//     bottom-up, page-aligned, around every place_phys range. Bao's own image and its
//     per-CPU and per-VM structures come out of the same pool first, so the addresses are an
//     approximation; that no page is handed out twice is not.

import { basename, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { SourceRef } from '../../config/types.js';
import { finish, hexAddr, YamlOut, type FateRow, type ImportResult } from '../common.js';
import type { Overlay } from '../overlay.js';
import { preprocess } from './cpp.js';
import { CError, parseDecls, tokenize, type CDecl, type CItem, type CValue } from './creader.js';
import { bits, Reader } from './schema.js';

const PAGE = 0x1000n;
const U64_END = 1n << 64n;

interface Region { ipa: bigint; size: bigint; colors: bigint | undefined; phys: bigint | undefined; at: SourceRef; pa?: bigint }
interface Dev { pa: bigint; va: bigint; size: bigint; irqs: { id: number; at: SourceRef }[]; id: bigint | undefined; at: SourceRef }
interface Ipc { base: bigint; size: bigint; shmemId: number; irqs: { id: number; at: SourceRef }[]; at: SourceRef }
interface VmCfg { index: number; name: string; cpuNum: number; affinity: bigint; colors: bigint | undefined; regions: Region[]; devs: Dev[]; ipcs: Ipc[]; at: SourceRef; pcpus: number[] }
interface Shmem { size: bigint; colors: bigint | undefined; phys: bigint | undefined; at: SourceRef; pa?: bigint }

/** Preprocess and read one file's declarations. */
function readC(file: string, includes: readonly string[], defines: readonly string[]): { ok: true; decls: CDecl[] } | { ok: false; diagnostics: readonly Diagnostic[] } {
  const cpp = preprocess(file, includes, defines);
  if (!cpp.ok) return cpp;
  try {
    const toks = tokenize(cpp.text, (f) => {
      try {
        return readFileSync(resolve(f), 'utf8');
      } catch {
        return undefined;
      }
    });
    return { ok: true, decls: parseDecls(toks).map((d) => d) };
  } catch (e) {
    if (!(e instanceof CError)) throw e;
    return { ok: false, diagnostics: [{ class: 'syntax', at: { ...e.at, file: resolve(e.at.file) }, message: e.message, hint: e.hint }] };
  }
}

/** Every reference in a value tree points at the absolute path of its file. */
function absolute(v: CValue): CValue {
  const at = { ...v.at, file: resolve(v.at.file) };
  if (v.kind !== 'list') return { ...v, at };
  return { ...v, at, items: v.items.map((i): CItem => ({ ...i, at: { ...i.at, file: resolve(i.at.file) }, value: absolute(i.value) })) };
}

function find(decls: readonly CDecl[], types: readonly string[], name: string, file: string, errors: Diagnostic[]): CValue | undefined {
  const d = decls.find((x) => types.includes(x.type) && x.name === name);
  if (d === undefined) errors.push({ class: 'semantic', at: { file: resolve(file), line: 1, column: 1 }, message: `no 'struct ${types[0]} ${name} = {…};' in this file`, hint: `Bao's ${name === 'config' ? 'VM configuration' : 'platform description'} defines struct ${types[0]} ${name}` });
  return d === undefined ? undefined : absolute(d.value);
}

export function importBao(configFile: string, platformFile: string | undefined, includes: readonly string[], defines: readonly string[], outFile: string, overlay: Overlay): ImportResult {
  const cfgPath = resolve(configFile);
  if (platformFile === undefined) {
    return { ok: false, diagnostics: [{ class: 'syntax', at: { file: cfgPath, line: 1, column: 1 }, message: 'a Bao configuration needs its platform description: config.c does not say what RAM, CPUs, GIC and SMMU the board has', hint: 'give --platform platforms/<board>/<board>_desc.c' }] };
  }
  const platPath = resolve(platformFile);
  const bad = defines.filter((d) => !/^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/.test(d));
  if (bad.length > 0) return { ok: false, diagnostics: bad.map((d) => ({ class: 'syntax' as const, at: { file: '--define', line: 1, column: 1 }, message: `'${d}' is not NAME or NAME=VALUE`, hint: 'write --define RPI4_MEM_GB=4, as Bao\'s build passes it with -D' })) };
  const cfgC = readC(cfgPath, includes, defines);
  const platC = readC(platPath, includes, defines);
  const early = [...(cfgC.ok ? [] : cfgC.diagnostics), ...(platC.ok ? [] : platC.diagnostics)];
  if (!cfgC.ok || !platC.ok) return { ok: false, diagnostics: early };
  const errors: Diagnostic[] = [];
  const configV = find(cfgC.decls, ['config'], 'config', cfgPath, errors);
  const platV = find(platC.decls, ['platform', 'platform_desc'], 'platform', platPath, errors);
  if (configV === undefined || platV === undefined) return { ok: false, diagnostics: errors };

  const rd = new Reader();
  const fates: FateRow[] = [];
  const fate = (element: string, at: SourceRef, f: FateRow['fate'], as: string, note = ''): void => void fates.push({ element, at, fate: f, as, note });
  const int = (m: Map<string, CItem> | undefined, k: string, what: string): bigint | undefined => rd.int(m?.get(k), what);
  const irqList = (m: Map<string, CItem>, what: string, at: SourceRef): { id: number; at: SourceRef }[] =>
    rd.counted(m, 'interrupt_num', 'interrupts', what, at).flatMap((x) => {
      if (x.value.kind !== 'int' || x.value.value > 1019n) {
        rd.error(x.at, `an interrupt of ${what} must be a GIC interrupt ID (0..1019)`, 'write the interrupt ID as a number');
        return [];
      }
      return [{ id: Number(x.value.value), at: x.at }];
    });
  const rangeOk = (base: bigint, size: bigint, at: SourceRef, what: string): boolean => {
    if (base + size > U64_END) {
      rd.error(at, `${what} (${hexAddr(base)} + ${hexAddr(size)}) ends past the 64-bit address space`, 'check the base and the size');
      return false;
    }
    return true;
  };

  // ---- the platform.
  const plat = rd.struct(platV, ['cpu_num', 'cpu_master_fixed', 'cpu_master', 'region_num', 'regions', 'console', 'arch', 'cache', 'dev_num', 'devs'], 'the platform') ?? new Map();
  const cpuNum = Number(int(plat, 'cpu_num', '.cpu_num') ?? 0n);
  if (!plat.has('cpu_num')) rd.error(platV.at, 'the platform has no .cpu_num', 'write .cpu_num = <number of CPUs>');
  if (cpuNum > 64) rd.error(plat.get('cpu_num')!.at, `.cpu_num ${cpuNum} is more than Bao's cpumap_t holds (64)`, 'check .cpu_num');
  const ram = rd.counted(plat, 'region_num', 'regions', 'the platform', platV.at).flatMap((r, i) => {
    const f = rd.struct(r.value, ['base', 'size'], `platform region [${i}]`);
    const base = int(f, 'base', '.base');
    const size = int(f, 'size', '.size');
    if (base === undefined || size === undefined || !rangeOk(base, size, r.at, `platform region [${i}]`)) return [];
    fate(`platform: regions[${i}] (${hexAddr(base)}, ${hexAddr(size)})`, r.at, 'faithful', `RAM bank ram${i}`);
    return [{ base, size, at: r.at, name: `ram${i}` }];
  });
  if (plat.has('cache')) fate('platform: cache', plat.get('cache')!.at, 'refused', '-', "Bao computes the number of colors from the cache geometry; hvsafe takes the LLC from the overlay (soc: {llc: {size, ways, colors}})");
  if (plat.has('devs')) fate('platform: devs', plat.get('devs')!.at, 'refused', '-', 'platform devices of older Bao releases: what a VM may reach is in its own .devs');
  const frames: { name: string; kind: string; base: bigint; size: bigint; at: SourceRef; note: string }[] = [];
  const hvIrqs: { name: string; kind: string; id: number; at: SourceRef }[] = [];
  const consoleF = rd.struct(plat.get('console')?.value, ['base'], 'the platform console');
  const consoleBase = int(consoleF, 'base', '.console.base');
  if (consoleBase !== undefined) frames.push({ name: 'console', kind: 'console', base: consoleBase, size: PAGE, at: plat.get('console')!.at, note: "Bao's own UART; its size is not in the description: one 4 KiB page is assumed" });
  const arch = rd.struct(plat.get('arch')?.value, ['gic', 'smmu', 'generic_timer', 'clusters', 'irqc'], 'the platform .arch') ?? new Map();
  const gicF = rd.struct(arch.get('gic')?.value, ['gicd_addr', 'gicc_addr', 'gich_addr', 'gicv_addr', 'gicr_addr', 'maintenance_id'], 'the platform GIC') ?? new Map();
  const gicVersion = gicF.has('gicr_addr') ? 3 : 2;
  const gicFrames: [string, string, bigint][] = [
    ['gicd_addr', 'gic-distributor', gicVersion === 3 ? 0x10000n : PAGE],
    ['gicc_addr', 'other', 0x2000n],
    ['gich_addr', 'other', PAGE],
    ['gicv_addr', 'other', 0x2000n],
    ['gicr_addr', 'gic-redistributor', 0x20000n * BigInt(Math.max(cpuNum, 1))],
  ];
  for (const [k, kind, size] of gicFrames) {
    const base = int(gicF, k, `.gic.${k}`);
    if (base !== undefined) frames.push({ name: k.replace('_addr', ''), kind, base, size, at: gicF.get(k)!.at, note: `the GIC frame's size is not in the description: ${hexAddr(size)} as the GICv${gicVersion} architecture gives it` });
  }
  const maint = int(gicF, 'maintenance_id', '.gic.maintenance_id');
  if (maint !== undefined) hvIrqs.push({ name: 'gic-maintenance', kind: 'maintenance', id: Number(maint), at: gicF.get('maintenance_id')!.at });
  const smmuF = rd.struct(arch.get('smmu')?.value, ['base', 'interrupt_id', 'global_mask'], 'the platform SMMU');
  const smmuBase = int(smmuF, 'base', '.smmu.base');
  const globalMask = int(smmuF, 'global_mask', '.smmu.global_mask') ?? 0n;
  if (smmuBase !== undefined) frames.push({ name: 'smmu', kind: 'smmu', base: smmuBase, size: 0x10000n, at: arch.get('smmu')!.at, note: "the SMMU's size is not in the description: 64 KiB is assumed" });
  const smmuIrq = int(smmuF, 'interrupt_id', '.smmu.interrupt_id');
  if (smmuIrq !== undefined) hvIrqs.push({ name: 'smmu', kind: 'other', id: Number(smmuIrq), at: smmuF!.get('interrupt_id')!.at });
  if (arch.has('generic_timer')) fate('platform: arch.generic_timer', arch.get('generic_timer')!.at, 'faithful', '-', 'the system counter Bao reads; guests use their own virtual timers (no isolation effect)');
  if (arch.has('clusters')) fate('platform: arch.clusters', arch.get('clusters')!.at, 'approximate', `CPUs 0-${cpuNum - 1}`, 'the cluster split is not carried: every CPU is one kind');
  if (arch.has('irqc')) fate('platform: arch.irqc', arch.get('irqc')!.at, 'refused', '-', 'a RISC-V interrupt controller: only Arm is translated');

  // ---- the shared memory objects.
  const cfg = rd.struct(configV, ['shmemlist_size', 'shmemlist', 'vmlist_size', 'vmlist', 'hyp', 'remio_dev_num', 'remio_devs'], 'struct config') ?? new Map();
  if (cfg.has('hyp')) fate('config: hyp', cfg.get('hyp')!.at, 'refused', '-', "the hypervisor's own placement and colors: not in the scenario (where Bao's image lies is unknown to hvsafe)");
  if (cfg.has('remio_devs')) fate('config: remio_devs', cfg.get('remio_devs')!.at, 'refused', '-', 'remote I/O (VirtIO over Bao) is not translated yet');
  const shmems: Shmem[] = rd.counted(cfg, 'shmemlist_size', 'shmemlist', 'struct config', configV.at).map((s, i) => {
    const f = rd.struct(s.value, ['size', 'colors', 'place_phys', 'phys', 'base'], `shmemlist[${i}]`);
    const size = int(f, 'size', '.size') ?? 0n;
    if (size === 0n || size % PAGE !== 0n) rd.error(s.at, `shmemlist[${i}] has size ${hexAddr(size)}, not a positive multiple of 4 KiB`, 'Bao allocates whole pages');
    const placed = (int(f, 'place_phys', '.place_phys') ?? 0n) !== 0n;
    // .base and .phys are one union member in struct shmem.
    const phys = placed ? int(f, 'phys', '.phys') ?? int(f, 'base', '.base') ?? 0n : undefined;
    if (phys !== undefined) rangeOk(phys, size, s.at, `shmemlist[${i}]`);
    return { size, colors: int(f, 'colors', '.colors'), phys, at: s.at };
  });

  // ---- the VMs.
  const vms: VmCfg[] = rd.counted(cfg, 'vmlist_size', 'vmlist', 'struct config', configV.at).map((v, index) => {
    const f = rd.struct(v.value, ['image', 'entry', 'cpu_affinity', 'colors', 'platform', 'children_num', 'children', 'type'], `vmlist[${index}]`) ?? new Map();
    const img = rd.struct(f.get('image')?.value, ['base_addr', 'load_addr', 'size', 'separately_loaded', 'inplace', 'hvsafe_image'], `the image of vmlist[${index}]`);
    const imgName = img?.get('hvsafe_image')?.value;
    const raw = imgName?.kind === 'string' ? imgName.value.replace(/_image$|_img$/, '').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase() : '';
    const name = raw === '' ? `vm${index}` : raw;
    const pf = rd.struct(f.get('platform')?.value, ['cpu_num', 'region_num', 'regions', 'ipc_num', 'ipcs', 'dev_num', 'devs', 'remio_dev_num', 'remio_devs', 'mmu', 'arch'], `the platform of vmlist[${index}]`) ?? new Map();
    if (!pf.has('cpu_num')) rd.error(v.at, `vmlist[${index}] has no .platform.cpu_num`, 'write .cpu_num = <vCPUs>');
    const regions = rd.counted(pf, 'region_num', 'regions', `vmlist[${index}]`, v.at).map((r, i): Region => {
      const rf = rd.struct(r.value, ['base', 'size', 'colors', 'place_phys', 'phys'], `region [${i}] of vmlist[${index}]`);
      const ipa = int(rf, 'base', '.base') ?? 0n;
      const size = int(rf, 'size', '.size') ?? 0n;
      if (size === 0n || size % PAGE !== 0n || ipa % PAGE !== 0n) rd.error(r.at, `region [${i}] of vmlist[${index}] (${hexAddr(ipa)}, ${hexAddr(size)}) is not page-aligned or is empty`, 'Bao maps whole 4 KiB pages: align .base and .size');
      rangeOk(ipa, size, r.at, `region [${i}] of vmlist[${index}]`);
      const placed = (int(rf, 'place_phys', '.place_phys') ?? 0n) !== 0n;
      const phys = placed ? int(rf, 'phys', '.phys') ?? 0n : undefined;
      if (phys !== undefined) rangeOk(phys, size, r.at, `region [${i}] of vmlist[${index}] (phys)`);
      return { ipa, size, colors: int(rf, 'colors', '.colors'), phys, at: r.at };
    });
    const devs = rd.counted(pf, 'dev_num', 'devs', `vmlist[${index}]`, v.at).map((d, i): Dev => {
      const df = rd.struct(d.value, ['pa', 'va', 'size', 'interrupt_num', 'interrupts', 'id'], `dev [${i}] of vmlist[${index}]`) ?? new Map();
      const pa = int(df, 'pa', '.pa') ?? 0n;
      const size = int(df, 'size', '.size') ?? 0n;
      rangeOk(pa, size, d.at, `dev [${i}] of vmlist[${index}]`);
      return { pa, va: int(df, 'va', '.va') ?? pa, size, irqs: irqList(df, `dev [${i}] of vmlist[${index}]`, d.at), id: int(df, 'id', '.id'), at: d.at };
    });
    const ipcs = rd.counted(pf, 'ipc_num', 'ipcs', `vmlist[${index}]`, v.at).map((c, i): Ipc => {
      const cf = rd.struct(c.value, ['base', 'size', 'shmem_id', 'interrupt_num', 'interrupts'], `ipc [${i}] of vmlist[${index}]`) ?? new Map();
      const shmemId = Number(int(cf, 'shmem_id', '.shmem_id') ?? 0n);
      const size = int(cf, 'size', '.size') ?? 0n;
      const sh = shmems[shmemId];
      if (sh === undefined) rd.error(cf.get('shmem_id')?.at ?? c.at, `ipc [${i}] of vmlist[${index}] names shmem ${shmemId}, but shmemlist has ${shmems.length}`, `shmem ids are 0..${shmems.length - 1}`);
      else if (size > sh.size) rd.error(cf.get('size')?.at ?? c.at, `ipc [${i}] of vmlist[${index}] maps ${hexAddr(size)} of shmem ${shmemId}, which has ${hexAddr(sh.size)}`, 'Bao refuses an ipc larger than its shared memory');
      return { base: int(cf, 'base', '.base') ?? 0n, size, shmemId, irqs: irqList(cf, `ipc [${i}] of vmlist[${index}]`, c.at), at: c.at };
    });
    const varch = rd.struct(pf.get('arch')?.value, ['gic', 'smmu'], `the arch of vmlist[${index}]`);
    if (varch?.has('gic')) fate(`${name}: platform.arch.gic`, varch.get('gic')!.at, 'faithful', '-', "the VM's virtual GIC frames: Bao emulates them (accesses trap), no physical frame is mapped");
    if (varch?.has('smmu')) fate(`${name}: platform.arch.smmu`, varch.get('smmu')!.at, 'refused', '-', 'per-VM SMMU stream groups (group_mask/group_id) are not translated yet: only each device\'s .id is');
    if (pf.has('remio_devs')) fate(`${name}: platform.remio_devs`, pf.get('remio_devs')!.at, 'refused', '-', 'remote I/O (VirtIO over Bao) is not translated yet');
    if (f.has('entry')) fate(`${name}: entry`, f.get('entry')!.at, 'faithful', '-', 'where the guest starts: no isolation effect');
    if (img !== undefined) fate(`${name}: image`, f.get('image')!.at, 'faithful', '-', "the guest's code, copied into its own memory: its contents are not analysed");
    return { index, name, cpuNum: Number(int(pf, 'cpu_num', '.cpu_num') ?? 0n), affinity: int(f, 'cpu_affinity', '.cpu_affinity') ?? 0n, colors: int(f, 'colors', '.colors'), regions, devs, ipcs, at: v.at, pcpus: [] };
  });
  const names = new Map<string, number>();
  for (const vm of vms) names.set(vm.name, (names.get(vm.name) ?? 0) + 1);
  for (const vm of vms) if (names.get(vm.name)! > 1) (vm as { name: string }).name = `${vm.name}-${vm.index}`;

  if (rd.errors.length > 0) return { ok: false, diagnostics: [...errors, ...rd.errors] };

  // ---- CPUs as vmm_assign_vcpu hands them out.
  const assign = (order: number[]): number[][] => {
    const got = vms.map(() => [] as number[]);
    const left: number[] = [];
    for (const c of order) {
      const i = vms.findIndex((vm, k) => (vm.affinity & (1n << BigInt(c))) !== 0n && (got[k]!.length === 0 || got[k]!.length < vm.cpuNum));
      if (i >= 0) got[i]!.push(c);
      else left.push(c);
    }
    for (const c of left) {
      const i = vms.findIndex((vm, k) => got[k]!.length < vm.cpuNum);
      if (i >= 0) got[i]!.push(c);
    }
    return got.map((g) => [...g].sort((a, b) => a - b));
  };
  const cpus = [...Array(cpuNum).keys()];
  const up = assign(cpus);
  const down = assign([...cpus].reverse());
  const racy = JSON.stringify(up) !== JSON.stringify(down);
  for (const vm of vms) {
    vm.pcpus = up[vm.index]!;
    const aff = bits(vm.affinity);
    if (vm.pcpus.length !== vm.cpuNum) {
      rd.error(vm.at, `${vm.name} (vmlist[${vm.index}]) asks for ${vm.cpuNum} CPUs but Bao's assignment gives it ${vm.pcpus.length} of the platform's ${cpuNum}${vm.pcpus.length > vm.cpuNum ? ' (a VM with .cpu_num 0 still takes the first CPU of its affinity)' : ''}`, 'Bao would wait for the missing CPUs forever: lower .cpu_num or free CPUs in the other VMs');
      continue;
    }
    const beyond = aff.filter((c) => c >= cpuNum);
    const notes = [
      `cpu_affinity ${hexAddr(vm.affinity)} (CPUs ${aff.join(', ') || 'none'}), cpu_num ${vm.cpuNum}: Bao assigns pCPUs ${vm.pcpus.join(', ')}`,
      beyond.length > 0 ? `affinity bits ${beyond.join(', ')} name CPUs the platform does not have: ignored` : '',
      racy ? `the assignment depends on the order in which Bao's CPUs boot (ascending order gives this; descending gives ${down[vm.index]!.join(', ')}): make the affinities exact to fix it` : '',
    ].filter((s) => s !== '');
    fate(`${vm.name}: vmlist[${vm.index}] (cpu_num ${vm.cpuNum})`, vm.at, racy ? 'approximate' : 'faithful', `VM ${vm.name}, vCPUs on pCPUs ${vm.pcpus.join(', ')}`, notes.join('; '));
  }
  if (rd.errors.length > 0) return { ok: false, diagnostics: rd.errors };

  // ---- memory: place_phys ranges first, then Bao's allocator.
  const taken: [bigint, bigint][] = [];
  for (const s of shmems) if (s.phys !== undefined) taken.push([s.phys, s.phys + s.size]);
  for (const vm of vms) for (const r of vm.regions) if (r.phys !== undefined) taken.push([r.phys, r.phys + r.size]);
  const banks = [...ram].sort((a, b) => (a.base < b.base ? -1 : 1));
  const alloc = (size: bigint, at: SourceRef, what: string): bigint | undefined => {
    for (const b of banks) {
      let a = ((b.base + PAGE - 1n) / PAGE) * PAGE;
      for (;;) {
        if (a + size > b.base + b.size) break;
        const clash = taken.find(([lo, hi]) => a < hi && lo < a + size);
        if (clash === undefined) {
          taken.push([a, a + size]);
          return a;
        }
        a = ((clash[1] + PAGE - 1n) / PAGE) * PAGE;
      }
    }
    rd.error(at, `${what} (${hexAddr(size)}) does not fit in the platform's free memory`, 'Bao would fail to allocate it too: shrink it or check the platform regions');
    return undefined;
  };
  const ALLOC_NOTE = "placed as Bao's allocator would, bottom-up in the platform's regions after the shared memory and the earlier VMs, around every place_phys range; Bao's own image and structures come from the same pool first, so the address may differ (that no page is given twice does not)";
  shmems.forEach((s, i) => {
    s.pa = s.phys ?? alloc(s.size, s.at, `shmemlist[${i}]`);
  });
  for (const vm of vms) {
    vm.regions.forEach((r, i) => {
      r.pa = r.phys ?? alloc(r.size, r.at, `${vm.name}: region [${i}]`);
      // Two regions of one VM at overlapping guest addresses: Bao's stage-2 mapping refuses the second.
      const o = vm.regions.findIndex((q, k) => k < i && q.ipa < r.ipa + r.size && r.ipa < q.ipa + q.size);
      if (o >= 0) rd.error(r.at, `${vm.name}: region [${i}] (${hexAddr(r.ipa)}, ${hexAddr(r.size)}) overlaps region [${o}] in the guest's address space`, 'Bao cannot map one guest address twice: move .base');
    });
  }
  if (rd.errors.length > 0) return { ok: false, diagnostics: rd.errors };

  // ---- colors: honoured only when the overlay gives the LLC (Bao derives the count from the cache).
  const llc = overlay.soc.get('llc');
  const colorsOf = (vm: VmCfg): number[] => (vm.colors === undefined || vm.colors === 0n || llc === undefined ? [] : bits(vm.colors));
  for (const vm of vms) {
    if (vm.colors === undefined || vm.colors === 0n) continue;
    if (llc === undefined) fate(`${vm.name}: colors ${hexAddr(vm.colors)}`, vm.at, 'refused', '-', "Bao's cache coloring needs the LLC's geometry, which is not in the description: give soc: {llc: {size, ways, colors}} in the overlay");
    else fate(`${vm.name}: colors ${hexAddr(vm.colors)}`, vm.at, 'approximate', `cache-colors [${bits(vm.colors).join(', ')}]`, "Bao truncates the bitmap to the colors the cache has; the VM's pages are scattered over its colors, the scenario shows one range per region");
  }

  // ---- devices: one SoC device per MMIO range; the same range in two VMs is one device given twice.
  const socDevs = new Map<string, { name: string; pa: bigint; size: bigint; irqs: Set<number>; sids: Set<number>; at: SourceRef }>();
  const vmDevs = new Map<string, { dev: string; va: bigint; at: SourceRef }[]>();
  const vmIrqs = new Map<string, { id: number; at: SourceRef }[]>();
  const sidOwners: { sid: bigint; vm: string; at: SourceRef }[] = [];
  for (const vm of vms) {
    vm.devs.forEach((d, i) => {
      const el = `${vm.name}: devs[${i}]`;
      for (const q of d.irqs) {
        if (q.id < 32) fate(`${el}: interrupt ${q.id}`, q.at, 'refused', '-', 'a private per-CPU interrupt (e.g. 27, the virtual timer): each vCPU has its own; private interrupts are not modelled');
        else if (hvIrqs.some((h) => h.id === q.id)) fate(`${el}: interrupt ${q.id}`, q.at, 'faithful', `SPI ${q.id} routed to ${vm.name}`, 'an interrupt Bao keeps for itself is given to a VM: the check reports it');
        else fate(`${el}: interrupt ${q.id}`, q.at, 'approximate', `SPI ${q.id} routed to ${vm.name}`, "Bao lets the guest's virtual GIC target any of its vCPUs; the model routes it to vCPU 0");
        if (q.id >= 32) vmIrqs.set(vm.name, [...(vmIrqs.get(vm.name) ?? []), q]);
      }
      if (d.size === 0n) {
        if (d.irqs.length === 0) fate(el, d.at, 'faithful', '-', 'no MMIO and no interrupts: nothing is given');
        return;
      }
      if (d.pa % PAGE !== 0n || d.size % PAGE !== 0n || d.va % PAGE !== 0n) {
        rd.error(d.at, `${el} (pa ${hexAddr(d.pa)}, va ${hexAddr(d.va)}, size ${hexAddr(d.size)}) is not page-aligned`, 'Bao maps devices in whole 4 KiB pages: align .pa, .va and .size');
        return;
      }
      const key = `${d.pa}:${d.size}`;
      const sd = socDevs.get(key) ?? { name: `dev-${d.pa.toString(16)}`, pa: d.pa, size: d.size, irqs: new Set<number>(), sids: new Set<number>(), at: d.at };
      socDevs.set(key, sd);
      for (const q of d.irqs) if (q.id >= 32) sd.irqs.add(q.id);
      if (d.id !== undefined && smmuBase !== undefined) {
        sd.sids.add(Number(d.id));
        sidOwners.push({ sid: d.id, vm: vm.name, at: d.at });
      }
      vmDevs.set(vm.name, [...(vmDevs.get(vm.name) ?? []), { dev: sd.name, va: d.va, at: d.at }]);
      const sidNote = d.id === undefined ? '' : smmuBase === undefined ? `; stream id ${d.id} has no effect: the platform has no SMMU` : `; stream id ${hexAddr(d.id)} behind the SMMU${globalMask !== 0n ? ` (Bao matches it under global_mask ${hexAddr(globalMask)}; the model matches exact IDs)` : ''}`;
      fate(el, d.at, d.id !== undefined && globalMask !== 0n ? 'approximate' : 'faithful', `passthrough of ${sd.name} (${hexAddr(d.pa)} -> ${hexAddr(d.va)}, ${hexAddr(d.size)})`, `the kind of device is not in the configuration${sidNote}`);
    });
  }
  // Stream IDs equal outside the global mask land in one SMMU context: two VMs would share it.
  for (const a of sidOwners) for (const b of sidOwners) {
    if (a === b || a.vm >= b.vm) continue;
    if ((a.sid & ~globalMask) === (b.sid & ~globalMask)) rd.error(b.at, `stream id ${hexAddr(b.sid)} of ${b.vm} equals ${a.vm}'s ${hexAddr(a.sid)} outside the SMMU's global_mask ${hexAddr(globalMask)}: Bao would put both in one context`, 'give the devices stream IDs that differ outside global_mask');
  }
  if (rd.errors.length > 0) return { ok: false, diagnostics: rd.errors };

  // ---- shared memory: private to one VM, or a channel among the VMs whose ipcs name it.
  const chans: { name: string; sh: Shmem; users: { vm: VmCfg; ipc: Ipc }[] }[] = [];
  const privateShm = new Map<string, { name: string; ipc: Ipc; sh: Shmem }[]>();
  shmems.forEach((sh, i) => {
    const users = vms.flatMap((vm) => vm.ipcs.filter((c) => c.shmemId === i).map((ipc) => ({ vm, ipc })));
    const el = `shmemlist[${i}] (${hexAddr(sh.size)}${sh.phys !== undefined ? ` at ${hexAddr(sh.phys)}` : ''})`;
    if (users.length === 0) return fate(el, sh.at, 'faithful', '-', 'no VM has an ipc on it: nobody reaches it');
    const where = sh.phys !== undefined ? 'at its place_phys address' : `at ${hexAddr(sh.pa!)}: ${ALLOC_NOTE}`;
    for (const u of users) {
      for (const q of u.ipc.irqs) fate(`${u.vm.name}: ipc on shmem ${i}: interrupt ${q.id}`, q.at, 'refused', '-', "the IPC interrupt Bao injects when a peer makes the IPC notify hypercall: a hypervisor-injected virtual interrupt is not expressible as a doorbell (the model's doorbells are SGIs)");
    }
    if (new Set(users.map((u) => u.vm.name)).size === 1) {
      for (const u of users) privateShm.set(u.vm.name, [...(privateShm.get(u.vm.name) ?? []), { name: `shmem${i}`, ipc: u.ipc, sh }]);
      return fate(el, sh.at, sh.phys !== undefined ? 'faithful' : 'approximate', `memory of ${users[0]!.vm.name} only`, `only ${users[0]!.vm.name} has an ipc on it; ${where}`);
    }
    chans.push({ name: `shmem${i}`, sh, users });
    // Bao maps a shmem read-write into every VM with an ipc on it: all of them are writers.
    const writers = [...new Set(users.map((u) => u.vm.name))];
    fate(el, sh.at, sh.phys !== undefined ? 'faithful' : 'approximate', `channel shmem${i}, writers ${writers.join(', ')}`, `every VM with an ipc on it writes it (Bao maps it read-write for all); ${where}`);
  });

  // ---- the SoC.
  const soc = new YamlOut();
  soc.comment(`SoC generated by 'hvsafe import bao' from ${basename(platPath)}.\nEach line names the element of the platform description it translates.`);
  soc.line(`name: ${basename(platPath).replace(/_desc\.c$|\.c$/, '').replace(/[^A-Za-z0-9-]+/g, '-')}`, platV.at);
  soc.line(`cpus: [${cpus.join(', ')}]`, plat.get('cpu_num')!.at);
  soc.line('ram:');
  for (const r of ram) soc.line(`  - { name: ${r.name}, base: ${hexAddr(r.base)}, size: ${hexAddr(r.size)} }`, r.at);
  soc.line('hypervisor-memory: []', platV.at, "NOT IN THE SOURCE: where Bao's own image lies is decided by how it is loaded; it is not listed");
  if (frames.length > 0) soc.line('hypervisor-frames:');
  for (const fr of frames) {
    soc.line(`  - { name: ${fr.name}, kind: ${fr.kind}, base: ${hexAddr(fr.base)}, size: ${hexAddr(fr.size)} }`, fr.at);
    fate(`platform: ${fr.name} (${hexAddr(fr.base)})`, fr.at, 'approximate', `hypervisor frame ${fr.name} (${fr.kind})`, fr.note);
  }
  if (hvIrqs.length > 0) soc.line('hypervisor-irqs:');
  for (const h of hvIrqs) {
    soc.line(`  - { name: ${h.name}, kind: ${h.kind}, intid: ${h.id} }`, h.at);
    fate(`platform: ${h.name} interrupt ${h.id}`, h.at, 'faithful', `hypervisor interrupt ${h.name}`);
  }
  soc.line(`gic: { version: ${gicVersion}, direct-injection: false }`, arch.get('gic')?.at ?? platV.at, `GICv${gicVersion} (${gicVersion === 3 ? 'a redistributor is given' : 'a CPU interface is given'}); the number of SPIs is not in the description`);
  soc.line(smmuBase === undefined ? 'smmu: { present: false }' : 'smmu: { present: true, unmatched-streams: fault }', arch.get('smmu')?.at ?? platV.at, smmuBase === undefined ? undefined : "Bao's SMMUv2 driver faults streams without a context");
  const costs = overlay.soc.get('costs');
  if (costs !== undefined) soc.line(`costs: ${costs.text}`, costs.at);
  else soc.line(`costs: { trap-entry: 0ns, trap-exit: 0ns, irq-inject: 0ns, context-switch: 0ns, max-non-preemptible: 0ns${llc !== undefined ? ', cache-interference: 1x' : ''} }`, undefined, 'NOT IN THE SOURCE: hypervisor costs are zero until the overlay gives measured ones;\ntiming verdicts are not evidence until then.');
  if (llc !== undefined) soc.line(`llc: ${llc.text}`, llc.at);
  if (socDevs.size > 0) soc.line('devices:');
  for (const d of socDevs.values()) {
    const irqs = [...d.irqs].sort((a, b) => a - b);
    const sids = [...d.sids].sort((a, b) => a - b);
    soc.line(`  - { name: ${d.name}, kind: mmio, mmio: { base: ${hexAddr(d.pa)}, size: ${hexAddr(d.size)} }${irqs.length > 0 ? `, irqs: [${irqs.join(', ')}]` : ''}${sids.length > 0 ? `, dma: true, stream-ids: [${sids.join(', ')}]` : ''} }`, d.at);
  }

  // ---- the scenario.
  for (const [n, ov] of overlay.vms) if (!vms.some((v) => v.name === n)) errors.push({ class: 'semantic', at: ov.at, message: `the overlay names VM '${n}', which the import does not produce`, hint: `the VMs are ${vms.map((v) => v.name).join(', ')}` });
  for (const [n, ov] of overlay.channels) if (!chans.some((c) => c.name === n)) errors.push({ class: 'semantic', at: ov.at, message: `the overlay names channel '${n}', which the import does not produce`, hint: `the channels are ${chans.map((c) => c.name).join(', ') || '(none)'}` });
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const y = new YamlOut();
  y.comment(`Generated by 'hvsafe import bao' from ${basename(cfgPath)} on ${basename(platPath)}.\nEach line names the source element it translates; see the fate table (hvsafe import --fates).`);
  const cfgBase = basename(cfgPath).replace(/\.c$/, '').replace(/[^A-Za-z0-9-]+/g, '-');
  const platBase = basename(platPath).replace(/_desc\.c$|\.c$/, '').replace(/[^A-Za-z0-9-]+/g, '-');
  y.line(`name: bao-${platBase}${cfgBase === 'config' ? '' : `-${cfgBase}`}`, configV.at);
  y.line(`description: Bao configuration imported from ${basename(cfgPath)}`);
  y.line('soc: @SOC@');
  y.line('vms:');
  for (const vm of vms) {
    const ov = overlay.vms.get(vm.name)?.fields ?? new Map();
    y.line(`  - name: ${vm.name}`, vm.at);
    const crit = ov.get('criticality');
    if (crit !== undefined) y.line(`    criticality: ${crit.text}`, crit.at);
    else {
      y.line('    criticality: unassessed', vm.at, 'NOT IN THE SOURCE: give it in the overlay');
      fate(`${vm.name}: criticality (not in the source)`, vm.at, 'approximate', 'unassessed', 'an open item in the safety case until the overlay gives it');
    }
    const os = ov.get('os');
    y.line(`    os: ${os?.text ?? 'unknown'}`, os?.at ?? vm.at);
    y.line(`    vcpus: [${vm.pcpus.join(', ')}]`, vm.at);
    const shm = privateShm.get(vm.name) ?? [];
    y.line(vm.regions.length + shm.length === 0 ? '    memory: []' : '    memory:');
    vm.regions.forEach((r, i) => {
      y.line(`      - { name: region${i}, ipa: ${hexAddr(r.ipa)}, pa: ${hexAddr(r.pa!)}, size: ${hexAddr(r.size)}, perms: rwx }`, r.at);
      fate(`${vm.name}: regions[${i}] (${hexAddr(r.ipa)}, ${hexAddr(r.size)}${r.phys !== undefined ? `, place_phys ${hexAddr(r.phys)}` : ''})`, r.at, r.phys !== undefined && (r.colors ?? 0n) === 0n ? 'faithful' : 'approximate', `stage-2 RAM at ${hexAddr(r.pa!)}`, [r.phys === undefined ? ALLOC_NOTE : '', (r.colors ?? 0n) !== 0n ? `region colors ${hexAddr(r.colors!)}: the pages are scattered over those colors` : ''].filter((s) => s !== '').join('; '));
    });
    for (const s of shm) y.line(`      - { name: ${s.name}, ipa: ${hexAddr(s.ipc.base)}, pa: ${hexAddr(s.sh.pa!)}, size: ${hexAddr(s.ipc.size)}, perms: rw }`, s.ipc.at);
    const devs = vmDevs.get(vm.name) ?? [];
    if (devs.length > 0) y.line('    devices:');
    for (const d of devs) y.line(`      - { device: ${d.dev}, mmio-ipa: ${hexAddr(d.va)} }`, d.at);
    const irqs = vmIrqs.get(vm.name) ?? [];
    if (irqs.length > 0) y.line('    irqs:');
    for (const q of irqs) y.line(`      - { spi: ${q.id}, vcpu: 0 }`, q.at);
    const colors = colorsOf(vm);
    const ovColors = ov.get('cache-colors');
    if (ovColors !== undefined) y.line(`    cache-colors: ${ovColors.text}`, ovColors.at);
    else if (colors.length > 0) y.line(`    cache-colors: [${colors.join(', ')}]`, vm.at);
    const health = ov.get('health');
    if (health !== undefined) y.line(`    health: ${health.text}`, health.at);
    else {
      y.line('    health: { on-fault: stop }', vm.at, 'NOT IN THE SOURCE: Bao has no restart: a VM that faults stays stopped');
      fate(`${vm.name}: health policy (not in the source)`, vm.at, 'approximate', 'on-fault: stop', 'Bao has no health monitor: no watchdog unless the overlay declares one');
    }
    for (const k of ['latency', 'tasks', 'task-policy'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  y.line('schedule:', undefined, 'Bao: static partitioning, one vCPU per pCPU, no scheduler');
  for (const vm of vms) vm.pcpus.forEach((c, k) => y.line(`  - { pcpu: ${c}, bind: ${vm.name}:${k} }`, vm.at));
  if (chans.length > 0) y.line('channels:');
  for (const c of chans) {
    const ov = overlay.channels.get(c.name)?.fields ?? new Map();
    y.line(`  - name: ${c.name}`, c.sh.at);
    y.line(`    pa: ${hexAddr(c.sh.pa!)}`, c.sh.at);
    y.line(`    size: ${hexAddr(c.sh.size)}`, c.sh.at);
    y.line(`    writers: [${[...new Set(c.users.map((u) => u.vm.name))].join(', ')}]`, c.users[0]!.ipc.at, 'Bao maps the shmem read-write in every VM with an ipc on it');
    y.line('    endpoints:');
    const seen = new Set<string>();
    for (const u of c.users) {
      if (seen.has(u.vm.name)) continue;
      seen.add(u.vm.name);
      y.line(`      - { vm: ${u.vm.name}, ipa: ${hexAddr(u.ipc.base)}, perms: rw }`, u.ipc.at);
      const part = u.ipc.size < c.sh.size;
      fate(`${u.vm.name}: ipc on shmem${c.users.indexOf(u) >= 0 ? ` ${shmems.indexOf(c.sh)}` : ''} at ${hexAddr(u.ipc.base)}`, u.ipc.at, part ? 'approximate' : 'faithful', `endpoint of ${c.name} (writer, rw)`, part ? `maps ${hexAddr(u.ipc.size)} of the ${hexAddr(c.sh.size)} object; the model maps the whole channel` : '');
    }
    for (const k of ['protection', 'timeout'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  return finish(outFile, y, soc, fates, [cfgPath, platPath]);
}
