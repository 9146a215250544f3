// The timing task file: a policy, a supply and a task set, in plain integers of one time
// unit. Loaded with the positioned cursor so every mistake is reported at file:line:column,
// all at once.
//
//   policy: fixed-priority        # or: edf (tasks highest priority first under fixed priority)
//   supply: { kind: periodic, period: 5, budget: 3 }
//   tasks:
//     - { name: a, wcet: 1, period: 4 }            # deadline defaults to the period
//     - { name: b, wcet: 1, period: 5, deadline: 5 }

import { parseSource, type Cursor } from '../config/cursor.js';
import { DiagnosticSink, type Loaded } from '../config/diagnostics.js';
import type { SupplySpec, Window } from './supply.js';
import type { Policy, Task } from './task.js';

export interface TaskFile {
  readonly file: string;
  readonly policy: Policy;
  readonly supply: SupplySpec;
  readonly tasks: readonly Task[];
}

const KINDS = ['dedicated', 'periodic', 'edp', 'windows'] as const;

/** The analyses are polynomial in these; beyond them a file is a mistake, refused at its line. */
export const MAX_TASKS = 10_000;
export const MAX_WINDOWS = 1_000;

export function loadTaskFile(file: string, text: string, opts: { requireTasks?: boolean } = {}): Loaded<TaskFile> {
  const sink = new DiagnosticSink();
  const root = parseSource(file, text, sink);
  if (root === undefined) return { ok: false, diagnostics: sink.sorted() };
  if (!root.map(['policy', 'supply', 'tasks'], 'a timing task file')) return { ok: false, diagnostics: sink.sorted() };

  const policyC = root.get('policy');
  const policy: Policy | undefined = policyC === undefined ? 'fixed-priority' : policyC.oneOf(['fixed-priority', 'edf'] as const);

  const supplyC = root.need('supply', '{ kind: dedicated }');
  const supply = supplyC === undefined ? undefined : readSupply(supplyC);

  const tasksC = opts.requireTasks === false ? root.get('tasks') : root.need('tasks', '[{ name: a, wcet: 1, period: 4 }]');
  const tasks = tasksC === undefined ? [] : readTasks(tasksC);

  if (sink.count > 0 || policy === undefined || supply === undefined || tasks === undefined) {
    return { ok: false, diagnostics: sink.sorted() };
  }
  return { ok: true, value: { file, policy, supply, tasks } };
}

function int(c: Cursor | undefined, min: number): bigint | undefined {
  if (c === undefined) return undefined;
  const v = c.int(min);
  return v === undefined ? undefined : BigInt(v);
}

