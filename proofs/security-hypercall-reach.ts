// security.hypercall-reach: no sequence of hypercalls enlarges a VM's reach beyond its configuration.

import type { State } from '../src/hv/state.js';
import type { Stage2Entry } from '../src/hv/topology.js';
import { APPLIES, type Finding, type Property } from './property.js';
import { describePa, deviceName, entryPaEnd, hex, originRef, originText, vmName } from './util.js';

const ID = 'security.hypercall-reach';

function within(p: { r: boolean; w: boolean; x: boolean }, q: { r: boolean; w: boolean; x: boolean }): boolean {
  return (!p.r || q.r) && (!p.w || q.w) && (!p.x || q.x);
}

/** Is this stage-2 entry something VM v's configuration (or the devices it owns now) grants? */
function granted(s: State, v: number, e: Stage2Entry): boolean {
  const topo = s.topo;
  const cfg = topo.scenario.vms[v]!;
  const end = entryPaEnd(e);
  if (cfg.memory.some((m) => e.pa >= m.pa && end <= m.pa + m.size && within(e.perms, m.perms))) return true;
  for (const c of topo.configuredStage2[v]!) {
    if (c.origin.kind === 'channel' && c.ipa === e.ipa && c.pa === e.pa && c.end === e.end && within(e.perms, c.perms)) return true;
  }
  return topo.scenario.soc.devices.some(
    (dev, d) =>
      (s.devices[d]!.owner === v || cfg.devices.some((p) => p.device === dev.name)) &&
      dev.mmio.some((r) => e.pa >= r.base && end <= r.base + r.size),
  );
}

function stateFindings(before: State | undefined, s: State): Finding[] {
  const topo = s.topo;
  const out: Finding[] = [];
  s.vms.forEach((vm, v) => {
    if (before !== undefined && before.vms[v]!.stage2 === vm.stage2) return;
    for (const e of vm.stage2) {
      if (granted(s, v, e)) continue;
      const what = describePa(topo, e.pa);
      out.push({
        property: ID,
        message: `${vmName(topo, v)}'s stage-2 now maps IPA ${hex(e.ipa)} → PA ${hex(e.pa)}..${hex(entryPaEnd(e) - 1n)} (${e.perms.r ? 'r' : '-'}${e.perms.w ? 'w' : '-'}${e.perms.x ? 'x' : '-'}), ${what.resource}, which its configuration does not grant (${originText(topo, e.origin, v)})`,
        actor: vmName(topo, v),
        victim: what.victim,
        resource: what.resource,
        address: e.pa,
        via: originText(topo, e.origin, v),
        at: e.origin.kind === 'dynamic' || e.origin.kind === 'memory' ? originRef(topo, e.origin, v) : topo.scenario.vms[v]!.at,
        fix: e.origin.kind === 'device' ? `the hypervisor must map ${deviceName(topo, e.origin.device)} only into its owner` : 'the map hypercall must check that the PA range lies inside one of the caller\'s own memory mappings, with no wider permissions',
      });
    }
  });
  return out;
}

export const securityHypercallReach: Property = {
  id: ID,
  title: 'Hypercalls cannot enlarge a VM\'s reach',
  claim: "No sequence of hypercalls enlarges a VM's reach beyond its configuration: every page it maps is its own, with no permission its configuration does not grant (a read-only region is never mapped writable or executable beyond its grant).",
  rationale:
    'Dynamic map/unmap hypercalls are the guest-controlled part of the stage-2 tables: if they can map a foreign PA or widen permissions, every static isolation argument is void.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: () => APPLIES,
  stimulus: { 'hvc-map': 12, 'hvc-unmap': 4, read: 2, write: 2, 'vm-restart': 1, reassign: 1 },
  monitor: () => ({
    start: (s0) => stateFindings(undefined, s0),
    step: (before, _e, after) => (after.vms === before.vms ? [] : stateFindings(before, after)),
  }),
  smt: { statement: 'For every VM v, every hypercall sequence h and every entry e of stage2(run(h)): e ⊆ configured(v) with perms(e) ⊆ perms(configured).' },
};
