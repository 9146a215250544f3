// Import figures: `check --from` (import + every property, default runs) of a 4-cell
// Jailhouse set (the ZCU102-like test set), of a generated 20-PD Microkit system and of the
// two-zone hvisor i.MX8MP test set; the target is under 10 s each on this machine. Medians of
// a few runs. Also the hvisor JSON reader's throughput on a file near the 4 MiB input limit.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { parseJson } from '../src/import/hvisor/json.js';
import { memoryIo } from '../src/cli/io.js';
import { zcu102Set } from '../test/import/jailhouse-fixtures.js';
import type { BenchFigure } from './model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/dist\/?$/, '');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** 20 PDs on two cores, each with private RAM and a ring it writes to its neighbour. */
export function microkit20(): string {
  const n = 20;
  const mrs = Array.from({ length: n }, (_, i) => `  <memory_region name="priv${i}" size="0x10000" />\n  <memory_region name="ring${i}" size="0x1000" />`).join('\n');
  const pds = Array.from(
    { length: n },
    (_, i) =>
      `  <protection_domain name="pd${i}" priority="${100 + i}" budget="40" period="1000" cpu="${i % 2}">\n` +
      `    <program_image path="pd${i}.elf" />\n` +
      `    <map mr="priv${i}" vaddr="0x2000000" perms="rw" />\n` +
      `    <map mr="ring${i}" vaddr="0x3000000" perms="rw" />\n` +
      `    <map mr="ring${(i + n - 1) % n}" vaddr="0x3100000" perms="r" />\n` +
      `  </protection_domain>`,
  ).join('\n');
  const chans = Array.from({ length: n }, (_, i) => `  <channel><end pd="pd${i}" id="1" /><end pd="pd${(i + 1) % n}" id="2" /></channel>`).join('\n');
  return `<?xml version="1.0"?>\n<system>\n${mrs}\n${pds}\n${chans}\n</system>\n`;
}

async function time(argv: string[]): Promise<{ ms: number; code: number }> {
  const t = performance.now();
  const code = await main(argv, memoryIo());
  return { ms: performance.now() - t, code };
}

export async function benchImport(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-bench-import-'));
  const jh = zcu102Set().files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.bytes);
    return p;
  });
  const sdf = join(dir, 'pd20.system');
  writeFileSync(sdf, microkit20());
  const board = join(ROOT, 'test/import/fixtures/microkit/qemu-virt-like.board.yaml');
  const hvFx = join(ROOT, 'test/import/fixtures/hvisor');
  const hv = [join(hvFx, 'imx8mp-zone0.json'), join(hvFx, 'imx8mp-zone1-linux.json')];
  const hvBoard = join(hvFx, 'imx8mp.board.yaml');
  const out: BenchFigure[] = [];
  const region = '{ "type": "ram", "physical_start": "0x50000000", "virtual_start": "0x50000000", "size": "0x1000" }';
  const big = `{ "zones_like": [${Array.from({ length: 35_000 }, () => region).join(',\n')}] }`;
  const reads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    parseJson(big);
    reads.push(performance.now() - t);
  }
  out.push({ name: 'hvisor JSON reader, 3.5 MB (median of 3)', value: Math.round(big.length / 1e3 / median(reads)), unit: 'MB/s', detail: `${(big.length / 1e6).toFixed(1)} MB in ${reads.map((x) => Math.round(x)).join(', ')} ms` });
  const cases: [string, string[]][] = [
    ['jailhouse 4 cells: import + check --engines pbt', ['check', '--from', 'jailhouse', ...jh, '--engines', 'pbt']],
    ['microkit 20 PDs: import + check --engines pbt', ['check', '--from', 'microkit', sdf, '--board', board, '--engines', 'pbt']],
    ['jailhouse 4 cells: import + check (pbt,z3, no cache)', ['check', '--from', 'jailhouse', ...jh, '--no-cache']],
    ['microkit 20 PDs: import + check (pbt,z3, no cache)', ['check', '--from', 'microkit', sdf, '--board', board, '--no-cache']],
    ['hvisor i.MX8MP 2 zones: import + check --engines pbt', ['check', '--from', 'hvisor', ...hv, '--board', hvBoard, '--engines', 'pbt']],
    ['hvisor i.MX8MP 2 zones: import + check (pbt,z3, no cache)', ['check', '--from', 'hvisor', ...hv, '--board', hvBoard, '--no-cache']],
  ];
  for (const [name, argv] of cases) {
    const runs: number[] = [];
    let code = 0;
    for (let i = 0; i < 3; i++) {
      const r = await time(argv);
      runs.push(r.ms);
      code = r.code;
    }
    out.push({ name: `${name} (median of 3)`, value: Math.round(median(runs)), unit: 'ms', detail: `exit ${code}; runs ${runs.map((x) => Math.round(x)).join(', ')} ms` });
  }
  return out;
}
