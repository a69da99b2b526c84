// Whole-process figures: the parse floor (floor.ts) and `wattlint scan` with one worker and with the pool, each its
// own Node process timed from spawn to exit, with its peak RSS. Runs are interleaved (floor, 1 worker, N workers,
// then again) so that load from other work on a shared machine falls on all three alike; medians of the runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { poolSize } from '../src/cli/pool';

const outDir = join(__dirname, '..');
const cli = join(outDir, 'src', 'cli', 'main.js');
const floorJs = join(__dirname, 'floor.js');
const peakJs = join(__dirname, 'peak.js');

export interface ProcessRun {
  ms: number;
  rssMB: number;
  /** CPU time of the process, user + system, all its threads (ms). */
  cpuMs: number;
  stdout: string;
}

/** Runs `node script args` in `cwd`; throws if it fails. */
export function runNode(script: string, args: string[], cwd: string): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'wattlint-peak-'));
  const peakFile = join(dir, 'peak');
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-r', peakJs, script, ...args], {
      cwd,
      env: { ...process.env, WATTLINT_PEAK_FILE: peakFile },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const ms = performance.now() - t0;
    if (r.error) throw r.error;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${script} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const [rss, cpuUs] = readFileSync(peakFile, 'utf8').split(' ').map(Number);
    return { ms, rssMB: rss / 1024, cpuMs: cpuUs / 1000, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Medians of the runs' wall and CPU times, the largest peak RSS. */
export interface Summary {
  ms: number;
  cpuMs: number;
  rssMB: number;
}

export interface WholeFigures {
  files: number;
  bytes: number;
  /** The worker count `--jobs auto` picks for these files on this machine. */
  jobs: number;
  floor: Summary;
  one: Summary;
  pooled: Summary;
  /** Every pooled run's output was byte-identical to every one-worker run's. */
  identical: boolean;
  runs: { floor: number[]; one: number[]; pooled: number[] };
  /** The 1-minute load average before the first run and after the last. */
  load: [number, number];
}

export function wholeScan(dir: string, reps = 3): WholeFigures {
  const floor: ProcessRun[] = [];
  const one: ProcessRun[] = [];
  const pooled: ProcessRun[] = [];
  const load0 = loadavg()[0];
  for (let i = 0; i < reps; i++) {
    for (const [name, runs, script, args] of [
      ['floor', floor, floorJs, ['.']],
      ['--jobs 1', one, cli, ['scan', '.', '--format', 'json', '--jobs', '1']],
      ['--jobs auto', pooled, cli, ['scan', '.', '--format', 'json', '--jobs', 'auto']],
    ] as const) {
      const r = runNode(script, [...args], dir);
      runs.push(r);
      // as it goes (a run of the corpus takes a minute or more of CPU): wall, CPU, peak RSS and the load average
      console.error(`   run ${i + 1} ${name}: ${(r.ms / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU, ${r.rssMB.toFixed(0)} MB, load ${loadavg()[0].toFixed(2)}`);
    }
  }
  const sizes = JSON.parse(floor[0].stdout) as { files: number; bytes: number };
  const reference = one[0].stdout;
  const sum = (rs: ProcessRun[]): Summary => ({ ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)), rssMB: Math.max(...rs.map((r) => r.rssMB)) });
  return {
    ...sizes,
    jobs: poolSize('auto', sizes.files),
    floor: sum(floor),
    one: sum(one),
    pooled: sum(pooled),
    identical: [...one, ...pooled].every((r) => r.stdout === reference),
    runs: { floor: floor.map((r) => r.ms), one: one.map((r) => r.ms), pooled: pooled.map((r) => r.ms) },
    load: [load0, loadavg()[0]],
  };
}
