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
// fp32 / tf32 on hardware with half-precision tensor cores is estimated from the half-precision time × AMP_SPEEDUP
// (measured end to end), not from the fp32 peak: the 1.5 above applies only where there is no faster path.
export const MFU_CAP = 0.75;

/**
 * Small micro-steps run small GEMMs: MFU × min(1, (micro-batch × sequence length / FULL_AT)^EXPONENT). Engine prior
 * (not calibrated: the published runs all use large batches); it is what gives batching/tiny-train-batch a saving.
 */
export const MICRO_BATCH_EFFICIENCY = { fullAtTokens: 8192, exponent: 0.25 };

/**
 * Mixed precision: end-to-end training speedup of automatic mixed precision (fp16/bf16 autocast) over the job's fp32,
 * as measured, P10 / P50 / P90 of the single-GPU rows of NVIDIA's DeepLearningExamples training tables (PyTorch,
 * NGC containers; github.com/NVIDIA/DeepLearningExamples at 729963dd, each model's README "Training performance"):
 *   V100, FP32 → AMP: BERT-large pre-training 4.48 / 3.94 (seq 128 / 512), Transformer 3.77, ResNet-50 3.26,
 *     WaveGlow 3.14, SSD 2.76, Jasper 2.60, FastPitch 2.63, NCF 2.10, Transformer-XL 1.91, Tacotron 2 1.73,
 *     Mask R-CNN 1.33;
 *   A100, TF32 → AMP: ResNet-50 2.63, WaveGlow 2.21, SSD 1.81 / 1.92, BERT 1.83 / 1.90, BART 1.61 / 1.68,
 *     Transformer 1.60, Jasper 1.52, NCF 1.51, Transformer-XL 1.44, wav2vec 2 1.34, FastPitch 1.05, Mask R-CNN 1.04,
 *     Tacotron 2 0.84.
 * `fp32` on Volta/Turing is the V100 FP32 range. On Ampere and newer, PyTorch's defaults run convolutions in TF32
 * (cudnn.allow_tf32) and matmuls in plain fp32 (since 1.12): the range pools the V100 FP32 rows (fp32 matmuls, as
 * there) with the A100 TF32 rows of the convolutional models (ResNet-50, SSD, Mask R-CNN, Jasper, WaveGlow) — the
 * A100's own fp32 → bf16 peak ratio (16×) is larger than the V100's (8×), so matmul-bound models sit at the top. `tf32` (set explicitly) is the A100 TF32 range. Hardware
 * without half-precision tensor cores gains little: Pascal's fp16 halves memory traffic only (engine prior);
 * Kepler and TPUs (bf16 matmuls already) gain nothing.
 */
export const AMP_SPEEDUP: Record<'tensor-fp32-volta' | 'tensor-fp32' | 'tensor-tf32' | 'pascal' | 'none', Prior> = {
  'tensor-fp32-volta': { low: 1.73, mid: 2.7, high: 3.9, source: 'NVIDIA DeepLearningExamples V100 FP32 → AMP training throughput, 12 models (P10/P50/P90)' },
  'tensor-fp32': { low: 1.46, mid: 2.4, high: 3.82, source: 'NVIDIA DeepLearningExamples: V100 FP32 → AMP (fp32 matmuls) with A100 TF32 → AMP for the convolutional models (convolutions run TF32 by default), 18 single-GPU rows' },
  'tensor-tf32': { low: 1.05, mid: 1.6, high: 2.1, source: 'NVIDIA DeepLearningExamples A100 TF32 → AMP training throughput, 13 models (P10/P50/P90)' },
  pascal: { low: 1.0, mid: 1.2, high: 1.5, source: 'engine prior: no tensor cores, fp16 halves memory traffic only' },
  none: { low: 1, mid: 1, high: 1, source: 'no faster half-precision path on this hardware' },
};

