// timing.irq-latency and timing.schedulability in the catalog: configuration findings in
// words at the requirement's line, the worst-case witness as the counterexample (replayable
// by token and as an event script), measures in the check output, the monitor's judgement
// of single traces, and the engine's loud refusal of a witness the model does not reproduce.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, propertyById } from '../../proofs/index.js';
import { CheckInconclusive, type Property } from '../../proofs/property.js';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadScenario } from '../../src/config/load.js';
import type { Scenario } from '../../src/config/types.js';
import { checkProperty, checkTrace, REAL_MODEL, type Model } from '../../src/pbt/engine.js';

const BREACH = 'models/breaches/industrial-gateway-latency.yaml';
const irqLatency = propertyById('timing.irq-latency')!;
const schedulability = propertyById('timing.schedulability')!;

function load(f: string): Scenario {
  const l = loadScenario(f);
  if (!l.ok) throw new Error(`cannot load ${f}`);
  return l.value;
}

interface JsonVerdict {
  property: string;
  status: string;
  reason?: string;
  findings: { message: string; at: { file: string; line: number } }[];
  counterexample?: { token: string; script: string; steps: { observations: string[] }[] };
  measures?: { name: string; value: number | null; unit?: string; limit?: number | null; at?: { line: number } }[];
}

async function check(...args: string[]): Promise<{ code: number; verdicts: JsonVerdict[] }> {
  const io = memoryIo();
  const code = await checkCommand([...args, '--format', 'json', '--runs', '40'], io);
  return { code, verdicts: (JSON.parse(io.stdout()) as { verdicts: JsonVerdict[] }).verdicts };
}

