// Guest tasks and analysis results shared by the fixed-priority and EDF analyses.

/** A periodic or sporadic task; all times in one integer unit. Deadline relative to release. */
export interface Task {
  readonly name: string;
  readonly wcet: bigint;
  readonly period: bigint;
  readonly deadline: bigint;
}

export type Policy = 'fixed-priority' | 'edf';

/** Why a response time or a verdict could not be given. */
export type Unbounded =
  /** Utilization of the (higher-or-equal priority) work exceeds the supply rate. */
  | 'overload'
  /** Utilization equals the supply rate and the busy period never closes. */
  | 'busy-period-open'
  /** The analysis hit its iteration limit: no verdict (inconclusive). */
  | 'iteration-limit';

export interface TaskResult {
  readonly name: string;
  /** Worst-case response time (a sound upper bound; exact for FP), or null when unbounded. */
  readonly responseTime: bigint | null;
  readonly deadline: bigint;
  readonly meetsDeadline: boolean;
  /** Why responseTime is null. */
  readonly unbounded?: Unbounded;
  /** FP: the job (0-based, in the level-i busy period) that attains the response time. */
  readonly worstJob?: number;
  /** FP: length of the level-i busy period. */
  readonly busyPeriod?: bigint;
}

export interface Analysis {
  readonly policy: Policy;
  /** Exact with respect to the supply bound function; false also when inconclusive. */
  readonly schedulable: boolean;
  /** True when an iteration limit stopped the analysis: the verdict is inconclusive. */
  readonly inconclusive: boolean;
  readonly tasks: readonly TaskResult[];
  /** EDF: the first t with dbf(t) > sbf(t), when one was found. */
  readonly witness?: { readonly t: bigint; readonly demand: bigint; readonly supply: bigint };
  /** EDF: the largest t checked. */
  readonly horizon?: bigint;
}

/** Default cap on fixed-point iterations and EDF check points. */
export const DEFAULT_LIMIT = 5_000_000;

export function checkTask(t: Task): string | undefined {
  if (t.wcet <= 0n) return `task '${t.name}': wcet must be > 0`;
  if (t.period <= 0n) return `task '${t.name}': period must be > 0`;
  if (t.deadline <= 0n) return `task '${t.name}': deadline must be > 0`;
  return undefined;
}
