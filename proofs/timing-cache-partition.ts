// timing.cache-partition: VMs of different criticality share no last-level-cache color.

import type { Scenario } from '../src/config/types.js';
import { APPLIES, notApplicable, type Finding, type Property } from './property.js';
import { critRank } from './util.js';
import { joinQueries, type JoinSpec } from '../src/smt/join.js';
import { hitOf, isPartition, partitionBug } from './smt-util.js';

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

// ---------------------------------------------------------------- Z3 obligation

/** Keyed by color: each VM's colors as ranges (an empty list is every color), with its integrity rank. */
function colorSpec(s: Scenario): { spec: JoinSpec; owner: number[] } {
  const n = s.soc.llc?.colors ?? 0;
  const owner: number[] = [];
  const items: JoinSpec['items'][number][] = [];
  s.vms.forEach((vm, v) => {
    const runs: [number, number][] = [];
    const cs = vm.cacheColors.length === 0 ? (n > 0 ? [0, n - 1] : []) : [...new Set(vm.cacheColors)].sort((a, b) => a - b);
    if (vm.cacheColors.length === 0 && n > 0) runs.push([0, n - 1]);
    else for (const c of cs) runs.length > 0 && runs[runs.length - 1]![1] === c - 1 ? (runs[runs.length - 1]![1] = c) : runs.push([c, c]);
    for (const [lo, hi] of runs) {
      owner.push(v);
      items.push({ lo: BigInt(lo), hi: BigInt(hi), fields: { rank: BigInt(critRank(vm.criticality)) }, left: true, right: true });
    }
  });
  return {
    owner,
    spec: {
      property: ID,
      subject: 'color',
      claim: 'no last-level-cache color is used by VMs of different criticality',
      keyWidth: 32,
      fields: { rank: 8 },
      conflict: (f, g) => `(distinct ${f('rank')} ${g('rank')})`,
      items,
    },
  };
}

const cacheSmt: NonNullable<Property['smt']> = {
  statement: 'For every pair of VMs v, w with crit(v) ≠ crit(w): colors(v) ∩ colors(w) = ∅.',
  encode: (s) => joinQueries(colorSpec(s).spec),
  witness: (s, query, model) => {
    if (isPartition(query.id)) partitionBug(query.id);
    const { spec, owner } = colorSpec(s);
    const h = hitOf(spec, query.id, model);
    const [a, b] = [s.vms[owner[h.i]!]!, s.vms[owner[h.j]!]!];
    const [lo, hi] = critRank(a.criticality) < critRank(b.criticality) ? [a, b] : [b, a];
    return {
      findings: [
        {
          property: ID,
          message: `${lo.name} (${lo.criticality}) and ${hi.name} (${hi.criticality}) share last-level-cache color ${h.key}${lo.cacheColors.length === 0 || hi.cacheColors.length === 0 ? ' (an empty color list means every color)' : ''}: ${lo.name} can evict ${hi.name}'s lines`,
          actor: lo.name,
          victim: hi.name,
          resource: `LLC color ${h.key}`,
          via: 'cache coloring',
          at: lo.at,
          related: [hi.at],
          fix: `give ${lo.name} cache-colors disjoint from ${hi.name}'s`,
        },
      ],
      unobservable: 'the hypervisor model does not simulate the cache',
    };
  },
};

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
  smt: cacheSmt,
};
