// The argument as gsn2x YAML: one mapping per element, keyed by its prefixed ID, with `text`,
// `supportedBy`, `inContextOf`, `undeveloped: true`, and `classes` carrying the evidence
// status (gsn2x styles elements by class, so a stylesheet can paint failed goals red there too).

import { stringify } from 'yaml';
import type { Gsn } from './gsn.js';

export function toGsnYaml(gsn: Gsn, header: readonly string[]): string {
  const doc: Record<string, Record<string, unknown>> = {};
  for (const n of gsn.nodes) {
    const e: Record<string, unknown> = { text: n.text };
    if (n.supportedBy.length > 0) e['supportedBy'] = [...n.supportedBy];
    if (n.inContextOf.length > 0) e['inContextOf'] = [...n.inContextOf];
    if (n.undeveloped) e['undeveloped'] = true;
    if (n.status !== 'neutral') e['classes'] = [n.status];
    doc[n.id] = e;
  }
  const comments = header.map((h) => `# ${h}`).join('\n');
  return `${comments}\n${stringify(doc, { lineWidth: 0, flowCollectionPadding: false })}`;
}
