// The engine's priors: every number the model assumes, with its range (≈P10/P50/P90) and where it comes from.
// Invariant: no other engine file holds a magic number that is not derived from these or from the bundled data.
import type { Uncertain } from './range';

export interface Prior extends Uncertain {
  source: string;
}

// ---------------------------------------------------------------------------------------------
// Training

/**
 * Model-FLOPs utilisation (6·N·D FLOPs over device-time × dense peak) by accelerator generation, for a 1–70B dense
 * model in bf16/fp16. Calibrated on the training rows of shared/data/published_footprints.csv (the MFU their
 * published accelerator-hours imply); generations with no published run are scaled from Ampere by the square root
 * of their bandwidth-to-compute ratio (see mfuPrior). Cross-validated error: docs/accuracy.md.
 */
export type MfuTable = Record<string, { mfu: number; /** GB/s per bf16 TFLOP/s of the calibrating device. */ bandwidthRatio: number }>;
export const MFU_BY_GENERATION: MfuTable = {
  // GPT-3 (0.197 at 175B) and XLM (0.205 at 0.55B) on V100, Patterson et al. 2021 via LLMCarbon.
  Volta: { mfu: 0.243, bandwidthRatio: 900 / 125 },
  // LLaMA-1/2 7–13B (0.38–0.51), OPT/BLOOM 175B (0.21–0.32) on A100, LLaMA paper Table 15 and Llama 2 card.
  Ampere: { mfu: 0.408, bandwidthRatio: 2039 / 312 },
  // T5-11B (0.364) on TPU v3, Patterson et al. 2021 via LLMCarbon.
  'TPU v3': { mfu: 0.364, bandwidthRatio: 900 / 123 },
};
export const MFU_SOURCE =
  'calibrated on shared/data/published_footprints.csv (MFU implied by published accelerator-hours); bandwidth-scaled from Ampere for other generations';

/** MFU spread around the prior (multipliers for P10 / P90): the published runs scatter about ±30 % around it. */
export const MFU_SPREAD = { low: 0.62, high: 1.35 };

/** Size factor: small models (< 1B) run smaller GEMMs; very large ones (> 70B) pay pipeline bubbles and communication. */
export const MFU_SMALL_MODEL = { belowParams: 1e9, exponent: 0.1 };
export const MFU_LARGE_MODEL = { aboveParams: 70e9, exponent: 0.35 };

/**
 * fp32 on tensor-core hardware runs on CUDA cores (PyTorch leaves TF32 off for matmuls by default since 1.12):
 * a larger fraction of a far lower peak. fp8 (Transformer Engine) reaches a smaller fraction of its doubled peak
 * (NVIDIA reports ≈1.3–1.5× end-to-end over bf16 on H100, not 2×).
 */
export const MFU_PRECISION_FACTOR: Record<string, number> = { fp32: 1.5, tf32: 1.0, fp16: 1.0, bf16: 1.0, fp8: 0.7, int8: 0.7, int4: 0.7 };
export const MFU_CAP = 0.75;

/**
 * Small micro-steps run small GEMMs: MFU × min(1, (micro-batch × sequence length / FULL_AT)^EXPONENT). Engine prior
 * (not calibrated: the published runs all use large batches); it is what gives batching/tiny-train-batch a saving.
 */
export const MICRO_BATCH_EFFICIENCY = { fullAtTokens: 8192, exponent: 0.25 };

/**
 * An eager (uncompiled) PyTorch loop where the job explicitly turns compilation off or could use it: MFU × 0.8.
 * PyTorch 2.0 announcement: torch.compile trained 163 HF/TIMM/TorchBench models 1.43× faster on average (AMP, A100);
 * taken conservatively, as the published runs behind the MFU priors used fused kernels.
 */
export const EAGER_MFU_FACTOR = 0.8;

/**
 * Optimizer step: AdamW in mixed precision holds ≈16–20 bytes per parameter (shared/data/README.md) and reads and
 * writes most of them each step; taken as 24 bytes of memory traffic per trainable parameter, at the decode bandwidth
 * efficiency. Paid once per optimizer step, so gradient accumulation amortises it.
 */
export const OPTIMIZER_BYTES_PER_PARAM = 24;

