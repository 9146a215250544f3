// The evidence bundle: a folder that says what one check run showed, file by file.
//
//   bundle.json                   the index: inputs, tool, options, records by ID, summary
//   records/<id>.json             one per (property, engine) verdict; id = sha256 of the
//                                 record's canonical JSON without `timing`
//   smt2/<hash>.smt2              the exported solver queries, when a proof ran
//   statement.intoto.json         in-toto Statement v1: subject = inputs, predicate = results
//   statement.intoto.dsse.json    the statement signed in a DSSE envelope (with --sign-key)
//
// Everything but the records' `timing` member is a function of the inputs, the options and
// the tool: the same run gives the same bytes. A bundle is written whole or not at all: it is
// built in a sibling temporary folder and renamed into place; a previous bundle in the target
// is replaced, any other non-empty folder is refused.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { match } from 'ts-pattern';
import type { CheckRun } from '../check/run.js';
import { buildTopology } from '../hv/topology.js';
import { smt2File } from '../smt/export.js';
import { CATALOG } from '../../proofs/index.js';
import { buildStatement, signStatement, statementBytes, verifyEnvelope, type SigningKey } from './attest.js';
import { canonicalPretty, sha256Hex } from './canonical.js';
import { evidencePath, inputDigests } from './inputs.js';
import { proofRecord, recordId, verdictRecord, type RecordContext } from './record.js';
import { toolInfo } from './tool.js';
import type { Bundle, BundleIndex, DsseEnvelope, EvidenceRecord, EvidenceVerdict, InTotoStatement, Json, Summary, ToolInfo, Verification } from './types.js';

export interface BundleContext {
  /** Paths in the bundle are relative to this folder (the repository root in CI). */
  readonly cwd: string;
  /** The options the run was made with. */
  readonly options: {
    readonly runs: number;
    readonly maxSteps: number;
    readonly seed: number;
    readonly shard?: string;
    readonly replay?: string | null;
    /** Engines asked for (default pbt and z3) and the per-query Z3 time limit. */
    readonly engines?: readonly string[];
    readonly timeoutMs?: number;
    /** The Z3 build that answered (see smt/backend.ts); default the z3-solver package. */
    readonly solver?: string;
    /** How the run was sharded ('property' by default) and, by runs, the slice it drew. */
    readonly shardBy?: 'property' | 'runs';
    readonly runRange?: { readonly from: number; readonly to: number };
  };
  /** sha256 by absolute path of the bytes the loader read (`recordingReader().digests`); files missing here are hashed now. */
  readonly digests?: ReadonlyMap<string, string>;
  /** Defaults to this hvsafe's version and commit. */
  readonly tool?: ToolInfo;
  /** ISO time the run started: goes into the records' `timing` only. */
  readonly startedAt?: string;
  /** Sign the statement into a DSSE envelope. */
  readonly signingKey?: SigningKey;
}

const ENGINE_ORDER = ['config', 'config+pbt', 'pbt', 'pbt-2safety', 'z3', 'timing'];

function byPropertyThenEngine(a: EvidenceRecord, b: EvidenceRecord): number {
  if (a.property !== b.property) return a.property < b.property ? -1 : 1;
  return ENGINE_ORDER.indexOf(a.engine) - ENGINE_ORDER.indexOf(b.engine);
}

export function summarize(records: readonly { readonly verdict: EvidenceVerdict }[]): Summary {
  const s = { holds: 0, violated: 0, inconclusive: 0, notApplicable: 0, notChecked: 0 };
  for (const r of records) {
    const key = match(r.verdict)
      .with('holds', () => 'holds' as const)
      .with('violated', () => 'violated' as const)
      .with('inconclusive', () => 'inconclusive' as const)
      .with('not-applicable', () => 'notApplicable' as const)
      .with('not-checked', () => 'notChecked' as const)
      .exhaustive();
    s[key]++;
  }
  return s;
}

/** Whether a record's verdict decides its property (says something either way). */
export function decides(v: EvidenceVerdict): boolean {
  return match(v)
    .with('holds', 'violated', 'inconclusive', 'not-applicable', () => true)
    .with('not-checked', () => false)
    .exhaustive();
}

/** The properties of `properties` that no record decides: not checked by the run. */
export function uncheckedProperties(records: readonly { readonly property: string; readonly verdict: EvidenceVerdict }[], properties: readonly string[]): string[] {
  const decided = new Set(records.filter((r) => decides(r.verdict)).map((r) => r.property));
  return properties.filter((p) => !decided.has(p));
}