/**
 * fp32 power ÷ mixed-precision power during training. The throughput tables above give time, not power; fp32 keeps
 * the CUDA cores and memory busy while AMP keeps the tensor cores busy, so the engine assumes fp32 draws 85–100 % of
 * mixed precision's power (training draws 43–70 % of TDP either way, shared/data/README.md). Engine prior.
 */
export const FP32_POWER_RATIO: Prior = { low: 0.85, mid: 0.95, high: 1.0, source: 'engine prior: fp32 draws 85–100 % of the power of mixed precision' };

/**
 * torch.compile: training speedup of the compiled model over eager PyTorch. PyTorch 2 (Ansel et al., ASPLOS 2024):
 * 1.41× geometric mean over 180+ HuggingFace, TIMM and TorchBench models on an A100; the PyTorch 2.0 release notes:
 * 1.43× over 163 models, 1.21× in fp32 and 1.51× with AMP. Models dominated by large GEMMs (LLM fine-tuning) gain
 * less, so the P50 sits below the geometric mean; some models run slower compiled (the P10).
 */
export const COMPILE_SPEEDUP: Prior = { low: 1.05, mid: 1.3, high: 1.6, source: 'PyTorch 2 (Ansel et al., ASPLOS 2024): 1.41× training geomean on A100; PyTorch 2.0 notes: 1.21× fp32, 1.51× AMP' };

/**
 * Activation recomputation (gradient checkpointing) re-runs the forward pass: +2·N FLOPs per token on 6·N, about a
 * third more compute (HF's performance guide: "about 20 % slower"). Time multiplier of the compute part.
 */
export const RECOMPUTE_FACTOR: Prior = { low: 1.2, mid: 1.33, high: 1.38, source: '8·N vs 6·N FLOPs per token (one extra forward); Hugging Face performance docs: checkpointing slows training by ~20 %' };

/**
 * DataLoader with num_workers=0 and heavy per-item work (image decode and augmentation, tokenising on the fly):
 * the share of wall-clock time the accelerator waits for the next batch. Engine prior: JPEG decode + augmentation
 * takes a few ms per image on one core, comparable to or longer than a GPU step's share per image; with workers the
 * loading overlaps compute and the wait is near zero.
 */
export const DATA_STALL: Prior = { low: 0.1, mid: 0.3, high: 0.5, source: 'engine prior: per-item decode/augment in the training process (no workers) stalls the GPU 10–50 % of the time' };

/** Uncertainty of the micro-batch efficiency exponent (MICRO_BATCH_EFFICIENCY.exponent). Engine prior. */
export const MICRO_BATCH_EXPONENT: Prior = { low: 0.15, mid: 0.25, high: 0.35, source: 'engine prior (not calibrated)' };

/**
 * Size of a model the job does not name: a log-normal prior over the models training and inference scripts load
 * (P10 125M, P50 1B, P90 8B). Only fractions (savings) and per-hour rates are given for such jobs, never totals.
 */
export const UNKNOWN_PARAMS: Prior = { low: 1.25e8, mid: 1e9, high: 8e9, source: 'engine prior: model size not known (125M–8B parameters)' };

/**
 * Autograd left on in inference: every forward op records its graph (grad_fn, saved tensors) on the CPU. Per layer
 * per forward pass; the accelerator waits for it when the pass is launch-bound (small batches, small models).
 * Engine prior (≈10 recorded ops per layer at 1–8 µs each); PyTorch notes the largest gains for light operations.
 */
export const AUTOGRAD_LAYER_S: Prior = { low: 10e-6, mid: 30e-6, high: 80e-6, source: 'engine prior: autograd graph recording ≈10 ops × 1–8 µs per layer per forward' };

/**
 * Loading a model's weights again on each request or loop iteration: read at LOAD_GBPS from the page cache, local
 * NVMe or network storage, plus a fixed initialisation (building modules, allocating, moving to the device), while
 * the host works and the accelerator idles. Engine priors.
 */
