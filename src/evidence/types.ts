// The evidence contract: what every run records, and what the safety case may cite. A
// record is one (property, engine) verdict with everything needed to reproduce it. Records
// are content-addressed: the ID is the sha256 of the record's canonical JSON with the
// `timing` member removed, so the same inputs and seeds give the same ID and the same bytes
// (timings aside) on every machine.

/**
 * Which engine decided a record. `config+pbt` is one verdict of the property engine that
 * first decides the configuration and then tests traces: its findings are the union of both.
 */
export type EvidenceEngine = 'config' | 'pbt' | 'config+pbt' | 'pbt-2safety' | 'z3' | 'timing';
/**
 * `not-applicable`: the property's subject does not exist in the system (decided on the
 * configuration). `not-checked`: the engine has no obligation for the property on this
 * scenario (z3 without configuration-level queries): it ran nothing, so it shows nothing.
 */
export type EvidenceVerdict = 'holds' | 'violated' | 'inconclusive' | 'not-applicable' | 'not-checked';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

export interface InputDigest {
  /**
   * Relative to the working directory of the run (the repository root in CI), '/' separated,
   * never absolute: bundles from different checkouts match.
   */
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
  /** Why not-applicable, inconclusive or not-checked. */
  readonly reason?: string;
  /** runs, seed, maxSteps, timeoutMs, solver, solverVersion, bounds... (deterministic values only). */
  readonly parameters: { readonly [k: string]: Json };
  /** Solver queries behind a z3 verdict. */
  readonly queries?: readonly QueryRef[];
  /** What the engine actually did (runs completed, events drawn): deterministic for a seed. */
  readonly figures?: { readonly runs: number; readonly events: number };
  /** Findings as in the JSON report (message, actor, victim, resource, address hex, at, fix). */
  readonly findings: readonly Json[];
  /** A violation's counterexample: replay token and event script for pbt; witness and script for z3. */
  readonly counterexample?: { readonly [k: string]: Json };
  /** Named figures the verdict rests on (latency bounds, response times), exact integers. */
  readonly measures?: readonly {
    readonly name: string;
    readonly value: Json;
    readonly unit?: string;
    readonly limit?: Json;
    /** The declaration the measure is about, relative like every path in a record. */
    readonly at?: { readonly file: string; readonly line: number; readonly column: number };
  }[];
  readonly inputs: readonly InputDigest[];
  readonly tool: ToolInfo;
  /** Remarks an assessor should read (z3: why a violation has no trace, queries left unanswered). */
  readonly notes?: readonly string[];
  /** Excluded from the ID and from determinism. */
  readonly timing: {
    readonly wallMs: number;
    readonly startedAt?: string;
    /** z3: how many queries were answered from the cache of an earlier run, and the solver builds that answered the rest. */
    readonly cachedQueries?: number;
    readonly solvers?: readonly string[];
  };
}

export interface BundleIndex {
  readonly schema: 'hvsafe.bundle/v1';
  readonly scenario: { readonly name: string; readonly path: string; readonly sha256: string };
  readonly inputs: readonly InputDigest[];
  readonly tool: ToolInfo;
  /** The run's options: base seed, runs, maxSteps, shard, replay token. */
  readonly options: { readonly [k: string]: Json };
  /** The properties this run checked, in catalog order, and whether that is the whole catalog. */
  readonly properties: readonly string[];
  readonly complete: boolean;
  /** Sorted by property then engine. */
  readonly records: readonly IndexEntry[];
  /** Hashes of the exported SMT-LIB2 queries (`smt2/<hash>.smt2`), sorted. */
  readonly smt2: readonly string[];
  readonly summary: Summary;
  /**
   * Over the records: violated if any is, else inconclusive if any is, else not-checked if a
   * property of `properties` has no record that decided it (every one of its records is
   * not-checked, or it has none), else holds.
   */
  readonly verdict: 'holds' | 'violated' | 'inconclusive' | 'not-checked';
}

export interface IndexEntry {
  readonly id: string;
  readonly property: string;
  readonly engine: EvidenceEngine;
  readonly verdict: EvidenceVerdict;
}

export interface Summary {
  readonly holds: number;
  readonly violated: number;
  readonly inconclusive: number;
  readonly notApplicable: number;
  /** Records whose engine checked nothing (absent in bundles written before the status existed: 0). */
  readonly notChecked: number;
}

/** A bundle in memory: what `writeBundle` puts on disk and `readBundle` gives back. */
export interface Bundle {
  readonly index: BundleIndex;
  /** By ID, in index order. */
  readonly records: ReadonlyMap<string, EvidenceRecord>;
  /** SMT-LIB2 text by query hash. */
  readonly smt2: ReadonlyMap<string, string>;
  /** The in-toto Statement v1 over the inputs, with the results as predicate. */
  readonly statement: InTotoStatement;
  /** Present when the statement was signed (`--sign-key`). */
  readonly envelope?: DsseEnvelope;
}

export interface InTotoStatement {
  readonly _type: 'https://in-toto.io/Statement/v1';
  readonly subject: readonly { readonly name: string; readonly digest: { readonly sha256: string } }[];
  readonly predicateType: string;
  readonly predicate: { readonly [k: string]: Json };
}

export interface DsseEnvelope {
  readonly payloadType: 'application/vnd.in-toto+json';
  /** base64 of the statement's bytes as written in `statement.intoto.json`. */
  readonly payload: string;
  readonly signatures: readonly { readonly keyid: string; readonly sig: string }[];
}

/** What `verifyBundle` found: an empty `problems` means every ID and digest matched. */
export interface Verification {
  readonly ok: boolean;
  readonly problems: readonly string[];
}
