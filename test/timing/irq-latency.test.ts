import { describe, expect, it } from 'vitest';
import { vmCosts } from '../../src/hv/costs.js';
import { irqLatencyBound, longestGap, vmIrqLatency } from '../../src/timing/irq-latency.js';
import { serverResponse } from '../../src/timing/server.js';
import { bind, COSTS, fixedPriority, partition, scenario, vm } from './fixtures.js';

const RUN = COSTS.maxNonPreemptibleNs + COSTS.trapEntryNs + COSTS.irqInjectNs + COSTS.trapExitNs; // 2230

describe('IRQ latency bound: bind', () => {
  it('trap path: non-preemptible + entry + inject + exit', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [1], irqs: [{ spi: 40 }] })], schedule: [bind(1, 'rt')] });
    const b = irqLatencyBound(s, 0, 40);
    expect(b.mode).toBe('bind');
    expect(b.boundNs).toBe(RUN);
    expect(b.parts.map((p) => p.ns)).toEqual([2000, 100, 50, 80]);
    expect(b.exclusivityViolated).toBeUndefined();
  });

  it('direct injection: non-preemptible + direct inject', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [1], irqs: [{ spi: 40 }] })], schedule: [bind(1, 'rt')], directInjection: true });
    expect(irqLatencyBound(s, 0, 40).boundNs).toBe(2030);
  });

  it('cache interference inflates every cost (uncolored VMs sharing an LLC)', () => {
    const s = scenario({
      vms: [vm({ name: 'rt', pcpus: [1], irqs: [{ spi: 40 }] }), vm({ name: 'linux', pcpus: [2] })],
      schedule: [bind(1, 'rt'), bind(2, 'linux')],
      llc: true,
    });
    // ×3/2, each rounded up: 3000 + 150 + 75 + 120.
    expect(irqLatencyBound(s, 0, 40).boundNs).toBe(3345);
    expect(vmCosts(s, 0).trapExitNs).toBe(120);
  });

  it('another vCPU pinned to the bound pCPU: context switch added, exclusivity flagged', () => {
    const s = scenario({
      vms: [vm({ name: 'rt', pcpus: [1], irqs: [{ spi: 40 }] }), vm({ name: 'intruder', pcpus: [1] })],
      schedule: [bind(1, 'rt')],
    });
    const b = irqLatencyBound(s, 0, 40);
    expect(b.boundNs).toBe(RUN + COSTS.contextSwitchNs);
    expect(b.exclusivityViolated).toBe(true);
    expect(b.parts.at(-1)!.name).toMatch(/exclusivity violated: intruder\.vcpu0/);
  });

  it('a vCPU no schedule runs is unbounded', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [3], irqs: [{ spi: 40 }] })], schedule: [bind(1, 'rt')] });
    expect(irqLatencyBound(s, 0, 40).boundNs).toBeNull();
  });
});

describe('IRQ latency bound: time partition', () => {
  it('longest cyclic gap + switch + inject, with the gap reported', () => {
    // Frame 10 ms: rt [0, 2ms) and [5ms, 1ms); linux [2ms, 3ms) and [6ms, 4ms).
    const s = scenario({
      vms: [vm({ name: 'rt', pcpus: [0], irqs: [{ spi: 41 }] }), vm({ name: 'linux', pcpus: [0] })],
      schedule: [
        partition(0, 10_000_000, [
          ['rt', 0, 2_000_000],
          ['linux', 2_000_000, 3_000_000],
          ['rt', 5_000_000, 1_000_000],
          ['linux', 6_000_000, 4_000_000],
        ]),
      ],
    });
    const b = irqLatencyBound(s, 0, 41);
    expect(b.mode).toBe('time-partition');
    // Gaps: 2ms..5ms (3ms) and 6ms..10ms(=0 next frame) (4ms): G = 4ms.
    expect(b.windowGap).toEqual({ startNs: 6_000_000, endNs: 10_000_000, lengthNs: 4_000_000, afterWindow: 2, beforeWindow: 0, othersInGap: [3] });
    expect(b.boundNs).toBe(4_000_000 + 1_000 + 50);
  });

  it('a window covering the frame: the running term dominates', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [0], irqs: [{ spi: 41 }] })], schedule: [partition(0, 1000, [['rt', 0, 1000]])] });
    const b = irqLatencyBound(s, 0, 41);
    expect(b.windowGap!.lengthNs).toBe(0);
    expect(b.boundNs).toBe(RUN);
  });

  it('a gap that wraps around the frame end', () => {
    const g = longestGap(100, [
      { mine: true, start: 30, len: 10 },
      { mine: false, start: 50, len: 30 },
      { mine: true, start: 80, len: 5 },
    ]);
    // Gaps: 40..80 (40), 85..130 (45, wrapping).
    expect(g).toMatchObject({ startNs: 85, endNs: 130, lengthNs: 45, afterWindow: 2, beforeWindow: 0 });
  });
});

