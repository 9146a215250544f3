// Progress for long commands (check, prove, report), on stderr so stdout stays the result.
//
// On a terminal one line is rewritten in place at every update. Anywhere else (a CI log, a
// pipe) rewriting makes no sense and every update would flood the log, so a whole line is
// written at most once per interval (5 s by default), and a heartbeat repeats the current step
// while nothing else reports, so a log never goes silent for minutes. `--quiet` silences it all.

import type { Io } from './io.js';

export interface Progress {
  /** The step now running ("[3/15] isolation.mmio  250/500 runs"). */
  update(text: string): void;
  /** The command is done: stop the heartbeat and clear a terminal line. */
  done(): void;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  /** Least time between two lines when not on a terminal; default 5000, or HVSAFE_PROGRESS_EVERY_MS. */
  readonly everyMs?: number;
  /** Clock (ms), for tests. */
  readonly now?: () => number;
  /** Repeat the current step on a timer while no update comes (off in tests). Default on. */
  readonly heartbeat?: boolean;
}

export const DEFAULT_PROGRESS_EVERY_MS = 5000;

/** The interval from the environment: a CI that wants fewer or more lines sets it. */
export function progressInterval(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['HVSAFE_PROGRESS_EVERY_MS'];
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return DEFAULT_PROGRESS_EVERY_MS;
  return Number(raw);
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function startProgress(io: Io, command: string, opts: ProgressOptions = {}): Progress {
  if (opts.quiet === true) return { update: () => undefined, done: () => undefined };
  const now = opts.now ?? (() => performance.now());
  if (io.isTTY) {
    return {
      update: (text) => io.err(`\r\x1b[2K${text}`),
      done: () => io.err('\r\x1b[2K'),
    };
  }
  const every = opts.everyMs ?? progressInterval();
  const start = now();
  let last = start;
  let current: string | undefined;
  const line = (t: number): void => {
    if (current === undefined) return;
    last = t;
    io.err(`hvsafe ${command}: ${current} (${elapsed(t - start)})\n`);
  };
  const due = (): void => {
    const t = now();
    if (t - last >= every) line(t);
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  if (opts.heartbeat !== false && every > 0) {
    timer = setInterval(due, every);
    // Progress never keeps the process alive.
    timer.unref();
  }
  return {
    update: (text) => {
      current = text;
      due();
    },
    done: () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
