// Compares a CSV from bench/gpu/energy_bench.py with the engine: measured ratios (bf16 ÷ fp32 training energy per
// token, batch 64 ÷ batch 1 and bf16 ÷ fp32 decode energy per token) against the ratios the engine predicts for the
// same GPU and model shape. Run: node out/bench/gpu/compare.js bench/gpu/results-<gpu>.csv
import * as fs from 'fs';
import { matchHardware } from '../../src/core/data/lookup';
import type { Accelerator } from '../../src/core/data/schema';
import { inferencePoint } from '../../src/core/engine/inference';
import { fixed } from '../../src/core/engine/range';
import { estimateTraining } from '../../src/core/engine/training';
import { parseCsv } from '../accuracy/csv';

export interface BenchRow {
  gpu_name: string;
  phase: 'train' | 'decode';
  precision: 'fp32' | 'bf16';
  batch: number;
  seq_len: number;
  steps: number;
  tokens: number;
  params: number;
  layers: number;
  hidden: number;
  energy_per_token_j: number;
}

export function readBench(text: string): BenchRow[] {
  return parseCsv(text).map((r) => ({
    gpu_name: r.gpu_name,
    phase: r.phase as BenchRow['phase'],
    precision: r.precision as BenchRow['precision'],
    batch: Number(r.batch),
    seq_len: Number(r.seq_len),
    steps: Number(r.steps),
    tokens: Number(r.tokens),
    params: Number(r.params),
    layers: Number(r.layers),
    hidden: Number(r.hidden),
    energy_per_token_j: r.energy_per_token_j === '' ? NaN : Number(r.energy_per_token_j),
  }));
}

/** The engine's accelerator energy per token for one bench row. */
export function predictedPerToken(row: BenchRow, spec: Accelerator): number {
  if (row.phase === 'train') {
    const t = estimateTraining({
      params: row.params,
      tokens: row.tokens,
      spec,
      devices: 1,
      precision: row.precision,
      pue: fixed(1),
      intensity: fixed(0),
      tokensPerMicroStep: row.batch * row.seq_len,
    })!;
    return (t.acceleratorEnergyKWh.mid * 3.6e6) / row.tokens;
  }
  const heads = Math.max(1, row.hidden / 128);
  const p = inferencePoint({
    params: row.params,
    model: { layers: row.layers, hiddenSize: row.hidden, heads, kvHeads: heads, headDim: 128 },
    spec,
    devices: 1,
    precision: row.precision,
    batch: row.batch,
    inputTokens: row.seq_len,
    outputTokens: row.steps,
  })!;
  return p.energyPerTokenJ;
}

export interface RatioCheck {
  ratio: string;
  measured: number;
  predicted: number;
}

export function compareBench(rows: BenchRow[], hardware?: string): RatioCheck[] {
  const spec = matchHardware(hardware ?? rows[0]?.gpu_name ?? '')?.spec ?? matchHardware('H100 SXM')!.spec;
  const find = (phase: string, precision: string, batch?: number) =>
    rows.find((r) => r.phase === phase && r.precision === precision && (batch === undefined || r.batch === batch));
  const pairs: [string, BenchRow | undefined, BenchRow | undefined][] = [
    ['train bf16 ÷ fp32 (J/token)', find('train', 'bf16'), find('train', 'fp32')],
    ['decode bf16: batch 64 ÷ batch 1 (J/token)', find('decode', 'bf16', 64), find('decode', 'bf16', 1)],
    ['decode bf16: batch 8 ÷ batch 1 (J/token)', find('decode', 'bf16', 8), find('decode', 'bf16', 1)],
    ['decode batch 1: bf16 ÷ fp32 (J/token)', find('decode', 'bf16', 1), find('decode', 'fp32', 1)],
    ['decode batch 64: bf16 ÷ fp32 (J/token)', find('decode', 'bf16', 64), find('decode', 'fp32', 64)],
  ];
  return pairs
    .filter(([, a, b]) => a && b)
    .map(([ratio, a, b]) => ({
      ratio,
      measured: a!.energy_per_token_j / b!.energy_per_token_j,
      predicted: predictedPerToken(a!, spec) / predictedPerToken(b!, spec),
    }));
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node out/bench/gpu/compare.js RESULTS.csv [HARDWARE]');
    process.exit(2);
  }
  const checks = compareBench(readBench(fs.readFileSync(file, 'utf8')), process.argv[3]);
  console.log('| ratio | measured | engine |\n|---|---:|---:|');
  for (const c of checks) console.log(`| ${c.ratio} | ${Number.isNaN(c.measured) ? 'n/a' : c.measured.toFixed(3)} | ${c.predicted.toFixed(3)} |`);
}
