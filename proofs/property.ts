// The shape of a claim. Every property in the catalog is one module exporting one
// `Property`: what it states, which standards' fault classes it argues, when it applies,
// and the predicates the engines evaluate — over the configuration (decided statically),
// over each step of a trace (a monitor that sees every state, event and observation), or
// over two traces at once (2-safety: non-interference). The SMT obligation slot is filled
// by the solver engine later; properties without it are checked by the other engines.
//
// Properties import only `config` and `hv` (the layers below); engines and the CLI import
// properties, never the reverse.

import type { Scenario, SourceRef } from '../src/config/types.js';
import type { Event, EventKind } from '../src/hv/events.js';
import type { Observation } from '../src/hv/observations.js';
import type { State } from '../src/hv/state.js';
import type { Topology } from '../src/hv/topology.js';
import type { Query } from '../src/smt/query.js';

/** ISO 26262-6 Annex D: the three classes of interference between software elements. */
export type FaultClass = 'timing-execution' | 'memory' | 'information-exchange';
/** IEC 61508-3 Annex F: non-interference in the spatial or the temporal domain. */
export type Aspect = 'spatial' | 'temporal';

export type Applicability = { readonly applies: true } | { readonly applies: false; readonly reason: string };

export const APPLIES: Applicability = { applies: true };
export function notApplicable(reason: string): Applicability {
  return { applies: false, reason };
}

/**
 * One way a claim fails: who reached what, where, through which mapping or route, the
 * scenario line that declared it, and what would fix it.
 */
export interface Finding {
  readonly property: string;
  /** One sentence an integrator reads. */
  readonly message: string;
  /** The VM that reached (or the device's owner, for DMA), when there is one. */
  readonly actor?: string;
  /** Whose resource was reached: a VM, "hypervisor", a device, an SPI... */
  readonly victim?: string;
  /** The resource, in words: "RAM of linux", "MMIO of uart0", "SPI 294". */
  readonly resource?: string;
  /** Physical (or intermediate) address reached. */
  readonly address?: bigint;
  /** The mapping or route that made it possible, in words. */
  readonly via?: string;
  /** The scenario declaration that caused it (file:line:column). */
  readonly at: SourceRef;
  /** Further declarations involved (the other side of an overlap, the SoC's SMMU...). */
  readonly related?: readonly SourceRef[];
  readonly fix: string;
}

/** Watches one trace, step by step. Created fresh for every trace the engine runs. */
export interface TraceMonitor {
  /** The booted state, before any event. */
  start?(s0: State): readonly Finding[];
  step(before: State, event: Event, after: State, observations: readonly Observation[], index: number): readonly Finding[];
  /** After the last event. */
  end?(last: State): readonly Finding[];
}

/**
 * A 2-safety (hyperproperty) check: the engine picks an attacker VM, builds a trace of
 * interleaved attacker and background events, runs it twice — with and without the
 * attacker's events — and compares every other VM's view at each background event.
 */
export interface Relational {
  /** Which event belongs to the attacker (`attacker`), to the shared background (`base`), or to neither (`drop`). */
  classify(topo: Topology, attacker: number, e: Event): 'attacker' | 'base' | 'drop';
  /**
   * A canonical rendering of what `vm` can see in `state` plus the observations of the steps
   * since the last comparison. Equal strings = the attacker did not interfere.
   */
  view(topo: Topology, attacker: number, vm: number, state: State, observations: readonly Observation[]): ViewParts;
  /**
   * The first difference that comparing `view` for every VM gives (VMs in order, each VM's
   * parts in `view`'s order), or undefined when there is none: lets a property skip rendering
   * the views of the VMs a step left alone, so a comparison costs what changed, not the
   * system's size times its VMs. Must agree with `view` exactly (a test holds it to that).
   */
  firstDifference?(topo: Topology, attacker: number, withAttacker: State, withObs: readonly Observation[], without: State, withoutObs: readonly Observation[]): ViewDifference | undefined;
  /** Turn a difference into a finding. */
  explain(topo: Topology, attacker: number, vm: number, part: string, withAttacker: string, without: string): Finding;
  /**
   * A background event that the two worlds took differently only because of when its VM
   * runs (accepted in one, refused in the other as not resident), where the claim lets the
   * attacker change when that VM runs: the engine leaves it out of both worlds.
   */
  unscheduled?(topo: Topology, attacker: number, e: Event, withAttacker: readonly Observation[], without: readonly Observation[]): boolean;
}

