// hvsafe evidence: work on evidence bundles without checking anything again.
//
//   hvsafe evidence merge <bundle>… --out DIR   the bundles of sharded runs → one bundle
//   hvsafe evidence verify <bundle>             recompute every ID and digest, name each mismatch

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BundleReadError, checkBundleTarget, EvidenceDirError, mergeBundles, MergeError, readBundle, verifyBundle, writeBundle, type Bundle } from '../evidence/index.js';
import { parseCommand } from './args.js';
import { Exit, type Command, type Io } from './io.js';

const USAGE = `usage: hvsafe evidence merge <bundle-dir>… --out DIR
       hvsafe evidence verify <bundle-dir> [--inputs DIR | --no-inputs] [--public-key FILE]

merge   combines the evidence bundles of sharded runs ('hvsafe check --shard K/N
        [--shard-by runs] --evidence DIR') into one bundle, as one unsharded run would have
        written it. Refused (exit 2, with the reason) unless every bundle verifies and all were
        made from the same input files, by the same hvsafe, with the same options apart from
        the shard; refused too when two bundles cover the same runs of a property. Shards
        left out make a bundle that says it is incomplete, naming what no shard checked.
        The merged statement is new, so a merged bundle is unsigned.
          --out DIR          the merged bundle; a previous bundle there is replaced whole,
                             any other non-empty folder is refused

verify  recomputes what a bundle claims about itself: every record's ID (sha256 of its
        canonical JSON), the index and its summary, the exported SMT-LIB2 queries' hashes,
        the in-toto statement, the signature, and the input files' digests.
          --inputs DIR       where the input files are, as paths in the bundle are relative
                             to the folder the check ran in (default: the current folder)
          --no-inputs        do not re-hash the input files (a bundle verified elsewhere)
          --public-key FILE  check the DSSE signature with this PEM public key

exit codes: 0 merged / every digest matches, 1 verify found a mismatch (each one is listed),
            2 usage, unreadable bundles, or bundles that must not be merged
`;

function shown(io: Io, f: string): string {
  return (relative(io.cwd, f) || f).split('\\').join('/');
}

/**
 * A bundle folder; or why it is not one (`usage`: no folder, no index); or why a bundle with
 * an index cannot be read whole (`broken`: a listed file missing or not JSON, a mismatch).
 */
function openBundle(io: Io, path: string): Bundle | { readonly usage: string } | { readonly broken: string } {
  const dir = resolve(io.cwd, path);
  if (!existsSync(dir)) return { usage: `${path}: no such folder` };
  if (!statSync(dir).isDirectory()) return { usage: `${path}: not a folder` };
  if (!existsSync(join(dir, 'bundle.json'))) return { usage: `${path}: not an evidence bundle (no bundle.json)` };
  try {
    return readBundle(dir);
  } catch (e) {
    if (!(e instanceof BundleReadError)) throw e;
    return /bundle\.json: not (JSON|an hvsafe bundle index)/.test(e.message) ? { usage: `${path}: ${e.message}` } : { broken: `${path}: ${e.message}` };
  }
}

function problemOf(b: ReturnType<typeof openBundle>): string | undefined {
  return 'usage' in b ? b.usage : 'broken' in b ? b.broken : undefined;
}

