// isolation.mmio: a device's MMIO is reachable only by the VM it is assigned to.

import type { Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { buildTopology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { deviceName, entryPaEnd, hex, originRef, originText, overlaps, passthroughRef, vmName } from './util.js';

const ID = 'isolation.mmio';

function checkConfig(scenario: Scenario): Finding[] {
  const topo = buildTopology(scenario);
  const out: Finding[] = [];
  scenario.soc.devices.forEach((dev, d) => {
    const holders = scenario.vms.flatMap((vm, v) => (vm.devices.some((p) => p.device === dev.name) ? [v] : []));
    for (const v of holders.slice(1)) {
      out.push({
        property: ID,
        message: `${dev.name} is passed through to both ${vmName(topo, holders[0]!)} and ${vmName(topo, v)}: both reach its registers`,
        actor: vmName(topo, v),
        victim: vmName(topo, holders[0]!),
        resource: `MMIO of ${dev.name}`,
        address: dev.mmio[0]?.base,
        via: `the passthrough of ${dev.name} to ${vmName(topo, v)}`,
        at: passthroughRef(topo, d, v),
        related: [passthroughRef(topo, d, holders[0]!)],
        fix: `pass ${dev.name} through to one VM only; give the other a virtual device or a channel`,
      });
    }
    topo.configuredStage2.forEach((entries, v) => {
      for (const e of entries) {
        const r = dev.mmio.find((m) => overlaps(e.pa, entryPaEnd(e), m.base, m.base + m.size));
        if (r === undefined || (holders[0] === v && holders.length === 1)) continue;
        out.push({
          property: ID,
          message: `${originText(topo, e.origin, v)} (PA ${hex(e.pa)}..${hex(entryPaEnd(e) - 1n)}) covers the registers of ${dev.name}, which ${holders.length === 0 ? 'no VM' : vmName(topo, holders[0]!)} owns`,
          actor: vmName(topo, v),
          victim: dev.name,
          resource: `MMIO of ${dev.name}`,
          address: r.base,
          via: originText(topo, e.origin, v),
          at: originRef(topo, e.origin, v),
          related: [dev.at],
          fix: `keep ${originText(topo, e.origin, v)} clear of ${dev.name}'s MMIO at ${hex(r.base)}`,
        });
      }
    });
  });
  return out;
}

function stateFindings(s: State): Finding[] {
  const topo = s.topo;
  const out: Finding[] = [];
  s.vms.forEach((vm, v) => {
    for (const e of vm.stage2) {
      if (e.origin.kind !== 'device') continue;
      const d = e.origin.device;
      const owner = s.devices[d]!.owner;
      if (owner === v) continue;
      // A device declared for two VMs is the configuration's finding, not the state's.
      const declared = topo.scenario.vms[v]!.devices.some((p) => p.device === deviceName(topo, d));
      if (declared && owner === topo.initialOwner[d]) continue;
      out.push({
        property: ID,
        message: `${vmName(topo, v)}'s stage-2 still maps the registers of ${deviceName(topo, d)} (PA ${hex(e.pa)}), which now belongs to ${owner < 0 ? 'no VM' : vmName(topo, owner)}`,
        actor: vmName(topo, v),
        victim: owner < 0 ? deviceName(topo, d) : vmName(topo, owner),
        resource: `MMIO of ${deviceName(topo, d)}`,
        address: e.pa,
        via: originText(topo, e.origin, v),
        at: passthroughRef(topo, d, v),
        fix: `reassignment must remove the device's MMIO from every previous owner's stage-2`,
      });
    }
  });
  return out;
}

export const isolationMmio: Property = {
  id: ID,
  title: 'Device registers belong to one VM',
  claim: 'A device\'s MMIO is reachable only by the VM it is assigned to.',
  rationale:
    'A VM that can program another VM\'s device can make it DMA, raise interrupts, or stop working; register access is as dangerous as memory access.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (s.soc.devices.every((d) => d.mmio.length === 0) ? notApplicable('no device of the SoC has MMIO') : APPLIES),
  checkConfig,
  stimulus: { read: 4, write: 5, dma: 2, reassign: 3, 'vm-restart': 1 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const out: Finding[] = after.vms !== before.vms || after.devices !== before.devices ? stateFindings(after) : [];
      for (const o of observations) {
        if (o.kind === 'access' && o.target.kind === 'mmio') {
          const d = o.target.device;
          const owner = before.devices[d]!.owner;
          if (owner === o.vm) continue;
          out.push({
            property: ID,
            message: `${vmName(topo, o.vm)} ${o.op === 'read' ? 'read' : 'wrote'} the registers of ${deviceName(topo, d)} at PA ${hex(o.pa)}, owned by ${owner < 0 ? 'no VM' : vmName(topo, owner)}, through ${originText(topo, o.via, o.vm)}`,
            actor: vmName(topo, o.vm),
            victim: owner < 0 ? deviceName(topo, d) : vmName(topo, owner),
            resource: `MMIO of ${deviceName(topo, d)}`,
            address: o.pa,
            via: originText(topo, o.via, o.vm),
            at: originRef(topo, o.via, o.vm),
            fix: `only ${owner < 0 ? 'the owner' : vmName(topo, owner)} may map ${deviceName(topo, d)}`,
          });
        }
        if (o.kind === 'dma') {
          const p = o.pages.find((pg) => pg.target.kind === 'mmio' && before.devices[pg.target.device]!.owner !== o.vm);
          if (p === undefined || p.target.kind !== 'mmio') continue;
          const victimDev = p.target.device;
          out.push({
            property: ID,
            message: `${deviceName(topo, o.device)}, programmed by ${vmName(topo, o.vm)}, DMA-${o.dir === 'read' ? 'read' : 'wrote'} the registers of ${deviceName(topo, victimDev)} at PA ${hex(p.pa)} (peer-to-peer, ${o.path})`,
            actor: vmName(topo, o.vm),
            victim: deviceName(topo, victimDev),
            resource: `MMIO of ${deviceName(topo, victimDev)}`,
            address: p.pa,
            via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
            at: passthroughRef(topo, o.device, o.vm),
            fix: `translate ${deviceName(topo, o.device)}'s DMA through an SMMU context holding only ${vmName(topo, o.vm)}'s memory`,
          });
        }
      }
      return out;
    },
  }),
  smt: { statement: 'For every device d and VM v ≠ owner(d): no stage-2 entry of v and no DMA path of v reaches MMIO(d).' },
};
