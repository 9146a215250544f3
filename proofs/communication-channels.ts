// communication.channels: channel endpoints get exactly their declared permissions (a declared
// writer may write, by CPU and by its devices' DMA; every other endpoint reads only); in each
// writer→reader direction (co-writers read each other), a lower-criticality writer feeding a
// higher-criticality endpoint requires declared end-to-end protection.

import type { Channel, Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { channelsAt, critRank, deviceName, hex, passthroughRef, vmName } from './util.js';
import { buildTopology } from '../src/hv/topology.js';
import { directionsOf, isWriter, writersText } from '../src/config/channel-roles.js';
import type { Query } from '../src/smt/query.js';
import { and, bv, declare, or } from '../src/smt/smt2.js';
import { dmaFindings, dmaPaths, dmaReachQuery, dmaWitness, trustedDevice, type ReachSpec } from './dma-reach.js';

const ID = 'communication.channels';
const E2E = ['crc', 'sequence', 'timeout'] as const;

/** The VMs whose data a breach of `ch` overwrites: its declared writers. */
const victims = (ch: Channel): string => ch.writers.join(', ');

/** A non-writer's endpoint mapped writable: the same finding from the configuration check and from a Z3 witness. */
function writableReader(ch: Channel, ep: Channel['endpoints'][number]): Finding {
  return {
    property: ID,
    message: `${ep.vm} is not a declared writer of channel '${ch.name}' but its endpoint is mapped writable: it can overwrite what ${writersText(ch)} publish${ch.writers.length === 1 ? 'es' : ''}`,
    actor: ep.vm,
    victim: victims(ch),
    resource: `channel '${ch.name}'`,
    address: ch.pa,
    via: `${ep.vm}'s endpoint of channel '${ch.name}'`,
    at: ep.at,
    related: [ch.at],
    fix: `map ${ep.vm}'s endpoint of '${ch.name}' read-only (perms: r), or declare it among the writers (writers: [${[...ch.writers, ep.vm].join(', ')}]) if it is meant to write`,
  };
}

/** A direction from a lower- to a higher-criticality endpoint without full protection. */
function unprotected(ch: Channel, from: string, to: readonly string[], crit: ReadonlyMap<string, string>): Finding {
  const missing = E2E.filter((p) => !ch.protection.includes(p));
  return {
    property: ID,
    message: `channel '${ch.name}' carries data from ${from} (${crit.get(from) ?? 'QM'}) to ${to.map((v) => `${v} (${crit.get(v) ?? 'QM'})`).join(', ')} without end-to-end ${missing.join(', ')} protection`,
    actor: from,
    victim: to.join(', '),
    resource: `channel '${ch.name}'`,
    address: ch.pa,
    via: `channel '${ch.name}'`,
    at: ch.at,
    fix: `declare protection: [crc, sequence, timeout] (and a timeout) on '${ch.name}', and check them in ${to.join(', ')}`,
  };
}

function checkConfig(scenario: Scenario): Finding[] {
  const out: Finding[] = [];
  const crit = new Map(scenario.vms.map((v) => [v.name, v.criticality] as const));
  for (const ch of scenario.channels) {
    for (const ep of ch.endpoints) {
      if (!isWriter(ch, ep.vm) && ep.perms.w) {
        out.push(writableReader(ch, ep));
      }
    }
    if (E2E.every((p) => ch.protection.includes(p))) continue;
    // Per direction, grouped by writer: each writer's data reaches every other endpoint.
    const rank = (vm: string): number => critRank(crit.get(vm) ?? 'QM');
    for (const w of ch.writers) {
      const higher = directionsOf(ch).filter((d) => d.from === w && rank(d.to) > rank(w)).map((d) => d.to);
      if (higher.length > 0) out.push(unprotected(ch, w, higher, crit));
    }
  }
  return [...out, ...dmaFindings(scenario, dmaPaths(scenario), dmaSpec(scenario))];
}

/** The DMA part: only a channel's declared writers may write it, by DMA as by CPU. */
function dmaSpec(s: Scenario): ReachSpec {
  return {
    property: ID,
    targets: s.channels.map((ch, c) => ({ lo: ch.pa, hi: ch.pa + ch.size - 1n, victim: victims(ch), resource: `channel '${ch.name}'`, at: ch.at, channel: c })),
    allowed: (p, t) => isWriter(s.channels[t.channel!]!, s.vms[p.vm]!.name),
    exclude: [],
    writes: true,
    claim: "no DMA path of a VM's devices writes a channel that VM is not a declared writer of",
  };
}

function stateFindings(s: State): Finding[] {
  const topo = s.topo;
  const out: Finding[] = [];
  s.vms.forEach((vm, v) => {
    for (const e of vm.stage2) {
      if (e.origin.kind !== 'channel' || !e.perms.w) continue;
      const ch = topo.scenario.channels[e.origin.channel]!;
      const ep = ch.endpoints[e.origin.endpoint]!;
      if (isWriter(ch, ep.vm) || ep.perms.w) continue; // a configured w is the configuration's finding
      out.push({
        property: ID,
        message: `${vmName(topo, v)}'s stage-2 maps channel '${ch.name}' writable, though its endpoint is declared read-only`,
        actor: vmName(topo, v),
        victim: victims(ch),
        resource: `channel '${ch.name}'`,
        address: e.pa,
        via: `${ep.vm}'s endpoint of channel '${ch.name}'`,
        at: ep.at,
        fix: 'the hypervisor must map the endpoints of VMs that are not declared writers read-only',
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------- Z3 obligation

/**
 * One query over every endpoint. Its channel, VM, integrity rank, w permission and the channel's
 * full protection are constants per endpoint; the writer set of each channel is a membership
 * predicate `writes(c, x)` and the rank of every VM a function `crit(x)`. The solver looks for an
 * endpoint that can write though its VM is no writer of its channel, or for a writer `src` of
 * the endpoint's channel, other than the endpoint's VM, of lower rank, feeding it without full
 * end-to-end protection (one writer→reader direction).
 */
function endpointQuery(scenario: Scenario): { query: Query; eps: { channel: number; endpoint: number }[] } {
  const vmIndex = new Map(scenario.vms.map((v, i) => [v.name, i]));
  const eps = scenario.channels.flatMap((ch, c) => ch.endpoints.map((_, e) => ({ channel: c, endpoint: e })));
  const rankOf = (name: string) => critRank(scenario.vms[vmIndex.get(name) ?? -1]?.criticality ?? 'QM');
  // A name the scenario lacks (impossible after lint) gets an index no VM has, so it matches nothing.
  const idx = (name: string, missing: number) => vmIndex.get(name) ?? missing;
  const writes = or(scenario.channels.map((ch, c) => and([`(= c ${bv(c, 32)})`, or(ch.writers.map((w) => `(= x ${bv(idx(w, 0xffff_ffff), 32)})`))])));
  const crit = scenario.vms.reduceRight((acc, v, i) => `(ite (= x ${bv(i, 32)}) ${bv(rankOf(v.name), 8)} ${acc})`, bv(0, 8));
  const lines = [
    '(set-logic QF_BV)',
    declare('e', 32),
    declare('ch', 32),
    declare('vm', 32),
    declare('rank', 8),
    declare('w', 'bool'),
    declare('full', 'bool'),
    declare('src', 32),
    `(define-fun writes ((c (_ BitVec 32)) (x (_ BitVec 32))) Bool ${writes})`,
    `(define-fun crit ((x (_ BitVec 32))) (_ BitVec 8) ${crit})`,
  ];
  const rows = eps.map(({ channel, endpoint }, i) => {
    const ch = scenario.channels[channel]!;
    const ep = ch.endpoints[endpoint]!;
    return and([
      `(= e ${bv(i, 32)})`,
      `(= ch ${bv(channel, 32)})`,
      `(= vm ${bv(idx(ep.vm, 0xffff_fffe), 32)})`,
      `(= rank ${bv(rankOf(ep.vm), 8)})`,
      `(= w ${ep.perms.w})`,
      `(= full ${E2E.every((p) => ch.protection.includes(p))})`,
    ]);
  });
  lines.push(
    `(assert ${or(rows)})`,
    '(assert (or (and w (not (writes ch vm))) (and (writes ch src) (distinct src vm) (bvugt rank (crit src)) (not full))))',
  );
  return {
    eps,
    query: {
      id: `${ID}/endpoints`,
      property: ID,
      level: 'config',
      claim: 'no endpoint of a channel is mapped writable unless its VM is a declared writer, and every writer→reader direction from a lower- to a higher-integrity VM declares crc, sequence and timeout protection',
      smt2: lines.join('\n') + '\n',
      witness: [
        { name: 'e', sort: 'bv32' },
        { name: 'w', sort: 'bool' },
        { name: 'src', sort: 'bv32' },
      ],
    },
  };
}

const channelsSmt: NonNullable<Property['smt']> = {
  statement: 'For every channel c and endpoint e with vm(e) ∉ writers(c): stage-2 perms of e on c exclude w; no DMA path of a device held by a VM ∉ writers(c) (raw, SMMU bypass, or another VM\'s SMMU context) writes c; for every w ∈ writers(c) and endpoint e with vm(e) ≠ w: criticality(w) < criticality(vm(e)) → protection(c) ⊇ {crc, sequence, timeout}.',
  encode: (scenario) => (scenario.channels.length === 0 ? [] : [endpointQuery(scenario).query, dmaReachQuery(dmaPaths(scenario), dmaSpec(scenario))]),
  witness: (scenario, query, model) => {
    if (query.id === `${ID}/dma-reach`) return dmaWitness(scenario, dmaPaths(scenario), dmaSpec(scenario), query.id);
    const { eps } = endpointQuery(scenario);
    const x = eps[Number(model['e'])];
    if (x === undefined) throw new Error(`BUG in hvsafe: the model of ${query.id} names no endpoint`);
    const ch = scenario.channels[x.channel]!;
    const ep = ch.endpoints[x.endpoint]!;
    const v = scenario.vms.findIndex((vm) => vm.name === ep.vm);
    if (ep.perms.w && !isWriter(ch, ep.vm)) {
      return {
        findings: [writableReader(ch, ep)],
        events: [{ kind: 'write', vm: v, vcpu: 0, ipa: ep.ipa, value: 0xbad }],
      };
    }
    const from = scenario.vms[Number(model['src'])]?.name;
    if (from === undefined || !isWriter(ch, from) || from === ep.vm) throw new Error(`BUG in hvsafe: the model of ${query.id} names no writer of '${ch.name}' other than ${ep.vm}`);
    const crit = new Map(scenario.vms.map((vm) => [vm.name, vm.criticality] as const));
    return {
      findings: [unprotected(ch, from, [ep.vm], crit)],
      unobservable: 'end-to-end protection is checked by guest software, which the hypervisor model does not run',
    };
  },
};

export const communicationChannels: Property = {
  id: ID,
  title: 'Exchange of information through declared channels',
  claim:
    'Channel endpoints get exactly their declared permissions (a declared writer may write, every other endpoint only reads), no VM but a declared writer writes a channel by the DMA of its devices (raw with no SMMU, bypassing it without a stream ID, or through another VM\'s SMMU context), and in each writer→reader direction (a writer to every other endpoint, its co-writers included) a lower-criticality writer feeding a higher-criticality endpoint is covered by declared end-to-end protection.',
  rationale:
    'ISO 26262-6 Annex D names corruption, repetition, loss, delay, insertion and masquerade of exchanged data: a VM that is not a declared writer but can write corrupts the writers\' data at the source, and data from a lower integrity level must be checked end to end (CRC, sequence counter, timeout) before a higher one relies on it.',
  iso26262: 'information-exchange',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (s.channels.length === 0 ? notApplicable('the scenario declares no channels') : APPLIES),
  checkConfig,
  stimulus: { write: 8, read: 2, dma: 2, 'hvc-map': 1 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const out: Finding[] = after.vms !== before.vms ? stateFindings(after) : [];
      for (const o of observations) {
        if (o.kind === 'access' && o.op === 'write' && o.via.kind === 'channel') {
          const ch = topo.scenario.channels[o.via.channel]!;
          if (isWriter(ch, vmName(topo, o.vm))) continue;
          const ep = ch.endpoints[o.via.endpoint]!;
          out.push({
            property: ID,
            message: `${vmName(topo, o.vm)}, not a declared writer of channel '${ch.name}', wrote ${o.value} at PA ${hex(o.pa)} (IPA ${hex(o.ipa)}) over data of ${writersText(ch)}`,
            actor: vmName(topo, o.vm),
            victim: victims(ch),
            resource: `channel '${ch.name}'`,
            address: o.pa,
            via: `${ep.vm}'s endpoint of channel '${ch.name}'`,
            at: ep.at,
            related: [ch.at],
            fix: `map ${ep.vm}'s endpoint of '${ch.name}' read-only (perms: r)`,
          });
        }
        if (o.kind === 'dma' && o.dir === 'write' && !trustedDevice(topo.scenario, o.device)) {
          for (const p of o.pages) {
            const c = channelsAt(topo, p.pa).find((i) => !isWriter(topo.scenario.channels[i]!, vmName(topo, o.vm)));
            if (c === undefined) continue;
            const ch = topo.scenario.channels[c]!;
            out.push({
              property: ID,
              message: `${deviceName(topo, o.device)}, owned by ${vmName(topo, o.vm)}, DMA-wrote channel '${ch.name}' at PA ${hex(p.pa)}; only ${writersText(ch)} may write it`,
              actor: vmName(topo, o.vm),
              victim: victims(ch),
              resource: `channel '${ch.name}'`,
              address: p.pa,
              via: `DMA of ${deviceName(topo, o.device)} (${o.path})`,
              at: passthroughRef(topo, o.device, o.vm),
              related: [ch.at],
              fix: `translate ${deviceName(topo, o.device)}'s DMA through ${vmName(topo, o.vm)}'s SMMU context, where the channel is read-only`,
            });
            break;
          }
        }
      }
      return out;
    },
  }),
  smt: channelsSmt,
};
