// The argument as a Graphviz graph with GSN shapes: goal rectangle, strategy parallelogram,
// solution circle, context rounded rectangle, assumption and justification ellipses marked
// A and J, a diamond under undeveloped goals. Status is both a colour and an SVG class
// (`gsn-failed`, `gsn-undeveloped`...), so a browser test can find a failed goal by class.

import { match } from 'ts-pattern';
import type { Gsn, GsnNode, GsnStatus } from './gsn.js';

const STYLE: Readonly<Record<GsnStatus, { fill: string; line: string }>> = {
  supported: { fill: '#e6f4ea', line: '#1e7b34' },
  failed: { fill: '#fdd8d8', line: '#c5221f' },
  undeveloped: { fill: '#fdecec', line: '#c5221f' },
  'not-applicable': { fill: '#eeeeee', line: '#757575' },
  neutral: { fill: '#ffffff', line: '#444444' },
};

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Wrap text at word boundaries; Graphviz has no automatic wrapping. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line.length > 0 && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
  }
  return out;
}

function label(n: GsnNode): string {
  const width = n.kind === 'solution' ? 24 : n.kind === 'goal' || n.kind === 'strategy' ? 44 : 36;
  const mark = match(n.status)
    .with('failed', () => 'FAILED')
    .with('undeveloped', () => 'UNDEVELOPED')
    .with('not-applicable', () => 'NOT APPLICABLE')
    .otherwise(() => '');
  // A solution shows what it cites, not its sentence: the record, the engine and the verdict.
  if (n.kind === 'solution' && n.evidence !== undefined) {
    return [n.id, `record ${n.evidence.slice(0, 12)}`, n.caption ?? ''].map(esc).join('\\n');
  }
  // Long texts (assumptions, contexts) are cut in the diagram; the YAML and the report carry them whole.
  const lines = wrap(n.text.replace(/\nUNDEVELOPED: /, '\n'), width);
  const max = n.kind === 'goal' || n.kind === 'strategy' ? 8 : 6;
  const shown = lines.length > max ? [...lines.slice(0, max - 1), `${lines[max - 1]!.slice(0, width - 1)}…`] : lines;
  return [`${n.id}${mark ? `  [${mark}]` : ''}`, ...shown].map(esc).join('\\n');
}

export function toDot(gsn: Gsn): string {
  const out: string[] = [];
  out.push('digraph gsn {');
  out.push('  graph [rankdir=TB, nodesep=0.25, ranksep=0.45, fontname="Helvetica", bgcolor="white"];');
  out.push('  node [fontname="Helvetica", fontsize=10, style="filled", penwidth=1.4];');
  out.push('  edge [color="#444444", arrowsize=0.7];');
  for (const n of gsn.nodes) {
    const st = STYLE[n.status];
    const shape = match(n.kind)
      .with('goal', () => 'shape=box')
      .with('strategy', () => 'shape=parallelogram')
      .with('solution', () => 'shape=circle, fixedsize=false, width=1.2')
      .with('context', () => 'shape=box, style="rounded,filled"')
      .with('assumption', () => 'shape=ellipse, xlabel="A"')
      .with('justification', () => 'shape=ellipse, xlabel="J"')
      .exhaustive();
    const dashed = n.undeveloped ? ', style="filled,dashed"' : '';
    out.push(
      `  "${esc(n.id)}" [id="${esc(n.id)}", class="gsn-${n.kind} gsn-${n.status}", ${shape}${dashed}, fillcolor="${st.fill}", color="${st.line}", label="${label(n)}"];`,
    );
    if (n.undeveloped) {
      out.push(`  "${esc(n.id)}__ud" [shape=diamond, label="", width=0.25, height=0.25, fillcolor="${st.fill}", color="${st.line}", class="gsn-undeveloped-mark"];`);
      out.push(`  "${esc(n.id)}" -> "${esc(n.id)}__ud" [arrowhead=none];`);
    }
  }
  for (const n of gsn.nodes) {
    for (const t of n.supportedBy) out.push(`  "${esc(n.id)}" -> "${esc(t)}" [arrowhead=normal];`);
    for (const t of n.inContextOf) out.push(`  "${esc(n.id)}" -> "${esc(t)}" [arrowhead=empty];`);
    // Contexts, assumptions and justifications sit beside the element they qualify, as in GSN.
    if (n.inContextOf.length > 0) out.push(`  { rank=same; "${esc(n.id)}"; ${n.inContextOf.map((t) => `"${esc(t)}";`).join(' ')} }`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
