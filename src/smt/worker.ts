// A worker thread with its own Z3 instance: z3-solver serializes `check` within one instance,
// so parallel queries need one per thread. Messages: { n, query, timeoutMs } in, { n, answer } out.

import { parentPort } from 'node:worker_threads';
import type { Query } from './query.js';
import { openSolver } from './solve.js';

interface Job {
  readonly n: number;
  readonly query: Query;
  readonly timeoutMs: number;
}

const port = parentPort;
if (port !== null) {
  const session = openSolver();
  session.then(
    (s) => port.postMessage({ ready: s.solver }),
    (e: unknown) => port.postMessage({ failed: e instanceof Error ? e.message : String(e) }),
  );
  port.on('message', (msg: Job | { close: true }) => {
    if ('close' in msg) {
      void session.then((s) => {
        s.close();
        port.close();
      });
      return;
    }
    void session.then(async (s) => port.postMessage({ n: msg.n, answer: await s.solve(msg.query, msg.timeoutMs) }));
  });
}
