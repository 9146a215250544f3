// Output paths (--out, --sarif, --junit, --evidence, --save, --plot, --emit-smt2) are judged
// before any work starts, so a run of minutes never ends in "cannot write". A missing parent
// folder is created (mkdir -p) when the output is written, after the run: the check
// beforehand only demands that the nearest existing ancestor is a folder hvsafe may write
// in. Files are written whole: a temporary file beside the target, then a rename; a failed
// write removes its temporary file.

import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

function nearestExisting(abs: string): string {
  let p = abs;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) return p;
    p = up;
  }
  return p;
}

/** Why the folder that would hold `abs` cannot be made or written, or undefined. */
function parentProblem(option: string, raw: string, abs: string): string | undefined {
  const anc = nearestExisting(dirname(abs));
  let st;
  try {
    st = statSync(anc);
  } catch {
    return `${option} ${raw}: cannot inspect ${anc}`;
  }
  if (!st.isDirectory()) return `${option} ${raw}: ${anc} is a file, so no folder can be made under it`;
  try {
    accessSync(anc, constants.W_OK | constants.X_OK);
  } catch {
    return `${option} ${raw}: the folder ${anc} is not writable`;
  }
  return undefined;
}

/** Why FILE cannot be written by `option`, or undefined when it can. */
export function outputFileProblem(cwd: string, option: string, raw: string): string | undefined {
  if (raw.trim() === '') return `${option} needs a file name`;
  if (/[\\/]$/.test(raw)) return `${option} ${raw}: names a folder; name a file, such as ${join(raw, defaultName(option))}`;
  const abs = resolve(cwd, raw);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) return `${option} ${raw}: it is a folder; name a file, such as ${join(raw, defaultName(option))}`;
    if (!st.isFile()) return `${option} ${raw}: is not a regular file`;
    try {
      accessSync(abs, constants.W_OK);
    } catch {
      return `${option} ${raw}: the file is not writable`;
    }
    return parentProblem(option, raw, abs);
  }
  return parentProblem(option, raw, abs);
}

/** Why DIR cannot be created or filled by `option`, or undefined (its contents are the caller's to judge). */
export function outputDirProblem(cwd: string, option: string, raw: string): string | undefined {
  if (raw.trim() === '') return `${option} needs a folder name`;
  const abs = resolve(cwd, raw);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) return `${option} ${raw}: it is a file, not a folder`;
    try {
      accessSync(abs, constants.W_OK | constants.X_OK);
    } catch {
      return `${option} ${raw}: the folder is not writable`;
    }
  }
  return parentProblem(option, raw, abs);
}

function defaultName(option: string): string {
  switch (option) {
    case '--sarif':
      return 'hvsafe.sarif';
    case '--junit':
      return 'hvsafe.xml';
    case '--plot':
      return 'plot.svg';
    default:
      return 'trace.yaml';
  }
}

/** Make the folder that will hold `abs` (and its missing parents). */
export function makeParent(abs: string): void {
  mkdirSync(dirname(abs), { recursive: true });
}

/** Write a file whole: temporary file beside it, then rename; never a half-written target or a stray temporary. */
export function writeFileWhole(abs: string, text: string): void {
  makeParent(abs);
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
