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
import type { State } from '../src/hv/state.js';
import { segmentAt, type Topology } from '../src/hv/topology.js';
import { APPLIES, notApplicable, type Finding, type Property, type Relational } from './property.js';
import { doorbellPermits } from './isolation-irq.js';
import { channelsAt, hex, originRef, sharesPcpu, vmName } from './util.js';

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

const view: Relational['view'] = (topo, a, v, s, observations) => {
  const shared = sharesPcpu(topo, a, v);
  const parts = new Map<string, string>();
  const vs = s.vms[v]!;
  parts.set('status', `${vs.status} generation ${vs.generation}`);
  parts.set('stage-2', vs.stage2.map((e) => `${e.ipa}-${e.end}→${e.pa} ${+e.perms.r}${+e.perms.w}${+e.perms.x}`).join(';'));
  const mem: string[] = [];
  const ranges = topo.privateRanges[v]!;
  for (const [page, cell] of s.memory.entries()) {
    const pa = BigInt(page) << 12n;
    if (!ranges.some((r) => pa >= r.pa && pa < r.end) || inChannel(topo, pa)) continue;
    // A cell from an older scrub epoch of its segment reads as zero: not part of the view.
    const seg = segmentAt(topo, pa);
    if (seg >= 0 && cell.epoch !== s.epochs[seg]) continue;
    mem.push(`${page}=${cell.value}/${cell.writer}`);
  }
  parts.set('memory', mem.sort().join(';'));
  const regs: string[] = [];
  s.devices.forEach((d, i) => {
    if (d.owner === v) regs.push(`${i}=${d.reg}/${d.regWriter}/${d.masked}`);
  });
  parts.set('device registers', regs.join(';'));
  const base = topo.vcpuBase[v]!;
  const n = topo.scenario.vms[v]!.vcpus.length;
  for (let f = base; f < base + n; f++) {
    const c = s.vcpus[f]!;
    parts.set(`vcpu ${f - base} state`, `busy=${c.busy} runaway=${c.runaway}${shared ? '' : ` pending=${c.pending.map((p) => `${p.source}${p.intid}@${p.assertedAt}`).join(',')}`}`);
    if (!shared) {
      const a = vcpuAccount(s, f);
      parts.set(`vcpu ${f - base} CPU time`, `cpu=${a.cpuNs} budgetLeft=${a.budgetLeft} inPeriod=${a.receivedInPeriod} demandedAll=${a.demandedAll}`);
    }
  }
  parts.set('observed', observations.flatMap((o) => projectObservation(topo, v, shared, o) ?? []).join(' | '));
  return parts;
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
  relational: { classify, view, explain, unscheduled },
  smt: { statement: 'For all traces t, t\' that differ only in events of a, and every VM v ≠ a: view(v, t) = view(v, t\').' },
};

export type { State };
