// One self-contained HTML file: inline CSS, inline SVG drawn here, the data as inline JSON
// and the stepper script inline. No font, script or image is fetched, so the page opens
// offline and from file://.

import type { Scenario, SourceRef } from '../config/types.js';
import { formatAddr } from '../config/units.js';
import { CLIENT_JS } from './client.js';
import type { ExploreData, SourceLink } from './data.js';
import { memoryMapSvg } from './memmap.js';
import { scheduleSvg } from './schedule.js';
import { channelsHtml, esc, routesHtml } from './system.js';

const CSS = `
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f1f1f; margin: 0; }
header { padding: 10px 20px; background: #22313f; color: #fff; }
header h1 { font-size: 18px; margin: 0; } header .muted { color: #c9d3dc; }
main { padding: 8px 20px 40px; }
h2 { font-size: 16px; border-bottom: 1px solid #bbb; margin: 22px 0 8px; padding-bottom: 3px; }
h3 { font-size: 15px; margin: 8px 0; } h4 { font-size: 13px; margin: 10px 0 4px; }
.muted { color: #777; } .bad { color: #c5221f; font-weight: 600; }
.scroll { overflow: auto; border: 1px solid #ddd; max-height: 520px; }
table { border-collapse: collapse; font-size: 12px; margin: 4px 0 10px; }
th, td { border: 1px solid #d4d4d4; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
#tabs { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
#tabs button { border: 1px solid #c5221f; background: #fff; color: #8c1212; padding: 3px 8px; border-radius: 3px; cursor: pointer; }
#tabs button.on { background: #c5221f; color: #fff; }
.st { font-size: 11px; padding: 1px 5px; border-radius: 3px; }
.st-violated { background: #fdd8d8; color: #8c1212; } .st-holds { background: #e6f4ea; color: #12501f; }
.finding { border-left: 4px solid #c5221f; padding: 2px 10px; margin: 8px 0; background: #fff7f7; }
.fix { color: #12501f; } .note { color: #5c4400; } .claim { color: #333; }
#trace { display: grid; grid-template-columns: minmax(260px, 34%) 1fr; gap: 14px; }
#step-list { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow: auto; border: 1px solid #ddd; }
#step-list li { padding: 2px 6px; cursor: pointer; border-bottom: 1px solid #f0f0f0; font-family: ui-monospace, Menlo, monospace; font-size: 11px; }
#step-list li.cur { background: #1a73e8; color: #fff; }
#step-list li.violation { border-left: 4px solid #c5221f; }
#step-list li.attacker { font-style: italic; }
.controls button { font-size: 13px; margin-right: 4px; }
.verdict { font-weight: 600; padding: 4px 8px; } .v-violated { background: #fdd8d8; color: #8c1212; } .v-ok { background: #e6f4ea; color: #12501f; }
tr.differs td { background: #fdd8d8; }
#source { position: fixed; right: 16px; bottom: 16px; width: min(720px, 60vw); background: #fff; border: 1px solid #888; box-shadow: 0 2px 12px rgba(0,0,0,.3); z-index: 10; }
#source header { display: flex; justify-content: space-between; padding: 4px 8px; background: #eee; color: #000; }
#source-body { font-family: ui-monospace, Menlo, monospace; font-size: 12px; max-height: 320px; overflow: auto; white-space: pre; }
#source-body .no { display: inline-block; width: 42px; color: #999; text-align: right; margin-right: 10px; }
#source-body .hl { background: #fff3b0; font-weight: 700; }
#memmap g.reach.now rect { stroke: #000; stroke-width: 1.5; }
#memmap-box { display: flex; align-items: flex-start; max-height: 360px; }
#memmap-lanes { position: sticky; left: 0; z-index: 2; flex: none; border-right: 1px solid #ccc; background: #fff; }
#memmap { flex: none; }
#memmap-lanes text.lane { fill: #333; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border: 1px solid #999; }
kbd { border: 1px solid #aaa; border-radius: 3px; padding: 0 3px; font-size: 11px; }
`;

export interface PageOptions {
  /** --serve: the page shows a form that asks the server for another run. */
  readonly serve?: { readonly seed: number; readonly property?: string };
}

export function explorePage(scenario: Scenario, data: ExploreData, link: (r: SourceRef) => SourceLink, opts: PageOptions = {}): string {
  const src = (r: SourceRef): string => {
    const l = link(r);
    return `<a href="#" class="src" data-file="${l.file}" data-line="${l.line}">${esc(l.text)}</a>`;
  };
  const traces = data.breaches.map((b) => b.trace);
  // Drawn before the data is serialized: drawing links declarations, which may add a file.
  const map = memoryMapSvg(scenario, traces, (r) => link(r).text, data.breaches.map((b) => b.findings));
  const gantt = scheduleSvg(scenario, traces);
  const routes = routesHtml(scenario, src);
  const channels = channelsHtml(scenario, src);
  const violated = data.summary.filter((s) => s.status === 'violated').length;
  const json = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? formatAddr(v) : v)).replace(/</g, '\\u003c');
  const serve =
    opts.serve === undefined
      ? ''
      : `<form id="rerun" method="get" action="/"><label>seed <input name="seed" value="${opts.serve.seed}" size="8"></label> <label>property <input name="property" value="${esc(opts.serve.property ?? '')}" size="22"></label> <button>run the checks again</button></form>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hvsafe explore: ${esc(data.scenario)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>hvsafe explore: ${esc(data.scenario)}</h1><span class="muted">${esc(data.file)} — ${violated} violated, ${data.summary.length} properties checked. Keys: <kbd>←</kbd>/<kbd>→</kbd> step, <kbd>v</kbd> jump to the violation, <kbd>Home</kbd>/<kbd>End</kbd>, <kbd>[</kbd>/<kbd>]</kbd> previous/next breach.</span>${serve}</header>
<main>
<h2>The breach</h2>
<div id="tabs">${data.breaches.map((b, i) => `<button data-breach="${i}">${esc(b.property)}</button>`).join('')}</div>
<div id="breach-body"></div>
<h2>The trace, step by step</h2>
<div class="controls"><button id="btn-first" title="first step (Home)">first</button><button id="btn-prev" title="back (←)">◀</button><span id="step-pos"></span> <button id="btn-next" title="forward (→)">▶</button><button id="btn-last" title="last step (End)">last</button> <button id="btn-violation" title="jump to the violation (v)">jump to violation</button></div>
<div id="trace"><ol id="step-list"></ol><div id="step-detail"></div></div>
<h2>The system at a glance</h2>
<h3>Physical memory map <span class="muted">(follows the step)</span></h3>
<p class="legend"><span style="background:#cfe3f7">VM RAM</span><span style="background:#e2d6f3">channel</span><span style="background:#f6e3c6">MMIO</span><span style="background:#d9d9d9">hypervisor</span><span style="background:rgba(214,40,40,.35);border-color:#c5221f">overlap</span><span style="background:#c5221f;color:#fff">reach of the trace into what is not the actor's</span><span style="background:#1a73e8;color:#fff">reach into its own</span> Broken axis: each stretch is as wide as the logarithm of its size; ≈ marks undeclared gaps.</p>
<div class="scroll" id="memmap-box">${map}</div>
<h3>Interrupt routing</h3>
<div class="scroll">${routes}</div>
<h3>Channels</h3>
${channels}
<h3>CPU schedule</h3>
<div class="scroll">${gantt}</div>
</main>
<div id="source" hidden><header><b id="source-name"></b><button id="source-close">close</button></header><div id="source-body"></div></div>
<script id="hv-data" type="application/json">${json}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
