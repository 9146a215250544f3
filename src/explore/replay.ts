// A trace replayed from boot for the explorer: at each step the event, what the hypervisor
// did, what changed in the state, where accesses and DMA landed (and whether that was the
// actor's own), scheduling and interrupt timing, and the property monitor's verdict at that
// step. The verdict comes from the property's own monitor (or its 2-safety view): the
// explorer shows what the engines decide, it never decides on its own.

import { match } from 'ts-pattern';
import type { Scenario } from '../config/types.js';
import { formatAddr } from '../config/units.js';
import { boot } from '../hv/boot.js';
import type { Event } from '../hv/events.js';
import type { Observation, Target } from '../hv/observations.js';
import type { State } from '../hv/state.js';
import { step } from '../hv/step.js';
import { deviceName, vmName } from '../hv/names.js';
import { describeEvent, describeObservation, describeTarget, formatDuration } from '../sim/describe.js';
import type { Finding, Property } from '../../proofs/property.js';
import { changes, type Change } from './state-view.js';

/** Where an access or a DMA page landed, for the memory map. */
export interface Reach {
  readonly pa: string;
  /** Lane of the target: `vm:<name>`, `device:<name>`, `hypervisor`, `unbacked`. */
  readonly lane: string;
  /** ram, mmio, hypervisor, unbacked, channel. */
  readonly kind: string;
  /** "uart0 → no SMMU → PA 0x7c00_0000". */
  readonly path: string;
  readonly target: string;
  readonly op: 'read' | 'write';
  /** The target is not the actor's own (another VM's RAM, the hypervisor, another's device). */
  readonly foreign: boolean;
}

export interface StepView {
  readonly index: number;
  readonly at: number;
  readonly atText: string;
  readonly role?: string;
  readonly event: string;
  readonly did: readonly string[];
  readonly changes: readonly Change[];
  /** Pages written at this step and whose they are. */
  readonly writes: readonly string[];
  readonly reaches: readonly Reach[];
  /** 'ok', 'violated' (this step breaks the property), or '' (no property watched). */
  readonly verdict: string;
  readonly verdictText: string;
  readonly sched: readonly { readonly pcpu: number; readonly to: string; readonly at: number }[];
  readonly waits: readonly { readonly pcpu: number; readonly what: string; readonly from: number; readonly to: number }[];
}

/** The two runs of a 2-safety counterexample, as the observer VM sees them. */
export interface TwoWorlds {
  readonly attacker: string;
  readonly observer: string;
  readonly parts: readonly { readonly part: string; readonly withAttacker: string; readonly without: string; readonly differs: boolean }[];
}

export interface TraceView {
  readonly steps: readonly StepView[];
  /** Index of the first step at which the monitor reported the violation, or -1. */
  readonly violationAt: number;
  readonly findings: readonly Finding[];
  readonly worlds?: TwoWorlds;
}

function laneOf(s: State, t: Target): { lane: string; kind: string } {
  const topo = s.topo;
  return match(t)
    .with({ kind: 'unbacked' }, () => ({ lane: 'unbacked', kind: 'unbacked' }))
    .with({ kind: 'hypervisor' }, () => ({ lane: 'hypervisor', kind: 'hypervisor' }))
    .with({ kind: 'mmio' }, (x) => ({ lane: `device:${deviceName(topo, x.device)}`, kind: 'mmio' }))
    .with({ kind: 'ram' }, (x) => {
      const seg = topo.segments[x.segment]!;
      if (seg.channels.length > 0) return { lane: `vm:${vmName(topo, seg.owners[0] ?? 0)}`, kind: 'channel' };
      return seg.owners.length === 0 ? { lane: 'unbacked', kind: 'ram' } : { lane: `vm:${vmName(topo, seg.owners[0]!)}`, kind: 'ram' };
    })
    .exhaustive();
}

function foreign(s: State, actor: number, t: Target): boolean {
  return match(t)
    .with({ kind: 'unbacked' }, () => false)
    .with({ kind: 'hypervisor' }, () => true)
    .with({ kind: 'mmio' }, (x) => s.devices[x.device]!.owner !== actor)
    .with({ kind: 'ram' }, (x) => {
      // Memory another VM also maps (an overlap) is not the actor's alone; a channel's
      // members share it by declaration, and its monitor judges who may write.
      const seg = s.topo.segments[x.segment]!;
      return !seg.owners.includes(actor) || (seg.channels.length === 0 && seg.owners.length > 1);
    })
    .exhaustive();
}

