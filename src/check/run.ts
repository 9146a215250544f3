// One check run: every selected property of the catalog on one scenario, through every
// engine that can decide it. Shared by `hvsafe check` and `hvsafe report`, so the safety case
// argues from exactly what `check` would report.

import type { Scenario } from '../config/types.js';
import type { Property } from '../../proofs/property.js';
import { checkProperty, type EngineOptions, type Verdict } from '../pbt/engine.js';

export interface CheckOptions {
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed: number;
  readonly replay?: EngineOptions['replay'];
  /** Called before each property, and with run counts while one runs. */
  readonly onProgress?: (property: Property, index: number, total: number, runsDone?: number, runsTotal?: number) => void;
}

export interface CheckRun {
  readonly scenario: Scenario;
  readonly properties: readonly Property[];
  readonly verdicts: readonly Verdict[];
}

export async function runCheck(scenario: Scenario, properties: readonly Property[], opts: CheckOptions): Promise<CheckRun> {
  const verdicts: Verdict[] = [];
  properties.forEach((p, i) => {
    opts.onProgress?.(p, i, properties.length);
    let v: Verdict;
    try {
      v = checkProperty(scenario, p, {
        runs: opts.runs,
        maxSteps: opts.maxSteps,
        seed: opts.seed,
        ...(opts.replay !== undefined ? { replay: opts.replay } : {}),
        onProgress: (done, total) => opts.onProgress?.(p, i, properties.length, done, total),
      });
    } catch (e) {
      // A crash inside a check is never a pass.
      v = { property: p.id, status: 'inconclusive', engine: 'none', reason: `the check crashed: ${(e as Error).message}`, runs: 0, events: 0, timeMs: 0, findings: [] };
    }
    verdicts.push(v);
  });
  return { scenario, properties, verdicts };
}
