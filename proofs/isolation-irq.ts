// isolation.irq: a physical interrupt is delivered only to the VM owning its device, and an
// SGI only along a declared channel doorbell.

import type { Scenario, SourceRef } from '../src/config/types.js';
import type { State } from '../src/hv/state.js';
import { buildTopology, type Topology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { deviceName, passthroughRef, vmName } from './util.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { firstHolders, hitOf, isPartition, NONE, partitionBug } from './smt-util.js';

const ID = 'isolation.irq';

function routeRef(topo: Topology, vm: number, spi: number): SourceRef {
  const cfg = topo.scenario.vms[vm];
  return cfg?.irqs.find((r) => r.spi === spi)?.at ?? cfg?.at ?? topo.scenario.at;
}

export function doorbellPermits(s: Scenario, from: number, to: number, sgi: number): boolean {
  const f = s.vms[from]?.name;
  const t = s.vms[to]?.name;
  if (f === undefined || t === undefined) return false;
  return s.channels.some((c) => c.doorbell !== undefined && c.doorbell.sgi === sgi && c.endpoints.some((e) => e.vm === f) && c.doorbell.to.includes(t) && t !== f);
}

/**
 * Can `reassign` split SPI `spi`'s line (two or more devices) between owners? It moves the
 * line's route to the device's new owner, so the other devices' interrupts follow. With two
 * VMs any such line can be split (a device goes to the VM the other device's owner is not);
 * with one VM only when a device of the line is left to no VM.
 */
export function splittable(scenario: Scenario, line: readonly number[], owners: readonly number[]): boolean {
  if (line.length < 2 || scenario.vms.length === 0) return false;
  return scenario.vms.length >= 2 || line.some((d) => owners[d]! < 0);
}

function sharedLineFinding(topo: Topology, spi: number, line: readonly number[]): Finding {
  const names = line.map((d) => deviceName(topo, d));
  const owners = [...new Set(line.map((d) => topo.initialOwner[d]!))];
  return {
    property: ID,
    message: `SPI ${spi} is one OR-ed line shared by ${names.join(' and ')}${owners.length > 1 ? ` (owned by ${owners.map((o) => (o < 0 ? 'no VM' : vmName(topo, o))).join(', ')})` : ''}: whoever receives the line receives every device's interrupt, and reassigning one device moves the line away from the others' owner`,
    actor: names.join(', '),
    victim: owners.map((o) => (o < 0 ? 'unowned device' : vmName(topo, o))).join(', '),
    resource: `SPI ${spi}`,
    via: `the shared interrupt line SPI ${spi}`,
    at: topo.scenario.soc.devices[line[1]!]!.at,
    related: [topo.scenario.soc.devices[line[0]!]!.at],
    fix: `give ${names.slice(1).join(', ')} an interrupt line of its own (a shared line can only be isolated as a whole)`,
  };
}

function checkConfig(scenario: Scenario): Finding[] {
  const topo = buildTopology(scenario);
  const out: Finding[] = [];
  const routed = new Map<number, number>();
  scenario.vms.forEach((vm, v) => {
    for (const r of vm.irqs) {
      const d = topo.spiDevice.get(r.spi);
      const first = routed.get(r.spi);
      if (first !== undefined && first !== v) {
        out.push({
          property: ID,
          message: `SPI ${r.spi}${d === undefined ? '' : ` of ${deviceName(topo, d)}`} is routed to both ${vmName(topo, first)} and ${vmName(topo, v)}`,
          actor: vmName(topo, v),
          victim: vmName(topo, first),
          resource: `SPI ${r.spi}`,
          via: `the IRQ route of SPI ${r.spi} to ${vmName(topo, v)}`,
          at: r.at,
          related: [routeRef(topo, first, r.spi)],
          fix: `route SPI ${r.spi} to the VM that owns ${d === undefined ? 'its device' : deviceName(topo, d)} only`,
        });
        continue;
      }
      routed.set(r.spi, v);
      // Every device on the line: the VM receives each one's interrupt.
      const foreign = (topo.spiDevices.get(r.spi) ?? []).find((x) => topo.initialOwner[x] !== v);
      if (foreign === undefined) continue;
      const owner = topo.initialOwner[foreign]!;
      const dn = deviceName(topo, foreign);
      out.push({
        property: ID,
        message: `SPI ${r.spi} of ${dn} is routed to ${vmName(topo, v)}, but ${dn} ${owner < 0 ? 'is passed through to no VM' : `belongs to ${vmName(topo, owner)}`}`,
        actor: vmName(topo, v),
        victim: owner < 0 ? dn : vmName(topo, owner),
        resource: `SPI ${r.spi}`,
        via: `the IRQ route of SPI ${r.spi} to ${vmName(topo, v)}`,
        at: r.at,
        related: owner < 0 ? [] : [passthroughRef(topo, foreign, owner)],
        fix: `route SPI ${r.spi} to ${owner < 0 ? 'the VM that owns the device' : vmName(topo, owner)}, or pass ${dn} through to ${vmName(topo, v)}`,
      });
    }
  });
  for (const [spi, line] of topo.spiDevices) if (splittable(scenario, line, topo.initialOwner)) out.push(sharedLineFinding(topo, spi, line));
  return out;
}

function stateFindings(s: State): Finding[] {
  const topo = s.topo;
  const out: Finding[] = [];
  for (const [spi, line] of topo.spiDevices) {
    for (const t of s.routes[spi] ?? []) {
      // One finding per route: the first device on the line the target does not own.
      const d = line.find((x) => s.devices[x]!.owner !== t.vm);
      if (d === undefined) continue;
      const owner = s.devices[d]!.owner;
      out.push({
        property: ID,
        message: `the hypervisor routes SPI ${spi}${line.length > 1 ? ' (a shared line)' : ''} of ${deviceName(topo, d)} to ${vmName(topo, t.vm)}:${t.vcpu}, but the device belongs to ${owner < 0 ? 'no VM' : vmName(topo, owner)}`,
        actor: vmName(topo, t.vm),
        victim: owner < 0 ? deviceName(topo, d) : vmName(topo, owner),
        resource: `SPI ${spi}`,
        via: `the routing table entry for SPI ${spi}`,
        at: routeRef(topo, t.vm, spi),
        fix: `route SPI ${spi} to ${owner < 0 ? "the device's owner" : vmName(topo, owner)} only (reassignment must move routes${line.length > 1 ? ', and a shared line cannot be split' : ''})`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- Z3 obligation

interface SpiItem {
  readonly route?: { readonly vm: number; readonly index: number };
  readonly device?: number;
}

/**
 * Keyed by SPI: routes (VM) and device declarations (the device's owner at boot). A breach:
 * an SPI routed to two VMs; routed to a VM that does not own a device on its line (every
 * device on an OR-ed line, not only the first); or two devices on one line that `reassign`
 * can give different owners (see `splittable`).
 */
function spiSpec(scenario: Scenario): { spec: JoinSpec; items: SpiItem[] } {
  const owners = firstHolders(scenario);
  const items: SpiItem[] = [];
  const join: JoinSpec['items'][number][] = [];
  scenario.vms.forEach((vm, v) =>
    vm.irqs.forEach((r, index) => {
      items.push({ route: { vm: v, index } });
      join.push({ lo: BigInt(r.spi), hi: BigInt(r.spi), fields: { route: true, vm: BigInt(v), owner: NONE }, left: true, right: true });
    }),
  );
  scenario.soc.devices.forEach((dev, d) =>
    [...new Set(dev.irqs)].forEach((spi) => {
      items.push({ device: d });
      join.push({ lo: BigInt(spi), hi: BigInt(spi), fields: { route: false, vm: NONE, owner: owners[d]! < 0 ? NONE : BigInt(owners[d]!) }, left: true, right: true });
    }),
  );
  // Two devices on a line: with two VMs reassign can always split them; with one, only a
  // device left to no VM can end on the other side of the line.
  const split = scenario.vms.length >= 2 ? 'true' : scenario.vms.length === 1 ? (f: (n: string) => string, g: (n: string) => string) => `(or (= ${f('owner')} #xffffffff) (= ${g('owner')} #xffffffff))` : 'false';
  return {
    items,
    spec: {
      property: ID,
      subject: 'spi',
      claim: 'no SPI is routed to two VMs, every routed SPI goes to the VM that owns every device on its line, and no interrupt line is shared by devices reassignment can give different owners',
      keyWidth: 32,
      fields: { route: 'bool', vm: 32, owner: 32 },
      conflict: (f, g) =>
        `(or (and ${f('route')} (or (and ${g('route')} (distinct ${f('vm')} ${g('vm')})) (and (not ${g('route')}) (distinct ${g('owner')} ${f('vm')})))) ` +
        `(and (not ${f('route')}) (not ${g('route')}) ${typeof split === 'string' ? split : split(f, g)}))`,
      items: join,
    },
  };
}

/**
 * How a witness splits a shared line: [device to reassign, VM to give it]. The VM must not
 * own some other device of the line afterwards (`splittable` says one exists).
 */
function splitPlan(scenario: Scenario, line: readonly number[], owners: readonly number[]): [number, number] {
  for (const stay of line) {
    const mover = line.find((x) => x !== stay)!;
    const to = scenario.vms.findIndex((_, v) => v !== owners[stay]);
    if (to >= 0) return [mover, to];
  }
  throw new Error('BUG in hvsafe: a shared-line witness for a line reassignment cannot split');
}

const irqSmt: NonNullable<Property['smt']> = {
  statement: 'For every SPI s, every device d on its line and virtual injection (v, s): v = owner(d); for every cross-VM SGI (u → v, n): ∃ channel c with u ∈ endpoints(c), doorbell(c) = (n, ∋ v).',
  encode: (scenario) => joinQueries(spiSpec(scenario).spec),
  witness: (scenario, query, model) => {
    if (isPartition(query.id)) partitionBug(query.id);
    const { spec, items } = spiSpec(scenario);
    const h = hitOf(spec, query.id, model);
    const spi = Number(h.key);
    const owners = firstHolders(scenario);
    const topo = buildTopology(scenario);
    const line = topo.spiDevices.get(spi) ?? [];
    if (items[h.i]!.route === undefined) {
      // Two devices on one line: reassign one so that the line's route goes to a VM that does
      // not own another device on it; that device's interrupt then reaches the wrong VM.
      const [mover, to] = splitPlan(scenario, line, owners);
      return {
        findings: [sharedLineFinding(topo, spi, line)],
        events: [
          { kind: 'reassign', device: mover, to },
          { kind: 'irq', spi },
        ],
      };
    }
    const a = items[h.i]!.route!;
    const other = items[h.j]!;
    const vm = scenario.vms[a.vm]!;
    const route = vm.irqs[a.index]!;
    let finding: Finding;
    if (other.route !== undefined) {
      const w = scenario.vms[other.route.vm]!;
      finding = {
        property: ID,
        message: `SPI ${spi} is routed to both ${w.name} and ${vm.name}`,
        actor: vm.name,
        victim: w.name,
        resource: `SPI ${spi}`,
        via: `the IRQ route of SPI ${spi} to ${vm.name}`,
        at: route.at,
        related: [w.irqs[other.route.index]!.at],
        fix: `route SPI ${spi} to the VM that owns its device only`,
      };
    } else {
      const d = other.device!;
      const dev = scenario.soc.devices[d]!;
      const owner = owners[d]!;
      finding = {
        property: ID,
        message: `SPI ${spi} of ${dev.name} is routed to ${vm.name}, but ${dev.name} ${owner < 0 ? 'is passed through to no VM' : `belongs to ${scenario.vms[owner]!.name}`}`,
        actor: vm.name,
        victim: owner < 0 ? dev.name : scenario.vms[owner]!.name,
        resource: `SPI ${spi}`,
        via: `the IRQ route of SPI ${spi} to ${vm.name}`,
        at: route.at,
        related: [dev.at],
        fix: `route SPI ${spi} to ${owner < 0 ? 'the VM that owns the device' : scenario.vms[owner]!.name}, or pass ${dev.name} through to ${vm.name}`,
      };
    }
    // The device raises the SPI: the hypervisor injects it into a VM that does not own it.
    return { findings: [finding], events: [{ kind: 'irq', spi }] };
  },
};

export const isolationIrq: Property = {
  id: ID,
  title: 'Interrupt isolation',
  claim:
    'A physical interrupt is delivered only to the VM owning its device (on an interrupt line shared by several devices, the VM owning every device on the line), an interrupt line the health monitor masked for storming delivers nothing until its device is reset, and an SGI crosses VMs only along a declared channel doorbell.',
  rationale:
    'An interrupt delivered to the wrong VM lets it acknowledge, mask or steal another VM\'s events and wakes it at will; an undeclared SGI is a covert channel and an interference path.',
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: true,
  applies: (s) =>
    s.vms.every((v) => v.irqs.length === 0) && s.channels.every((c) => c.doorbell === undefined) && s.soc.devices.every((d) => d.irqs.length === 0)
      ? notApplicable('no SPI is routed and no channel has a doorbell')
      : APPLIES,
  checkConfig,
  // Storms often enough that a masked line (notify policy: nothing resets the device) is asserted
  // again after its 1 ms window.
  stimulus: { irq: 8, 'irq-storm': 3, sgi: 6, 'hvc-notify': 4, reassign: 3, 'vm-stop': 1, 'vm-start': 1, advance: 3 },
  monitor: (topo) => ({
    start: stateFindings,
    step(before, _event, after, observations) {
      const out: Finding[] = after.routes !== before.routes || after.devices !== before.devices ? stateFindings(after) : [];
      for (const o of observations) {
        const spiDelivery = (o.kind === 'virq' && o.source === 'spi' && o.path !== 'switch-in') || (o.kind === 'irq-pending' && o.intid >= 32);
        if (spiDelivery) {
          const line0 = topo.spiDevices.get(o.intid) ?? [];
          // Masked at the start and still masked at the end: no reset came in between.
          const muted = line0.find((x) => before.devices[x]?.masked === true && after.devices[x]?.masked === true);
          if (muted !== undefined) {
            out.push({
              property: ID,
              message: `SPI ${o.intid} of ${deviceName(topo, muted)} ${o.kind === 'virq' ? 'was delivered to' : 'was made pending for'} ${vmName(topo, o.vm)}:${o.vcpu}, but the health monitor had masked the line for storming`,
              actor: deviceName(topo, muted),
              victim: vmName(topo, o.vm),
              resource: `SPI ${o.intid}`,
              via: 'a masked interrupt line',
              at: routeRef(topo, o.vm, o.intid),
              fix: 'drop assertions of a masked line until its device is reset',
            });
            continue;
          }
          // Every device on the line: an OR-ed line carries each one's interrupt.
          const line = topo.spiDevices.get(o.intid) ?? (o.kind === 'virq' ? [o.from] : []);
          const d = line.length === 0 ? undefined : line.find((x) => (before.devices[x]?.owner ?? -1) !== o.vm);
          if (line.length > 0 && d === undefined) continue;
          const owner = d === undefined ? -1 : (before.devices[d]?.owner ?? -1);
          const what = o.kind === 'virq' ? 'was delivered to' : 'was made pending for';
          out.push({
            property: ID,
            message: `SPI ${o.intid}${d === undefined ? '' : ` of ${deviceName(topo, d)}`}${line.length > 1 ? ' (a shared line)' : ''} ${what} ${vmName(topo, o.vm)}:${o.vcpu}, but the device belongs to ${owner < 0 ? 'no VM' : vmName(topo, owner)}`,
            actor: vmName(topo, o.vm),
            victim: owner < 0 ? (d === undefined ? 'unowned device' : deviceName(topo, d)) : vmName(topo, owner),
            resource: `SPI ${o.intid}`,
            via: `the IRQ route of SPI ${o.intid}`,
            at: routeRef(topo, o.vm, o.intid),
            fix: `route SPI ${o.intid} only to ${owner < 0 ? "the device's owner" : vmName(topo, owner)}`,
          });
        }
        if (o.kind === 'virq' && o.source === 'sgi' && o.from !== o.vm && !doorbellPermits(topo.scenario, o.from, o.vm, o.intid)) {
          out.push({
            property: ID,
            message: `SGI ${o.intid} from ${vmName(topo, o.from)} was delivered to ${vmName(topo, o.vm)}:${o.vcpu}, and no channel doorbell declares that`,
            actor: vmName(topo, o.from),
            victim: vmName(topo, o.vm),
            resource: `SGI ${o.intid}`,
            via: 'a cross-VM SGI',
            at: topo.scenario.vms[o.from]?.at ?? topo.scenario.at,
            fix: `cross-VM SGIs must follow a declared doorbell (channel doorbell: { sgi, to })`,
          });
        }
      }
      return out;
    },
  }),
  smt: irqSmt,
};
