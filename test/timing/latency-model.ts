// Shared by the latency soundness and tightness tests: small scenarios in every scheduling
// mode, and a judge that runs a trace on the model and compares each delivered virtual
// interrupt with a bound.

import fc from 'fast-check';
import type { CostModel, PcpuSchedule, Scenario } from '../../src/config/types.js';
import { boot } from '../../src/hv/boot.js';
import type { Event } from '../../src/hv/events.js';
import type { State } from '../../src/hv/state.js';
import { step } from '../../src/hv/step.js';
import { buildScenario } from '../../src/pbt/scenario-arb.js';

export type Mode = 'bind' | 'time-partition' | 'fixed-priority';

export interface Late {
  readonly vm: number;
  readonly spi: number;
  readonly observedNs: number;
  readonly boundNs: number;
  readonly at: number;
}

/**
 * Run `events` from `s0`; the first delivery of a declared SPI route whose latency exceeds
 * `boundOf(vm, spi)` (null: no bound claimed). Deliveries whose target pCPU was offline at
 * any time since the assertion are not judged: management took the CPU away.
 */
export function firstLate(s0: State, events: readonly Event[], boundOf: (vm: number, spi: number) => number | null): Late | undefined {
  const { topo } = s0;
  const sc = topo.scenario;
  const onlineAgain = new Map<number, number>();
  let s = s0;
  for (const e of events) {
    const r = step(s, e);
    for (const o of r.observations) if (o.kind === 'pcpu' && o.online) onlineAgain.set(o.pcpu, o.at);
    for (const o of r.observations) {
      if (o.kind !== 'virq' || o.source !== 'spi') continue;
      const route = sc.vms[o.vm]!.irqs.find((x) => x.spi === o.intid);
      if (route === undefined || route.vcpu !== o.vcpu) continue;
      const p = topo.vcpuPcpu[topo.vcpuBase[o.vm]! + o.vcpu]!;
      if (p < 0 || !r.state.pcpus[p]!.online || !s.pcpus[p]!.online || (onlineAgain.get(p) ?? -1) > o.assertedAt) continue;
      const b = boundOf(o.vm, o.intid);
      const lat = o.deliveredAt - o.assertedAt;
      if (b !== null && lat > b) return { vm: o.vm, spi: o.intid, observedNs: lat, boundNs: b, at: o.assertedAt };
    }
    s = r.state;
  }
  return undefined;
}

/** Observed latency of the first delivery of (vm, spi) along `events` from boot, or null. */
export function observedLatency(scenario: Scenario, events: readonly Event[], vm: number, spi: number): number | null {
  let s = boot(scenario);
  for (const e of events) {
    const r = step(s, e);
    for (const o of r.observations) if (o.kind === 'virq' && o.source === 'spi' && o.vm === vm && o.intid === spi) return o.deliveredAt - o.assertedAt;
    s = r.state;
  }
  return null;
}

const costsArb: fc.Arbitrary<Omit<CostModel, 'at'>> = fc.record({
  trapEntryNs: fc.integer({ min: 0, max: 600 }),
  trapExitNs: fc.integer({ min: 0, max: 600 }),
  irqInjectNs: fc.integer({ min: 0, max: 1_500 }),
  contextSwitchNs: fc.integer({ min: 0, max: 4_000 }),
  maxNonPreemptibleNs: fc.integer({ min: 0, max: 8_000 }),
  directInjectNs: fc.integer({ min: 0, max: 300 }),
  cacheInterference: fc.constantFrom({ num: 1n, den: 1n }, { num: 3n, den: 2n }, { num: 7n, den: 3n }),
});

/** Windows tiling a frame: consecutive slots, each owned by a VM or left idle (-1); lengths times `scale`. */
const windowsArb = (n: number, scale = 1): fc.Arbitrary<{ frame: number; slots: [owner: number, len: number][] }> =>
  fc
    .array(fc.tuple(fc.integer({ min: -1, max: n - 1 }), fc.integer({ min: 500, max: 40_000 }).map((l) => l * scale)), { minLength: 1, maxLength: 6 })
    .map((slots) => ({ frame: slots.reduce((a, [, l]) => a + l, 0), slots }));

const serversArb = (n: number, scale = 1): fc.Arbitrary<{ priority: number; budget: number; period: number }[]> =>
  fc.array(
    fc
      .record({ priority: fc.integer({ min: 1, max: 3 }), period: fc.integer({ min: 2_000, max: 120_000 }).map((p) => p * scale), share: fc.integer({ min: 1, max: 100 }) })
      .map((x) => ({ priority: x.priority, period: x.period, budget: Math.max(1, Math.floor((x.period * x.share) / 100)) })),
    { minLength: n, maxLength: n },
  );

interface Shape {
  readonly vms: number;
  readonly mode: Mode;
  readonly costs: Omit<CostModel, 'at'>;
  readonly direct: boolean;
  readonly uncolored: readonly boolean[];
}

