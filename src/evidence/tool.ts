// Who produced the evidence: hvsafe's version and the git commit of the checkout it runs
// from. The commit is asked of git in the tool's own folder, and counts only when that folder
// is the root of the checkout: an installed hvsafe sits in node_modules inside the user's
// repository, whose commit is not the tool's. Any failure (no git, not a checkout) gives null
// rather than stopping a run.

import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ToolInfo } from './types.js';

/** The folder of hvsafe's package.json and its version. */
function packageRoot(): { root: string; version: string } | undefined {
  // Source (src/evidence) and build (dist/src/evidence) sit at different depths.
  for (const rel of ['../../', '../../../']) {
    try {
      const url = new URL(rel, import.meta.url);
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'hvsafe' && typeof pkg.version === 'string') return { root: fileURLToPath(url), version: pkg.version };
    } catch {
      // try the next layout
    }
  }
  return undefined;
}

function gitCommit(root: string): string | null {
  try {
    const [top, head] = execFileSync('git', ['rev-parse', '--show-toplevel', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .trim()
      .split('\n');
    if (top === undefined || head === undefined || realpathSync(top) !== realpathSync(root)) return null;
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head) ? head : null;
  } catch {
    return null;
  }
}

export function toolInfo(): ToolInfo {
  const pkg = packageRoot();
  return { name: 'hvsafe', version: pkg?.version ?? 'unknown', commit: pkg === undefined ? null : gitCommit(pkg.root) };
}
