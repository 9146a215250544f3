// Decoding the partitioning: VMs, the per-pCPU schedule, shared-memory channels and virtio
// devices. Shape and units only (schema errors); cross-references and arithmetic are
// checked in lint.ts.

import type { Cursor } from './cursor.js';
import { Decoded, Names, decodeList, readVcpuRef } from './decode.js';
import {
  CRITICALITIES,
  type Channel,
  type ChannelEndpoint,
  type Criticality,
  type Doorbell,
  type E2eProtection,
  type GuestTask,
  type HealthPolicy,
  type IrqRoute,
  type LatencyRequirements,
  type PassthroughDevice,
  type PcpuSchedule,
  type PriorityEntry,
  type Stage2Mapping,
  type TimeWindow,
  type VcpuConfig,
  type VirtioDevice,
  type Vm,
} from './types.js';

export const VM_KEYS = [
  'name',
  'description',
  'criticality',
  'os',
  'image',
  'vcpus',
  'memory',
  'devices',
  'irqs',
  'cache-colors',
  'health',
  'latency',
  'tasks',
  'task-policy',
] as const;

/** VM names declared (even when the VM failed to decode), with their vCPU counts when known. */
export class VmNames extends Names {
  readonly vcpuCount = new Map<string, number>();
}

const DIGEST_RE = /^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/;

export function decodeVm(c: Cursor, d: Decoded, names: VmNames): Vm | undefined {
  if (!c.map(VM_KEYS, 'a VM')) {
    names.complete = false;
    return undefined;
  }
  const owner = {};
  const name = c.need('name', 'linux')?.string();
  names.declare(name);
  c.get('description')?.string();
  const criticality = c.need('criticality', 'QM')?.oneOf<Criticality>(CRITICALITIES);
  const os = c.need('os', 'linux')?.string();
  const imgC = c.get('image');
  let imageDigest: string | undefined;
  let imageOk = true;
  if (imgC !== undefined) {
    imageDigest = imgC.string('sha256:…');
    if (imageDigest !== undefined && !DIGEST_RE.test(imageDigest)) {
      imgC.error(
        `the image digest '${imageDigest}' is not a digest`,
        "write 'sha256:' followed by 64 lower-case hex digits (or sha384:/sha512: with 96/128)",
      );
      imageDigest = undefined;
    }
    imageOk = imageDigest !== undefined;
  }

  // vCPUs: position i is vCPU i; each names its pCPU, written `2` or `{pcpu: 2}`.
  const vcpusC = c.need('vcpus', '[2, 3]  # vCPU0 on pCPU2, vCPU1 on pCPU3');
  let vcpus: VcpuConfig[] | undefined;
  if (vcpusC !== undefined) {
    const holder = {};
    vcpus = decodeList(d, holder, vcpusC, 'pCPU ids (vCPU i runs on the i-th)', (item, id) => {
      const pc = item.isMap() ? (item.map(['pcpu'], 'a vCPU') ? item.need('pcpu', '2') : undefined) : item;
      const pcpu = pc?.int(0, 4095);
      return pcpu === undefined ? undefined : d.track({ id, pcpu, at: item.at }, item);
    });
    if (d.isPartial(holder)) vcpus = undefined;
    else if (vcpus.length === 0) {
      vcpusC.error('a VM needs at least one vCPU', 'list the pCPU of each vCPU: vcpus: [2, 3]');
      vcpus = undefined;
    }
  }
  if (name !== undefined && vcpus !== undefined) names.vcpuCount.set(name, vcpus.length);

  const memory = decodeList(d, owner, c.need('memory', '[{name: ram, ipa: 0x4000_0000, size: 256MiB, perms: rwx}]'), 'stage-2 mappings', (item) =>
    decodeMapping(item, d),
  );
  const devices = decodeList(d, owner, c.get('devices'), 'passthrough devices', (item) => decodePassthrough(item, d));
  const irqs = decodeList(d, owner, c.get('irqs'), 'interrupt routes', (item) => decodeIrqRoute(item, d));
  const colorsC = c.get('cache-colors');
  const cacheColors = colorsC === undefined ? [] : colorsC.intList(0, 4095);
  const healthC = c.get('health');
  const health: HealthPolicy | undefined =
    healthC === undefined
      ? { onFault: 'stop', watchdogNs: undefined, recoveryBoundNs: undefined, irqStormPerMs: undefined, at: c.at }
      : decodeHealth(healthC, d);
  const latC = c.get('latency');
  let latency: LatencyRequirements | undefined = { irqNs: undefined, at: undefined };
  if (latC !== undefined) {
    latency = undefined;
    if (latC.map(['irq'], 'latency requirements')) {
      const irqC = latC.get('irq');
      const irqNs = irqC === undefined ? undefined : irqC.duration();
      if (irqC === undefined || irqNs !== undefined) latency = d.track({ irqNs, at: latC.at }, latC);
    }
  }
  const tasks = decodeList(d, owner, c.get('tasks'), 'guest tasks', (item) => decodeTask(item, d));
  const tpC = c.get('task-policy');
  const taskPolicy = tpC === undefined ? 'fixed-priority' : tpC.oneOf(['fixed-priority', 'edf'] as const);

  // Without a name or vCPUs nothing else about the VM can be judged. A broken scalar field
  // (criticality, os, health, ...) must not hide the VM's other mistakes: the VM goes on to
  // the semantic checks with a stand-in value, marked partial, and no Scenario is produced.
  if (name === undefined || vcpus === undefined) return undefined;
  const broken = criticality === undefined || os === undefined || !imageOk || cacheColors === undefined || health === undefined || latency === undefined || taskPolicy === undefined;
  const vm: Vm = {
    name,
    criticality: criticality ?? 'QM',
    os: os ?? '',
    imageDigest,
    vcpus,
    memory,
    devices,
    irqs,
    cacheColors: cacheColors ?? [],
    health: health ?? { onFault: 'stop', watchdogNs: undefined, recoveryBoundNs: undefined, irqStormPerMs: undefined, at: c.at },
    latency: latency ?? { irqNs: undefined, at: undefined },
    tasks,
    taskPolicy: taskPolicy ?? 'fixed-priority',
    at: c.at,
  };
  if (d.isPartial(owner) || broken) d.markPartial(vm);
  return d.track(vm, c);
}

