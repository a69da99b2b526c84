// What a saving depends on and what it trades: the conditions attached to a paired re-estimate, by what the patch
// changes, and the spread of the engine's inference ratios against measured ones.
import type { FactPatch } from '../types';
import { AMP_SPEEDUP, COMPILE_SPEEDUP, DATA_STALL, RECOMPUTE_FACTOR } from './priors';
import type { ResolvedJob } from './resolve';
import { ampKind } from './training';

/**
 * Spread (σ of the log ratio) of the engine's inference energy ratios against measured ones — the same deployment
 * at another batch size, or in another precision — on the held-out pairs of shared/data/mlenergy_llm_inference.csv
 * (`npm run validate` prints them; test/unit/engine-savings.test.ts checks these stay at least as wide). Applied to
 * the patched side of an inference saving, so its P10–P90 covers how far such ratios miss.
 */
export const RATIO_ERROR = {
  batch: { sigma: 0.35, source: '277 ML.ENERGY pairs from the smallest batch of a sweep to each larger one, each model held out: log(predicted ratio ÷ measured ratio) P10 −0.52, P50 −0.06, P90 +0.38' },
  precision: { sigma: 0.3, source: 'ML.ENERGY bf16 ↔ fp8 pairs (one fp8 MoE model: σ widened over its 0.20)' },
  halfPrecision: { sigma: 0.15, source: 'engine prior: fp32 → bf16/fp16 weights halve the bytes read exactly; kernel efficiency and power differ by less than the quantized kernels do' },
  other: { sigma: 0.3, source: 'engine prior: a change of model or hardware compounds two estimates' },
};

export function savingConditions(before: ResolvedJob, after: ResolvedJob, patch: FactPatch): string[] {
  const c: string[] = [];
  if (before.phase === 'training' && (before.precision === 'fp32' || before.precision === 'tf32') && after.precision !== before.precision) {
    const kind = ampKind(before.spec, before.precision);
    if (kind) {
      const a = AMP_SPEEDUP[kind];
      c.push(`measured mixed-precision speedups on this hardware class: ${a.low}–${a.high}× (${a.source}); convolution-heavy models sit at the low end, matmul-heavy ones at the high end`);
    }
    if (before.precision === 'fp32' && kind && kind !== 'tensor-fp32-volta' && kind !== 'pascal' && kind !== 'none') {
      c.push('if TF32 matmuls are already on (torch.backends.cuda.matmul.allow_tf32 = True), expect the low end');
    }
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
  if (patch.gradAccum !== undefined) c.push('accumulation amortises the optimizer step and the gradient all-reduce; it does not make each micro-batch use the GPU better');
  if (patch.hardware !== undefined) c.push(`assumes the job fits ${after.spec.name} (${after.spec.memoryGB} GB); embodied carbon of new hardware is not counted`);
  if (patch.region !== undefined) c.push('energy is unchanged: the saving is carbon only, and holds if the job can move (data residency, latency)');
  if (patch.params !== undefined || patch.model !== undefined) c.push("holds if the smaller model meets the task's quality bar");
  if (patch.compile === true) c.push(`torch.compile speedups vary by model (${COMPILE_SPEEDUP.low}–${COMPILE_SPEEDUP.high}× here; ${COMPILE_SPEEDUP.source}); compilation time and graph breaks are not counted`);
  if (patch.gradCheckpointing === false) c.push('needs the memory that recomputation was saving');
  if (patch.dataWorkers !== undefined) c.push(`holds while per-item loading is what the GPU waits for (${DATA_STALL.source}); needs spare CPU cores`);
  if (patch.gradDisabled === true) c.push('the gain is largest for small models and batches, where the step is launch-bound; it also frees the activations autograd keeps');
  if (patch.reloadPerCall === false) c.push('holds if the process stays up between calls (a long-running worker or server)');
  if (patch.outputTokens !== undefined) c.push('holds only for answers that would otherwise run past the cap');
  return c;
}

/** What a fix buys or gives up besides energy; undefined when it is a plain saving. */
export function tradeOf(before: ResolvedJob, after: ResolvedJob, patch: FactPatch): string | undefined {
  if (patch.gradCheckpointing === true) {
    const more = patch.microBatch !== undefined ? ` and spends it on micro-batch ${patch.microBatch}` : '';
    return `trades compute for memory: recomputing activations costs about ${Math.round((RECOMPUTE_FACTOR.mid - 1) * 100)} % more compute per token (${RECOMPUTE_FACTOR.source}), and frees the activation memory${more} — it saves energy only where that memory lets the job use a larger micro-batch, fewer or smaller GPUs, or drop CPU offload`;
  }
  if (patch.gradCheckpointing === false) return 'trades memory for compute: no recomputation, but the activations must fit';
  if (patch.region !== undefined) return 'trades location for carbon: the same energy on a cleaner grid';
  if (patch.outputTokens !== undefined && patch.outputTokens < before.outputTokens) return 'trades answer length for energy: longer answers are cut off at the cap';
  if (before.phase === 'training' && patch.gradAccum !== undefined) return 'changes the effective batch (and so the optimisation: learning rate, warm-up, steps per epoch)';
  void after;
  return undefined;
}