function reaches(before: State, obs: readonly Observation[]): Reach[] {
  const t = before.topo;
  const out: Reach[] = [];
  for (const o of obs) {
    if (o.kind === 'access') {
      const l = laneOf(before, o.target);
      out.push({
        pa: formatAddr(o.pa),
        ...l,
        path: `${vmName(t, o.vm)}:${o.vcpu} → stage-2 IPA ${formatAddr(o.ipa)} → PA ${formatAddr(o.pa)}`,
        target: describeTarget(t, o.target),
        op: o.op,
        foreign: foreign(before, o.vm, o.target),
      });
    } else if (o.kind === 'dma') {
      const via = o.path === 'smmu' ? `SMMU context of ${vmName(t, o.context)}` : o.path === 'smmu-bypass' ? 'SMMU bypass' : 'no SMMU';
      // One mark per target run: a 1 MiB transfer is one reach, not 256.
      let last = '';
      for (const p of o.pages) {
        const target = describeTarget(t, p.target);
        if (target === last) continue;
        last = target;
        out.push({
          pa: formatAddr(p.pa),
          ...laneOf(before, p.target),
          path: `${deviceName(t, o.device)} → ${via} → PA ${formatAddr(p.pa)}`,
          target,
          op: o.dir,
          foreign: foreign(before, o.vm, p.target),
        });
      }
    }
  }
  return out;
}

function writes(before: State, obs: readonly Observation[]): string[] {
  const t = before.topo;
  const out: string[] = [];
  for (const o of obs) {
    if (o.kind === 'access' && o.op === 'write') out.push(`PA ${formatAddr(o.pa)} (${describeTarget(t, o.target)}) ← ${o.value}, written by ${vmName(t, o.vm)}`);
    if (o.kind === 'dma' && o.dir === 'write') {
      for (const p of o.pages.slice(0, 8)) out.push(`PA ${formatAddr(p.pa)} (${describeTarget(t, p.target)}) ← ${p.value}, written by ${deviceName(t, o.device)} for ${vmName(t, o.vm)}`);
      if (o.pages.length > 8) out.push(`… and ${o.pages.length - 8} more pages`);
    }
  }
  return out;
}

function timing(obs: readonly Observation[], s: State): Pick<StepView, 'sched' | 'waits'> {
  const t = s.topo;
  const sched: { pcpu: number; to: string; at: number }[] = [];
  const waits: { pcpu: number; what: string; from: number; to: number }[] = [];
  for (const o of obs) {
    if (o.kind === 'sched') sched.push({ pcpu: o.pcpu, to: o.to < 0 ? '' : vmName(t, t.vcpuVm[o.to]!), at: o.at });
    if (o.kind === 'virq' && o.deliveredAt > o.assertedAt) {
      const pcpu = t.vcpuPcpu[t.vcpuBase[o.vm]! + o.vcpu] ?? -1;
      waits.push({ pcpu, what: `${o.source.toUpperCase()} ${o.intid} → ${vmName(t, o.vm)}:${o.vcpu} waited ${formatDuration(o.deliveredAt - o.assertedAt)}`, from: o.assertedAt, to: o.deliveredAt });
    }
  }
  return { sched, waits };
}

function view(before: State, after: State, e: Event, obs: readonly Observation[], index: number, verdict: string, verdictText: string, role?: string): StepView {
  const t = before.topo;
  return {
    index,
    at: before.now,
    atText: formatDuration(before.now),
    ...(role !== undefined ? { role } : {}),
    event: describeEvent(t, e),
    did: obs.map((o) => describeObservation(t, o)),
    changes: changes(before, after),
    writes: writes(before, obs),
    reaches: reaches(before, obs),
    verdict,
    verdictText,
    ...timing(obs, before),
  };
}

function firstWords(f: readonly Finding[]): string {
  return f.map((x) => x.message).join('; ');
}

/**
 * Replay `events` from boot. With a trace property, its monitor watches every step (and keeps
 * watching after the first finding, so the reader sees the whole trace); with a 2-safety
 * property, the trace runs twice as the engine runs it and the views are compared at each
 * background event. Without a property, the steps carry no verdict.
 */