function decodeMapping(c: Cursor, d: Decoded): Stage2Mapping | undefined {
  if (!c.map(['name', 'ipa', 'pa', 'size', 'perms'], 'a stage-2 mapping')) return undefined;
  const name = c.need('name', 'ram')?.string();
  const ipa = c.need('ipa', '0x4000_0000')?.addr();
  const paC = c.get('pa');
  const pa = paC === undefined ? ipa : paC.addr();
  const size = c.need('size', '256MiB')?.size();
  const perms = c.need('perms', 'rw')?.perms();
  if (name === undefined || ipa === undefined || pa === undefined || size === undefined || perms === undefined) return undefined;
  return d.track({ name, ipa, pa, size, perms, at: c.at }, c);
}

function decodePassthrough(c: Cursor, d: Decoded): PassthroughDevice | undefined {
  if (!c.isMap()) {
    const device = c.string('uart0');
    return device === undefined ? undefined : d.track({ device, mmioIpa: undefined, at: c.at }, c);
  }
  if (!c.map(['device', 'mmio-ipa'], 'a passthrough device')) return undefined;
  const device = c.need('device', 'uart0')?.string();
  const ipaC = c.get('mmio-ipa');
  let mmioIpa: bigint[] | undefined;
  let ok = true;
  if (ipaC !== undefined) {
    const items = ipaC.isSeq() ? ipaC.items('IPAs, one per MMIO range') : [ipaC];
    mmioIpa = [];
    for (const it of items) {
      const v = it.addr();
      if (v === undefined) ok = false;
      else mmioIpa.push(v);
    }
  }
  if (device === undefined || !ok) return undefined;
  return d.track({ device, mmioIpa, at: c.at }, c);
}

