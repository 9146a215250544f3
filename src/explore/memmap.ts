// The physical memory map as SVG: one lane per VM, device and the hypervisor (and the SoC's RAM
// banks on top), on a broken axis. Every stretch between two region boundaries gets a width
// that grows with the logarithm of its size, and stretches nothing covers are squeezed to a
// break mark, so a 4 KiB page beside a 64 GiB bank stays visible. Overlaps between VMs (and
// with the hypervisor) are red; where a trace reached is drawn per step (the page's script
// shows the marks of the steps up to the current one).
//
// Hand-written: a charting library's scales are continuous (linear, log), and none draws a
// piecewise axis with breaks; the drawing is a few hundred rectangles.

import type { Scenario, SourceRef } from '../config/types.js';
import { isWriter } from '../config/channel-roles.js';
import { formatAddr, formatSize } from '../config/units.js';
import type { TraceView } from './replay.js';

export interface Region {
  readonly lane: string;
  readonly start: bigint;
  readonly end: bigint;
  readonly label: string;
  readonly kind: 'ram' | 'channel' | 'mmio' | 'hypervisor' | 'bank';
  readonly perms: string;
  readonly at: SourceRef;
}

interface Lane {
  readonly id: string;
  readonly title: string;
}

function perms(p: { r: boolean; w: boolean; x: boolean }): string {
  return `${p.r ? 'r' : '-'}${p.w ? 'w' : '-'}${p.x ? 'x' : '-'}`;
}

export function regions(s: Scenario): { lanes: Lane[]; regions: Region[] } {
  const lanes: Lane[] = [{ id: 'bank', title: 'RAM banks' }, { id: 'hypervisor', title: 'hypervisor' }];
  const out: Region[] = [];
  for (const b of s.soc.ram) out.push({ lane: 'bank', start: b.base, end: b.base + b.size, label: b.name, kind: 'bank', perms: '', at: b.at });
  for (const h of s.soc.hypervisorMemory) out.push({ lane: 'hypervisor', start: h.base, end: h.base + h.size, label: h.name, kind: 'hypervisor', perms: 'rwx', at: h.at });
  for (const vm of s.vms) {
    lanes.push({ id: `vm:${vm.name}`, title: `${vm.name} (${vm.criticality})` });
    for (const m of vm.memory) out.push({ lane: `vm:${vm.name}`, start: m.pa, end: m.pa + m.size, label: m.name, kind: 'ram', perms: perms(m.perms), at: m.at });
    for (const pt of vm.devices) {
      const d = s.soc.devices.find((x) => x.name === pt.device);
      for (const r of d?.mmio ?? []) out.push({ lane: `vm:${vm.name}`, start: r.base, end: r.base + r.size, label: `${pt.device} MMIO`, kind: 'mmio', perms: 'rw-', at: pt.at });
    }
  }
  for (const c of s.channels) {
    for (const ep of c.endpoints) out.push({ lane: `vm:${ep.vm}`, start: c.pa, end: c.pa + c.size, label: `channel ${c.name}${isWriter(c, ep.vm) ? ' (writer)' : ''}`, kind: 'channel', perms: perms(ep.perms), at: ep.at });
  }
  for (const d of s.soc.devices) {
    lanes.push({ id: `device:${d.name}`, title: `${d.name} (${d.kind}${d.dma ? ', DMA' : ''})` });
    for (const r of d.mmio) out.push({ lane: `device:${d.name}`, start: r.base, end: r.base + r.size, label: `${d.name} registers`, kind: 'mmio', perms: 'rw-', at: d.at });
  }
  lanes.push({ id: 'unbacked', title: 'undeclared / unassigned' });
  return { lanes, regions: out };
}

export interface Overlap {
  readonly start: bigint;
  readonly end: bigint;
  readonly a: Region;
  readonly b: Region;
}

/** Pairs of VM regions (or a VM region and hypervisor memory) that share PA, except a channel's own endpoints. */
export function overlaps(rs: readonly Region[]): Overlap[] {
  const cand = rs.filter((r) => r.lane.startsWith('vm:') || r.lane === 'hypervisor').sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const out: Overlap[] = [];
  const open: Region[] = [];
  for (const r of cand) {
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.end <= r.start) open.splice(i, 1);
    for (const o of open) {
      if (o.lane === r.lane) continue;
      if (o.kind === 'channel' && r.kind === 'channel' && o.label.replace(' (writer)', '') === r.label.replace(' (writer)', '')) continue;
      // A device passed through to two VMs is isolation.mmio's finding: drawn the same.
      out.push({ start: r.start, end: o.end < r.end ? o.end : r.end, a: o, b: r });
      if (out.length >= 500) return out;
    }
    open.push(r);
  }
  return out;
}

/** The broken axis: PA → x. */
export interface Axis {
  readonly x: (pa: bigint) => number;
  readonly width: number;
  readonly breaks: readonly { readonly x: number; readonly pa: bigint; readonly gap: boolean }[];
}

