import { describe, expect, it } from 'vitest';
import { step } from '../../src/hv/step.js';
import { BG, bootFixture, DMAC, GP, NIC, only, RT, runAll, UART } from './fixture.js';

describe('guest memory through stage-2', () => {
  it('a write lands at IPA-PA offset and is read back by the same VM', () => {
    const s0 = bootFixture();
    const { obs } = runAll(s0, [
      { kind: 'write', vm: GP, vcpu: 0, ipa: 0x8000_1004n, value: 77 },
      { kind: 'read', vm: GP, vcpu: 1, ipa: 0x8000_1000n },
    ]);
    const [w] = only(obs[0]!, 'access');
    expect(w).toMatchObject({ op: 'write', pa: 0x5000_1004n, target: { kind: 'ram' }, via: { kind: 'memory', vm: GP, index: 0 } });
    const [r] = only(obs[1]!, 'access');
    expect(r).toMatchObject({ op: 'read', pa: 0x5000_1000n, value: 77, writer: GP });
  });

  it("one VM's write does not change what another VM reads", () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'write', vm: GP, vcpu: 0, ipa: 0x8000_0000n, value: 5 },
      { kind: 'read', vm: BG, vcpu: 0, ipa: 0x8000_0000n }, // same IPA, different PA
    ]);
    expect(only(obs[1]!, 'access')[0]).toMatchObject({ pa: 0x5800_0000n, value: 0, writer: -1 });
  });

  it('a channel carries the writer\'s value to the reader, and the reader cannot write', () => {
    const { obs, state } = runAll(bootFixture(), [
      { kind: 'write', vm: RT, vcpu: 0, ipa: 0x2000_0010n, value: 9 },
      { kind: 'read', vm: GP, vcpu: 0, ipa: 0xa000_0010n },
      { kind: 'write', vm: GP, vcpu: 0, ipa: 0xa000_0010n, value: 1 },
    ]);
    expect(only(obs[1]!, 'access')[0]).toMatchObject({ value: 9, writer: RT, via: { kind: 'channel', channel: 0 } });
    expect(only(obs[2]!, 'stage2-fault')[0]).toMatchObject({ vm: GP, reason: 'permission' });
    // gp's policy is notify: it keeps running, and the channel still holds rt's value.
    expect(state.vms[GP]!.status).toBe('running');
    expect(only(obs[2]!, 'health')[0]).toMatchObject({ vm: GP, action: 'notify', reason: 'stage2-fault' });
  });

  it('an unmapped IPA is a stage-2 fault handled by the VM\'s policy (restart scrubs)', () => {
    const { obs, state } = runAll(bootFixture(), [
      { kind: 'write', vm: RT, vcpu: 0, ipa: 0x10n, value: 3 },
      { kind: 'read', vm: RT, vcpu: 0, ipa: 0xffff_ffff_ffff_f000n },
      { kind: 'read', vm: RT, vcpu: 0, ipa: 0x10n },
    ]);
    expect(only(obs[1]!, 'stage2-fault')[0]).toMatchObject({ reason: 'unmapped', ipa: 0xffff_ffff_ffff_f000n });
    expect(only(obs[1]!, 'lifecycle')[0]).toMatchObject({ vm: RT, what: 'restarted', scrubbedBytes: 16n << 20n });
    expect(only(obs[2]!, 'access')[0]).toMatchObject({ value: 0 });
    expect(state.vms[RT]!.generation).toBe(2);
  });

  it('MMIO of a passthrough device reaches the device, and a restart resets it', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'write', vm: RT, vcpu: 0, ipa: 0x1001_0000n, value: 0x41 },
      { kind: 'read', vm: RT, vcpu: 0, ipa: 0x1001_0000n },
      { kind: 'vm-restart', vm: RT },
      { kind: 'read', vm: RT, vcpu: 0, ipa: 0x1001_0000n },
    ]);
    expect(only(obs[0]!, 'access')[0]!.target).toEqual({ kind: 'mmio', device: UART, segment: expect.any(Number) });
    expect(only(obs[1]!, 'access')[0]!.value).toBe(0x41);
    expect(only(obs[2]!, 'lifecycle')[0]!.resetDevices).toEqual([UART]);
    expect(only(obs[3]!, 'access')[0]!.value).toBe(0);
  });

  it('a guest cannot act while its VM is stopped, and stop scrubs', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'write', vm: BG, vcpu: 0, ipa: 0x8000_0000n, value: 1 },
      { kind: 'vm-stop', vm: BG },
      { kind: 'read', vm: BG, vcpu: 0, ipa: 0x8000_0000n },
      { kind: 'vm-start', vm: BG },
      { kind: 'read', vm: BG, vcpu: 0, ipa: 0x8000_0000n },
    ]);
    expect(only(obs[2]!, 'rejected')[0]).toMatchObject({ reason: 'vm-not-running' });
    expect(only(obs[4]!, 'access')[0]!.value).toBe(0);
  });
});