function decodeIrqRoute(c: Cursor, d: Decoded): IrqRoute | undefined {
  if (!c.isMap()) {
    const spi = c.int(0, 1019);
    return spi === undefined ? undefined : d.track({ spi, vcpu: 0, latencyNs: undefined, at: c.at }, c);
  }
  if (!c.map(['spi', 'vcpu', 'latency'], 'an interrupt route')) return undefined;
  const spi = c.need('spi', '53')?.int(0, 1019);
  const vC = c.get('vcpu');
  const vcpu = vC === undefined ? 0 : vC.int(0, 4095);
  const latC = c.get('latency');
  const latencyNs = latC === undefined ? undefined : latC.duration();
  if (spi === undefined || vcpu === undefined || (latC !== undefined && latencyNs === undefined)) return undefined;
  return d.track({ spi, vcpu, latencyNs, at: c.at }, c);
}

function decodeHealth(c: Cursor, d: Decoded): HealthPolicy | undefined {
  if (!c.map(['on-fault', 'watchdog', 'recovery-bound', 'irq-storm-per-ms'], 'a health policy')) return undefined;
  const ofC = c.get('on-fault');
  const onFault = ofC === undefined ? 'stop' : ofC.oneOf(['restart', 'stop', 'notify'] as const);
  const wC = c.get('watchdog');
  const watchdogNs = wC?.duration();
  const rC = c.get('recovery-bound');
  const recoveryBoundNs = rC?.duration();
  const sC = c.get('irq-storm-per-ms');
  const irqStormPerMs = sC?.int(1);
  if (
    onFault === undefined ||
    (wC !== undefined && watchdogNs === undefined) ||
    (rC !== undefined && recoveryBoundNs === undefined) ||
    (sC !== undefined && irqStormPerMs === undefined)
  ) {
    return undefined;
  }
  return d.track({ onFault, watchdogNs, recoveryBoundNs, irqStormPerMs, at: c.at }, c);
}

function decodeTask(c: Cursor, d: Decoded): GuestTask | undefined {
  if (!c.map(['name', 'wcet', 'period', 'deadline'], 'a guest task')) return undefined;
  const name = c.need('name', 'control-loop')?.string();
  const wcetNs = c.need('wcet', '200us')?.duration();
  const periodNs = c.need('period', '1ms')?.duration();
  const dC = c.get('deadline');
  const deadlineNs = dC === undefined ? periodNs : dC.duration();
  if (name === undefined || wcetNs === undefined || periodNs === undefined || deadlineNs === undefined) return undefined;
  return d.track({ name, wcetNs, periodNs, deadlineNs, at: c.at }, c);
}

// ---------------------------------------------------------------- schedule

const POLICIES = ['bind', 'time-partition', 'fixed-priority'] as const;

export function decodeSchedule(c: Cursor, d: Decoded): PcpuSchedule | undefined {
  if (!c.map(['pcpu', ...POLICIES], 'a pCPU schedule')) return undefined;
  const pcpu = c.need('pcpu', '0')?.int(0, 4095);
  const given = POLICIES.filter((p) => c.has(p));
  if (given.length !== 1) {
    c.error(
      given.length === 0 ? 'a pCPU schedule needs a policy' : `a pCPU schedule has one policy, not ${given.join(' and ')}`,
      "write exactly one of 'bind: linux:0', 'time-partition: {major-frame, windows}', 'fixed-priority: [entries]'",
    );
    return undefined;
  }
  const policy = given[0]!;
  const pc = c.get(policy);
  if (pc === undefined) {
    c.error(`'${policy}' is empty`, policy === 'bind' ? "name the vCPU: 'bind: linux:0'" : 'fill it in');
    return undefined;
  }
  if (policy === 'bind') {
    const vcpu = readVcpuRef(pc);
    if (pcpu === undefined || vcpu === undefined) return undefined;
    return d.track({ kind: 'bind' as const, pcpu, vcpu, at: c.at }, c);
  }
  if (policy === 'time-partition') {
    if (!pc.map(['major-frame', 'windows'], 'a time partition')) return undefined;
    const majorFrameNs = pc.need('major-frame', '10ms')?.duration();
    const holder = {};
    const windows = decodeList(d, holder, pc.need('windows', '[{vcpu: linux:0, start: 0ms, length: 5ms}]'), 'time windows', (w) =>
      decodeWindow(w, d),
    );
    if (pcpu === undefined || majorFrameNs === undefined || d.isPartial(holder) || !pc.has('windows')) return undefined;
    return d.track({ kind: 'time-partition' as const, pcpu, majorFrameNs, windows, at: c.at }, c);
  }
  const holder = {};
  const entries = decodeList(d, holder, pc, 'fixed-priority entries', (e) => decodeEntry(e, d));
  if (pcpu === undefined || d.isPartial(holder)) return undefined;
  return d.track({ kind: 'fixed-priority' as const, pcpu, entries, at: c.at }, c);
}

