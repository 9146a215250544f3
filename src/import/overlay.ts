// The overlay: what a source configuration does not say (criticality, OS, health policy,
// latency requirements, guest tasks, channel protection, hypervisor costs, the LLC), written
// by the integrator. Values are spliced into the generated scenario as written and decoded
// there by the standard loader; the overlay itself is checked for shape and names here.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseSource, type Cursor } from '../config/cursor.js';
import { DiagnosticSink, type Diagnostic } from '../config/diagnostics.js';
import { describeReadError } from '../config/load.js';
import type { SourceRef } from '../config/types.js';

export interface OverlayValue {
  /** The value as one line of flow YAML. */
  readonly text: string;
  readonly at: SourceRef;
}

export interface Overlay {
  readonly file: string;
  readonly vms: ReadonlyMap<string, { readonly at: SourceRef; readonly fields: ReadonlyMap<string, OverlayValue> }>;
  readonly channels: ReadonlyMap<string, { readonly at: SourceRef; readonly fields: ReadonlyMap<string, OverlayValue> }>;
  readonly soc: ReadonlyMap<string, OverlayValue>;
}

export const OVERLAY_VM_KEYS = ['criticality', 'os', 'health', 'latency', 'tasks', 'task-policy', 'cache-colors'] as const;
export const OVERLAY_CHANNEL_KEYS = ['protection', 'timeout'] as const;
export const OVERLAY_SOC_KEYS = ['costs', 'llc'] as const;

export const EMPTY_OVERLAY: Overlay = { file: '', vms: new Map(), channels: new Map(), soc: new Map() };

function flow(c: Cursor): string {
  return stringify(c.node, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function fields(c: Cursor, keys: readonly string[], what: string): Map<string, OverlayValue> {
  const out = new Map<string, OverlayValue>();
  if (!c.map(keys, what)) return out;
  for (const [k, , v] of c.entries(what)) out.set(k, { text: flow(v), at: v.at });
  return out;
}

/** Read an overlay file; every problem at once, positioned. */
export function loadOverlay(path: string): { ok: true; value: Overlay } | { ok: false; diagnostics: readonly Diagnostic[] } {
  const file = resolve(path);
  const sink = new DiagnosticSink();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, diagnostics: [{ class: 'syntax', at: { file, line: 1, column: 1 }, message: `cannot read the overlay: ${describeReadError(e)}`, hint: 'check the path given to --overlay' }] };
  }
  const root = parseSource(file, text, sink);
  const vms = new Map<string, { at: SourceRef; fields: Map<string, OverlayValue> }>();
  const channels = new Map<string, { at: SourceRef; fields: Map<string, OverlayValue> }>();
  let soc = new Map<string, OverlayValue>();
  if (root !== undefined && root.map(['vms', 'channels', 'soc'], 'an overlay')) {
    for (const [name, key, v] of root.get('vms')?.entries('VMs by name') ?? []) vms.set(name, { at: key.at, fields: fields(v, OVERLAY_VM_KEYS, `what the overlay says of VM '${name}'`) });
    for (const [name, key, v] of root.get('channels')?.entries('channels by name') ?? []) channels.set(name, { at: key.at, fields: fields(v, OVERLAY_CHANNEL_KEYS, `what the overlay says of channel '${name}'`) });
    const socC = root.get('soc');
    if (socC !== undefined) soc = fields(socC, OVERLAY_SOC_KEYS, 'what the overlay says of the SoC');
  }
  if (sink.count > 0) return { ok: false, diagnostics: sink.sorted() };
  return { ok: true, value: { file, vms, channels, soc } };
}
