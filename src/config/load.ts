// Loading a scenario: read the file (and the SoC file it references), decode, lint, and
// return either the normalized Scenario or every diagnostic found, sorted by position.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseSource, type Cursor } from './cursor.js';
import { Decoded, Names, decodeList } from './decode.js';
import { DiagnosticSink, type Loaded } from './diagnostics.js';
import { lint } from './lint.js';
import { VmNames, decodeChannel, decodeSchedule, decodeVirtio, decodeVm } from './partition.js';
import { SOC_KEYS, decodeSoc, finishSoc, type SocDraft } from './soc.js';
import type { Scenario } from './types.js';

export const SCENARIO_KEYS = ['$schema', 'name', 'description', 'soc', 'vms', 'schedule', 'channels', 'virtio'] as const;

export type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (p) => readFileSync(p, 'utf8');

/** Why a file could not be read, in words. */
export function describeReadError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
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
  let text: string;
  try {
    text = readFile(file);
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
  return parseScenario(text, file, readFile);
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
