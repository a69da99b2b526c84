// Energy-per-output-token accuracy on shared/data/mlenergy_llm_inference.csv (copied to bench/data): the engine's
// decode model, calibrated on alternate rows of each batch sweep and scored on the held-out others.
import { lookupModel, matchHardware } from '../../src/core/data/lookup';
import { inferencePoint, type InferenceInput, type InferenceParams } from '../../src/core/engine/inference';
import { INFERENCE } from '../../src/core/engine/priors';
import { median, parseCsv, readDataFile } from './csv';

export interface InferenceRow {
  id: number;
  series: string;
  /** The sweep without precision (rows that differ only in precision share it). */
  config: string;
  model: string;
  precision: 'bf16' | 'fp8' | 'int4';
  maxNumSeqs: number;
  input: InferenceInput;
  measuredJ: number;
  /** Measured average power of all GPUs (W) and median inter-token latency (s). */
  measuredW: number;
  measuredItlS: number;
  /** The server reached its configured batch (avg ≥ 95 % of max_num_seqs). */
  reachedBatch: boolean;
  split: 'calibrate' | 'holdout';
}

const PRECISION: Record<string, InferenceRow['precision']> = { bfloat16: 'bf16', fp8: 'fp8', mxfp4: 'int4' };

export function inferenceRows(): InferenceRow[] {
  const raw = parseCsv(readDataFile('mlenergy_llm_inference.csv'));
  const rows: InferenceRow[] = raw.map((r, id) => {
    const hw = matchHardware(r.gpu_model);
    if (!hw) throw new Error(`unknown GPU ${r.gpu_model}`);
    const precision = PRECISION[r.weight_precision];
    if (!precision) throw new Error(`unknown precision ${r.weight_precision}`);
    const info = lookupModel(r.model_id);
    const params = Number(r.total_params_billions) * 1e9;
    const activeParams = Number(r.activated_params_billions) * 1e9;
    const base = r.model_id.replace(/-FP8$/, '');
    const config = [r.task, base, r.gpu_model, r.num_gpus, r.tensor_parallel, r.expert_parallel, r.data_parallel].join('|');
    const maxNumSeqs = Number(r.max_num_seqs);
    const batch = Number(r.avg_batch_size);
    return {
      id,
      series: `${config}|${precision}`,
      config,
      model: r.model_id,
      precision,
      maxNumSeqs,
      input: {
        params,
        activeParams,
        model: info,
        spec: hw.spec,
        devices: Number(r.num_gpus),
        precision,
        batch,
        inputTokens: INFERENCE.defaultInputTokens,
        outputTokens: Number(r.avg_output_len),
      },
      measuredJ: Number(r.energy_per_token_joules),
      measuredW: Number(r.avg_power_watts),
      measuredItlS: Number(r.median_itl_ms) / 1000,
      reachedBatch: batch >= 0.95 * maxNumSeqs,
      split: 'calibrate',
    };
  });
  // Alternate rows of each sweep (sorted by batch) go to calibration and hold-out.
  const bySeries = new Map<string, InferenceRow[]>();
  for (const r of rows) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
  for (const list of bySeries.values()) {
    list.sort((a, b) => a.maxNumSeqs - b.maxNumSeqs || a.id - b.id);
    list.forEach((r, i) => (r.split = i % 2 === 0 ? 'calibrate' : 'holdout'));
  }
  return rows;
}

export function predictJ(row: InferenceRow, p: InferenceParams = INFERENCE): number {
  return inferencePoint(row.input, p)!.energyPerTokenJ;
}

export function logErrors(rows: InferenceRow[], p: InferenceParams = INFERENCE): number[] {
  return rows.map((r) => Math.log(predictJ(r, p) / r.measuredJ));
}

export interface OrderingResult {
  pairs: number;
  correct: number;
  ties: number;
  excluded: number;
  wrong: { a: InferenceRow; b: InferenceRow; kind: string }[];
}

/** Measured differences under this fraction are ties: the table's repeated configurations differ by up to 5 %. */
export const TIE = 0.05;

/** Every pair of rows differing only in batch size (same precision) or only in precision (same max_num_seqs). */
export function orderingCheck(rows: InferenceRow[], p: InferenceParams = INFERENCE): OrderingResult {
  const res: OrderingResult = { pairs: 0, correct: 0, ties: 0, excluded: 0, wrong: [] };
  const pred = new Map(rows.map((r) => [r.id, predictJ(r, p)]));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (a.config !== b.config) continue;
      const batchPair = a.precision === b.precision && a.maxNumSeqs !== b.maxNumSeqs;
      const precisionPair = a.precision !== b.precision && a.maxNumSeqs === b.maxNumSeqs;
      if (!batchPair && !precisionPair) continue;
      res.pairs++;
      if (!a.reachedBatch || !b.reachedBatch) {
        res.excluded++;
        continue;
      }
      const measured = b.measuredJ / a.measuredJ;
      if (Math.abs(measured - 1) < TIE) {
        res.ties++;
        continue;
      }
      const predicted = pred.get(b.id)! / pred.get(a.id)!;
      if (Math.sign(measured - 1) === Math.sign(predicted - 1)) res.correct++;
      else res.wrong.push({ a, b, kind: batchPair ? 'batch' : 'precision' });
    }
  }
  return res;
}

export function summariseInference(rows: InferenceRow[], p: InferenceParams = INFERENCE) {
  const split = (s: InferenceRow['split']) => rows.filter((r) => r.split === s);
  const mae = (rs: InferenceRow[]) => median(rs.map((r) => Math.abs(predictJ(r, p) / r.measuredJ - 1)));
  return {
    rows: rows.length,
    calibrationRows: split('calibrate').length,
    holdoutRows: split('holdout').length,
    medianAbsErrorCalibration: mae(split('calibrate')),
    medianAbsErrorHoldout: mae(split('holdout')),
    medianAbsErrorAll: mae(rows),
  };
}
