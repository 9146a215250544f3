// Everything that can happen to the hypervisor: guest actions, devices, time, faults and
// management. Events name VMs, vCPUs (index within the VM), devices, channels and pCPUs by
// their index in the scenario, so a trace is compact and replays exactly; `trace.ts` turns
// them into names and back.

import type { Perms } from '../config/types.js';

export type GuestFault = 'crash' | 'runaway' | 'illegal-access';

export type Event =
  /** Guest load through stage-2. */
  | { readonly kind: 'read'; readonly vm: number; readonly vcpu: number; readonly ipa: bigint }
  /** Guest store of a word through stage-2. */
  | { readonly kind: 'write'; readonly vm: number; readonly vcpu: number; readonly ipa: bigint; readonly value: number }
  /** A DMA transfer the owning guest programmed on a passthrough device. */
  | {
      readonly kind: 'dma';
      readonly device: number;
      /** Index into the device's stream IDs (a device with none emits an unconfigured stream). */
      readonly stream: number;
      readonly addr: bigint;
      readonly length: bigint;
      readonly dir: 'read' | 'write';
      readonly value: number;
    }
  /** A device asserts a shared peripheral interrupt. */
  | { readonly kind: 'irq'; readonly spi: number }
  /** A device asserts its interrupt many times at once: an interrupt storm. */
  | { readonly kind: 'irq-storm'; readonly device: number; readonly count: number }
  /** A guest writes the virtual GIC's SGI register to signal (vm, vcpu). */
  | {
      readonly kind: 'sgi';
      readonly vm: number;
      readonly vcpu: number;
      readonly sgi: number;
      readonly toVm: number;
      readonly toVcpu: number;
    }
  /** Time advances; scheduler ticks, budget replenishment and watchdogs fire on the way. */
  | { readonly kind: 'advance'; readonly ns: number }
  /** The guest's own timer fires: the vCPU has work again. */
  | { readonly kind: 'wake'; readonly vm: number; readonly vcpu: number }
  | {
      readonly kind: 'hvc-map';
      readonly vm: number;
      readonly vcpu: number;
      readonly ipa: bigint;
      readonly pa: bigint;
      readonly size: bigint;
      readonly perms: Perms;
    }
  | { readonly kind: 'hvc-unmap'; readonly vm: number; readonly vcpu: number; readonly ipa: bigint; readonly size: bigint }
  | { readonly kind: 'hvc-notify'; readonly vm: number; readonly vcpu: number; readonly channel: number }
  | { readonly kind: 'hvc-yield'; readonly vm: number; readonly vcpu: number }
  | { readonly kind: 'hvc-dvfs'; readonly vm: number; readonly vcpu: number; readonly khz: number }
  | { readonly kind: 'hvc-watchdog'; readonly vm: number; readonly vcpu: number }
  | { readonly kind: 'fault'; readonly vm: number; readonly vcpu: number; readonly fault: GuestFault; readonly ipa: bigint }
  | { readonly kind: 'vm-start'; readonly vm: number }
  | { readonly kind: 'vm-stop'; readonly vm: number }
  | { readonly kind: 'vm-restart'; readonly vm: number }
  | { readonly kind: 'reassign'; readonly device: number; readonly to: number }
  | { readonly kind: 'pcpu-offline'; readonly pcpu: number }
  | { readonly kind: 'pcpu-online'; readonly pcpu: number };

export type EventKind = Event['kind'];

export const EVENT_KINDS: readonly EventKind[] = [
  'read',
  'write',
  'dma',
  'irq',
  'irq-storm',
  'sgi',
  'advance',
  'wake',
  'hvc-map',
  'hvc-unmap',
  'hvc-notify',
  'hvc-yield',
  'hvc-dvfs',
  'hvc-watchdog',
  'fault',
  'vm-start',
  'vm-stop',
  'vm-restart',
  'reassign',
  'pcpu-offline',
  'pcpu-online',
];