/** Named pieces of a view, compared one by one so a difference can be named. */
export type ViewParts = ReadonlyMap<string, string>;

/** Where two worlds' views first differ: the VM, the part, and the part in each world. */
export interface ViewDifference {
  readonly vm: number;
  readonly part: string;
  readonly withAttacker: string;
  readonly without: string;
}

/**
 * The Z3 obligation for a property: "does a breach exist?" as SMT-LIB2 queries that must be
 * UNSAT. A SAT model is decoded back into findings and a concrete event trace, which the
 * engine replays on the model before it reports a violation.
 */
export interface SmtObligation {
  /** What the solver proves, in words. */
  readonly statement: string;
  /** The configuration-level queries for this scenario (few and linear in size: sweep, do not pair everything). */
  readonly encode?: (scenario: Scenario) => readonly Query[];
  /**
   * Explains a SAT answer of one of this obligation's queries: the findings, and the events
   * (from boot) that make the breach observable, when the property is observable.
   */
  readonly witness?: (scenario: Scenario, query: Query, model: Readonly<Record<string, bigint | boolean>>) => SmtWitness;
}

export interface SmtWitness {
  readonly findings: readonly Finding[];
  /** Replayed from boot under the property's monitor; absent for properties no trace can show. */
  readonly events?: readonly Event[];
  /** Why no event trace can show this breach (with `events` absent): the verdict says so. */
  readonly unobservable?: string;
}

/**
 * A figure the check computed (a latency bound against its requirement, a response time
 * against its deadline, a witness's observed latency): evidence beside the verdict, plain
 * JSON. `value` null means unbounded.
 */
export interface Measure {
  readonly name: string;
  readonly value: number | string | null;
  readonly unit?: string;
  /** The requirement the value is judged against, if any (null: a requirement nothing meets). */
  readonly limit?: number | null;
  /** The declaration the measure is about (the requirement, the task). */
  readonly at?: SourceRef;
}

/**
 * Thrown by a configuration check whose analysis could not finish (an iteration limit, a
 * bound reached): the engine reports the verdict as inconclusive with this message.
 */
export class CheckInconclusive extends Error {}

export interface Property {
  /** Stable: rule IDs in SARIF, goal IDs in the safety case. Never renamed. */
  readonly id: string;
  readonly title: string;
  /** One sentence. */
  readonly claim: string;
  readonly rationale: string;
  readonly iso26262: FaultClass;
  readonly iec61508: Aspect;
  applies(scenario: Scenario): Applicability;
  /** Decided on the configuration alone: every finding names the declaration. */
  checkConfig?(scenario: Scenario): readonly Finding[];
  /** A monitor for single traces (model-based testing). */
  monitor?(topo: Topology): TraceMonitor;
  /** A 2-safety comparison of two traces. */
  relational?: Relational;
  /** How the trace generator should weight event kinds for this claim (relative; default 1 each). */
  readonly stimulus?: Partial<Record<EventKind, number>>;
  /** Whether an event trace can witness a violation (false: cache colors are not in the model). */
  readonly observable: boolean;
  readonly smt?: SmtObligation;
  /** Figures behind the verdict, recorded as evidence (decided on the configuration). */
  measures?(scenario: Scenario): readonly Measure[];
  /**
   * For an observable property: an event trace (from boot) that makes a configuration finding
   * visible to the monitor. The engine replays it under `monitor`; a trace returned here must
   * reproduce, or the engine reports a tool bug. Return undefined when no exact witness can be
   * constructed (the random search still runs).
   */
  witnessTrace?(scenario: Scenario, finding: Finding): readonly Event[] | undefined;
}
