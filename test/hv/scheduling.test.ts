import { describe, expect, it } from 'vitest';
import { vcpuCpuNs } from '../../src/hv/ledger.js';
import { BG, bootFixture, GP, only, RT, runAll } from './fixture.js';

const MS = 1_000_000;
const flat = (vm: number, vcpu: number): number => ({ [RT]: 0, [GP]: 1, [BG]: 3 })[vm]! + vcpu;

describe('scheduling', () => {
  it('fixed priority: a runaway high-priority vCPU loses the CPU at its budget\'s end', () => {
    const { obs, state } = runAll(bootFixture(), [
      { kind: 'fault', vm: GP, vcpu: 0, fault: 'runaway', ipa: 0n },
      { kind: 'advance', ns: 10 * MS },
    ]);
    const ends = only(obs[1]!, 'period-end');
    const gp0 = ends.find((e) => e.vcpu === flat(GP, 0))!;
    const bg0 = ends.find((e) => e.vcpu === flat(BG, 0))!;
    expect(gp0).toMatchObject({ receivedNs: 2 * MS, budgetNs: 2 * MS, demandedAll: true });
    // bg:0 (lower priority) still gets its full 4ms budget.
    expect(bg0).toMatchObject({ receivedNs: 4 * MS, budgetNs: 4 * MS, demandedAll: true });
    expect(vcpuCpuNs(state, flat(GP, 0))).toBe(2 * MS);
    const switches = only(obs[1]!, 'sched').filter((s) => s.pcpu === 1);
    expect(switches[0]).toMatchObject({ from: flat(GP, 0), to: flat(BG, 0), at: 2 * MS });
  });

  it('time partition: the window owner gets exactly its windows, frame after frame', () => {
    const { obs } = runAll(bootFixture(), [{ kind: 'advance', ns: 25 * MS }]);
    const bg1 = only(obs[0]!, 'period-end').filter((e) => e.vcpu === flat(BG, 1));
    expect(bg1.map((e) => [e.start, e.end, e.receivedNs])).toEqual([
      [0, 10 * MS, 4 * MS],
      [10 * MS, 20 * MS, 4 * MS],
    ]);
  });

  it('bind: the bound vCPU keeps its pCPU for all the time it is busy', () => {
    const { state } = runAll(bootFixture(), [{ kind: 'advance', ns: 3 * MS }]);
    expect(vcpuCpuNs(state, flat(RT, 0))).toBe(3 * MS);
    expect(state.pcpus[0]!.current).toBe(flat(RT, 0));
  });

  it('a yielded vCPU receives no CPU until woken, and forfeits its full-budget claim', () => {
    const { obs, state } = runAll(bootFixture(), [
      { kind: 'hvc-yield', vm: GP, vcpu: 0 },
      { kind: 'advance', ns: 1 * MS },
      { kind: 'wake', vm: GP, vcpu: 0 },
      { kind: 'advance', ns: 9 * MS },
    ]);
    expect(vcpuCpuNs(state, flat(GP, 0))).toBe(2 * MS);
    expect(only(obs[3]!, 'period-end').find((e) => e.vcpu === flat(GP, 0))!.demandedAll).toBe(false);
  });

  it('pCPU offline stops its vCPUs; online resumes them', () => {
    const { state, obs } = runAll(bootFixture(), [
      { kind: 'pcpu-offline', pcpu: 2 },
      { kind: 'advance', ns: 1 * MS },
      { kind: 'pcpu-offline', pcpu: 2 },
      { kind: 'pcpu-online', pcpu: 2 },
      { kind: 'advance', ns: 1 * MS },
    ]);
    expect(only(obs[2]!, 'rejected')[0]!.reason).toBe('pcpu-already-offline');
    expect(vcpuCpuNs(state, flat(GP, 1))).toBe(1 * MS);
  });

  it('DVFS: the hypervisor never sets a cluster below its measured load', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'advance', ns: 1 * MS },
      { kind: 'hvc-dvfs', vm: GP, vcpu: 1, khz: 400_000 },
    ]);
    // Every pCPU was busy the whole sample: load 1000‰ forces the top operating point.
    expect(only(obs[1]!, 'dvfs')[0]).toMatchObject({ loadPermille: 1000, toKhz: 1_600_000, requestedKhz: 400_000 });
  });
});

