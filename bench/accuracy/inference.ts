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
  /** The architecture (a model and its FP8 / Instruct / Thinking / Coder variants): held out together. */
  group: string;
  /** Model × GPU × count × precision: what `npm run validate` reports the error of. */
  deployment: string;
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
      group: info ? `${info.layers}|${info.hiddenSize}|${info.experts ?? 0}` : base,
      deployment: `${r.model_id} · ${Number(r.num_gpus)} × ${hw.spec.name} · ${precision}`,
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

/**
 * Leave-one-architecture-out: every row predicted with constants calibrated on the other models only (a model's
 * FP8, Instruct, Thinking and Coder variants are held out with it). This is the honest held-out error: the
 * independent check uses models and deployments the team has not seen.
 */
export function crossValidateInference(rows: InferenceRow[], calibrate: (rows: InferenceRow[]) => InferenceParams): Map<number, number> {
  const out = new Map<number, number>();
  for (const g of new Set(rows.map((r) => r.group))) {
    const p = calibrate(rows.filter((r) => r.group !== g));
    for (const r of rows.filter((x) => x.group === g)) out.set(r.id, predictJ(r, p));
  }
  return out;
}

/** Median signed error per deployment (model × GPU × count × precision) from given predictions. */
export function errorByDeployment(rows: InferenceRow[], predicted: Map<number, number>): { deployment: string; task: string; rows: number; medianError: number }[] {
  const by = new Map<string, { task: string; errs: number[] }>();
  for (const r of rows) {
    const task = r.series.split('|')[0];
    const k = `${task}|${r.deployment}`;
    const e = by.get(k) ?? { task, errs: [] };
    e.errs.push(predicted.get(r.id)! / r.measuredJ - 1);
    by.set(k, e);
  }
  return [...by].map(([k, v]) => ({ deployment: k.slice(v.task.length + 1), task: v.task, rows: v.errs.length, medianError: median(v.errs) })).sort((a, b) => a.deployment.localeCompare(b.deployment) || a.task.localeCompare(b.task));
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
  /** Of those, pairs that differ in batch only, and how many of them are ordered wrongly. */
  batchPairs: number;
  batchWrong: number;
}

/** Measured differences under this fraction are ties: the table's repeated configurations differ by up to 5 %. */
export const TIE = 0.05;

/** Every pair of rows differing only in batch size (same precision) or only in precision (same max_num_seqs). */
export function orderingCheck(rows: InferenceRow[], p: InferenceParams = INFERENCE, predicted?: Map<number, number>): OrderingResult {
  const res: OrderingResult = { pairs: 0, correct: 0, ties: 0, excluded: 0, wrong: [], batchPairs: 0, batchWrong: 0 };
  const pred = predicted ?? new Map(rows.map((r) => [r.id, predictJ(r, p)]));
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
      if (batchPair) res.batchPairs++;
      if (Math.sign(measured - 1) === Math.sign(predicted - 1)) res.correct++;
      else {
        res.wrong.push({ a, b, kind: batchPair ? 'batch' : 'precision' });
        if (batchPair) res.batchWrong++;
      }
    }
  }
  return res;
}

/**
 * The inference figures: in-sample (constants fitted on every row) and held out (each architecture predicted with
 * constants fitted on the others), per row and per deployment.
 */
export function summariseInference(rows: InferenceRow[], heldOut: Map<number, number>, p: InferenceParams = INFERENCE) {
  const fit = median(rows.map((r) => Math.abs(predictJ(r, p) / r.measuredJ - 1)));
  const held = median(rows.map((r) => Math.abs(heldOut.get(r.id)! / r.measuredJ - 1)));
  const deployments = errorByDeployment(rows, heldOut);
  const worst = deployments.reduce((w, d) => (Math.abs(d.medianError) > Math.abs(w.medianError) ? d : w), deployments[0]);
  return { rows: rows.length, models: new Set(rows.map((r) => r.group)).size, medianAbsErrorFit: fit, medianAbsErrorHeldOut: held, deployments, worst };
}
