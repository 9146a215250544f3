// fast-check arbitraries of hypervisor events for one scenario: adversarial guests and
// devices. Guests touch their own memory, its edges (±1 page, end, end−1), other VMs'
// addresses and anywhere in the 64-bit space; devices DMA to their owner's IOVAs, to any
// declared physical segment (others' RAM, channels, the hypervisor, MMIO) and to arbitrary
// addresses; hypercalls name foreign memory; interrupts storm; faults, lifecycle and
// reassignment interleave. Small arbitraries composed into one weighted `oneof`, so
// fast-check shrinks a failing trace to the few events that matter.

import fc from 'fast-check';
import type { Event, EventKind } from '../hv/events.js';
import type { State } from '../hv/state.js';
import type { Topology } from '../hv/topology.js';

const PAGE = 4096n;
const U64 = (1n << 64n) - 1n;

/** Relative weights of event kinds in a default trace (a property's `stimulus` overrides them). */
export const DEFAULT_WEIGHTS: Readonly<Record<EventKind, number>> = {
  read: 4,
  write: 4,
  dma: 3,
  irq: 2,
  'irq-storm': 0.5,
  sgi: 1.5,
  advance: 4,
  wake: 1,
  'hvc-map': 1.5,
  'hvc-unmap': 0.5,
  'hvc-notify': 1,
  'hvc-yield': 1.5,
  'hvc-dvfs': 0.3,
  'hvc-watchdog': 1.5,
  fault: 1,
  'vm-start': 0.5,
  'vm-stop': 0.4,
  'vm-restart': 0.5,
  reassign: 0.5,
  'pcpu-offline': 0.2,
  'pcpu-online': 0.2,
};

function uniq(xs: bigint[]): bigint[] {
  return [...new Set(xs)].filter((x) => x >= 0n && x <= U64).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

/** Addresses at and around the edges of ranges: start, start−1, start−page, end−1, end, end+page. */
function edges(rs: readonly Range[], align: bigint): bigint[] {
  const out: bigint[] = [];
  for (const r of rs) {
    out.push(r.start, r.start - align, r.start - PAGE, r.end - align, r.end, r.end + PAGE - align, r.end - PAGE);
  }
  return uniq(out.map((x) => (x < 0n ? 0n : x - (x % align))));
}

function inside(rs: readonly Range[], align: bigint): fc.Arbitrary<bigint> | undefined {
  const ok = rs.filter((r) => r.end > r.start);
  if (ok.length === 0) return undefined;
  return fc.integer({ min: 0, max: ok.length - 1 }).chain((i) => {
    const r = ok[i]!;
    return fc.bigInt(0n, (r.end - r.start - 1n) / align).map((k) => r.start + k * align);
  });
}

function vmIdxOf(nvm: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: Math.max(0, nvm - 1) });
}

function weighted<T>(items: [number, fc.Arbitrary<T> | undefined][]): fc.Arbitrary<T> {
  const present = items.filter((x): x is [number, fc.Arbitrary<T>] => x[1] !== undefined && x[0] > 0);
  return fc.oneof(...present.map(([w, arbitrary]) => ({ weight: Math.max(1, Math.round(w * 10)), arbitrary })));
}

const anyU64 = fc.bigInt(0n, U64);

export interface EventSpace {
  readonly topo: Topology;
  readonly event: fc.Arbitrary<Event>;
  readonly trace: fc.Arbitrary<Event[]>;
}

/**
 * The event arbitrary for a booted system. `weights` replaces the default weight of the
 * kinds it names; `maxSteps` bounds trace length.
 */
