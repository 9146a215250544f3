// The exit code of a run, from its verdicts, the same for every command: 1 if any property is
// violated; else 3 if any is inconclusive or was not checked (nothing decided it, which is never
// a pass); else 0 (every property holds or does not apply).

import { match } from 'ts-pattern';
import type { Status } from '../pbt/engine.js';
import { Exit, type ExitCode } from './io.js';

export function exitOf(statuses: Iterable<Status>): ExitCode {
  let violated = false;
  let open = false;
  for (const s of statuses) {
    match(s)
      .with('violated', () => void (violated = true))
      .with('inconclusive', 'not-checked', () => void (open = true))
      .with('holds', 'not-applicable', () => undefined)
      .exhaustive();
  }
  return violated ? Exit.Violated : open ? Exit.Inconclusive : Exit.Holds;
}
