// Scans files on a pool of worker threads (scan-worker.ts), or in this thread for one job. Files are independent:
// each worker reads and analyses the files it is handed, a few at a time, and sends back each file's report
// entries; they are put back in the files' own order, so the report is the same byte for byte whatever the number of
// workers and whichever worker finished first.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { languageOf } from '../core/parse/document';
import { initCore } from '../node/grammar';
import { groupScanner, type FileResult, type GroupSpec } from './group-scan';

export interface ScanTask {
  /** Index into the group specs. */
  group: number;
  /** Root-relative path. */
  file: string;
}

/** Fewer files than this are scanned in the CLI's own thread (a worker costs its start-up: modules and grammars). */
export const MIN_FILES_FOR_WORKERS = 48;
/** `--jobs auto`: one worker per this many files at most. */
export const FILES_PER_WORKER = 48;
/** `--jobs auto` never starts more workers than this (each holds its own heap and wasm memory). */
export const MAX_AUTO_JOBS = 4;
/**
 * Each worker's V8 heap limits, MB. They bound a scan's memory (V8 collects garbage late when it may grow); a file
 * whose analysis needs more is analysed again in the CLI's own thread, which has Node's default limits.
 * A worker's heap holds 60-85 MB that live for the whole scan (the TypeScript parser's code and source, the
 * grammars' bindings, the reader's text cache, the cached modules of one-hop imports): at 96 MB V8 ran a full
 * mark-compact every few files (267 in a one-worker scan of ../shared/corpus, about a quarter of the worker's CPU
 * profile); at 160 MB, 63, and the scan's CPU time fell by about a third. The 10,000-file tree's peak RSS did not
 * change (215 MB at 96, 212 MB at 160): its files are small, so the heap never grows to the limit.
 */
export const WORKER_OLD_SPACE_MB = Number(process.env.WL_OLD ?? 160);
/**
 * The young generation, shared out: 48 MB over the pool, at least 12 MB a worker (1 worker: 48, 2: 24, 4: 12). A scan
 * allocates each file's syntax tree and drops it; a larger young generation lets more of that die there instead of
 * being copied into the old one (the corpus scan's CPU time fell by about a fifth from 12 to 48 MB with one worker),
 * while four workers keep the 12 MB that holds the 10,000-file tree under 300 MB.
 */
export function workerYoungSpaceMb(workers: number): number {
  if (process.env.WL_YOUNG) return Number(process.env.WL_YOUNG);
  return Math.max(12, Math.floor(48 / Math.max(1, workers)));
}

/**
 * How many worker threads a scan of `files` files uses (0: none, the files are scanned in this thread). `auto`
 * sizes the pool from the CPUs and the number of files; a number is taken as given (at most one per file).
 */
export function poolSize(jobs: number | 'auto', files: number): number {
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  if (jobs === 'auto') return Math.max(1, Math.min(availableParallelism(), MAX_AUTO_JOBS, Math.ceil(files / FILES_PER_WORKER)));
  return Math.min(jobs, files);
}

// Messages between the pool and its workers.
export type ToWorker = { kind: 'group'; id: number; spec: GroupSpec } | { kind: 'file'; index: number; group: number; file: string };
export type FromWorker = { kind: 'ready' } | { kind: 'result'; index: number; result: FileResult };

/** Files handed to a worker ahead of its results, so it never waits for the next one. */
const WINDOW = 3;

/** Scans every task, on `workers` worker threads (0: in this thread); results in the tasks' order. */
export async function scanTasks(specs: readonly GroupSpec[], tasks: readonly ScanTask[], workers: number): Promise<FileResult[]> {
  if (workers < 1 || tasks.length === 0) return scanHere(specs, tasks);
  return new Pool(specs, tasks, workers).run();
}

async function scanHere(specs: readonly GroupSpec[], tasks: readonly ScanTask[]): Promise<FileResult[]> {
  await initCore();
  return scanInThread(specs, tasks);
}

/** Scans every task in this thread (the grammars must be loaded: initCore). */
export function scanInThread(specs: readonly GroupSpec[], tasks: readonly ScanTask[]): FileResult[] {
  const scanners = new Map<number, (rel: string) => FileResult>();
  return tasks.map((t) => {
    let s = scanners.get(t.group);
    if (!s) {
      s = groupScanner(specs[t.group]);
      scanners.set(t.group, s);
    }
    return s(t.file);
  });
}

interface Slot {
  worker: Worker;
  /** Task indices sent and not yet answered, in the order sent (a worker answers in that order). */
  inflight: number[];
  groups: Set<number>;
  dead: boolean;
  /** It has started (loaded its grammars). */
  answered: boolean;
  /** It takes its files from the back of the queue (see `feed`). */
  fromBack: boolean;
}

class Pool {
  private readonly results: (FileResult | undefined)[];
  private readonly queue: number[];
  /** JS/TS files, handed out once the queue is empty (see the constructor). */
  private readonly later: number[] = [];
  private readonly slots: Slot[] = [];
  private done = 0;
  private startFailures = 0;
  /** Tasks to analyse in this thread once the workers are done (their worker ran out of memory on them). */
  private readonly here: number[] = [];
  private finish!: (r: FileResult[]) => void;
  private fail!: (e: Error) => void;

