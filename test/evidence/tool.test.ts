// The tool's commit: hvsafe's own checkout, never the repository an installed hvsafe sits in.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ToolInfo } from '../../src/evidence/types.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A copy of tool.ts in a package named hvsafe at `root`, loaded fresh. */
async function toolAt(root: string): Promise<ToolInfo> {
  mkdirSync(join(root, 'src', 'evidence'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'hvsafe', version: '9.9.9' }));
  copyFileSync('src/evidence/tool.ts', join(root, 'src', 'evidence', 'tool.ts'));
  const mod = (await import(pathToFileURL(join(root, 'src', 'evidence', 'tool.ts')).href)) as { toolInfo(): ToolInfo };
  return mod.toolInfo();
}

describe('tool info', () => {
  it("names the tool checkout's commit, and null inside someone else's repository or outside git", async () => {
    const own = mkdtempSync(join(tmpdir(), 'hvsafe-tool-'));
    git(own, 'init', '-q');
    git(own, 'commit', '-q', '--allow-empty', '-m', 'x');
    const head = git(own, 'rev-parse', 'HEAD');
    // The package files are untracked here; the checkout's HEAD is still the tool's commit.
    expect(await toolAt(own)).toEqual({ name: 'hvsafe', version: '9.9.9', commit: head });

    const user = mkdtempSync(join(tmpdir(), 'hvsafe-user-'));
    git(user, 'init', '-q');
    git(user, 'commit', '-q', '--allow-empty', '-m', 'y');
    expect((await toolAt(join(user, 'node_modules', 'hvsafe'))).commit).toBeNull();

    expect((await toolAt(mkdtempSync(join(tmpdir(), 'hvsafe-nogit-')))).commit).toBeNull();
  });
});
