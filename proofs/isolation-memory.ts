// isolation.memory: no physical address is reachable by two VMs, except through a declared channel.

import type { Scenario } from '../src/config/types.js';
import { buildTopology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { channelsAt, deviceName, entryPaEnd, hex, isEndpoint, originRef, originText, overlaps, passthroughRef, privateOwners, vmName } from './util.js';
import type { Event } from '../src/hv/events.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { hitOf, isPartition, NONE, partitionBug, stage2Decls } from './smt-util.js';
import { dmaFindings, dmaPaths, dmaReachQuery, dmaWitness, nonRam, trustedDevice, type ReachSpec } from './dma-reach.js';

const ID = 'isolation.memory';

function checkConfig(scenario: Scenario): Finding[] {
  const topo = buildTopology(scenario);
  const out: Finding[] = [];
  const tables = topo.configuredStage2;
  for (let v = 0; v < tables.length; v++) {
    for (let w = v + 1; w < tables.length; w++) {
      for (const ev of tables[v]!) {
        for (const ew of tables[w]!) {
          const a0 = ev.pa;
          const a1 = entryPaEnd(ev);
          const b0 = ew.pa;
          const b1 = entryPaEnd(ew);
          if (!overlaps(a0, a1, b0, b1)) continue;
          if (ev.origin.kind === 'channel' && ew.origin.kind === 'channel' && ev.origin.channel === ew.origin.channel) continue;
          const lo = a0 > b0 ? a0 : b0;
          const hi = a1 < b1 ? a1 : b1;
          // Point at the private mapping (a channel window is rarely the mistake), else the later VM's.
          const [culprit, cv, other, ov] = ew.origin.kind !== 'channel' || ev.origin.kind === 'channel' ? [ew, w, ev, v] : [ev, v, ew, w];
          out.push({
            property: ID,
            message: `${vmName(topo, cv)} and ${vmName(topo, ov)} both reach PA ${hex(lo)}..${hex(hi - 1n)}: ${originText(topo, culprit.origin, cv)} overlaps ${originText(topo, other.origin, ov)}, and no channel declares that sharing`,
            actor: vmName(topo, cv),
            victim: vmName(topo, ov),
            resource: `PA ${hex(lo)}..${hex(hi - 1n)}`,
            address: lo,
            via: originText(topo, culprit.origin, cv),
            at: originRef(topo, culprit.origin, cv),
            related: [originRef(topo, other.origin, ov)],
            fix: `move ${originText(topo, culprit.origin, cv)} to physical memory no other VM is given, or declare the shared range as a channel with writer and readers`,
          });
        }
      }
    }
  }
  return [...out, ...dmaFindings(scenario, dmaPaths(scenario), dmaSpec(scenario))];
}

/**
 * The DMA part: a path that leaves its owner's stage-2 must not reach another VM's private
 * memory, nor a channel its owner is no endpoint of (registers and hypervisor memory are
 * isolation.mmio's and isolation.hypervisor's).
 */
function dmaSpec(s: Scenario): ReachSpec {
  return {
    property: ID,
    targets: [
      ...s.vms.flatMap((vm, v) => vm.memory.map((m) => ({ lo: m.pa, hi: m.pa + m.size - 1n, victim: vm.name, resource: `RAM of ${vm.name} ('${m.name}')`, at: m.at, vm: v }))),
      ...s.channels.map((ch, c) => ({ lo: ch.pa, hi: ch.pa + ch.size - 1n, victim: `channel ${ch.name}`, resource: `channel '${ch.name}'`, at: ch.at, channel: c })),
    ],
    allowed: (p, t) => (t.vm !== undefined ? t.vm === p.vm : isEndpoint(s, t.channel!, s.vms[p.vm]!.name)),
    exclude: nonRam(s),
    writes: false,
    claim: "no DMA path of a VM's devices reaches another VM's RAM or a channel the VM is no endpoint of",
  };
}

function memorySpec(scenario: Scenario): { spec: JoinSpec; decls: ReturnType<typeof stage2Decls> } {
  const decls = stage2Decls(scenario);
  const spec: JoinSpec = {
    property: ID,
    subject: 'pa',
    claim: 'no physical address lies in stage-2 mappings of two different VMs unless both are endpoints of the same channel',
    keyWidth: 64,
    fields: { vm: 32, channel: 32 },
    // Two VMs meet at p, and not as endpoints of one and the same channel.
    conflict: (f, g) => `(and (distinct ${f('vm')} ${g('vm')}) (not (and (= ${f('channel')} ${g('channel')}) (distinct ${f('channel')} #xffffffff))))`,
    items: decls.map((d) => ({
      lo: d.pa,
      hi: d.pa + d.size - 1n,
      fields: { vm: BigInt(d.vm), channel: d.channel < 0 ? NONE : BigInt(d.channel) },
      left: true,
      right: true,
    })),
  };
  return { spec, decls };
}

const memorySmt: NonNullable<Property['smt']> = {
  statement: 'For all VMs v ≠ w and all PA p: reach(v, p) ∧ reach(w, p) → ∃ channel c ∋ p with v, w ∈ endpoints(c), where reach is by stage-2 mapping or by DMA of a device the VM holds (raw, SMMU bypass, or another VM\'s SMMU context).',
  encode: (scenario) => [...joinQueries(memorySpec(scenario).spec), dmaReachQuery(dmaPaths(scenario), dmaSpec(scenario))],
  witness: (scenario, query, model) => {
    if (query.id === `${ID}/dma-reach`) return dmaWitness(scenario, dmaPaths(scenario), dmaSpec(scenario), query.id);
    if (isPartition(query.id)) partitionBug(query.id);
    const { spec, decls } = memorySpec(scenario);
    const h = hitOf(spec, query.id, model);
    const a = decls[h.i]!;
    const b = decls[h.j]!;
    const an = scenario.vms[a.vm]!.name;
    const bn = scenario.vms[b.vm]!.name;
    // The monitor of this property watches RAM: in hypervisor memory or device registers the
    // same overlap is another property's breach. Demonstrate at the first address of the pair's
    // intersection outside those, when there is one.
    const claimed = [
      ...scenario.soc.hypervisorMemory.map((r) => [r.base, r.base + r.size - 1n] as const),
      ...scenario.soc.devices.flatMap((d) => d.mmio.map((r) => [r.base, r.base + r.size - 1n] as const)),
    ].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const lo = a.pa > b.pa ? a.pa : b.pa;
    const hi = a.pa + a.size < b.pa + b.size ? a.pa + a.size - 1n : b.pa + b.size - 1n;
    let shown: bigint | undefined = lo;
    for (const [x, y] of claimed) if (shown !== undefined && x <= shown && shown <= y) shown = y < hi ? y + 1n : undefined;
    const p = h.key;
    const finding: Finding = {
      property: ID,
      message: `${an} and ${bn} both reach PA ${hex(p)}: ${a.name} overlaps ${b.name}, and no channel declares that sharing`,
      actor: an,
      victim: bn,
      resource: `PA ${hex(p)}`,
      address: p,
      via: a.name,
      at: a.at,
      related: [b.at],
      fix: `move ${a.name} or ${b.name} to physical memory the other VM is not given, or declare the shared range as a channel with writer and readers`,
    };
    // One VM writes through its mapping, the other reads the same PA through its own (and the
    // other way round when a side cannot write): the monitor sees the foreign access.
    if (shown === undefined) return { findings: [finding], unobservable: 'the shared range is hypervisor memory or device registers, which isolation.hypervisor and isolation.mmio watch' };
    const ipa = (d: typeof a): bigint => d.ipa + (shown - d.pa);
    const events: Event[] = [];
    const value = 0x5a5a;
    if (a.perms.w) events.push({ kind: 'write', vm: a.vm, vcpu: 0, ipa: ipa(a), value });
    if (b.perms.r) events.push({ kind: 'read', vm: b.vm, vcpu: 0, ipa: ipa(b) });
    if (b.perms.w) events.push({ kind: 'write', vm: b.vm, vcpu: 0, ipa: ipa(b), value: value + 1 });
    if (a.perms.r) events.push({ kind: 'read', vm: a.vm, vcpu: 0, ipa: ipa(a) });
    return events.length > 0
      ? { findings: [finding], events }
      : { findings: [finding], unobservable: 'neither mapping permits reads or writes, so no guest access shows the overlap' };
  },
};

export const isolationMemory: Property = {
  id: ID,
  title: 'Spatial isolation of VM memory',
  claim:
    'No physical RAM address is reachable by two VMs, by their stage-2 mappings or by the DMA of the devices they hold (raw with no SMMU, bypassing it without a stream ID, or through another VM\'s SMMU context), except a declared channel both are endpoints of.',
  rationale:
    'A VM that can read or write another VM\'s memory can corrupt its data or code, or learn its secrets; stage-2 translation is the mechanism that prevents it, and it is only as good as the mappings it is given.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (s.vms.length < 2 ? notApplicable('the scenario has fewer than two VMs') : APPLIES),
  checkConfig,
  stimulus: { read: 6, write: 6, dma: 3, 'hvc-map': 3, 'vm-restart': 0.5, 'vm-stop': 0.5, 'vm-start': 0.5 },
  monitor: (topo) => ({
    step(_before, _event, _after, observations) {
      const out: Finding[] = [];
      for (const o of observations) {
        if (o.kind === 'dma' && !trustedDevice(topo.scenario, o.device)) {
          const xn = vmName(topo, o.vm);
          for (const pg of o.pages) {
            if (pg.target.kind === 'mmio' || pg.target.kind === 'hypervisor') continue;
            const w = privateOwners(topo, pg.pa).find((u) => u !== o.vm);
            const foreign = w === undefined ? channelsAt(topo, pg.pa).find((c) => !isEndpoint(topo.scenario, c, xn)) : undefined;
            if (w === undefined && foreign === undefined) continue;
            const what = w !== undefined ? { victim: vmName(topo, w), resource: `RAM of ${vmName(topo, w)}` } : { victim: `channel ${topo.scenario.channels[foreign!]!.name}`, resource: `channel '${topo.scenario.channels[foreign!]!.name}'` };
            const path = o.path === 'smmu' ? `through ${vmName(topo, o.context)}'s SMMU context` : o.path === 'smmu-bypass' ? 'bypassing the SMMU' : 'with no SMMU';
            out.push({
              property: ID,
              message: `${deviceName(topo, o.device)}, held by ${xn}, DMA-${o.dir === 'read' ? 'read' : 'wrote'} PA ${hex(pg.pa)}, ${what.resource}, ${path}`,
              actor: xn,
              victim: what.victim,
              resource: what.resource,
              address: pg.pa,
              via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
              at: passthroughRef(topo, o.device, o.vm),
              related: [topo.scenario.soc.devices[o.device]!.at, topo.scenario.soc.smmu.at],
              fix: o.path === 'smmu' ? `give ${deviceName(topo, o.device)} stream IDs no device of another VM shares` : `translate ${deviceName(topo, o.device)}'s DMA through an SMMU context of ${xn}, or do not pass it through`,
            });
            break;
          }
          continue;
        }
        if (o.kind !== 'access' || o.target.kind === 'mmio' || o.target.kind === 'hypervisor') continue;
        const x = o.vm;
        const xn = vmName(topo, x);
        const others = privateOwners(topo, o.pa).filter((w) => w !== x);
        const chs = channelsAt(topo, o.pa);
        const base = {
          property: ID,
          actor: xn,
          address: o.pa,
          via: originText(topo, o.via, x),
          at: originRef(topo, o.via, x),
        };
        if (others.length > 0) {
          const w = others[0]!;
          out.push({
            ...base,
            message: `${xn} ${o.op === 'read' ? 'read' : 'wrote'} PA ${hex(o.pa)} (IPA ${hex(o.ipa)}), which is ${vmName(topo, w)}'s memory, through ${originText(topo, o.via, x)}`,
            victim: vmName(topo, w),
            resource: `RAM of ${vmName(topo, w)}`,
            related: topo.scenario.vms[w]!.memory.filter((m) => o.pa >= m.pa && o.pa < m.pa + m.size).map((m) => m.at),
            fix: `give ${originText(topo, o.via, x)} physical memory that ${vmName(topo, w)} does not have, or share it through a declared channel`,
          });
          continue;
        }
        const foreign = chs.find((c) => !isEndpoint(topo.scenario, c, xn));
        if (foreign !== undefined) {
          const ch = topo.scenario.channels[foreign]!;
          out.push({
            ...base,
            message: `${xn} ${o.op === 'read' ? 'read' : 'wrote'} PA ${hex(o.pa)} in channel '${ch.name}', of which it is not an endpoint, through ${originText(topo, o.via, x)}`,
            victim: `channel ${ch.name}`,
            resource: `channel '${ch.name}'`,
            related: [ch.at],
            fix: `move ${originText(topo, o.via, x)} out of channel '${ch.name}' (PA ${hex(ch.pa)}), or make ${xn} an endpoint`,
          });
          continue;
        }
        if (o.via.kind === 'memory' || o.via.kind === 'dynamic') {
          const shared = chs.find((c) => topo.scenario.channels[c]!.endpoints.some((e) => e.vm !== xn));
          if (shared !== undefined) {
            const ch = topo.scenario.channels[shared]!;
            out.push({
              ...base,
              message: `${xn}'s private mapping reaches PA ${hex(o.pa)} inside channel '${ch.name}', which other VMs share`,
              victim: `channel ${ch.name}`,
              resource: `channel '${ch.name}'`,
              related: [ch.at],
              fix: `keep ${originText(topo, o.via, x)} clear of channel '${ch.name}'`,
            });
            continue;
          }
        }
        if (o.op === 'read' && o.writer >= 0 && o.writer !== x) {
          const w = o.writer;
          const wn = vmName(topo, w);
          if (!chs.some((c) => isEndpoint(topo.scenario, c, xn) && isEndpoint(topo.scenario, c, wn))) {
            out.push({
              ...base,
              message: `${xn} read at PA ${hex(o.pa)} a value ${wn} wrote, outside any channel they share`,
              victim: wn,
              resource: `data written by ${wn}`,
              fix: `find how ${wn} reached PA ${hex(o.pa)} (an overlapping mapping or DMA) and remove it`,
            });
          }
        }
      }
      return out;
    },
  }),
  smt: memorySmt,
};