export function replayTrace(scenario: Scenario, events: readonly Event[], property?: Property, attacker = 0): TraceView {
  const s0 = boot(scenario);
  if (property?.relational !== undefined && property.monitor === undefined) return replayRelational(s0, events, property, attacker);
  const mon = property?.monitor?.(s0.topo);
  const steps: StepView[] = [];
  let violationAt = -1;
  // A finding at boot (a mapping the configuration itself grants) is a violation before the
  // first event: the first step carries it, so the reader lands on it and sees it named.
  const atBoot = mon?.start?.(s0) ?? [];
  let findings: Finding[] = [...atBoot];
  let s = s0;
  events.forEach((e, i) => {
    const r = step(s, e);
    const f = [...(i === 0 ? atBoot : []), ...(mon?.step(s, e, r.state, r.observations, i) ?? [])];
    if (f.length > 0 && violationAt < 0) {
      violationAt = i;
      findings = [...f];
    }
    const verdict = mon === undefined ? '' : f.length > 0 ? 'violated' : 'ok';
    const text = mon === undefined ? '' : f.length > 0 ? `${property!.id} violated: ${firstWords(f)}` : `${property!.id}: no finding at this step`;
    steps.push(view(s, r.state, e, r.observations, i, verdict, text));
    s = r.state;
  });
  if (violationAt < 0 && mon?.end !== undefined) {
    const f = mon.end(s);
    if (f.length > 0) {
      findings = [...f];
      violationAt = steps.length - 1;
    }
  }
  return { steps, violationAt, findings };
}

function replayRelational(s0: State, events: readonly Event[], property: Property, attacker: number): TraceView {
  const rel = property.relational!;
  const topo = s0.topo;
  let s1 = s0;
  let s2 = s0;
  let obs1: Observation[] = [];
  let obs2: Observation[] = [];
  const steps: StepView[] = [];
  let violationAt = -1;
  let findings: Finding[] = [];
  let worlds: TwoWorlds | undefined;
  const compare = (): Finding[] => {
    for (let v = 0; v < topo.scenario.vms.length; v++) {
      if (v === attacker) continue;
      const a = rel.view(topo, attacker, v, s1, obs1);
      const b = rel.view(topo, attacker, v, s2, obs2);
      for (const [part, x] of a) {
        const y = b.get(part) ?? '';
        if (x === y) continue;
        worlds ??= {
          attacker: vmName(topo, attacker),
          observer: vmName(topo, v),
          parts: [...a].map(([p, w]) => ({ part: p, withAttacker: w, without: b.get(p) ?? '', differs: w !== (b.get(p) ?? '') })),
        };
        return [rel.explain(topo, attacker, v, part, x, y)];
      }
    }
    return [];
  };
  const record = (f: Finding[], i: number): [string, string] => {
    if (f.length > 0 && violationAt < 0) {
      violationAt = i;
      findings = f;
    }
    return f.length > 0 ? ['violated', `${property.id} violated: ${firstWords(f)}`] : ['ok', `${property.id}: the other VMs see the same in both runs`];
  };
  events.forEach((e, i) => {
    const role = rel.classify(topo, attacker, e);
    if (role === 'drop') {
      steps.push(view(s1, s1, e, [], i, '', 'not part of either run (dropped)', role));
      return;
    }
    const r1 = step(s1, e);
    obs1.push(...r1.observations);
    if (role === 'attacker') {
      steps.push(view(s1, r1.state, e, r1.observations, i, 'ok', `only in the run with ${vmName(topo, attacker)}'s events`, role));
      s1 = r1.state;
      return;
    }
    const r2 = step(s2, e);
    obs2.push(...r2.observations);
    const before = s1;
    s1 = r1.state;
    s2 = r2.state;
    const f = violationAt < 0 ? compare() : [];
    const [verdict, text] = record(f, i);
    steps.push(view(before, s1, e, r1.observations, i, verdict, text, role));
    obs1 = [];
    obs2 = [];
  });
  if (violationAt < 0) {
    const f = compare();
    if (f.length > 0) {
      record(f, steps.length - 1);
      const last = steps[steps.length - 1];
      if (last !== undefined) steps[steps.length - 1] = { ...last, verdict: 'violated', verdictText: `${property.id} violated: ${firstWords(f)}` };
    }
  }
  return { steps, violationAt, findings, ...(worlds !== undefined ? { worlds } : {}) };
}
