// hvsafe simulate: run random or scripted events through the hypervisor model and print
// what happened, step by step.

import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../config/diagnostics.js';
import { describeReadError, readInputFile } from '../config/load.js';
import { boot } from '../hv/boot.js';
import type { Event } from '../hv/events.js';
import { vcpuCpuNs } from '../hv/ledger.js';
import type { Observation } from '../hv/observations.js';
import { step } from '../hv/step.js';
import { describeEvent, describeObservation, flatVcpuName, formatDuration, vmName } from '../sim/describe.js';
import { randomTrace } from '../sim/random.js';
import { eventToScript, parseScript } from '../sim/script.js';
import { CATALOG } from '../../proofs/index.js';
import { replayTrace } from '../explore/replay.js';
import { parseCommand, SEED_HELP, seedOption } from './args.js';
import { outputFileProblem, writeFileWhole } from './output.js';
import { Exit, type Command } from './io.js';
import { loadOrReport } from './scenario-arg.js';

/**
 * Random events are drawn up front and each prints a few lines: a million is minutes of output
 * and about 200 MB of events; beyond it a run is a mistake (1e11 would never end).
 */
export const MAX_EVENTS = 1_000_000;

const USAGE = `usage: hvsafe simulate <scenario> [--events N] [--seed S] [--script FILE] [--check] [--format text|json] [--save FILE]

Boots the scenario in the hypervisor model and runs events through it: random ones (seeded,
so a run repeats exactly) or those of an event script. Prints each event and what the
hypervisor did: where every access landed and whose memory it was, injected interrupts with
their latency, scheduling decisions, faults and health-monitor actions, refusals.

options:
  --events N        number of random events (default 40, at most ${MAX_EVENTS}; ignored with --script)
  --seed S          random seed (default 1); ${SEED_HELP}
  --script FILE     run the events of a YAML event script instead of random ones
  --format F        text (default) or json (one record per step)
  --save FILE       also write the events run as an event script (replayable with --script)
  --check           watch the run with every applicable property's monitor and mark the step
                    where each property first breaks (2-safety properties: with each VM as the
                    attacker); exit 1 if one breaks
  --quiet           print only the summary
  -h, --help        show this help

exit codes: 0 ran (with --check: no property broke), 1 a property broke (--check),
            2 bad input or usage
`;

