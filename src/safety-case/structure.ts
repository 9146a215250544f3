// A structural checker of our own GSN, run by the tests and by `hvsafe report` before it
// writes anything: an argument with a dangling link or a solution citing evidence that does
// not exist is not handed to an assessor. The rules follow gsn2x's validation (V01–V06,
// C01–C04, C08) plus two of ours: every solution cites an existing evidence record, and no
// node is greener than what supports it.

import { kindOfId, type Gsn, type GsnKind, type GsnNode } from './gsn.js';

export interface GsnProblem {
  readonly id: string | undefined;
  readonly message: string;
}

const SUPPORTED_BY_FROM: readonly GsnKind[] = ['goal', 'strategy'];
const SUPPORTED_BY_TO: readonly GsnKind[] = ['goal', 'strategy', 'solution'];
const IN_CONTEXT_FROM: readonly GsnKind[] = ['goal', 'strategy'];
const IN_CONTEXT_TO: readonly GsnKind[] = ['context', 'assumption', 'justification'];

export function checkGsn(gsn: Gsn, evidenceIds: ReadonlySet<string>): GsnProblem[] {
  const problems: GsnProblem[] = [];
  const say = (id: string | undefined, message: string): void => void problems.push({ id, message });
  const byId = new Map<string, GsnNode>();
  for (const n of gsn.nodes) {
    if (byId.has(n.id)) say(n.id, `duplicate ID ${n.id}`);
    byId.set(n.id, n);
    const k = kindOfId(n.id);
    if (k !== n.kind) say(n.id, `ID ${n.id} has the prefix of a ${k ?? 'no known element'}, but the node is a ${n.kind}`);
    if (n.text.trim() === '') say(n.id, `${n.id} has no text`);
  }

  for (const n of gsn.nodes) {
    const links: [string, readonly string[], readonly GsnKind[], readonly GsnKind[]][] = [
      ['supportedBy', n.supportedBy, SUPPORTED_BY_FROM, SUPPORTED_BY_TO],
      ['inContextOf', n.inContextOf, IN_CONTEXT_FROM, IN_CONTEXT_TO],
    ];
    for (const [rel, targets, from, to] of links) {
      if (targets.length > 0 && !from.includes(n.kind)) say(n.id, `a ${n.kind} cannot have ${rel} links (${n.id})`);
      if (new Set(targets).size !== targets.length) say(n.id, `${n.id} lists a ${rel} target twice`);
      for (const t of targets) {
        if (t === n.id) say(n.id, `${n.id} is ${rel} itself`);
        const target = byId.get(t);
        if (target === undefined) say(n.id, `${n.id} ${rel} ${t}, which does not exist (dangling link)`);
        else if (!to.includes(target.kind)) say(n.id, `${n.id} ${rel} ${t}, a ${target.kind}: ${rel} may only point at ${to.join(', ')}`);
      }
    }
    if (n.undeveloped && !SUPPORTED_BY_FROM.includes(n.kind)) say(n.id, `only goals and strategies can be undeveloped (${n.id} is a ${n.kind})`);
    if (n.undeveloped && n.supportedBy.length > 0) say(n.id, `${n.id} is marked undeveloped but has supporting elements`);
    if (SUPPORTED_BY_FROM.includes(n.kind) && !n.undeveloped && n.supportedBy.length === 0) say(n.id, `${n.id} has no support and is not marked undeveloped`);
    if (n.kind === 'solution') {
      if (n.evidence === undefined) say(n.id, `solution ${n.id} cites no evidence record`);
      else if (!evidenceIds.has(n.evidence)) say(n.id, `solution ${n.id} cites evidence record ${n.evidence}, which is not in the bundle`);
    }
  }

  // Exactly one top element, and it is a goal.
  const referenced = new Set(gsn.nodes.flatMap((n) => [...n.supportedBy, ...n.inContextOf]));
  const tops = gsn.nodes.filter((n) => !referenced.has(n.id));
  if (tops.length !== 1) say(undefined, `there must be exactly one top-level element, found ${tops.length}${tops.length ? `: ${tops.map((t) => t.id).join(', ')}` : ''}`);
  for (const t of tops) if (t.kind !== 'goal') say(t.id, `the top-level element ${t.id} is a ${t.kind}, not a goal`);

  // No cycles through supportedBy (iterative DFS with colours).
  const colour = new Map<string, 'grey' | 'black'>();
  for (const start of gsn.nodes) {
    if (colour.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    colour.set(start.id, 'grey');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const kids = byId.get(top.id)?.supportedBy ?? [];
      if (top.next >= kids.length) {
        colour.set(top.id, 'black');
        stack.pop();
        continue;
      }
      const k = kids[top.next++]!;
      if (!byId.has(k)) continue;
      const c = colour.get(k);
      if (c === 'grey') say(k, `supportedBy cycle through ${[...stack.map((s) => s.id), k].slice(stack.findIndex((s) => s.id === k)).join(' → ')}`);
      else if (c === undefined) {
        colour.set(k, 'grey');
        stack.push({ id: k, next: 0 });
      }
    }
  }

  // Everything reachable from the top goal.
  const top = tops.length === 1 ? tops[0] : undefined;
  if (top !== undefined) {
    const seen = new Set<string>([top.id]);
    const queue = [top.id];
    while (queue.length > 0) {
      const n = byId.get(queue.shift()!);
      for (const t of [...(n?.supportedBy ?? []), ...(n?.inContextOf ?? [])]) {
        if (!seen.has(t) && byId.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
    for (const n of gsn.nodes) if (!seen.has(n.id)) say(n.id, `${n.id} is not reachable from the top goal ${top.id}`);
  }

  // Soundness: a node shown supported has only supported (or not-applicable) support.
  for (const n of gsn.nodes) {
    if (n.status === 'supported' && (n.kind === 'goal' || n.kind === 'strategy')) {
      for (const t of n.supportedBy) {
        const s = byId.get(t)?.status;
        if (s === 'failed' || s === 'undeveloped') say(n.id, `${n.id} is shown supported, but ${t} under it is ${s}`);
      }
      if (n.undeveloped) say(n.id, `${n.id} is shown supported, but it is undeveloped`);
    }
    if (n.undeveloped && n.status !== 'undeveloped' && n.status !== 'failed') say(n.id, `${n.id} is undeveloped, so it must be shown undeveloped (red), not ${n.status}`);
  }
  return problems;
}
