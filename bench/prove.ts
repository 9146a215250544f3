// Configuration-proof time against size: synthetic scenarios of 8, 32, 128 and 512 VMs, each
// with 16 memory regions, 4 DMA devices behind the SMMU (8 SPIs) and one cache color, every
// claim proved (all UNSAT) with the cache disabled. Reports the median time per size, the query
// count and text size, and the growth exponent (log-log slope of time against regions).

import type { Device, Scenario, SourceRef, Vm } from '../src/config/types.js';
import { CATALOG } from '../proofs/index.js';
import { createPool } from '../src/smt/pool.js';
import { proveProperties, provable } from '../src/smt/prove.js';
import { defaultJobs } from '../src/cli/prove.js';
import { median, type BenchFigure } from './model.js';

const MiB = 1n << 20n;
const at = (line: number): SourceRef => ({ file: 'synthetic.yaml', line, column: 1 });
const RWX = { r: true, w: true, x: true };

/** n VMs × (16 regions, 4 devices with 2 SPIs and a stream each, 1 vCPU bound, 1 color); channels between pairs. */
export function syntheticScenario(n: number): Scenario {
  const devices: Device[] = [];
  const vms: Vm[] = [];
  for (let v = 0; v < n; v++) {
    const mine: string[] = [];
    for (let k = 0; k < 4; k++) {
      const d = v * 4 + k;
      mine.push(`dev${d}`);
      devices.push({
        name: `dev${d}`,
        kind: 'ethernet',
        mmio: [{ name: 'regs', base: 0xf_0000_0000n + BigInt(d) * 0x1_0000n, size: 0x1_0000n, at: at(d) }],
        irqs: [32 + 2 * d, 33 + 2 * d],
        dma: true,
        dmaMaxBytes: 4096n,
        streamIds: [d],
        trusted: false,
        at: at(d),
      });
    }
    vms.push({
      name: `vm${v}`,
      criticality: v % 2 === 0 ? 'QM' : 'ASIL-B',
      os: 'rtos',
      imageDigest: undefined,
      vcpus: [{ id: 0, pcpu: v, at: at(v) }],
      // Interleaved across VMs, so every VM's neighbours in physical memory are other VMs.
      memory: Array.from({ length: 16 }, (_, r) => ({ name: `r${r}`, ipa: 0x4000_0000n + BigInt(r) * 2n * MiB, pa: 0x1_0000_0000n + BigInt(r * n + v) * 2n * MiB, size: 2n * MiB, perms: RWX, at: at(v) })),
      devices: mine.map((device) => ({ device, mmioIpa: undefined, at: at(v) })),
      irqs: mine.flatMap((_, k) => [0, 1].map((j) => ({ spi: 32 + 2 * (v * 4 + k) + j, vcpu: 0, latencyNs: undefined, at: at(v) }))),
      cacheColors: [v],
      health: { onFault: 'restart', watchdogNs: undefined, recoveryBoundNs: undefined, irqStormPerMs: undefined, at: at(v) },
      latency: { irqNs: undefined, at: undefined },
      tasks: [],
      taskPolicy: 'fixed-priority',
      at: at(v),
    });
  }
  const cpus = Array.from({ length: n }, (_, id) => id);
  return {
    name: `synthetic-${n}`,
    description: 'bench/prove.ts',
    file: 'synthetic.yaml',
    files: [],
    soc: {
      name: 'synthetic',
      file: 'synthetic.yaml',
      clusters: [{ name: 'c0', kind: 'cortex-a53', cpus, opps: [{ khz: 1_200_000 }], at: at(1) }],
      cpus: cpus.map((id) => ({ id, cluster: 'c0', at: at(1) })),
      ram: [{ name: 'dram', base: 0x1_0000_0000n, size: BigInt(16 * n) * 2n * MiB, at: at(1) }],
      hypervisorMemory: [{ name: 'hv', base: 0x8000_0000n, size: 32n * MiB, at: at(1) }],
      devices,
      gic: { version: 3, sgi: [0, 15], ppi: [16, 31], spi: [32, 32 + 8 * n], directInjection: false, at: at(1) },
      smmu: { present: true, unmatchedStreams: 'fault', at: at(1) },
      llc: { sizeBytes: 8n * MiB, ways: 16, colors: n, at: at(1) },
      costs: { trapEntryNs: 300, trapExitNs: 200, irqInjectNs: 400, contextSwitchNs: 1500, maxNonPreemptibleNs: 2000, directInjectNs: 100, cacheInterference: { num: 1n, den: 1n }, at: at(1) },
      at: at(1),
    },
    vms,
    schedule: vms.map((vm, i) => ({ kind: 'bind' as const, pcpu: i, vcpu: { vm: vm.name, vcpu: 0 }, at: at(i) })),
    channels: Array.from({ length: Math.floor(n / 2) }, (_, c) => ({
      name: `ch${c}`,
      pa: 0x20_0000_0000n + BigInt(c) * 0x1000n,
      size: 0x1000n,
      writers: [`vm${2 * c}`],
      endpoints: [
        { vm: `vm${2 * c}`, ipa: 0x2000_0000n, perms: { r: true, w: true, x: false }, at: at(c) },
        { vm: `vm${2 * c + 1}`, ipa: 0x2000_0000n, perms: { r: true, w: false, x: false }, at: at(c) },
      ],
      doorbell: undefined,
      protection: ['crc', 'sequence', 'timeout'],
      timeoutNs: 1_000_000,
      at: at(c),
    })),
    virtio: [],
    at: at(1),
  } as Scenario;
}