interface Health {
  /** Watchdog period of each VM (undefined: none). */
  readonly watchdogs: readonly (number | undefined)[];
  readonly onFault: 'restart' | 'stop' | 'notify';
  /** Which VMs get a second vCPU bound to a pCPU of its own (shared modes only). */
  readonly spare: readonly boolean[];
}

function assemble(r: Shape, h: Health, windows: { frame: number; slots: [number, number][] }, servers: { priority: number; budget: number; period: number }[]): Scenario {
  const base = buildScenario({ vms: r.vms, crit: ['ASIL-D', 'QM', 'ASIL-B'], ramMiB: [4, 4, 4], channelPages: 1 });
  const at = base.at;
  const shared = r.mode !== 'bind';
  // A second vCPU on pCPU i + 1 is resident all the time, so it can kick the VM's watchdog
  // while vCPU 0 waits for the shared pCPU 0.
  const spare = (i: number): boolean => shared && h.spare[i] === true;
  const vms = base.vms.map((v, i) => ({
    ...v,
    vcpus: [{ ...v.vcpus[0]!, pcpu: shared ? 0 : i }, ...(spare(i) ? [{ ...v.vcpus[0]!, id: 1, pcpu: i + 1 }] : [])],
    cacheColors: r.uncolored[i] ? [] : v.cacheColors,
    health: { ...v.health, watchdogNs: h.watchdogs[i], onFault: h.onFault },
  }));
  const spares: PcpuSchedule[] = vms.flatMap((v, i) => (spare(i) ? [{ kind: 'bind' as const, pcpu: i + 1, vcpu: { vm: v.name, vcpu: 1 }, at }] : []));
  let schedule: PcpuSchedule[];
  if (r.mode === 'bind') schedule = [...base.schedule];
  else if (r.mode === 'time-partition') {
    let t = 0;
    const ws = [];
    for (const [owner, len] of windows.slots) {
      if (owner >= 0) ws.push({ vcpu: { vm: vms[owner]!.name, vcpu: 0 }, startNs: t, lengthNs: len, at });
      t += len;
    }
    schedule = [{ kind: 'time-partition', pcpu: 0, majorFrameNs: windows.frame, windows: ws, at }, ...spares];
  } else {
    schedule = [
      {
        kind: 'fixed-priority',
        pcpu: 0,
        entries: servers.map((x, i) => ({ vcpu: { vm: vms[i]!.name, vcpu: 0 }, priority: x.priority, budgetNs: x.budget, periodNs: x.period, at })),
        at,
      },
      ...spares,
    ];
  }
  return {
    ...base,
    vms,
    schedule,
    soc: { ...base.soc, costs: { ...r.costs, at }, gic: { ...base.soc.gic, directInjection: r.direct } },
  };
}

const shapeArb = {
  vms: fc.integer({ min: 2, max: 3 }),
  mode: fc.constantFrom<Mode>('bind', 'time-partition', 'fixed-priority'),
  costs: costsArb,
  direct: fc.boolean(),
  uncolored: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
};

/**
 * Small scenarios (2–3 VMs, one SPI each, watchdogs and storm limits as generated) whose
 * pCPU 0 is shared by every VM's vCPU under a time partition or fixed-priority servers, or
 * where each VM is bound to its own pCPU; random costs, direct injection, and cache
 * interference (some VMs uncolored).
 */
export const timingScenarioArb: fc.Arbitrary<{ scenario: Scenario; mode: Mode }> = fc
  .record({ ...shapeArb, watchdog: fc.constantFrom<number | undefined>(undefined, 1_000_000, 3_000_000) })
  .chain((r) =>
    fc.record({ windows: windowsArb(r.vms), servers: serversArb(r.vms) }).map(({ windows, servers }) => ({
      scenario: assemble(r, { watchdogs: [r.watchdog, r.watchdog, r.watchdog], onFault: 'restart', spare: [] }, windows, servers),
      mode: r.mode,
    })),
  );

/**
 * The same shapes with windows and server periods 25 times longer (12.5 µs to 1 ms slots,
 * frames and periods up to a few ms), so a worst-case witness runs for several watchdog
 * periods: each VM has its own watchdog (none, 1 ms or 3 ms), a health action, and maybe a
 * second vCPU on a pCPU of its own that can kick it while vCPU 0 is descheduled.
 */
export const watchedScenarioArb: fc.Arbitrary<{ scenario: Scenario; mode: Mode }> = fc
  .record({
    ...shapeArb,
    watchdogs: fc.array(fc.constantFrom<number | undefined>(undefined, 1_000_000, 1_000_000, 3_000_000), { minLength: 3, maxLength: 3 }),
    onFault: fc.constantFrom<Health['onFault']>('restart', 'restart', 'stop', 'notify'),
    spare: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  })
  .chain((r) =>
    fc.record({ windows: windowsArb(r.vms, 25), servers: serversArb(r.vms, 25) }).map(({ windows, servers }) => ({
      scenario: assemble(r, r, windows, servers),
      mode: r.mode,
    })),
  );
