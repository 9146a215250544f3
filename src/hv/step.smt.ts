// step(s, e) over the symbolic state (step.ts), one event kind at a time: the event's fields
// are constants, the kind is fixed. Kinds that leave the encoded components alone
// (scheduling, DVFS, watchdog kicks, pCPU hotplug) are the identity: a frame condition,
// proved like every other step.

import { match } from 'ts-pattern';
import type { Event, EventKind } from './events.js';
import { assertSpi, notifyChannel, sendSgi, type Delivery } from './gic.smt.js';
import { onFaultAt } from './health.smt.js';
import { restartVm, reassign, startVm, stopVm } from './lifecycle.smt.js';
import { store } from './memory.smt.js';
import { dma } from './smmu.smt.js';
import { accessGuard, hvcMap, hvcUnmap } from './stage2.smt.js';
import {
  and,
  bool,
  bv,
  eq,
  FALSE,
  fitsBv,
  implies,
  int,
  le,
  lt,
  not,
  or,
  range,
  RUNNING,
  select,
  type Ctx,
  type Smt,
  type Sort,
  type SymState,
  type Term,
} from './state.smt.js';

/** The fields of each event kind as SMT constants (sorts), in a fixed order. */
export const EVENT_FIELDS: { readonly [K in EventKind]: readonly (readonly [string, Sort])[] } = {
  read: [['vm', 'I32'], ['vcpu', 'I32'], ['ipa', 'BV64']],
  write: [['vm', 'I32'], ['vcpu', 'I32'], ['ipa', 'BV64'], ['value', 'I32']],
  dma: [['device', 'I32'], ['stream', 'I32'], ['addr', 'BV64'], ['length', 'BV64'], ['write', 'Bool'], ['value', 'I32']],
  irq: [['spi', 'I32']],
  'irq-storm': [['device', 'I32'], ['count', 'I32']],
  sgi: [['vm', 'I32'], ['vcpu', 'I32'], ['sgi', 'I32'], ['toVm', 'I32'], ['toVcpu', 'I32']],
  advance: [['ns', 'I32']],
  wake: [['vm', 'I32'], ['vcpu', 'I32']],
  'hvc-map': [['vm', 'I32'], ['vcpu', 'I32'], ['ipa', 'BV64'], ['pa', 'BV64'], ['size', 'BV64'], ['r', 'Bool'], ['w', 'Bool'], ['x', 'Bool']],
  'hvc-unmap': [['vm', 'I32'], ['vcpu', 'I32'], ['ipa', 'BV64'], ['size', 'BV64']],
  'hvc-notify': [['vm', 'I32'], ['vcpu', 'I32'], ['channel', 'I32']],
  'hvc-yield': [['vm', 'I32'], ['vcpu', 'I32']],
  'hvc-dvfs': [['vm', 'I32'], ['vcpu', 'I32'], ['khz', 'I32']],
  'hvc-watchdog': [['vm', 'I32'], ['vcpu', 'I32']],
  fault: [['vm', 'I32'], ['vcpu', 'I32'], ['fault', 'I32'], ['ipa', 'BV64']],
  'vm-start': [['vm', 'I32']],
  'vm-stop': [['vm', 'I32']],
  'vm-restart': [['vm', 'I32']],
  reassign: [['device', 'I32'], ['to', 'I32']],
  'pcpu-offline': [['pcpu', 'I32']],
  'pcpu-online': [['pcpu', 'I32']],
};

export const FAULT_CODE = { crash: 0, runaway: 1, 'illegal-access': 2 } as const;

export interface SymEvent {
  readonly kind: EventKind;
  readonly f: Readonly<Record<string, Term>>;
}

export function declareEvent(b: Smt, kind: EventKind, prefix: string): SymEvent {
  const f: Record<string, Term> = {};
  for (const [name, sort] of EVENT_FIELDS[kind]) f[name] = b.declare(`${prefix}_${name}`, sort);
  return { kind, f };
}

/** A concrete event's fields as literals; undefined when a field does not fit its sort. */
export function eventLiterals(e: Event): Record<string, Term> | undefined {
  const out: Record<string, Term> = {};
  const rec = e as unknown as Record<string, unknown>;
  for (const [name, sort] of EVENT_FIELDS[e.kind]) {
    let v: unknown = rec[name];
    if (e.kind === 'hvc-map' && (name === 'r' || name === 'w' || name === 'x')) v = e.perms[name];
    if (e.kind === 'dma' && name === 'write') v = e.dir === 'write';
    if (e.kind === 'fault' && name === 'fault') v = FAULT_CODE[e.fault];
    if (sort === 'Bool') out[name] = bool(v === true);
    else if (sort === 'BV64') {
      if (typeof v !== 'bigint' || !fitsBv(v)) return undefined;
      out[name] = bv(v);
    } else {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return undefined;
      out[name] = int(v);
    }
  }
  return out;
}

