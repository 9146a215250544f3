// Benchmark of the timing analyses: 1,000 guest tasks on 64 vCPUs (partitions) with varied
// supplies (dedicated, periodic, EDP, window tables), analysed under fixed priority (busy-
// window RTA) and under EDF (exact dbf test), times in ns. Median of several runs.

import { performance } from 'node:perf_hooks';
import { analyzeEdf } from '../src/timing/edf.js';
import { analyzeFp } from '../src/timing/fp.js';
import { makeSupply, type Supply, type SupplySpec } from '../src/timing/supply.js';
import type { Task } from '../src/timing/task.js';

export interface BenchResult {
  name: string;
  medianMs: number;
  runs: number;
}

/** Deterministic xorshift32, so every run analyses the same system. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

const MS = 1_000_000n;

interface Partition {
  supply: Supply;
  tasks: Task[];
}

export function buildSystem(vcpus = 64, totalTasks = 1000, seed = 2024): Partition[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Partition[] = [];
  for (let v = 0; v < vcpus; v++) {
    const n = Math.floor(totalTasks / vcpus) + (v < totalTasks % vcpus ? 1 : 0);
    let spec: SupplySpec;
    let rateNum: number;
    switch (v % 4) {
      case 0:
        spec = { kind: 'dedicated' };
        rateNum = 1;
        break;
      case 1:
        spec = { kind: 'periodic', period: 2n * MS, budget: 1n * MS + BigInt(Math.floor(r() * 800)) * 1000n };
        rateNum = Number(spec.budget) / Number(spec.period);
        break;
      case 2:
        spec = { kind: 'edp', period: 5n * MS, budget: 3n * MS, deadline: 4n * MS };
        rateNum = 0.6;
        break;
      default:
        spec = { kind: 'windows', frame: 10n * MS, windows: [[0n, 3n * MS], [5n * MS, 2n * MS], [8n * MS, 1n * MS]] };
        rateNum = 0.6;
    }
    // Utilization 70-95 % of the supply rate (long busy periods, some sets unschedulable), periods 5..200 ms, spread over tasks.
    const target = rateNum * (0.7 + 0.25 * r());
    const periods = Array.from({ length: n }, () => BigInt(pick([5, 10, 20, 25, 40, 50, 100, 200])) * MS);
    periods.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // rate-monotonic priority order
    const tasks: Task[] = periods.map((p, i) => {
      const wcet = BigInt(Math.max(1000, Math.floor((Number(p) * target) / n)));
      const deadline = r() < 0.3 ? p - p / 5n : p;
      return { name: `v${v}t${i}`, wcet, period: p, deadline };
    });
    out.push({ supply: makeSupply(spec), tasks });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function measure(name: string, runs: number, f: () => void): BenchResult {
  f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return { name, medianMs: Math.round(median(times) * 1000) / 1000, runs };
}

export async function benchTiming(): Promise<BenchResult[]> {
  const system = buildSystem();
  const taskCount = system.reduce((a, p) => a + p.tasks.length, 0);
  const runs = 7;
  let sink = 0;
  const fp = measure(`timing: fixed-priority busy-window RTA, ${taskCount} tasks on ${system.length} vCPUs (varied supplies)`, runs, () => {
    for (const p of system) sink += analyzeFp(p.tasks, p.supply).tasks.length;
  });
  const edf = measure(`timing: EDF exact dbf test, ${taskCount} tasks on ${system.length} vCPUs (varied supplies)`, runs, () => {
    for (const p of system) sink += analyzeEdf(p.tasks, p.supply).schedulable ? 1 : 0;
  });
  if (sink < 0) throw new Error('unreachable');
  return [fp, edf];
}
