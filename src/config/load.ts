// Loading a scenario: read the file (and the SoC file it references), decode, lint, and
// return either the normalized Scenario or every diagnostic found, sorted by position.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseSource, type Cursor } from './cursor.js';
import { Decoded, Names, decodeList } from './decode.js';
import { DiagnosticSink, type Loaded } from './diagnostics.js';
import { MAX_FILE_BYTES, mib } from './limits.js';
import { lint } from './lint.js';
import { VmNames, decodeChannel, decodeSchedule, decodeVirtio, decodeVm } from './partition.js';
import { SOC_KEYS, decodeSoc, finishSoc, type SocDraft } from './soc.js';
import type { Scenario } from './types.js';

export const SCENARIO_KEYS = ['$schema', 'name', 'description', 'soc', 'vms', 'schedule', 'channels', 'virtio'] as const;

export type ReadFile = (path: string) => string;

/**
 * Read an input file, but only a regular file of at most MAX_FILE_BYTES: a FIFO would block
 * forever, /dev/zero or /dev/urandom never end. The file is opened without blocking (a FIFO
 * with no writer opens at once), checked with fstat on the same descriptor, and read up to
 * one byte past the limit, so a file that grows while it is read is refused too.
 */
export function readInputFile(path: string, limit = MAX_FILE_BYTES): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: st.isDirectory() ? 'EISDIR' : 'ENOTREG', kind: fileKind(st) });
    if (st.size > limit) throw Object.assign(new Error(`file too large: ${path}`), { code: 'EFBIG', size: st.size, limit });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw Object.assign(new Error(`file too large: ${path}`), { code: 'EFBIG', size: total, limit });
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function fileKind(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why `path` cannot be read as an input file (see readInputFile), or undefined when it can. */
export function unreadableInput(path: string, limit = MAX_FILE_BYTES): string | undefined {
  try {
    readInputFile(path, limit);
    return undefined;
  } catch (e) {
    return describeReadError(e);
  }
}

/**
 * Wrap another reader (one that records what it read, say) so that it, too, reads only
 * regular files within the size limit.
 */
export function boundedReader(read: ReadFile): ReadFile {
  return (p) => {
    readInputFile(p);
    return read(p);
  };
}

const readUtf8: ReadFile = (p) => readInputFile(p);

/** Why a file could not be read, in words. */
export function describeReadError(e: unknown): string {
  const err = e as { code?: unknown; kind?: unknown; size?: unknown; limit?: unknown } | null;
  const code = err?.code;
  switch (code) {
    case 'ENOTREG':
      return `it is ${typeof err?.kind === 'string' ? err.kind : 'not a regular file'}; hvsafe reads regular files only`;
    case 'EFBIG':
      return `it is larger than ${mib(Number(err?.limit ?? MAX_FILE_BYTES))}, the most hvsafe reads from one input file`;
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'the path loops through symbolic links';
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Read and load a scenario file. Never throws. */
export function loadScenario(path: string, readFile: ReadFile = readUtf8): Loaded<Scenario> {
  const file = resolve(path);
  // A caller's reader (one recording digests) reads only what the default one would.
  const read = readFile === readUtf8 ? readUtf8 : boundedReader(readFile);
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    return {
      ok: false,
      diagnostics: [
        {
          class: 'syntax',
          at: { file, line: 1, column: 1 },
          message: `cannot read the scenario file: ${describeReadError(e)}`,
          hint: 'check the path',
        },
      ],
    };
  }
  return parseScenario(text, file, read);
}

/** Load a scenario from text; `file` names it in diagnostics and anchors relative SoC paths. */
export function parseScenario(text: string, file: string, readFile: ReadFile = readUtf8): Loaded<Scenario> {
  const sink = new DiagnosticSink();
  const d = new Decoded();
  const root = parseSource(file, text, sink);
  if (root === undefined) return { ok: false, diagnostics: sink.sorted() };
  if (!root.map(SCENARIO_KEYS, 'a scenario')) return { ok: false, diagnostics: sink.sorted() };

  const name = root.need('name', 'power-terminal')?.string();
  const description = root.get('description')?.string() ?? '';
  const files = [file];

  let soc: SocDraft | undefined;
  const socC = root.need('soc', 'soc/zynqmp.yaml');
  if (socC !== undefined) {
    if (socC.isMap()) soc = decodeSoc(socC, file, d);
    else {
      const socPath = socC.string('soc/zynqmp.yaml');
      if (socPath !== undefined) soc = readSoc(socC, socPath, file, readFile, d, files);
    }
  }

  const vmNames = new VmNames();
  const vmsHolder = {};
  const vms = decodeList(d, vmsHolder, root.need('vms', '[{name: linux, ...}]'), 'VMs', (item) => decodeVm(item, d, vmNames));
  if (!root.get('vms')?.isSeq()) vmNames.complete = false;
  else if (root.get('vms')!.items('VMs').length === 0) root.get('vms')!.error('a scenario needs at least one VM', "add '- {name: linux, criticality: QM, os: linux, vcpus: [0], memory: [...]}'");

  const schedHolder = {};
  const schedC = root.need('schedule', '[{pcpu: 0, bind: linux:0}]');
  const schedule = decodeList(d, schedHolder, schedC, 'pCPU schedules', (item) => decodeSchedule(item, d));

  const channelNames = new Names();
  const chHolder = {};
  const channels = decodeList(d, chHolder, root.get('channels'), 'channels', (item) => decodeChannel(item, d, channelNames));
  if (root.get('channels') !== undefined && !root.get('channels')!.isSeq()) channelNames.complete = false;
  const virtio = decodeList(d, {}, root.get('virtio'), 'virtio devices', (item) => decodeVirtio(item, d));

  lint(
    {
      soc,
      vms,
      vmNames,
      schedule,
      scheduleIncomplete: schedC === undefined || d.isPartial(schedHolder),
      channels,
      channelNames,
      virtio,
    },
    d,
    sink,
  );

  const finished = soc === undefined ? undefined : finishSoc(soc);
  if (sink.count > 0 || name === undefined || finished === undefined) {
    return { ok: false, diagnostics: sink.sorted() };
  }
  return {
    ok: true,
    value: { name, description, file, files, soc: finished, vms, schedule, channels, virtio, at: root.at },
  };
}

function readSoc(
  socC: Cursor,
  socPath: string,
  scenarioFile: string,
  readFile: ReadFile,
  d: Decoded,
  files: string[],
): SocDraft | undefined {
  const base = dirname(scenarioFile);
  const path = isAbsolute(socPath) ? socPath : isAbsolute(scenarioFile) ? resolve(base, socPath) : join(base, socPath);
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    socC.semantic(
      `cannot read the SoC file '${socPath}': ${describeReadError(e)}`,
      `the path is relative to the scenario's folder (${base}); or write the SoC inline as a mapping`,
    );
    return undefined;
  }
  files.push(path);
  const socRoot = parseSource(path, text, socC.sink);
  if (socRoot === undefined) return undefined;
  if (!socRoot.isMap()) {
    socRoot.map(SOC_KEYS, 'a SoC description');
    return undefined;
  }
  return decodeSoc(socRoot, path, d);
}
