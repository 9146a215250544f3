// Frequency requests. A guest's request is a hint: the hypervisor measures the load of every
// pCPU in the cluster over the sample period, (sample − idle) / sample over all VMs there,
// and never sets the cluster below what that load needs, so one VM cannot slow a neighbour
// that shares its cluster.

import type { Tx } from './tx.js';

export function requestFrequency(tx: Tx, vm: number, vcpu: number, khz: number): void {
  const f = tx.topo.vcpuBase[vm]! + vcpu;
  const p = tx.topo.vcpuPcpu[f]!;
  const cluster = p < 0 ? -1 : tx.topo.pcpuCluster[p]!;
  const opps = cluster < 0 ? [] : tx.topo.scenario.soc.clusters[cluster]!.opps;
  if (opps.length === 0) {
    tx.emit({ kind: 'rejected', event: 'hvc-dvfs', reason: 'no-operating-point', detail: 'the vCPU\'s cluster has no operating points' });
    return;
  }
  const maxKhz = opps[opps.length - 1]!.khz;
  let loadPermille = 0;
  tx.topo.pcpuCluster.forEach((c, q) => {
    if (c !== cluster) return;
    const sample = tx.now - tx.sampleStart(q);
    // Exact ceiling of busy/sample in per mille.
    const l = sample <= 0 ? 0 : Math.ceil((tx.busyNs(q) * 1000) / sample);
    loadPermille = Math.max(loadPermille, Math.min(1000, l));
    tx.openSample(q, tx.now);
  });
  const needed = Math.ceil((loadPermille * maxKhz) / 1000);
  const want = Math.max(needed, khz);
  const chosen = opps.find((o) => o.khz >= want)?.khz ?? maxKhz;
  const from = tx.clusterKhz(cluster);
  tx.setClusterKhz(cluster, chosen);
  tx.emit({ kind: 'dvfs', cluster, fromKhz: from, toKhz: chosen, loadPermille, requestedKhz: khz });
}
