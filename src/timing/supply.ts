// Supply bound functions: the least processor time a partition is guaranteed in any
// interval of length t, for the supply models the hypervisor's schedulers give a vCPU.
//
// Time is discrete (integer units; ns when derived from a scenario). All functions are
// exact bigint arithmetic.
//
//   dedicated          sbf(t) = t
//   periodic Γ(Π,Θ)    Shin & Lee, "Periodic resource model for compositional real-time
//                      guarantees", RTSS 2003. Blackout 2(Π−Θ).
//   edp Ω(Π,Θ,Δ)       Easwaran, Anand & Lee, "Compositional analysis framework using EDP
//                      resource models", RTSS 2007. Θ units within Δ of each period start;
//                      blackout Π+Δ−2Θ. Γ(Π,Θ) = Ω(Π,Θ,Π).
//   windows            a static time-partition table (frame F, windows [start, length]):
//                      worst case over every phase of the interval within the frame.
//
// Periodic and EDP share one closed form. With a = Δ−Θ (the latest a period's supply can
// start) and g = Π−Θ (the gap inside a period), for t ≥ a, t' = t − a, k = ⌊t'/Π⌋:
//   sbf(t) = k·Θ + max(0, t' − k·Π − g),   and sbf(t) = 0 for t < a.
// (Easwaran et al. 2007, Eq. (1); with Δ = Π it is Shin & Lee's sbf.)

import { ceilDiv, max, min, q, type Q } from './arith.js';

export type Window = readonly [start: bigint, length: bigint];

export type SupplySpec =
  | { readonly kind: 'dedicated' }
  | { readonly kind: 'periodic'; readonly period: bigint; readonly budget: bigint }
  | { readonly kind: 'edp'; readonly period: bigint; readonly budget: bigint; readonly deadline: bigint }
  | { readonly kind: 'windows'; readonly frame: bigint; readonly windows: readonly Window[] };

export interface Supply {
  readonly spec: SupplySpec;
  /** sbf(t) for t ≥ 0. Non-decreasing. */
  sbf(t: bigint): bigint;
  /** The smallest t ≥ 0 with sbf(t) ≥ d ("inverse sbf", tsbf); null when sbf never gets there. */
  inverse(d: bigint): bigint | null;
  /**
   * sbf(t + period) = sbf(t) + amount for every t ≥ from. The long-run rate is amount/period.
   */
  readonly repeat: { readonly period: bigint; readonly amount: bigint; readonly from: bigint };
  /** Linear lower bound: sbf(t) ≥ rate·(t − delay) for all t ≥ 0. */
  readonly delay: bigint;
  /** Longest interval with no supply guaranteed (sbf(blackout) = 0, sbf(blackout+1) > 0). */
  readonly blackout: bigint | null;
}

export function rate(s: Supply): Q {
  return q(s.repeat.amount, s.repeat.period);
}

export class SupplyError extends Error {}

/** Check the parameters; returns a message when they are not a valid supply. */
export function checkSupply(spec: SupplySpec): string | undefined {
  switch (spec.kind) {
    case 'dedicated':
      return undefined;
    case 'periodic':
      if (spec.period <= 0n) return 'period must be > 0';
      if (spec.budget < 0n || spec.budget > spec.period) return 'budget must be within 0..period';
      return undefined;
    case 'edp':
      if (spec.period <= 0n) return 'period must be > 0';
      if (spec.budget < 0n || spec.budget > spec.period) return 'budget must be within 0..period';
      if (spec.deadline < spec.budget || spec.deadline > spec.period) return 'deadline must be within budget..period';
      return undefined;
    case 'windows': {
      if (spec.frame <= 0n) return 'frame must be > 0';
      const ws = [...spec.windows].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      let end = 0n;
      for (const [s, l] of ws) {
        if (s < 0n || l <= 0n || s + l > spec.frame) return `window [${s}, ${l}] must lie inside the frame 0..${spec.frame} with length > 0`;
        if (s < end) return `window [${s}, ${l}] overlaps the previous window`;
        end = s + l;
      }
      return undefined;
    }
  }
}

export function makeSupply(spec: SupplySpec): Supply {
  const bad = checkSupply(spec);
  if (bad !== undefined) throw new SupplyError(bad);
  switch (spec.kind) {
    case 'dedicated':
      return {
        spec,
        sbf: (t) => max(t, 0n),
        inverse: (d) => max(d, 0n),
        repeat: { period: 1n, amount: 1n, from: 0n },
        delay: 0n,
        blackout: 0n,
      };
    case 'periodic':
      return edpLike(spec, spec.period, spec.budget, spec.period);
    case 'edp':
      return edpLike(spec, spec.period, spec.budget, spec.deadline);
    case 'windows':
      return windowsSupply(spec);
  }
}

export const dedicated = (): Supply => makeSupply({ kind: 'dedicated' });
export const periodic = (period: bigint, budget: bigint): Supply => makeSupply({ kind: 'periodic', period, budget });
export const edp = (period: bigint, budget: bigint, deadline: bigint): Supply =>
  makeSupply({ kind: 'edp', period, budget, deadline });
