// isolation.hypervisor: no guest reaches hypervisor memory by CPU access or by DMA.

import type { HypervisorIrq, Scenario, SourceRef } from '../src/config/types.js';
import type { Query } from '../src/smt/query.js';
import type { State } from '../src/hv/state.js';
import { buildTopology, configuredTable } from '../src/hv/topology.js';
import { dmaFindings, dmaPaths, dmaReachQuery, dmaWitness, trustedDevice, type ReachSpec } from './dma-reach.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { deviceName, entryPaEnd, hex, originRef, originText, overlaps, passthroughRef, vmName } from './util.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { and, bv, declare, or } from '../src/smt/smt2.js';
import { firstHolders, hitOf, isPartition, partitionBug, stage2Decls } from './smt-util.js';

const ID = 'isolation.hypervisor';

/** A range the hypervisor owns: its memory or one of its register frames. */
interface HvRange {
  readonly lo: bigint;
  readonly hi: bigint;
  /** In words: "hypervisor memory 'hypervisor'", "the hypervisor's GIC distributor frame 'gicd'". */
  readonly what: string;
  readonly at: SourceRef;
}

function hvRanges(s: Scenario): HvRange[] {
  return [
    ...s.soc.hypervisorMemory.map((r) => ({ lo: r.base, hi: r.base + r.size - 1n, what: `hypervisor memory '${r.name}'`, at: r.at })),
    ...(s.soc.hypervisorFrames ?? []).map((f) => ({ lo: f.base, hi: f.base + f.size - 1n, what: `the hypervisor's ${f.kind} frame '${f.name}'`, at: f.at })),
  ];
}

function hvRangeAt(s: Scenario, pa: bigint): HvRange | undefined {
  return hvRanges(s).find((r) => pa >= r.lo && pa <= r.hi);
}

/** The interrupt IDs the hypervisor keeps. */
function hvIrqs(s: Scenario): Map<number, HypervisorIrq> {
  return new Map((s.soc.hypervisorIrqs ?? []).map((q) => [q.intid, q] as const));
}

/** Why VM v has an interrupt the hypervisor keeps: routed to it, or raised by a device it holds. */
interface IrqRow {
  readonly vm: number;
  readonly spi: number;
  /** The device raising it, or -1 for a declared route. */
  readonly device: number;
  readonly at: SourceRef;
}

function irqRows(s: Scenario): IrqRow[] {
  const out: IrqRow[] = [];
  s.vms.forEach((vm, v) => {
    for (const r of vm.irqs) out.push({ vm: v, spi: r.spi, device: -1, at: r.at });
  });
  // A device raises its lines for its owner at boot (the first VM passing it through).
  firstHolders(s).forEach((v, d) => {
    if (v < 0) return;
    const dev = s.soc.devices[d]!;
    const at = s.vms[v]!.devices.find((p) => p.device === dev.name)?.at ?? dev.at;
    for (const spi of dev.irqs) out.push({ vm: v, spi, device: d, at });
  });
  return out;
}

function irqFinding(s: Scenario, row: IrqRow, q: HypervisorIrq): Finding {
  const vm = s.vms[row.vm]!.name;
  const dev = row.device >= 0 ? s.soc.devices[row.device]!.name : undefined;
  return {
    property: ID,
    message:
      dev === undefined
        ? `${vm} is routed interrupt ${row.spi}, which the hypervisor keeps ('${q.name}', ${q.kind})`
        : `${vm} holds ${dev}, which raises interrupt ${row.spi}, kept by the hypervisor ('${q.name}', ${q.kind}): the device belongs to the hypervisor`,
    actor: vm,
    victim: 'hypervisor',
    resource: `interrupt ${row.spi} ('${q.name}')`,
    via: dev === undefined ? `the route of SPI ${row.spi} to ${vm}` : `the passthrough of ${dev} to ${vm}`,
    at: row.at,
    related: [q.at],
    fix: dev === undefined ? `remove SPI ${row.spi} from ${vm}'s irqs; the hypervisor handles it` : `do not pass ${dev} through: the hypervisor keeps it (give ${vm} a virtual device instead)`,
  };
}

