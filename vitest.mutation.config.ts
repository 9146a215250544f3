// The vitest configuration `npm run mutation` (StrykerJS) runs for each mutant of src/hv: only
// the tests that exercise the concrete hypervisor model, and none that needs a system binary
// (native z3, chromium, cpp) or z3-solver. Left out, and why:
//   test/smt-transitions/**, test/proofs/**, test/smt/**: they exercise the SMT twins through
//     z3-solver (minutes per run); the *.smt.ts files are not mutated (see stryker.config.json).
//   test/pbt/models.test.ts, test/pbt/check-cli.test.ts: the shipped models end to end through
//     the check command (8 s a run); test/pbt/mutants.test.ts drives the same engine on src/hv.
//   test/cli/**, test/explore/**, test/safety-case/**, test/evidence/**, test/import/**,
//   test/config/**, test/check/{sarif,not-checked,shard}: reports, pages, browsers, importers,
//     evidence files; they do not test src/hv logic.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/hv/**/*.test.ts',
      'test/pbt/mutants.test.ts',
      'test/pbt/scenario-arb.test.ts',
      'test/check/reach.test.ts',
      'test/check/reassign-reach.test.ts',
      'test/check/transition-level.test.ts',
      'test/timing/irq-latency.test.ts',
      'test/timing/latency-soundness.property.test.ts',
      'test/timing/latency-tightness.test.ts',
      'test/timing/witness-replay.property.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
