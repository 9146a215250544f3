// The shared front of every command: strict option parsing, --help, usage errors (exit 2).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Exit, type ExitCode, type Io } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** Parse argv for `hvsafe <command>`; on --help or a usage error, print and return the exit code. */
export function parseCommand<O extends Options>(
  command: string,
  usage: string,
  argv: readonly string[],
  io: Io,
  options: O,
): Parsed<O> | ExitCode {
  let args: Parsed<O>;
  try {
    args = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } }) as Parsed<O>;
  } catch (e) {
    io.err(`hvsafe ${command}: ${(e as Error).message}\n\n${usage}`);
    return Exit.Usage;
  }
  if ((args.values as { help?: boolean }).help) {
    io.out(usage);
    return Exit.Holds;
  }
  return args;
}

/**
 * A reader of whole-number options that collects every problem (so all usage errors are
 * reported at once) and falls back to the default for a bad value.
 */
export function wholeNumbers(problems: string[]): (name: string, raw: string | undefined, def: number, min: number, max: number) => number {
  return (name, raw, def, min, max) => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`--${name} must be a whole number from ${min} to ${max}, not '${raw}'`);
      return def;
    }
    return n;
  };
}
