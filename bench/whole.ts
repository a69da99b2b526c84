// Whole-process figures: the parse floor (floor.ts) and `wattlint scan` with one worker and with the pool, each its
// own Node process timed from spawn to exit, with its peak RSS. Runs are interleaved (floor, 1 worker, N workers,
// then again) so that load from other work on a shared machine falls on all three alike; medians of the runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poolSize } from '../src/cli/pool';

const outDir = join(__dirname, '..');
const cli = join(outDir, 'src', 'cli', 'main.js');
const floorJs = join(__dirname, 'floor.js');
const peakJs = join(__dirname, 'peak.js');

export interface ProcessRun {
  ms: number;
  rssMB: number;
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
    return { ms, rssMB: Number(readFileSync(peakFile, 'utf8')) / 1024, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface WholeFigures {
  files: number;
  bytes: number;
  /** The worker count `--jobs auto` picks for these files on this machine. */
  jobs: number;
  floor: { ms: number; rssMB: number };
  one: { ms: number; rssMB: number };
  pooled: { ms: number; rssMB: number };
  /** Every pooled run's output was byte-identical to every one-worker run's. */
  identical: boolean;
  runs: { floor: number[]; one: number[]; pooled: number[] };
}

export function wholeScan(dir: string, reps = 3): WholeFigures {
  const floor: ProcessRun[] = [];
  const one: ProcessRun[] = [];
  const pooled: ProcessRun[] = [];
  for (let i = 0; i < reps; i++) {
    floor.push(runNode(floorJs, ['.'], dir));
    one.push(runNode(cli, ['scan', '.', '--format', 'json', '--jobs', '1'], dir));
    pooled.push(runNode(cli, ['scan', '.', '--format', 'json', '--jobs', 'auto'], dir));
  }
  const sizes = JSON.parse(floor[0].stdout) as { files: number; bytes: number };
  const reference = one[0].stdout;
  const sum = (rs: ProcessRun[]) => ({ ms: median(rs.map((r) => r.ms)), rssMB: Math.max(...rs.map((r) => r.rssMB)) });
  return {
    ...sizes,
    jobs: poolSize('auto', sizes.files),
    floor: sum(floor),
    one: sum(one),
    pooled: sum(pooled),
    identical: [...one, ...pooled].every((r) => r.stdout === reference),
    runs: { floor: floor.map((r) => r.ms), one: one.map((r) => r.ms), pooled: pooled.map((r) => r.ms) },
  };
}
