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

/** Text of the --seed help line, the same for every command. */
export const SEED_HELP = 'any integer or text: 0..4294967295 is used as is, anything else (a CI run ID, a branch name) is hashed to one (FNV-1a, 32 bits)';

/**
 * A seed from what the user wrote. Whole numbers that fit 32 bits are the seed itself (so
 * `--seed 7` stays 7 and old reports replay); any other text, such as a GitHub run ID of
 * 1.6e10, is hashed with 32-bit FNV-1a over its UTF-8 bytes. Same text, same seed, everywhere.
 */
export function seedFrom(raw: string): number {
  const t = raw.trim();
  if (/^\d+$/.test(t) && Number(t) <= 0xffff_ffff) return Number(t);
  let h = 0x811c9dc5;
  for (const b of Buffer.from(t, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/** Read --seed, collecting a problem for an empty value (an unset variable, as in --seed "$RUN_ID"). */
export function seedOption(problems: string[], raw: string | undefined, def: number): number {
  if (raw === undefined) return def;
  if (raw.trim() === '') {
    problems.push('--seed is empty (an unset variable?); give any integer or text');
    return def;
  }
  return seedFrom(raw);
}
