// The CPU schedule as a Gantt chart (SVG): one lane per pCPU. The configured plan (bound
// vCPU, time-partition windows repeated over the horizon, fixed-priority servers with their
// budget and period), then what the replayed trace ran (from the scheduler's decisions) and
// the latency witnesses: the gap an interrupt waited between assertion and delivery. A cursor
// line (#gantt-cursor) follows the trace step. Hand-written for the same reason as the map.

import type { Scenario } from '../config/types.js';
import { formatDuration } from '../sim/describe.js';
import type { TraceView } from './replay.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A stable colour per VM name. */
export function vmColour(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 55% 72%)`;
}

const LEFT = 90;
const LANE = 34;

export function horizonOf(s: Scenario, traces: readonly (TraceView | undefined)[]): number {
  let end = 0;
  for (const t of traces) for (const st of t?.steps ?? []) {
    end = Math.max(end, st.at);
    for (const w of st.waits) end = Math.max(end, w.to);
  }
  for (const p of s.schedule) if (p.kind === 'time-partition') end = Math.max(end, p.majorFrameNs);
  return Math.max(end, 1_000_000);
}

export function scheduleSvg(s: Scenario, traces: readonly (TraceView | undefined)[], width = 1100): string {
  const horizon = horizonOf(s, traces);
  const cpus = s.soc.cpus;
  const H = 30 + cpus.length * LANE + 10;
  const x = (ns: number): number => LEFT + (Math.min(ns, horizon) / horizon) * (width - LEFT - 10);
  const out: string[] = [];
  out.push(`<svg id="gantt" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" font-size="10" font-family="system-ui, sans-serif" data-horizon="${horizon}">`);
  for (let k = 0; k <= 4; k++) {
    const t = (horizon * k) / 4;
    out.push(`<line x1="${x(t).toFixed(1)}" y1="18" x2="${x(t).toFixed(1)}" y2="${H - 8}" stroke="#eee"/><text x="${x(t).toFixed(1)}" y="14" fill="#555">${formatDuration(Math.round(t))}</text>`);
  }
  cpus.forEach((c, i) => {
    const y = 24 + i * LANE;
    out.push(`<text x="4" y="${y + 14}">cpu${c.id}</text>`);
    const plan = s.schedule.find((p) => p.pcpu === c.id);
    if (plan === undefined) {
      out.push(`<text x="${LEFT}" y="${y + 12}" fill="#999">no schedule</text>`);
    } else if (plan.kind === 'bind') {
      out.push(`<rect class="plan" x="${LEFT}" y="${y}" width="${width - LEFT - 10}" height="14" fill="${vmColour(plan.vcpu.vm)}"><title>${esc(`bound: ${plan.vcpu.vm}:${plan.vcpu.vcpu} alone on cpu${c.id}`)}</title></rect><text x="${LEFT + 3}" y="${y + 11}">${esc(`${plan.vcpu.vm}:${plan.vcpu.vcpu} (bound)`)}</text>`);
    } else if (plan.kind === 'time-partition') {
      const frames = Math.min(200, Math.ceil(horizon / plan.majorFrameNs));
      for (let f = 0; f < frames; f++) {
        for (const w of plan.windows) {
          const a = f * plan.majorFrameNs + w.startNs;
          if (a >= horizon) continue;
          const b = a + w.lengthNs;
          out.push(`<rect class="plan window" x="${x(a).toFixed(1)}" y="${y}" width="${Math.max(1, x(b) - x(a)).toFixed(1)}" height="14" fill="${vmColour(w.vcpu.vm)}" stroke="#fff"><title>${esc(`window ${w.vcpu.vm}:${w.vcpu.vcpu} [${formatDuration(w.startNs)}, ${formatDuration(w.startNs + w.lengthNs)}) of a ${formatDuration(plan.majorFrameNs)} frame`)}</title></rect>`);
        }
      }
    } else {
      const label = plan.entries.map((e) => `${e.vcpu.vm}:${e.vcpu.vcpu} prio ${e.priority}, budget ${formatDuration(e.budgetNs)} / ${formatDuration(e.periodNs)}`).join('; ');
      plan.entries.forEach((e, j) => {
        const share = e.budgetNs / e.periodNs;
        const w = (width - LEFT - 10) / plan.entries.length;
        out.push(`<rect class="plan budget" x="${(LEFT + j * w).toFixed(1)}" y="${y}" width="${Math.max(1, w * share).toFixed(1)}" height="14" fill="${vmColour(e.vcpu.vm)}"><title>${esc(`${e.vcpu.vm}:${e.vcpu.vcpu}: priority ${e.priority}, budget ${formatDuration(e.budgetNs)} per ${formatDuration(e.periodNs)}`)}</title></rect>`);
      });
      out.push(`<text x="${LEFT + 3}" y="${y + 11}">${esc(label.length > 160 ? `${label.slice(0, 159)}…` : label)}</text>`);
    }
  });
  // What each trace ran and what waited, hidden until the page shows that trace.
  traces.forEach((t, k) => {
    const runs: { pcpu: number; from: number; to: string }[] = [];
    for (const st of t?.steps ?? []) {
      for (const sc of st.sched) runs.push({ pcpu: sc.pcpu, from: sc.at, to: sc.to });
      for (const w of st.waits) {
        if (w.pcpu < 0) continue;
        const y = 24 + w.pcpu * LANE + 16;
        out.push(`<rect class="wait" data-trace="${k}" data-step="${st.index}" x="${x(w.from).toFixed(1)}" y="${y}" width="${Math.max(2, x(w.to) - x(w.from)).toFixed(1)}" height="6" fill="#c5221f" style="display:none"><title>${esc(w.what)}</title></rect>`);
      }
    }
    runs.forEach((r, j) => {
      if (r.to === '') return;
      const next = runs.slice(j + 1).find((q) => q.pcpu === r.pcpu);
      const end = next?.from ?? horizon;
      const y = 24 + r.pcpu * LANE + 16;
      out.push(`<rect class="ran" data-trace="${k}" x="${x(r.from).toFixed(1)}" y="${y}" width="${Math.max(1, x(end) - x(r.from)).toFixed(1)}" height="6" fill="${vmColour(r.to)}" style="display:none"><title>${esc(`${r.to} runs from ${formatDuration(r.from)}`)}</title></rect>`);
    });
  });
  out.push(`<line id="gantt-cursor" x1="${LEFT}" y1="18" x2="${LEFT}" y2="${H - 8}" stroke="#1a73e8" stroke-width="2"/>`);
  out.push('</svg>');
  return out.join('\n');
}
