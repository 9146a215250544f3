// seL4 Microkit System Description File → Scenario, with the Microkit tool's defaults
// (tool/microkit/src/sdf.rs: priority 0, budget 1000 µs, period = budget, passive false,
// stack 0x2000, map perms rw, cached true, channel end notify true / pp false) and its
// placement of memory regions without phys_addr, emulated on the board the user describes
// (the SDF carries no memory map): fixed regions first, the others bottom-up in declaration
// order, each aligned to its page size, in board RAM outside the kernel's memory.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSource } from '../../config/cursor.js';
import { Decoded } from '../../config/decode.js';
import { DiagnosticSink, type Diagnostic } from '../../config/diagnostics.js';
import { describeReadError } from '../../config/load.js';
import { decodeSoc, finishSoc } from '../../config/soc.js';
import type { Soc, SourceRef } from '../../config/types.js';
import { finish, hexAddr, YamlOut, type FateRow, type ImportResult } from '../common.js';
import type { Overlay } from '../overlay.js';
import { parseXml, XmlError, type XmlElement } from './xml.js';

export const MICROKIT_DEFAULTS = { priority: 0, budgetUs: 1000, passive: false, stackSize: 0x2000n, perms: 'rw', cached: true, notify: true, pp: false, pageSize: 0x1000n } as const;
const MAX_PRIORITY = 254;

interface Mr {
  readonly name: string;
  readonly size: bigint;
  readonly pageSize: bigint;
  readonly phys: bigint | undefined;
  readonly at: SourceRef;
  pa?: bigint;
  device?: Soc['devices'][number];
}

interface MapUse {
  readonly pd: string;
  readonly mr: string;
  readonly vaddr: bigint;
  readonly perms: string;
  readonly cached: boolean;
  readonly at: SourceRef;
}

interface Pd {
  readonly name: string;
  readonly priority: number;
  readonly budgetUs: number;
  readonly periodUs: number;
  readonly passive: boolean;
  readonly cpu: number;
  readonly maps: MapUse[];
  readonly irqs: { irq: number; at: SourceRef }[];
  readonly at: SourceRef;
  readonly parent: string | undefined;
}

class SdfError {
  constructor(
    readonly at: SourceRef,
    readonly message: string,
    readonly hint: string,
  ) {}
}

function num(text: string, at: SourceRef, what: string): bigint {
  const t = text.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new SdfError(at, `${what} '${text}' is not a number`, 'write a decimal or 0x-prefixed hexadecimal integer, as the Microkit tool reads it');
  return BigInt(t);
}

function bool(text: string, at: SourceRef, what: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new SdfError(at, `${what} must be 'true' or 'false', not '${text}'`, "write 'true' or 'false'");
}

export function loadBoard(path: string): { ok: true; soc: Soc; text: string; file: string } | { ok: false; diagnostics: Diagnostic[] } {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, diagnostics: [{ class: 'syntax', at: { file, line: 1, column: 1 }, message: `cannot read the board file: ${describeReadError(e)}`, hint: 'check the path given to --board' }] };
  }
  const sink = new DiagnosticSink();
  const root = parseSource(file, text, sink);
  const draft = root === undefined ? undefined : decodeSoc(root, file, new Decoded());
  const soc = draft === undefined ? undefined : finishSoc(draft);
  if (sink.count > 0 || soc === undefined) return { ok: false, diagnostics: sink.count > 0 ? sink.sorted() : [{ class: 'schema', at: { file, line: 1, column: 1 }, message: 'the board file is not a complete SoC description', hint: 'a board is written like an hvsafe SoC file: name, clusters or cpus, ram, hypervisor-memory (the seL4 kernel), gic, costs, devices' }] };
  return { ok: true, soc, text, file };
}

