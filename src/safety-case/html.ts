// The report as one HTML file that opens in any browser offline: inline CSS, the GSN diagram
// inlined as SVG, no external resource. The only script zooms and pans the diagram, which
// fits the page width by default (a big argument is thousands of pixels wide); without
// script the diagram still shows, fitted. Verdict cells carry a class per tone, and
// the diagram's nodes keep Graphviz's classes (gsn-failed, gsn-undeveloped...).

import { match } from 'ts-pattern';
import { cell, type Cell, type ReportDocument } from './document.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f1f1f; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; border-bottom: 2px solid #333; padding-bottom: 6px; }
h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #bbb; padding-bottom: 4px; }
h3 { font-size: 16px; margin-top: 24px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #c8c8c8; padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
tr:nth-child(even) td { background: #fafafa; }
td.tone-holds { background: #e6f4ea !important; color: #12501f; font-weight: 600; }
td.tone-violated { background: #fdd8d8 !important; color: #8c1212; font-weight: 700; }
td.tone-inconclusive, td.tone-missing { background: #fdecec !important; color: #8c1212; font-weight: 700; }
td.tone-not-applicable { background: #eeeeee !important; color: #555; }
td.tone-assumption { background: #fff6dc !important; color: #5c4400; }
p.tone-violated, p.tone-missing { color: #8c1212; font-weight: 700; }
p.tone-holds { color: #12501f; font-weight: 600; }
code, td.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; }
figure { margin: 12px 0; border: 1px solid #ddd; overflow: auto; max-height: 900px; }
figure svg { display: block; }
figure#gsn-diagram svg { width: 100%; height: auto; cursor: grab; }
figure#gsn-diagram .zoom { position: sticky; top: 0; left: 0; z-index: 1; background: rgba(255,255,255,.9); padding: 3px 6px; font-size: 12px; }
figure#gsn-diagram .zoom button { min-width: 28px; }
figcaption { font-size: 12px; color: #555; padding: 4px 8px; }
nav ol { columns: 2; }
@media print { figure { max-height: none; overflow: visible; } main { max-width: none; } }
`;

function td(c: Cell): string {
  const cls = [c.tone ? `tone-${c.tone}` : '', c.code ? 'code' : ''].filter(Boolean).join(' ');
  const text = escapeHtml(c.text).replace(/\n/g, '<br>');
  return `<td${cls ? ` class="${cls}"` : ''}>${c.href !== undefined ? `<a href="${escapeHtml(c.href)}">${text}</a>` : text}</td>`;
}

/** Zoom (buttons, ctrl+wheel) and pan (drag) for the diagram; the figure scrolls. */
const ZOOM_JS = `(function () {
  var fig = document.getElementById('gsn-diagram');
  if (!fig) return;
  var svg = fig.querySelector('svg');
  if (!svg) return;
  var z = 1;
  var bar = document.createElement('div');
  bar.className = 'zoom';
  bar.innerHTML = '<button data-z="in" title="zoom in">+</button> <button data-z="out" title="zoom out">&minus;</button> <button data-z="fit" title="fit the page width">fit</button> <span>drag to pan, ctrl+wheel to zoom</span>';
  fig.insertBefore(bar, fig.firstChild);
  function set(nz, cx, cy) {
    var r = fig.getBoundingClientRect();
    var fx = (fig.scrollLeft + (cx === undefined ? r.width / 2 : cx - r.left)) / (z || 1);
    var fy = (fig.scrollTop + (cy === undefined ? r.height / 2 : cy - r.top)) / (z || 1);
    z = Math.max(1, Math.min(12, nz));
    svg.style.width = (z * 100) + '%';
    fig.scrollLeft = fx * z - (cx === undefined ? r.width / 2 : cx - r.left);
    fig.scrollTop = fy * z - (cy === undefined ? r.height / 2 : cy - r.top);
    fig.setAttribute('data-zoom', String(z));
  }
  bar.addEventListener('click', function (e) {
    var k = e.target.getAttribute && e.target.getAttribute('data-z');
    if (k === 'in') set(z * 1.5); else if (k === 'out') set(z / 1.5); else if (k === 'fit') set(1);
  });
  fig.addEventListener('wheel', function (e) {
    if (!e.ctrlKey) return;
    e.preventDefault();
    set(e.deltaY < 0 ? z * 1.2 : z / 1.2, e.clientX, e.clientY);
  }, { passive: false });
  var drag = null;
  svg.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY, l: fig.scrollLeft, t: fig.scrollTop }; e.preventDefault(); });
  window.addEventListener('mousemove', function (e) { if (drag) { fig.scrollLeft = drag.l - (e.clientX - drag.x); fig.scrollTop = drag.t - (e.clientY - drag.y); } });
  window.addEventListener('mouseup', function () { drag = null; });
  fig.setAttribute('data-zoom', '1');
})();`;

export function toHtml(doc: ReportDocument): string {
  const body: string[] = [];
  const toc = doc.blocks.filter((b) => b.kind === 'heading' && b.level === 2);
  for (const b of doc.blocks) {
    match(b)
      .with({ kind: 'heading' }, (h) => {
        body.push(`<h${h.level} id="${escapeHtml(h.anchor)}">${escapeHtml(h.text)}</h${h.level}>`);
        if (h.level === 1 && toc.length > 0) {
          body.push(`<nav><ol>${toc.map((t) => (t.kind === 'heading' ? `<li><a href="#${escapeHtml(t.anchor)}">${escapeHtml(t.text.replace(/^\d+\.\s*/, ''))}</a></li>` : '')).join('')}</ol></nav>`);
        }
      })
      .with({ kind: 'para' }, (p) => body.push(`<p${p.tone ? ` class="tone-${p.tone}"` : ''}>${escapeHtml(p.text)}</p>`))
      .with({ kind: 'list' }, (l) => body.push(`<ul>${l.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`))
      .with({ kind: 'table' }, (t) =>
        body.push(
          `<table${t.id ? ` id="${escapeHtml(t.id)}"` : ''}><thead><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
            t.rows.map((r) => `<tr>${r.map((c) => td(cell(c))).join('')}</tr>`).join('\n') +
            `</tbody></table>`,
        ),
      )
      .with({ kind: 'diagram' }, (d) => body.push(`<figure id="gsn-diagram">${d.svg}<figcaption>${escapeHtml(d.caption)}</figcaption></figure>`))
      .with({ kind: 'code' }, (c) => body.push(`<pre>${escapeHtml(c.text)}</pre>`))
      .exhaustive();
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
<script>${ZOOM_JS}</script>
</body>
</html>
`;
}
