// Requirements derived from the scenario, for the traceability matrix: what the integrator
// declared (criticalities, channels, latency and recovery bounds, task sets) turned into
// "shall" statements, each traced to the catalog properties that decide it.

import type { Scenario } from '../config/types.js';
import { directionsOf, readersOf, writersText, type Direction } from '../config/channel-roles.js';
import { formatDuration } from '../sim/describe.js';
import { critRank } from '../../proofs/util.js';
import { mixedPairs, vmLabel } from './argument.js';

export interface Requirement {
  readonly id: string;
  readonly text: string;
  readonly properties: readonly string[];
  /** Where it comes from: a declaration (file:line) or the derivation. */
  readonly source: string;
}

function where(s: Scenario, at: { file: string; line: number } | undefined, cwd: string): string {
  if (at === undefined) return s.name;
  const f = at.file.startsWith(cwd + '/') ? at.file.slice(cwd.length + 1) : at.file;
  return `${f}:${at.line}`;
}

export function requirementsOf(s: Scenario, cwd: string): Requirement[] {
  const out: Requirement[] = [];
  for (const { lo, hi } of mixedPairs(s)) {
    const src = `criticalities of ${hi.name} and ${lo.name}`;
    out.push({
      id: `REQ-MEM-${hi.name}-${lo.name}`,
      text: `${vmLabel(hi)} shall be free from memory interference by ${vmLabel(lo)}: no CPU access, DMA or hypercall of ${lo.name} reaches ${hi.name}'s memory or devices.`,
      properties: ['isolation.memory', 'isolation.mmio', 'isolation.dma', 'containment.scrub', 'security.hypercall-reach'],
      source: src,
    });
    out.push({
      id: `REQ-TIME-${hi.name}-${lo.name}`,
      text: `${vmLabel(hi)} shall be free from timing and execution interference by ${vmLabel(lo)}: its CPU time, cache share and interrupts do not depend on ${lo.name}.`,
      properties: ['timing.cpu-exclusive', 'timing.budget', 'timing.cache-partition', 'isolation.irq'],
      source: src,
    });
    out.push({
      id: `REQ-FAULT-${hi.name}-${lo.name}`,
      text: `A fault in ${vmLabel(lo)} shall not propagate to ${vmLabel(hi)}.`,
      properties: ['containment.fault'],
      source: src,
    });
  }
  out.push({ id: 'REQ-HV', text: 'No VM shall reach the hypervisor\'s memory, by CPU access or by DMA.', properties: ['isolation.hypervisor'], source: 'hypervisor memory of the SoC' });
  const crit = new Map(s.vms.map((v) => [v.name, v.criticality] as const));
  for (const ch of s.channels) {
    const readers = readersOf(ch);
    const rank = (vm: string): number => critRank(crit.get(vm) ?? 'QM');
    // Each writer→reader direction, co-writers included: the end-to-end rule is per direction.
    const dirs = directionsOf(ch);
    const up = dirs.filter((d) => rank(d.to) > rank(d.from));
    const arrow = (d: Direction): string => `${d.from} → ${d.to}`;
    out.push({
      id: `REQ-COM-${ch.name}`,
      text:
        `Only ${writersText(ch)} shall write channel '${ch.name}'; ${readers.join(', ') || 'no other VM'} only read it. ` +
        `Directions: ${dirs.map(arrow).join(', ')}` +
        (up.length > 0 ? `; ${up.map(arrow).join(', ')} (to higher criticality) shall carry data protected end to end (CRC, sequence counter, timeout).` : '.'),
      properties: ['communication.channels', 'isolation.irq'],
      source: where(s, ch.at, cwd),
    });
  }
  s.vms.forEach((vm) => {
    for (const r of vm.irqs) {
      const req = [r.latencyNs, vm.latency.irqNs].filter((x): x is number => x !== undefined);
      if (req.length === 0) continue;
      out.push({
        id: `REQ-LAT-${vm.name}-SPI${r.spi}`,
        text: `An interrupt on SPI ${r.spi} shall reach ${vmLabel(vm)} within ${formatDuration(Math.min(...req))}.`,
        properties: ['timing.irq-latency'],
        source: where(s, r.latencyNs !== undefined ? r.at : vm.latency.at, cwd),
      });
    }
    if (vm.health.recoveryBoundNs !== undefined) {
      out.push({
        id: `REQ-REC-${vm.name}`,
        text: `The health monitor shall act on a fault of ${vmLabel(vm)} within ${formatDuration(vm.health.recoveryBoundNs)} (${vm.health.onFault}).`,
        properties: ['containment.recovery'],
        source: where(s, vm.health.at, cwd),
      });
    }
    if (vm.tasks.length > 0) {
      out.push({
        id: `REQ-SCHED-${vm.name}`,
        text: `The ${vm.tasks.length} tasks of ${vmLabel(vm)} (${vm.taskPolicy}) shall meet their deadlines on the CPU time the schedule gives it.`,
        properties: ['timing.schedulability'],
        source: where(s, vm.tasks[0]?.at, cwd),
      });
    }
  });
  return out;
}