export function axis(points: readonly bigint[], covered: (a: bigint, b: bigint) => boolean, minWidth = 1100): Axis {
  const ps = [...new Set(points.map((p) => p.toString()))].map((p) => BigInt(p)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const widths: number[] = [];
  const gaps: boolean[] = [];
  for (let i = 0; i + 1 < ps.length; i++) {
    const size = ps[i + 1]! - ps[i]!;
    const gap = !covered(ps[i]!, ps[i + 1]!);
    gaps.push(gap);
    const pages = Number(size / 4096n) + 1;
    widths.push(gap ? 12 : 10 + 5 * Math.log2(pages));
  }
  const raw = widths.reduce((a, b) => a + b, 0) || 1;
  const scale = Math.max(1, minWidth / raw);
  const xs: number[] = [0];
  widths.forEach((w, i) => xs.push(xs[i]! + w * scale));
  const width = xs[xs.length - 1] ?? 0;
  const x = (pa: bigint): number => {
    // Binary search the stretch holding pa; linear within it.
    let lo = 0;
    let hi = ps.length - 1;
    if (ps.length === 0) return 0;
    if (pa <= ps[0]!) return 0;
    if (pa >= ps[hi]!) return width;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ps[mid]! <= pa) lo = mid;
      else hi = mid;
    }
    const span = ps[hi]! - ps[lo]!;
    const frac = Number(((pa - ps[lo]!) * 1_000_000n) / span) / 1_000_000;
    return xs[lo]! + frac * (xs[hi]! - xs[lo]!);
  };
  return { x, width, breaks: ps.map((pa, i) => ({ x: xs[i]!, pa, gap: gaps[i] ?? false })) };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FILL: Record<Region['kind'], string> = { ram: '#cfe3f7', channel: '#e2d6f3', mmio: '#f6e3c6', hypervisor: '#d9d9d9', bank: '#eef3e6' };

const LANE_H = 18;
const LEFT = 12;
/** Width of the lane titles, drawn apart so they stay in view while the map scrolls sideways. */
const TITLES = 170;
const TOP = 46;

/**
 * The SVG of the memory map. Reaches of each breach trace are `g.reach` with data-trace,
 * data-step, data-kind (target kind), data-pa and data-path; overlaps are `rect.overlap`.
 */
export interface FindingMark {
  readonly address?: string;
  readonly victim?: string;
  readonly message: string;
}

