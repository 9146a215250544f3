// Hypervisor costs as the model charges them and as the latency analysis bounds them.
// Both layers call these functions, so the analytic bound and the executable model cannot
// disagree about what a cost is.

import type { CostModel, Ratio, Scenario } from '../config/types.js';

/** ceil(ns · factor), exact. */
export function inflate(ns: number, factor: Ratio): number {
  const n = BigInt(ns) * factor.num;
  return Number((n + factor.den - 1n) / factor.den);
}

const ONE: Ratio = { num: 1n, den: 1n };

function colorsOverlap(a: readonly number[], b: readonly number[]): boolean {
  // An uncolored VM (empty list) uses every color, so it overlaps everyone.
  if (a.length === 0 || b.length === 0) return true;
  for (const c of a) if (b.includes(c)) return true;
  return false;
}

/**
 * The factor on VM `vm`'s hypervisor costs: the SoC's interference factor when the SoC has a
 * shared last-level cache and some other VM shares a cache color with it (an uncolored VM
 * shares all of them), else 1.
 */
export function costFactor(scenario: Scenario, vm: number): Ratio {
  if (scenario.soc.llc === undefined) return ONE;
  const mine = scenario.vms[vm]!.cacheColors;
  for (let u = 0; u < scenario.vms.length; u++) {
    if (u !== vm && colorsOverlap(mine, scenario.vms[u]!.cacheColors)) return scenario.soc.costs.cacheInterference;
  }
  return ONE;
}

/** The cost model of one VM with interference applied. */
export interface VmCosts {
  readonly trapEntryNs: number;
  readonly trapExitNs: number;
  readonly irqInjectNs: number;
  readonly contextSwitchNs: number;
  readonly maxNonPreemptibleNs: number;
  readonly directInjectNs: number;
}

export function vmCosts(scenario: Scenario, vm: number): VmCosts {
  const c: CostModel = scenario.soc.costs;
  const f = costFactor(scenario, vm);
  return {
    trapEntryNs: inflate(c.trapEntryNs, f),
    trapExitNs: inflate(c.trapExitNs, f),
    irqInjectNs: inflate(c.irqInjectNs, f),
    contextSwitchNs: inflate(c.contextSwitchNs, f),
    maxNonPreemptibleNs: inflate(c.maxNonPreemptibleNs, f),
    directInjectNs: inflate(c.directInjectNs, f),
  };
}

/**
 * The longest non-preemptible hypervisor section on pCPU `pcpu`: the model holds the pCPU for
 * this long after any trap it handles there, whichever VM trapped. It is the maximum over
 * the VMs with a vCPU pinned to that pCPU of their inflated section, so a bound computed for
 * one VM covers sections run on behalf of its neighbours.
 */
export function pcpuNonPreemptibleNs(scenario: Scenario, pcpu: number): number {
  let worst = scenario.soc.costs.maxNonPreemptibleNs;
  for (let v = 0; v < scenario.vms.length; v++) {
    if (scenario.vms[v]!.vcpus.some((c) => c.pcpu === pcpu)) {
      worst = Math.max(worst, vmCosts(scenario, v).maxNonPreemptibleNs);
    }
  }
  return worst;
}
