// The committed safety cases: which scenarios, where, with which options. Shared by the
// regeneration script (scripts/safety-case.ts) and the staleness test.
//
// safety-case/<example>/ for every models/*.yaml and safety-case/breaches/<name>/ for every
// models/breaches/*.yaml, with modest, fixed check options and --reproducible, so the files
// depend only on the inputs and the tool.

import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Kept small so CI can regenerate every report to check for staleness in tens of seconds. */
export const OPTIONS = { runs: 100, maxSteps: 30, seed: 1 } as const;

export interface Example {
  /** Scenario path relative to the repository root. */
  readonly scenario: string;
  /** Output folder relative to the repository root. */
  readonly out: string;
  readonly breach: boolean;
}

export function examples(root = ROOT): Example[] {
  const yaml = (dir: string): string[] =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  return [
    ...yaml('models').map((f) => ({ scenario: `models/${f}`, out: `safety-case/${basename(f, '.yaml')}`, breach: false })),
    ...yaml('models/breaches').map((f) => ({ scenario: `models/breaches/${f}`, out: `safety-case/breaches/${basename(f, '.yaml')}`, breach: true })),
  ];
}

export function reportArgs(e: Example): string[] {
  return [e.scenario, '--out', e.out, '--runs', String(OPTIONS.runs), '--max-steps', String(OPTIONS.maxSteps), '--seed', String(OPTIONS.seed), '--reproducible'];
}

