// The faults ISO 26262-6:2018 Annex D lists as interference between software elements, by
// class, and how this argument treats each one: which catalog properties address it, the
// hypervisor mechanism they check, or — where hvsafe checks nothing — the assumption of use
// the integrator must discharge. A fault with neither a property nor an assumption would be
// a silent hole; the table has none, and a test keeps it so.

import type { Scenario } from '../config/types.js';
import { directionsOf } from '../config/channel-roles.js';
import { critRank } from '../../proofs/util.js';
import type { FaultClass } from '../../proofs/property.js';

export const FAULT_CLASSES: readonly { readonly id: FaultClass; readonly name: string; readonly aspect: string }[] = [
  { id: 'timing-execution', name: 'Timing and execution', aspect: 'temporal (IEC 61508-3 Annex F)' },
  { id: 'memory', name: 'Memory', aspect: 'spatial (IEC 61508-3 Annex F)' },
  { id: 'information-exchange', name: 'Exchange of information', aspect: 'spatial and temporal (IEC 61508-3 Annex F)' },
];

export function faultClassName(c: FaultClass): string {
  return FAULT_CLASSES.find((x) => x.id === c)?.name ?? c;
}

export interface AnnexDFault {
  readonly cls: FaultClass;
  readonly fault: string;
  /** Catalog property IDs whose verdicts address this fault (absent ones count as missing evidence). */
  readonly properties: readonly string[];
  /** The partitioning mechanism the properties check, in words. */
  readonly mechanism: string;
  /** Assumptions of use (IDs in assumptions.ts) the argument for this fault rests on. */
  readonly assumptions: readonly string[];
  /** Why the fault cannot arise in this scenario, when it cannot. */
  readonly notApplicable?: (s: Scenario) => string | undefined;
  /** What the row covers in this scenario, when it depends on it (the channel directions). */
  readonly scope?: (s: Scenario) => string | undefined;
}

/**
 * Every writer→reader direction of every channel, with whether it needs end-to-end protection
 * (towards a higher criticality) and whether the channel declares it: the exchange-of-information
 * rows argue per direction, since a channel with several writers carries data several ways.
 */
export function channelDirections(s: Scenario): string | undefined {
  if (s.channels.length === 0) return undefined;
  const crit = new Map(s.vms.map((v) => [v.name, v.criticality] as const));
  const rank = (vm: string): number => critRank(crit.get(vm) ?? 'QM');
  const parts = s.channels.map((c) => {
    const full = (['crc', 'sequence', 'timeout'] as const).every((p) => c.protection.includes(p));
    const dirs = directionsOf(c).map((d) => `${d.from} → ${d.to}${rank(d.to) > rank(d.from) ? (full ? ' (to higher criticality, protected)' : ' (to higher criticality, NOT protected)') : ''}`);
    return `${c.name}: ${dirs.join(', ')}`;
  });
  return `Directions: ${parts.join('; ')}`;
}

const noChannels = (s: Scenario): string | undefined =>
  s.channels.length === 0 ? 'the scenario declares no channel: VMs exchange no information through the hypervisor' : undefined;
const singleReader = (s: Scenario): string | undefined =>
  noChannels(s) ?? (s.channels.every((c) => c.writers.every((w) => directionsOf(c).filter((d) => d.from === w).length <= 1)) ? 'every writer of every channel has a single reader' : undefined);

