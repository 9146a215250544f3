// The parts of a hypervisor state a reader follows through a trace, as named lines, so a step
// shows only what changed (the trace explorers of TLA+ and Alloy do the same): stage-2 entries,
// SMMU contexts, interrupt routes, pending interrupts, vCPU, pCPU, VM and device states.
// Parts are compared by reference first: states share what a step did not touch.

import { formatAddr, formatSize } from '../config/units.js';
import { describeOrigin, streamName } from '../sim/describe.js';
import { deviceName, flatVcpuName, pcpuName, vmName } from '../hv/names.js';
import type { State } from '../hv/state.js';

export interface Change {
  /** What changed: "stage-2 linux IPA 0x8000_0000", "vCPU rtos:0". */
  readonly key: string;
  /** Empty when the line is new. */
  readonly before: string;
  /** Empty when the line is gone. */
  readonly after: string;
}

type Lines = Map<string, string>;

function perms(p: { r: boolean; w: boolean; x: boolean }): string {
  return `${p.r ? 'r' : '-'}${p.w ? 'w' : '-'}${p.x ? 'x' : '-'}`;
}

function stage2Lines(s: State, v: number, out: Lines): void {
  const t = s.topo;
  for (const e of s.vms[v]!.stage2) {
    out.set(`stage-2 ${vmName(t, v)} IPA ${formatAddr(e.ipa)}`, `→ PA ${formatAddr(e.pa)} (${formatSize(e.end - e.ipa)}, ${perms(e.perms)}) ${describeOrigin(t, e.origin)}`);
  }
}

function vcpuLine(s: State, f: number): string {
  const c = s.vcpus[f]!;
  const pend = c.pending.map((p) => `${p.source.toUpperCase()} ${p.intid}`).join(', ');
  return `${c.runaway ? 'runaway' : c.busy ? 'busy' : 'idle'}${pend ? `, pending ${pend}` : ''}`;
}

/** Lines that differ between two states (before → after). */
export function changes(a: State, b: State): Change[] {
  const t = b.topo;
  const out: Change[] = [];
  const cmp = (x: Lines, y: Lines): void => {
    for (const [k, v] of y) {
      const u = x.get(k);
      if (u !== v) out.push({ key: k, before: u ?? '', after: v });
    }
    for (const [k, u] of x) if (!y.has(k)) out.push({ key: k, before: u, after: '' });
  };
  b.vms.forEach((vb, v) => {
    const va = a.vms[v]!;
    if (va === vb) return;
    if (va.status !== vb.status || va.generation !== vb.generation) {
      out.push({ key: `VM ${vmName(t, v)}`, before: `${va.status}, generation ${va.generation}`, after: `${vb.status}, generation ${vb.generation}` });
    }
    if (va.stage2 !== vb.stage2) {
      const x: Lines = new Map();
      const y: Lines = new Map();
      stage2Lines(a, v, x);
      stage2Lines(b, v, y);
      cmp(x, y);
    }
  });
  if (a.vcpus !== b.vcpus) {
    b.vcpus.forEach((cb, f) => {
      if (a.vcpus[f] === cb) return;
      const before = vcpuLine(a, f);
      const after = vcpuLine(b, f);
      if (before !== after) out.push({ key: `vCPU ${flatVcpuName(t, f)}`, before, after });
    });
  }
  if (a.pcpus !== b.pcpus) {
    b.pcpus.forEach((pb, p) => {
      const pa = a.pcpus[p]!;
      if (pa === pb || (pa.online === pb.online && pa.current === pb.current)) return;
      const line = (x: typeof pb): string => (x.online ? `runs ${flatVcpuName(t, x.current)}` : 'offline');
      out.push({ key: `pCPU ${pcpuName(t, p)}`, before: line(pa), after: line(pb) });
    });
  }
  if (a.devices !== b.devices) {
    b.devices.forEach((db, d) => {
      const da = a.devices[d]!;
      if (da === db) return;
      const line = (x: typeof db): string => `owner ${x.owner < 0 ? 'none' : vmName(t, x.owner)}${x.masked ? ', interrupt masked (storm)' : ''}`;
      if (line(da) !== line(db)) out.push({ key: `device ${deviceName(t, d)}`, before: line(da), after: line(db) });
    });
  }
  if (a.streams !== b.streams) {
    const line = (m: ReadonlyMap<number, number>): Lines => new Map([...m].map(([sid, vm]) => [`SMMU ${streamName(sid)}`, vm < 0 ? 'no context' : `context of ${vmName(t, vm)}`]));
    cmp(line(a.streams), line(b.streams));
  }
  if (a.routes !== b.routes) {
    b.routes.forEach((rb, spi) => {
      const ra = a.routes[spi];
      if (ra === rb) return;
      const line = (r: typeof rb | undefined): string => (r ?? []).map((x) => `${vmName(t, x.vm)}:${x.vcpu}`).join(', ');
      if (line(ra) !== line(rb)) out.push({ key: `route SPI ${spi}`, before: line(ra), after: line(rb) });
    });
  }
  return out;
}
