// Bounded-latency analyses: supply bound functions, guest schedulability (fixed priority,
// EDF), minimal budgets, interrupt latency bounds from a scenario.

export * from './arith.js';
export * from './supply.js';
export * from './task.js';
export * from './demand.js';
export * from './busy.js';
export * from './fp.js';
export * from './edf.js';
export * from './analyze.js';
export * from './budget.js';
export * from './server.js';
export * from './irq-latency.js';
export * from './partition.js';
export * from './taskfile.js';
export * from './plot.js';