export const ANNEX_D: readonly AnnexDFault[] = [
  // Timing and execution
  {
    cls: 'timing-execution',
    fault: 'Blocking of execution',
    properties: ['timing.cpu-exclusive', 'timing.budget', 'isolation.irq', 'containment.recovery', 'timing.irq-latency'],
    mechanism: 'vCPUs pinned to pCPUs; bind scheduling gives a pCPU to one vCPU alone; budgets enforced per period; interrupts routed only to their owner; storm limits and watchdogs',
    assumptions: ['AoU-costs'],
  },
  {
    cls: 'timing-execution',
    fault: 'Deadlocks',
    properties: [],
    mechanism: 'no blocking primitive spans VMs: hypercalls complete without waiting for another VM, and channels are non-blocking shared memory with doorbells',
    assumptions: ['AoU-guest-sync'],
  },
  {
    cls: 'timing-execution',
    fault: 'Livelocks',
    properties: ['containment.recovery', 'timing.budget'],
    mechanism: 'a runaway VM is bounded by its pCPU or budget and detected by its watchdog; the health monitor acts within the declared recovery bound',
    assumptions: ['AoU-guest-sync'],
  },
  {
    cls: 'timing-execution',
    fault: 'Incorrect allocation of execution time',
    properties: ['timing.cpu-exclusive', 'timing.budget', 'timing.cache-partition', 'timing.schedulability'],
    mechanism: 'static pCPU allocation (bind, time partitions, budgeted fixed priority); last-level-cache colours kept apart between criticalities',
    assumptions: ['AoU-costs', 'AoU-wcet'],
  },
  {
    cls: 'timing-execution',
    fault: 'Incorrect synchronization between software elements',
    properties: ['isolation.irq', 'communication.channels'],
    mechanism: 'SGIs cross VMs only along declared channel doorbells; channel roles (declared writers, readers) fixed in the configuration',
    assumptions: ['AoU-guest-sync', 'AoU-e2e'],
    notApplicable: noChannels,
  },
  // Memory
  {
    cls: 'memory',
    fault: 'Corruption of content',
    properties: ['isolation.memory', 'isolation.dma', 'isolation.hypervisor', 'containment.fault'],
    mechanism: 'stage-2 translation per VM; SMMU contexts per DMA stream; hypervisor memory mapped to no guest',
    assumptions: ['AoU-hardware', 'AoU-trusted-devices'],
  },
  {
    cls: 'memory',
    fault: 'Inconsistent data (e.g. an update during a data fetch)',
    properties: ['communication.channels'],
    mechanism: 'only channels are shared; in each writer→reader direction (co-writers read each other), a lower-criticality writer feeding a higher-criticality endpoint must declare end-to-end protection',
    assumptions: ['AoU-e2e'],
    notApplicable: noChannels,
    scope: channelDirections,
  },
  {
    cls: 'memory',
    fault: 'Stack overflow or underflow',
    properties: ['isolation.memory'],
    mechanism: "a guest's stack lives in its own stage-2 mappings: an overflow faults at the edge of the VM's memory instead of reaching another VM (within a VM it is the guest's concern)",
    assumptions: ['AoU-guest-internal'],
  },
  {
    cls: 'memory',
    fault: 'Read or write access to memory allocated to another software element',
    properties: ['isolation.memory', 'isolation.mmio', 'isolation.dma', 'isolation.hypervisor', 'containment.scrub', 'security.hypercall-reach'],
    mechanism: 'stage-2 mappings disjoint between VMs except declared channels; device MMIO passed to one VM; DMA behind SMMU contexts; memory scrubbed on stop, restart and reassignment; hypercalls confined to configured memory',
    assumptions: ['AoU-hardware', 'AoU-trusted-devices'],
  },
  // Exchange of information
  ...(
    [
      ['Repetition of information', 'the reader detects it by the sequence counter'],
      ['Loss of information', 'the reader detects it by the sequence counter and the timeout'],
      ['Delay of information', 'the reader detects it by the timeout'],
      ['Insertion of information', 'no VM but a declared writer can write the channel; the reader detects the rest by the sequence counter'],
      ['Masquerade or incorrect addressing of information', 'no VM but a declared writer can write the channel, and doorbells ring only the declared VMs'],
      ['Incorrect sequence of information', 'the reader detects it by the sequence counter'],
      ['Corruption of information', 'VMs that are not declared writers cannot write the channel; the reader detects the rest by the CRC'],
    ] as const
  ).map(
    ([fault, e2e]): AnnexDFault => ({
      cls: 'information-exchange',
      fault,
      properties: ['communication.channels', 'isolation.irq'],
      mechanism: `channel permissions enforced by stage-2 (declared writers rw, readers r), and end-to-end protection declared on every writer→reader direction from a lower to a higher criticality: ${e2e}`,
      assumptions: ['AoU-e2e'],
      notApplicable: noChannels,
      scope: channelDirections,
    }),
  ),
  {
    cls: 'information-exchange',
    fault: 'Asymmetric information sent from a sender to multiple receivers',
    properties: ['communication.channels'],
    mechanism: 'all readers map the same physical channel memory, so they read the same bytes; per-reader consistency is the protocol\'s',
    assumptions: ['AoU-e2e'],
    notApplicable: singleReader,
  },
  {
    cls: 'information-exchange',
    fault: 'Information from a sender received by only a subset of the receivers',
    properties: ['communication.channels', 'isolation.irq'],
    mechanism: 'doorbells ring the declared readers; a reader that misses one is caught by the timeout',
    assumptions: ['AoU-e2e'],
    notApplicable: singleReader,
  },
  {
    cls: 'information-exchange',
    fault: 'Blocking access to a communication channel',
    properties: ['communication.channels', 'containment.fault'],
    mechanism: 'a channel is memory, not a lock: no VM can hold it; a faulty writer is detected by the reader\'s timeout',
    assumptions: ['AoU-e2e'],
    notApplicable: noChannels,
  },
];
