// The smallest budget that makes a task set schedulable on a periodic resource.

import { analyze } from './analyze.js';
import { periodic } from './supply.js';
import { DEFAULT_LIMIT, type Policy, type Task } from './task.js';

/**
 * The smallest integer Θ in 0..Π such that `tasks` is schedulable under `policy` on the
 * periodic resource Γ(Π, Θ); null when not even Θ = Π suffices (or an analysis was
 * inconclusive at Θ = Π). sbf of Γ(Π, Θ) grows pointwise with Θ, so schedulability is
 * monotone in Θ and a binary search finds the least one.
 */
export function minBudget(tasks: readonly Task[], policy: Policy, period: bigint, limit = DEFAULT_LIMIT): bigint | null {
  if (period <= 0n) throw new RangeError('period must be > 0');
  const ok = (b: bigint): boolean => {
    const a = analyze(tasks, policy, periodic(period, b), limit);
    return a.schedulable && !a.inconclusive;
  };
  if (!ok(period)) return null;
  let lo = 0n; // lo: unknown-or-failing lower end
  let hi = period; // hi: schedulable
  if (ok(0n)) return 0n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
