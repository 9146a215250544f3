// `--emit-smt2 DIR`: every query as a file an assessor re-runs with any SMT-LIB2 solver. The
// header names the property, the query, the scenario and its sha256, the solver and the
// expected answer; the body is byte for byte the text hvsafe solved (and hashed). Same scenario,
// same bytes. Each file is written whole (temp file + rename).

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Scenario } from '../config/types.js';
import { solverPackage } from './cache.js';
import { queryHash, queryText, sha256 } from './hash.js';
import type { Answer, Query } from './query.js';

/** sha256 over the scenario's files (the scenario and the SoC it includes), names and bytes. */
export function scenarioHash(s: Scenario): string {
  const parts = s.files.map((f) => {
    try {
      return `${basename(f)}\n${readFileSync(f, 'utf8')}`;
    } catch {
      return `${basename(f)}\n<unreadable>`;
    }
  });
  return sha256(parts.join('\n\0\n'));
}

export function smt2FileName(q: Query): string {
  return `${q.id.replace(/[^A-Za-z0-9._-]+/g, '__')}.smt2`;
}

export function smt2File(q: Query, scenario: Scenario, scenarioSha: string, answer?: Answer): string {
  const head = [
    `; hvsafe query ${q.id}`,
    `; property: ${q.property}`,
    `; level: ${q.level}`,
    `; claim (unsat establishes): ${q.claim.replace(/[\r\n]+/g, ' ')}`,
    `; scenario: ${scenario.name} (${basename(scenario.file)}), sha256 ${scenarioSha}`,
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
  const sha = scenarioHash(scenario);
  const written: string[] = [];
  for (const s of solved) {
    const path = join(dir, smt2FileName(s.query));
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, smt2File(s.query, scenario, sha, s.answer));
    renameSync(tmp, path);
    written.push(path);
  }
  return written;
}
