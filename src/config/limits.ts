// How much of an input file hvsafe agrees to read. A scenario is a few hundred lines; a file
// thousands of times larger, nested thousands of levels deep or built from aliases that expand
// exponentially is a mistake or an attack, and must end in a positioned error within seconds
// and bounded memory, never in a hang, a V8 abort or a stack overflow.
//
// The limits are checked in two passes. Before the YAML library builds its document (which
// costs about 150 bytes per node and recurses once per nesting level), a streaming pass over
// the lexer's tokens counts the entries and bounds the nesting. After parsing, a walk without
// recursion measures the document as the decoders will see it, aliases expanded.

import { CST, Lexer, isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';

/** Bytes read from any input file (scenario, SoC, event script, task file). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Entries (scalars, list items, mapping values) in one file, counted before parsing. */
export const MAX_ENTRIES = 500_000;
/** Nodes of the document with every alias expanded: what the decoders walk. */
export const MAX_EXPANDED_NODES = 1_000_000;
/** Levels of nesting a decoder may meet (a scenario needs about six). */
export const MAX_DEPTH = 64;
/**
 * Before parsing, nesting is estimated from indentation, compact indicators and open
 * brackets. The estimate only over-counts, so this bound (well below the depth at which the
 * YAML library's recursion overflows, about 800) guards the parser; MAX_DEPTH then applies
 * exactly to the parsed document.
 */
const MAX_RAW_NESTING = 256;

export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}

export interface LimitProblem {
  /** Offset in the text. */
  readonly offset: number;
  readonly message: string;
  readonly hint: string;
}

// Characters YAML forbids in a stream (C0 controls but tab, LF and CR; DEL). Read raw, a NUL
// in a name would be printed as is; the lexer's own markers (0x02, 0x18, 0x1f) are among them.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Show a character that cannot be printed as is. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Problems of the raw text, before the YAML library sees it. Stops at the first limit crossed. */
export function scanText(text: string): LimitProblem[] {
  const out: LimitProblem[] = [];
  if (text.length > MAX_FILE_BYTES) {
    out.push({ offset: 0, message: `the file is ${text.length} characters long; hvsafe reads input files of at most ${mib(MAX_FILE_BYTES)}`, hint: 'a scenario is a few hundred lines; split it or check that this is the intended file' });
    return out;
  }
  for (const m of text.matchAll(RAW_CONTROL)) {
    out.push({ offset: m.index, message: `the file contains the control character ${codePoint(m[0])}, which YAML text may not contain`, hint: 'remove it; write names with printable characters only' });
    if (out.length >= 10) break;
  }
  if (out.length > 0) return out;

  let offset = 0;
  let entries = 0;
  let flow = 0;
  let lineIndent = 0;
  let indicators = 0;
  let atLineStart = true;
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    // The lexer's markers (document start, scalar start, flow end) are not source text.
    const marker = tok.length === 1 && (tok === '\x02' || tok === '\x18' || tok === '\x1f');
    switch (type) {
      case 'newline':
        atLineStart = true;
        lineIndent = 0;
        indicators = 0;
        break;
      case 'space':
        if (atLineStart) lineIndent = tok.length;
        break;
      case 'flow-map-start':
      case 'flow-seq-start':
        flow++;
        entries++;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        indicators++;
        entries++;
        break;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar-header':
      case 'comma':
      case 'alias':
        entries++;
        break;
      default:
        break;
    }
    if (type !== 'newline' && type !== 'space' && type !== 'comment') atLineStart = false;
    if (entries > MAX_ENTRIES) {
      return [{ offset, message: `the file has more than ${MAX_ENTRIES} entries; hvsafe reads at most that many`, hint: 'a scenario has a few thousand entries even for hundreds of VMs; check that this is the intended file' }];
    }
    if (flow > MAX_DEPTH || lineIndent + indicators + flow > MAX_RAW_NESTING) {
      return [{ offset, message: `the document nests more than ${MAX_DEPTH} levels deep here`, hint: `a scenario nests about six levels; check for unclosed '[' or '{', or a runaway indentation` }];
    }
    if (!marker) offset += tok.length;
  }
  return out;
}