export interface SymStep {
  readonly state: SymState;
  /** Per VM: an interrupt injected into it (or made pending) by this step. */
  readonly rx: readonly Term[];
  /** The VM whose action the event is (its owner's, for a device), -1 for the system's. */
  readonly actor: Term;
}

const vmOk = (ctx: Ctx, vm: Term): Term => and(le(int(0), vm), lt(vm, int(ctx.L.vms)));

function vcpuOk(ctx: Ctx, vm: Term, vcpu: Term): Term {
  return or(...ctx.L.topo.scenario.vms.map((c, v) => and(eq(vm, int(v)), le(int(0), vcpu), lt(vcpu, int(c.vcpus.length)))));
}

function guestOk(ctx: Ctx, s: SymState, vm: Term, vcpu: Term): Term {
  return and(vcpuOk(ctx, vm, vcpu), eq(select(vm, s.status, int(-1)), RUNNING));
}

/**
 * A hypercall: a guest action that only the vCPU resident on its pCPU can make, and a
 * runaway one cannot. Neither the runaway flag nor the schedule is encoded: both are
 * oracles, so every proof covers a hypercall accepted or refused at any moment.
 */
function hypercallOk(ctx: Ctx, s: SymState, vm: Term, vcpu: Term): Term {
  const runaway = ctx.oracle('runaway', 'Bool', vm);
  const resident = ctx.oracle('resident', 'Bool', vm);
  return and(guestOk(ctx, s, vm, vcpu), not(runaway), resident);
}

const deviceOk = (ctx: Ctx, d: Term): Term => and(le(int(0), d), lt(d, int(ctx.L.devices)));

const quiet = (ctx: Ctx): Term[] => range(ctx.L.vms).map(() => FALSE);

/** A guest load or store through stage-2; a fault goes to the health monitor. */
function access(ctx: Ctx, s: SymState, e: SymEvent, op: 'read' | 'write'): SymState {
  const { vm, vcpu, ipa } = e.f as Record<'vm' | 'vcpu' | 'ipa', Term>;
  const go = guestOk(ctx, s, vm, vcpu);
  const ok = ctx.oracle('access_ok', 'Bool', vm);
  const pa = ctx.oracle('access_pa', 'BV64', vm);
  ctx.guard(implies(go, accessGuard(ctx.L, s, vm, ipa, op, ok, pa)));
  const stored = op === 'write' ? store(ctx, s, and(go, ok), pa, e.f.value!, vm, select(vm, s.gen, int(0))) : s;
  return onFaultAt(ctx, stored, vm, 'stage2-fault', and(go, not(ok)));
}

/** Watchdogs firing while time advances: how often each VM's fires is an oracle (timers are not encoded). */
function watchdogs(ctx: Ctx, s: SymState): SymState {
  let t = s;
  ctx.L.topo.scenario.vms.forEach((cfg, v) => {
    const n = ctx.oracle(`watchdog_${v}`, 'I32', int(v));
    const armed = cfg.health.watchdogNs !== undefined;
    // At most 2^16 expiries per advance: stated in the bound (transitions.ts boundText).
    ctx.guard(and(le(int(0), n), le(n, int(1 << 16))));
    ctx.guard(implies(lt(int(0), n), and(armed ? 'true' : FALSE, eq(s.status[v]!, RUNNING))));
    switch (cfg.health.onFault) {
      case 'restart':
        t = restartVm(ctx, t, v, lt(int(0), n), n);
        return;
      case 'stop':
        // Stopped, the VM has no watchdog any more: at most one fires.
        ctx.guard(le(n, int(1)));
        t = stopVm(ctx, t, v, lt(int(0), n));
        return;
      case 'notify':
        return;
    }
  });
  return t;
}

function frame(ctx: Ctx, s: SymState): Delivery {
  return { state: s, rx: quiet(ctx) };
}

