// The report as GitHub-flavoured Markdown: tables with escaped pipes, the diagram as an image
// link to the SVG beside it (a Markdown viewer will not inline an SVG file's classes).

import { match } from 'ts-pattern';
import { cell, type Cell, type ReportDocument } from './document.js';

function inline(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function cellText(c: Cell): string {
  const t = inline(c.text);
  if (c.code && t !== '') return `\`${t.replace(/`/g, "'")}\``;
  return c.tone === 'violated' || c.tone === 'missing' || c.tone === 'inconclusive' ? `**${t}**` : t;
}

export function toMarkdown(doc: ReportDocument): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    match(b)
      .with({ kind: 'heading' }, (h) => out.push(`${'#'.repeat(h.level)} ${h.text}`, ''))
      .with({ kind: 'para' }, (p) => out.push(p.tone === 'violated' || p.tone === 'missing' ? `**${p.text}**` : p.text, ''))
      .with({ kind: 'list' }, (l) => out.push(...l.items.map((i) => `- ${i.replace(/\n/g, ' ')}`), ''))
      .with({ kind: 'table' }, (t) => {
        out.push(`| ${t.head.map(inline).join(' | ')} |`, `|${t.head.map(() => '---').join('|')}|`);
        for (const r of t.rows) out.push(`| ${r.map((c) => cellText(cell(c))).join(' | ')} |`);
        out.push('');
      })
      .with({ kind: 'diagram' }, (d) => out.push(`![${d.caption}](${d.file})`, '', `*${d.caption}* ([${d.file}](${d.file}))`, ''))
      .with({ kind: 'code' }, (c) => out.push('```', c.text.replace(/\n$/, ''), '```', ''))
      .exhaustive();
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
