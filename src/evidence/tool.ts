// Who produced the evidence: hvsafe's version and the git commit of the checkout it runs
// from. The commit is asked of git in the tool's own folder (not the user's), and any failure
// (no git, not a checkout, an installed package) gives null rather than stopping a run.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ToolInfo } from './types.js';

function packageVersion(): string {
  // Source (src/evidence) and build (dist/src/evidence) sit at different depths.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'hvsafe' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}

function gitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

export function toolInfo(): ToolInfo {
  return { name: 'hvsafe', version: packageVersion(), commit: gitCommit() };
}
