// Pictures of supply against demand: a small ASCII chart for the terminal and an SVG file.
// Rendering only: coordinates are scaled with floating point, verdicts never read them.

export interface Series {
  readonly label: string;
  /** Value at t = 0..until. */
  readonly values: readonly bigint[];
}

function sample(until: bigint, n: number): bigint[] {
  const out: bigint[] = [];
  if (until <= BigInt(n)) {
    for (let t = 0n; t <= until; t++) out.push(t);
    return out;
  }
  for (let i = 0; i <= n; i++) out.push((until * BigInt(i)) / BigInt(n));
  return out;
}

/** Series sampled at ≤ width+1 points of 0..until. `f` gives each series' value at t. */
export function sampleSeries(until: bigint, width: number, fs: readonly { label: string; f: (t: bigint) => bigint }[]): { ts: bigint[]; series: Series[] } {
  const ts = sample(until, width);
  return { ts, series: fs.map((s) => ({ label: s.label, values: ts.map(s.f) })) };
}

const MARKS = ['s', 'd', 'r'];

export function asciiPlot(ts: readonly bigint[], series: readonly Series[], height = 10): string {
  let top = 1n;
  for (const s of series) for (const v of s.values) if (v > top) top = v;
  const rows: string[][] = Array.from({ length: height + 1 }, () => ts.map(() => ' '));
  series.forEach((s, k) => {
    s.values.forEach((v, x) => {
      const y = Number((v * BigInt(height)) / top);
      const row = rows[height - y]!;
      const m = MARKS[k % MARKS.length]!;
      row[x] = row[x] === ' ' || row[x] === m ? m : '*';
    });
  });
  const w = String(top).length;
  const lines = rows.map((r, i) => {
    const label = i === 0 ? String(top).padStart(w) : i === height ? '0'.padStart(w) : ' '.repeat(w);
    return `${label} |${r.join('')}`;
  });
  const last = ts[ts.length - 1] ?? 0n;
  lines.push(`${' '.repeat(w)} +${'-'.repeat(ts.length)}`);
  lines.push(`${' '.repeat(w)}  0${String(last).padStart(Math.max(1, ts.length - 1))}  (t)`);
  lines.push(`${' '.repeat(w)}  ${series.map((s, k) => `${MARKS[k % MARKS.length]} = ${s.label}`).join(', ')}, * = both`);
  return lines.join('\n');
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A self-contained SVG step plot of the series over t. */
export function svgPlot(title: string, ts: readonly bigint[], series: readonly Series[]): string {
  const W = 640;
  const H = 360;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const last = Number(ts[ts.length - 1] ?? 1n) || 1;
  let top = 1;
  for (const s of series) for (const v of s.values) top = Math.max(top, Number(v));
  const x = (t: number): number => m.l + ((W - m.l - m.r) * t) / last;
  const y = (v: number): number => H - m.b - ((H - m.t - m.b) * v) / top;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  parts.push(`<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`);
  parts.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`);
  parts.push(`<text x="${m.l}" y="${H - m.b + 18}" text-anchor="middle">0</text>`);
  parts.push(`<text x="${W - m.r}" y="${H - m.b + 18}" text-anchor="end">${last}</text>`);
  parts.push(`<text x="${(W + m.l) / 2}" y="${H - 12}" text-anchor="middle">t</text>`);
  parts.push(`<text x="${m.l - 6}" y="${m.t + 4}" text-anchor="end">${top}</text>`);
  parts.push(`<text x="${m.l - 6}" y="${H - m.b + 4}" text-anchor="end">0</text>`);
  series.forEach((s, k) => {
    const pts: string[] = [];
    s.values.forEach((v, i) => {
      const t = Number(ts[i]!);
      if (i > 0) pts.push(`${x(t).toFixed(2)},${y(Number(s.values[i - 1]!)).toFixed(2)}`);
      pts.push(`${x(t).toFixed(2)},${y(Number(v)).toFixed(2)}`);
    });
    const color = COLORS[k % COLORS.length]!;
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>`);
    parts.push(`<text x="${m.l + 10}" y="${m.t + 16 + 16 * k}" fill="${color}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
