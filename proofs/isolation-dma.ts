// isolation.dma: DMA of a device assigned to VM v reaches only v's memory and v's channels.

import type { Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { buildTopology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { configuredReach, describePa, deviceName, hex, passthroughRef, vmName } from './util.js';

const ID = 'isolation.dma';

function dmaDevices(s: Scenario): number[] {
  const topo = buildTopology(s);
  return s.soc.devices.flatMap((d, i) => (d.dma && topo.initialOwner[i]! >= 0 ? [i] : []));
}

function checkConfig(scenario: Scenario): Finding[] {
  const topo = buildTopology(scenario);
  const out: Finding[] = [];
  const { smmu } = scenario.soc;
  const sidOwner = new Map<number, number>();
  scenario.soc.devices.forEach((dev, d) => {
    const owner = topo.initialOwner[d]!;
    if (owner < 0 || !dev.dma) return;
    const name = vmName(topo, owner);
    if (!smmu.present && !dev.trusted) {
      out.push({
        property: ID,
        message: `${dev.name} masters DMA and is passed through to ${name}, but the SoC has no SMMU: ${name} can program it to read or write any physical address (other VMs' RAM, channels, the hypervisor)`,
        actor: name,
        victim: 'every other VM',
        resource: 'all physical memory',
        via: `DMA of ${dev.name} (no SMMU, raw PA)`,
        at: passthroughRef(topo, d, owner),
        related: [dev.at, smmu.at],
        fix: `keep ${dev.name} out of ${name} (let the hypervisor or a driver VM with bounce buffers own it), or use a SoC with an SMMU and give ${dev.name} stream IDs`,
      });
      return;
    }
    if (smmu.present && dev.streamIds.length === 0 && !dev.trusted) {
      out.push({
        property: ID,
        message: `${dev.name} masters DMA for ${name} but declares no SMMU stream ID${smmu.unmatchedStreams === 'bypass' ? ', and the SMMU lets unmatched streams bypass translation: its DMA reaches any physical address' : ''}`,
        actor: name,
        victim: smmu.unmatchedStreams === 'bypass' ? 'every other VM' : dev.name,
        resource: 'all physical memory',
        via: `DMA of ${dev.name} (${smmu.unmatchedStreams === 'bypass' ? 'SMMU bypass' : 'no context: faults'})`,
        at: dev.at,
        related: [passthroughRef(topo, d, owner), smmu.at],
        fix: `declare ${dev.name}'s stream IDs in the SoC file${smmu.unmatchedStreams === 'bypass' ? ' and configure the SMMU to fault unmatched streams' : ''}`,
      });
    }
    for (const sid of dev.streamIds) {
      const prev = sidOwner.get(sid);
      if (prev !== undefined && prev !== owner) {
        out.push({
          property: ID,
          message: `stream ID ${sid} of ${dev.name} (owned by ${name}) is also the stream of a device owned by ${vmName(topo, prev)}: one SMMU context serves both`,
          actor: name,
          victim: vmName(topo, prev),
          resource: `SMMU stream ${sid}`,
          via: `SMMU stream ${sid}`,
          at: dev.at,
          fix: `give each device its own stream IDs, or keep devices sharing a stream in one VM`,
        });
      }
      sidOwner.set(sid, owner);
    }
  });
  return out;
}

function stateFindings(s: State): Finding[] {
  const topo = s.topo;
  if (!topo.scenario.soc.smmu.present) return [];
  const out: Finding[] = [];
  topo.scenario.soc.devices.forEach((dev, d) => {
    const owner = s.devices[d]!.owner;
    for (const sid of dev.streamIds) {
      const ctx = s.streams.get(sid);
      if (ctx === undefined || ctx === owner || ctx < 0) continue;
      // Two devices sharing a stream: the configuration's finding.
      if (topo.scenario.soc.devices.some((o, e) => e !== d && o.streamIds.includes(sid))) continue;
      out.push({
        property: ID,
        message: `SMMU stream ${sid} of ${dev.name} still translates through ${vmName(topo, ctx)}'s context, but the device belongs to ${owner < 0 ? 'no VM' : vmName(topo, owner)}`,
        actor: owner < 0 ? dev.name : vmName(topo, owner),
        victim: vmName(topo, ctx),
        resource: `memory of ${vmName(topo, ctx)}`,
        via: `SMMU stream ${sid}`,
        at: dev.at,
        fix: 'reassignment must rebind the device\'s stream IDs to the new owner\'s context',
      });
    }
  });
  return out;
}

export const isolationDma: Property = {
  id: ID,
  title: 'DMA isolation',
  claim: "DMA of a device assigned to VM v reaches only v's memory and v's channels.",
  rationale:
    'Stage-2 translation does not apply to device DMA: a guest that programs a DMA engine reaches whatever the SMMU lets the device reach. Without an SMMU context per owner, passthrough DMA bypasses every memory partition.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (dmaDevices(s).length === 0 ? notApplicable('no DMA-capable device is passed through to a VM') : APPLIES),
  checkConfig,
  stimulus: { dma: 12, reassign: 2, 'vm-restart': 0.5 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const out: Finding[] = after.streams !== before.streams || after.devices !== before.devices ? stateFindings(after) : [];
      for (const o of observations) {
        if (o.kind !== 'dma') continue;
        const p = o.pages.find((pg) => !configuredReach(before, o.vm, pg.pa));
        if (p === undefined) continue;
        const what = describePa(topo, p.pa);
        out.push({
          property: ID,
          message: `${deviceName(topo, o.device)}, owned by ${vmName(topo, o.vm)}, DMA-${o.dir === 'read' ? 'read' : 'wrote'} PA ${hex(p.pa)} — ${what.resource} — ${o.path === 'smmu' ? `through ${vmName(topo, o.context)}'s SMMU context` : o.path === 'smmu-bypass' ? 'bypassing the SMMU' : 'with no SMMU to stop it'}`,
          actor: vmName(topo, o.vm),
          victim: what.victim,
          resource: what.resource,
          address: p.pa,
          via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
          at: passthroughRef(topo, o.device, o.vm),
          related: [topo.scenario.soc.devices[o.device]!.at, topo.scenario.soc.smmu.at],
          fix:
            o.path === 'smmu'
              ? `bind ${deviceName(topo, o.device)}'s streams to ${vmName(topo, o.vm)}'s context only`
              : `translate ${deviceName(topo, o.device)}'s DMA through an SMMU context, or do not pass it through`,
        });
      }
      return out;
    },
  }),
  smt: { statement: 'For every device d with owner v and every IOVA a: translate(d, a) ∈ mem(v) ∪ channels(v) or faults.' },
};
