// containment.fault: a fault in VM a (crash, runaway, illegal access, interrupt storm, DMA
// misprogramming) leaves every other VM's view unchanged.
//
// Checked as 2-safety (non-interference): the engine draws an attacker VM a and a trace of
// interleaved background events and a's events, runs it once with and once without a's
// events, and compares every other VM's view after each background event.
//
// The view of VM v:
//   - its status, generation and current stage-2 table;
//   - the contents (value and writer) of every written page of its private memory, and the
//     registers of the devices it owns;
//   - per vCPU: wants-the-CPU, runaway, and the interrupts pending for it;
//   - what it observed: the values its accesses returned, its stage-2 faults, the virtual
//     interrupts it received, its own faults, health actions and lifecycle events, its
//     devices' DMA.
// Declared communication is excluded, because it is interference the configuration allows:
// channel contents (and values read from channels), and doorbells a rings (a's SGIs to other
// VMs and its channel notifications are left out of the attacker's events).
//
// Timing. When v and a share no pCPU, v's CPU time (cpuNs, budget and period accounting)
// and the exact delivery times of its interrupts are part of the view: a fault in a must not
// move them by a nanosecond. When v shares a pCPU with a (fixed priority, time partition, or
// a misconfigured bind), a's demand legitimately changes when v runs — that is what sharing
// means — so the view keeps only WHICH interrupts v received (not when or how), and no CPU
// time. For shared pCPUs the temporal claim is timing.budget instead: under fixed priority
// with budgets v is owed its budget in every period, whatever a does, not the same timeline.

import type { Event } from '../src/hv/events.js';
import { vcpuAccount } from '../src/hv/ledger.js';
import type { Observation } from '../src/hv/observations.js';
import type { PendingIrq, State, VmState } from '../src/hv/state.js';
import { segmentAt, type Topology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property, type ViewParts, type Relational } from './property.js';
import { doorbellPermits } from './isolation-irq.js';
import { channelsAt, hex, meet, originRef, pcpusOfVms, sharesPcpu, vmName } from './util.js';

const ID = 'containment.fault';

function actorOf(topo: Topology, e: Event): { vm?: number; device?: number } {
  switch (e.kind) {
    case 'read':
    case 'write':
    case 'sgi':
    case 'wake':
    case 'hvc-map':
    case 'hvc-unmap':
    case 'hvc-notify':
    case 'hvc-yield':
    case 'hvc-dvfs':
    case 'hvc-watchdog':
    case 'fault':
    case 'vm-start':
    case 'vm-stop':
    case 'vm-restart':
      return { vm: e.vm };
    case 'dma':
    case 'irq-storm':
      return { device: e.device };
    case 'irq':
      return { device: topo.spiDevice.get(e.spi) };
    case 'reassign':
    case 'advance':
    case 'pcpu-offline':
    case 'pcpu-online':
      return {};
  }
}

// A hypercall only a running vCPU can make: when a shares v's pCPU, a decides when v runs (the
// claim allows it), so a call v could make in one world but not the other is left out of both
// rather than counted as interference. With no pCPU shared, the difference stays in and shows.
const unscheduled: NonNullable<Relational['unscheduled']> = (topo, a, e, withA, without) => {
  const refused = (os: readonly Observation[]): boolean => os.some((o) => o.kind === 'rejected' && o.reason === 'vcpu-not-resident');
  const vm = actorOf(topo, e).vm;
  return vm !== undefined && vm !== a && refused(withA) !== refused(without) && sharesPcpu(topo, a, vm);
};

const classify: Relational['classify'] = (topo, a, e) => {
  if (e.kind === 'reassign') {
    // Moving a's devices, or giving it one, changes who the attacker is: left out.
    return e.to === a || topo.initialOwner[e.device] === a ? 'drop' : 'base';
  }
  if ((e.kind === 'sgi' && e.vm === a && e.toVm !== a && doorbellPermits(topo.scenario, a, e.toVm, e.sgi)) || (e.kind === 'hvc-notify' && e.vm === a)) {
    return 'drop'; // declared communication
  }
  const who = actorOf(topo, e);
  if (who.vm !== undefined) return who.vm === a ? 'attacker' : 'base';
  if (who.device !== undefined) return topo.initialOwner[who.device] === a ? 'attacker' : 'base';
  return 'base';
};

function inChannel(topo: Topology, pa: bigint): boolean {
  return channelsAt(topo, pa).length > 0;
}