describe('health monitor', () => {
  it('a watchdog not kicked in time fires at its deadline and the policy acts', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'advance', ns: MS / 2 },
      { kind: 'hvc-watchdog', vm: RT, vcpu: 0 },
      { kind: 'advance', ns: 2 * MS },
    ]);
    const [h] = only(obs[2]!, 'health');
    expect(h).toMatchObject({ vm: RT, reason: 'watchdog', action: 'restart', at: MS / 2 + MS, faultAt: MS / 2 + MS });
  });

  it('only the resident vCPU makes hypercalls: not one its pCPU has descheduled, none while the pCPU is offline', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'hvc-watchdog', vm: RT, vcpu: 0 },
      { kind: 'pcpu-offline', pcpu: 0 },
      { kind: 'hvc-watchdog', vm: RT, vcpu: 0 },
      { kind: 'pcpu-online', pcpu: 0 },
      { kind: 'advance', ns: 1000 },
      { kind: 'hvc-watchdog', vm: RT, vcpu: 0 },
      // bg:0 shares pCPU 1 with gp:0, which outranks it and is busy.
      { kind: 'hvc-yield', vm: BG, vcpu: 0 },
    ]);
    expect(only(obs[0]!, 'rejected')).toEqual([]);
    expect(only(obs[2]!, 'rejected')[0]!.reason).toBe('vcpu-not-resident');
    expect(only(obs[5]!, 'rejected')).toEqual([]);
    expect(only(obs[6]!, 'rejected')[0]!.reason).toBe('vcpu-not-resident');
  });

  it('a runaway VM stops kicking: the fault time is when it started spinning', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'advance', ns: 100_000 },
      { kind: 'fault', vm: RT, vcpu: 0, fault: 'runaway', ipa: 0n },
      { kind: 'hvc-watchdog', vm: RT, vcpu: 0 },
      { kind: 'advance', ns: 2 * MS },
    ]);
    expect(only(obs[2]!, 'rejected')[0]!.reason).toBe('vcpu-runaway');
    expect(only(obs[3]!, 'health')[0]).toMatchObject({ reason: 'watchdog', faultAt: 100_000, at: MS });
  });

  it('a hang under a notify policy is reported once per watchdog period, each time as a new occurrence', () => {
    const s = bootFixture({ patch: (y) => y.replace('health: { on-fault: notify }', 'health: { on-fault: notify, watchdog: 1ms, recovery-bound: 1ms }') });
    const { obs } = runAll(s, [
      { kind: 'fault', vm: GP, vcpu: 0, fault: 'runaway', ipa: 0n },
      { kind: 'advance', ns: 3 * MS + 1 },
    ]);
    const acts = only(obs[1]!, 'health').filter((h) => h.vm === GP);
    expect(acts.map((h) => [h.faultAt, h.at])).toEqual([
      [0, MS],
      [MS, 2 * MS],
      [2 * MS, 3 * MS],
    ]);
  });

  it('a period that opens while its pCPU is offline is not owed its budget', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'pcpu-offline', pcpu: 1 },
      { kind: 'advance', ns: 20 * MS },
    ]);
    const ends = only(obs[1]!, 'period-end').filter((e) => e.vcpu === flat(GP, 0));
    expect(ends.map((e) => e.demandedAll)).toEqual([false, false]);
  });

  it('crash under each policy: restart, stop, notify', () => {
    const { obs, state } = runAll(bootFixture(), [
      { kind: 'fault', vm: RT, vcpu: 0, fault: 'crash', ipa: 0n },
      { kind: 'fault', vm: BG, vcpu: 0, fault: 'crash', ipa: 0n },
      { kind: 'fault', vm: GP, vcpu: 0, fault: 'crash', ipa: 0n },
      { kind: 'vm-start', vm: GP },
    ]);
    expect(only(obs[0]!, 'lifecycle')[0]!.what).toBe('restarted');
    expect(only(obs[1]!, 'lifecycle')[0]!.what).toBe('stopped');
    expect(only(obs[2]!, 'health')[0]!.action).toBe('notify');
    expect(only(obs[3]!, 'lifecycle')[0]!.what).toBe('started');
    expect(state.vms.map((v) => v.status)).toEqual(['running', 'running', 'stopped']);
  });
});
