import { describe, expect, it } from 'vitest';
import { vcpuSupply, vmSchedulability } from '../../src/timing/partition.js';
import { bind, fixedPriority, partition, scenario, vm } from './fixtures.js';

const lehoczky = [
  { wcetNs: 1, periodNs: 4 },
  { wcetNs: 1, periodNs: 5 },
  { wcetNs: 3, periodNs: 9 },
  { wcetNs: 3, periodNs: 18 },
];

describe('guest schedulability of a scenario VM', () => {
  it('bind: a dedicated CPU, exact FP response times', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [1], tasks: lehoczky })], schedule: [bind(1, 'rt')] });
    const r = vmSchedulability(s, 0);
    expect(r.perVcpu[0]!.supply).toMatchObject({ ok: true, spec: { kind: 'dedicated' } });
    expect(r.perVcpu[0]!.analysis!.tasks.map((t) => t.responseTime)).toEqual([1n, 2n, 7n, 18n]);
    expect(r.schedulable).toBe(true);
  });

  it('bind with another vCPU pinned to the pCPU: no guaranteed supply, not schedulable', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [1], tasks: lehoczky }), vm({ name: 'x', pcpus: [1] })], schedule: [bind(1, 'rt')] });
    const r = vmSchedulability(s, 0);
    expect(r.perVcpu[0]!.supply.ok).toBe(false);
    expect(r.schedulable).toBe(false);
  });

  it('time partition: the vCPU window table, each window shortened by the switch-in', () => {
    // Frame 10 µs, rt window [0, 5 µs); switch 1 µs → supply window [1 µs, 4 µs).
    const s = scenario({
      vms: [vm({ name: 'rt', pcpus: [0], tasks: [{ wcetNs: 3_000, periodNs: 20_000 }] }), vm({ name: 'linux', pcpus: [0] })],
      schedule: [partition(0, 10_000, [['rt', 0, 5_000], ['linux', 5_000, 5_000]])],
    });
    expect(vcpuSupply(s, 0, 0)).toMatchObject({ ok: true, spec: { kind: 'windows', frame: 10_000n, windows: [[1_000n, 4_000n]] } });
    // Worst phase starts at 5 µs: nothing until 11 µs, then 3 µs of supply by 14 µs: R = 9 µs.
    const r = vmSchedulability(s, 0);
    expect(r.perVcpu[0]!.analysis!.tasks[0]!.responseTime).toBe(9_000n);
    expect(r.schedulable).toBe(true);
  });

  it('fixed priority: the server as EDP Ω(T, B − switch, R), not Γ(T, B)', () => {
    const s = scenario({
      vms: [vm({ name: 'hi', pcpus: [0] }), vm({ name: 'rt', pcpus: [0], tasks: [{ wcetNs: 500_000, periodNs: 20_000_000, deadlineNs: 13_000_000 }] })],
      schedule: [fixedPriority(0, [['hi', 10, 2_000_000, 5_000_000], ['rt', 5, 1_000_000, 10_000_000]])],
    });
    // Server R = 5 ms (see irq-latency tests); Θ = 1 ms − 1 µs = 999 µs; Δ = 5 ms.
    expect(vcpuSupply(s, 1, 0)).toMatchObject({ ok: true, spec: { kind: 'edp', period: 10_000_000n, budget: 999_000n, deadline: 5_000_000n } });
    // tsbf(500 µs) = (Δ − Θ) + (T − Θ) + 500 µs = 4.001 + 9.001 + 0.5 ms = 13.502 ms > 13 ms.
    const r = vmSchedulability(s, 1);
    expect(r.perVcpu[0]!.analysis!.tasks[0]!.responseTime).toBe(13_502_000n);
    expect(r.schedulable).toBe(false);
  });

  it('fixed priority: a server that cannot get its budget within its period gets no supply', () => {
    // rt: B = 1 ms, T = 2 ms under hi (B = 2 ms, T = 5 ms): R = 1 + ⌈(R+3)/5⌉·2 → 5 ms > T.
    // Neither Γ(T, B) nor any EDP is then a valid abstraction: the budget is not served each period.
    const s = scenario({
      vms: [vm({ name: 'hi', pcpus: [0] }), vm({ name: 'rt', pcpus: [0], tasks: [{ wcetNs: 1_000, periodNs: 100_000_000 }] })],
      schedule: [fixedPriority(0, [['hi', 10, 2_000_000, 5_000_000], ['rt', 5, 1_000_000, 2_000_000]])],
    });
    expect(vcpuSupply(s, 1, 0).ok).toBe(false);
    expect(vmSchedulability(s, 1).schedulable).toBe(false);
  });

  it('a VM with several vCPUs must be schedulable on each (the guest may use any)', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [1, 2], tasks: lehoczky })], schedule: [bind(1, 'rt'), partition(2, 100_000, [['rt', 0, 5_000, 1]])] });
    const r = vmSchedulability(s, 0);
    expect(r.perVcpu.map((v) => v.analysis?.schedulable)).toEqual([true, false]);
    expect(r.schedulable).toBe(false);
  });

  it('no tasks: trivially schedulable', () => {
    const s = scenario({ vms: [vm({ name: 'rt', pcpus: [1] })], schedule: [bind(1, 'rt')] });
    expect(vmSchedulability(s, 0).schedulable).toBe(true);
  });
});
