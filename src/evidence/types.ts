// The evidence contract: what every run records, and what the safety case may cite. A
// record is one (property, engine) verdict with everything needed to reproduce it. Records
// are content-addressed: the ID is the sha256 of the record's canonical JSON with the
// `timing` member removed, so the same inputs and seeds give the same ID and the same bytes
// (timings aside) on every machine.

export type EvidenceEngine = 'config' | 'pbt' | 'pbt-2safety' | 'z3' | 'timing';
export type EvidenceVerdict = 'holds' | 'violated' | 'inconclusive' | 'not-applicable';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

export interface InputDigest {
  /** Relative to the scenario's directory's repository root as given on the command line, '/' separated. */
  readonly path: string;
  readonly role: 'scenario' | 'soc' | 'script';
  readonly sha256: string;
}

export interface ToolInfo {
  readonly name: 'hvsafe';
  readonly version: string;
  /** git commit of the tool checkout, or null when not in a git checkout. */
  readonly commit: string | null;
}

export interface QueryRef {
  readonly id: string;
  readonly hash: string;
  readonly expected: 'unsat';
  readonly answer: 'sat' | 'unsat' | 'unknown';
  /** Path of the exported SMT-LIB2 file inside the bundle (`smt2/<hash>.smt2`). */
  readonly smt2: string;
  readonly bound?: string;
}

export interface EvidenceRecord {
  readonly schema: 'hvsafe.evidence/v1';
  readonly property: string;
  readonly engine: EvidenceEngine;
  readonly verdict: EvidenceVerdict;
  /** Why not-applicable or inconclusive. */
  readonly reason?: string;
  /** runs, seed, maxSteps, timeoutMs, solver, solverVersion, bounds... (deterministic values only). */
  readonly parameters: { readonly [k: string]: Json };
  /** Solver queries behind a z3 verdict. */
  readonly queries?: readonly QueryRef[];
  /** Findings as in the JSON report (message, actor, victim, resource, address hex, at, fix). */
  readonly findings: readonly Json[];
  /** A violation's counterexample: replay token and event script for pbt; witness and script for z3. */
  readonly counterexample?: { readonly [k: string]: Json };
  /** Named figures the verdict rests on (latency bounds, response times), exact integers. */
  readonly measures?: readonly { readonly name: string; readonly value: Json; readonly unit?: string; readonly limit?: Json }[];
  readonly inputs: readonly InputDigest[];
  readonly tool: ToolInfo;
  /** Excluded from the ID and from determinism. */
  readonly timing: { readonly wallMs: number; readonly startedAt?: string };
}

export interface BundleIndex {
  readonly schema: 'hvsafe.bundle/v1';
  readonly scenario: { readonly name: string; readonly path: string; readonly sha256: string };
  readonly inputs: readonly InputDigest[];
  readonly tool: ToolInfo;
  /** Sorted by property then engine. */
  readonly records: readonly { readonly id: string; readonly property: string; readonly engine: EvidenceEngine; readonly verdict: EvidenceVerdict }[];
}