function readSupply(c: Cursor): SupplySpec | undefined {
  if (!c.isMap()) {
    c.error(`'supply' must be a mapping with a 'kind'`, `write for example '{ kind: periodic, period: 5, budget: 3 }' or '{ kind: dedicated }'`);
    return undefined;
  }
  const kindC = c.need('kind', KINDS.join(' | '));
  const kind = kindC?.oneOf(KINDS);
  if (kind === undefined) return undefined;
  switch (kind) {
    case 'dedicated':
      c.map(['kind'], 'a dedicated supply');
      return { kind };
    case 'periodic': {
      c.map(['kind', 'period', 'budget'], 'a periodic supply');
      const periodC = c.need('period', '5');
      const budgetC = c.need('budget', '3');
      const period = int(periodC, 1);
      const budget = int(budgetC, 0);
      if (period === undefined || budget === undefined) return undefined;
      if (budget > period) {
        budgetC!.semantic(`budget ${budget} exceeds the period ${period}`, `write a budget from 0 to ${period}, or a longer period`);
        return undefined;
      }
      return { kind, period, budget };
    }
    case 'edp': {
      c.map(['kind', 'period', 'budget', 'deadline'], 'an EDP supply');
      const periodC = c.need('period', '11');
      const budgetC = c.need('budget', '2');
      const deadlineC = c.need('deadline', '5');
      const period = int(periodC, 1);
      const budget = int(budgetC, 0);
      const deadline = int(deadlineC, 0);
      if (period === undefined || budget === undefined || deadline === undefined) return undefined;
      let ok = true;
      if (budget > period) {
        budgetC!.semantic(`budget ${budget} exceeds the period ${period}`, `write a budget from 0 to ${period}`);
        ok = false;
      } else if (deadline < budget || deadline > period) {
        deadlineC!.semantic(
          `deadline ${deadline} must lie within budget..period (${budget}..${period})`,
          `the supply must fit between the budget and the period: write a deadline from ${budget} to ${period}`,
        );
        ok = false;
      }
      return ok ? { kind, period, budget, deadline } : undefined;
    }
    case 'windows': {
      c.map(['kind', 'frame', 'windows'], 'a window-table supply');
      const frameC = c.need('frame', '20');
      const frame = int(frameC, 1);
      const listC = c.need('windows', '[[0, 4], [10, 3]]');
      if (listC === undefined) return undefined;
      const ws: { w: Window; at: Cursor }[] = [];
      let ok = frame !== undefined;
      if (listC.isSeq() && listC.items('[start, length] pairs').length > MAX_WINDOWS) {
        listC.error(`a window table may hold at most ${MAX_WINDOWS} windows`, 'merge adjacent windows, or shorten the frame');
        return undefined;
      }
      for (const item of listC.items('[start, length] pairs')) {
        const parts = item.isSeq() ? item.items('two whole numbers') : [];
        if (!item.isSeq() || parts.length !== 2) {
          item.error(`a window must be a pair [start, length]`, `write it as [0, 4]: starting at 0, 4 units long`);
          ok = false;
          continue;
        }
        const start = int(parts[0], 0);
        const len = int(parts[1], 1);
        if (start === undefined || len === undefined) {
          ok = false;
          continue;
        }
        if (frame !== undefined && start + len > frame) {
          item.semantic(
            `window [${start}, ${len}] ends at ${start + len}, past the frame of ${frame}`,
            `shorten or move it so that start + length ≤ ${frame}, or lengthen the frame`,
          );
          ok = false;
          continue;
        }
        ws.push({ w: [start, len], at: item });
      }
      const sorted = [...ws].sort((a, b) => (a.w[0] < b.w[0] ? -1 : a.w[0] > b.w[0] ? 1 : 0));
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1]!.w;
        const cur = sorted[i]!;
        if (cur.w[0] < prev[0] + prev[1]) {
          cur.at.semantic(
            `window [${cur.w[0]}, ${cur.w[1]}] overlaps window [${prev[0]}, ${prev[1]}], which runs until ${prev[0] + prev[1]}`,
            `windows must not overlap: start this one at ${prev[0] + prev[1]} or later`,
          );
          ok = false;
        }
      }
      return ok && frame !== undefined ? { kind, frame, windows: ws.map((x) => x.w) } : undefined;
    }
  }
}

/** A whole number ≥ 1, with a message that says what the field is. */
function positive(c: Cursor | undefined, field: string, what: string): number | undefined {
  if (c === undefined) return undefined;
  const v = c.int(0);
  if (v === 0) {
    c.semantic(`${field} must be greater than 0`, `write ${what} as a whole number ≥ 1`);
    return undefined;
  }
  return v;
}

function readTasks(c: Cursor): Task[] | undefined {
  const out: Task[] = [];
  let ok = true;
  const seen = new Map<string, Cursor>();
  if (c.isSeq() && c.items('tasks').length > MAX_TASKS) {
    c.error(`a task file may hold at most ${MAX_TASKS} tasks`, 'split the task set by vCPU: each file is one supply');
    return undefined;
  }
  for (const item of c.items('tasks')) {
    if (!item.map(['name', 'wcet', 'period', 'deadline'], 'a task')) {
      ok = false;
      continue;
    }
    const nameC = item.need('name', 'a');
    const name = nameC?.string();
    if (nameC !== undefined && name !== undefined) {
      const prev = seen.get(name);
      if (prev !== undefined) {
        nameC.semantic(`task name '${name}' is used twice (first at line ${prev.at.line})`, 'give every task a unique name');
        ok = false;
      } else seen.set(name, nameC);
    }
    const wcetC = item.need('wcet', '1');
    const periodC = item.need('period', '4');
    const deadlineC = item.get('deadline');
    const wcet = positive(wcetC, 'wcet', "the task's worst-case execution time");
    const period = positive(periodC, 'period', 'the time between releases');
    const deadline = deadlineC === undefined ? period : positive(deadlineC, 'deadline', 'relative to the release; it defaults to the period');
    if (name === undefined || wcet === undefined || period === undefined || deadline === undefined) {
      ok = false;
      continue;
    }
    out.push({ name, wcet: BigInt(wcet), period: BigInt(period), deadline: BigInt(deadline) });
  }
  return ok ? out : undefined;
}