function projectObservation(topo: Topology, v: number, shared: boolean, o: Observation): string | undefined {
  switch (o.kind) {
    case 'access':
      if (o.vm !== v) return undefined;
      if (o.via.kind === 'channel' || inChannel(topo, o.pa)) return `access ${o.op} ${o.ipa} via ${o.via.kind}`;
      return `access ${o.op} ${o.ipa}→${o.pa} ${o.target.kind} value=${o.value} writer=${o.writer}`;
    case 'stage2-fault':
      return o.vm === v ? `s2fault ${o.op} ${o.ipa} ${o.reason}` : undefined;
    case 'virq':
      if (o.vm !== v) return undefined;
      if (shared) return o.path === 'switch-in' ? undefined : `irq ${o.vcpu} ${o.source}${o.intid}`;
      return `virq ${o.vcpu} ${o.source}${o.intid} from ${o.from} ${o.path} ${o.assertedAt}→${o.deliveredAt}`;
    case 'irq-pending':
      if (o.vm !== v) return undefined;
      return shared ? `irq ${o.vcpu} ${o.intid < 16 ? 'sgi' : 'spi'}${o.intid}` : `pending ${o.vcpu} ${o.intid} ${o.at}`;
    case 'fault':
      return o.vm === v ? `fault ${o.fault} ${o.at}` : undefined;
    case 'health':
      return o.vm === v ? `health ${o.action} ${o.reason} ${o.faultAt} ${o.at}` : undefined;
    case 'lifecycle':
      return o.vm === v ? `lifecycle ${o.what} ${o.at}` : undefined;
    case 'dma':
      if (o.vm !== v) return undefined;
      return `dma ${o.device} ${o.dir} ${o.addr} ${o.path} ${o.pages.map((p) => (inChannel(topo, p.pa) ? `${p.pa}:ch` : `${p.pa}:${p.value}/${p.writer}`)).join(',')}`;
    case 'period-end':
      return !shared && topo.vcpuVm[o.vcpu] === v ? `period ${o.vcpu} ${o.start} ${o.receivedNs} ${o.demandedAll}` : undefined;
    default:
      return undefined;
  }
}

/** Each VM's private memory as its view renders it, from one pass over the stored pages. */
function memoryByVm(topo: Topology, s: State): string[][] {
  const out: string[][] = topo.scenario.vms.map(() => []);
  for (const [page, cell] of s.memory.entries()) {
    // Private memory and channels lie inside segments: a page outside every segment is no one's.
    const seg = segmentAt(topo, BigInt(page) << 12n);
    if (seg < 0) continue;
    // A cell from an older scrub epoch of its segment reads as zero: not part of the view.
    if (cell.epoch !== s.epochs[seg]) continue;
    const { channels, private: holders } = topo.segments[seg]!;
    if (channels.length > 0) continue;
    // Private ranges of different VMs may overlap (a configuration breach): every holder sees the page.
    for (const v of holders) out[v]!.push(`${page}=${cell.value}/${cell.writer}`);
  }
  return out;
}

/** Each VM's device registers as its view renders them, from one pass over the devices. */
function registersByVm(topo: Topology, s: State): string[][] {
  const out: string[][] = topo.scenario.vms.map(() => []);
  s.devices.forEach((d, i) => {
    if (d.owner >= 0) out[d.owner]?.push(`${i}=${d.reg}/${d.regWriter}/${d.masked}`);
  });
  return out;
}

function viewWith(topo: Topology, v: number, s: State, observations: readonly Observation[], shared: boolean, memory: readonly string[], registers: readonly string[]): ViewParts {
  const parts = new Map<string, string>();
  const vs = s.vms[v]!;
  parts.set('status', `${vs.status} generation ${vs.generation}`);
  parts.set('stage-2', vs.stage2.map((e) => `${e.ipa}-${e.end}→${e.pa} ${+e.perms.r}${+e.perms.w}${+e.perms.x}`).join(';'));
  parts.set('memory', [...memory].sort().join(';'));
  parts.set('device registers', registers.join(';'));
  const base = topo.vcpuBase[v]!;
  const n = topo.scenario.vms[v]!.vcpus.length;
  for (let f = base; f < base + n; f++) {
    const c = s.vcpus[f]!;
    parts.set(`vcpu ${f - base} state`, `busy=${c.busy} runaway=${c.runaway}${shared ? '' : ` pending=${c.pending.map((p) => `${p.source}${p.intid}@${p.assertedAt}`).join(',')}`}`);
    if (!shared) {
      const acc = vcpuAccount(s, f);
      parts.set(`vcpu ${f - base} CPU time`, `cpu=${acc.cpuNs} budgetLeft=${acc.budgetLeft} inPeriod=${acc.receivedInPeriod} demandedAll=${acc.demandedAll}`);
    }
  }
  parts.set('observed', observations.flatMap((o) => projectObservation(topo, v, shared, o) ?? []).join(' | '));
  return parts;
}

