// The shipped examples and breach models, checked end to end through the command.
// Breaches must be violated naming the property their header names; every counterexample
// must carry a replay token that reproduces it.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';

interface JsonVerdict {
  property: string;
  status: string;
  counterexample?: { token: string };
  findings: { at: { file: string; line: number } }[];
}

async function check(file: string, ...extra: string[]): Promise<{ code: number; verdicts: JsonVerdict[]; stderr: string }> {
  const io = memoryIo();
  const code = await checkCommand([file, '--format', 'json', '--runs', '150', ...extra], io);
  const doc = JSON.parse(io.stdout()) as { verdicts: JsonVerdict[] };
  return { code, verdicts: doc.verdicts, stderr: io.stderr() };
}

const BREACHES: Record<string, string> = {
  'power-terminal-dma.yaml': 'isolation.dma',
  'cockpit-overlap.yaml': 'isolation.memory',
  'industrial-shared-spi.yaml': 'isolation.irq',
  'industrial-shared-line.yaml': 'isolation.irq',
  'power-terminal-reader-writes.yaml': 'communication.channels',
  'cockpit-shared-colors.yaml': 'timing.cache-partition',
  'industrial-gateway-latency.yaml': 'timing.irq-latency',
};

describe('breach models are violated, naming the right property', () => {
  const present = readdirSync('models/breaches').filter((f) => f.endsWith('.yaml'));
  for (const f of present) {
    it(f, async () => {
      const expected = BREACHES[f];
      expect(expected, `add ${f} to BREACHES with the property its header names`).toBeDefined();
      const r = await check(`models/breaches/${f}`);
      expect(r.code).toBe(1);
      const v = r.verdicts.find((x) => x.property === expected)!;
      expect(v.status).toBe('violated');
      expect(v.findings[0]!.at.file).toContain('models/breaches/');
      expect(r.verdicts.every((x) => x.status !== 'inconclusive'), JSON.stringify(r.verdicts.filter((x) => x.status === 'inconclusive'))).toBe(true);
    });
  }
});

describe('every counterexample replays from its token', () => {
  it('cockpit-overlap isolation.memory', async () => {
    const first = await check('models/breaches/cockpit-overlap.yaml', '--property', 'isolation.memory');
    const token = first.verdicts[0]!.counterexample!.token;
    const again = await check('models/breaches/cockpit-overlap.yaml', '--replay', token);
    expect(again.code).toBe(1);
    expect(again.verdicts[0]!.status).toBe('violated');
    expect(again.verdicts[0]!.counterexample!.token).toBe(token);
  });
});

describe('shipped examples hold, never crash', () => {
  const examples = readdirSync('models').filter((f) => f.endsWith('.yaml'));
  for (const f of examples) {
    it(f, async () => {
      const r = await check(`models/${f}`);
      // The shipped examples are isolated by design: every applicable claim holds.
      for (const v of r.verdicts) {
        expect(['holds', 'not-applicable'], `${f} ${v.property}: ${v.counterexample?.token ?? ''}`).toContain(v.status);
      }
      expect(r.code).toBe(0);
    });
  }
});