export function memoryMapSvg(
  s: Scenario,
  traces: readonly (TraceView | undefined)[],
  sourceIndex: (r: SourceRef) => string,
  findings: readonly (readonly FindingMark[])[] = [],
): string {
  const { lanes, regions: rs } = regions(s);
  const ov = overlaps(rs);
  const hitPas: bigint[] = [];
  for (const t of traces) for (const st of t?.steps ?? []) for (const r of st.reaches) hitPas.push(BigInt(r.pa.replace(/_/g, '')), BigInt(r.pa.replace(/_/g, '')) + 4096n);
  const pa = (a: string): bigint => BigInt(a.replace(/_/g, ''));
  for (const fs of findings) for (const f of fs) if (f.address !== undefined) hitPas.push(pa(f.address), pa(f.address) + 4096n);
  const points = [...rs.flatMap((r) => [r.start, r.end]), ...hitPas];
  const sortedCover = rs.map((r) => [r.start, r.end] as const);
  const ax = axis(points, (a, b) => sortedCover.some(([x, y]) => x < b && a < y));
  const laneY = new Map(lanes.map((l, i) => [l.id, TOP + i * LANE_H]));
  const W = LEFT + ax.width + 20;
  const H = TOP + lanes.length * LANE_H + 10;
  const out: string[] = [];
  out.push(`<svg id="memmap-lanes" xmlns="http://www.w3.org/2000/svg" width="${TITLES}" height="${H}" font-size="10" font-family="system-ui, sans-serif">`);
  lanes.forEach((l, i) => {
    const y = TOP + i * LANE_H;
    out.push(`<rect x="0" y="${y}" width="${TITLES}" height="${LANE_H}" fill="${i % 2 ? '#fafafa' : '#fff'}"/><text x="4" y="${y + 13}" class="lane" data-lane="${esc(l.id)}">${esc(l.title.length > 28 ? `${l.title.slice(0, 27)}…` : l.title)}<title>${esc(l.title)}</title></text>`);
  });
  out.push('</svg>');
  out.push(`<svg id="memmap" xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(W)}" height="${H}" viewBox="0 0 ${Math.ceil(W)} ${H}" font-size="10" font-family="system-ui, sans-serif">`);
  lanes.forEach((_, i) => {
    const y = TOP + i * LANE_H;
    out.push(`<rect x="0" y="${y}" width="${Math.ceil(W)}" height="${LANE_H}" fill="${i % 2 ? '#fafafa' : '#fff'}"/>`);
  });
  // The axis: a break mark where nothing is declared, an address where there is room.
  let lastLabel = -1e9;
  for (const b of ax.breaks) {
    const x = LEFT + b.x;
    out.push(`<line x1="${x.toFixed(1)}" y1="${TOP - 4}" x2="${x.toFixed(1)}" y2="${H - 10}" stroke="#eee"/>`);
    if (b.gap) out.push(`<text x="${(x + 2).toFixed(1)}" y="${TOP - 6}" fill="#999">≈</text>`);
    if (x - lastLabel > 64) {
      out.push(`<text x="${x.toFixed(1)}" y="${TOP - 18}" transform="rotate(-20 ${x.toFixed(1)} ${TOP - 18})" fill="#555">${formatAddr(b.pa)}</text>`);
      lastLabel = x;
    }
  }
  for (const r of rs) {
    const y = laneY.get(r.lane);
    if (y === undefined) continue;
    const x0 = LEFT + ax.x(r.start);
    const w = Math.max(2, ax.x(r.end) - ax.x(r.start));
    const title = `${r.label}: ${formatAddr(r.start)}–${formatAddr(r.end - 1n)} (${formatSize(r.end - r.start)})${r.perms ? ` ${r.perms}` : ''} — ${sourceIndex(r.at)}`;
    out.push(
      `<g class="region" data-kind="${r.kind}"><rect x="${x0.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${LANE_H - 4}" fill="${FILL[r.kind]}" stroke="#8aa"><title>${esc(title)}</title></rect>` +
        (w > r.label.length * 5.6 + 8 ? `<text x="${(x0 + 3).toFixed(1)}" y="${y + 13}" pointer-events="none">${esc(r.label)}${w > (r.label.length + r.perms.length + 2) * 5.6 + 8 && r.perms ? ` ${r.perms}` : ''}</text>` : '') +
        `</g>`,
    );
  }
  for (const o of ov) {
    for (const side of [o.a, o.b]) {
      const y = laneY.get(side.lane)!;
      const x0 = LEFT + ax.x(o.start);
      const w = Math.max(3, ax.x(o.end) - ax.x(o.start));
      out.push(
        `<rect class="overlap" data-pa="${formatAddr(o.start)}" x="${x0.toFixed(1)}" y="${y + 1}" width="${w.toFixed(1)}" height="${LANE_H - 2}" fill="rgba(214,40,40,0.35)" stroke="#c5221f" stroke-width="2"><title>${esc(`OVERLAP ${formatAddr(o.start)}–${formatAddr(o.end - 1n)}: ${o.a.label} (${o.a.lane.replace(/^vm:/, '')}) and ${o.b.label} (${o.b.lane.replace(/^vm:/, '')})`)}</title></rect>`,
      );
    }
  }
  // Reaches of each trace, hidden until the page's script shows their step.
  traces.forEach((t, k) => {
    for (const st of t?.steps ?? []) {
      for (const r of st.reaches) {
        const pa = BigInt(r.pa.replace(/_/g, ''));
        const y = laneY.get(r.lane) ?? laneY.get('unbacked')!;
        const x = LEFT + ax.x(pa);
        const from = laneY.get(`device:${r.path.split(' → ')[0]}`) ?? laneY.get(`vm:${r.path.split(/[: ]/)[0]}`);
        const colour = r.foreign ? '#c5221f' : '#1a73e8';
        out.push(
          `<g class="reach${r.foreign ? ' foreign' : ''}" data-trace="${k}" data-step="${st.index}" data-kind="${r.kind}" data-pa="${r.pa}" data-path="${esc(r.path)}" style="display:none">` +
            (from !== undefined ? `<line x1="${x.toFixed(1)}" y1="${from + LANE_H / 2}" x2="${x.toFixed(1)}" y2="${y + LANE_H / 2}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="3 2"/>` : '') +
            `<rect x="${(x - 3).toFixed(1)}" y="${y}" width="6" height="${LANE_H}" fill="${colour}"/>` +
            `<title>${esc(`${r.op} ${r.path}: ${r.target}`)}</title></g>`,
        );
      }
    }
  });
  // Each finding of a breach that names an address: a red mark in the victim's lane, shown
  // while that breach is selected (a configuration finding has no trace to step through).
  findings.forEach((fs, k) => {
    for (const f of fs) {
      if (f.address === undefined) continue;
      const v = f.victim ?? '';
      const y = laneY.get(`vm:${v}`) ?? laneY.get(`device:${v}`) ?? (v === 'hypervisor' ? laneY.get('hypervisor') : undefined) ?? laneY.get('unbacked')!;
      const x = LEFT + ax.x(pa(f.address));
      out.push(`<g class="finding" data-trace="${k}" data-pa="${f.address}" style="display:none"><path d="M${(x - 6).toFixed(1)} ${y + 1} L${(x + 6).toFixed(1)} ${y + 1} L${x.toFixed(1)} ${y + LANE_H - 1} Z" fill="#c5221f" stroke="#fff"/><title>${esc(f.message)}</title></g>`);
    }
  });
  out.push('</svg>');
  return out.join('\n');
}