/** Over the records: violated, else inconclusive, else not-checked (a property no record decides), else holds. */
export function overall(records: readonly { readonly property: string; readonly verdict: EvidenceVerdict }[], properties: readonly string[]): BundleIndex['verdict'] {
  const s = summarize(records);
  return s.violated > 0 ? 'violated' : s.inconclusive > 0 ? 'inconclusive' : uncheckedProperties(records, properties).length > 0 ? 'not-checked' : 'holds';
}

/** Build the whole bundle in memory: records, index, statement (and envelope when signing). */
export function buildBundle(run: CheckRun, ctx: BundleContext): Bundle {
  const { scenario } = run;
  const inputs = inputDigests(scenario, ctx.cwd, ctx.digests);
  const tool = ctx.tool ?? toolInfo();
  const rctx: RecordContext = {
    cwd: ctx.cwd,
    scenario,
    topo: buildTopology(scenario),
    options: {
      runs: ctx.options.runs,
      maxSteps: ctx.options.maxSteps,
      seed: ctx.options.seed,
      replay: ctx.options.replay ?? null,
      ...(ctx.options.timeoutMs !== undefined ? { timeoutMs: ctx.options.timeoutMs } : {}),
      ...(ctx.options.solver !== undefined ? { solver: ctx.options.solver } : {}),
      ...(ctx.options.runRange !== undefined ? { runRange: ctx.options.runRange } : {}),
    },
    inputs,
    tool,
    ...(ctx.startedAt !== undefined ? { startedAt: ctx.startedAt } : {}),
  };
  // One record per engine that ran: the property engine's own verdicts and Z3's, never their
  // combination (which would credit one engine with what the other showed).
  const list: EvidenceRecord[] = [
    ...run.tests.map((v) => verdictRecord(v, rctx, run.properties.find((p) => p.id === v.property))),
    ...run.proofs.map((p) => proofRecord(p, rctx)),
  ];
  list.sort(byPropertyThenEngine);

  // Each query as the file an assessor re-runs (the same text `hvsafe prove --emit-smt2` writes).
  const smt2 = new Map<string, string>();
  if (run.proofs.length > 0) {
    // The headers name the same bytes the inputs' digests do: those the loader read.
    const files = inputs.map((i) => ({ name: i.path.split('/').pop() ?? i.path, sha256: i.sha256 }));
    for (const p of run.proofs) for (const s of p.solved) smt2.set(s.hash, smt2File(s.query, scenario, files, s.answer));
  }

  const records = new Map<string, EvidenceRecord>();
  for (const r of list) records.set(recordId(r), r);
  const entries = [...records].map(([id, r]) => ({ id, property: r.property, engine: r.engine, verdict: r.verdict }));
  const summary = summarize(entries);
  const checked = run.properties.map((p) => p.id);
  const index: BundleIndex = {
    schema: 'hvsafe.bundle/v1',
    scenario: { name: scenario.name, path: evidencePath(scenario.file, ctx.cwd), sha256: inputs[0]?.sha256 ?? '' },
    inputs,
    tool,
    options: {
      runs: ctx.options.runs,
      maxSteps: ctx.options.maxSteps,
      seed: ctx.options.seed,
      shard: ctx.options.shard ?? '1/1',
      ...(ctx.options.shardBy === 'runs' ? { shardBy: 'runs' } : {}),
      replay: ctx.options.replay ?? null,
      ...(ctx.options.engines !== undefined ? { engines: [...ctx.options.engines] } : {}),
      ...(ctx.options.timeoutMs !== undefined ? { timeoutMs: ctx.options.timeoutMs } : {}),
    },
    properties: checked,
    complete: CATALOG.every((p) => checked.includes(p.id)),
    records: entries,
    smt2: [...smt2.keys()].sort(),
    summary,
    verdict: overall(entries, checked),
  };
  const statement = buildStatement(index, sha256Hex(canonicalPretty(index)));
  const envelope = ctx.signingKey !== undefined ? signStatement(statementBytes(statement), ctx.signingKey) : undefined;
  return { index, records, smt2: new Map([...smt2].sort(([a], [b]) => (a < b ? -1 : 1))), statement, ...(envelope !== undefined ? { envelope } : {}) };
}

// ---------------------------------------------------------------- writing

/** The target folder cannot take a bundle (a file, or a folder holding something else). */
export class EvidenceDirError extends Error {}

const INDEX = 'bundle.json';
const STATEMENT = 'statement.intoto.json';
const ENVELOPE = 'statement.intoto.dsse.json';

function isBundleDir(dir: string): boolean {
  try {
    const idx = JSON.parse(readFileSync(join(dir, INDEX), 'utf8')) as { schema?: unknown };
    return idx.schema === 'hvsafe.bundle/v1';
  } catch {
    return false;
  }
}

