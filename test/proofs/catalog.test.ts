// The catalog as data: stable IDs, complete metadata, and each predicate judged on
// hand-made situations (a configuration, a two-event trace) whose verdict is known.

import { describe, expect, it } from 'vitest';
import { CATALOG, propertyById } from '../../proofs/index.js';
import { checkTrace } from '../../src/pbt/engine.js';
import { buildScenario, withMistake } from '../../src/pbt/scenario-arb.js';

const base = buildScenario({ vms: 2, crit: ['ASIL-D', 'QM'], ramMiB: [16, 16], channelPages: 1 });

describe('catalog', () => {
  it('has the required properties, with unique IDs and full metadata', () => {
    const ids = CATALOG.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'isolation.memory',
      'isolation.hypervisor',
      'isolation.mmio',
      'isolation.irq',
      'isolation.dma',
      'communication.channels',
      'timing.cpu-exclusive',
      'timing.budget',
      'timing.cache-partition',
      'containment.fault',
      'containment.scrub',
      'containment.recovery',
      'security.hypercall-reach',
    ]) {
      expect(ids).toContain(id);
    }
    for (const p of CATALOG) {
      expect(p.claim.length).toBeGreaterThan(20);
      expect(p.rationale.length).toBeGreaterThan(20);
      expect(['timing-execution', 'memory', 'information-exchange']).toContain(p.iso26262);
      expect(['spatial', 'temporal']).toContain(p.iec61508);
      expect(p.checkConfig !== undefined || p.monitor !== undefined || p.relational !== undefined).toBe(true);
    }
  });

  it('says why a property does not apply', () => {
    const noChannels = { ...base, channels: [] };
    const a = propertyById('communication.channels')!.applies(noChannels);
    expect(a).toEqual({ applies: false, reason: 'the scenario declares no channels' });
    expect(propertyById('timing.budget')!.applies(base).applies).toBe(false);
    expect(propertyById('timing.cache-partition')!.applies({ ...base, soc: { ...base.soc, llc: undefined } }).applies).toBe(false);
  });

  it('config checks are silent on an isolated scenario', () => {
    for (const p of CATALOG) expect(p.checkConfig?.(base) ?? [], p.id).toEqual([]);
  });

  it('a memory overlap is reported at the overlapping mapping, with the other side related', () => {
    const bad = withMistake(base, 'overlap');
    const f = propertyById('isolation.memory')!.checkConfig!(bad);
    expect(f).toHaveLength(1);
    expect(f[0]!.at).toEqual(bad.vms[1]!.memory[0]!.at);
    expect(f[0]!.related).toEqual([bad.vms[0]!.memory[0]!.at]);
    expect(f[0]!.message).toContain('vm1 and vm0 both reach PA 0x4000_0000');
  });

  it('the trace monitor names who reached whose memory, at which address, through which mapping', () => {
    const bad = withMistake(base, 'overlap');
    const f = checkTrace(bad, propertyById('isolation.memory')!, [{ kind: 'write', vm: 1, vcpu: 0, ipa: 0x4000_0000n, value: 9 }]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ actor: 'vm1', victim: 'vm0', address: 0x4000_0000n, via: "vm1's memory mapping 'ram'" });
    // The same write on the isolated scenario is fine.
    expect(checkTrace(base, propertyById('isolation.memory')!, [{ kind: 'write', vm: 1, vcpu: 0, ipa: 0x4000_0000n, value: 9 }])).toEqual([]);
  });

  it('2-safety: a neighbour reaching memory changes the victim view; a crash does not', () => {
    const p = propertyById('containment.fault')!;
    const bad = withMistake(base, 'overlap');
    const trace = [
      { kind: 'write', vm: 1, vcpu: 0, ipa: 0x4000_0000n, value: 9 },
      { kind: 'advance', ns: 1000 },
    ] as const;
    expect(checkTrace(bad, p, [...trace], undefined, 1)).toHaveLength(1);
    expect(checkTrace(base, p, [...trace], undefined, 1)).toEqual([]);
    const crash = [{ kind: 'fault', vm: 1, vcpu: 0, fault: 'crash', ipa: 0n }, { kind: 'advance', ns: 5_000_000 }] as const;
    expect(checkTrace(base, p, [...crash], undefined, 1)).toEqual([]);
  });

  it('recovery: a runaway guest with a watchdog longer than the bound is late', () => {
    const bad = withMistake(base, 'slow-watchdog');
    const p = propertyById('containment.recovery')!;
    expect(p.checkConfig!(bad)).toHaveLength(1);
    const f = checkTrace(bad, p, [{ kind: 'fault', vm: 0, vcpu: 0, fault: 'runaway', ipa: 0n }, { kind: 'advance', ns: 6_000_000 }]);
    expect(f.length).toBeGreaterThan(0);
    expect(checkTrace(base, p, [{ kind: 'fault', vm: 0, vcpu: 0, fault: 'runaway', ipa: 0n }, { kind: 'advance', ns: 6_000_000 }])).toEqual([]);
  });
});
