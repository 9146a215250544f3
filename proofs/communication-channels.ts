// communication.channels: channel endpoints get exactly their declared permissions (writer may
// write; readers read-only); a lower-criticality writer feeding a higher-criticality reader
// requires declared end-to-end protection.

import type { Channel, Scenario } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { channelsAt, critRank, deviceName, hex, passthroughRef, vmName } from './util.js';
import { buildTopology } from '../src/hv/topology.js';
import type { Query } from '../src/smt/query.js';
import { and, bv, declare, or } from '../src/smt/smt2.js';
import { dmaFindings, dmaPaths, dmaReachQuery, dmaWitness, trustedDevice, type ReachSpec } from './dma-reach.js';

const ID = 'communication.channels';
const E2E = ['crc', 'sequence', 'timeout'] as const;

/** A reader's endpoint mapped writable: the same finding from the configuration check and from a Z3 witness. */
function writableReader(ch: Channel, ep: Channel['endpoints'][number]): Finding {
  return {
    property: ID,
    message: `${ep.vm} is a reader of channel '${ch.name}' but its endpoint is mapped writable: it can overwrite what ${ch.writer} publishes`,
    actor: ep.vm,
    victim: ch.writer,
    resource: `channel '${ch.name}'`,
    address: ch.pa,
    via: `${ep.vm}'s endpoint of channel '${ch.name}'`,
    at: ep.at,
    related: [ch.at],
    fix: `map ${ep.vm}'s endpoint of '${ch.name}' read-only (perms: r); only the writer ${ch.writer} gets w`,
  };
}

function checkConfig(scenario: Scenario): Finding[] {
  const out: Finding[] = [];
  const crit = new Map(scenario.vms.map((v) => [v.name, v.criticality] as const));
  for (const ch of scenario.channels) {
    for (const ep of ch.endpoints) {
      if (ep.vm !== ch.writer && ep.perms.w) {
        out.push(writableReader(ch, ep));
      }
    }
    const wc = crit.get(ch.writer);
    if (wc === undefined) continue;
    const higher = ch.endpoints.filter((e) => e.vm !== ch.writer && critRank(crit.get(e.vm) ?? 'QM') > critRank(wc));
    const missing = E2E.filter((p) => !ch.protection.includes(p));
    if (higher.length > 0 && missing.length > 0) {
      out.push({
        property: ID,
        message: `channel '${ch.name}' carries data from ${ch.writer} (${wc}) to ${higher.map((e) => `${e.vm} (${crit.get(e.vm)})`).join(', ')} without end-to-end ${missing.join(', ')} protection`,
        actor: ch.writer,
        victim: higher.map((e) => e.vm).join(', '),
        resource: `channel '${ch.name}'`,
        address: ch.pa,
        via: `channel '${ch.name}'`,
        at: ch.at,
        fix: `declare protection: [crc, sequence, timeout] (and a timeout) on '${ch.name}', and check them in the reader`,
      });
    }
  }
  return [...out, ...dmaFindings(scenario, dmaPaths(scenario), dmaSpec(scenario))];
}

