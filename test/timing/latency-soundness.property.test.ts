// Soundness of the interrupt-latency bound against the executable model: whatever arrives
// when (interrupts at arbitrary times, storms, other VMs yielding, waking, faulting and
// restarting, SGIs, hypercalls that open non-preemptible sections, pCPUs going offline), no
// delivered virtual interrupt of a declared route takes longer than irqLatencyBound.
// Fixed seeds; a failure prints fast-check's { seed, path } replay token and the late
// delivery. The same search with the bound shrunk by 1 ns must fail: the traces reach it.

import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/config/types.js';
import { loadScenario } from '../../src/config/load.js';
import { boot } from '../../src/hv/boot.js';
import type { Event } from '../../src/hv/events.js';
import { eventSpace } from '../../src/pbt/arbitraries.js';
import { irqLatencyBound } from '../../src/timing/irq-latency.js';
import { irqLatencyWitness } from '../../src/timing/witness.js';
import { firstLate, timingScenarioArb } from './latency-model.js';

// Interference-heavy: interrupts and time dominate, the rest is other VMs' activity.
const WEIGHTS = {
  irq: 8,
  'irq-storm': 1.5,
  advance: 8,
  wake: 3,
  'hvc-yield': 3,
  'hvc-watchdog': 2,
  'hvc-notify': 1,
  sgi: 2,
  fault: 1.5,
  'vm-restart': 1,
  'vm-stop': 0.5,
  'vm-start': 0.5,
  'pcpu-offline': 0.3,
  'pcpu-online': 0.3,
  read: 0.5,
  write: 0.5,
  dma: 0.3,
} as const;

function boundsOf(s: Scenario, shrink: number): (vm: number, spi: number) => number | null {
  const memo = new Map<string, number | null>();
  return (vm, spi) => {
    const k = `${vm}:${spi}`;
    if (!memo.has(k)) {
      const b = irqLatencyBound(s, vm, spi).boundNs;
      memo.set(k, b === null ? null : b - shrink);
    }
    return memo.get(k)!;
  };
}

/** A trace: optionally a route's worst-case witness first (the worst arrival time), then random events. */
function traceArb(s: Scenario, maxSteps: number): fc.Arbitrary<Event[]> {
  const s0 = boot(s);
  const witnesses = s.vms.flatMap((v, i) => v.irqs.map((r) => irqLatencyWitness(s, i, r.spi)?.events ?? []));
  const prefix = witnesses.length > 0 ? fc.oneof(fc.constant([] as readonly Event[]), fc.constantFrom(...witnesses)) : fc.constant([] as readonly Event[]);
  return fc.tuple(prefix, eventSpace(s0, WEIGHTS, maxSteps).trace).map(([w, rest]) => [...w, ...rest]);
}

const generated = (shrink: number) =>
  fc.property(
    timingScenarioArb.chain(({ scenario }) => fc.tuple(fc.constant(scenario), traceArb(scenario, 40))),
    ([scenario, events]) => {
      const late = firstLate(boot(scenario), events, boundsOf(scenario, shrink));
      if (late !== undefined) throw new Error(`late delivery: ${JSON.stringify(late)} under ${JSON.stringify(scenario.schedule.map((x) => x.kind))}`);
    },
  );

const EXAMPLES = [
  ...readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`),
  'models/breaches/industrial-gateway-latency.yaml',
];

describe('the interrupt-latency bound is sound on the model', () => {
  it('small scenarios in every scheduling mode (property, seed 5)', () => {
    fc.assert(generated(0), { seed: 5, numRuns: 250 });
  });

  for (const f of EXAMPLES) {
    it(`${f} (property, seed 7)`, () => {
      const loaded = loadScenario(f);
      if (!loaded.ok) throw new Error(`cannot load ${f}`);
      const s = loaded.value;
      const s0 = boot(s);
      const bounds = boundsOf(s, 0);
      fc.assert(
        fc.property(traceArb(s, 60), (events) => {
          const late = firstLate(s0, events, bounds);
          if (late !== undefined) throw new Error(`late delivery: ${JSON.stringify(late)}`);
        }),
        { seed: 7, numRuns: 60 },
      );
    });
  }
});

describe('the soundness test has teeth', () => {
  it('the same search catches a bound 1 ns too small', () => {
    const r = fc.check(generated(1), { seed: 5, numRuns: 250 });
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/late delivery/);
  });
});