  constructor(
    private readonly specs: readonly GroupSpec[],
    private readonly tasks: readonly ScanTask[],
    private readonly size: number,
  ) {
    this.results = new Array<FileResult | undefined>(tasks.length);
    // JS/TS files are handed out after every other file: the first one a worker meets loads the TypeScript compiler
    // into it (its code and data then live on that worker's heap to the end); a repository of Python holds a few of
    // them, met anywhere in the walk's order. Last, they no longer raise the heap under the rest of the scan: the
    // pooled scan of ../shared/corpus/ (2 JS/TS files of 6,156) peaked at 367-403 MB instead of 485-498 MB
    // (docs/bench.md). Results go back by index, so the report does not change.
    this.queue = [];
    tasks.forEach((t, i) => (languageOf(t.file) === 'jsts' ? this.later : this.queue).push(i));
  }

  run(): Promise<FileResult[]> {
    return new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
      try {
        for (let i = 0; i < this.size; i++) this.spawn();
      } catch (e) {
        reject(e as Error);
      }
    });
  }

  private spawn(): void {
    const worker = new Worker(join(__dirname, 'scan-worker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB, maxYoungGenerationSizeMb: workerYoungSpaceMb(this.size) },
    });
    const slot: Slot = { worker, inflight: [], groups: new Set(), dead: false, answered: false, fromBack: this.slots.length % 2 === 1 };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => this.onResult(slot, m));
    worker.on('error', (e: unknown) => this.onDeath(slot, String((e as Error | undefined)?.message ?? e), (e as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'));
    worker.on('exit', (code) => this.onDeath(slot, `exit code ${code}`));
    this.feed(slot);
  }

  /**
   * Hands the worker files up to its window. Every other worker takes them from the back of the queue: two workers
   * then each go through a contiguous run of the walk's order (the same packages), so a module that files of one
   * folder import is parsed by one worker, not by both (each worker keeps its own cache of imported modules, folder
   * listings and texts). Results go back by index, so the report does not depend on who scanned what.
   */
  private feed(slot: Slot): void {
    while (!slot.dead && slot.inflight.length < WINDOW && (this.queue.length > 0 || this.later.length > 0)) {
      const index = this.queue.length === 0 ? this.later.shift()! : slot.fromBack ? this.queue.pop()! : this.queue.shift()!;
      const t = this.tasks[index];
      if (!slot.groups.has(t.group)) {
        slot.groups.add(t.group);
        slot.worker.postMessage({ kind: 'group', id: t.group, spec: this.specs[t.group] } satisfies ToWorker);
      }
      slot.inflight.push(index);
      slot.worker.postMessage({ kind: 'file', index, group: t.group, file: t.file } satisfies ToWorker);
    }
  }

  private onResult(slot: Slot, m: FromWorker): void {
    slot.answered = true;
    if (m.kind === 'ready') return;
    const at = slot.inflight.indexOf(m.index);
    if (at >= 0) slot.inflight.splice(at, 1);
    if (this.results[m.index] === undefined) {
      this.results[m.index] = m.result;
      this.done++;
    }
    if (this.settled()) this.close();
    else this.feed(slot);
  }

  /**
   * A worker that stops mid-scan: the file it was analysing is analysed again in this thread when the worker ran out
   * of memory, else it gets an error (a crash in the parser); the rest go to the other workers.
   */
  private onDeath(slot: Slot, why: string, outOfMemory = false): void {
    if (slot.dead) return;
    slot.dead = true;
    if (this.done === this.tasks.length) return;
    const [culprit, ...rest] = slot.inflight;
    slot.inflight = [];
    if (!slot.answered && ++this.startFailures >= 2) {
      // Workers do not start here (no worker script next to this one, threads unavailable): scan the rest in this thread.
      this.queue.unshift(...(culprit !== undefined ? [culprit] : []), ...rest);
      return this.fallBack();
    }
    if (culprit !== undefined && outOfMemory) this.here.push(culprit);
    else if (culprit !== undefined && this.results[culprit] === undefined) {
      const file = this.tasks[culprit].file;
      this.results[culprit] = {
        scan: { file, counted: true, errors: [{ file, message: `internal error: the scan worker stopped while analysing this file (${why})` }], suppressed: 0, jobs: [], findings: [] },
      };
      this.done++;
    }
    this.queue.unshift(...rest);
    if (this.settled()) return this.close();
    try {
      this.spawn(); // each death settles one file, so this ends
    } catch (e) {
      this.close();
      this.fail(e as Error);
    }
  }

  /** Every task has a result or waits to be analysed in this thread. */
  private settled(): boolean {
    return this.done + this.here.length === this.tasks.length;
  }

  private fallBack(): void {
    const left = [...this.here.splice(0), ...this.queue.splice(0), ...this.later.splice(0)];
    for (const s of this.slots) left.push(...s.inflight.splice(0));
    this.close();
    scanHere(
      this.specs,
      left.map((i) => this.tasks[i]),
    ).then((rs) => {
      rs.forEach((r, k) => {
        if (this.results[left[k]] === undefined) {
          this.results[left[k]] = r;
          this.done++;
        }
      });
      this.close();
    }, this.fail);
  }

  private close(): void {
    for (const s of this.slots) {
      s.dead = true;
      void s.worker.terminate();
    }
    if (this.here.length > 0) this.fallBack();
    else if (this.done === this.tasks.length) this.finish(this.results as FileResult[]);
  }
}