export const LOAD_GBPS: Prior = { low: 0.3, mid: 1.5, high: 5, source: 'engine prior: weights read at 0.3–5 GB/s (network disk … page cache)' };
export const LOAD_INIT_S: Prior = { low: 0.3, mid: 1, high: 5, source: 'engine prior: 0.3–5 s to build the model and move it to the device' };
export const LOAD_HOST_W = 100;

/**
 * A CPU-only job: power of one server CPU package under load. Engine prior from vendor TDPs: desktop parts 65–125 W,
 * server sockets 150–280 W (Intel Xeon Platinum 8380 270 W, AMD EPYC 7763 280 W).
 */
export const CPU_PACKAGE_W: Prior = { low: 65, mid: 150, high: 280, source: 'vendor TDPs: desktop 65–125 W, server sockets up to 270–280 W (Xeon Platinum 8380, EPYC 7763); recalled, not re-checked' };

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
// Inference (decode roofline), per device. Fitted on shared/data/mlenergy_llm_inference.csv.

// Values: bench/accuracy/calibrate.ts fitted on every row (Nelder–Mead after coordinate descent, pulled weakly towards
// NEUTRAL); `npm run validate` predicts each model with constants fitted without it.
export const INFERENCE = {
  /** Fraction of peak memory bandwidth that weight and KV-cache reads reach in decode. */
  bandwidthEfficiency: 0.9,
  /** Fraction of the dense peak that decode GEMMs reach when compute-bound. */
  decodeMfu: 0.435,
  /** Fraction of the dense peak that prefill reaches. */
  prefillMfu: 0.85,
  /** Fixed time per decode step (scheduler, sampling, kernel launches), seconds. */
  stepOverheadS: 0.00306,
  /** Fixed time per layer per step (kernel launches, norms, routing), seconds. */
  layerOverheadS: 6.14e-6,
  /** Communication grows with log₂(devices) to this power: fitted as 0, flat across 2–8 devices on one NVLink node. */
  commDeviceExponent: 0,
  /** Tensor-parallel communication (two all-reduces) per layer per step, seconds. */
  commPerLayerS: 14.5e-6,
  /** Expert-parallel dispatch + combine (all-to-all) per MoE layer per step, seconds. */
  epCommPerLayerS: 103.9e-6,
  /** MoE routing and permutation time per token per MoE layer per step (divided across devices), seconds. */
  moeTokenLayerS: 1.40e-6,
  /** fp8 block-scaled MoE: extra busy time per expert a device runs per MoE layer per step, seconds. */
  fp8MoeExpertS: 5.91e-6,
  /** Tokens per expert at which that fp8 penalty has faded out. */
  fp8MoeFadeTokens: 12.3,
  /**
   * Blackwell (B200) at long context: KV-cache reads and attention run this many times slower than the bandwidth
   * and peak imply (ML.ENERGY's ≈7,000-token GPQA runs on one B200 drew 29–47 % of TDP at 4–7× the inter-token
   * latency of short runs; attention kernels for Blackwell in the measured vLLM version). Applied to the KV / state
   * and attention terms on Blackwell only.
   */
  longContextBlackwell: 2.55,
  /** Overlap of weight streaming and GEMM compute: 1 = no overlap (times add), large = perfect overlap (max). */
  overlapExponent: 1,
  /** Utilisation while waiting (launch gaps, communication), while streaming memory (u0) and extra while computing (uSlope). */
  uWait: 0.295,
  u0: 0.709,
  uSlope: 0.343,
  /** Default prompt length when the job does not say, tokens. */
  defaultInputTokens: 500,
  source: 'roofline (weights touched + KV / state bytes ÷ bandwidth vs FLOPs ÷ peak, per device) with efficiencies fitted on shared/data/mlenergy_llm_inference.csv (ML.ENERGY v3); held-out error by leave-one-architecture-out cross-validation (docs/accuracy.md)',
};

/** Spread of the inference estimate: P10 / P90 of measured ÷ predicted, each model predicted without its own rows. */
export const INFERENCE_SPREAD = { low: 0.76, high: 1.52 };

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