function checkConfig(scenario: Scenario): Finding[] {
  const topo = buildTopology(scenario);
  const out: Finding[] = [];
  const hv = hvRanges(scenario);
  // Every stage-2 entry at boot: memory, channel endpoints and passthrough registers.
  scenario.vms.forEach((_, v) => {
    for (const e of configuredTable(topo, v, (d) => topo.initialOwner[d]!)) {
      const r = hv.find((h) => overlaps(e.pa, entryPaEnd(e), h.lo, h.hi + 1n));
      if (r === undefined) continue;
      out.push({
        property: ID,
        message: `${originText(topo, e.origin, v)} (PA ${hex(e.pa)}..${hex(entryPaEnd(e) - 1n)}) reaches ${r.what}`,
        actor: vmName(topo, v),
        victim: 'hypervisor',
        resource: r.what,
        address: e.pa > r.lo ? e.pa : r.lo,
        via: originText(topo, e.origin, v),
        at: originRef(topo, e.origin, v),
        related: [r.at],
        fix: `move ${originText(topo, e.origin, v)} out of PA ${hex(r.lo)}..${hex(r.hi)}${e.origin.kind === 'device' ? ' (a device whose registers lie in a hypervisor frame belongs to the hypervisor: do not pass it through)' : ''}`,
      });
    }
  });
  const keep = hvIrqs(scenario);
  for (const row of irqRows(scenario)) {
    const q = keep.get(row.spi);
    if (q !== undefined) out.push(irqFinding(scenario, row, q));
  }
  return [...out, ...dmaFindings(scenario, dmaPaths(scenario), dmaSpec(scenario))];
}

/** The DMA part: no path that leaves its owner's stage-2 reaches the hypervisor's memory or frames. */
function dmaSpec(s: Scenario): ReachSpec {
  return {
    property: ID,
    targets: hvRanges(s).map((r) => ({ lo: r.lo, hi: r.hi, victim: 'hypervisor', resource: r.what, at: r.at })),
    allowed: () => false,
    exclude: [],
    writes: false,
    claim: "no DMA path of a VM's devices reaches the hypervisor's memory or register frames",
  };
}

function stateFindings(s: State): Finding[] {
  const topo = s.topo;
  const out: Finding[] = [];
  const hv = hvRanges(topo.scenario);
  s.vms.forEach((vm, v) => {
    for (const e of vm.stage2) {
      const r = hv.find((h) => overlaps(e.pa, entryPaEnd(e), h.lo, h.hi + 1n));
      if (r === undefined) continue;
      out.push({
        property: ID,
        message: `${vmName(topo, v)}'s stage-2 maps IPA ${hex(e.ipa)} to PA ${hex(e.pa)}, inside ${r.what} (${originText(topo, e.origin, v)})`,
        actor: vmName(topo, v),
        victim: 'hypervisor',
        resource: r.what,
        address: e.pa,
        via: originText(topo, e.origin, v),
        at: originRef(topo, e.origin, v),
        related: [r.at],
        fix: `no mapping may reach PA ${hex(r.lo)}..${hex(r.hi)}`,
      });
    }
  });
  const keep = hvIrqs(topo.scenario);
  if (keep.size === 0) return out;
  s.routes.forEach((targets, spi) => {
    const q = keep.get(spi);
    if (q === undefined) return;
    for (const t of targets) {
      const at = topo.scenario.vms[t.vm]!.irqs.find((r) => r.spi === spi)?.at ?? topo.scenario.at;
      out.push(irqFinding(topo.scenario, { vm: t.vm, spi, device: -1, at }, q));
    }
  });
  s.devices.forEach((dev, d) => {
    if (dev.owner < 0) return;
    for (const spi of topo.scenario.soc.devices[d]!.irqs) {
      const q = keep.get(spi);
      if (q !== undefined) out.push(irqFinding(topo.scenario, { vm: dev.owner, spi, device: d, at: passthroughRef(topo, d, dev.owner) }, q));
    }
  });
  return out;
}

// ---------------------------------------------------------------- Z3 obligation

/** A stage-2 declaration at boot: memory, channel endpoints, and passthrough registers of every holder. */
interface CpuDecl {
  readonly vm: number;
  readonly ipa: bigint;
  readonly pa: bigint;
  readonly size: bigint;
  readonly w: boolean;
  readonly name: string;
  readonly at: SourceRef;
}