const view: Relational['view'] = (topo, a, v, s, observations) => viewWith(topo, v, s, observations, sharesPcpu(topo, a, v), memoryByVm(topo, s)[v]!, registersByVm(topo, s)[v]!);

/** The observations each VM's view projects (projectObservation drops every other VM's), in order. */
function observationsByVm(topo: Topology, obs: readonly Observation[]): Observation[][] {
  const out: Observation[][] = topo.scenario.vms.map(() => []);
  for (const o of obs) {
    const v = o.kind === 'period-end' ? topo.vcpuVm[o.vcpu] : 'vm' in o && typeof o.vm === 'number' ? o.vm : undefined;
    if (v !== undefined) out[v]?.push(o);
  }
  return out;
}

function sameVmView(x: VmState, y: VmState): boolean {
  if (x === y) return true;
  if (x.status !== y.status || x.generation !== y.generation || x.stage2.length !== y.stage2.length) return false;
  return x.stage2.every((e, i) => {
    const f = y.stage2[i]!;
    return e === f || (e.ipa === f.ipa && e.end === f.end && e.pa === f.pa && e.perms.r === f.perms.r && e.perms.w === f.perms.w && e.perms.x === f.perms.x);
  });
}

function sameList(x: readonly string[], y: readonly string[], sorted: boolean): boolean {
  if (x.length !== y.length) return false;
  if (x.length === 0) return true;
  const [a, b] = sorted ? [[...x].sort(), [...y].sort()] : [x, y];
  return a.every((p, i) => p === b[i]);
}

function samePending(x: readonly PendingIrq[], y: readonly PendingIrq[]): boolean {
  return x === y || (x.length === y.length && x.every((p, i) => p.source === y[i]!.source && p.intid === y[i]!.intid && p.assertedAt === y[i]!.assertedAt));
}

function sameObserved(topo: Topology, v: number, shared: boolean, x: readonly Observation[], y: readonly Observation[]): boolean {
  const px = x.flatMap((o) => projectObservation(topo, v, shared, o) ?? []);
  const py = y.flatMap((o) => projectObservation(topo, v, shared, o) ?? []);
  return sameList(px, py, false);
}

/**
 * Whether v's view is surely the same in both worlds, decided on the state itself rather
 * than on rendered strings. Only ever true when every part of viewWith would be equal; a false
 * sends v to the full comparison, so a miss costs time, never a verdict.
 */
function sameView(topo: Topology, v: number, shared: boolean, s1: State, o1: readonly Observation[], m1: readonly string[], r1: readonly string[], s2: State, o2: readonly Observation[], m2: readonly string[], r2: readonly string[]): boolean {
  if (!sameVmView(s1.vms[v]!, s2.vms[v]!) || !sameList(m1, m2, true) || !sameList(r1, r2, false)) return false;
  const base = topo.vcpuBase[v]!;
  for (let f = base; f < base + topo.scenario.vms[v]!.vcpus.length; f++) {
    const c = s1.vcpus[f]!;
    const d = s2.vcpus[f]!;
    if (c !== d && (c.busy !== d.busy || c.runaway !== d.runaway || (!shared && !samePending(c.pending, d.pending)))) return false;
    if (!shared) {
      const x = vcpuAccount(s1, f);
      const y = vcpuAccount(s2, f);
      if (x.cpuNs !== y.cpuNs || x.budgetLeft !== y.budgetLeft || x.receivedInPeriod !== y.receivedInPeriod || x.demandedAll !== y.demandedAll) return false;
    }
  }
  return sameObserved(topo, v, shared, o1, o2);
}

