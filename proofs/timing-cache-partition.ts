// timing.cache-partition: VMs of different criticality share no last-level-cache color.

import type { Scenario } from '../src/config/types.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { critRank } from './util.js';

const ID = 'timing.cache-partition';

function colors(s: Scenario, i: number): Set<number> {
  const vm = s.vms[i]!;
  const n = s.soc.llc?.colors ?? 0;
  return new Set(vm.cacheColors.length === 0 ? Array.from({ length: n }, (_, k) => k) : vm.cacheColors);
}

function ranges(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

function checkConfig(s: Scenario): Finding[] {
  const out: Finding[] = [];
  for (let a = 0; a < s.vms.length; a++) {
    for (let b = a + 1; b < s.vms.length; b++) {
      const va = s.vms[a]!;
      const vb = s.vms[b]!;
      if (critRank(va.criticality) === critRank(vb.criticality)) continue;
      const cb = colors(s, b);
      const shared = [...colors(s, a)].filter((c) => cb.has(c));
      if (shared.length === 0) continue;
      const [lo, hi] = critRank(va.criticality) < critRank(vb.criticality) ? [va, vb] : [vb, va];
      out.push({
        property: ID,
        message: `${lo.name} (${lo.criticality}) and ${hi.name} (${hi.criticality}) share last-level-cache colors ${ranges(shared)}${lo.cacheColors.length === 0 || hi.cacheColors.length === 0 ? ' (an empty color list means every color)' : ''}: ${lo.name} can evict ${hi.name}'s lines`,
        actor: lo.name,
        victim: hi.name,
        resource: `LLC colors ${ranges(shared)}`,
        via: 'cache coloring',
        at: lo.at,
        related: [hi.at],
        fix: `give ${lo.name} cache-colors disjoint from ${hi.name}'s (${hi.cacheColors.length === 0 ? 'every color' : ranges([...hi.cacheColors])})`,
      });
    }
  }
  return out;
}

export const timingCachePartition: Property = {
  id: ID,
  title: 'Cache partitioning between criticalities',
  claim: 'VMs of different criticality share no last-level-cache color (an empty color list means all colors).',
  rationale:
    'A shared last-level cache lets a lower-criticality VM evict a higher-criticality VM\'s lines and inflate its execution times beyond the analysed WCET; page coloring partitions the cache.',
  iso26262: 'timing-execution',
  iec61508: 'temporal',
  observable: false,
  applies: (s) => {
    if (s.soc.llc === undefined) return notApplicable('the SoC declares no shared last-level cache');
    const ranks = new Set(s.vms.map((v) => critRank(v.criticality)));
    return ranks.size < 2 ? notApplicable('all VMs have the same criticality') : APPLIES;
  },
  checkConfig,
  smt: { statement: 'For every pair of VMs v, w with crit(v) ≠ crit(w): colors(v) ∩ colors(w) = ∅.' },
};