export function importMicrokit(sdfFile: string, text: string, boardPath: string | undefined, outFile: string, overlay: Overlay): ImportResult {
  const file = resolve(sdfFile);
  const refOf = (p: { line: number; column: number }): SourceRef => ({ file, line: p.line, column: p.column });
  if (boardPath === undefined) {
    return { ok: false, diagnostics: [{ class: 'syntax', at: { file, line: 1, column: 1 }, message: 'a Microkit system needs a board description: the SDF carries no memory map', hint: 'give --board board.yaml (an hvsafe SoC file: RAM, the kernel\'s memory as hypervisor-memory, devices, GIC, costs)' }] };
  }
  const board = loadBoard(boardPath);
  if (!board.ok) return { ok: false, diagnostics: board.diagnostics };
  const soc = board.soc;
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    return { ok: false, diagnostics: [{ class: 'syntax', at: refOf(e.at), message: `malformed XML: ${e.message}`, hint: 'fix the XML; the Microkit tool rejects it too' }] };
  }
  const errors: Diagnostic[] = [];
  const fates: FateRow[] = [];
  const fate = (element: string, at: SourceRef, f: FateRow['fate'], as: string, note = ''): void => void fates.push({ element, at, fate: f, as, note });
  const attr = (el: XmlElement, name: string): { value: string; at: SourceRef } | undefined => {
    const a = el.attrs.find((x) => x.name === name);
    return a === undefined ? undefined : { value: a.value, at: refOf(a.at) };
  };
  const allowOnly = (el: XmlElement, names: readonly string[]): void => {
    for (const a of el.attrs) if (!names.includes(a.name)) errors.push({ class: 'schema', at: refOf(a.at), message: `<${el.name}> has no attribute '${a.name}'`, hint: `its attributes are ${names.join(', ')}` });
  };
  const need = (el: XmlElement, name: string): { value: string; at: SourceRef } => {
    const a = attr(el, name);
    if (a === undefined) throw new SdfError(refOf(el.at), `<${el.name}> needs the attribute '${name}'`, `add ${name}="…"`);
    return a;
  };
  const guard = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof SdfError)) throw e;
      errors.push({ class: 'semantic', at: e.at, message: e.message, hint: e.hint });
    }
  };

  if (root.name !== 'system') errors.push({ class: 'schema', at: refOf(root.at), message: `the root element is <${root.name}>, not <system>`, hint: 'an SDF is <system> … </system>' });
  const mrs = new Map<string, Mr>();
  const pds = new Map<string, Pd>();
  const channels: XmlElement[] = [];

  const readPd = (el: XmlElement, parent: string | undefined): void => {
    guard(() => {
      allowOnly(el, ['name', 'priority', 'budget', 'period', 'passive', 'stack_size', 'smc', 'cpu', 'domain', 'fpu', 'id', 'setvar_id']);
      const name = need(el, 'name').value;
      const at = refOf(el.at);
      if (pds.has(name)) throw new SdfError(at, `a second protection domain named '${name}'`, 'PD names are unique');
      const pr = attr(el, 'priority');
      const priority = pr === undefined ? MICROKIT_DEFAULTS.priority : Number(num(pr.value, pr.at, 'priority'));
      if (priority > MAX_PRIORITY) throw new SdfError(pr!.at, `priority must be between 0 and ${MAX_PRIORITY}`, `write a priority from 0 to ${MAX_PRIORITY}`);
      const b = attr(el, 'budget');
      const budgetUs = b === undefined ? MICROKIT_DEFAULTS.budgetUs : Number(num(b.value, b.at, 'budget'));
      const p = attr(el, 'period');
      const periodUs = p === undefined ? budgetUs : Number(num(p.value, p.at, 'period'));
      if (budgetUs > periodUs) throw new SdfError((b ?? p)!.at, `budget (${budgetUs}) must be less than, or equal to, period (${periodUs})`, 'the Microkit tool refuses this too');
      const pa = attr(el, 'passive');
      const passive = pa === undefined ? MICROKIT_DEFAULTS.passive : bool(pa.value, pa.at, 'passive');
      const c = attr(el, 'cpu');
      const cpu = c === undefined ? 0 : Number(num(c.value, c.at, 'cpu'));
      const pd: Pd = { name, priority, budgetUs, periodUs, passive, cpu, maps: [], irqs: [], at, parent };
      pds.set(name, pd);
      fate(`protection_domain '${name}'`, at, parent === undefined ? 'faithful' : 'approximate', `VM ${name}, fixed-priority entry on pCPU ${cpu}`, [
        `priority ${priority}${pr === undefined ? ' (default)' : ''}, budget ${budgetUs} µs${b === undefined ? ' (default)' : ''}, period ${periodUs} µs${p === undefined ? ' (= budget)' : ''}${budgetUs === periodUs ? ': budget = period is an unlimited reservation' : ''}`,
        parent !== undefined ? `child of '${parent}', which handles its faults: the parent's fault handling is not modelled (a fault stops the child)` : '',
      ].filter((s) => s !== '').join('; '));
      if (passive) fate(`protection_domain '${name}': passive`, pa!.at, 'approximate', 'active PD with its own budget', 'a passive PD runs on its callers\' scheduling contexts; the model gives it its own (issue 11): its CPU use is counted against it, not against its callers');
      const st = attr(el, 'stack_size');
      fate(`protection_domain '${name}': stack and program image`, st?.at ?? at, 'refused', '-', `the PD's own image and stack (${st === undefined ? '0x2000 (default)' : st.value} bytes) are private memory the tool allocates; their sizes are not in the SDF, so they are not in the scenario: assume the tool gives each PD its own frames`);
      for (const ch of el.children) {
        const cat = refOf(ch.at);
        if (ch.name === 'map') {
          allowOnly(ch, ['mr', 'vaddr', 'perms', 'cached', 'setvar_vaddr', 'setvar_size', 'setvar_prefill_size']);
          const mr = need(ch, 'mr').value;
          const va = need(ch, 'vaddr');
          const pe = attr(ch, 'perms');
          const perms = pe === undefined ? MICROKIT_DEFAULTS.perms : pe.value;
          if (!/^r?w?x?$/.test(perms) || perms === '') throw new SdfError(pe!.at, `perms '${perms}' is not a combination of r, w, x`, "write 'r', 'rw', 'rx' or 'rwx'");
          if (perms === 'w') throw new SdfError(pe!.at, "perms must not be 'w', write-only mappings are not allowed", "write 'rw'");
          const ca = attr(ch, 'cached');
          const cached = ca === undefined ? MICROKIT_DEFAULTS.cached : bool(ca.value, ca.at, 'cached');
          pd.maps.push({ pd: name, mr, vaddr: num(va.value, va.at, 'vaddr'), perms, cached, at: cat });
        } else if (ch.name === 'irq') {
          allowOnly(ch, ['irq', 'id', 'setvar_id', 'trigger']);
          const irq = Number(num(need(ch, 'irq').value, need(ch, 'irq').at, 'irq'));
          if (irq < 32 || irq > 1019) fate(`protection_domain '${name}': irq ${irq}`, cat, 'refused', '-', 'not an SPI (32..1019): private interrupts are not modelled yet (issue 11)');
          else {
            pd.irqs.push({ irq, at: cat });
            fate(`protection_domain '${name}': irq ${irq}`, cat, 'approximate', `SPI ${irq} routed to ${name}`, `delivered to the PD as notification ${attr(ch, 'id')?.value ?? '?'}; the model routes it to the PD's vCPU 0; trigger ${attr(ch, 'trigger')?.value ?? 'level (default)'} is not modelled`);
          }
        } else if (ch.name === 'protection_domain') readPd(ch, name);
        else if (ch.name === 'program_image') fate(`protection_domain '${name}': program_image`, cat, 'faithful', '-', 'the ELF to load: its contents are not analysed (no isolation effect)');
        else if (ch.name === 'virtual_machine') fate(`protection_domain '${name}': virtual_machine`, cat, 'refused', '-', 'a guest VM inside a PD (vCPUs, its own maps) is not translated yet: its memory is not in the scenario');
        else if (ch.name === 'iomap') fate(`protection_domain '${name}': iomap`, cat, 'refused', '-', 'SMMU mappings of a PD are not translated yet (issue 11)');
        else if (ch.name === 'setvar' || ch.name === 'ioport' || ch.name === 'cspace') fate(`protection_domain '${name}': ${ch.name}`, cat, 'refused', '-', `<${ch.name}> is not translated`);
        else errors.push({ class: 'schema', at: cat, message: `<protection_domain> has no child <${ch.name}>`, hint: 'children are program_image, map, irq, protection_domain, virtual_machine, setvar' });
      }
    });
  };

  for (const el of root.children) {
    const at = refOf(el.at);
    if (el.name === 'memory_region') {
      guard(() => {
        allowOnly(el, ['name', 'size', 'page_size', 'phys_addr', 'prefill_path']);
        const name = need(el, 'name').value;
        if (mrs.has(name)) throw new SdfError(at, `a second memory region named '${name}'`, 'memory region names are unique');
        const ps = attr(el, 'page_size');
        const pageSize = ps === undefined ? MICROKIT_DEFAULTS.pageSize : num(ps.value, ps.at, 'page_size');
        if (pageSize !== 0x1000n && pageSize !== 0x200000n) throw new SdfError(ps!.at, `page size ${hexAddr(pageSize)} not supported`, 'AArch64 Microkit page sizes are 0x1000 and 0x200000');
        const sz = need(el, 'size');
        const size = num(sz.value, sz.at, 'size');
        if (size === 0n || size % pageSize !== 0n) throw new SdfError(sz.at, `size ${hexAddr(size)} is not a positive multiple of the page size ${hexAddr(pageSize)}`, `round it up to ${hexAddr(((size + pageSize - 1n) / pageSize || 1n) * pageSize)}`);
        const ph = attr(el, 'phys_addr');
        const phys = ph === undefined ? undefined : num(ph.value, ph.at, 'phys_addr');
        if (phys !== undefined && phys % pageSize !== 0n) throw new SdfError(ph!.at, 'phys_addr is not aligned to the page size', `align it to ${hexAddr(pageSize)}`);
        if (phys !== undefined && phys + size > 1n << 64n) throw new SdfError(ph!.at, 'the region ends past the 64-bit address space', 'check phys_addr and size');
        mrs.set(name, { name, size, pageSize, phys, at });
      });
    } else if (el.name === 'protection_domain') readPd(el, undefined);
    else if (el.name === 'channel') channels.push(el);
    else if (el.name === 'domain_schedule') fate('domain_schedule', at, 'refused', '-', 'seL4 domain scheduling (time partitions between domains) is not translated yet');
    else if (el.name === 'virtual_machine') fate('virtual_machine', at, 'refused', '-', 'not translated yet');
    else errors.push({ class: 'schema', at, message: `<system> has no child <${el.name}>`, hint: 'children are memory_region, protection_domain, channel, domain_schedule' });
  }
  for (const ch of channels) {
    guard(() => {
      const ends = ch.children.filter((c) => c.name === 'end');
      if (ends.length !== 2) throw new SdfError(refOf(ch.at), `a channel has exactly two <end>s, not ${ends.length}`, 'write <end pd="a" id="0"/> and <end pd="b" id="0"/>');
      const desc = ends.map((e) => {
        allowOnly(e, ['pd', 'id', 'pp', 'notify', 'setvar_id']);
        const pd = need(e, 'pd');
        if (!pds.has(pd.value)) throw new SdfError(pd.at, `the channel end names no protection domain '${pd.value}'`, `PDs are ${[...pds.keys()].join(', ')}`);
        const pp = attr(e, 'pp');
        const nt = attr(e, 'notify');
        return `${pd.value}#${need(e, 'id').value}${(pp === undefined ? MICROKIT_DEFAULTS.pp : bool(pp.value, pp.at, 'pp')) ? ' (pp)' : ''}${(nt === undefined ? MICROKIT_DEFAULTS.notify : bool(nt.value, nt.at, 'notify')) ? '' : ' (no notify)'}`;
      });
      fate(`channel ${desc.join(' <-> ')}`, refOf(ch.at), 'refused', '-', 'notifications and protected procedure calls without memory are not expressible yet (issue 11); assume the kernel delivers each only between its two ends (seL4 capabilities)');
    });
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // ---- placement: board devices, then fixed RAM regions, then the tool's allocation.
  const inRange = (a: bigint, s: bigint, b: bigint, t: bigint): boolean => a >= b && a + s <= b + t;
  const kernel = soc.hypervisorMemory.map((m) => [m.base, m.base + m.size] as [bigint, bigint]);
  for (const mr of mrs.values()) {
    if (mr.phys === undefined) continue;
    const dev = soc.devices.find((d) => d.mmio.length === 1 && inRange(mr.phys!, mr.size, d.mmio[0]!.base, d.mmio[0]!.size));
    if (dev !== undefined) mr.device = dev;
    else if (soc.ram.some((r) => inRange(mr.phys!, mr.size, r.base, r.size))) mr.pa = mr.phys;
    else errors.push({ class: 'semantic', at: mr.at, message: `memory region '${mr.name}' at ${hexAddr(mr.phys)} is neither in the board's RAM nor inside one device's MMIO`, hint: `describe the device in the board file (${board.file}), or check phys_addr` });
  }
  const taken: [bigint, bigint][] = [...kernel, ...[...mrs.values()].filter((m) => m.pa !== undefined).map((m) => [m.pa!, m.pa! + m.size] as [bigint, bigint])];
  for (const mr of mrs.values()) {
    if (mr.phys !== undefined) {
      fate(`memory_region '${mr.name}' (phys_addr ${hexAddr(mr.phys)}, ${hexAddr(mr.size)})`, mr.at, 'faithful', mr.device !== undefined ? `MMIO of board device ${mr.device.name}` : 'fixed RAM', '');
      continue;
    }
    let placed: bigint | undefined;
    for (const r of [...soc.ram].sort((a, b) => (a.base < b.base ? -1 : 1))) {
      let a = ((r.base + mr.pageSize - 1n) / mr.pageSize) * mr.pageSize;
      for (;;) {
        if (a + mr.size > r.base + r.size) break;
        const clash = taken.find(([lo, hi]) => a < hi && lo < a + mr.size);
        if (clash === undefined) {
          placed = a;
          break;
        }
        a = ((clash[1] + mr.pageSize - 1n) / mr.pageSize) * mr.pageSize;
      }
      if (placed !== undefined) break;
    }
    if (placed === undefined) {
      errors.push({ class: 'semantic', at: mr.at, message: `memory region '${mr.name}' (${hexAddr(mr.size)}) does not fit in the board's free RAM`, hint: 'the Microkit tool would fail too: shrink it or give the board more RAM' });
      continue;
    }
    mr.pa = placed;
    taken.push([placed, placed + mr.size]);
    fate(`memory_region '${mr.name}' (${hexAddr(mr.size)}, no phys_addr)`, mr.at, 'approximate', `RAM at ${hexAddr(placed)}`, 'placed as the Microkit tool places it, bottom-up in declaration order outside the kernel, but the tool also places the PDs\' images first: the address may differ, disjointness does not');
  }
  for (const [n, ov] of overlay.vms) if (!pds.has(n)) errors.push({ class: 'semantic', at: ov.at, message: `the overlay names VM '${n}', which the import does not produce`, hint: `the PDs are ${[...pds.keys()].join(', ')}` });
  for (const pd of pds.values()) {
    if (!soc.cpus.some((c) => c.id === pd.cpu)) errors.push({ class: 'semantic', at: pd.at, message: `PD '${pd.name}' runs on CPU ${pd.cpu}, which the board does not have`, hint: `the board's CPUs are ${soc.cpus.map((c) => c.id).join(', ')}` });
    for (const m of pd.maps) if (!mrs.has(m.mr)) errors.push({ class: 'semantic', at: m.at, message: `<map> names no memory region '${m.mr}'`, hint: `memory regions are ${[...mrs.keys()].join(', ')}` });
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  // ---- who maps what: private RAM, device passthrough, shared RAM as a channel.
  interface Chan { mr: Mr; writers: string[]; uses: MapUse[] }
  const chans: Chan[] = [];
  const privateMaps = new Map<string, MapUse[]>();
  const devMaps = new Map<string, MapUse[]>();
  for (const mr of mrs.values()) {
    const uses = [...pds.values()].flatMap((p) => p.maps.filter((m) => m.mr === mr.name));
    const who = [...new Set(uses.map((u) => u.pd))];
    const el = `memory_region '${mr.name}' mapped by ${who.length === 0 ? 'no PD' : who.join(', ')}`;
    if (mr.device !== undefined) {
      for (const u of uses) devMaps.set(u.pd, [...(devMaps.get(u.pd) ?? []), u]);
      const whole = mr.phys === mr.device.mmio[0]!.base && mr.size === mr.device.mmio[0]!.size;
      for (const u of uses) fate(`map '${mr.name}' in '${u.pd}' at ${hexAddr(u.vaddr)} (${u.perms}${u.cached ? '' : ', uncached'})`, u.at, whole ? 'faithful' : 'approximate', `passthrough of ${mr.device.name}`, whole ? '' : `the region is part of ${mr.device.name}'s MMIO; the model passes the whole device through`);
      continue;
    }
    if (who.length === 0) {
      fate(el, mr.at, 'faithful', '-', 'no PD maps it: nobody reaches it');
      continue;
    }
    if (who.length === 1) {
      privateMaps.set(who[0]!, [...(privateMaps.get(who[0]!) ?? []), ...uses]);
      for (const u of uses) fate(`map '${mr.name}' in '${u.pd}' at ${hexAddr(u.vaddr)} (${u.perms}${u.cached ? '' : ', uncached'})`, u.at, 'faithful', `stage-2 mapping of ${u.pd}`, u.cached ? '' : 'uncached: cacheability is not modelled (no isolation effect)');
      continue;
    }
    const writers = [...new Set(uses.filter((u) => u.perms.includes('w')).map((u) => u.pd))];
    if (writers.length === 0 || who.some((p) => uses.filter((u) => u.pd === p).length > 1)) {
      fate(el, mr.at, 'refused', '-', writers.length === 0 ? 'shared read-only with no PD writing it: a channel needs a writer (issue 11)' : 'a PD maps it twice: not expressible as one channel endpoint');
      continue;
    }
    // Every PD that maps the region with w is a writer (a ring written by both sides): the
    // kernel grants exactly the mapped rights, so the declared writers are those mappings.
    chans.push({ mr, writers, uses });
    fate(el, mr.at, 'faithful', `channel ${mr.name}, ${writers.length === 1 ? `writer ${writers[0]}` : `writers ${writers.join(', ')}`}`, 'each PD\'s permissions as its <map> gives them');
  }

  // ---- the scenario.
  const y = new YamlOut();
  y.comment(`Generated by 'hvsafe import microkit' from ${sdfFile} on board ${board.file}.\nEach line names the source element it translates; see the fate table (hvsafe import --fates).`);
  y.line(`name: ${soc.name}-microkit`, refOf(root.at));
  y.line(`description: seL4 Microkit system imported from ${sdfFile.split('/').pop()}`);
  y.line('soc: @SOC@', undefined, `a copy of the board file ${board.file}`);
  y.line('vms:');
  for (const pd of pds.values()) {
    const ov = overlay.vms.get(pd.name)?.fields ?? new Map();
    y.line(`  - name: ${pd.name}`, pd.at);
    const crit = ov.get('criticality');
    if (crit !== undefined) y.line(`    criticality: ${crit.text}`, crit.at);
    else {
      y.line('    criticality: unassessed', pd.at, 'NOT IN THE SOURCE: give it in the overlay');
      fate(`${pd.name}: criticality (not in the source)`, pd.at, 'approximate', 'unassessed', 'an open item in the safety case until the overlay gives it');
    }
    const os = ov.get('os');
    y.line(`    os: ${os?.text ?? 'microkit-pd'}`, os?.at ?? pd.at);
    y.line(`    vcpus: [${pd.cpu}]`, pd.at);
    const mine = privateMaps.get(pd.name) ?? [];
    y.line(mine.length === 0 ? '    memory: []' : '    memory:');
    for (const u of mine) {
      const mr = mrs.get(u.mr)!;
      y.line(`      - { name: ${mr.name}, ipa: ${hexAddr(u.vaddr)}, pa: ${hexAddr(mr.pa!)}, size: ${hexAddr(mr.size)}, perms: ${u.perms} }`, u.at);
    }
    const devs = devMaps.get(pd.name) ?? [];
    const seen = new Set<string>();
    if (devs.length > 0) y.line('    devices:');
    for (const u of devs) {
      const mr = mrs.get(u.mr)!;
      const dev = mr.device!;
      if (seen.has(dev.name)) continue;
      seen.add(dev.name);
      y.line(`      - { device: ${dev.name}, mmio-ipa: ${hexAddr(u.vaddr - (mr.phys! - dev.mmio[0]!.base))} }`, u.at);
    }
    if (pd.irqs.length > 0) y.line('    irqs:');
    for (const q of pd.irqs) y.line(`      - { spi: ${q.irq}, vcpu: 0 }`, q.at);
    const health = ov.get('health');
    if (health !== undefined) y.line(`    health: ${health.text}`, health.at);
    else {
      y.line('    health: { on-fault: stop }', pd.at, 'NOT IN THE SOURCE: a faulting PD stops (its fault goes to the monitor or its parent)');
      fate(`${pd.name}: health policy (not in the source)`, pd.at, 'approximate', 'on-fault: stop', 'a fault is delivered to the parent PD or the monitor, which stops the PD; no watchdog unless the overlay declares one');
    }
    for (const k of ['latency', 'tasks', 'task-policy', 'cache-colors'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  y.line('schedule:', undefined, 'seL4 MCS: fixed priority (higher number first), budget per period, per core');
  for (const cpu of [...new Set([...pds.values()].map((p) => p.cpu))].sort((a, b) => a - b)) {
    y.line(`  - pcpu: ${cpu}`);
    y.line('    fixed-priority:');
    for (const pd of [...pds.values()].filter((p) => p.cpu === cpu)) y.line(`      - { vcpu: ${pd.name}:0, priority: ${pd.priority}, budget: ${pd.budgetUs}us, period: ${pd.periodUs}us }`, pd.at);
  }
  for (const n of overlay.channels.keys()) if (!chans.some((c) => c.mr.name === n)) errors.push({ class: 'semantic', at: overlay.channels.get(n)!.at, message: `the overlay names channel '${n}', which the import does not produce`, hint: `the channels are ${chans.map((c) => c.mr.name).join(', ') || '(none)'}` });
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  if (chans.length > 0) y.line('channels:');
  for (const c of chans) {
    const ov = overlay.channels.get(c.mr.name)?.fields ?? new Map();
    y.line(`  - name: ${c.mr.name}`, c.mr.at);
    y.line(`    pa: ${hexAddr(c.mr.pa!)}`, c.mr.at);
    y.line(`    size: ${hexAddr(c.mr.size)}`, c.mr.at);
    y.line(c.writers.length === 1 ? `    writer: ${c.writers[0]}` : `    writers: [${c.writers.join(', ')}]`, c.mr.at);
    y.line('    endpoints:');
    for (const u of c.uses) y.line(`      - { vm: ${u.pd}, ipa: ${hexAddr(u.vaddr)}, perms: ${u.perms} }`, u.at);
    for (const k of ['protection', 'timeout'] as const) {
      const v = ov.get(k);
      if (v !== undefined) y.line(`    ${k}: ${v.text}`, v.at);
    }
  }
  const socOut = new YamlOut();
  for (const l of board.text.replace(/\n$/, '').split('\n')) socOut.lines.push(l);
  return finish(outFile, y, socOut, fates, [sdfFile, board.file], board.file);
}
