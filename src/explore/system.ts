// The system at a glance, as HTML tables: interrupt routing (device → SPI → VM/vCPU, and the
// doorbells along channels) and the channels with their writer, readers and protection.

import type { Scenario } from '../config/types.js';
import { isWriter, readersOf } from '../config/channel-roles.js';
import { formatAddr, formatSize } from '../config/units.js';
import { formatDuration } from '../sim/describe.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type SrcLink = (r: { file: string; line: number; column: number }) => string;

export function routesHtml(s: Scenario, src: SrcLink): string {
  const rows: string[] = [];
  const owner = new Map<number, string>();
  for (const d of s.soc.devices) for (const spi of d.irqs) if (!owner.has(spi)) owner.set(spi, d.name);
  const routed = new Set<number>();
  for (const vm of s.vms) {
    for (const r of vm.irqs) {
      routed.add(r.spi);
      rows.push(`<tr><td>${esc(owner.get(r.spi) ?? '(no device)')}</td><td>SPI ${r.spi}</td><td>→ ${esc(vm.name)}:${r.vcpu}</td><td>${r.latencyNs !== undefined ? formatDuration(r.latencyNs) : ''}</td><td>${src(r.at)}</td></tr>`);
    }
  }
  for (const d of s.soc.devices) for (const spi of d.irqs) if (!routed.has(spi)) rows.push(`<tr class="muted"><td>${esc(d.name)}</td><td>SPI ${spi}</td><td>not routed (dropped, or the hypervisor's)</td><td></td><td>${src(d.at)}</td></tr>`);
  for (const c of s.channels) {
    if (c.doorbell === undefined) continue;
    const to = c.doorbell.to.length > 0 ? c.doorbell.to : readersOf(c);
    rows.push(`<tr><td>${esc(c.writers.join(', '))} (channel ${esc(c.name)})</td><td>SGI ${c.doorbell.sgi} doorbell</td><td>→ ${esc(to.join(', '))}</td><td></td><td>${src(c.doorbell.at)}</td></tr>`);
  }
  const body = rows.length > 400 ? [...rows.slice(0, 400), `<tr><td colspan="5">… ${rows.length - 400} more routes</td></tr>`] : rows;
  return `<table id="routes"><thead><tr><th>source</th><th>interrupt</th><th>delivered to</th><th>latency bound</th><th>declared</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

export function channelsHtml(s: Scenario, src: SrcLink): string {
  if (s.channels.length === 0) return '<p class="muted">No channels declared.</p>';
  const rows = s.channels.map((c) => {
    const readers = c.endpoints.filter((e) => !isWriter(c, e.vm)).map((e) => `${e.vm} (${e.perms.r ? 'r' : ''}${e.perms.w ? 'w' : ''})`);
    const prot = c.protection.length === 0 ? '<span class="bad">none</span>' : esc(c.protection.join(', ') + (c.timeoutNs !== undefined ? ` (${formatDuration(c.timeoutNs)})` : ''));
    return `<tr><td>${esc(c.name)}</td><td>${formatAddr(c.pa)} (${formatSize(c.size)})</td><td>${esc(c.writers.join(', '))}</td><td>${esc(readers.join(', '))}</td><td>${prot}</td><td>${c.doorbell ? `SGI ${c.doorbell.sgi}` : ''}</td><td>${src(c.at)}</td></tr>`;
  });
  return `<table id="channels"><thead><tr><th>channel</th><th>PA</th><th>writers</th><th>readers</th><th>protection</th><th>doorbell</th><th>declared</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
