// Symbolic interrupt routing and injection (gic.ts): which VMs an SPI, an SGI or a channel
// doorbell reaches (`rx`, per VM: an interrupt injected or made pending in this step), and
// the interrupt-storm guard that masks a line and faults its owner.

import { onFaultAt } from './health.smt.js';
import { and, eq, FALSE, implies, int, ite, le, lt, not, or, range, RUNNING, select, type Ctx, type SymState, type Term } from './state.smt.js';

export interface Delivery {
  readonly state: SymState;
  /** Per VM: this step injected an interrupt into it (or made one pending). */
  readonly rx: readonly Term[];
}

/** The device asserting an SPI (topology's spiDevice), -1 for none. */
export function spiDevice(ctx: Ctx, spi: Term): Term {
  let t: Term = int(-1);
  const m = ctx.L.topo.spiDevice;
  for (const l of [...ctx.L.spis].reverse()) {
    const d = m.get(l);
    if (d !== undefined) t = ite(eq(spi, int(l)), int(d), t);
  }
  return t;
}

/** Is SPI `spi` (a layout SPI) routed to VM v on any vCPU? */
function routedTo(ctx: Ctx, s: SymState, spi: Term, v: number): Term {
  return or(...ctx.L.spis.map((l, li) => and(eq(spi, int(l)), or(...s.route[li]![v]!))));
}

/** Has VM `owner` (a term) a storm limit? */
function hasStormLimit(ctx: Ctx, owner: Term): Term {
  return or(...ctx.L.topo.scenario.vms.map((vm, v) => (vm.health.irqStormPerMs === undefined ? FALSE : eq(owner, int(v)))));
}

function atDevice(xs: readonly Term[], d: Term, otherwise: Term): Term {
  return select(d, xs, otherwise);
}

/**
 * `n` assertions of `spi` (n = 1 for an irq event): injections into every running routed
 * VM unless the line is masked; the storm limit (oracle: counters are not encoded) may mask
 * the line and fault its owner.
 */
export function assertSpi(ctx: Ctx, s: SymState, spi: Term, when: Term, many: boolean): Delivery {
  // Named, not inlined: the owner term is an ite over devices of an ite over SPIs, and it is
  // copied into every component the owner's fault policy touches (each stage-2 slot, epoch
  // and device of a restart), per VM; inlined, an irq-storm query reached 29 MB (cockpit)
  // and past 512 MB (power-terminal). A named constant equal to the term is the same step.
  const d = ctx.def('spi_device', 'I32', spiDevice(ctx, spi));
  const exists = ctx.def('spi_exists', 'Bool', and(when, not(eq(d, int(-1)))));
  const masked = ctx.def('spi_masked', 'Bool', atDevice(s.masked, d, FALSE));
  const owner = ctx.def('spi_owner', 'I32', atDevice(s.owner, d, int(-1)));
  const storm = ctx.oracle('storm', 'Bool', owner);
  ctx.guard(implies(storm, and(exists, not(masked), le(int(0), owner), hasStormLimit(ctx, owner))));
  let injected: Term;
  if (many) {
    // Some assertions may inject before the storm limit masks the line.
    const inj = ctx.oracle('injected', 'Bool', owner);
    ctx.guard(ite(storm, implies(inj, and(exists, not(masked))), eq(inj, and(exists, not(masked)))));
    injected = inj;
  } else {
    injected = and(exists, not(masked), not(storm));
  }
  let t: SymState = { ...s, masked: s.masked.map((x, i) => ite(and(storm, eq(d, int(i))), 'true', x)) };
  t = onFaultAt(ctx, t, owner, 'irq-storm', storm);
  const rx = range(ctx.L.vms).map((v) => and(injected, routedTo(ctx, s, spi, v), eq(s.status[v]!, RUNNING)));
  return { state: t, rx };
}

/** Does a declared doorbell carry SGI `sgi` from VM `from` to VM `to`? (gic.ts doorbellAllows) */
export function doorbellAllows(ctx: Ctx, from: Term, to: Term, sgi: Term): Term {
  const sc = ctx.L.topo.scenario;
  const terms: Term[] = [];
  sc.vms.forEach((fv, f) =>
    sc.vms.forEach((tv, t) => {
      if (f === t) return;
      const sgis = [
        ...new Set(
          sc.channels.filter((c) => c.doorbell !== undefined && c.endpoints.some((e) => e.vm === fv.name) && c.doorbell.to.includes(tv.name)).map((c) => c.doorbell!.sgi),
        ),
      ];
      if (sgis.length > 0) terms.push(and(eq(from, int(f)), eq(to, int(t)), or(...sgis.map((n) => eq(sgi, int(n))))));
    }),
  );
  return or(...terms);
}

/** A guest's SGI once the guest and target checks passed (`go`). */
export function sendSgi(ctx: Ctx, s: SymState, from: Term, sgi: Term, to: Term, go: Term): Delivery {
  const [lo, hi] = ctx.L.topo.scenario.soc.gic.sgi;
  const ok = and(go, le(int(lo), sgi), le(sgi, int(hi)), or(eq(to, from), doorbellAllows(ctx, from, to, sgi)));
  return { state: s, rx: range(ctx.L.vms).map((v) => and(ok, eq(to, int(v)), eq(s.status[v]!, RUNNING))) };
}

/** The channel-notify hypercall once it passed the hypercall checks (`go`). */
export function notifyChannel(ctx: Ctx, s: SymState, vm: Term, channel: Term, go: Term): Delivery {
  const sc = ctx.L.topo.scenario;
  const rx = range(ctx.L.vms).map((t) => {
    const via = sc.channels.map((ch, c) => {
      if (ch.doorbell === undefined) return FALSE;
      const members = ch.endpoints.flatMap((e) => {
        const i = ctx.L.topo.vmIndex.get(e.vm);
        return i === undefined ? [] : [eq(vm, int(i))];
      });
      const named = ch.doorbell.to.includes(sc.vms[t]!.name);
      const rings = ctx.variant.doorbellToWrongVm === true ? true : named;
      return rings ? and(eq(channel, int(c)), or(...members)) : FALSE;
    });
    return and(go, lt(int(-1), channel), or(...via), not(eq(vm, int(t))), eq(s.status[t]!, RUNNING));
  });
  return { state: s, rx };
}