describe('the latency breach', () => {
  it('is violated at the requirement, naming the window gap, with the witness as counterexample', async () => {
    const r = await check(BREACH, '--property', 'timing.irq-latency');
    expect(r.code).toBe(1);
    const v = r.verdicts[0]!;
    expect(v.status).toBe('violated');
    const requirementLine = readFileSync(BREACH, 'utf8').split('\n').findIndex((l) => l.includes('spi: 290, vcpu: 0, latency: 2ms')) + 1;
    expect(v.findings[0]!.at.line).toBe(requirementLine);
    expect(v.findings[0]!.message).toMatch(/gateway SPI 290: worst-case interrupt latency 6\.0034ms exceeds the 2ms requirement/);
    expect(v.findings[0]!.message).toMatch(/waits the whole 6ms gap .* filled by hmi:0/);
    const ce = v.counterexample!;
    expect(ce.token).toMatch(/^timing\.irq-latency:\d+\/\d+:w0$/);
    const last = ce.steps.at(-1)!.observations.join('\n');
    expect(last).toMatch(/hmi:0 → gateway:0 at 6ms/);
    expect(last).toMatch(/virtual SPI 290 → gateway:0 .*switch-in/);
    // The trace finding: delivered 6.0034ms after the assertion.
    expect(v.findings.some((f) => /delivered at 6\.0034ms \(switch-in\): latency 6\.0034ms/.test(f.message))).toBe(true);
    // The measures carry the bound against the requirement and the witness's observed latency.
    expect(v.measures).toContainEqual(expect.objectContaining({ name: 'gateway SPI 290 latency bound (time-partition)', value: 6_003_400, unit: 'ns', limit: 2_000_000 }));
    expect(v.measures).toContainEqual(expect.objectContaining({ name: 'gateway SPI 290 latency witnessed on the model (window-gap, exact)', value: 6_003_400 }));

    // The token replays the same counterexample.
    const again = await check(BREACH, '--replay', ce.token);
    expect(again.code).toBe(1);
    expect(again.verdicts[0]!.counterexample!.token).toBe(ce.token);

    // The script replays in the simulator and shows the late injection.
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-latency-'));
    const script = join(dir, 'witness.yaml');
    writeFileSync(script, ce.script);
    const io = memoryIo();
    expect(await main(['simulate', BREACH, '--script', script], io)).toBe(0);
    expect(io.stdout()).toMatch(/virtual SPI 290 → gateway:0 at 6\.003ms \(latency 6\.003ms, switch-in\)/);
  });

  it('a witness token for a finding the scenario does not have is no such counterexample (exit 2), not a pass', async () => {
    const io = memoryIo();
    const code = await checkCommand([BREACH, '--replay', 'timing.irq-latency:1/50:w7', '--format', 'json', '--runs', '40'], io);
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(/no such counterexample: timing\.irq-latency:1\/50:w7/);
    expect(io.stderr()).toMatch(/--replay timing\.irq-latency:\d+\/\d+:w0/); // the witness that does exist
  });

  it('a witness the model does not reproduce is reported as a bug in hvsafe, inconclusive', () => {
    // A model that delivers every interrupt at once: the analysis and the model now disagree.
    const instant: Model = {
      boot: REAL_MODEL.boot,
      step: (s, e) => {
        const r = REAL_MODEL.step(s, e);
        return { ...r, observations: r.observations.map((o) => (o.kind === 'virq' ? { ...o, deliveredAt: o.assertedAt } : o)) };
      },
    };
    const v = checkProperty(load(BREACH), irqLatency, { runs: 5, maxSteps: 20, seed: 1, model: instant });
    expect(v.status).toBe('inconclusive');
    expect(v.reason).toMatch(/BUG in hvsafe: the witness trace built for the configuration finding "gateway SPI 290.*did not reproduce/);
    expect(v.findings).toHaveLength(1);
  });
});

describe('latency bounds in hvsafe check for every example with a latency requirement', () => {
  const examples = readdirSync('models').filter((f) => f.endsWith('.yaml') && /latency:/.test(readFileSync(`models/${f}`, 'utf8')));
  it('there are such examples', () => expect(examples.length).toBeGreaterThanOrEqual(4));
  for (const f of examples) {
    it(f, async () => {
      const s = load(`models/${f}`);
      const r = await check(`models/${f}`, '--property', 'timing.irq-latency');
      expect(r.code).toBe(0);
      const ms = r.verdicts[0]!.measures!;
      for (const v of s.vms) {
        for (const route of v.irqs) {
          if (route.latencyNs === undefined && v.latency.irqNs === undefined) continue;
          const m = ms.find((x) => x.name.startsWith(`${v.name} SPI ${route.spi} latency bound`));
          expect(m, `${v.name} SPI ${route.spi}`).toBeDefined();
          expect(m!.value).not.toBeNull();
          expect(m!.value!).toBeLessThanOrEqual(m!.limit!);
          expect(ms.some((x) => x.name.startsWith(`${v.name} SPI ${route.spi} latency witnessed`))).toBe(true);
        }
      }
      const io = memoryIo();
      await checkCommand([`models/${f}`, '--property', 'timing.irq-latency', '--runs', '5'], io);
      expect(io.stdout()).toMatch(/== timing\.irq-latency: measures\n {5}\S.* latency bound \(\w[\w-]*\)\s+\S+\s+limit \S+\s+ok/);
    });
  }
});

describe('the timing.irq-latency monitor', () => {
  const s = load('models/industrial-controller.yaml');
  const plc = s.vms.findIndex((v) => v.name === 'plc');
  const tight: Scenario = { ...s, vms: s.vms.map((v, i) => (i === plc ? { ...v, irqs: v.irqs.map((r) => (r.spi === 294 ? { ...r, latencyNs: 9_000 } : r)) } : v)) };

  it('judges a delivery against the requirement: 9.5us late for a 9us requirement, fine for 20us', () => {
    const trace = [
      { kind: 'hvc-watchdog', vm: plc, vcpu: 0 },
      { kind: 'irq', spi: 294 },
    ] as const;
    const f = checkTrace(tight, irqLatency, [...trace]);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/plc SPI 294: .*latency 9\.5us, beyond the 9us requirement/);
    expect(checkTrace(s, irqLatency, [...trace])).toEqual([]);
  });

  it('an interrupt still pending past its requirement at the end of a trace is late', () => {
    // The breach's gateway waits for its window: at 3ms the interrupt is still pending.
    const b = load(BREACH);
    const f = checkTrace(b, irqLatency, [{ kind: 'irq', spi: 290 }, { kind: 'advance', ns: 3_000_000 }]);
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/gateway SPI 290: asserted at 0ns and still pending at 3ms, beyond the 2ms requirement/)]);
    expect(checkTrace(b, irqLatency, [{ kind: 'irq', spi: 290 }, { kind: 'advance', ns: 1_000_000 }])).toEqual([]);
  });

  it('does not judge interrupts that wait while their pCPU is offline', () => {
    const idx = s.soc.cpus.findIndex((c) => c.id === 4);
    const f = checkTrace(tight, irqLatency, [{ kind: 'pcpu-offline', pcpu: idx }, { kind: 'irq', spi: 294 }, { kind: 'advance', ns: 1_000_000 }, { kind: 'pcpu-online', pcpu: idx }, { kind: 'advance', ns: 1_000 }]);
    expect(f).toEqual([]);
  });
});