const merge: Command = async (argv, io) => {
  const args = parseCommand('evidence merge', USAGE, argv, io, { out: { type: 'string' } });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problems: string[] = [];
  if (positionals.length === 0) problems.push('name the bundle folders to merge');
  let out: string | undefined;
  if (values.out === undefined || values.out.trim() === '') problems.push('--out DIR is required: the folder to write the merged bundle into');
  else {
    out = resolve(io.cwd, values.out);
    try {
      checkBundleTarget(out, values.out);
    } catch (e) {
      if (!(e instanceof EvidenceDirError)) throw e;
      problems.push(e.message);
    }
    for (const p of positionals) if (resolve(io.cwd, p) === out) problems.push(`--out ${values.out} is one of the bundles being merged; write the merged bundle elsewhere`);
  }
  const named: { name: string; bundle: Bundle }[] = [];
  for (const p of positionals) {
    const b = openBundle(io, p);
    const why = problemOf(b);
    if (why !== undefined) problems.push(why);
    else named.push({ name: p, bundle: b as Bundle });
  }
  if (problems.length > 0 || out === undefined) {
    io.err(problems.map((p) => `hvsafe evidence merge: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }
  let merged;
  try {
    merged = mergeBundles(named);
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    io.err(`hvsafe evidence merge: ${e.message}\nnothing was written\n`);
    return Exit.Usage;
  }
  try {
    writeBundle(out, merged.bundle);
  } catch (e) {
    io.err(`hvsafe evidence merge: cannot write ${shown(io, out)}: ${(e as Error).message}\n`);
    return Exit.Usage;
  }
  const { index } = merged.bundle;
  const s = index.summary;
  io.out(
    `hvsafe evidence merge: ${named.length} bundle${named.length === 1 ? '' : 's'} (${(index.options['merged'] as string[]).join(', ')}) → ${shown(io, out)}/\n` +
      `  ${index.properties.length} properties checked, ${index.records.length} evidence records (${s.holds} hold, ${s.violated} violated, ${s.inconclusive} inconclusive, ${s.notApplicable} not applicable${s.notChecked > 0 ? `, ${s.notChecked} not checked` : ''}); overall ${index.verdict}\n` +
      (merged.gaps.length === 0 ? '  complete: every property of the catalog, every run of each\n' : `  INCOMPLETE:\n${merged.gaps.map((g) => `    ${g}\n`).join('')}`),
  );
  return Exit.Holds;
};

const verify: Command = async (argv, io) => {
  const args = parseCommand('evidence verify', USAGE, argv, io, {
    inputs: { type: 'string' },
    'no-inputs': { type: 'boolean' },
    'public-key': { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push(`expected one bundle folder, got ${positionals.length}`);
  if (values.inputs !== undefined && values['no-inputs'] === true) problems.push('--inputs and --no-inputs exclude each other');
  let publicKey: string | undefined;
  if (values['public-key'] !== undefined) {
    try {
      publicKey = readFileSync(resolve(io.cwd, values['public-key']), 'utf8');
    } catch (e) {
      problems.push(`--public-key ${values['public-key']}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const opened = positionals.length === 1 ? openBundle(io, positionals[0]!) : undefined;
  if (opened !== undefined && 'usage' in opened) problems.push(opened.usage);
  if (problems.length > 0 || opened === undefined || 'usage' in opened) {
    io.err(problems.map((p) => `hvsafe evidence verify: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }
  if ('broken' in opened) {
    // A file the index lists is missing or unreadable: a mismatch, not a usage error.
    io.out(`hvsafe evidence verify: 1 mismatch\n  ${opened.broken}\n`);
    return Exit.Violated;
  }
  const bundle = opened;
  const v = verifyBundle(bundle, {
    ...(values['no-inputs'] === true ? {} : { inputsFrom: resolve(io.cwd, values.inputs ?? '.') }),
    ...(publicKey !== undefined ? { publicKey } : {}),
  });
  const name = positionals[0]!;
  if (v.ok) {
    io.out(
      `hvsafe evidence verify: ${name}: ok — ${bundle.index.records.length} records, ${bundle.smt2.size} solver queries, the statement${bundle.envelope !== undefined ? (publicKey !== undefined ? ' and its signature' : ' (signature not checked: no --public-key)') : ''}${values['no-inputs'] === true ? '' : ` and ${bundle.index.inputs.length} input file${bundle.index.inputs.length === 1 ? '' : 's'}`} match\n`,
    );
    return Exit.Holds;
  }
  io.out(`hvsafe evidence verify: ${name}: ${v.problems.length} mismatch${v.problems.length === 1 ? '' : 'es'}\n${v.problems.map((p) => `  ${p}\n`).join('')}`);
  return Exit.Violated;
};

export const evidenceCommand: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === 'merge') return merge(rest, io);
  if (sub === 'verify') return verify(rest, io);
  if (sub === '--help' || sub === '-h') {
    io.out(USAGE);
    return Exit.Holds;
  }
  io.err(`hvsafe evidence: ${sub === undefined ? 'name a subcommand' : `unknown subcommand '${sub}'`}: merge or verify\n\n${USAGE}`);
  return Exit.Usage;
};
