// isolation.dma: DMA of a device assigned to VM v reaches only v's memory and v's channels.

import type { Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { buildTopology, hypervisorKeeps, rawDmaMaster } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { configuredReach, describePa, deviceName, hex, passthroughRef, vmName } from './util.js';
import type { Query } from '../src/smt/query.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { and, bv, declare, or } from '../src/smt/smt2.js';
import { firstHolders, hitOf, isPartition, partitionBug, stage2Decls } from './smt-util.js';

const ID = 'isolation.dma';

/**
 * DMA masters a VM can hold: passed through at boot, or handed over later by a reassignment
 * the hypervisor accepts (not one it keeps, not one no SMMU confines).
 */
function dmaDevices(s: Scenario): number[] {
  const topo = buildTopology(s);
  const reassignable = (i: number): boolean => s.vms.length > 0 && !hypervisorKeeps(s, i) && !rawDmaMaster(s, i);
  return s.soc.devices.flatMap((d, i) => (d.dma && (topo.initialOwner[i]! >= 0 || reassignable(i)) ? [i] : []));
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

// ---------------------------------------------------------------- Z3 obligation

/**
 * A passed-through DMA master that nothing confines: no SMMU, or an SMMU but no stream ID (its
 * DMA then bypasses translation, or faults and the declaration is wrong). Trusted devices are
 * the integrator's assumption and exempt.
 */
function uncheckedQuery(scenario: Scenario): Query {
  const { soc } = scenario;
  const owners = firstHolders(scenario);
  const lines = ['(set-logic QF_BV)', declare('d', 32), `(define-fun smmu () Bool ${soc.smmu.present})`];
  // Owned at boot. A reassignment never hands out an unconfined master (lifecycle.ts refuses
  // it as dma-unconfined), so boot ownership is the whole question.
  const devs = soc.devices.map((dev, i) => and([`(= d ${bv(i, 32)})`, `${owners[i]! >= 0}`, `${dev.dma}`, `(not ${dev.trusted})`, `(or (not smmu) ${dev.streamIds.length === 0})`]));
  lines.push(`(assert ${or(devs)})`);
  return {
    id: `${ID}/unconfined`,
    property: ID,
    level: 'config',
    claim: 'every passed-through DMA master is confined by an SMMU context (an SMMU is present and the device has stream IDs), or declared trusted (the hypervisor refuses to reassign an unconfined one)',
    smt2: lines.join('\n') + '\n',
    witness: [{ name: 'd', sort: 'bv32' }],
  };
}

/** Stream IDs of DMA masters (behind an SMMU, or trusted): one stream must not serve two owners. */
function streamSpec(scenario: Scenario): { spec: JoinSpec; rows: { device: number; sid: number }[] } {
  const { soc } = scenario;
  const owners = firstHolders(scenario);
  const rows = soc.devices.flatMap((dev, d) => (owners[d]! >= 0 && dev.dma && (soc.smmu.present || dev.trusted) ? dev.streamIds.map((sid) => ({ device: d, sid })) : []));
  return {
    rows,
    spec: {
      property: ID,
      subject: 'stream',
      claim: 'no SMMU stream ID belongs to DMA masters of two different VMs',
      keyWidth: 32,
      fields: { owner: 32 },
      // Ordered (the lower owner first) rather than `distinct`: the same pairs, but each once, so
      // the solver's model, committed as evidence, does not flip between runs.
      conflict: (f, g) => `(bvult ${f('owner')} ${g('owner')})`,
      items: rows.map((r) => ({ lo: BigInt(r.sid), hi: BigInt(r.sid), fields: { owner: BigInt(owners[r.device]!) }, left: true, right: true })),
    },
  };
}

/** An address a VM has no business reaching (another VM's memory first, then the hypervisor's): the target of a demonstration DMA. */
function foreignAddress(scenario: Scenario, v: number): bigint | undefined {
  const mine = stage2Decls(scenario).filter((d) => d.vm === v);
  const owners = firstHolders(scenario);
  const mmio = scenario.soc.devices.flatMap((dev, d) => (owners[d] === v ? dev.mmio : []));
  const allowed = (p: bigint) => mine.some((d) => p >= d.pa && p < d.pa + d.size) || mmio.some((r) => p >= r.base && p < r.base + r.size);
  const candidates = [
    ...stage2Decls(scenario).filter((d) => d.vm !== v).map((d) => d.pa),
    ...scenario.soc.hypervisorMemory.map((r) => r.base),
    ...scenario.soc.ram.map((r) => r.base),
    0n,
  ];
  return candidates.find((p) => !allowed(p));
}

const dmaSmt: NonNullable<Property['smt']> = {
  statement: 'For every device d with owner v and every IOVA a: translate(d, a) ∈ mem(v) ∪ channels(v) or faults.',
  encode: (scenario) => [uncheckedQuery(scenario), ...joinQueries(streamSpec(scenario).spec)],
  witness: (scenario, query, model) => {
    const { soc } = scenario;
    const owners = firstHolders(scenario);
    if (query.id === `${ID}/unconfined`) {
      const d = Number(model['d']);
      const dev = soc.devices[d];
      const booted = owners[d] ?? -1;
      if (dev === undefined || booted < 0) throw new Error(`BUG in hvsafe: the model of ${query.id} names no owned device`);
      const owner = booted;
      const vm = scenario.vms[owner]!;
      const at = vm.devices.find((x) => x.device === dev.name)?.at ?? dev.at;
      const raw = !soc.smmu.present || soc.smmu.unmatchedStreams === 'bypass';
      const finding: Finding = {
        property: ID,
        message: !soc.smmu.present
          ? `${dev.name} masters DMA and is passed through to ${vm.name}, but the SoC has no SMMU: ${vm.name} can program it to read or write any physical address`
          : `${dev.name} masters DMA for ${vm.name} but declares no SMMU stream ID${raw ? ', and the SMMU lets unmatched streams bypass translation: its DMA reaches any physical address' : ''}`,
        actor: vm.name,
        victim: raw ? 'every other VM' : dev.name,
        resource: 'all physical memory',
        via: `DMA of ${dev.name} (${!soc.smmu.present ? 'no SMMU, raw PA' : raw ? 'SMMU bypass' : 'no context: faults'})`,
        at,
        related: [dev.at, soc.smmu.at],
        fix: !soc.smmu.present
          ? `keep ${dev.name} out of ${vm.name}, or use a SoC with an SMMU and give ${dev.name} stream IDs`
          : `declare ${dev.name}'s stream IDs in the SoC file${raw ? ' and configure the SMMU to fault unmatched streams' : ''}`,
      };
      if (!raw) return { findings: [finding], unobservable: 'the SMMU faults a stream without a context, so the DMA moves nothing; the declaration is still wrong (the device cannot work)' };
      const p = foreignAddress(scenario, owner);
      if (p === undefined) return { findings: [finding], unobservable: `${vm.name} may reach every address a demonstration could target` };
      return { findings: [{ ...finding, address: p }], events: [{ kind: 'dma', device: d, stream: 0, addr: p, length: 1n, dir: 'write', value: 0xbad }] };
    }
    if (isPartition(query.id)) partitionBug(query.id);
    const { spec, rows } = streamSpec(scenario);
    const h = hitOf(spec, query.id, model);
    const sid = Number(h.key);
    const a = rows[h.i]!;
    const b = rows[h.j]!;
    const [da, db] = [soc.devices[a.device]!, soc.devices[b.device]!];
    const finding: Finding = {
      property: ID,
      message: `stream ID ${sid} belongs to ${da.name} (owned by ${scenario.vms[owners[a.device]!]!.name}) and ${db.name} (owned by ${scenario.vms[owners[b.device]!]!.name}): one SMMU context serves both`,
      actor: scenario.vms[owners[b.device]!]!.name,
      victim: scenario.vms[owners[a.device]!]!.name,
      resource: `SMMU stream ${sid}`,
      via: `SMMU stream ${sid}`,
      at: db.at,
      related: [da.at],
      fix: 'give each device its own stream IDs, or keep devices sharing a stream in one VM',
    };
    if (!soc.smmu.present) return { findings: [finding], unobservable: 'without an SMMU stream IDs select no translation; the shared declaration is wrong but no DMA path shows it' };
    // The stream's context is the last owned device's owner at boot; the other device's DMA is
    // translated through that foreign context and lands in the context owner's memory.
    let ctx = -1;
    soc.devices.forEach((dev, d) => {
      if (owners[d]! >= 0 && dev.streamIds.includes(sid)) ctx = owners[d]!;
    });
    const victim = [a, b].find((r) => owners[r.device] !== ctx);
    const target = stage2Decls(scenario).find((m) => m.vm === ctx && m.channel < 0);
    if (victim === undefined || target === undefined) return { findings: [finding], unobservable: 'the stream context owner has no private memory to reach' };
    const stream = soc.devices[victim.device]!.streamIds.indexOf(sid);
    return { findings: [finding], events: [{ kind: 'dma', device: victim.device, stream, addr: target.ipa, length: 1n, dir: 'write', value: 0xbad }] };
  },
};

export const isolationDma: Property = {
  id: ID,
  title: 'DMA isolation',
  claim: "DMA of a device assigned to VM v reaches only v's memory and v's channels, and only while v runs (a stopped or failed VM's devices master nothing).",
  rationale:
    'Stage-2 translation does not apply to device DMA: a guest that programs a DMA engine reaches whatever the SMMU lets the device reach. Without an SMMU context per owner, passthrough DMA bypasses every memory partition.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (dmaDevices(s).length === 0 ? notApplicable('no DMA-capable device is, or can be reassigned to, a VM') : APPLIES),
  checkConfig,
  stimulus: { dma: 12, reassign: 2, 'vm-restart': 0.5 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const out: Finding[] = after.streams !== before.streams || after.devices !== before.devices ? stateFindings(after) : [];
      for (const o of observations) {
        if (o.kind !== 'dma') continue;
        if (before.vms[o.vm]!.status !== 'running') {
          // Its memory was scrubbed (or is kept for post-mortem): whatever the device does now
          // lands in, or leaks out of, memory nobody should be using.
          out.push({
            property: ID,
            message: `${deviceName(topo, o.device)}, owned by ${vmName(topo, o.vm)}, DMA-${o.dir === 'read' ? 'read' : 'wrote'} at ${hex(o.addr)} while ${vmName(topo, o.vm)} is ${before.vms[o.vm]!.status}`,
            actor: deviceName(topo, o.device),
            victim: vmName(topo, o.vm),
            resource: `RAM of ${vmName(topo, o.vm)}`,
            address: o.addr,
            via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
            at: passthroughRef(topo, o.device, o.vm),
            fix: `the hypervisor must refuse (or quiesce) DMA of ${deviceName(topo, o.device)} while its owner is not running`,
          });
          continue;
        }
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
  smt: dmaSmt,
};
