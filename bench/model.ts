// Model throughput: events per second over a 1,000,000-event random trace on the cockpit
// model. The trace is generated before timing; only boot + step are measured.
//
// The figure is the median wall-clock rate. On a machine shared with other work that swings
// with the neighbours' load, so the detail also gives the median rate over this process's
// CPU time (user + system, GC threads included), which moves much less between runs.

import { loadScenario } from '../src/config/load.js';
import { boot } from '../src/hv/boot.js';
import { step } from '../src/hv/step.js';
import { randomTrace, type TraceMix } from '../src/sim/random.js';

export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly detail?: string;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function benchModel(file = 'models/cockpit.yaml', events = 1_000_000, runs = 5): Promise<BenchFigure[]> {
  return [
    ...(await benchMix(file, events, runs, 'mostly well-behaved guests', { hostility: 0.05 })),
    ...(await benchMix(file, events, runs, 'hostile guests', { hostility: 0.3 })),
  ];
}

async function benchMix(file: string, events: number, runs: number, label: string, mix: TraceMix): Promise<BenchFigure[]> {
  const loaded = loadScenario(file);
  if (!loaded.ok) throw new Error(`cannot load ${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const initial = boot(loaded.value);
  const trace = randomTrace(initial.topo, 42, events, mix);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let observations = 0;
  for (let r = 0; r < runs; r++) {
    let s = boot(loaded.value);
    observations = 0;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const e of trace) {
      const res = step(s, e);
      s = res.state;
      observations += res.observations.length;
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    rates.push(events / secs);
    cpuRates.push(events / ((cpu.user + cpu.system) / 1e6));
  }
  return [
    {
      name: `model step throughput (${file}, ${events.toLocaleString('en')} random events, ${label}: ${mix.hostility * 100}% of guest addresses off their mappings; median of ${runs})`,
      value: Math.round(median(rates)),
      unit: 'events/s',
      detail: `runs: ${rates.map((r) => Math.round(r).toLocaleString('en')).join(', ')}; per CPU second (median): ${Math.round(median(cpuRates)).toLocaleString('en')}; ${observations.toLocaleString('en')} observations per run`,
    },
  ];
}