describe('hypercalls', () => {
  it('map inside own configured memory is accepted; foreign memory is refused', () => {
    const { obs, state } = runAll(bootFixture(), [
      { kind: 'hvc-map', vm: GP, vcpu: 0, ipa: 0xc000_0000n, pa: 0x5000_2000n, size: 0x2000n, perms: { r: true, w: true, x: false } },
      { kind: 'hvc-map', vm: GP, vcpu: 0, ipa: 0xd000_0000n, pa: 0x4000_0000n, size: 0x1000n, perms: { r: true, w: false, x: false } },
      { kind: 'hvc-map', vm: GP, vcpu: 0, ipa: 0xe000_0000n, pa: 0x5400_0000n, size: 0x1000n, perms: { r: true, w: true, x: false } },
      { kind: 'hvc-map', vm: GP, vcpu: 0, ipa: 0xe000_0001n, pa: 0x5000_0000n, size: 0x1000n, perms: { r: true, w: false, x: false } },
      { kind: 'write', vm: GP, vcpu: 0, ipa: 0xc000_0000n, value: 4 },
      { kind: 'read', vm: GP, vcpu: 0, ipa: 0x8000_2000n },
    ]);
    expect(only(obs[0]!, 'mapped')).toHaveLength(1);
    expect(only(obs[1]!, 'rejected')[0]!.reason).toBe('outside-configured-memory');
    expect(only(obs[2]!, 'rejected')[0]!.reason).toBe('permission-widening');
    expect(only(obs[3]!, 'rejected')[0]!.reason).toBe('not-page-aligned');
    expect(only(obs[5]!, 'access')[0]!.value).toBe(4); // the alias reaches the same page
    expect(state.vms[GP]!.stage2.some((e) => e.origin.kind === 'dynamic')).toBe(true);
  });

  it('map ranges that wrap past 2^64 are refused', () => {
    const r = step(bootFixture(), {
      kind: 'hvc-map', vm: GP, vcpu: 0, ipa: 0xffff_ffff_ffff_f000n, pa: 0x5000_0000n, size: 0x2000n, perms: { r: true, w: false, x: false },
    });
    expect(only(r.observations, 'rejected')[0]!.reason).toBe('address-overflow');
  });

  it('unmap removes exactly one whole memory mapping', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'hvc-unmap', vm: GP, vcpu: 0, ipa: 0x9000_0000n, size: 0x1000n },
      { kind: 'hvc-unmap', vm: GP, vcpu: 0, ipa: 0x9000_0000n, size: 1n << 20n },
      { kind: 'read', vm: GP, vcpu: 0, ipa: 0x9000_0000n },
    ]);
    expect(only(obs[0]!, 'rejected')[0]!.reason).toBe('no-such-mapping');
    expect(only(obs[1]!, 'unmapped')).toHaveLength(1);
    expect(only(obs[2]!, 'stage2-fault')[0]!.reason).toBe('unmapped');
  });
});

describe('DMA', () => {
  it('with an SMMU, DMA is translated through the owner\'s stage-2', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'dma', device: NIC, stream: 0, addr: 0x8000_0000n, length: 0x2000n, dir: 'write', value: 11 },
      { kind: 'read', vm: GP, vcpu: 0, ipa: 0x8000_1000n },
    ]);
    const [d] = only(obs[0]!, 'dma');
    expect(d).toMatchObject({ path: 'smmu', context: GP, vm: GP });
    expect(d!.pages.map((p) => p.pa)).toEqual([0x5000_0000n, 0x5000_1000n]);
    expect(only(obs[1]!, 'access')[0]).toMatchObject({ value: 11, writer: GP });
  });

  it('with an SMMU, DMA outside the owner\'s stage-2 faults and moves nothing', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'dma', device: NIC, stream: 0, addr: 0x8000_0000n - 0x1000n, length: 0x2000n, dir: 'write', value: 11 },
      { kind: 'read', vm: GP, vcpu: 0, ipa: 0x8000_0000n },
    ]);
    expect(only(obs[0]!, 'smmu-fault')[0]).toMatchObject({ reason: 'unmapped' });
    expect(only(obs[1]!, 'access')[0]!.value).toBe(0);
  });

  it('a DMA device with no stream ID faults under an SMMU that faults unmatched streams', () => {
    const r = step(bootFixture(), { kind: 'dma', device: DMAC, stream: 0, addr: 0x4000_0000n, length: 16n, dir: 'write', value: 1 });
    expect(only(r.observations, 'smmu-fault')[0]).toMatchObject({ reason: 'no-context', stream: -1 });
  });

  it('without an SMMU, a device masters raw PA: it can reach another VM and the hypervisor', () => {
    const { obs } = runAll(bootFixture({ smmu: false }), [
      { kind: 'dma', device: NIC, stream: 0, addr: 0x4000_0000n, length: 4n, dir: 'write', value: 66 },
      { kind: 'read', vm: RT, vcpu: 0, ipa: 0x0n },
      { kind: 'dma', device: NIC, stream: 0, addr: 0x7f00_0000n, length: 4n, dir: 'read', value: 0 },
    ]);
    expect(only(obs[0]!, 'dma')[0]).toMatchObject({ path: 'no-smmu', vm: GP });
    expect(only(obs[1]!, 'access')[0]).toMatchObject({ value: 66, writer: GP });
    expect(only(obs[2]!, 'dma')[0]!.pages[0]!.target.kind).toBe('hypervisor');
  });

  it('refuses DMA from devices that cannot master it, and transfers above the engine limit', () => {
    const { obs } = runAll(bootFixture(), [
      { kind: 'dma', device: UART, stream: 0, addr: 0n, length: 4n, dir: 'write', value: 1 },
      { kind: 'dma', device: NIC, stream: 0, addr: 0x8000_0000n, length: 0x8000n, dir: 'write', value: 1 },
      { kind: 'dma', device: NIC, stream: 0, addr: 0xffff_ffff_ffff_fff0n, length: 0x20n, dir: 'write', value: 1 },
    ]);
    expect(obs.map((o) => only(o, 'rejected')[0]?.reason)).toEqual(['device-cannot-dma', 'dma-too-long', 'address-overflow']);
  });
});