// One pass over memory and devices per world for all observers, and a full rendering only
// for the VMs whose state differs: a comparison step costs what the step changed, not the
// system's size times its VMs (128 VMs: 4 devices each, every pCPU bound).
const firstDifference: NonNullable<Relational['firstDifference']> = (topo, a, s1, o1, s2, o2) => {
  const m1 = memoryByVm(topo, s1);
  const m2 = memoryByVm(topo, s2);
  const r1 = registersByVm(topo, s1);
  const r2 = registersByVm(topo, s2);
  const b1 = observationsByVm(topo, o1);
  const b2 = observationsByVm(topo, o2);
  const pcpus = pcpusOfVms(topo);
  for (let v = 0; v < topo.scenario.vms.length; v++) {
    if (v === a) continue;
    const shared = meet(pcpus[a]!, pcpus[v]!);
    if (sameView(topo, v, shared, s1, b1[v]!, m1[v]!, r1[v]!, s2, b2[v]!, m2[v]!, r2[v]!)) continue;
    const x = viewWith(topo, v, s1, b1[v]!, shared, m1[v]!, r1[v]!);
    const y = viewWith(topo, v, s2, b2[v]!, shared, m2[v]!, r2[v]!);
    for (const [part, withAttacker] of x) {
      const without = y.get(part) ?? '';
      if (withAttacker !== without) return { vm: v, part, withAttacker, without };
    }
  }
  return undefined;
};

const explain: Relational['explain'] = (topo, a, v, part, withArg, withoutArg) => {
  let withA = withArg;
  let without = withoutArg;
  const an = vmName(topo, a);
  const vn = vmName(topo, v);
  let at = topo.scenario.vms[a]!.at;
  let address: bigint | undefined;
  if (part === 'memory') {
    // Find the first differing page and the attacker mapping that reaches it.
    const x = new Set(withA.split(';'));
    const y = new Set(without.split(';'));
    const diff = [...x].find((p) => !y.has(p)) ?? [...y].find((p) => !x.has(p));
    if (diff !== undefined && diff !== '') {
      address = BigInt(diff.split('=')[0]!) << 12n;
      const render = (t: string): string => {
        const cell = t.split(';').find((p) => p.startsWith(`${diff.split('=')[0]}=`));
        if (cell === undefined) return 'never written (reads 0)';
        const [value, writer] = cell.split('=')[1]!.split('/');
        return `holds ${value}, written by ${Number(writer) < 0 ? 'nobody' : vmName(topo, Number(writer))}`;
      };
      withA = render(withA);
      without = render(without);
      const e = topo.configuredStage2[a]!.find((m) => address! >= m.pa && address! < m.pa + (m.end - m.ipa));
      if (e !== undefined) at = originRef(topo, e.origin, a);
    }
  }
  const clip = (t: string): string => (t.length > 160 ? `${t.slice(0, 157)}...` : t || '(nothing)');
  return {
    property: ID,
    message: `${an}'s events changed ${vn}'s ${part}${address === undefined ? '' : ` (PA ${hex(address)})`}: with ${an}'s events it ${part === 'memory' ? '' : 'is '}«${clip(withA)}», without them «${clip(without)}»`,
    actor: an,
    victim: vn,
    resource: `${part} of ${vn}`,
    address,
    via: part === 'memory' ? `a mapping or DMA path of ${an}` : part === 'observed' ? 'an interrupt route, mapping or shared hypervisor state' : 'shared hypervisor state',
    at,
    fix: `remove the path from ${an} to ${vn}: see the isolation.* findings for the same scenario`,
  };
};

export const containmentFault: Property = {
  id: ID,
  title: 'Fault containment (non-interference)',
  claim:
    "A fault in VM a — crash, runaway, illegal access, interrupt storm, DMA misprogramming — leaves every other VM's view unchanged: memory contents, vCPU states, pending interrupts, and, where they share no pCPU with a, CPU time received.",
  rationale:
    'Freedom from interference means the failure of one partition cannot cause the failure of another. Two-trace comparison (2-safety) checks exactly that: the other VMs cannot tell whether a misbehaved.',
  iso26262: 'memory',
  iec61508: 'spatial',
  observable: true,
  applies: (s) => (s.vms.length < 2 ? notApplicable('the scenario has fewer than two VMs') : APPLIES),
  stimulus: { fault: 4, dma: 4, 'irq-storm': 2, write: 5, read: 3, 'hvc-map': 2, 'vm-restart': 1, 'vm-stop': 1, advance: 4, irq: 3 },
  relational: { classify, view, firstDifference, explain, unscheduled },
  smt: { statement: 'For all traces t, t\' that differ only in events of a, and every VM v ≠ a: view(v, t) = view(v, t\').' },
};

export type { State };
