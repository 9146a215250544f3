// isolation.hypervisor: no guest reaches hypervisor memory by CPU access or by DMA.

import type { Scenario } from '../src/config/types.js';
import type { Query } from '../src/smt/query.js';
import type { State } from '../src/hv/state.js';
import { buildTopology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { deviceName, entryPaEnd, hex, originRef, originText, overlaps, passthroughRef, vmName } from './util.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { and, bv, declare, or, within } from '../src/smt/smt2.js';
import { firstHolders, hitOf, isPartition, partitionBug, stage2Decls } from './smt-util.js';

const ID = 'isolation.hypervisor';

function checkConfig(scenario: Scenario): Finding[] {
  const topo = buildTopology(scenario);
  const out: Finding[] = [];
  const hv = scenario.soc.hypervisorMemory;
  topo.configuredStage2.forEach((entries, v) => {
    for (const e of entries) {
      const r = hv.find((h) => overlaps(e.pa, entryPaEnd(e), h.base, h.base + h.size));
      if (r === undefined) continue;
      out.push({
        property: ID,
        message: `${originText(topo, e.origin, v)} (PA ${hex(e.pa)}..${hex(entryPaEnd(e) - 1n)}) reaches the hypervisor's memory '${r.name}'`,
        actor: vmName(topo, v),
        victim: 'hypervisor',
        resource: `hypervisor memory '${r.name}'`,
        address: e.pa > r.base ? e.pa : r.base,
        via: originText(topo, e.origin, v),
        at: originRef(topo, e.origin, v),
        related: [r.at],
        fix: `move ${originText(topo, e.origin, v)} out of PA ${hex(r.base)}..${hex(r.base + r.size - 1n)}`,
      });
    }
  });
  // DMA that nothing translates reaches every physical address, the hypervisor's included.
  scenario.soc.devices.forEach((dev, d) => {
    const owner = topo.initialOwner[d]!;
    if (owner < 0 || !dev.dma || dev.trusted || hv.length === 0) return;
    const unchecked = !scenario.soc.smmu.present || (dev.streamIds.length === 0 && scenario.soc.smmu.unmatchedStreams === 'bypass');
    if (!unchecked) return;
    out.push({
      property: ID,
      message: `${deviceName(topo, d)} can master DMA and is passed through to ${vmName(topo, owner)} ${scenario.soc.smmu.present ? 'with no stream ID while the SMMU bypasses unmatched streams' : 'on a SoC without an SMMU'}: ${vmName(topo, owner)} can program it to reach hypervisor memory at ${hex(hv[0]!.base)}`,
      actor: vmName(topo, owner),
      victim: 'hypervisor',
      resource: `hypervisor memory '${hv[0]!.name}'`,
      address: hv[0]!.base,
      via: `DMA of ${deviceName(topo, d)} (${scenario.soc.smmu.present ? 'SMMU bypass' : 'no SMMU'})`,
      at: passthroughRef(topo, d, owner),
      related: [dev.at, scenario.soc.smmu.at],
      fix: scenario.soc.smmu.present
        ? `give ${deviceName(topo, d)} its stream IDs, or set the SMMU to fault unmatched streams`
        : `do not pass ${deviceName(topo, d)} through without an IOMMU (keep it in the hypervisor or use a SoC with an SMMU)`,
    });
  });
  return out;
}

function stateFindings(s: State): Finding[] {
  const topo = s.topo;
  const out: Finding[] = [];
  s.vms.forEach((vm, v) => {
    for (const e of vm.stage2) {
      const r = topo.scenario.soc.hypervisorMemory.find((h) => overlaps(e.pa, entryPaEnd(e), h.base, h.base + h.size));
      if (r === undefined) continue;
      out.push({
        property: ID,
        message: `${vmName(topo, v)}'s stage-2 maps IPA ${hex(e.ipa)} to PA ${hex(e.pa)}, inside the hypervisor's memory '${r.name}' (${originText(topo, e.origin, v)})`,
        actor: vmName(topo, v),
        victim: 'hypervisor',
        resource: `hypervisor memory '${r.name}'`,
        address: e.pa,
        via: originText(topo, e.origin, v),
        at: originRef(topo, e.origin, v),
        related: [r.at],
        fix: `no mapping may reach PA ${hex(r.base)}..${hex(r.base + r.size - 1n)}`,
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------- Z3 obligation

function cpuSpec(scenario: Scenario): { spec: JoinSpec; decls: ReturnType<typeof stage2Decls> } {
  const decls = stage2Decls(scenario);
  const hv = scenario.soc.hypervisorMemory;
  return {
    decls,
    spec: {
      property: ID,
      subject: 'pa',
      claim: 'no physical address of hypervisor memory lies in a stage-2 mapping of a VM',
      keyWidth: 64,
      fields: { hv: 'bool' },
      conflict: (f, g) => `(and ${f('hv')} (not ${g('hv')}))`,
      items: [
        ...decls.map((d) => ({ lo: d.pa, hi: d.pa + d.size - 1n, fields: { hv: false }, left: false, right: true })),
        ...hv.map((r) => ({ lo: r.base, hi: r.base + r.size - 1n, fields: { hv: true }, left: true, right: false })),
      ],
    },
  };
}

/**
 * DMA that nothing translates reaches every physical address: a passed-through DMA master that
 * is not declared trusted, with no SMMU, or with no stream ID while the SMMU bypasses unmatched
 * streams. The SoC facts are constants the solver combines; `p` is an address of hypervisor memory.
 */
function dmaQuery(scenario: Scenario): Query {
  const { soc } = scenario;
  const owners = firstHolders(scenario);
  const lines = ['(set-logic QF_BV)', declare('d', 32), declare('p', 64), `(define-fun smmu () Bool ${soc.smmu.present})`, `(define-fun bypass () Bool ${soc.smmu.unmatchedStreams === 'bypass'})`];
  const devs = soc.devices.map((dev, i) =>
    and([`(= d ${bv(i, 32)})`, `${owners[i]! >= 0}`, `${dev.dma}`, `(not ${dev.trusted})`, `(or (not smmu) (and bypass ${dev.streamIds.length === 0}))`]),
  );
  lines.push(`(assert ${or(devs)})`, `(assert ${or(soc.hypervisorMemory.map((r) => within('p', r.base, r.base + r.size - 1n, 64)))})`);
  return {
    id: `${ID}/dma`,
    property: ID,
    level: 'config',
    claim: 'no passed-through DMA master reaches hypervisor memory untranslated (no SMMU, or SMMU bypass for a device without stream IDs)',
    smt2: lines.join('\n') + '\n',
    witness: [
      { name: 'd', sort: 'bv32' },
      { name: 'p', sort: 'bv64' },
    ],
  };
}

const hypervisorSmt: NonNullable<Property['smt']> = {
  statement: 'For every VM v and PA p in hypervisor memory: ¬reach_cpu(v, p) ∧ ¬reach_dma(v, p).',
  encode: (scenario) => [...joinQueries(cpuSpec(scenario).spec), dmaQuery(scenario)],
  witness: (scenario, query, model) => {
    const hv = scenario.soc.hypervisorMemory;
    const region = (p: bigint) => hv.find((r) => p >= r.base && p < r.base + r.size);
    if (query.id === `${ID}/dma`) {
      const d = Number(model['d']);
      const p = model['p'];
      const dev = scenario.soc.devices[d];
      const owner = firstHolders(scenario)[d] ?? -1;
      const r = typeof p === 'bigint' ? region(p) : undefined;
      if (dev === undefined || owner < 0 || typeof p !== 'bigint' || r === undefined) throw new Error(`BUG in hvsafe: the model of ${query.id} names no owned device and hypervisor address`);
      const vm = scenario.vms[owner]!;
      const how = scenario.soc.smmu.present ? 'SMMU bypass for a device without stream IDs' : 'no SMMU';
      return {
        findings: [
          {
            property: ID,
            message: `${dev.name}, passed through to ${vm.name}, masters DMA untranslated (${how}): ${vm.name} can program it to write hypervisor memory '${r.name}' at PA ${hex(p)}`,
            actor: vm.name,
            victim: 'hypervisor',
            resource: `hypervisor memory '${r.name}'`,
            address: p,
            via: `DMA of ${dev.name} (${how})`,
            at: vm.devices.find((x) => x.device === dev.name)?.at ?? dev.at,
            related: [dev.at, scenario.soc.smmu.at],
            fix: scenario.soc.smmu.present ? `give ${dev.name} its stream IDs, or set the SMMU to fault unmatched streams` : `do not pass ${dev.name} through without an IOMMU`,
          },
        ],
        events: [{ kind: 'dma', device: d, stream: 0, addr: p, length: 1n, dir: 'write', value: 0xbad }],
      };
    }
    if (isPartition(query.id)) partitionBug(query.id);
    const { spec, decls } = cpuSpec(scenario);
    const h = hitOf(spec, query.id, model);
    const m = decls[h.j]!;
    const r = region(h.key)!;
    const vm = scenario.vms[m.vm]!;
    const ipa = m.ipa + (h.key - m.pa);
    return {
      findings: [
        {
          property: ID,
          message: `${m.name} (PA ${hex(m.pa)}..${hex(m.pa + m.size - 1n)}) reaches the hypervisor's memory '${r.name}' at PA ${hex(h.key)}`,
          actor: vm.name,
          victim: 'hypervisor',
          resource: `hypervisor memory '${r.name}'`,
          address: h.key,
          via: m.name,
          at: m.at,
          related: [r.at],
          fix: `move ${m.name} out of PA ${hex(r.base)}..${hex(r.base + r.size - 1n)}`,
        },
      ],
      events: [m.perms.w ? { kind: 'write', vm: m.vm, vcpu: 0, ipa, value: 0xbad } : { kind: 'read', vm: m.vm, vcpu: 0, ipa }],
    };
  },
};

export const isolationHypervisor: Property = {
  id: ID,
  title: 'Hypervisor memory is out of every guest\'s reach',
  claim: 'No guest reaches hypervisor memory, by CPU access or by DMA.',
  rationale:
    'The hypervisor\'s memory holds the stage-2 tables, SMMU contexts and schedules that enforce every other property; a guest that can write it can undo all isolation.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (s.soc.hypervisorMemory.length === 0 ? notApplicable('the SoC declares no hypervisor memory') : APPLIES),
  checkConfig,
  stimulus: { read: 4, write: 4, dma: 6, 'hvc-map': 4 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const out: Finding[] = after.vms !== before.vms ? stateFindings(after) : [];
      for (const o of observations) {
        if (o.kind === 'access' && o.target.kind === 'hypervisor') {
          out.push({
            property: ID,
            message: `${vmName(topo, o.vm)} ${o.op === 'read' ? 'read' : 'wrote'} hypervisor memory at PA ${hex(o.pa)} (IPA ${hex(o.ipa)}) through ${originText(topo, o.via, o.vm)}`,
            actor: vmName(topo, o.vm),
            victim: 'hypervisor',
            resource: 'hypervisor memory',
            address: o.pa,
            via: originText(topo, o.via, o.vm),
            at: originRef(topo, o.via, o.vm),
            fix: `no mapping of ${vmName(topo, o.vm)} may reach hypervisor memory`,
          });
        }
        if (o.kind === 'dma') {
          const p = o.pages.find((pg) => pg.target.kind === 'hypervisor');
          if (p === undefined) continue;
          out.push({
            property: ID,
            message: `${deviceName(topo, o.device)}, programmed by ${vmName(topo, o.vm)}, DMA-${o.dir === 'read' ? 'read' : 'wrote'} hypervisor memory at PA ${hex(p.pa)} (${o.path === 'smmu' ? `through ${vmName(topo, o.context)}'s SMMU context` : o.path === 'smmu-bypass' ? 'SMMU bypass' : 'no SMMU'})`,
            actor: vmName(topo, o.vm),
            victim: 'hypervisor',
            resource: 'hypervisor memory',
            address: p.pa,
            via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
            at: passthroughRef(topo, o.device, o.vm),
            related: [topo.scenario.soc.smmu.at],
            fix: o.path === 'smmu' ? `the SMMU context must not map hypervisor memory` : `put ${deviceName(topo, o.device)} behind an SMMU context, or do not pass it through`,
          });
        }
      }
      return out;
    },
  }),
  smt: hypervisorSmt,
};
