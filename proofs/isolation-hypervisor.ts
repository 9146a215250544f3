// isolation.hypervisor: no guest reaches hypervisor memory by CPU access or by DMA.

import type { Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { buildTopology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { deviceName, entryPaEnd, hex, originRef, originText, overlaps, passthroughRef, vmName } from './util.js';

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
  smt: { statement: 'For every VM v and PA p in hypervisor memory: ¬reach_cpu(v, p) ∧ ¬reach_dma(v, p).' },
};
