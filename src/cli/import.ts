// hvsafe import <format> <files…>: translate a hypervisor's own configuration into a scenario
// YAML (+ its SoC YAML), each line naming the source element it came from, and print the fate
// of every source element. Nothing is written unless the whole import succeeds.

import { renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatDiagnostic } from '../config/diagnostics.js';
import { FORMATS, formatFates, importConfig, isFormat, type ImportResult } from '../import/index.js';
import { parseCommand } from './args.js';
import { Exit, type Command, type Io } from './io.js';

const USAGE = `usage: hvsafe import <format> <files…> --out system.yaml [options]

Translates a hypervisor's configuration into an hvsafe scenario (system.yaml) and its SoC
(system.soc.yaml). Every source element gets a fate: translated faithfully, translated with
a stated approximation, or refused with the reason; the fate table goes to stderr.

formats: ${FORMATS.join(', ')}
  jailhouse   the system configuration (.cell, JHSYS) first, then cell configurations (JHCLL);
              arm64, config revision 14
  microkit    one seL4 Microkit System Description File (.system) with --board (an hvsafe SoC
              file: RAM, the kernel's memory as hypervisor-memory, devices, GIC, costs)
  hvisor      arm64 zone configurations (.json, as \`hvisor zone start\` reads them), one per
              zone, with --board (an hvsafe SoC file); the root zone (board.rs) as a zone JSON
              with "zone_id": 0, if you give it
  xen         the host device tree (.dts or .dtb) with the dom0less domains under /chosen,
              then one partial device tree (xen,passthrough) per domain that loads one
  bao         one Bao VM configuration (config.c, C) with --platform <board>_desc.c; both are run
              through the system C preprocessor (cpp) with hvsafe's stand-in config.h/platform.h

options:
  --out FILE       the scenario YAML to write (required); the SoC goes beside it
  --overlay FILE   what the source does not say: criticality, os, health, latency, tasks per VM;
                   protection per channel; hypervisor costs and the LLC
  --board FILE     the board description (formats that need one)
  --platform FILE  bao: the platform description (platforms/<board>/<board>_desc.c)
  --include DIR    bao: a directory for the C preprocessor (repeatable)
  --define N[=V]   bao: a macro, as Bao's build passes it with -D (repeatable)
  --fates FORMAT   the fate table as text (default, stderr) or json (stdout)
  -h, --help       show this help

exit codes: 0 written, 2 bad input (file and byte offset or line:column) or usage
`;

export function reportImport(r: Extract<ImportResult, { ok: false }>, io: Io, command: string): void {
  for (const d of r.diagnostics) io.err(formatDiagnostic(d, io.cwd) + (d.at.element !== undefined ? ` [${d.at.element}]` : '') + '\n');
  const n = r.diagnostics.length;
  io.err(`${n} error${n === 1 ? '' : 's'}; ${command}\n`);
}

export const importCommand: Command = async (argv, io) => {
  const args = parseCommand('import', USAGE, argv, io, {
    out: { type: 'string' },
    overlay: { type: 'string' },
    board: { type: 'string' },
    platform: { type: 'string' },
    include: { type: 'string', multiple: true },
    define: { type: 'string', multiple: true },
    fates: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const [format, ...files] = positionals;
  const problems: string[] = [];
  if (format === undefined) problems.push('no format given');
  else if (!isFormat(format)) problems.push(`unknown format '${format}'; formats: ${FORMATS.join(', ')}`);
  if (files.length === 0) problems.push('no configuration files given');
  if (values.out === undefined) problems.push('--out FILE is required');
  const fatesFmt = values.fates ?? 'text';
  if (fatesFmt !== 'text' && fatesFmt !== 'json') problems.push(`--fates must be text or json, not '${fatesFmt}'`);
  if (problems.length > 0 || format === undefined || !isFormat(format) || values.out === undefined) {
    io.err(problems.map((p) => `hvsafe import: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }
  const out = resolve(io.cwd, values.out);
  const r = importConfig(format, files.map((f) => resolve(io.cwd, f)), {
    out,
    overlay: values.overlay === undefined ? undefined : resolve(io.cwd, values.overlay),
    board: values.board === undefined ? undefined : resolve(io.cwd, values.board),
    platform: values.platform === undefined ? undefined : resolve(io.cwd, values.platform),
    includes: (values.include ?? []).map((d) => resolve(io.cwd, d)),
    defines: values.define ?? [],
  });
  if (!r.ok) {
    reportImport(r, io, 'nothing was written');
    return Exit.Usage;
  }
  const socPath = resolve(dirname(out), r.value.socFile);
  try {
    // Both files whole or neither: temp files first, then the renames.
    writeFileSync(`${socPath}.${process.pid}.tmp`, r.value.socYaml);
    writeFileSync(`${out}.${process.pid}.tmp`, r.value.scenarioYaml);
    renameSync(`${socPath}.${process.pid}.tmp`, socPath);
    renameSync(`${out}.${process.pid}.tmp`, out);
  } catch (e) {
    io.err(`hvsafe import: cannot write ${values.out}: ${(e as Error).message}\n`);
    return Exit.Usage;
  }
  if (fatesFmt === 'json') io.out(JSON.stringify(r.value.fates, null, 2) + '\n');
  else io.err(formatFates(r.value.fates));
  io.err(`wrote ${values.out} and ${r.value.socFile}\n`);
  return Exit.Holds;
};
