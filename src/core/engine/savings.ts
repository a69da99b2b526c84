// What a saving depends on: the conditions attached to a paired re-estimate, by what the patch changes.
import type { FactPatch } from '../types';
import type { ResolvedJob } from './resolve';

/**
 * The saving's range around its paired point value: the low end keeps 70 % of the saving; the high end is 1.3× it,
 * or removes a further 15 % of what remains, whichever is less. The per-precision and per-batch efficiencies behind a
 * saving scatter about this much in the validation data (docs/accuracy.md).
 */
export const SAVING_SPREAD = { low: 0.7, high: 1.3, remainderHigh: 0.85 };

export function savingConditions(before: ResolvedJob, after: ResolvedJob, patch: FactPatch): string[] {
  const c: string[] = [];
  if (before.phase === 'training' && (before.precision === 'fp32' || before.precision === 'tf32') && after.precision !== before.precision) {
    c.push('assumes fp32 matmuls run without TF32 (the PyTorch default); with TF32 on, the saving is roughly halved');
    if (!before.spec.peakTFLOPs.bf16) c.push(`${before.spec.name} has no bf16: fp16 with loss scaling`);
  }
  if (patch.precision && before.phase !== 'training') c.push('half-precision weights: check output quality on a sample');
  if (patch.quantization === 'fp8') {
    c.push('fp8 can cost more than bf16 on large MoE models at small batch (ML.ENERGY v3: 1.2–1.6× at batch 8–16); it needs fp8 hardware (Hopper, Ada, Blackwell, MI300)');
  }
  if (patch.quantization === 'int4' || patch.quantization === 'int8') {
    c.push('quantization speeds memory-bound decode far more than compute-bound prefill; long prompts see less of the saving');
    c.push('check accuracy on the task: low-bit weights can degrade quality');
  }
  if (patch.inferenceBatch !== undefined) c.push('holds when enough requests are waiting to fill the batch (offline jobs, or serving at a high request rate)');
  if (patch.microBatch !== undefined) c.push('holds if the larger micro-batch fits in memory; keep the effective batch by lowering accumulation');
  if (patch.hardware !== undefined) c.push(`assumes the job fits ${after.spec.name} (${after.spec.memoryGB} GB); embodied carbon of new hardware is not counted`);
  if (patch.region !== undefined) c.push('energy is unchanged: the saving is carbon only, and holds if the job can move (data residency, latency)');
  if (patch.params !== undefined || patch.model !== undefined) c.push('holds if the smaller model meets the task\'s quality bar');
  if (patch.compile === true) c.push('torch.compile speedups vary by model (about 0.9–2×); compilation time and graph breaks are not counted');
  if (patch.gradCheckpointing === false) c.push('needs the memory that recomputation was saving');
  if (patch.gradCheckpointing === true) {
    c.push('recomputing activations costs about a third more compute per token; the change saves energy only where the freed memory lets the job drop CPU offload, use fewer GPUs or fill an under-used GPU with a larger micro-batch');
  }
  return c;
}