/**
 * Measure a parsed document as the decoders will walk it: nesting depth and node count with
 * aliases expanded; an alias inside the node it names (a cycle) is refused too. Iterative,
 * so no input can overflow the stack.
 */
export function measureDocument(doc: Document.Parsed): { node: Node; message: string; hint: string } | undefined {
  const root = doc.contents as Node | null;
  if (root === null) return undefined;
  const children = (n: Node): Node[] => {
    if (isMap(n)) return n.items.flatMap((p) => (isPair(p) ? ([p.key, p.value].filter((x) => x !== null && x !== undefined) as Node[]) : []));
    if (isSeq(n)) return n.items.filter((x): x is Node => x !== null && x !== undefined && typeof x === 'object');
    return [];
  };
  const target = (n: Node): Node | undefined => (isAlias(n) ? ((n.resolve(doc) as Node | undefined) ?? undefined) : n);

  // 1. Depth of the written tree, and aliases that refer into their own ancestors.
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: 1 }];
  const parents = new Map<Node, Node | undefined>([[root, undefined]]);
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return { node, message: `the document nests more than ${MAX_DEPTH} levels deep here`, hint: 'a scenario nests about six levels; flatten this part' };
    if (isAlias(node)) {
      const t = target(node);
      for (let p: Node | undefined = node; p !== undefined; p = parents.get(p)) {
        if (p === t) return { node, message: `the alias *${node.source} refers to a node that contains it, which would repeat forever`, hint: 'an alias may only refer to a node outside itself' };
      }
      continue;
    }
    for (const c of children(node)) {
      parents.set(c, node);
      stack.push({ node: c, depth: depth + 1 });
    }
  }

  // 2. Size and depth with aliases expanded (post-order, memoized per node).
  const size = new Map<Node, number>();
  const height = new Map<Node, number>();
  const work: { node: Node; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (work.length > 0) {
    const top = work[work.length - 1]!;
    const real = target(top.node);
    if (real === undefined || size.has(top.node)) {
      work.pop();
      if (real === undefined) {
        size.set(top.node, 1);
        height.set(top.node, 1);
      }
      continue;
    }
    if (top.node !== real) {
      if (size.has(real)) {
        work.pop();
        size.set(top.node, size.get(real)!);
        height.set(top.node, height.get(real)!);
      } else work.push({ node: real, expanded: false });
      continue;
    }
    const kids = children(real);
    if (!top.expanded) {
      top.expanded = true;
      for (const c of kids) if (!size.has(c)) work.push({ node: c, expanded: false });
      continue;
    }
    work.pop();
    let s = 1;
    let h = 0;
    for (const c of kids) {
      s = Math.min(Number.MAX_SAFE_INTEGER, s + (size.get(c) ?? 1));
      h = Math.max(h, height.get(c) ?? 1);
    }
    size.set(real, s);
    height.set(real, h + 1);
  }
  const total = size.get(root) ?? 1;
  const deep = (height.get(root) ?? 1) > MAX_DEPTH;
  if (total <= MAX_EXPANDED_NODES && !deep) return undefined;
  // Point at the alias that expands most: the one to look at.
  let worst: Node = root;
  let worstSize = 0;
  for (const [n, s] of size) {
    if (isAlias(n) && (s > worstSize || (deep && (height.get(n) ?? 0) > (height.get(worst) ?? 0)))) {
      worst = n;
      worstSize = s;
    }
  }
  if (deep && total <= MAX_EXPANDED_NODES) {
    return { node: worst, message: `with its aliases expanded the document nests more than ${MAX_DEPTH} levels deep`, hint: 'aliases here nest inside each other; write the shared part out once' };
  }
  return {
    node: worst,
    message: `with its aliases expanded the document has ${total >= Number.MAX_SAFE_INTEGER ? 'more than 2^53' : total} nodes; hvsafe reads at most ${MAX_EXPANDED_NODES}${isAlias(worst) ? ` (this alias alone expands to ${worstSize})` : ''}`,
    hint: 'aliases that repeat other aliases grow exponentially; write the shared part out once',
  };
}

/** True when an error the YAML library reports is its own recursion overflowing. */
export function isStackOverflow(message: string): boolean {
  return /maximum call stack size exceeded/i.test(message);
}