/** QLoRA dequantises the 4-bit base weights on every forward: ≈30 % slower steps than LoRA (QLoRA paper, Dettmers et al. 2023). */
export const QLORA_SLOWDOWN = 0.7;

/**
 * Device power in training as a function of utilisation: P = idle + (TDP − idle) · u, u = U0 + U_SLOPE · MFU.
 * Gives 50–76 % of TDP for MFU 0.2–0.55, matching the 43–70 % measured in training (shared/data/README.md; Dodge et
 * al. 2022: V100 130 W = 43 %, A100 281 W = 70 % of TDP).
 */
export const TRAIN_UTILISATION = { u0: 0.2, slope: 0.9 };
export const TRAIN_POWER_SPREAD = { low: 0.82, high: 1.15 };

/**
 * Host (CPU, DRAM, NICs, fans) power as a fraction of accelerator power. BLOOM's API deployment logged RAM + CPU at
 * 33 % of GPU energy (bigscience-workshop/carbon-footprint); dense training nodes sit lower as GPUs run hotter.
 */
export const HOST_OVERHEAD: Prior = { low: 0.1, mid: 0.2, high: 0.35, source: 'BLOOM API codecarbon logs (host 33 % of GPU energy, idle-dominated); Patterson et al. 2021 system power per accelerator incl. host' };

// ---------------------------------------------------------------------------------------------
// Grid and facility

/** Spread of grid intensity from one data year to another where the table has a single year (±30 % is seen). */
export const INTENSITY_VINTAGE_SPREAD = { low: 0.85, high: 1.15 };
export const INTENSITY_VINTAGE_SOURCE = 'shared/data/README.md: grid data vintage matters (±30 % year to year in some regions)';

// ---------------------------------------------------------------------------------------------
// Inference (decode roofline). Calibrated on the calibration split of shared/data/mlenergy_llm_inference.csv.

// Values: bench/accuracy/calibrate.ts fitted on the calibration split (alternate rows of each batch sweep).
export const INFERENCE = {
  /** Fraction of peak memory bandwidth that weight and KV-cache reads reach in decode. */
  bandwidthEfficiency: 0.666,
  /** Fraction of the dense peak that decode GEMMs reach when compute-bound. */
  decodeMfu: 0.339,
  /** Fraction of the dense peak that prefill reaches. */
  prefillMfu: 0.8,
  /** Fixed time per decode step (scheduler, sampling, kernel launches), seconds. */
  stepOverheadS: 0.0024,
  /** Time per layer per step for tensor/expert-parallel communication when devices > 1, seconds. */
  commPerLayerS: 86.7e-6,
  /** MoE dispatch/combine time per token per layer per step (divided across devices), seconds. */
  moeTokenLayerS: 1.24e-6,
  /** fp8 MoE (block-scaled grouped GEMM) extra busy time per layer per step, seconds. */
  fp8MoeLayerS: 117e-6,
  /** Batch at which that fp8 MoE penalty has faded out. */
  fp8MoeFadeBatch: 159,
  /** Overlap of weight streaming and GEMM compute: 1 = no overlap (times add), large = perfect overlap (max). */
  overlapExponent: 1,
  /** Utilisation at a memory-bound step and its slope with the compute share of the step. */
  u0: 0.533,
  uSlope: 0.555,
  /** Default prompt length when the job does not say, tokens. */
  defaultInputTokens: 500,
  source: 'roofline (weights + KV bytes / bandwidth vs FLOPs / peak) with efficiencies calibrated on the calibration split of shared/data/mlenergy_llm_inference.csv (ML.ENERGY v3)',
};

/** Spread of the inference estimate (P10 / P90 of measured ÷ predicted on the held-out ML.ENERGY rows). */
export const INFERENCE_SPREAD = { low: 0.77, high: 1.51 };

/** Idle draw spread: the bundled idle powers are readings or a 20 %-of-TDP prior (±50 %). */
export const IDLE_SPREAD = { low: 0.6, high: 1.5 };

// ---------------------------------------------------------------------------------------------
// Defaults when a job does not say

export const DEFAULTS = {
  hardware: 'A100 80GB SXM',
  region: 'world',
  seqLen: 2048,
  precisionTraining: 'bf16',
  precisionInference: 'bf16',
  inferenceBatch: 1,
  outputTokens: 256,
};
