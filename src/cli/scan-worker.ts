// A worker thread of the scan pool (pool.ts): loads the grammars once, then scans each file it is sent with the
// same code as a one-worker scan (group-scan.ts) and posts the file's report entries back.
import { parentPort } from 'node:worker_threads';
import { setBudgetClock } from '../core/budget';
import { initCore } from '../node/grammar';
import { groupScanner, type FileResult } from './group-scan';
import type { FromWorker, ToWorker } from './pool';

const port = parentPort;
if (port) {
  // As in the CLI's own thread (main.ts): the per-file budget counts CPU time, not a busy machine's wall clock. It is
  // the process's CPU time (all threads: Node 20 has no per-thread figure), so with N workers a file gets about 1/N of
  // the budget in its own CPU time, still far above what a real file takes.
  setBudgetClock(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }, { lazy: true });
  const scanners = new Map<number, (rel: string) => FileResult>();
  const ready = initCore().then(() => port.postMessage({ kind: 'ready' } satisfies FromWorker));
  let chain: Promise<void> = ready;
  port.on('message', (m: ToWorker) => {
    chain = chain.then(() => {
      if (m.kind === 'group') {
        scanners.set(m.id, groupScanner(m.spec));
        return;
      }
      const result = scanners.get(m.group)!(m.file);
      try {
        port.postMessage({ kind: 'result', index: m.index, result } satisfies FromWorker);
      } catch (e) {
        // Never expected (results are plain data): say so for this file rather than stopping the worker.
        const error = { file: m.file, message: `internal error: the result could not be sent from the worker: ${(e as Error).message}` };
        port.postMessage({ kind: 'result', index: m.index, result: { scan: { file: m.file, counted: true, errors: [error], suppressed: 0, jobs: [], findings: [] } } } satisfies FromWorker);
      }
    });
  });
}