export async function benchProve(sizes: readonly number[] = [8, 32, 128, 512], runs = 3): Promise<BenchFigure[]> {
  const props = CATALOG.filter(provable);
  const jobs = defaultJobs();
  const pool = createPool({ jobs, timeoutMs: 600_000 });
  const out: BenchFigure[] = [];
  const points: [number, number][] = [];
  try {
    // Start the solver instances before timing: their start-up is not proof time.
    await pool.solveAll([{ id: 'warm-up', property: 'warm-up', level: 'config', claim: '', smt2: '(assert false)\n', witness: [] }]);
    await pool.solveAll(Array.from({ length: jobs }, (_, i) => ({ id: `warm-up-${i}`, property: 'warm-up', level: 'config' as const, claim: '', smt2: `(assert (= ${i} ${i + 1}))\n`, witness: [] })));
    for (const n of sizes) {
      const s = syntheticScenario(n);
      const times: number[] = [];
      let queries = 0;
      let bytes = 0;
      for (let r = 0; r < (n >= 512 ? 1 : runs); r++) {
        const t0 = performance.now();
        const vs = await proveProperties(s, props, { pool });
        times.push(performance.now() - t0);
        const bad = vs.filter((v) => v.status !== 'holds' && v.status !== 'not-applicable');
        if (bad.length > 0) throw new Error(`synthetic-${n}: ${bad.map((v) => `${v.property} ${v.status} ${v.reason ?? ''}`).join('; ')}`);
        const solved = vs.flatMap((v) => v.solved);
        queries = solved.length;
        bytes = solved.reduce((a, x) => a + x.query.smt2.length, 0);
      }
      const ms = median(times);
      const regions = 16 * n;
      points.push([Math.log(regions), Math.log(ms)]);
      out.push({ name: `configuration proofs, ${n} VMs (${regions} regions, ${4 * n} devices, ${8 * n} IRQs), median of ${times.length}`, value: Math.round(ms), unit: 'ms', detail: `${queries} queries, ${(bytes / 1024).toFixed(0)} KiB of SMT-LIB2, ${pool.mode}` });
    }
  } finally {
    await pool.close();
  }
  if (points.length >= 2) {
    const mx = points.reduce((a, p) => a + p[0], 0) / points.length;
    const my = points.reduce((a, p) => a + p[1], 0) / points.length;
    const slope = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
    const last = points.slice(-2);
    const tail = (last[1]![1] - last[0]![1]) / (last[1]![0] - last[0]![0]);
    out.push({ name: 'growth exponent (log-log slope of time against regions, all sizes)', value: Math.round(slope * 100) / 100, unit: '', detail: `between the two largest sizes: ${tail.toFixed(2)} (1 = linear; n log n over this range ≈ 1.1)` });
  }
  return out;
}
