// `--emit-smt2 DIR`: every query as a file an assessor re-runs with any SMT-LIB2 solver. The
// header names the property, the query, the scenario, the sha256 of each input file (the same
// digest `sha256sum FILE` prints), the solver and the expected answer; the body is byte for
// byte the text hvsafe solved (and hashed). Same scenario, same bytes. Each file is written
// whole (temp file + rename).

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import type { Scenario } from '../config/types.js';
import { solverPackage } from './cache.js';
import { queryHash, queryText } from './hash.js';
import type { Answer, Query } from './query.js';

/** One input file as a query header names it: base name and the sha256 of its bytes. */
export interface FileDigest {
  readonly name: string;
  readonly sha256: string;
}

/**
 * The scenario's files (the scenario first, then the SoC it includes) with the sha256 of their
 * bytes, as `sha256sum` gives it. Callers that recorded the bytes they loaded pass those
 * digests, so the header names what was checked rather than what the file holds now.
 */
export function fileDigests(s: Scenario, recorded?: ReadonlyMap<string, string>): FileDigest[] {
  return s.files.map((f) => {
    const known = recorded?.get(resolve(f));
    if (known !== undefined) return { name: basename(f), sha256: known };
    try {
      return { name: basename(f), sha256: createHash('sha256').update(readFileSync(f)).digest('hex') };
    } catch {
      return { name: basename(f), sha256: 'unreadable' };
    }
  });
}

export function smt2FileName(q: Query): string {
  return `${q.id.replace(/[^A-Za-z0-9._-]+/g, '__')}.smt2`;
}

export function smt2File(q: Query, scenario: Scenario, files: readonly FileDigest[], answer?: Answer): string {
  const [main, ...included] = files;
  const head = [
    `; hvsafe query ${q.id}`,
    `; property: ${q.property}`,
    `; level: ${q.level}`,
    `; claim (unsat establishes): ${q.claim.replace(/[\r\n]+/g, ' ')}`,
    `; scenario: ${scenario.name} (${main?.name ?? basename(scenario.file)}), file sha256 ${main?.sha256 ?? 'unknown'}`,
    ...included.map((f) => `; included file: ${f.name}, file sha256 ${f.sha256}`),
    `; query sha256 (text below this header): ${queryHash(q)}`,
    `; solver: ${solverPackage()}; standard SMT-LIB2 (QF_BV), re-run with e.g. z3 <file>`,
    ...(q.bound !== undefined ? [`; bound: ${q.bound}`] : []),
    `; expected: unsat`,
    ...(answer?.status === 'sat' ? [`; hvsafe found: sat (a breach; the model names the witness)`] : []),
  ];
  return `${head.join('\n')}\n${queryText(q)}${answer?.status === 'sat' ? '(get-model)\n' : ''}`;
}

export function emitSmt2(dir: string, scenario: Scenario, solved: readonly { query: Query; answer?: Answer }[]): string[] {
  mkdirSync(dir, { recursive: true });
  const files = fileDigests(scenario);
  const written: string[] = [];
  for (const s of solved) {
    const path = join(dir, smt2FileName(s.query));
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, smt2File(s.query, scenario, files, s.answer));
    renameSync(tmp, path);
    written.push(path);
  }
  return written;
}