export const windows = (frame: bigint, ws: readonly Window[]): Supply => makeSupply({ kind: 'windows', frame, windows: ws });

function edpLike(spec: SupplySpec, P: bigint, B: bigint, D: bigint): Supply {
  const a = D - B;
  const g = P - B;
  const sbf = (t: bigint): bigint => {
    if (B === 0n || t < a) return 0n;
    const tp = t - a;
    const k = tp / P;
    return k * B + max(0n, tp - k * P - g);
  };
  const inverse = (d: bigint): bigint | null => {
    if (d <= 0n) return 0n;
    if (B === 0n) return null;
    const k = ceilDiv(d, B) - 1n;
    const r = d - k * B; // in (0, B]
    return a + k * P + g + r;
  };
  return {
    spec,
    sbf,
    inverse,
    repeat: B === 0n ? { period: P, amount: 0n, from: 0n } : { period: P, amount: B, from: a },
    delay: a + g,
    blackout: B === 0n ? null : a + g,
  };
}

/**
 * A window table. supply(o, o+t) = C(o+t) − C(o), with C the cumulative supply from time 0.
 * As a function of the phase o it is non-increasing while o is inside a window and
 * non-decreasing while o is in a gap, so its minimum over o is attained where a window ends:
 * those offsets are enumerated, which makes sbf exact.
 */
function windowsSupply(spec: Extract<SupplySpec, { kind: 'windows' }>): Supply {
  const F = spec.frame;
  const ws = [...spec.windows].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const S = ws.reduce((acc, w) => acc + w[1], 0n);
  // prefix[i] = supply before window i starts.
  const prefix: bigint[] = [];
  let acc = 0n;
  for (const w of ws) {
    prefix.push(acc);
    acc += w[1];
  }
  // C(x) for x in [0, F].
  const inFrame = (x: bigint): bigint => {
    let lo = 0;
    let hi = ws.length; // first window with start >= x ... binary search last window with start < x
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ws[mid]![0] < x) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < 0) return 0n;
    const [s, l] = ws[i]!;
    return prefix[i]! + min(l, x - s);
  };
  const C = (x: bigint): bigint => (x / F) * S + inFrame(x % F);
  // Smallest x ≥ 0 with C(x) ≥ y (y > 0, S > 0).
  const Cinv = (y: bigint): bigint => {
    const qf = ceilDiv(y, S) - 1n;
    const r = y - qf * S; // (0, S]
    // window i with prefix[i] < r ≤ prefix[i] + l
    let lo = 0;
    let hi = ws.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prefix[mid]! + ws[mid]![1] < r) lo = mid + 1;
      else hi = mid;
    }
    const [s] = ws[lo]!;
    return qf * F + s + (r - prefix[lo]!);
  };
  const offsets = [...new Set(ws.map((w) => (w[0] + w[1]) % F))];
  const full = S === F;
  const sbf = (t: bigint): bigint => {
    if (t <= 0n) return 0n;
    if (S === 0n) return 0n;
    if (full) return t;
    let best: bigint | undefined;
    for (const o of offsets) {
      const v = C(o + t) - C(o);
      if (best === undefined || v < best) best = v;
    }
    return best!;
  };
  const inverse = (d: bigint): bigint | null => {
    if (d <= 0n) return 0n;
    if (S === 0n) return null;
    if (full) return d;
    // sbf(t) ≥ d iff every phase has supplied d by t: the latest of the per-phase times.
    let worst = 0n;
    for (const o of offsets) {
      const t = Cinv(C(o) + d) - o;
      if (t > worst) worst = t;
    }
    return worst;
  };
  // sbf(t) ≥ ⌊t/F⌋·S ≥ (S/F)(t − F): delay F is sound.
  let blackout: bigint | null = null;
  if (S > 0n) blackout = full ? 0n : (inverse(1n) as bigint) - 1n;
  return {
    spec,
    sbf,
    inverse,
    repeat: { period: F, amount: S, from: 0n },
    delay: full ? 0n : F,
    blackout,
  };
}

/** sbf(0..until) as a list. */
export function sbfVector(s: Supply, until: bigint): bigint[] {
  const out: bigint[] = [];
  for (let t = 0n; t <= until; t++) out.push(s.sbf(t));
  return out;
}

export function describeSupply(spec: SupplySpec): string {
  switch (spec.kind) {
    case 'dedicated':
      return 'dedicated CPU';
    case 'periodic':
      return `periodic resource Γ(Π=${spec.period}, Θ=${spec.budget})`;
    case 'edp':
      return `EDP resource Ω(Π=${spec.period}, Θ=${spec.budget}, Δ=${spec.deadline})`;
    case 'windows':
      return `time partition, frame ${spec.frame}, windows ${spec.windows.map((w) => `[${w[0]}, ${w[1]}]`).join(' ')}`;
  }
}