/** The DMA part: only a channel's writer may write it, by DMA as by CPU. */
function dmaSpec(s: Scenario): ReachSpec {
  return {
    property: ID,
    targets: s.channels.map((ch, c) => ({ lo: ch.pa, hi: ch.pa + ch.size - 1n, victim: ch.writer, resource: `channel '${ch.name}'`, at: ch.at, channel: c })),
    allowed: (p, t) => s.channels[t.channel!]!.writer === s.vms[p.vm]!.name,
    exclude: [],
    writes: true,
    claim: "no DMA path of a VM's devices writes a channel that VM is not the writer of",
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
      if (ep.vm === ch.writer || ep.perms.w) continue; // a configured w is the configuration's finding
      out.push({
        property: ID,
        message: `${vmName(topo, v)}'s stage-2 maps channel '${ch.name}' writable, though its endpoint is declared read-only`,
        actor: vmName(topo, v),
        victim: ch.writer,
        resource: `channel '${ch.name}'`,
        address: e.pa,
        via: `${ep.vm}'s endpoint of channel '${ch.name}'`,
        at: ep.at,
        fix: 'the hypervisor must map reader endpoints read-only',
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------- Z3 obligation

/**
 * One query over every endpoint: its VM, the channel's writer, their integrity ranks, the
 * endpoint's w permission and the channel's declared protections are constants; the solver looks
 * for a reader that can write, or a higher-integrity reader fed without full end-to-end protection.
 */
function endpointQuery(scenario: Scenario): { query: Query; eps: { channel: number; endpoint: number }[] } {
  const vmIndex = new Map(scenario.vms.map((v, i) => [v.name, i]));
  const eps = scenario.channels.flatMap((ch, c) => ch.endpoints.map((_, e) => ({ channel: c, endpoint: e })));
  const lines = ['(set-logic QF_BV)', declare('e', 32), declare('vm', 32), declare('writer', 32), declare('rank', 8), declare('wrank', 8), declare('w', 'bool'), declare('full', 'bool')];
  const rows = eps.map(({ channel, endpoint }, i) => {
    const ch = scenario.channels[channel]!;
    const ep = ch.endpoints[endpoint]!;
    const wv = vmIndex.get(ch.writer) ?? 0xffff_ffff;
    const v = vmIndex.get(ep.vm) ?? 0xffff_fffe;
    const crit = (name: string) => critRank(scenario.vms[vmIndex.get(name) ?? -1]?.criticality ?? 'QM');
    return and([
      `(= e ${bv(i, 32)})`,
      `(= vm ${bv(v, 32)})`,
      `(= writer ${bv(wv, 32)})`,
      `(= rank ${bv(crit(ep.vm), 8)})`,
      `(= wrank ${bv(crit(ch.writer), 8)})`,
      `(= w ${ep.perms.w})`,
      `(= full ${E2E.every((p) => ch.protection.includes(p))})`,
    ]);
  });
  lines.push(`(assert ${or(rows)})`, '(assert (distinct vm writer))', '(assert (or w (and (bvugt rank wrank) (not full))))');
  return {
    eps,
    query: {
      id: `${ID}/endpoints`,
      property: ID,
      level: 'config',
      claim: 'no reader endpoint of a channel is mapped writable, and every channel from a lower- to a higher-integrity VM declares crc, sequence and timeout protection',
      smt2: lines.join('\n') + '\n',
      witness: [
        { name: 'e', sort: 'bv32' },
        { name: 'w', sort: 'bool' },
      ],
    },
  };
}

const channelsSmt: NonNullable<Property['smt']> = {
  statement: 'For every channel c and endpoint e ≠ writer(c): stage-2 perms of e on c exclude w; no DMA path of a device held by a VM other than writer(c) (raw, SMMU bypass, or another VM\'s SMMU context) writes c; criticality(writer) < criticality(reader) → protection(c) ⊇ {crc, sequence, timeout}.',
  encode: (scenario) => (scenario.channels.length === 0 ? [] : [endpointQuery(scenario).query, dmaReachQuery(dmaPaths(scenario), dmaSpec(scenario))]),
  witness: (scenario, query, model) => {
    if (query.id === `${ID}/dma-reach`) return dmaWitness(scenario, dmaPaths(scenario), dmaSpec(scenario), query.id);
    const { eps } = endpointQuery(scenario);
    const x = eps[Number(model['e'])];
    if (x === undefined) throw new Error(`BUG in hvsafe: the model of ${query.id} names no endpoint`);
    const ch = scenario.channels[x.channel]!;
    const ep = ch.endpoints[x.endpoint]!;
    const v = scenario.vms.findIndex((vm) => vm.name === ep.vm);
    if (ep.perms.w) {
      return {
        findings: [writableReader(ch, ep)],
        events: [{ kind: 'write', vm: v, vcpu: 0, ipa: ep.ipa, value: 0xbad }],
      };
    }
    const missing = E2E.filter((p) => !ch.protection.includes(p));
    return {
      findings: [
        {
          property: ID,
          message: `channel '${ch.name}' carries data from ${ch.writer} to the higher-integrity ${ep.vm} without end-to-end ${missing.join(', ')} protection`,
          actor: ch.writer,
          victim: ep.vm,
          resource: `channel '${ch.name}'`,
          address: ch.pa,
          via: `channel '${ch.name}'`,
          at: ch.at,
          fix: `declare protection: [crc, sequence, timeout] (and a timeout) on '${ch.name}', and check them in the reader`,
        },
      ],
      unobservable: 'end-to-end protection is checked by guest software, which the hypervisor model does not run',
    };
  },
};

export const communicationChannels: Property = {
  id: ID,
  title: 'Exchange of information through declared channels',
  claim:
    'Channel endpoints get exactly their declared permissions (the writer may write, readers only read), no VM but the writer writes a channel by the DMA of its devices (raw with no SMMU, bypassing it without a stream ID, or through another VM\'s SMMU context), and a lower-criticality writer feeding a higher-criticality reader is covered by declared end-to-end protection.',
  rationale:
    'ISO 26262-6 Annex D names corruption, repetition, loss, delay, insertion and masquerade of exchanged data: a reader that can write corrupts the writer\'s data at the source, and data from a lower integrity level must be checked end to end (CRC, sequence counter, timeout) before a higher one relies on it.',
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
          if (vmName(topo, o.vm) === ch.writer) continue;
          const ep = ch.endpoints[o.via.endpoint]!;
          out.push({
            property: ID,
            message: `${vmName(topo, o.vm)}, a reader of channel '${ch.name}', wrote ${o.value} at PA ${hex(o.pa)} (IPA ${hex(o.ipa)}) over data of ${ch.writer}`,
            actor: vmName(topo, o.vm),
            victim: ch.writer,
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
            const c = channelsAt(topo, p.pa).find((i) => topo.scenario.channels[i]!.writer !== vmName(topo, o.vm));
            if (c === undefined) continue;
            const ch = topo.scenario.channels[c]!;
            out.push({
              property: ID,
              message: `${deviceName(topo, o.device)}, owned by ${vmName(topo, o.vm)}, DMA-wrote channel '${ch.name}' at PA ${hex(p.pa)}; only ${ch.writer} may write it`,
              actor: vmName(topo, o.vm),
              victim: ch.writer,
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
