// Generated scenarios for the differential and drift tests: the isolated scenarios of
// src/pbt/scenario-arb.ts varied along the axes the encoding branches on (SMMU present or
// not, unmatched streams faulting or bypassing, read-only and read-execute memory, each
// fault policy, a DMA master without stream IDs, an interrupt line shared by two devices),
// and seeded mistakes for the drift test.

import fc from 'fast-check';
import type { Device, FaultAction, Scenario, Vm } from '../../src/config/types.js';
import { isolatedScenarioArb, withMistake } from '../../src/pbt/scenario-arb.js';

const MiB = 1n << 20n;
const at = { file: 'generated.yaml', line: 900, column: 1 };

export type SmmuMode = 'fault' | 'bypass' | 'none';

export interface Variation {
  readonly smmu: SmmuMode;
  /** vm0 gets a read-only and a read-execute region beside its RAM. */
  readonly readOnly: boolean;
  readonly onFault: readonly FaultAction[];
  /** A DMA master with no stream ID: -1 unowned (reachable by reassign), else its owner. */
  readonly streamless: number | undefined;
  /** A device raising dev0's SPI: its owner (-1 none), or undefined for no shared line. */
  readonly sharedLine: number | undefined;
}

function setVm(s: Scenario, i: number, f: (v: Vm) => Vm): Scenario {
  return { ...s, vms: s.vms.map((v, j) => (j === i ? f(v) : v)) };
}

function addDevice(s: Scenario, d: Device, owner: number): Scenario {
  const t = { ...s, soc: { ...s.soc, devices: [...s.soc.devices, d] } };
  return owner < 0 || owner >= s.vms.length ? t : setVm(t, owner, (v) => ({ ...v, devices: [...v.devices, { device: d.name, mmioIpa: undefined, at }] }));
}

export function vary(base: Scenario, x: Variation): Scenario {
  let s: Scenario = {
    ...base,
    soc: { ...base.soc, smmu: { ...base.soc.smmu, present: x.smmu !== 'none', unmatchedStreams: x.smmu === 'bypass' ? 'bypass' : 'fault' } },
    vms: base.vms.map((v, i) => ({ ...v, health: { ...v.health, onFault: x.onFault[i] ?? 'restart' } })),
  };
  if (x.readOnly) {
    s = setVm(s, 0, (v) => ({
      ...v,
      memory: [
        ...v.memory,
        { name: 'rodata', ipa: 0x6000_0000n, pa: 0xa000_0000n, size: MiB, perms: { r: true, w: false, x: false }, at },
        { name: 'text', ipa: 0x6010_0000n, pa: 0xa010_0000n, size: MiB, perms: { r: true, w: false, x: true }, at },
      ],
    }));
  }
  if (x.streamless !== undefined) {
    const d: Device = { name: 'dmx', kind: 'dma-engine', mmio: [{ name: 'regs', base: 0xf100_0000n, size: 0x1_0000n, at }], irqs: [200], dma: true, dmaMaxBytes: 8192n, streamIds: [], trusted: false, at };
    s = addDevice(s, d, x.streamless);
  }
  if (x.sharedLine !== undefined) {
    const spi = s.soc.devices[0]!.irqs[0]!;
    const d: Device = { name: 'dsh', kind: 'gpio', mmio: [{ name: 'regs', base: 0xf200_0000n, size: 0x1_0000n, at }], irqs: [spi], dma: false, dmaMaxBytes: 0n, streamIds: [], trusted: false, at };
    s = addDevice(s, d, x.sharedLine);
  }
  return s;
}

export const variationArb: fc.Arbitrary<Variation> = fc.record({
  smmu: fc.constantFrom<SmmuMode>('fault', 'bypass', 'none'),
  readOnly: fc.boolean(),
  onFault: fc.array(fc.constantFrom<FaultAction>('restart', 'stop', 'notify'), { minLength: 3, maxLength: 3 }),
  streamless: fc.option(fc.integer({ min: -1, max: 1 }), { nil: undefined }),
  sharedLine: fc.option(fc.integer({ min: -1, max: 1 }), { nil: undefined }),
});

/** Generated scenarios varied along the encoding's branches. */
export const variedScenarioArb: fc.Arbitrary<{ scenario: Scenario; variation: Variation }> = fc
  .tuple(isolatedScenarioArb, variationArb)
  .map(([base, variation]) => ({ scenario: vary(base, variation), variation }));

/**
 * Seeded mistakes for the drift test: the catalog's (scenario-arb) and the ones this part of
 * the model is about: DMA with and without an SMMU, bypass, shared lines, overlaps.
 */
export const DRIFT_MISTAKES = ['none', 'overlap', 'shared-spi', 'missing-stream-id', 'dma-without-smmu', 'bypass-streamless', 'shared-line', 'shared-line-one-vm', 'shared-stream'] as const;
export type DriftMistake = (typeof DRIFT_MISTAKES)[number];

export function withDriftMistake(s: Scenario, m: DriftMistake): Scenario {
  switch (m) {
    case 'none':
      return s;
    case 'overlap':
    case 'shared-spi':
    case 'missing-stream-id':
    case 'dma-without-smmu':
      return withMistake(s, m);
    case 'bypass-streamless':
      // Not passed through at boot: only a reassignment makes it anyone's raw DMA.
      return vary(s, { smmu: 'bypass', readOnly: false, onFault: s.vms.map((v) => v.health.onFault), streamless: -1, sharedLine: undefined });
    case 'shared-line':
      return vary(s, { smmu: 'fault', readOnly: false, onFault: s.vms.map((v) => v.health.onFault), streamless: undefined, sharedLine: 1 });
    case 'shared-line-one-vm':
      // Both devices of the line in vm0: clean at boot, split by a reassignment.
      return vary(s, { smmu: 'fault', readOnly: false, onFault: s.vms.map((v) => v.health.onFault), streamless: undefined, sharedLine: 0 });
    case 'shared-stream':
      return { ...s, soc: { ...s.soc, devices: s.soc.devices.map((d, i) => (i === 1 ? { ...d, streamIds: s.soc.devices[0]!.streamIds } : d)) } };
  }
}
