// npm run bench: every speed figure hvsafe tracks. Timed tests would flap on this shared
// 2-core machine; figures here are medians, read by people, compared across commits.

import { benchCheck } from './check.js';
import { benchExplore } from './explore.js';
import { benchImport } from './import.js';
import { benchModel, type BenchFigure } from './model.js';
import { benchProve } from './prove.js';
import { benchScale } from './scale.js';
import { benchTiming } from './timing.js';
import { benchTransitions } from './transitions.js';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const suites: [string, () => Promise<BenchFigure[]>][] = [
    ['model', () => benchModel()],
    ['check', () => benchCheck()],
    [
      'timing',
      async () =>
        (await benchTiming()).map((r) => ({ name: `${r.name} (median of ${r.runs})`, value: Math.round(r.medianMs * 100) / 100, unit: 'ms' })),
    ],
    ['prove', () => benchProve()],
    ['scale', () => benchScale()],
    ['transitions', () => benchTransitions()],
    ['explore', () => benchExplore()],
    ['import', () => benchImport()],
  ];
  for (const [name, run] of suites) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stdout.write(`== ${name}\n`);
    for (const f of await run()) {
      process.stdout.write(`${f.name}: ${f.value.toLocaleString('en')} ${f.unit}\n${f.detail ? `  ${f.detail}\n` : ''}`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