export function eventSpace(s0: State, weights: Partial<Record<EventKind, number>> = {}, maxSteps = 40): EventSpace {
  const topo = s0.topo;
  const sc = topo.scenario;
  const nvm = sc.vms.length;
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  const flat = topo.vcpuVm.length;

  // Every physical range worth aiming at: segments (RAM, channels, MMIO, hypervisor, banks).
  const segs: Range[] = topo.segments.map((s) => ({ start: s.start, end: s.end }));
  for (const r of [...sc.soc.ram, ...sc.soc.hypervisorMemory]) segs.push({ start: r.base, end: r.base + r.size });
  const paEdges = edges(segs, PAGE);
  const paAny: fc.Arbitrary<bigint> = weighted([
    [3, paEdges.length > 0 ? fc.constantFrom(...paEdges) : undefined],
    [3, inside(segs, PAGE)],
    [1, anyU64.map((x) => x - (x % PAGE))],
  ]);

  // Per VM: its own stage-2 windows at boot (memory, channels, devices), and everyone's.
  const windows = s0.vms.map((v) => v.stage2.map((e) => ({ start: e.ipa, end: e.end })));
  const allWindows = windows.flat();
  const ipaArb = windows.map((own, v) => {
    const ownEdges = edges(own, 4n);
    const foreignEdges = edges(allWindows, 4n);
    // A few hot pages, so reads meet earlier writes (scrub, overlaps, channels): the first
    // two pages of each private mapping, the first page of every other window.
    const priv = s0.vms[v]!.stage2.filter((e) => e.origin.kind === 'memory');
    const hotPrivate = uniq(priv.flatMap((e) => [e.ipa, e.ipa + PAGE].filter((x) => x < e.end)));
    const hotAll = uniq(own.map((r) => r.start));
    return weighted<bigint>([
      [3, inside(own, 4n)],
      [3, hotPrivate.length > 0 ? fc.constantFrom(...hotPrivate) : undefined],
      [1, hotAll.length > 0 ? fc.constantFrom(...hotAll) : undefined],
      [2, ownEdges.length > 0 ? fc.constantFrom(...ownEdges) : undefined],
      [1, foreignEdges.length > 0 ? fc.constantFrom(...foreignEdges) : undefined],
      [1, anyU64.map((x) => x & ~3n)],
    ]);
  });

  // The VM first, then one of its vCPUs: every VM acts as often as any other, whatever its
  // vCPU count, so a one-vCPU standby beside an eight-vCPU Linux is still written, faulted and
  // restarted often enough for its boundaries to be tested.
  const vcpu =
    nvm === 0 || flat === 0
      ? fc.integer({ min: 0, max: Math.max(0, flat - 1) }).map((f) => ({ vm: topo.vcpuVm[f]!, vcpu: topo.vcpuLocal[f]! }))
      : fc.integer({ min: 0, max: nvm - 1 }).chain((vm) => {
          const n = sc.vms[vm]!.vcpus.length;
          return n === 0 ? fc.integer({ min: 0, max: flat - 1 }).map((f) => ({ vm: topo.vcpuVm[f]!, vcpu: topo.vcpuLocal[f]! })) : fc.integer({ min: 0, max: n - 1 }).map((k) => ({ vm, vcpu: k }));
        });
  const value = fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 0xffff_ffff }));
  const withIpa = (op: 'read' | 'write'): fc.Arbitrary<Event> =>
    vcpu.chain((c) =>
      op === 'read'
        ? ipaArb[c.vm]!.map((ipa): Event => ({ kind: 'read', ...c, ipa }))
        : fc.tuple(ipaArb[c.vm]!, value).map(([ipa, v]): Event => ({ kind: 'write', ...c, ipa, value: v })),
    );

  const devices = sc.soc.devices;
  const dmaDevices = devices.flatMap((d, i) => (d.dma ? [i] : []));
  const dma: fc.Arbitrary<Event> | undefined =
    dmaDevices.length === 0
      ? undefined
      : weighted<number>([
          [4, dmaDevices.some((d) => topo.initialOwner[d]! >= 0) ? fc.constantFrom(...dmaDevices.filter((d) => topo.initialOwner[d]! >= 0)) : undefined],
          [1, fc.constantFrom(...dmaDevices)],
        ]).chain((device) => {
          const dev = devices[device]!;
          const owner = topo.initialOwner[device]!;
          const own = owner >= 0 ? windows[owner]! : [];
          const ownEdges = edges(own, PAGE);
          const max = dev.dmaMaxBytes > 0n ? (dev.dmaMaxBytes < 3n * PAGE ? dev.dmaMaxBytes : 3n * PAGE) : PAGE;
          const addr = weighted<bigint>([
            [4, inside(own, PAGE)],
            [2, ownEdges.length > 0 ? fc.constantFrom(...ownEdges) : undefined],
            [3, paAny],
          ]);
          return fc
            .record({
              stream: fc.integer({ min: 0, max: dev.streamIds.length }),
              addr,
              length: fc.oneof(fc.constant(PAGE < max ? PAGE : max), fc.bigInt(1n, max)),
              dir: fc.constantFrom('write' as const, 'read' as const),
              value,
            })
            .map((r): Event => ({ kind: 'dma', device, ...r }));
        });

  const spis = [...topo.spiDevice.keys()];
  const routedSpis = [...new Set(sc.vms.flatMap((v) => v.irqs.map((r) => r.spi)))];
  const irq: fc.Arbitrary<Event> | undefined =
    spis.length + routedSpis.length === 0 ? undefined : fc.constantFrom(...new Set([...spis, ...routedSpis])).map((spi): Event => ({ kind: 'irq', spi }));
  const irqDevices = devices.flatMap((d, i) => (d.irqs.length > 0 ? [i] : []));
  const storm: fc.Arbitrary<Event> | undefined =
    irqDevices.length === 0
      ? undefined
      : fc.record({ device: fc.constantFrom(...irqDevices), count: fc.integer({ min: 1, max: 600 }) }).map((r): Event => ({ kind: 'irq-storm', ...r }));

  const [sgiLo, sgiHi] = sc.soc.gic.sgi;
  const doorbellSgis = [...new Set(sc.channels.flatMap((c) => (c.doorbell ? [c.doorbell.sgi] : [])))].filter((x) => x >= 0 && x <= 15);
  const sgiNum = weighted<number>([
    [2, doorbellSgis.length > 0 ? fc.constantFrom(...doorbellSgis) : undefined],
    [1, fc.integer({ min: Math.max(0, sgiLo), max: Math.min(15, Math.max(sgiLo, sgiHi)) })],
  ]);
  const sgi = fc.tuple(vcpu, vcpu, sgiNum).map(([a, b, n]): Event => ({ kind: 'sgi', ...a, sgi: n, toVm: b.vm, toVcpu: b.vcpu }));

  const advance = fc
    .oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 50_000 }) },
      { weight: 3, arbitrary: fc.integer({ min: 50_000, max: 2_000_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 2_000_000, max: 25_000_000 }) },
    )
    .map((ns): Event => ({ kind: 'advance', ns }));

  const mapPa = (vm: number): fc.Arbitrary<bigint> => {
    const own = sc.vms[vm]!.memory.map((m) => ({ start: m.pa, end: m.pa + m.size }));
    return weighted<bigint>([
      [4, inside(own, PAGE)],
      [2, own.length > 0 ? fc.constantFrom(...edges(own, PAGE)) : undefined],
      [3, paAny],
    ]);
  };
  const hvcMap = vcpu.chain((c) =>
    fc
      .record({
        ipa: weighted<bigint>([
          [2, fc.bigInt(0n, (1n << 40n) / PAGE).map((k) => k * PAGE)],
          [1, ipaArb[c.vm]!.map((x) => x - (x % PAGE))],
        ]),
        pa: mapPa(c.vm),
        size: fc.bigInt(1n, 4n).map((k) => k * PAGE),
        perms: fc.record({ r: fc.boolean(), w: fc.boolean(), x: fc.boolean() }),
      })
      .map((r): Event => ({ kind: 'hvc-map', ...c, ...r })),
  );
  const hvcUnmap = vcpu.chain((c) => {
    const es = s0.vms[c.vm]!.stage2;
    return es.length === 0 ? fc.constant<Event>({ kind: 'hvc-yield', ...c }) : fc.constantFrom(...es).map((e): Event => ({ kind: 'hvc-unmap', ...c, ipa: e.ipa, size: e.end - e.ipa }));
  });
  const notify =
    sc.channels.length === 0 ? undefined : fc.tuple(vcpu, fc.integer({ min: 0, max: sc.channels.length - 1 })).map(([c, channel]): Event => ({ kind: 'hvc-notify', ...c, channel }));
  const opps = [...new Set(sc.soc.clusters.flatMap((c) => c.opps.map((o) => o.khz)))];
  const dvfs = opps.length === 0 ? undefined : fc.tuple(vcpu, fc.constantFrom(...opps)).map(([c, khz]): Event => ({ kind: 'hvc-dvfs', ...c, khz }));
  // A VM that a fault leaves failed (notify policy) keeps its memory until a vm-start, which
  // must scrub it: faults and starts aim at such VMs as often as at all the others together,
  // or a trace almost never holds write → fault → vm-start of the one VM where it matters.
  const haltable = sc.vms.flatMap((v, i) => (v.health.onFault === 'notify' ? [i] : []));
  const aimed = haltable.length > 0 && haltable.length < nvm;
  const haltableVcpus = haltable.flatMap((v) => sc.vms[v]!.vcpus.map((_, k) => ({ vm: v, vcpu: k })));
  const faultVcpu = aimed && haltableVcpus.length > 0 ? weighted([[1, vcpu], [1, fc.constantFrom(...haltableVcpus)]]) : vcpu;
  const startVm = aimed ? weighted([[1, vmIdxOf(nvm)], [1, fc.constantFrom(...haltable)]]) : vmIdxOf(nvm);
  const fault = faultVcpu.chain((c) =>
    fc.tuple(fc.constantFrom('crash' as const, 'runaway' as const, 'illegal-access' as const), ipaArb[c.vm]!).map(([f, ipa]): Event => ({ kind: 'fault', ...c, fault: f, ipa })),
  );
  const vmIdx = fc.integer({ min: 0, max: Math.max(0, nvm - 1) });
  // Reassignment may name any device, as step accepts any: one no VM was given at boot, one
  // the hypervisor keeps or one no SMMU confines (the last two are refused, and must stay so).
  const movable = devices.map((_, i) => i);
  const reassign =
    movable.length === 0 || nvm === 0
      ? undefined
      : fc.record({ device: fc.constantFrom(...movable), to: vmIdx }).map((r): Event => ({ kind: 'reassign', ...r }));
  const npcpu = sc.soc.cpus.length;
  const pcpu = fc.integer({ min: 0, max: Math.max(0, npcpu - 1) });

  const byKind: Record<EventKind, fc.Arbitrary<Event> | undefined> = {
    read: flat > 0 ? withIpa('read') : undefined,
    write: flat > 0 ? withIpa('write') : undefined,
    dma,
    irq,
    'irq-storm': storm,
    sgi: flat > 0 ? sgi : undefined,
    advance,
    wake: flat > 0 ? vcpu.map((c): Event => ({ kind: 'wake', ...c })) : undefined,
    'hvc-map': flat > 0 ? hvcMap : undefined,
    'hvc-unmap': flat > 0 ? hvcUnmap : undefined,
    'hvc-notify': flat > 0 ? notify : undefined,
    'hvc-yield': flat > 0 ? vcpu.map((c): Event => ({ kind: 'hvc-yield', ...c })) : undefined,
    'hvc-dvfs': flat > 0 ? dvfs : undefined,
    'hvc-watchdog': flat > 0 ? vcpu.map((c): Event => ({ kind: 'hvc-watchdog', ...c })) : undefined,
    fault: flat > 0 ? fault : undefined,
    'vm-start': nvm > 0 ? startVm.map((vm): Event => ({ kind: 'vm-start', vm })) : undefined,
    'vm-stop': nvm > 0 ? vmIdx.map((vm): Event => ({ kind: 'vm-stop', vm })) : undefined,
    'vm-restart': nvm > 0 ? vmIdx.map((vm): Event => ({ kind: 'vm-restart', vm })) : undefined,
    reassign,
    'pcpu-offline': npcpu > 0 ? pcpu.map((p): Event => ({ kind: 'pcpu-offline', pcpu: p })) : undefined,
    'pcpu-online': npcpu > 0 ? pcpu.map((p): Event => ({ kind: 'pcpu-online', pcpu: p })) : undefined,
  };
  const event = weighted<Event>((Object.keys(byKind) as EventKind[]).map((k) => [w[k] ?? 0, byKind[k]]));
  const trace = fc.array(event, { minLength: 1, maxLength: Math.max(1, maxSteps), size: 'max' });
  return { topo, event, trace };
}