function cpuDecls(s: Scenario): CpuDecl[] {
  const out: CpuDecl[] = stage2Decls(s).map((d) => ({ vm: d.vm, ipa: d.ipa, pa: d.pa, size: d.size, w: d.perms.w, name: d.name, at: d.at }));
  s.vms.forEach((vm, v) =>
    vm.devices.forEach((p) => {
      const dev = s.soc.devices.find((x) => x.name === p.device);
      dev?.mmio.forEach((r, i) => out.push({ vm: v, ipa: p.mmioIpa?.[i] ?? r.base, pa: r.base, size: r.size, w: true, name: `the passthrough of ${dev.name} to ${vm.name}`, at: p.at }));
    }),
  );
  return out;
}

function cpuSpec(scenario: Scenario): { spec: JoinSpec; decls: CpuDecl[] } {
  const decls = cpuDecls(scenario);
  return {
    decls,
    spec: {
      property: ID,
      subject: 'pa',
      claim: "no physical address of the hypervisor's memory or register frames lies in a stage-2 mapping of a VM (memory, channel endpoint or passthrough registers)",
      keyWidth: 64,
      fields: { hv: 'bool' },
      conflict: (f, g) => `(and ${f('hv')} (not ${g('hv')}))`,
      items: [
        ...decls.map((d) => ({ lo: d.pa, hi: d.pa + d.size - 1n, fields: { hv: false }, left: false, right: true })),
        ...hvRanges(scenario).map((r) => ({ lo: r.lo, hi: r.hi, fields: { hv: true }, left: true, right: false })),
      ],
    },
  };
}

/**
 * Interrupts: every route and every line a boot owner's device raises, against the IDs the
 * hypervisor keeps. No witness constants: the demonstration is the first such row in
 * declaration order, so committed evidence does not depend on the solver's choice of model.
 */
function irqQuery(scenario: Scenario): Query {
  const rows = irqRows(scenario);
  const keep = [...hvIrqs(scenario).keys()];
  const lines = ['(set-logic QF_BV)', declare('r', 32), declare('n', 32)];
  lines.push(`(assert ${or(rows.map((row, i) => and([`(= r ${bv(i, 32)})`, `(= n ${bv(row.spi, 32)})`])))})`);
  lines.push(`(assert ${or(keep.map((k) => `(= n ${bv(k, 32)})`))})`);
  return {
    id: `${ID}/irqs`,
    property: ID,
    level: 'config',
    claim: 'no VM is routed an interrupt the hypervisor keeps, nor holds a device that raises one',
    smt2: lines.join('\n') + '\n',
    witness: [],
  };
}

const hypervisorSmt: NonNullable<Property['smt']> = {
  statement:
    "For every VM v: no PA of the hypervisor's memory or frames is reached by v's stage-2 (memory, channels, passthrough registers) or by a DMA path of a device v holds (raw, SMMU bypass, another VM's SMMU context); no interrupt the hypervisor keeps is routed to v or raised by a device v holds.",
  encode: (scenario) => [...joinQueries(cpuSpec(scenario).spec), dmaReachQuery(dmaPaths(scenario), dmaSpec(scenario)), irqQuery(scenario)],
  witness: (scenario, query, model) => {
    if (query.id === `${ID}/dma-reach`) return dmaWitness(scenario, dmaPaths(scenario), dmaSpec(scenario), query.id);
    if (query.id === `${ID}/irqs`) {
      const keep = hvIrqs(scenario);
      const row = irqRows(scenario).find((x) => keep.has(x.spi));
      if (row === undefined) throw new Error(`BUG in hvsafe: ${query.id} is SAT but no route or device has an interrupt the hypervisor keeps`);
      return { findings: [irqFinding(scenario, row, keep.get(row.spi)!)], events: [{ kind: 'irq', spi: row.spi }] };
    }
    if (isPartition(query.id)) partitionBug(query.id);
    const { spec, decls } = cpuSpec(scenario);
    const h = hitOf(spec, query.id, model);
    const m = decls[h.j]!;
    const r = hvRangeAt(scenario, h.key)!;
    const vm = scenario.vms[m.vm]!;
    const ipa = m.ipa + (h.key - m.pa);
    return {
      findings: [
        {
          property: ID,
          message: `${m.name} (PA ${hex(m.pa)}..${hex(m.pa + m.size - 1n)}) reaches ${r.what} at PA ${hex(h.key)}`,
          actor: vm.name,
          victim: 'hypervisor',
          resource: r.what,
          address: h.key,
          via: m.name,
          at: m.at,
          related: [r.at],
          fix: `move ${m.name} out of PA ${hex(r.lo)}..${hex(r.hi)}`,
        },
      ],
      events: [m.w ? { kind: 'write', vm: m.vm, vcpu: 0, ipa, value: 0xbad } : { kind: 'read', vm: m.vm, vcpu: 0, ipa }],
    };
  },
};

