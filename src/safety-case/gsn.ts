// The GSN argument as data (GSN Community Standard v3, core notation): goals, strategies,
// solutions, contexts, assumptions and justifications, joined by supportedBy and
// inContextOf. IDs carry gsn2x's type prefixes so the YAML needs no nodeType.
//
// `status` is what the argument may say about a node, derived from evidence only: a goal is
// `supported` when every branch under it ends in holding evidence, `failed` when some
// evidence under it is violated, `undeveloped` when evidence is missing or inconclusive.
// Never anything greener than the evidence.

export type GsnKind = 'goal' | 'strategy' | 'solution' | 'context' | 'assumption' | 'justification';

export type GsnStatus = 'supported' | 'failed' | 'undeveloped' | 'not-applicable' | 'neutral';

export interface GsnNode {
  readonly id: string;
  readonly kind: GsnKind;
  readonly text: string;
  readonly supportedBy: readonly string[];
  readonly inContextOf: readonly string[];
  /** Goals and strategies with nothing under them, on purpose (GSN's diamond). */
  readonly undeveloped: boolean;
  readonly status: GsnStatus;
  /** Solutions: the evidence record they cite (its content address). */
  readonly evidence?: string;
  /** Solutions: what the diagram shows under the ID (engine and verdict); the text has it all. */
  readonly caption?: string;
}

export interface Gsn {
  /** In a stable order: top goal first, then as the builder laid them out. */
  readonly nodes: readonly GsnNode[];
}

/** gsn2x's prefixes; `Sn` must be tried before `S`. */
export const PREFIX: Readonly<Record<GsnKind, string>> = {
  goal: 'G',
  strategy: 'S',
  solution: 'Sn',
  context: 'C',
  assumption: 'A',
  justification: 'J',
};

/** The kind an ID's prefix names, as gsn2x reads it (`Sn-x` is a solution, `S-x` a strategy). */
export function kindOfId(id: string): GsnKind | undefined {
  if (/^Sn[-_.0-9A-Z]/.test(id)) return 'solution';
  if (/^S[-_.0-9]/.test(id)) return 'strategy';
  if (/^G[-_.0-9]/.test(id)) return 'goal';
  if (/^C[-_.0-9]/.test(id)) return 'context';
  if (/^A[-_.0-9]/.test(id)) return 'assumption';
  if (/^J[-_.0-9]/.test(id)) return 'justification';
  return undefined;
}

export function nodeById(gsn: Gsn): ReadonlyMap<string, GsnNode> {
  return new Map(gsn.nodes.map((n) => [n.id, n] as const));
}

/** Top goal: the one goal nothing supports. The structural checker guarantees there is one. */
export function topGoal(gsn: Gsn): GsnNode | undefined {
  const referenced = new Set(gsn.nodes.flatMap((n) => [...n.supportedBy, ...n.inContextOf]));
  return gsn.nodes.find((n) => n.kind === 'goal' && !referenced.has(n.id));
}
