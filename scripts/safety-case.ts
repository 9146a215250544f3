// Regenerates the committed safety cases (see scripts/examples.ts):
//
//   npm run safety-case             every example and breach
//   npm run safety-case -- cockpit  only the scenarios whose path contains "cockpit"

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Io } from '../src/cli/io.js';
import { reportCommand } from '../src/cli/report.js';
import { examples, reportArgs, ROOT } from './examples.js';

async function main(filter: string | undefined): Promise<number> {
  const io: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t), isTTY: false, cwd: ROOT };
  let failed = 0;
  for (const e of examples().filter((x) => filter === undefined || x.scenario.includes(filter))) {
    mkdirSync(join(ROOT, dirname(e.out)), { recursive: true });
    const t0 = performance.now();
    const code = await reportCommand(reportArgs(e), io);
    const expected = e.breach ? 1 : 0;
    const note = code === expected ? '' : `  (expected exit ${expected} for ${e.breach ? 'a breach' : 'a shipped example'})`;
    process.stdout.write(`  exit ${code} in ${((performance.now() - t0) / 1000).toFixed(1)} s${note}\n\n`);
    if (code === 2) failed++;
  }
  return failed === 0 ? 0 : 2;
}

main(process.argv[2]).then((c) => (process.exitCode = c));
