// The property catalog: the single source for `hvsafe check`, SARIF rules and the safety case.
// Adding a property is adding one module and one line here. IDs are stable.

import type { Property } from './property.js';
import { isolationMemory } from './isolation-memory.js';
import { isolationHypervisor } from './isolation-hypervisor.js';
import { isolationMmio } from './isolation-mmio.js';
import { isolationIrq } from './isolation-irq.js';
import { isolationDma } from './isolation-dma.js';
import { communicationChannels } from './communication-channels.js';
import { timingCpuExclusive } from './timing-cpu-exclusive.js';
import { timingBudget } from './timing-budget.js';
import { timingCachePartition } from './timing-cache-partition.js';
import { timingIrqLatency } from './timing-irq-latency.js';
import { timingSchedulability } from './timing-schedulability.js';
import { containmentFault } from './containment-fault.js';
import { containmentScrub } from './containment-scrub.js';
import { containmentRecovery } from './containment-recovery.js';
import { securityHypercallReach } from './security-hypercall-reach.js';

export const CATALOG: readonly Property[] = [
  isolationMemory,
  isolationHypervisor,
  isolationMmio,
  isolationIrq,
  isolationDma,
  communicationChannels,
  timingCpuExclusive,
  timingBudget,
  timingCachePartition,
  timingIrqLatency,
  timingSchedulability,
  containmentFault,
  containmentScrub,
  containmentRecovery,
  securityHypercallReach,
];

export function propertyById(id: string): Property | undefined {
  return CATALOG.find((p) => p.id === id);
}

export type { Property, Finding, Applicability, TraceMonitor, Relational, FaultClass, Aspect, SmtObligation, Measure } from './property.js';
