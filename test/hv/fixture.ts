// A small scenario that exercises every scheduling mode, an SMMU, DMA and non-DMA devices,
// a channel with a doorbell, and health policies; built through the real loader.

import { parseScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { boot } from '../../src/hv/boot.js';
import type { Event } from '../../src/hv/events.js';
import type { Observation } from '../../src/hv/observations.js';
import type { State } from '../../src/hv/state.js';
import { step } from '../../src/hv/step.js';

export const FIXTURE = `
name: fixture
soc:
  name: test-soc
  clusters:
    - { name: big, kind: cortex-a72, cpus: 0-3, operating-points: [400MHz, 800MHz, 1.6GHz] }
  ram:
    - { name: dram, base: 0x4000_0000, size: 1GiB }
  hypervisor-memory:
    - { name: hv, base: 0x7f00_0000, size: 16MiB }
  gic: { version: 3, sgi: 0-15, ppi: 16-31, spi: 32-127, direct-injection: false }
  smmu: { present: SMMU_PRESENT, unmatched-streams: fault }
  llc: { size: 2MiB, ways: 16, colors: 8 }
  costs:
    trap-entry: 100ns
    trap-exit: 100ns
    irq-inject: 200ns
    direct-inject: 50ns
    context-switch: 1us
    max-non-preemptible: 2us
    cache-interference: 2x
  devices:
    - { name: nic, kind: ethernet, mmio: { base: 0x1000_0000, size: 64KiB }, irqs: [40], dma: true, dma-max: 16KiB, stream-ids: [1] }
    - { name: uart, kind: uart, mmio: { base: 0x1001_0000, size: 4KiB }, irqs: [41] }
    - { name: dmac, kind: dma, mmio: { base: 0x1002_0000, size: 4KiB }, irqs: [42], dma: true }
vms:
  - name: rt
    criticality: ASIL-B
    os: zephyr
    vcpus: [0]
    memory:
      - { name: ram, ipa: 0x0, pa: 0x4000_0000, size: 16MiB, perms: rwx }
    devices: [uart]
    irqs: [{ spi: 41, vcpu: 0 }]
    cache-colors: 0-3
    health: { on-fault: restart, watchdog: 1ms, recovery-bound: 2ms, irq-storm-per-ms: 10 }
  - name: gp
    criticality: QM
    os: linux
    vcpus: [1, 2]
    memory:
      - { name: ram, ipa: 0x8000_0000, pa: 0x5000_0000, size: 64MiB, perms: rwx }
      - { name: rom, ipa: 0x9000_0000, pa: 0x5400_0000, size: 1MiB, perms: rx }
    devices: [nic, dmac]
    irqs: [{ spi: 40, vcpu: 1 }, { spi: 42, vcpu: 0 }]
    cache-colors: 4-7
    health: { on-fault: notify }
  - name: bg
    criticality: QM
    os: linux
    vcpus: [1, 3]
    memory:
      - { name: ram, ipa: 0x8000_0000, pa: 0x5800_0000, size: 16MiB, perms: rw }
    cache-colors: 4-7
    health: { on-fault: stop }
schedule:
  - { pcpu: 0, bind: rt:0 }
  - pcpu: 1
    fixed-priority:
      - { vcpu: gp:0, priority: 20, budget: 2ms, period: 10ms }
      - { vcpu: bg:0, priority: 10, budget: 4ms, period: 10ms }
  - { pcpu: 2, bind: gp:1 }
  - pcpu: 3
    time-partition:
      major-frame: 10ms
      windows:
        - { vcpu: bg:1, start: 0ms, length: 4ms }
channels:
  - name: link
    pa: 0x6000_0000
    size: 4KiB
    writer: rt
    endpoints:
      - { vm: rt, ipa: 0x2000_0000, perms: rw }
      - { vm: gp, ipa: 0xa000_0000, perms: r }
    doorbell: { sgi: 8, to: gp }
`;

export function fixture(opts: { smmu?: boolean; patch?: (yaml: string) => string } = {}): Scenario {
  let text = FIXTURE.replace('SMMU_PRESENT', String(opts.smmu ?? true));
  if (opts.patch) text = opts.patch(text);
  const r = parseScenario(text, '/virtual/fixture.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.message}`).join('\n'));
  return r.value;
}

export const RT = 0;
export const GP = 1;
export const BG = 2;
export const NIC = 0;
export const UART = 1;
export const DMAC = 2;

/** Run events from a state; return the final state and each step's observations. */
export function runAll(s: State, events: Event[]): { state: State; obs: Observation[][] } {
  const obs: Observation[][] = [];
  let cur = s;
  for (const e of events) {
    const r = step(cur, e);
    cur = r.state;
    obs.push([...r.observations]);
  }
  return { state: cur, obs };
}

export function bootFixture(opts: { smmu?: boolean; patch?: (yaml: string) => string } = {}): State {
  return boot(fixture(opts));
}

export function only<K extends Observation['kind']>(obs: readonly Observation[], kind: K): Extract<Observation, { kind: K }>[] {
  return obs.filter((o): o is Extract<Observation, { kind: K }> => o.kind === kind);
}
