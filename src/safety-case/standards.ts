// Citations of the standards, in one place, and the technique-compliance data: which method
// the standards name for verifying a software architecture (and for achieving
// non-interference), and which hvsafe engine provides it. Clauses are cited generically where
// we are not sure of a table's number or content in the edition at hand.

import type { EvidenceEngine } from '../evidence/types.js';

export const CLAUSES = {
  iso26262_6_ffi: 'ISO 26262-6:2018 clause 7.4 (software architectural design: coexistence of software of different ASILs, software partitioning) and Annex D (freedom from interference between software elements)',
  iso26262_9_coexistence: 'ISO 26262-9:2018 clause 6 (criteria for coexistence of elements)',
  iso26262_9_dfa: 'ISO 26262-9:2018 clause 7 (analysis of dependent failures)',
  iso26262_8_tools: 'ISO 26262-8:2018 clause 11 (confidence in the use of software tools)',
  iec61508_3_independence: 'IEC 61508-3:2010 7.4.2.8 and 7.4.2.9 (non-interference of software of different safety integrity)',
  iec61508_3_annexF: 'IEC 61508-3:2010 Annex F (techniques for achieving non-interference between software elements on a single computer)',
  iec61508_3_tools: 'IEC 61508-3:2010 7.4.4 (support tools: classes T1–T3)',
} as const;

export type Level = '++' | '+' | 'o';

export interface Technique {
  readonly standard: 'ISO 26262-6' | 'IEC 61508-3';
  readonly ref: string;
  readonly name: string;
  /** Recommendation by ASIL A, B, C, D (ISO 26262 only). */
  readonly levels?: readonly [Level, Level, Level, Level];
  /** Engines whose records count as this technique; empty when hvsafe does not provide it. */
  readonly engines: readonly EvidenceEngine[];
  /** The properties whose records count (an ID, or a prefix ending in '.'); every property when absent. */
  readonly properties?: readonly string[];
  readonly how: string;
}

/** The table of methods for the verification of the software architectural design. */
const ISO_VERIFY = 'ISO 26262-6:2018 7.4, methods for verification of the software architectural design';

