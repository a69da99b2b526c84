// Device-hours accuracy on the training rows of published_footprints.csv, by leave-one-run-out cross-validation:
// each run is predicted with MFU priors calibrated on the other runs only.
import { matchHardware } from '../../src/core/data/lookup';
import type { Accelerator } from '../../src/core/data/schema';
import { bandwidthRatio, mfuPrior, peakFor } from '../../src/core/engine/hardware';
import { MFU_LARGE_MODEL, MFU_SMALL_MODEL, type MfuTable } from '../../src/core/engine/priors';
import { fixed } from '../../src/core/engine/range';
import { estimateTraining } from '../../src/core/engine/training';
import { leadingNumber, median, parseCsv, readDataFile } from './csv';

export interface TrainingRow {
  name: string;
  /** Rows describing the same run share a run id (BLOOM appears twice). */
  run: string;
  params: number;
  tokens: number;
  spec: Accelerator;
  devices: number;
  deviceHours: number;
  /** False where the published hours include more than the final run (never calibrated on; still predicted). */
  calibrate: boolean;
  source: string;
}

/** Rows excluded from validation entirely, with why. */
export const EXCLUDED: Record<string, string> = {
  'Llama 3.3 70B': 'model card tCO2 almost certainly a typo (shared/data/README.md); hours identical to Llama 3.1 70B',
};
/** Rows predicted but not calibrated on. */
export const NOT_CALIBRATED: Record<string, string> = {
  'Llama 3 8B': "Meta's Llama 3 GPU-hours include more than the final pre-training run (implied MFU 0.155 vs ≈0.4 reported for the runs)",
};

export function trainingRows(): TrainingRow[] {
  const rows: TrainingRow[] = [];
  for (const r of parseCsv(readDataFile('published_footprints.csv'))) {
    if (r.phase !== 'training' || EXCLUDED[r.name]) continue;
    const params = Number(r.params_billion) * 1e9;
    const tokens = Number(r.tokens_billion) * 1e9;
    const deviceHours = leadingNumber(r.accelerator_hours);
    if (!(params > 0 && tokens > 0 && deviceHours > 0)) continue;
    const hw = matchHardware(r.hardware);
    if (!hw) throw new Error(`unknown hardware ${r.hardware}`);
    const devices = leadingNumber(r.num_accelerators);
    rows.push({
      name: r.name,
      run: r.name.replace(/\s*\(.*$/, ''),
      params,
      tokens,
      spec: hw.spec,
      devices: devices > 0 ? devices : 1024,
      deviceHours,
      calibrate: !NOT_CALIBRATED[r.name],
      source: r.source,
    });
  }
  return rows;
}

function sizeFactor(n: number): number {
  if (n < MFU_SMALL_MODEL.belowParams) return Math.pow(n / MFU_SMALL_MODEL.belowParams, MFU_SMALL_MODEL.exponent);
  if (n > MFU_LARGE_MODEL.aboveParams) return Math.pow(MFU_LARGE_MODEL.aboveParams / n, MFU_LARGE_MODEL.exponent);
  return 1;
}

/** The MFU a row's published hours imply (6·N·D over hours × dense bf16/fp16 peak). */
export function impliedMfu(row: TrainingRow): number {
  const peak = peakFor(row.spec, 'bf16')!;
  return (6 * row.params * row.tokens) / (row.deviceHours * 3600 * peak.tflops * 1e12);
}

/** Per-generation MFU bases: geometric mean of implied MFU / size factor over the calibration rows. */
export function calibrateMfu(rows: TrainingRow[]): MfuTable {
  const byGen = new Map<string, { logs: number[]; ratio: number }>();
  for (const r of rows.filter((x) => x.calibrate)) {
    const entry = byGen.get(r.spec.generation) ?? { logs: [], ratio: bandwidthRatio(r.spec) };
    entry.logs.push(Math.log(impliedMfu(r) / sizeFactor(r.params)));
    byGen.set(r.spec.generation, entry);
  }
  const table: MfuTable = {};
  for (const [gen, e] of byGen) table[gen] = { mfu: Math.exp(e.logs.reduce((a, b) => a + b, 0) / e.logs.length), bandwidthRatio: e.ratio };
  return table;
}

export interface TrainingResult {
  row: TrainingRow;
  predicted: { low: number; mid: number; high: number };
  error: number;
  covered: boolean;
  mfu: number;
}

export function predictRow(row: TrainingRow, table: MfuTable): TrainingResult {
  const est = estimateTraining({
    params: row.params,
    tokens: row.tokens,
    spec: row.spec,
    devices: row.devices,
    precision: 'bf16',
    pue: fixed(1.1),
    intensity: fixed(400),
    mfuTable: table,
  })!;
  const p = est.deviceHours;
  return {
    row,
    predicted: p,
    error: p.mid / row.deviceHours - 1,
    covered: p.low <= row.deviceHours && row.deviceHours <= p.high,
    mfu: mfuPrior(row.spec, row.params, 'bf16', table).mfu,
  };
}

/** Leave-one-run-out: every run predicted from priors calibrated without it. */
export function crossValidateTraining(rows = trainingRows()): TrainingResult[] {
  return rows.map((row) => predictRow(row, calibrateMfu(rows.filter((r) => r.run !== row.run))));
}

/** A fixed-MFU baseline (one MFU for all hardware, calibrated the same way) for comparison. */
export function fixedMfuBaseline(rows = trainingRows()): number[] {
  return rows.map((row) => {
    const others = rows.filter((r) => r.run !== row.run && r.calibrate);
    const mfu = Math.exp(others.reduce((a, r) => a + Math.log(impliedMfu(r)), 0) / others.length);
    return impliedMfu(row) / mfu - 1;
  });
}

export function summariseTraining(results: TrainingResult[]) {
  const abs = results.map((r) => Math.abs(r.error));
  const ratios = results.map((r) => r.predicted.mid / r.row.deviceHours);
  return {
    rows: results.length,
    medianAbsError: median(abs),
    worstRatio: Math.max(...ratios.map((x) => Math.max(x, 1 / x))),
    coverage: results.filter((r) => r.covered).length / results.length,
  };
}