/**
 * Whether `dir` (named `shown` in messages) may receive a bundle: absent, empty, or holding a previous bundle (replaced).
 * Throws EvidenceDirError with the reason otherwise; run it before a check so a refusal costs
 * nothing.
 */
export function checkBundleTarget(dir: string, shown: string = dir): void {
  const abs = resolve(dir);
  if (!existsSync(abs)) {
    const parent = dirname(abs);
    if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new EvidenceDirError(`cannot write the evidence bundle to '${shown}': its parent folder ${parent} does not exist`);
    return;
  }
  if (!statSync(abs).isDirectory()) throw new EvidenceDirError(`cannot write the evidence bundle to '${shown}': it is a file, not a folder`);
  if (readdirSync(abs).length > 0 && !isBundleDir(abs)) {
    throw new EvidenceDirError(`refusing to write the evidence bundle into '${shown}': the folder is not empty and holds no previous bundle (no ${INDEX}); name a new or empty folder`);
  }
}

function writeFiles(dir: string, bundle: Bundle): void {
  mkdirSync(join(dir, 'records'));
  for (const [id, r] of bundle.records) writeFileSync(join(dir, 'records', `${id}.json`), canonicalPretty(r));
  if (bundle.smt2.size > 0) {
    mkdirSync(join(dir, 'smt2'));
    for (const [hash, text] of bundle.smt2) writeFileSync(join(dir, 'smt2', `${hash}.smt2`), text);
  }
  writeFileSync(join(dir, STATEMENT), statementBytes(bundle.statement));
  if (bundle.envelope !== undefined) writeFileSync(join(dir, ENVELOPE), canonicalPretty(bundle.envelope));
  // The index last: a folder with an index is a complete bundle.
  writeFileSync(join(dir, INDEX), canonicalPretty(bundle.index));
}

/**
 * Write the bundle to `dir`, whole: into a temporary sibling folder first, then renamed into
 * place. A previous bundle there is moved aside and removed only once the new one is in place.
 */