/** The encoded effect of one event of kind `e.kind`. Guards on the oracles go to `ctx.guards`. */
export function stepSym(ctx: Ctx, s: SymState, e: SymEvent): SymStep {
  const f = e.f;
  const vmActor = f.vm ?? int(-1);
  const ownerOf = (d: Term): Term => select(d, s.owner, int(-1));
  const r: Delivery = match(e.kind)
    .with('read', () => frame(ctx, access(ctx, s, e, 'read')))
    .with('write', () => frame(ctx, access(ctx, s, e, 'write')))
    .with('dma', () =>
      frame(ctx, dma(ctx, s, { device: f.device!, stream: f.stream!, addr: f.addr!, length: f.length!, write: f.write!, value: f.value! }, deviceOk(ctx, f.device!))),
    )
    .with('irq', () => assertSpi(ctx, s, f.spi!, 'true', false))
    .with('irq-storm', () => {
      // The storm asserts the device's first SPI (whichever device that SPI belongs to).
      const devs = ctx.L.topo.scenario.soc.devices;
      // Named: assertSpi reads it once per SPI and per VM.
      const spi = ctx.def('storm_spi', 'I32', select(f.device!, devs.map((d) => (d.irqs.length > 0 ? int(d.irqs[0]!) : int(-1))), int(-1)));
      const has = or(...devs.map((d, i) => (d.irqs.length > 0 ? eq(f.device!, int(i)) : FALSE)));
      return assertSpi(ctx, s, spi, and(deviceOk(ctx, f.device!), has, lt(int(0), f.count!)), true);
    })
    .with('sgi', () => sendSgi(ctx, s, f.vm!, f.sgi!, f.toVm!, and(guestOk(ctx, s, f.vm!, f.vcpu!), vcpuOk(ctx, f.toVm!, f.toVcpu!))))
    .with('advance', () => frame(ctx, watchdogs(ctx, s)))
    .with('wake', 'hvc-yield', 'hvc-dvfs', 'hvc-watchdog', 'pcpu-offline', 'pcpu-online', () => frame(ctx, s))
    .with('hvc-map', () =>
      frame(ctx, hvcMap(ctx, s, { vm: f.vm!, ipa: f.ipa!, pa: f.pa!, size: f.size!, r: f.r!, w: f.w!, x: f.x! }, hypercallOk(ctx, s, f.vm!, f.vcpu!))),
    )
    .with('hvc-unmap', () => frame(ctx, hvcUnmap(ctx, s, f.vm!, f.ipa!, f.size!, hypercallOk(ctx, s, f.vm!, f.vcpu!))))
    .with('hvc-notify', () => notifyChannel(ctx, s, f.vm!, f.channel!, and(hypercallOk(ctx, s, f.vm!, f.vcpu!), lt(f.channel!, int(ctx.L.topo.scenario.channels.length)))))
    .with('fault', () => {
      const go = guestOk(ctx, s, f.vm!, f.vcpu!);
      let t = onFaultAt(ctx, s, f.vm!, 'crash', and(go, eq(f.fault!, int(FAULT_CODE.crash))));
      // A runaway vCPU changes only scheduling state; an illegal access is a stage-2 fault.
      t = onFaultAt(ctx, t, f.vm!, 'stage2-fault', and(go, eq(f.fault!, int(FAULT_CODE['illegal-access']))));
      return frame(ctx, t);
    })
    .with('vm-start', () => frame(ctx, perVm(ctx, s, f.vm!, (t, v, w) => startVm(ctx, t, v, w))))
    .with('vm-stop', () => frame(ctx, perVm(ctx, s, f.vm!, (t, v, w) => stopVm(ctx, t, v, w))))
    .with('vm-restart', () => frame(ctx, perVm(ctx, s, f.vm!, (t, v, w) => restartVm(ctx, t, v, w))))
    .with('reassign', () => frame(ctx, reassign(ctx, s, f.device!, f.to!, and(deviceOk(ctx, f.device!), vmOk(ctx, f.to!)))))
    .exhaustive();
  const actor = match(e.kind)
    .with('dma', 'irq-storm', () => ownerOf(f.device!))
    .with('irq', () => ownerOfSpi(ctx, s, f.spi!))
    .with('advance', 'reassign', 'pcpu-offline', 'pcpu-online', () => int(-1))
    .otherwise(() => vmActor);
  return { state: r.state, rx: r.rx, actor };
}

function ownerOfSpi(ctx: Ctx, s: SymState, spi: Term): Term {
  let t: Term = int(-1);
  for (const l of [...ctx.L.spis].reverse()) {
    const d = ctx.L.topo.spiDevice.get(l);
    if (d !== undefined) t = `(ite ${eq(spi, int(l))} ${s.owner[d]!} ${t})`;
  }
  return t;
}

function perVm(ctx: Ctx, s: SymState, vm: Term, op: (t: SymState, v: number, when: Term) => SymState): SymState {
  let t = s;
  for (const v of range(ctx.L.vms)) t = op(t, v, eq(vm, int(v)));
  return t;
}

