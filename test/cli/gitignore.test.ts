// Following the README from the repository root must leave no untracked files: every output
// path its commands write is ignored by git.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Output paths named in the README's shell and workflow examples (placeholders left out). */
function readmeOutputs(): string[] {
  const text = readFileSync('README.md', 'utf8');
  const blocks = [...text.matchAll(/```(?:sh|yaml)\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
  const found = [...blocks.matchAll(/(?:--sarif|--junit|--evidence|--emit-smt2|--out|--save|-out)\s+([^\s"'|]+)/g)].map((m) => m[1]!);
  return [...new Set(found.filter((p) => !/^[A-Z]+$/.test(p) && !p.includes('$')))];
}

function ignoredPath(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A file, or a folder (the README's outputs do not exist here, so git cannot tell which). */
function ignored(path: string): boolean {
  return ignoredPath(path) || ignoredPath(`${path.replace(/\/$/, '')}/file`);
}

describe('.gitignore covers what the README writes', () => {
  it('finds the README outputs', () => {
    expect(readmeOutputs()).toEqual(expect.arrayContaining(['hvsafe.sarif', 'hvsafe.xml', 'evidence/cockpit', 'smt2/', 'cockpit-case', 'merged']));
  });

  it('each of them, and the files of the sharded workflow, is ignored', () => {
    const paths = [...readmeOutputs(), 'trace.yaml', 'key.pem', 'shards/1/bundle.json', 'hvsafe-1.sarif', 'smt2/q.smt2', 'evidence/cockpit/bundle.json'];
    expect(paths.filter((p) => !ignored(p))).toEqual([]);
  });

  it('node_modules too, also when it is a symbolic link (a worktree sharing its dependencies)', () => {
    expect(ignoredPath('node_modules')).toBe(true);
  });

  it('but not the committed safety cases or models', () => {
    for (const p of ['safety-case/cockpit/report.md', 'safety-case/cockpit/evidence/bundle.json', 'models/cockpit.yaml']) expect(ignored(p), p).toBe(false);
  });
});