function decodeWindow(c: Cursor, d: Decoded): TimeWindow | undefined {
  if (!c.map(['vcpu', 'start', 'length'], 'a time window')) return undefined;
  const vcC = c.need('vcpu', 'linux:0');
  const vcpu = vcC === undefined ? undefined : readVcpuRef(vcC);
  const startNs = c.need('start', '0ms')?.duration();
  const lengthNs = c.need('length', '5ms')?.duration();
  if (vcpu === undefined || startNs === undefined || lengthNs === undefined) return undefined;
  return d.track({ vcpu, startNs, lengthNs, at: c.at }, c);
}

function decodeEntry(c: Cursor, d: Decoded): PriorityEntry | undefined {
  if (!c.map(['vcpu', 'priority', 'budget', 'period'], 'a fixed-priority entry')) return undefined;
  const vcC = c.need('vcpu', 'linux:0');
  const vcpu = vcC === undefined ? undefined : readVcpuRef(vcC);
  const priority = c.need('priority', '10')?.int(0, 1_000_000);
  const budgetNs = c.need('budget', '2ms')?.duration();
  const periodNs = c.need('period', '10ms')?.duration();
  if (vcpu === undefined || priority === undefined || budgetNs === undefined || periodNs === undefined) return undefined;
  return d.track({ vcpu, priority, budgetNs, periodNs, at: c.at }, c);
}

// ---------------------------------------------------------------- channels and virtio

const PROTECTIONS = ['crc', 'sequence', 'timeout'] as const;

export function decodeChannel(c: Cursor, d: Decoded, names: Names): Channel | undefined {
  if (!c.map(['name', 'description', 'pa', 'size', 'writer', 'writers', 'endpoints', 'doorbell', 'protection', 'timeout'], 'a channel')) {
    names.complete = false;
    return undefined;
  }
  const name = c.need('name', 'uart0-rx')?.string();
  names.declare(name);
  c.get('description')?.string();
  const pa = c.need('pa', '0x7000_0000')?.addr();
  const size = c.need('size', '64KiB')?.size();
  const writers = decodeWriters(c);
  const holder = {};
  const epC = c.need('endpoints', '[{vm: rtos, perms: rw}, {vm: linux, perms: r}]');
  const endpoints = decodeList(d, holder, epC, 'channel endpoints', (e) => decodeEndpoint(e, d, pa));
  const dbC = c.get('doorbell');
  const doorbell = dbC === undefined ? undefined : decodeDoorbell(dbC, d);
  const prC = c.get('protection');
  let protection: E2eProtection[] | undefined = [];
  if (prC !== undefined) {
    const items = prC.isSeq() ? prC.items('protections') : prC.scalarValue === 'none' ? [] : [prC];
    for (const it of items) {
      const p = it.oneOf(PROTECTIONS);
      if (p === undefined) protection = undefined;
      else protection?.push(p);
    }
  }
  const toC = c.get('timeout');
  const timeoutNs = toC?.duration();
  if (
    name === undefined ||
    pa === undefined ||
    size === undefined ||
    writers === undefined ||
    epC === undefined ||
    d.isPartial(holder) ||
    (dbC !== undefined && doorbell === undefined) ||
    protection === undefined ||
    (toC !== undefined && timeoutNs === undefined)
  ) {
    return undefined;
  }
  // A doorbell without `to` rings every endpoint that reads what another writes: with one
  // writer, its readers; with several, every endpoint, since each writer's co-writers read it.
  const bell =
    doorbell !== undefined && dbC !== undefined && !dbC.has('to')
      ? d.track({ ...doorbell, to: [...new Set(endpoints.filter((e) => writers.some((w) => w !== e.vm)).map((e) => e.vm))] }, dbC)
      : doorbell;
  return d.track({ name, pa, size, writers, endpoints, doorbell: bell, protection, timeoutNs, at: c.at }, c);
}

