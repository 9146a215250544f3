// The system C preprocessor, run on a Bao configuration with hvsafe's stand-in headers first
// on the include path (then the user's --include directories), keeping line markers so every
// value maps back to the file and line the user wrote.

import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../config/diagnostics.js';

export const STAND_IN_HEADERS = resolve(dirname(fileURLToPath(import.meta.url)), 'include');

export type CppResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function preprocess(file: string, includes: readonly string[], defines: readonly string[] = []): CppResult {
  const CPP = process.env['HVSAFE_CPP'] ?? 'cpp';
  const args = ['-nostdinc', '-undef', '-I', STAND_IN_HEADERS, ...includes.flatMap((d) => ['-I', resolve(d)]), '-D__BAO__', '-DHVSAFE_IMPORT', ...defines.map((d) => `-D${d}`), file];
  const r = spawnSync(CPP, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  const at = { file, line: 1, column: 1 };
  if (r.error !== undefined) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, diagnostics: [{ class: 'syntax', at, message: missing ? `the C preprocessor '${CPP}' is not installed: a Bao configuration is C and must be preprocessed` : `the C preprocessor failed to run: ${r.error.message}`, hint: missing ? 'install it (Debian/Ubuntu: apt-get install cpp), or name one with HVSAFE_CPP=/path/to/cpp' : 'check the preprocessor' }] };
  }
  if (r.status !== 0) {
    const diagnostics: Diagnostic[] = [];
    for (const l of r.stderr.split('\n')) {
      const m = /^(.*?):(\d+):(\d+): (?:fatal )?error: (.*)$/.exec(l);
      if (m !== null) diagnostics.push({ class: 'syntax', at: { file: resolve(m[1]!), line: Number(m[2]), column: Number(m[3]) }, message: `the C preprocessor: ${m[4]}`, hint: /No such file/.test(m[4]!) ? "give the directory that holds it with --include DIR (hvsafe's stand-ins cover config.h and platform.h)" : 'fix the preprocessor directive' });
    }
    if (diagnostics.length === 0) diagnostics.push({ class: 'syntax', at, message: `the C preprocessor failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(0, 5).join(' / ') || 'no message'}`, hint: 'run cpp on the file to see why' });
    return { ok: false, diagnostics };
  }
  return { ok: true, text: r.stdout };
}
