// What the hypervisor model reports from each step: where every access landed and whose it
// was, which virtual interrupts were injected and when, scheduling decisions, faults, the
// health monitor's actions, refusals, and console lines. Properties are predicates over
// these; the CLI renders them as a trace.

import type { EventKind, GuestFault } from './events.js';

/** What a physical address turned out to be. `segment` indexes `Topology.segments`. */
export type Target =
  | { readonly kind: 'ram'; readonly segment: number }
  | { readonly kind: 'mmio'; readonly device: number; readonly segment: number }
  | { readonly kind: 'hypervisor'; readonly segment: number }
  | { readonly kind: 'unbacked' };

/** Which stage-2 entry translated an access: its origin in the scenario. */
export type MappingOrigin =
  | { readonly kind: 'memory'; readonly vm: number; readonly index: number }
  | { readonly kind: 'channel'; readonly channel: number; readonly endpoint: number }
  | { readonly kind: 'device'; readonly device: number; readonly range: number }
  | { readonly kind: 'dynamic'; readonly vm: number; readonly from: number };

export type RejectReason =
  | 'bad-event' // names a VM, vCPU, device, channel or pCPU the scenario does not have
  | 'vm-not-running'
  | 'vcpu-runaway'
  | 'vcpu-not-resident' // a hypercall from a vCPU that its pCPU is not running at that moment
  | 'outside-configured-memory'
  | 'overlaps-existing-mapping'
  | 'not-page-aligned'
  | 'zero-size'
  | 'address-overflow'
  | 'no-such-mapping'
  | 'permission-widening'
  | 'not-channel-member'
  | 'no-doorbell'
  | 'sgi-not-permitted'
  | 'device-cannot-dma'
  | 'device-unassigned'
  | 'dma-too-long'
  | 'no-such-irq'
  | 'irq-masked'
  | 'already-running'
  | 'not-stopped'
  | 'pcpu-already-offline'
  | 'pcpu-already-online'
  | 'no-operating-point'
  | 'watchdog-ignored'
  | 'hypervisor-device' // reassign of a device the hypervisor keeps (its frames, memory or interrupts)
  | 'dma-unconfined'; // reassign of a DMA master no SMMU confines (it would master raw physical addresses)

export type HealthAction = 'restart' | 'stop' | 'notify';
export type FaultReason = GuestFault | 'stage2-fault' | 'watchdog' | 'irq-storm';

export type Observation =
  | {
      readonly kind: 'access';
      readonly vm: number;
      readonly vcpu: number;
      readonly op: 'read' | 'write';
      readonly ipa: bigint;
      readonly pa: bigint;
      readonly via: MappingOrigin;
      readonly target: Target;
      readonly value: number;
      /** For reads: who wrote the value read (-1 none/device/hypervisor). */
      readonly writer: number;
    }
  | {
      readonly kind: 'stage2-fault';
      readonly vm: number;
      readonly vcpu: number;
      readonly op: 'read' | 'write';
      readonly ipa: bigint;
      readonly reason: 'unmapped' | 'permission';
    }
  | {
      readonly kind: 'dma';
      readonly device: number;
      /** The VM that owns (and programmed) the device. */
      readonly vm: number;
      readonly dir: 'read' | 'write';
      readonly addr: bigint;
      readonly length: bigint;
      /** How the address was resolved: through an SMMU context, SMMU bypass, or no SMMU at all. */
      readonly path: 'smmu' | 'smmu-bypass' | 'no-smmu';
      /** Context VM whose stage-2 translated it (smmu path), else -1. */
      readonly context: number;
      readonly pages: readonly DmaPage[];
    }
  | {
      readonly kind: 'smmu-fault';
      readonly device: number;
      readonly stream: number;
      readonly addr: bigint;
      readonly reason: 'no-context' | 'unmapped' | 'permission';
    }
  | {
      readonly kind: 'virq';
      readonly vm: number;
      readonly vcpu: number;
      readonly intid: number;
      readonly source: 'spi' | 'sgi';
      readonly assertedAt: number;
      readonly deliveredAt: number;
      readonly path: 'direct' | 'trap' | 'switch-in';
      /** The sender VM for SGIs, the device for SPIs. */
      readonly from: number;
    }
  | { readonly kind: 'irq-pending'; readonly vm: number; readonly vcpu: number; readonly intid: number; readonly at: number }
  | { readonly kind: 'irq-dropped'; readonly spi: number; readonly reason: 'no-route' | 'vm-not-running' | 'masked' }
  | { readonly kind: 'irq-masked'; readonly spi: number; readonly device: number; readonly at: number }
  | { readonly kind: 'sched'; readonly pcpu: number; readonly from: number; readonly to: number; readonly at: number }
  | {
      readonly kind: 'period-end';
      /** Flat vCPU index. */
      readonly vcpu: number;
      readonly start: number;
      readonly end: number;
      readonly receivedNs: number;
      readonly budgetNs: number;
      /** The vCPU wanted the CPU for the whole period (so it was owed the whole budget). */
      readonly demandedAll: boolean;
    }
  | { readonly kind: 'fault'; readonly vm: number; readonly vcpu: number; readonly fault: FaultReason; readonly at: number }
  | {
      readonly kind: 'health';
      readonly vm: number;
      readonly action: HealthAction;
      readonly reason: FaultReason;
      readonly faultAt: number;
      readonly at: number;
    }
  | {
      readonly kind: 'lifecycle';
      readonly vm: number;
      readonly what: 'started' | 'stopped' | 'restarted';
      /** Size of the private memory zeroed. */
      readonly scrubbedBytes: bigint;
      /** Devices the VM owned, reset with it. */
      readonly resetDevices: readonly number[];
      readonly at: number;
    }
  | {
      readonly kind: 'reassigned';
      readonly device: number;
      readonly from: number;
      readonly to: number;
      readonly streams: readonly number[];
      readonly spis: readonly number[];
    }
  | { readonly kind: 'device-reset'; readonly device: number }
  | {
      readonly kind: 'mapped';
      readonly vm: number;
      readonly ipa: bigint;
      readonly pa: bigint;
      readonly size: bigint;
    }
  | { readonly kind: 'unmapped'; readonly vm: number; readonly ipa: bigint; readonly size: bigint }
  | { readonly kind: 'pcpu'; readonly pcpu: number; readonly online: boolean; readonly at: number }
  | {
      readonly kind: 'dvfs';
      readonly cluster: number;
      readonly fromKhz: number;
      readonly toKhz: number;
      /** Highest load over the cluster's pCPUs in the sample, in ‰, rounded up. */
      readonly loadPermille: number;
      readonly requestedKhz: number;
    }
  | { readonly kind: 'rejected'; readonly event: EventKind; readonly reason: RejectReason; readonly detail: string }
  | { readonly kind: 'console'; readonly vm: number; readonly text: string };

export type ObservationKind = Observation['kind'];

export interface DmaPage {
  readonly pa: bigint;
  readonly target: Target;
  /** Value read or written. */
  readonly value: number;
  /** For reads: who wrote the value. */
  readonly writer: number;
}
