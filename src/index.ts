// The hvsafe library: load a scenario, boot the hypervisor model, step it.

export { loadScenario, parseScenario } from './config/load.js';
export type { Scenario, Soc, Vm, Device, Channel, PcpuSchedule, SourceRef, Criticality } from './config/types.js';
export type { Diagnostic, Loaded } from './config/diagnostics.js';
export { formatDiagnostic } from './config/diagnostics.js';
export * from './hv/index.js';
export { describeEvent, describeObservation } from './sim/describe.js';
export { parseScript, eventToScript } from './sim/script.js';
export { randomTrace } from './sim/random.js';
