// isolation.mmio: a device's MMIO is reachable only by the VM it is assigned to.

import type { Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { buildTopology, hypervisorKeeps, rawDmaMaster } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { deviceName, entryPaEnd, hex, originRef, originText, overlaps, passthroughRef, vmName } from './util.js';
import type { Event } from '../src/hv/events.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { firstHolders, hitOf, isPartition, NONE, partitionBug, stage2Decls } from './smt-util.js';
import { dmaFindings, dmaPaths, dmaReachQuery, dmaWitness, trustedDevice, type DmaPath, type DmaTarget, type ReachSpec } from './dma-reach.js';

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
  return [...out, ...dmaFindings(scenario, dmaPaths(scenario), dmaSpec(scenario))];
}

/**
 * The DMA part: a path that leaves its owner's stage-2 must not reach registers of a device the
 * owner does not hold — now or after a reassignment. A path stays when the device it reaches
 * is handed to another VM (a raw or bypassing master is never moved, src/hv/lifecycle.ts), so
 * reaching one's own device is safe only for a device that can never leave.
 */
function dmaSpec(s: Scenario): ReachSpec {
  const owners = firstHolders(s);
  const movedTo = (p: DmaPath, t: DmaTarget): number | undefined => {
    const d = t.device!;
    if (owners[d] !== p.vm || hypervisorKeeps(s, d) || rawDmaMaster(s, d)) return undefined;
    const to = s.vms.findIndex((_, v) => v !== p.vm);
    return to < 0 ? undefined : to;
  };
  return {
    property: ID,
    targets: s.soc.devices.flatMap((dev, d) => dev.mmio.map((r) => ({ lo: r.base, hi: r.base + r.size - 1n, victim: dev.name, resource: `MMIO of ${dev.name}`, at: dev.at, device: d }))),
    allowed: (p, t) => owners[t.device!] === p.vm && movedTo(p, t) === undefined,
    after: (p, t) => {
      const to = movedTo(p, t);
      return to === undefined ? undefined : { device: t.device!, to };
    },
    exclude: [],
    writes: false,
    claim: "no DMA path of a VM's devices reaches the registers of a device that VM does not hold, at boot or after a reassignment",
  };
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

// ---------------------------------------------------------------- Z3 obligation

interface MmioRange {
  readonly device: number;
  readonly range: number;
}

/** Stage-2 mappings (memory, channels) against device registers: only the sole holder may map them. */
function paSpec(scenario: Scenario): { spec: JoinSpec; decls: ReturnType<typeof stage2Decls>; ranges: MmioRange[] } {
  const decls = stage2Decls(scenario);
  const holders = scenario.soc.devices.map((dev) => scenario.vms.flatMap((vm, v) => (vm.devices.some((p) => p.device === dev.name) ? [v] : [])));
  const ranges: MmioRange[] = scenario.soc.devices.flatMap((dev, d) => dev.mmio.map((_, range) => ({ device: d, range })));
  return {
    decls,
    ranges,
    spec: {
      property: ID,
      subject: 'pa',
      claim: "no stage-2 memory or channel mapping reaches a device's registers unless its VM is the device's only holder",
      keyWidth: 64,
      fields: { mmio: 'bool', vm: 32, holder: 32, sole: 'bool' },
      conflict: (f, g) => `(and ${f('mmio')} (not ${g('mmio')}) (not (and ${f('sole')} (= ${f('holder')} ${g('vm')}))))`,
      items: [
        ...ranges.map(({ device, range }) => {
          const r = scenario.soc.devices[device]!.mmio[range]!;
          const h = holders[device]!;
          return { lo: r.base, hi: r.base + r.size - 1n, fields: { mmio: true, vm: NONE, holder: h.length > 0 ? BigInt(h[0]!) : NONE, sole: h.length === 1 }, left: true, right: false };
        }),
        ...decls.map((d) => ({ lo: d.pa, hi: d.pa + d.size - 1n, fields: { mmio: false, vm: BigInt(d.vm), holder: NONE, sole: false }, left: false, right: true })),
      ],
    },
  };
}

/** Passthrough declarations keyed by device: two VMs holding one device both map its registers. */
function deviceSpec(scenario: Scenario): { spec: JoinSpec; pass: { vm: number; device: number }[] } {
  const index = new Map(scenario.soc.devices.map((d, i) => [d.name, i]));
  const pass = scenario.vms.flatMap((vm, v) => vm.devices.flatMap((p) => (index.has(p.device) ? [{ vm: v, device: index.get(p.device)! }] : [])));
  return {
    pass,
    spec: {
      property: ID,
      subject: 'device',
      claim: 'no device is passed through to two VMs',
      keyWidth: 32,
      fields: { vm: 32 },
      conflict: (f, g) => `(distinct ${f('vm')} ${g('vm')})`,
      items: pass.map((x) => ({ lo: BigInt(x.device), hi: BigInt(x.device), fields: { vm: BigInt(x.vm) }, left: true, right: true })),
    },
  };
}

const mmioSmt: NonNullable<Property['smt']> = {
  statement:
    'For every device d and VM v ≠ owner(d): no stage-2 entry of v and no DMA path of a device v holds (raw, SMMU bypass, or another VM\'s SMMU context) reaches MMIO(d); and since such a DMA path outlives a reassignment of d, it reaches MMIO(d) of v\'s own d only when d can never be handed to another VM (kept by the hypervisor, or itself an unconfined DMA master).',
  encode: (scenario) => [...joinQueries(paSpec(scenario).spec), ...joinQueries(deviceSpec(scenario).spec), dmaReachQuery(dmaPaths(scenario), dmaSpec(scenario))],
  witness: (scenario, query, model) => {
    if (query.id === `${ID}/dma-reach`) return dmaWitness(scenario, dmaPaths(scenario), dmaSpec(scenario), query.id);
    if (isPartition(query.id)) partitionBug(query.id);
    if (query.id.startsWith(`${ID}/device/`)) {
      const { spec, pass } = deviceSpec(scenario);
      const h = hitOf(spec, query.id, model);
      const d = Number(h.key);
      const dev = scenario.soc.devices[d]!;
      const owner = firstHolders(scenario)[d]!;
      // The holder that is not the device's owner at boot reaches registers it does not own.
      const intruder = [pass[h.i]!.vm, pass[h.j]!.vm].find((v) => v !== owner) ?? pass[h.j]!.vm;
      const vm = scenario.vms[intruder]!;
      const decl = vm.devices.find((x) => x.device === dev.name)!;
      const finding: Finding = {
        property: ID,
        message: `${dev.name} is passed through to both ${scenario.vms[owner]?.name ?? '?'} and ${vm.name}: both reach its registers`,
        actor: vm.name,
        victim: scenario.vms[owner]?.name ?? dev.name,
        resource: `MMIO of ${dev.name}`,
        ...(dev.mmio[0] ? { address: dev.mmio[0].base } : {}),
        via: `the passthrough of ${dev.name} to ${vm.name}`,
        at: decl.at,
        related: scenario.vms[owner]?.devices.filter((x) => x.device === dev.name).map((x) => x.at) ?? [],
        fix: `pass ${dev.name} through to one VM only; give the other a virtual device or a channel`,
      };
      if (dev.mmio.length === 0) return { findings: [finding], unobservable: `${dev.name} has no registers to access` };
      const ipa = decl.mmioIpa?.[0] ?? dev.mmio[0]!.base;
      return { findings: [finding], events: [{ kind: 'write', vm: intruder, vcpu: 0, ipa, value: 0xbad }] };
    }
    const { spec, decls, ranges } = paSpec(scenario);
    const h = hitOf(spec, query.id, model);
    const { device } = ranges[h.i]!;
    const dev = scenario.soc.devices[device]!;
    const m = decls[h.j - ranges.length]!;
    const vm = scenario.vms[m.vm]!;
    const ipa = m.ipa + (h.key - m.pa);
    const owner = firstHolders(scenario)[device]!;
    const events: Event[] = [m.perms.w ? { kind: 'write', vm: m.vm, vcpu: 0, ipa, value: 0xbad } : { kind: 'read', vm: m.vm, vcpu: 0, ipa }];
    return {
      // The device's owner at boot reaching its own registers shows nothing: the breach is the second holder.
      ...(owner === m.vm ? { unobservable: `${vm.name} owns ${dev.name} at boot; the breach is that another VM also holds it` } : { events }),
      findings: [
        {
          property: ID,
          message: `${m.name} (PA ${hex(m.pa)}..${hex(m.pa + m.size - 1n)}) covers the registers of ${dev.name} at PA ${hex(h.key)}, which ${owner < 0 ? 'no VM' : scenario.vms[owner]!.name} owns`,
          actor: vm.name,
          victim: dev.name,
          resource: `MMIO of ${dev.name}`,
          address: h.key,
          via: m.name,
          at: m.at,
          related: [dev.at],
          fix: `keep ${m.name} clear of ${dev.name}'s MMIO`,
        },
      ],
    };
  },
};

export const isolationMmio: Property = {
  id: ID,
  title: 'Device registers belong to one VM',
  claim:
    'A device\'s MMIO is reachable only by the VM it is assigned to, at boot and after any reassignment, by stage-2 mapping or by the DMA of the devices a VM holds (raw with no SMMU, bypassing it without a stream ID, or through another VM\'s SMMU context).',
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
        if (o.kind === 'dma' && !trustedDevice(topo.scenario, o.device)) {
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
  smt: mmioSmt,
};
