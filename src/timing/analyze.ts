// One entry point for guest schedulability on a supply, by policy.

import { analyzeEdf } from './edf.js';
import { analyzeFp } from './fp.js';
import type { Supply } from './supply.js';
import { DEFAULT_LIMIT, type Analysis, type Policy, type Task } from './task.js';

/** Fixed priority: `tasks` highest priority first. */
export function analyze(tasks: readonly Task[], policy: Policy, s: Supply, limit = DEFAULT_LIMIT): Analysis {
  return policy === 'edf' ? analyzeEdf(tasks, s, limit) : analyzeFp(tasks, s, limit);
}
