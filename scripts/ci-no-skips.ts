// .ci/run's last step: fail when vitest's JSON report shows any test that did not run.
//   vite-node scripts/ci-no-skips.ts test-output/vitest.json

import { noSkips } from '../test/support/skipped.js';

process.exitCode = noSkips(process.argv[2], { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) });
