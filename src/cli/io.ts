// What a command sees of the outside world. Commands take an Io and return an exit code,
// so tests run them in-process and the binary wires them to the real process.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
  readonly cwd: string;
}

/** Exit codes, everywhere. */
export const Exit = {
  Holds: 0,
  Violated: 1,
  Usage: 2,
  Inconclusive: 3,
} as const;
export type ExitCode = (typeof Exit)[keyof typeof Exit];

export type Command = (argv: readonly string[], io: Io) => Promise<ExitCode>;

/** An Io that records output, for tests. */
export function memoryIo(cwd = process.cwd()): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    isTTY: false,
    cwd,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
