// Reads vitest's JSON report (`--reporter=json --outputFile=FILE`) and names every test that
// did not run: skipped, pending or todo. `.ci/run` fails when there is any, so a CI run can
// never pass on tests that were silently left out.
//
//   vite-node scripts/ci-no-skips.ts test-output/vitest.json

import { readFileSync } from 'node:fs';

interface Assertion {
  readonly fullName?: string;
  readonly title?: string;
  readonly status?: string;
}
interface FileResult {
  readonly name?: string;
  readonly assertionResults?: readonly Assertion[];
}

/** Every test of the report that did not run, as "file: full name (status)". */
export function notRun(report: unknown): string[] {
  const files = (report as { testResults?: readonly FileResult[] }).testResults;
  if (!Array.isArray(files)) throw new Error('not a vitest JSON report (no testResults)');
  return files.flatMap((f: FileResult) =>
    (f.assertionResults ?? []).filter((a) => a.status !== 'passed' && a.status !== 'failed').map((a) => `${f.name ?? '?'}: ${a.fullName ?? a.title ?? '?'} (${a.status ?? 'no status'})`),
  );
}

/** The CI gate: 0 when every test of the report ran, 1 naming those that did not, 2 without a report. */
export function noSkips(path: string | undefined, write: { out: (t: string) => void; err: (t: string) => void }): number {
  if (path === undefined) {
    write.err('usage: vite-node scripts/ci-no-skips.ts VITEST_JSON\n');
    return 2;
  }
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    write.err(`${path}: cannot read the vitest JSON report (${(e as Error).message})\n`);
    return 2;
  }
  const missed = notRun(report);
  if (missed.length === 0) {
    write.out('every test ran (none skipped)\n');
    return 0;
  }
  write.err(`${missed.length} test${missed.length === 1 ? '' : 's'} did not run; CI demands every test:\n${missed.map((m) => `  ${m}\n`).join('')}`);
  return 1;
}