export const isolationHypervisor: Property = {
  id: ID,
  title: 'Hypervisor memory, registers and interrupts are out of every guest\'s reach',
  claim:
    'No guest reaches the hypervisor\'s memory or register frames (GIC, SMMU, its console, a virtual PCI ECAM window) by a stage-2 mapping (memory, channel or passthrough registers) or by the DMA of a device it holds (raw with no SMMU, bypassing it without a stream ID, or through another VM\'s SMMU context), and no guest is routed, or holds a device raising, an interrupt the hypervisor keeps.',
  rationale:
    'The hypervisor\'s memory holds the stage-2 tables, SMMU contexts and schedules that enforce every other property; a guest that can write it can undo all isolation.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) =>
    s.soc.hypervisorMemory.length === 0 && (s.soc.hypervisorFrames ?? []).length === 0 && (s.soc.hypervisorIrqs ?? []).length === 0
      ? notApplicable('the SoC declares no hypervisor memory, frames or interrupts')
      : APPLIES,
  checkConfig,
  stimulus: { read: 4, write: 4, dma: 6, 'hvc-map': 4 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const sc = topo.scenario;
      const out: Finding[] = after.vms !== before.vms || after.routes !== before.routes || after.devices !== before.devices ? stateFindings(after) : [];
      const keep = hvIrqs(sc);
      for (const o of observations) {
        if (o.kind === 'access') {
          const r = hvRangeAt(sc, o.pa);
          if (r === undefined) continue;
          out.push({
            property: ID,
            message: `${vmName(topo, o.vm)} ${o.op === 'read' ? 'read' : 'wrote'} ${r.what} at PA ${hex(o.pa)} (IPA ${hex(o.ipa)}) through ${originText(topo, o.via, o.vm)}`,
            actor: vmName(topo, o.vm),
            victim: 'hypervisor',
            resource: r.what,
            address: o.pa,
            via: originText(topo, o.via, o.vm),
            at: originRef(topo, o.via, o.vm),
            related: [r.at],
            fix: `no mapping of ${vmName(topo, o.vm)} may reach PA ${hex(r.lo)}..${hex(r.hi)}`,
          });
        }
        if (o.kind === 'dma' && !trustedDevice(sc, o.device)) {
          const p = o.pages.find((pg) => hvRangeAt(sc, pg.pa) !== undefined);
          if (p === undefined) continue;
          const r = hvRangeAt(sc, p.pa)!;
          out.push({
            property: ID,
            message: `${deviceName(topo, o.device)}, programmed by ${vmName(topo, o.vm)}, DMA-${o.dir === 'read' ? 'read' : 'wrote'} ${r.what} at PA ${hex(p.pa)} (${o.path === 'smmu' ? `through ${vmName(topo, o.context)}'s SMMU context` : o.path === 'smmu-bypass' ? 'SMMU bypass' : 'no SMMU'})`,
            actor: vmName(topo, o.vm),
            victim: 'hypervisor',
            resource: r.what,
            address: p.pa,
            via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
            at: passthroughRef(topo, o.device, o.vm),
            related: [r.at, sc.soc.smmu.at],
            fix: o.path === 'smmu' ? `the SMMU context must not map the hypervisor's memory or frames` : `put ${deviceName(topo, o.device)} behind an SMMU context, or do not pass it through`,
          });
        }
        if (o.kind === 'virq' && o.source === 'spi') {
          const q = keep.get(o.intid);
          if (q === undefined) continue;
          const at = sc.vms[o.vm]!.irqs.find((r) => r.spi === o.intid)?.at ?? sc.at;
          out.push({ ...irqFinding(sc, { vm: o.vm, spi: o.intid, device: -1, at }, q), message: `${vmName(topo, o.vm)} received interrupt ${o.intid}, which the hypervisor keeps ('${q.name}', ${q.kind})` });
        }
      }
      return out;
    },
  }),
  smt: hypervisorSmt,
};