export const TECHNIQUES: readonly Technique[] = [
  { standard: 'ISO 26262-6', ref: ISO_VERIFY, name: 'Walk-through of the design', levels: ['++', '+', 'o', 'o'], engines: [], how: 'Not performed by hvsafe. This report and the GSN argument are inputs to the walk-through.' },
  { standard: 'ISO 26262-6', ref: ISO_VERIFY, name: 'Inspection of the design', levels: ['+', '++', '++', '++'], engines: [], how: 'Not performed by hvsafe. Every finding names the declaration (file:line) to inspect.' },
  {
    standard: 'ISO 26262-6',
    ref: ISO_VERIFY,
    name: 'Simulation of dynamic behaviour of the design',
    levels: ['+', '+', '+', '++'],
    engines: ['pbt', 'pbt-2safety'],
    how: 'Property-based testing: seeded random and adversarial event traces run on the executable hypervisor model; every counterexample is replayed from boot.',
  },
  {
    standard: 'ISO 26262-6',
    ref: ISO_VERIFY,
    name: 'Prototype generation',
    levels: ['o', 'o', '+', '++'],
    engines: ['pbt'],
    how: 'The executable model (src/hv) is a prototype of the partitioning behaviour; `hvsafe simulate` runs it on the scenario.',
  },
  {
    standard: 'ISO 26262-6',
    ref: ISO_VERIFY,
    name: 'Formal verification',
    levels: ['o', 'o', '+', '+'],
    engines: ['config', 'z3'],
    how: 'Configuration-level claims decided exhaustively on the scenario (config); SMT proofs with Z3 where the catalog has an obligation (z3), re-run on the native solver.',
  },
  { standard: 'ISO 26262-6', ref: ISO_VERIFY, name: 'Control flow analysis', levels: ['+', '+', '++', '++'], engines: [], how: "Not provided: hvsafe analyses the configuration and a model, not the hypervisor's or guests' code." },
  {
    standard: 'ISO 26262-6',
    ref: ISO_VERIFY,
    name: 'Data flow analysis',
    properties: ['containment.fault', 'communication.channels'],
    levels: ['+', '+', '++', '++'],
    engines: ['pbt-2safety', 'config'],
    how: "Partial: information flow between VMs on the model — 2-safety non-interference tests (containment.fault) and channel permission checks (communication.channels). Not a code-level data-flow analysis.",
  },
  {
    standard: 'ISO 26262-6',
    ref: ISO_VERIFY,
    name: 'Scheduling analysis',
    properties: ['timing.'],
    levels: ['+', '+', '++', '++'],
    engines: ['timing', 'config', 'pbt'],
    how: 'Analytic bounds (src/timing): supply bound functions, fixed-priority and EDF schedulability, interrupt latency bounds per route; CPU exclusivity and cache partitioning decided on the configuration.',
  },
  {
    standard: 'IEC 61508-3',
    ref: 'IEC 61508-3:2010 Annex A, software verification',
    name: 'Formal proof',
    engines: ['z3'],
    how: 'SMT obligations (Z3) for the properties that have one; exported SMT-LIB2 re-run on the native solver.',
  },
  {
    standard: 'IEC 61508-3',
    ref: 'IEC 61508-3:2010 Annex A, software verification',
    name: 'Static analysis',
    engines: ['config'],
    how: 'Configuration checks: overlaps, routes, SMMU contexts, colours, pinning, channel permissions, each decided on the whole configuration.',
  },
  {
    standard: 'IEC 61508-3',
    ref: 'IEC 61508-3:2010 Annex A, software verification',
    name: 'Dynamic analysis and testing',
    engines: ['pbt', 'pbt-2safety'],
    how: 'Property-based testing on the model (sampled, seeded, shrunk and replayed counterexamples).',
  },
  {
    standard: 'IEC 61508-3',
    ref: 'IEC 61508-3:2010 Annex A, software architecture design',
    name: 'Static resource allocation',
    properties: ['isolation.', 'timing.cpu-exclusive', 'timing.cache-partition'],
    engines: ['config', 'pbt'],
    how: 'The scenario allocates memory, devices, interrupts, pCPUs and cache colours statically; isolation.* and timing.cpu-exclusive check the allocation.',
  },
  {
    standard: 'IEC 61508-3',
    ref: 'IEC 61508-3:2010 Annex A, software architecture design',
    name: 'Time-triggered architecture',
    properties: ['timing.budget'],
    engines: ['timing', 'pbt'],
    how: 'Time-partitioned pCPU schedules (major frame, windows) where the scenario declares them; timing.budget checks them (not applicable when the scenario has none).',
  },
  {
    standard: 'IEC 61508-3',
    ref: 'IEC 61508-3:2010 Annex A, software architecture design',
    name: 'Event-driven, with guaranteed maximum response time',
    properties: ['timing.irq-latency'],
    engines: ['timing', 'config', 'pbt'],
    how: 'Worst-case interrupt latency per route against the declared requirement (timing.irq-latency), witnessed on the model.',
  },
  {
    standard: 'IEC 61508-3',
    ref: CLAUSES.iec61508_3_annexF,
    name: 'Spatial separation (memory management hardware)',
    properties: ['isolation.memory', 'isolation.mmio', 'isolation.dma', 'isolation.hypervisor', 'containment.scrub', 'containment.fault'],
    engines: ['config', 'pbt', 'pbt-2safety', 'z3'],
    how: 'Stage-2 translation and SMMU contexts per VM: isolation.memory, isolation.mmio, isolation.dma, isolation.hypervisor, containment.scrub.',
  },
  {
    standard: 'IEC 61508-3',
    ref: CLAUSES.iec61508_3_annexF,
    name: 'Temporal separation (deterministic scheduling)',
    properties: ['timing.'],
    engines: ['config', 'pbt', 'timing'],
    how: 'Bind, time-partition and budgeted fixed-priority scheduling: timing.cpu-exclusive, timing.budget, timing.cache-partition, latency bounds.',
  },
];

const ASIL_INDEX: Readonly<Record<string, number>> = { 'ASIL-A': 0, 'ASIL-B': 1, 'ASIL-C': 2, 'ASIL-D': 3 };

/** The recommendation level of a technique for an ASIL, when the technique and the criticality have one. */
export function levelFor(t: Technique, criticality: string): Level | undefined {
  const i = ASIL_INDEX[criticality];
  return i === undefined ? undefined : t.levels?.[i];
}
