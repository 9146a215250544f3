// The explorer: from a scenario and the engines' verdicts (or an event script) to one HTML page.

import type { Scenario } from '../config/types.js';
import type { Event } from '../hv/events.js';
import type { Verdict } from '../pbt/engine.js';
import type { Property } from '../../proofs/property.js';
import { buildExplore } from './data.js';
import { explorePage, type PageOptions } from './page.js';

export { buildExplore, type ExploreData } from './data.js';
export { replayTrace, type TraceView } from './replay.js';

export interface ExploreRequest {
  readonly scenario: Scenario;
  readonly catalog: readonly Property[];
  readonly verdicts: readonly Verdict[];
  readonly cwd: string;
  readonly script?: { readonly name: string; readonly events: readonly Event[] };
  readonly page?: PageOptions;
}

export function renderExplorer(r: ExploreRequest): string {
  const { data, link } = buildExplore(r);
  return explorePage(r.scenario, data, link, r.page);
}