export const simulateCommand: Command = async (argv, io) => {
  const args = parseCommand('simulate', USAGE, argv, io, {
    events: { type: 'string' },
    seed: { type: 'string' },
    script: { type: 'string' },
    format: { type: 'string' },
    save: { type: 'string' },
    quiet: { type: 'boolean' },
    check: { type: 'boolean' },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  if (positionals.length !== 1) {
    io.err(`hvsafe simulate: expected one scenario file, got ${positionals.length}\n\n${USAGE}`);
    return Exit.Usage;
  }
  const count = values.events === undefined ? 40 : Number(values.events);
  const format = values.format ?? 'text';
  const problems: string[] = [];
  const seed = seedOption(problems, values.seed, 1);
  if (values.events !== undefined && (!/^\s*\d+\s*$/.test(values.events) || !Number.isSafeInteger(count) || count > MAX_EVENTS)) {
    problems.push(`--events must be a whole number from 0 to ${MAX_EVENTS}, not '${values.events}'`);
  }
  if (values.save !== undefined) {
    const why = outputFileProblem(io.cwd, '--save', values.save);
    if (why !== undefined) problems.push(why);
  }
  if (format !== 'text' && format !== 'json') problems.push(`--format must be text or json, not '${format}'`);
  if (problems.length > 0) {
    io.err(problems.map((p) => `hvsafe simulate: ${p}\n`).join('') + `\n${USAGE}`);
    return Exit.Usage;
  }

  const scenario = loadOrReport(positionals[0]!, io);
  if (scenario === undefined) return Exit.Usage;
  let state = boot(scenario);
  const topo = state.topo;

  let events: Event[];
  let source: string;
  if (values.script !== undefined) {
    const file = resolve(io.cwd, values.script);
    let text: string;
    try {
      text = readInputFile(file);
    } catch (e) {
      io.err(`hvsafe simulate: cannot read the event script ${values.script}: ${describeReadError(e)}\n`);
      return Exit.Usage;
    }
    const parsed = parseScript(text, file, topo);
    if (!parsed.ok) {
      for (const d of parsed.diagnostics) io.err(formatDiagnostic(d, io.cwd) + '\n');
      io.err(`${parsed.diagnostics.length} error${parsed.diagnostics.length === 1 ? '' : 's'} in the event script; nothing was run\n`);
      return Exit.Usage;
    }
    events = parsed.value;
    source = `script ${values.script}`;
  } else {
    events = randomTrace(topo, seed, count);
    source = `${count} random events, seed ${seed}`;
  }

  // --check: where each property first breaks, from its own monitor (replayed from boot).
  const breaks = new Map<number, { property: string; message: string }[]>();
  if (values.check) {
    for (const p of CATALOG) {
      if (!p.applies(scenario).applies) continue;
      const attackers = p.monitor !== undefined ? [0] : p.relational !== undefined ? scenario.vms.map((_, v) => v) : [];
      for (const a of attackers) {
        const t = replayTrace(scenario, events, p, a);
        if (t.violationAt < 0) continue;
        const list = breaks.get(t.violationAt) ?? [];
        list.push({ property: p.id, message: `${p.monitor === undefined ? `(attacker ${vmName(topo, a)}) ` : ''}${t.findings.map((f) => f.message).join('; ')}` });
        breaks.set(t.violationAt, list);
        break;
      }
    }
  }
  const counts = new Map<string, number>();
  const tally = (o: Observation): void => {
    const k = o.kind === 'rejected' ? `refused (${o.reason})` : o.kind;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  if (format === 'text') io.out(`hvsafe simulate: ${scenario.name} — ${source}\n\n`);
  events.forEach((e, i) => {
    const before = state.now;
    const r = step(state, e);
    state = r.state;
    r.observations.forEach(tally);
    if (values.quiet) return;
    const broke = breaks.get(i) ?? [];
    if (format === 'json') {
      io.out(JSON.stringify({ step: i + 1, at: before, event: eventToScript(topo, e), observations: r.observations.map((o) => describeObservation(topo, o)), ...(values.check ? { breaks: broke } : {}) }) + '\n');
      return;
    }
    io.out(`${String(i + 1).padStart(4)}  ${formatDuration(before).padStart(9)}  ${describeEvent(topo, e)}\n`);
    for (const o of r.observations) io.out(`${' '.repeat(17)}↳ ${describeObservation(topo, o)}\n`);
    for (const b of broke) io.out(`${' '.repeat(17)}✗ ${b.property} first breaks here: ${b.message}\n`);
  });

  if (format === 'text') {
    io.out(`\nafter ${events.length} events, at ${formatDuration(state.now)}:\n`);
    scenario.vms.forEach((vm, v) => {
      const s = state.vms[v]!;
      const base = topo.vcpuBase[v]!;
      const cpu = vm.vcpus.map((_, i) => `${flatVcpuName(topo, base + i)} ${formatDuration(vcpuCpuNs(state, base + i))}`).join(', ');
      io.out(`  ${vmName(topo, v).padEnd(16)} ${s.status.padEnd(8)} generation ${s.generation}, CPU time: ${cpu}\n`);
    });
    io.out(`  pages written: ${state.memory.size}\n`);
    io.out(`  what the hypervisor did: ${[...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ')}\n`);
  }

  const broken = [...breaks].sort((a, b) => a[0] - b[0]).flatMap(([i, l]) => l.map((b) => ({ step: i + 1, ...b })));
  if (values.check && format === 'text') {
    io.out(broken.length === 0 ? '  --check: no property broke on this run\n' : `  --check: ${broken.length} propert${broken.length === 1 ? 'y' : 'ies'} broke: ${broken.map((b) => `${b.property} at step ${b.step}`).join(', ')}\n`);
  }
  if (values.save !== undefined) {
    const body = `# hvsafe event script: ${scenario.name}, ${source}\n` + stringify({ events: events.map((e) => eventToScript(topo, e)) }, { flowCollectionPadding: false });
    try {
      writeFileWhole(resolve(io.cwd, values.save), body);
    } catch (e) {
      io.err(`hvsafe simulate: cannot write ${values.save}: ${(e as Error).message}\n`);
      return Exit.Usage;
    }
  }
  return broken.length > 0 ? Exit.Violated : Exit.Holds;
};