describe('IRQ latency bound: fixed priority (deferrable servers)', () => {
  // pCPU 0: hi (prio 10, B=2ms, T=5ms), rt (prio 5, B=1ms, T=10ms), lo (prio 1, B=3ms, T=20ms).
  const s = scenario({
    vms: [vm({ name: 'hi', pcpus: [0] }), vm({ name: 'rt', pcpus: [0], irqs: [{ spi: 42, latencyNs: 9_000_000 }] }), vm({ name: 'lo', pcpus: [0] })],
    schedule: [
      fixedPriority(0, [
        ['hi', 10, 2_000_000, 5_000_000],
        ['rt', 5, 1_000_000, 10_000_000],
        ['lo', 1, 3_000_000, 20_000_000],
      ]),
    ],
  });

  it('server RTA with jitter T_j − B_j for higher-priority servers', () => {
    // R = 1 + ⌈(R + 3)/5⌉·2 (ms): R0 = 3 → 1 + 2·2 = 5 → 1 + ⌈8/5⌉·2 = 5. R = 5 ms.
    const sched = s.schedule[0]!;
    if (sched.kind !== 'fixed-priority') throw new Error('fixture');
    expect(serverResponse(sched.entries, 1).responseNs).toBe(5_000_000n);
    // lo: R = 3 + ⌈(R+3)/5⌉·2 + ⌈(R+9)/10⌉·1 (ms): 6 → 3+4+2 = 9 → 3+6+2 = 11 → 3+6+2 = 11.
    expect(serverResponse(sched.entries, 2).responseNs).toBe(11_000_000n);
  });

  it('bound = (T − B) + (R − B) + switch + inject', () => {
    const b = irqLatencyBound(s, 1, 42);
    expect(b.mode).toBe('fixed-priority');
    expect(b.server).toEqual({ responseNs: 5_000_000, gapNs: 9_000_000 + 4_000_000 });
    expect(b.boundNs).toBe(13_000_000 + 1_000 + 50);
  });

  it('equal priorities: the earlier entry wins the tie', () => {
    const t = scenario({
      vms: [vm({ name: 'a', pcpus: [0], irqs: [{ spi: 50 }] }), vm({ name: 'b', pcpus: [0], irqs: [{ spi: 51 }] })],
      schedule: [fixedPriority(0, [['a', 3, 1_000, 4_000], ['b', 3, 1_000, 4_000]])],
    });
    // a: R = 1000, gap 3000. b: R = 1000 + ⌈(R + 3000)/4000⌉·1000: 2000 → 3000 → 3000,
    // gap 3000 + 2000 (a's budget can run back to back across its period boundary).
    expect(irqLatencyBound(t, 0, 50).server!.gapNs).toBe(3_000);
    expect(irqLatencyBound(t, 1, 51).server!.gapNs).toBe(5_000);
  });

  it('a server starved of its full budget still gets a first service: bounded latency', () => {
    const t = scenario({
      vms: [vm({ name: 'hog', pcpus: [0] }), vm({ name: 'rt', pcpus: [0], irqs: [{ spi: 52 }] })],
      schedule: [fixedPriority(0, [['hog', 9, 3_000, 4_000], ['rt', 1, 2_000, 4_000]])],
    });
    const b = irqLatencyBound(t, 1, 52);
    // rt never receives its 2000 in a period (R > T), but hog leaves a gap in every period.
    // W: 0 → 3000 → (⌊4000/4000⌋+1)·3000 = 6000 → (⌊7000/4000⌋+1)·3000 = 6000.
    expect(b.server).toEqual({ responseNs: null, gapNs: 2_000 + 6_000 });
    expect(b.boundNs).toBe(8_000 + 1_000 + 50);
  });

  it('higher-priority servers that can use the whole pCPU make the latency unbounded', () => {
    const t = scenario({
      vms: [vm({ name: 'hog', pcpus: [0] }), vm({ name: 'rt', pcpus: [0], irqs: [{ spi: 52 }] })],
      schedule: [fixedPriority(0, [['hog', 9, 4_000, 4_000], ['rt', 1, 2_000, 4_000]])],
    });
    const b = irqLatencyBound(t, 1, 52);
    expect(b.boundNs).toBeNull();
    expect(b.unboundedReason).toMatch(/hog\.vcpu0/);
  });
});

describe('per-VM IRQ latency summary', () => {
  it('compares each route with the tighter of its own and the VM requirement', () => {
    const s = scenario({
      vms: [vm({ name: 'rt', pcpus: [1], irqs: [{ spi: 40, latencyNs: 2_500 }, { spi: 41, latencyNs: 10_000 }, { spi: 42 }], irqNs: 2_200 })],
      schedule: [bind(1, 'rt')],
    });
    const r = vmIrqLatency(s, 0);
    expect(r.worstNs).toBe(RUN);
    expect(r.routes.map((x) => [x.requirementNs, x.requirementFrom, x.met])).toEqual([
      [2_200, 'vm', false],
      [2_200, 'vm', false],
      [2_200, 'vm', false],
    ]);
    expect(r.met).toBe(false);
    const relaxed = scenario({
      vms: [vm({ name: 'rt', pcpus: [1], irqs: [{ spi: 40, latencyNs: 2_300 }, { spi: 41 }], irqNs: 5_000 })],
      schedule: [bind(1, 'rt')],
    });
    const q = vmIrqLatency(relaxed, 0);
    expect(q.routes.map((x) => [x.requirementNs, x.requirementFrom, x.met])).toEqual([
      [2_300, 'route', true],
      [5_000, 'vm', true],
    ]);
    expect(q.met).toBe(true);
  });
});
