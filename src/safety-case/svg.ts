// DOT to SVG offline: Graphviz compiled to WebAssembly (@viz-js/viz), no native binary, no
// network. The instance is created per call: it is cheap next to a check run, and keeps no
// module-level state.

import { instance } from '@viz-js/viz';

export async function renderSvg(dot: string): Promise<string> {
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
  // Graphviz stamps its version in a comment; keep it, drop nothing else: the output is deterministic.
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '');
}