describe('timing.schedulability', () => {
  it('finds a task that misses its deadline on its supply, at the task, with its response time', () => {
    const s = load('models/cnc-hmi.yaml');
    const i = s.vms.findIndex((v) => v.name === 'machine-control');
    const [ethercat, interp, spindle] = s.vms[i]!.tasks;
    // The order before the fix: the interpolator above the EtherCAT cycle.
    const bad: Scenario = { ...s, vms: s.vms.map((v, j) => (j === i ? { ...v, tasks: [interp!, ethercat!, spindle!] } : v)) };
    const v = checkProperty(bad, schedulability, { runs: 1, maxSteps: 1, seed: 1 });
    expect(v.status).toBe('violated');
    expect(v.engine).toBe('config');
    expect(v.findings.length).toBeGreaterThan(0);
    expect(v.findings[0]!.message).toMatch(/task 'ethercat-cycle' of machine-control on machine-control:0 .*worst-case response time of 420us, beyond its 400us deadline/);
    expect(v.findings[0]!.at).toEqual(ethercat!.at);
    expect(v.measures).toContainEqual(expect.objectContaining({ name: 'machine-control task ethercat-cycle response time (fixed-priority)', value: 420_000, limit: 400_000 }));
    const good = checkProperty(s, schedulability, { runs: 1, maxSteps: 1, seed: 1 });
    expect(good.status).toBe('holds');
    expect(good.measures).toContainEqual(expect.objectContaining({ name: 'machine-control task ethercat-cycle response time (fixed-priority)', value: 120_000, limit: 400_000 }));
  });

  it('applies only where a VM declares tasks', () => {
    expect(schedulability.applies(load('models/base-station.yaml'))).toEqual({ applies: false, reason: 'no VM declares a guest task set' });
  });
});

describe('the engine', () => {
  it('reports a configuration check whose analysis cannot finish as inconclusive, with its reason', () => {
    const p: Property = {
      ...schedulability,
      id: 'test.unfinished',
      checkConfig: () => {
        throw new CheckInconclusive('the analysis reached its iteration limit');
      },
    };
    const v = checkProperty(load('models/cnc-hmi.yaml'), p, { runs: 1, maxSteps: 1, seed: 1 });
    expect(v).toMatchObject({ status: 'inconclusive', reason: 'the analysis reached its iteration limit' });
  });

  it('the catalog lists both timing properties with real claims and SMT statements', () => {
    for (const id of ['timing.irq-latency', 'timing.schedulability']) {
      const p = CATALOG.find((x) => x.id === id)!;
      expect(p.iso26262).toBe('timing-execution');
      expect(p.iec61508).toBe('temporal');
      expect(p.smt?.statement.length).toBeGreaterThan(80);
    }
  });
});
