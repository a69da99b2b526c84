// The A–G energy label: the ratio of a job's energy to the same job with the recommended settings.
//   training  — kWh per run; recommended: bf16 (fp16 where the hardware has no bf16) instead of fp32/tf32,
//               ≥ 8k tokens per micro-step, and a current accelerator (A100 80GB SXM) instead of one from before 2020.
//   inference — J per request; recommended: bf16 instead of fp32, a batch of at least 32, and fp8 weights for
//               ≥ 30B models on hardware with fp8.
// Grades: A ≤ 1.15×, B ≤ 1.5×, C ≤ 2×, D ≤ 3×, E ≤ 5×, F ≤ 10×, G above.
import type { FactPatch } from '../types';
import { MICRO_BATCH_EFFICIENCY } from './priors';
import type { ResolvedJob } from './resolve';

export const LABEL_BANDS: [string, number][] = [
  ['A', 1.15],
  ['B', 1.5],
  ['C', 2],
  ['D', 3],
  ['E', 5],
  ['F', 10],
];

export const RECOMMENDED_TRAINING_HARDWARE = 'A100 80GB SXM';
export const LEGACY_BEFORE_YEAR = 2020;
export const RECOMMENDED_MIN_BATCH = 32;

export function gradeFor(ratio: number): string {
  for (const [grade, max] of LABEL_BANDS) if (ratio <= max) return grade;
  return 'G';
}

/** The facts the recommended version of this job changes (empty: it already follows them). */
export function recommendedPatch(r: ResolvedJob): FactPatch {
  const patch: FactPatch = {};
  const half = r.spec.peakTFLOPs.bf16 ? 'bf16' : 'fp16';
  if (r.phase === 'training') {
    if (r.precision === 'fp32' || r.precision === 'tf32') patch.precision = half;
    if (r.microBatch !== undefined && r.microBatch * r.seqLen < MICRO_BATCH_EFFICIENCY.fullAtTokens) {
      patch.microBatch = Math.ceil(MICRO_BATCH_EFFICIENCY.fullAtTokens / r.seqLen);
    }
    if (r.spec.year < LEGACY_BEFORE_YEAR) patch.hardware = RECOMMENDED_TRAINING_HARDWARE;
    return patch;
  }
  if (r.weightPrecision === 'fp32') patch.precision = half;
  if (r.batch < RECOMMENDED_MIN_BATCH) patch.inferenceBatch = RECOMMENDED_MIN_BATCH;
  if (r.params >= 30e9 && (r.weightPrecision === 'bf16' || r.weightPrecision === 'fp16') && r.spec.peakTFLOPs.fp8) patch.quantization = 'fp8';
  return patch;
}
