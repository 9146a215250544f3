// Which files a run read, and their digests. The loader reads through a `ReadFile`; a
// recording reader hashes the exact bytes it hands over, so the digest in the evidence is of
// what was checked, not of what the file holds a moment later.

import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Scenario } from '../config/types.js';
import { sha256Hex } from './canonical.js';
import type { InputDigest } from './types.js';

export interface RecordingReader {
  /** A `ReadFile` for `loadScenario`: reads UTF-8, remembers the sha256 of the raw bytes. */
  readonly read: (path: string) => string;
  /** sha256 by absolute path, of every file read so far. */
  readonly digests: ReadonlyMap<string, string>;
}

export function recordingReader(): RecordingReader {
  const digests = new Map<string, string>();
  return {
    digests,
    read: (path) => {
      const bytes = readFileSync(path);
      digests.set(resolve(path), sha256Hex(bytes));
      return bytes.toString('utf8');
    },
  };
}

/**
 * A path as evidence writes it: relative to `cwd`, '/' separated. A file on another drive
 * (no relative path exists) is named by its base name rather than leak an absolute path.
 */
export function evidencePath(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  const r = isAbsolute(rel) ? (file.split(/[\\/]/).pop() ?? file) : rel;
  return r.split('\\').join('/') || '.';
}

/**
 * The digests of every file the scenario was read from: scenario first, then the SoC file.
 * Files the recording reader saw keep the digest of the bytes read; any other (a caller that
 * loaded without one) is read again now.
 */
export function inputDigests(scenario: Scenario, cwd: string, recorded?: ReadonlyMap<string, string>): InputDigest[] {
  return scenario.files.map((f, i) => {
    const abs = resolve(cwd, f);
    const sha256 = recorded?.get(abs) ?? sha256Hex(readFileSync(abs));
    return { path: evidencePath(abs, cwd), role: i === 0 ? 'scenario' : 'soc', sha256 };
  });
}
