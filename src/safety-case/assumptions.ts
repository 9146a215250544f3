// The assumptions of use: what the argument takes as given and the integrator must
// discharge. Every verdict in the report is conditional on these; the first one — that the
// deployed hypervisor implements the model hvsafe checks — is the largest gap, and it is
// stated first and attached to the top goal so no reader can miss it.

import type { Scenario } from '../config/types.js';
import type { FaultClass } from '../../proofs/property.js';

export interface Assumption {
  /** `AoU-…`; the GSN assumption is `A-…` with the same suffix. */
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** Who must discharge it, and how. */
  readonly discharge: string;
  /** Where it sits in the argument: the top goal, or the goal of one fault class. */
  readonly attachTo: 'top' | FaultClass;
}

export function gsnAssumptionId(aou: string): string {
  return `A-${aou.replace(/^AoU-/, '')}`;
}

export function assumptionsOf(s: Scenario): Assumption[] {
  const soc = s.soc;
  const unassessed = s.vms.filter((v) => v.criticality === 'unassessed').map((v) => v.name);
  const trusted = soc.devices.filter((d) => d.trusted);
  const owners = new Map<string, string>();
  for (const vm of s.vms) for (const d of vm.devices) owners.set(d.device, vm.name);
  const rawDma = soc.devices.filter((d) => d.dma && owners.has(d.name) && (!soc.smmu.present || d.streamIds.length === 0));
  const hwParts = [
    'the MMU\'s stage-2 translation enforces every mapping and permission exactly as programmed',
    soc.smmu.present
      ? `the SMMU translates and checks every DMA stream as programmed (unmatched streams: ${soc.smmu.unmatchedStreams})`
      : 'the SoC has no SMMU: device DMA reaches physical memory untranslated, which the DMA isolation argument takes into account',
    `the GIC v${soc.gic.version} delivers each interrupt only as routed${soc.gic.directInjection ? ', including direct injection' : ''}`,
    soc.llc ? `cache colouring of the ${soc.llc.colors}-colour last-level cache isolates as configured` : 'there is no shared last-level cache to partition',
  ];
  return [
    {
      id: 'AoU-model',
      title: 'The deployed hypervisor implements the model',
      text:
        'Every verdict here is about hvsafe\'s executable model of the hypervisor (src/hv), run on this configuration. ' +
        'The argument holds for the product only if the deployed hypervisor implements the same behaviour: stage-2 and SMMU programming, interrupt routing, scheduling, budgets, health monitoring, scrubbing and hypercalls. ' +
        'hvsafe has not verified the hypervisor\'s code.',
      discharge: 'Hypervisor supplier: evidence that the implementation conforms to the model (e.g. its own verification, a safety manual mapping each modelled behaviour to code and tests), or conformance tests on target.',
      attachTo: 'top',
    },
    {
      id: 'AoU-config',
      title: 'The deployed configuration is the one analysed',
      text: `The hypervisor on target is configured from exactly the files analysed here (${s.files.length === 1 ? 'the scenario' : 'the scenario and its SoC file'}, identified by sha256 in the contexts) and boots into the state the model's boot produces.`,
      discharge: 'Integrator: configuration management and a build step that derives the hypervisor configuration from these files, checked by hash; secure boot of hypervisor and configuration.',
      attachTo: 'top',
    },
    {
      id: 'AoU-hardware',
      title: 'The hardware behaves as specified',
      text: `On ${soc.name}: ${hwParts.join('; ')}.`,
      discharge: 'SoC supplier: safety manual and errata; integrator: hardware safety analysis (random hardware faults are outside this argument).',
      attachTo: 'top',
    },
    {
      id: 'AoU-trusted-devices',
      title: 'Devices declared trusted',
      text:
        (trusted.length === 0
          ? 'No device is declared trusted.'
          : `Declared trusted, so their DMA is not checked: ${trusted.map((d) => d.name).join(', ')}.`) +
        (rawDma.length === 0
          ? ' Every DMA master passed through to a VM is translated by an SMMU context.'
          : ` DMA masters without an SMMU context: ${rawDma.map((d) => `${d.name} (${owners.get(d.name)})`).join(', ')}${rawDma.some((d) => d.trusted) ? '; those declared trusted are assumed never to address memory outside their owner\'s' : ''}.`),
      discharge: 'Integrator: for each trusted device, evidence that its DMA engine cannot be programmed (by its owner or by a fault) to reach foreign memory.',
      attachTo: 'memory',
    },
    {
      id: 'AoU-costs',
      title: 'Hypervisor costs are upper bounds',
      text: `The timing costs in the SoC file (trap entry ${soc.costs.trapEntryNs} ns, trap exit ${soc.costs.trapExitNs} ns, IRQ injection ${soc.costs.irqInjectNs} ns, context switch ${soc.costs.contextSwitchNs} ns, longest non-preemptible section ${soc.costs.maxNonPreemptibleNs} ns) are worst cases on the target, including interference from other cores on shared buses and memory.`,
      discharge: 'Hypervisor supplier and integrator: worst-case measurements or analysis on target, with margins.',
      attachTo: 'timing-execution',
    },
    {
      id: 'AoU-wcet',
      title: 'Guest task WCETs are upper bounds',
      text: s.vms.some((v) => v.tasks.length > 0)
        ? `The worst-case execution times of the guest tasks declared for ${s.vms.filter((v) => v.tasks.length > 0).map((v) => v.name).join(', ')} are safe upper bounds on target.`
        : 'No guest declares a task set; guest-level schedulability is outside this argument.',
      discharge: 'Guest application owners: WCET analysis or measurement with margins.',
      attachTo: 'timing-execution',
    },
    {
      id: 'AoU-e2e',
      title: 'Readers check the declared end-to-end protection',
      text:
        s.channels.length === 0
          ? 'The scenario declares no channels.'
          : 'Each reader of a channel that declares protection (CRC, sequence counter, timeout) checks it on every message and reacts safely when a check fails; hvsafe checks that the protection is declared, not that the guests implement it.',
      discharge: 'Guest application owners: E2E protection library (e.g. an AUTOSAR E2E profile) and its tests.',
      attachTo: 'information-exchange',
    },
    {
      id: 'AoU-guest-sync',
      title: 'No guest waits on another without a timeout',
      text: 'A guest that waits for data or a doorbell from another VM bounds the wait (timeout) and has a safe reaction, so a silent or faulty peer cannot block or livelock it.',
      discharge: 'Guest application owners: design review of inter-VM protocols.',
      attachTo: 'timing-execution',
    },
    {
      id: 'AoU-guest-internal',
      title: 'Interference inside a VM is the guest\'s argument',
      text: 'Freedom from interference between software elements inside one VM (its own tasks, stacks, drivers) is argued by the guest OS and application, not here.',
      discharge: 'Guest OS supplier and application owners.',
      attachTo: 'memory',
    },
    // Open item, only while some VM's criticality is unassessed (an import without an overlay).
    ...(unassessed.length === 0
      ? []
      : [
          {
            id: 'AoU-criticality',
            title: 'OPEN ITEM: criticality not assessed',
            text:
              `The criticality of ${unassessed.join(', ')} is unassessed: the source configuration does not state it and no overlay gave it. ` +
              'Each unassessed VM is treated as of the highest integrity, so every assessed VM is checked as a possible interferer with it; the argument between two unassessed VMs is not developed until their criticality is stated.',
            discharge: 'Integrator: state each VM\'s criticality (hvsafe import --overlay), from the item\'s hazard analysis and risk assessment.',
            attachTo: 'top' as const,
          },
        ]),
  ];
}
