import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Exit, memoryIo } from '../../src/cli/io.js';
import { validateCommand } from '../../src/cli/validate.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('hvsafe validate', () => {
  it('prints a one-screen summary and exits 0 on a valid scenario', async () => {
    const io = memoryIo(ROOT);
    expect(await validateCommand(['models/power-terminal.yaml'], io)).toBe(Exit.Holds);
    const out = io.stdout();
    expect(io.stderr()).toBe('');
    expect(out).toContain('SoC zu-a53 (models/soc/zu-a53.yaml)');
    expect(out).toMatch(/rtos\s+SIL-2\s+freertos\s+vCPU0->pCPU2 vCPU1->pCPU3/);
    expect(out).toContain('devices uart0..uart31 (32); SPIs 144-175 (32)');
    expect(out).toContain('pCPU3   bind rtos:1');
    expect(out).toContain('uart0-data..uart31-data (32): 16KiB each, rtos(rw) -> linux(r); SGI 8 -> linux; no E2E protection');
    expect(out).toContain('ctrl: 4KiB @0x7008_0000, linux(rw) -> rtos(r); SGI 9 -> rtos; E2E crc + sequence + timeout 100ms');
    expect(out).toContain('no SMMU: DMA-capable passthrough devices would reach raw PA; none of the passed-through devices masters DMA');
    expect(out.split('\n').length).toBeLessThan(45); // one screen
  });

  it('names the DMA-capable passthrough devices when there is no SMMU', async () => {
    const io = memoryIo(ROOT);
    expect(await validateCommand(['models/breaches/power-terminal-dma.yaml'], io)).toBe(Exit.Holds);
    expect(io.stdout()).toContain('no SMMU: DMA-capable passthrough devices reach raw PA: uart0 (rtos)');
  });

  it('summarizes time partitions, fixed priority and virtio', async () => {
    const a = memoryIo(ROOT);
    await validateCommand(['models/industrial-controller.yaml'], a);
    expect(a.stdout()).toContain('pCPU0   time-partition, frame 10ms (10ms used): hmi:0 0ns+6ms, gateway:0 6ms+4ms');
    const b = memoryIo(ROOT);
    await validateCommand(['models/base-station.yaml'], b);
    expect(b.stdout()).toContain('pCPU0   fixed-priority: primary:0 prio 20 800us/1ms, standby:0 prio 10 100us/1ms');
    const c = memoryIo(ROOT);
    await validateCommand(['models/cockpit.yaml'], c);
    expect(c.stdout()).toContain('vblk0: virtio-blk, infotainment (front) -> service (back) over vq-blk');
    expect(c.stdout()).toContain('SMMU (unmatched streams: fault)');
  });

  it('prints every error with a path relative to cwd, a count, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsafe-validate-'));
    writeFileSync(join(dir, 'soc.yaml'), 'name: s\ncpus: 0-1\nram: [{name: ddr, base: 0x0, size: 1GiB}]\nhypervisor-memory: [{base: 0x3c00_0000, size: 64MiB}]\ngic: {version: 2}\ncosts: {trap-entry: 1us, trap-exit: 1us, irq-inject: 1us, context-switch: 1us, max-non-preemptible: 1us}\n');
    writeFileSync(
      join(dir, 'bad.yaml'),
      'name: bad\nsoc: soc.yaml\nvms:\n  - name: a\n    criticality: QM\n    os: linux\n    vcpus: [0]\n    memory: [{name: ram, ipa: 0x1001, size: 4KiB, perms: rw}]\nschedule:\n  - {pcpu: 0, bind: b:0}\n',
    );
    const io = memoryIo(dir);
    expect(await validateCommand(['bad.yaml'], io)).toBe(Exit.Usage);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toBe(
      [
        "bad.yaml:8:31: semantic error: the IPA of mapping 'ram' of VM 'a' 0x1001 is not aligned to a 4KiB page",
        '  hint: stage-2 translation works in 4KiB pages; use 0x1000 or 0x2000',
        "bad.yaml:10:21: semantic error: unknown VM 'b' in vCPU reference 'b:0'",
        "  hint: did you mean 'a'?",
        '2 errors in bad.yaml',
        '',
      ].join('\n'),
    );
  });

  it('--help prints usage and exits 0', async () => {
    const io = memoryIo(ROOT);
    expect(await validateCommand(['--help'], io)).toBe(Exit.Holds);
    expect(io.stdout()).toMatch(/^usage: hvsafe validate <scenario.yaml>/);
  });

  it('bad usage: no file, two files, unknown option -> message and usage on stderr, exit 2', async () => {
    for (const [argv, msg] of [
      [[], 'no scenario file given'],
      [['a.yaml', 'b.yaml'], 'give exactly one scenario file'],
      [['--frobnicate', 'a.yaml'], "Unknown option '--frobnicate'"],
    ] as const) {
      const io = memoryIo(ROOT);
      expect(await validateCommand(argv, io)).toBe(Exit.Usage);
      expect(io.stderr()).toContain(msg);
      expect(io.stderr()).toContain('usage: hvsafe validate');
      expect(io.stdout()).toBe('');
    }
  });

  it('a missing file or a directory is a clear message, exit 2, no stack trace', async () => {
    const io = memoryIo(ROOT);
    expect(await validateCommand(['models/nope.yaml'], io)).toBe(Exit.Usage);
    expect(io.stderr()).toBe("hvsafe validate: cannot read 'models/nope.yaml': no such file\n");
    const io2 = memoryIo(ROOT);
    expect(await validateCommand(['models'], io2)).toBe(Exit.Usage);
    expect(io2.stderr()).toBe("hvsafe validate: cannot read 'models': it is not a file\n");
  });
});