/**
 * `writers: [a, b]`, or the one-writer shorthand `writer: a`: exactly one of the two keys.
 * Whether each writer is an endpoint (and writable) is the linter's, which sees the endpoints.
 */
function decodeWriters(c: Cursor): string[] | undefined {
  const one = c.get('writer');
  const many = c.get('writers');
  if (one !== undefined && many !== undefined) {
    many.error("a channel names its writers once: 'writer' and 'writers' are both given", "keep 'writers: [a, b]' (or 'writer: a' for a single writer) and remove the other");
    return undefined;
  }
  if (one !== undefined) {
    const w = one.string('rtos');
    return w === undefined ? undefined : [w];
  }
  if (many === undefined) {
    if (c.isMap()) c.error(`'${c.path}' is missing 'writers'`, "add 'writers: [rtos]' (the VMs that may write it; 'writer: rtos' for one)");
    return undefined;
  }
  const items = many.items('VM names');
  if (many.isSeq() && items.length === 0) {
    many.error('a channel needs at least one writer', "name the VMs that write it: 'writers: [rtos, linux]' (a region nobody writes is not a channel)");
    return undefined;
  }
  const out: string[] = [];
  let ok = many.isSeq();
  for (const it of items) {
    const w = it.string('rtos');
    if (w === undefined) ok = false;
    else out.push(w);
  }
  return ok ? out : undefined;
}

function decodeEndpoint(c: Cursor, d: Decoded, pa: bigint | undefined): ChannelEndpoint | undefined {
  if (!c.map(['vm', 'ipa', 'perms'], 'a channel endpoint')) return undefined;
  const vm = c.need('vm', 'linux')?.string();
  const ipaC = c.get('ipa');
  const ipa = ipaC === undefined ? pa : ipaC.addr();
  const perms = c.need('perms', 'r')?.perms();
  if (vm === undefined || ipa === undefined || perms === undefined) return undefined;
  return d.track({ vm, ipa, perms, at: c.at }, c);
}

function decodeDoorbell(c: Cursor, d: Decoded): Doorbell | undefined {
  if (!c.map(['sgi', 'to'], 'a doorbell')) return undefined;
  const sgi = c.need('sgi', '8')?.int(0, 1019);
  const toC = c.get('to');
  let to: string[] | undefined = [];
  if (toC !== undefined) {
    const items = toC.isSeq() ? toC.items('VM names') : [toC];
    for (const it of items) {
      const s = it.string('linux');
      if (s === undefined) to = undefined;
      else to?.push(s);
    }
  }
  if (sgi === undefined || to === undefined) return undefined;
  return d.track({ sgi, to, at: c.at }, c);
}

export function decodeVirtio(c: Cursor, d: Decoded): VirtioDevice | undefined {
  if (!c.map(['name', 'kind', 'frontend', 'backend', 'channel'], 'a virtio device')) return undefined;
  const name = c.need('name', 'vblk0')?.string();
  const kind = c.need('kind', 'blk')?.string();
  const frontend = c.need('frontend', 'infotainment')?.string();
  const backend = c.need('backend', 'service')?.string();
  const channel = c.need('channel', 'vq-blk')?.string();
  if (name === undefined || kind === undefined || frontend === undefined || backend === undefined || channel === undefined) return undefined;
  return d.track({ name, kind, frontend, backend, channel, at: c.at }, c);
}