export function writeBundle(dir: string, bundle: Bundle): void {
  const abs = resolve(dir);
  checkBundleTarget(abs);
  const tmp = mkdtempSync(join(dirname(abs), `.${basename(abs)}.tmp-`));
  try {
    // mkdtemp makes the folder private (0700); a bundle is meant to be read by others.
    chmodSync(tmp, 0o755 & ~process.umask());
    writeFiles(tmp, bundle);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  let old: string | undefined;
  try {
    if (existsSync(abs)) {
      old = `${tmp}.old`;
      renameSync(abs, old);
    }
    renameSync(tmp, abs);
  } catch (e) {
    // Put the previous bundle back if it was moved; never leave the target half-replaced.
    if (old !== undefined && !existsSync(abs) && existsSync(old)) renameSync(old, abs);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (old !== undefined) rmSync(old, { recursive: true, force: true });
}

// ---------------------------------------------------------------- reading and verifying

export class BundleReadError extends Error {}

function readJson(dir: string, rel: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, rel), 'utf8');
  } catch (e) {
    throw new BundleReadError(`${join(dir, rel)}: cannot read (${(e as { code?: string }).code === 'ENOENT' ? 'no such file' : (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BundleReadError(`${join(dir, rel)}: not JSON (${(e as Error).message})`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Read a bundle written by `writeBundle`. Throws BundleReadError on a missing or malformed file; use `verifyBundle` for the digests. */
export function readBundle(dir: string): Bundle {
  const index = readJson(dir, INDEX);
  if (!isObject(index) || index['schema'] !== 'hvsafe.bundle/v1' || !Array.isArray(index['records'])) {
    throw new BundleReadError(`${join(dir, INDEX)}: not an hvsafe bundle index (schema hvsafe.bundle/v1)`);
  }
  const idx = index as unknown as BundleIndex;
  const records = new Map<string, EvidenceRecord>();
  for (const e of idx.records) {
    if (!isObject(e) || typeof e.id !== 'string' || !/^[0-9a-f]{64}$/.test(e.id)) throw new BundleReadError(`${join(dir, INDEX)}: a record entry has no valid id`);
    const r = readJson(dir, join('records', `${e.id}.json`));
    if (!isObject(r) || r['schema'] !== 'hvsafe.evidence/v1') throw new BundleReadError(`records/${e.id}.json: not an hvsafe evidence record`);
    records.set(e.id, r as unknown as EvidenceRecord);
  }
  const smt2 = new Map<string, string>();
  for (const h of Array.isArray(idx.smt2) ? idx.smt2 : []) {
    if (!/^[0-9a-f]{64}$/.test(h)) throw new BundleReadError(`${join(dir, INDEX)}: smt2 entry '${h}' is not a sha256`);
    try {
      smt2.set(h, readFileSync(join(dir, 'smt2', `${h}.smt2`), 'utf8'));
    } catch {
      throw new BundleReadError(`smt2/${h}.smt2: missing`);
    }
  }
  const statement = readJson(dir, STATEMENT) as InTotoStatement;
  const envelope = existsSync(join(dir, ENVELOPE)) ? (readJson(dir, ENVELOPE) as DsseEnvelope) : undefined;
  return { index: idx, records, smt2, statement, ...(envelope !== undefined ? { envelope } : {}) };
}

/**
 * Whether an exported query file is the query its name says: the solver engine hashes the text
 * below the comment header, up to its `(check-sat)`; a SAT query's file adds `(get-model)`.
 */
export function smt2Matches(text: string, hash: string): boolean {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith(';')) i++;
  const body = lines.slice(i).join('\n');
  return sha256Hex(body) === hash || (body.endsWith('(get-model)\n') && sha256Hex(body.slice(0, -'(get-model)\n'.length)) === hash);
}

export interface VerifyOptions {
  /** Re-hash the input files, found relative to this folder. */
  readonly inputsFrom?: string;
  /** Check the DSSE signature with this public key (PEM). */
  readonly publicKey?: string;
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return canonicalPretty(a ?? null) === canonicalPretty(b ?? null);
}

/**
 * Recompute what a bundle claims about itself: every record's ID, the index entries, the
 * solver files' hashes, the statement against the index, the envelope's payload (and its
 * signature, given a public key), and the input files' digests (given where they are).
 */
export function verifyBundle(bundle: Bundle, opts: VerifyOptions = {}): Verification {
  const problems: string[] = [];
  const { index } = bundle;
  for (const e of index.records) {
    const r = bundle.records.get(e.id);
    if (r === undefined) {
      problems.push(`record ${e.id} is listed in the index but missing`);
      continue;
    }
    const id = recordId(r);
    if (id !== e.id) problems.push(`record ${e.id} (${r.property}, ${r.engine}) has been altered: its content hashes to ${id}`);
    if (r.property !== e.property || r.engine !== e.engine || r.verdict !== e.verdict) {
      problems.push(`record ${e.id}: the index says ${e.property}/${e.engine} ${e.verdict}, the record ${r.property}/${r.engine} ${r.verdict}`);
    }
    if (!same(r.inputs as unknown as Json, index.inputs as unknown as Json)) problems.push(`record ${e.id}: its inputs differ from the index's`);
    for (const q of r.queries ?? []) if (!bundle.smt2.has(q.hash)) problems.push(`record ${e.id}: query ${q.id} has no exported smt2/${q.hash}.smt2`);
  }
  if (bundle.records.size !== index.records.length) problems.push(`the bundle holds ${bundle.records.size} records, the index lists ${index.records.length}`);
  for (const [hash, text] of bundle.smt2) if (!smt2Matches(text, hash)) problems.push(`smt2/${hash}.smt2 is not the query its name says (its text below the header does not hash to it)`);
  const s = summarize(index.records);
  // A bundle written before not-checked existed has no count of it: it had none.
  const claimed: Summary = { ...index.summary, notChecked: (index.summary as Partial<Summary>).notChecked ?? 0 };
  if (!same(s as unknown as Json, claimed as unknown as Json) || overall(index.records, index.properties) !== index.verdict) problems.push('the index summary or overall verdict does not match its records');

  const expected = buildStatement(index, sha256Hex(canonicalPretty(index)));
  if (!same(expected as unknown as Json, bundle.statement as unknown as Json)) problems.push(`${STATEMENT} does not match the index (subjects, records, verdict or index digest)`);
  if (bundle.envelope !== undefined) {
    const payload = Buffer.from(bundle.envelope.payload, 'base64');
    if (!payload.equals(statementBytes(bundle.statement))) problems.push(`${ENVELOPE}: the signed payload is not ${STATEMENT}`);
    if (opts.publicKey !== undefined && !verifyEnvelope(bundle.envelope, opts.publicKey)) problems.push(`${ENVELOPE}: the signature does not verify with the given public key`);
  } else if (opts.publicKey !== undefined) problems.push(`a public key was given but the bundle is not signed (no ${ENVELOPE})`);

  if (opts.inputsFrom !== undefined) {
    for (const i of index.inputs) {
      let digest: string;
      try {
        digest = sha256Hex(readFileSync(resolve(opts.inputsFrom, i.path)));
      } catch {
        problems.push(`input ${i.path} (${i.role}) cannot be read`);
        continue;
      }
      if (digest !== i.sha256) problems.push(`input ${i.path} (${i.role}) has changed: sha256 ${digest}, the bundle says ${i.sha256}`);
    }
  }
  return { ok: problems.length === 0, problems };
}
