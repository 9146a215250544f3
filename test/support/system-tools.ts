// Tests that need a system binary (native z3, chromium): they run when it is installed; on a
// machine without it (a fresh `npm ci && npm test`) they are skipped, each saying why and the
// command that installs it. `.ci/run` installs both and sets HVSAFE_REQUIRE_SYSTEM_TOOLS=1,
// which turns every such skip into a failing test, so CI never passes on a skipped cross-check.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export interface SystemTool {
  /** What the tests call it. */
  readonly name: string;
  /** Executable names to look for on PATH, in order. */
  readonly executables: readonly string[];
  /** What the tests need it for. */
  readonly why: string;
  /** The command that installs it (Debian, as .ci/run does). */
  readonly install: string;
}

export const Z3: SystemTool = {
  name: 'z3',
  executables: ['z3'],
  why: 'native z3 re-runs the exported SMT-LIB2 queries and must agree with z3-solver',
  install: 'apt-get install z3',
};

export const CHROMIUM: SystemTool = {
  name: 'chromium',
  executables: ['chromium', 'chromium-browser'],
  why: 'the HTML safety-case report is opened in a real browser',
  install: 'apt-get install chromium',
};

export const CPP: SystemTool = {
  name: 'cpp',
  executables: ['cpp'],
  why: 'the Bao importer runs the C preprocessor on config.c and the platform description',
  install: 'apt-get install cpp',
};

export const REQUIRE_ENV = 'HVSAFE_REQUIRE_SYSTEM_TOOLS';

/** The first of `names` that is an executable file on PATH. */
export function findOnPath(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      try {
        if (!statSync(path).isFile()) continue;
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export type Gate = { readonly kind: 'run'; readonly path: string } | { readonly kind: 'skip'; readonly reason: string } | { readonly kind: 'fail'; readonly reason: string };

/** Whether tests needing `tool` run, are skipped (with the reason), or must fail (CI demands it). */
export function gate(tool: SystemTool, env: NodeJS.ProcessEnv = process.env, find: (names: readonly string[]) => string | undefined = (n) => findOnPath(n, env)): Gate {
  const path = find(tool.executables);
  if (path !== undefined) return { kind: 'run', path };
  const reason = `${tool.name} is not installed (${tool.why}); install it: ${tool.install}`;
  if (env[REQUIRE_ENV] === '1') return { kind: 'fail', reason: `${reason}. ${REQUIRE_ENV}=1 (set by .ci/run) demands that no test is skipped.` };
  return { kind: 'skip', reason };
}

/**
 * `describe(title, body)` when `tool` is installed (body gets its path); otherwise a skipped
 * suite whose name carries the reason and the install command (also printed once), or, under
 * HVSAFE_REQUIRE_SYSTEM_TOOLS=1, one failing test with that message.
 */
export function describeWithTool(tool: SystemTool, title: string, body: (path: string) => void): void {
  const g = gate(tool);
  if (g.kind === 'run') {
    describe(title, () => body(g.path));
    return;
  }
  if (g.kind === 'fail') {
    describe(title, () => {
      it(`needs ${tool.name}`, () => {
        throw new Error(g.reason);
      });
    });
    return;
  }
  console.warn(`skipped: ${title}: ${g.reason}`);
  describe.skip(`${title} [skipped: ${g.reason}]`, () => {
    it(`needs ${tool.name}`, () => undefined);
  });
}
