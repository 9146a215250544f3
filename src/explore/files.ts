// Counterexamples as files: for each violation, the event script (replayable with
// `hvsafe simulate --script` and `hvsafe explore --script`), a JSON trace (each step's event,
// what the hypervisor did, what changed, the monitor's verdict) and the same trace in the
// Informal Trace Format (ITF) of Apalache and Quint, so existing trace viewers open it.
// ITF: https://apalache-mc.org/docs/adr/015adr-trace.html

import type { Scenario } from '../config/types.js';
import { formatAddr } from '../config/units.js';
import { boot } from '../hv/boot.js';
import type { Event } from '../hv/events.js';
import { deviceName, flatVcpuName, vmName } from '../hv/names.js';
import type { State } from '../hv/state.js';
import { step } from '../hv/step.js';
import { buildTopology } from '../hv/topology.js';
import type { Verdict } from '../pbt/engine.js';
import type { Property } from '../../proofs/property.js';
import { eventToScript } from '../sim/script.js';
import { replayTrace } from './replay.js';

type Itf = null | boolean | number | string | Itf[] | { [k: string]: Itf };

/** ITF integers beyond JavaScript's safe range are written as {"#bigint": "..."}; we write every time that way. */
function big(n: number | bigint): Itf {
  return { '#bigint': n.toString() };
}

function itfState(s: State, index: number, event: Event | undefined, observations: readonly string[], violated: boolean): { [k: string]: Itf } {
  const t = s.topo;
  return {
    '#meta': { index },
    step: big(index),
    time_ns: big(s.now),
    event: event === undefined ? 'boot' : JSON.stringify(eventToScript(t, event), (_k, v: unknown) => (typeof v === 'bigint' ? formatAddr(v) : v)),
    event_kind: event === undefined ? 'boot' : event.kind,
    observations: observations.map((o) => o),
    violated,
    vms: { '#map': s.vms.map((v, i) => [vmName(t, i), { status: v.status, generation: big(v.generation) }]) },
    vcpus: {
      '#map': s.vcpus.map((c, f) => [flatVcpuName(t, f), { state: c.runaway ? 'runaway' : c.busy ? 'busy' : 'idle', pending: { '#set': c.pending.map((p) => `${p.source}:${p.intid}`) } }]),
    },
    devices: { '#map': s.devices.map((d, i) => [deviceName(t, i), d.owner < 0 ? 'none' : vmName(t, d.owner)]) },
    smmu: { '#map': [...s.streams].map(([sid, vm]) => [`0x${sid.toString(16)}`, vm < 0 ? 'none' : vmName(t, vm)]) },
    stage2: {
      '#map': s.vms.map((v, i) => [vmName(t, i), v.stage2.map((e) => ({ ipa: formatAddr(e.ipa), pa: formatAddr(e.pa), size: big(e.end - e.ipa), perms: `${e.perms.r ? 'r' : '-'}${e.perms.w ? 'w' : '-'}${e.perms.x ? 'x' : '-'}` }))]),
    },
  };
}

/** The trace as ITF: state 0 is boot, state i the state after event i. */
export function toItf(scenario: Scenario, source: string, events: readonly Event[], property: string, violationAt: number, description: string): string {
  let s = boot(scenario);
  const states: Itf[] = [itfState(s, 0, undefined, [], false)];
  const view = replayTrace(scenario, events);
  events.forEach((e, i) => {
    s = step(s, e).state;
    states.push(itfState(s, i + 1, e, view.steps[i]?.did ?? [], i === violationAt));
  });
  return JSON.stringify(
    {
      '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', source, description, property },
      vars: ['step', 'time_ns', 'event', 'event_kind', 'observations', 'violated', 'vms', 'vcpus', 'devices', 'smmu', 'stage2'],
      states,
    },
  );
}

export interface CounterexampleFile {
  readonly name: string;
  readonly text: string;
}

/** The files for every violation with a counterexample: <property>.yaml, .trace.json, .itf.json. */
export function counterexampleFiles(scenario: Scenario, source: string, verdicts: readonly Verdict[], catalog: readonly Property[], replayCommand: (token: string) => string): CounterexampleFile[] {
  const out: CounterexampleFile[] = [];
  const topo = buildTopology(scenario);
  for (const v of verdicts) {
    const ce = v.counterexample;
    if (v.status !== 'violated' || ce === undefined) continue;
    const prop = catalog.find((p) => p.id === v.property);
    if (prop === undefined) continue;
    const view = replayTrace(scenario, ce.events, prop, ce.attacker ?? 0);
    const json = {
      property: v.property,
      scenario: scenario.name,
      replay: replayCommand(ce.token),
      ...(ce.attacker !== undefined ? { attacker: vmName(topo, ce.attacker) } : {}),
      violationAt: view.violationAt,
      findings: ce.findings.map((f) => ({ message: f.message, at: `${f.at.file}:${f.at.line}:${f.at.column}`, fix: f.fix, ...(f.address !== undefined ? { address: formatAddr(f.address) } : {}) })),
      steps: view.steps.map((s, i) => ({
        step: i + 1,
        at_ns: s.at,
        event: eventToScript(topo, ce.events[i]!),
        ...(s.role !== undefined ? { role: s.role } : {}),
        text: s.event,
        did: s.did,
        changes: s.changes,
        verdict: s.verdict,
      })),
    };
    out.push({ name: `${v.property}.yaml`, text: ce.script });
    out.push({ name: `${v.property}.trace.json`, text: JSON.stringify(json, (_k, x: unknown) => (typeof x === 'bigint' ? formatAddr(x) : x), 1) + '\n' });
    out.push({ name: `${v.property}.itf.json`, text: toItf(scenario, source, ce.events, v.property, view.violationAt, `counterexample for ${v.property}: ${replayCommand(ce.token)}`) + '\n' });
  }
  return out;
}
