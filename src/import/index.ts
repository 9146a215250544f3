// The importers: one per source format, each translating a hypervisor's own configuration
// into the Scenario that `config` produces, with a fate for every source element.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../config/diagnostics.js';
import { describeReadError } from '../config/load.js';
import type { Scenario } from '../config/types.js';
import type { ImportResult } from './common.js';
import { importHvisor } from './hvisor/translate.js';
import { importBao } from './bao/translate.js';
import { importJailhouse } from './jailhouse/translate.js';
import { importMicrokit } from './microkit/translate.js';
import { EMPTY_OVERLAY, loadOverlay } from './overlay.js';
import { importXen } from './xen/translate.js';

export { formatFates, type FateRow, type Imported, type ImportResult } from './common.js';

export const FORMATS = ['jailhouse', 'microkit', 'hvisor', 'xen', 'bao'] as const;
export type Format = (typeof FORMATS)[number];

export interface ImportOptions {
  readonly overlay?: string | undefined;
  readonly board?: string | undefined;
  /** Bao: the platform description (platforms/<board>/<board>_desc.c). */
  readonly platform?: string | undefined;
  /** Bao: directories for the C preprocessor, after hvsafe's stand-in config.h and platform.h. */
  readonly includes?: readonly string[] | undefined;
  /** Bao: NAME or NAME=VALUE macros, as Bao's build passes them to the compiler (-D). */
  readonly defines?: readonly string[] | undefined;
  /** Where the scenario YAML is (or would be) written; anchors its SoC file. */
  readonly out: string;
}

export function isFormat(f: string): f is Format {
  return (FORMATS as readonly string[]).includes(f);
}

/** Read the source files and translate them. Never throws on bad input. */
export function importConfig(format: Format, files: readonly string[], opts: ImportOptions): ImportResult {
  const errors: Diagnostic[] = [];
  const overlay = opts.overlay === undefined ? { ok: true as const, value: EMPTY_OVERLAY } : loadOverlay(opts.overlay);
  if (!overlay.ok) errors.push(...overlay.diagnostics);
  if (format === 'microkit' && files.length !== 1) {
    errors.push({ class: 'syntax', at: { file: resolve(files[1] ?? '.'), line: 1, column: 1 }, message: `a Microkit system is one .system file, not ${files.length}`, hint: 'hvsafe import microkit system.system --board board.yaml --out system.yaml' });
  }
  if (opts.board !== undefined && format === 'xen') {
    errors.push({ class: 'syntax', at: { file: resolve(opts.board), line: 1, column: 1 }, message: 'a Xen host device tree describes its own platform: --board is not used', hint: 'leave out --board; give costs and the LLC in the overlay (soc: {costs, llc})' });
  }
  if (format === 'bao' && files.length !== 1) {
    errors.push({ class: 'syntax', at: { file: resolve(files[1] ?? '.'), line: 1, column: 1 }, message: `a Bao configuration is one config.c, not ${files.length} files`, hint: 'hvsafe import bao config.c --platform platform_desc.c --out system.yaml' });
  }
  if (format !== 'bao' && (opts.platform !== undefined || (opts.includes ?? []).length > 0 || (opts.defines ?? []).length > 0)) {
    errors.push({ class: 'syntax', at: { file: resolve(opts.platform ?? opts.includes![0]!), line: 1, column: 1 }, message: '--platform, --include and --define are for Bao configurations', hint: 'leave them out' });
  }
  if (opts.board !== undefined && format === 'bao') {
    errors.push({ class: 'syntax', at: { file: resolve(opts.board), line: 1, column: 1 }, message: 'a Bao configuration describes its board in the platform description: --board is not used', hint: 'give --platform platform_desc.c; costs and the LLC go in the overlay (soc: {costs, llc})' });
  }
  if (opts.board !== undefined && format === 'jailhouse') {
    errors.push({ class: 'syntax', at: { file: resolve(opts.board), line: 1, column: 1 }, message: 'a Jailhouse set describes its own platform: --board is not used', hint: 'leave out --board; give costs and the LLC in the overlay (soc: {costs, llc})' });
  }
  const inputs: { file: string; bytes: Uint8Array }[] = [];
  for (const f of files) {
    try {
      inputs.push({ file: f, bytes: new Uint8Array(readFileSync(f)) });
    } catch (e) {
      errors.push({ class: 'syntax', at: { file: resolve(f), line: 1, column: 1 }, message: `cannot read the configuration: ${describeReadError(e)}`, hint: 'check the path' });
    }
  }
  if (errors.length > 0 || !overlay.ok) return { ok: false, diagnostics: errors };
  const r = ((): ImportResult => {
    switch (format) {
      case 'jailhouse':
        return importJailhouse(inputs, opts.out, overlay.value);
      case 'microkit':
        return importMicrokit(inputs[0]!.file, new TextDecoder('utf-8').decode(inputs[0]!.bytes), opts.board, opts.out, overlay.value);
      case 'hvisor':
        return importHvisor(inputs.map((i) => ({ file: i.file, text: new TextDecoder('utf-8').decode(i.bytes) })), opts.board, opts.out, overlay.value);
      case 'xen':
        return importXen(inputs, opts.out, overlay.value);
      case 'bao':
        return importBao(inputs[0]!.file, opts.platform, opts.includes ?? [], opts.defines ?? [], opts.out, overlay.value);
    }
  })();
  // The overlay is an input of the scenario too: evidence hashes every file in `files`.
  if (!r.ok || opts.overlay === undefined) return r;
  const scenario = r.value.scenario;
  return { ok: true, value: { ...r.value, scenario: { ...scenario, files: [...scenario.files, resolve(opts.overlay)] } } };
}

/** The scenario `check --from` runs on: imported in memory, or undefined after `report`. */
export function scenarioFrom(
  format: string,
  files: readonly string[],
  opts: { readonly cwd: string; readonly overlay?: string | undefined; readonly board?: string | undefined; readonly platform?: string | undefined; readonly includes?: readonly string[] | undefined; readonly defines?: readonly string[] | undefined },
  report: (r: Extract<ImportResult, { ok: false }>) => void,
): Scenario | undefined {
  const abs = files.map((f) => resolve(opts.cwd, f));
  if (!isFormat(format)) {
    report({ ok: false, diagnostics: [{ class: 'syntax', at: { file: '--from', line: 1, column: 1 }, message: `unknown format '${format}'`, hint: `formats: ${FORMATS.join(', ')}` }] });
    return undefined;
  }
  const r = importConfig(format, abs, {
    out: resolve(opts.cwd, 'imported.yaml'),
    overlay: opts.overlay === undefined ? undefined : resolve(opts.cwd, opts.overlay),
    board: opts.board === undefined ? undefined : resolve(opts.cwd, opts.board),
    platform: opts.platform === undefined ? undefined : resolve(opts.cwd, opts.platform),
    includes: (opts.includes ?? []).map((d) => resolve(opts.cwd, d)),
    defines: opts.defines,
  });
  if (!r.ok) {
    report(r);
    return undefined;
  }
  return r.value.scenario;
}
