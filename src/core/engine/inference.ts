// Inference estimate: prefill is compute-bound; each decode step is a roofline of (weights touched + KV cache) bytes
// over bandwidth against FLOPs over the dense peak, plus a fixed step overhead and per-layer communication when the
// model spans devices. Energy per token = power at that step's utilisation × step time / batch.
// Invariant: energyPerTokenJ / energyPerRequestJ are accelerator-counter energy (NVML-style), no host, no PUE.
import type { ModelInfo } from '../data/lookup';
import type { Accelerator } from '../data/schema';
import type { Precision } from '../types';
import { peakFor } from './hardware';
import { AUTOGRAD_LAYER_S, INFERENCE, LOAD_GBPS, LOAD_HOST_W, LOAD_INIT_S } from './priors';

export type InferenceParams = typeof INFERENCE;

export interface InferenceInput {
  params: number;
  activeParams?: number;
  /** Architecture, when the catalogue or a config.json knows it (KV-cache size, experts). */
  model?: Partial<ModelInfo>;
  spec: Accelerator;
  devices: number;
  /** Weight precision (fp32 / bf16 / fp16 / fp8 / int8 / int4). */
  precision: Exclude<Precision, 'auto'>;
  batch: number;
  inputTokens: number;
  outputTokens: number;
  /** false: autograd left on in the forward passes (graph recording per layer); undefined or true: off. */
  gradDisabled?: boolean;
  /** The weights are loaded again for every request. */
  reloadPerCall?: boolean;
  /** MoE across devices with experts split across them (true) or every expert sharded (false). */
  expertParallel?: boolean;
}

export interface DecodeStep {
  stepS: number;
  memS: number;
  computeS: number;
  overheadS: number;
  /** Power of all devices during decode, W. */
  powerW: number;
  utilisation: number;
  weightBytes: number;
  kvBytes: number;
}

export interface InferencePoint {
  step: DecodeStep;
  decodeJPerToken: number;
  prefillJPerRequest: number;
  prefillS: number;
  /** Energy per output token including the prefill share (what ML.ENERGY reports). */
  energyPerTokenJ: number;
  energyPerRequestJ: number;
  tokensPerSecond: number;
  /** Seconds one request occupies the deployment when batched `batch`-wide (decode share + its prefill). */
  deviceSecondsPerRequest: number;
  notes: string[];
}

/** Bytes per weight: int4 carries group scales (≈4.25 bits, as MXFP4 / GPTQ g128). */
export const BYTES_PER_WEIGHT: Record<string, number> = { fp32: 4, tf32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.53 };

/** KV-cache bytes per token of context (bf16 cache), from the architecture or a size-based fallback. */
export function kvBytesPerToken(model: Partial<ModelInfo> | undefined, params: number): { bytes: number; exact: boolean } {
  if (model?.kvBytesPerToken) return { bytes: model.kvBytesPerToken, exact: true };
  const layers = model?.attentionLayers ?? model?.layers;
  const kv = model?.kvHeads;
  const headDim = model?.headDim ?? (model?.hiddenSize && model?.heads ? model.hiddenSize / model.heads : undefined);
  if (layers && kv && headDim) return { bytes: 2 * layers * kv * headDim * 2, exact: true };
  // Llama-3-8B-like GQA scaled by √size (8B: 128 KiB/token; 70B: ≈390 KiB/token).
  return { bytes: 131072 * Math.sqrt(params / 8e9), exact: false };
}

function contextBytes(model: Partial<ModelInfo> | undefined, params: number, ctx: number): number {
  const { bytes } = kvBytesPerToken(model, params);
  // Sliding-window models keep a full cache in about half their layers (gemma-3: 1 in 6, gpt-oss: 1 in 2).
  if (model?.slidingWindow && ctx > model.slidingWindow) return bytes * (0.5 * ctx + 0.5 * model.slidingWindow);
  return bytes * ctx;
}

/** The MoE structure a step needs: routed parameters, per-expert size, MoE layers, experts and top-k. */
export interface MoeShape {
  experts: number;
  topK: number;
  moeLayers: number;
  /** Parameters of one routed expert in one layer. */
  perExpert: number;
  /** All routed-expert parameters; the rest (attention, embeddings, shared experts, dense layers) is read every step. */
  routed: number;
}

export function moeShape(input: Pick<InferenceInput, 'params' | 'activeParams' | 'model'>): MoeShape | undefined {
  const n = input.params;
  const na = input.activeParams ?? input.model?.activeParams ?? n;
  if (!(na < n)) return undefined;
  const m = input.model;
  const e = m?.experts ?? 8;
  const k = m?.expertsPerToken ?? Math.max(1, Math.round((e * na) / n));
  const layers = m?.moeLayers ?? m?.layers ?? Math.round(8 * Math.cbrt(n / 1e9) + 16);
  if (m?.moeIntermediate && m.hiddenSize) {
    const perExpert = 3 * m.hiddenSize * m.moeIntermediate;
    const routed = Math.min(0.98 * n, perExpert * e * layers);
    return { experts: e, topK: k, moeLayers: layers, perExpert: routed / (e * layers), routed };
  }
  // From total and active alone: active = rest + (k/E) · routed.
  const share = Math.min(0.95, k / e);
  const routed = Math.min(0.98 * n, (n - na) / (1 - share));
  return { experts: e, topK: k, moeLayers: layers, perExpert: routed / (e * layers), routed };
}

/** Distinct experts a batch of B tokens touches in one layer under top-k routing: E·(1 − (1 − k/E)^B). */
export function distinctExperts(experts: number, topK: number, batch: number): number {
  return experts * (1 - Math.pow(1 - Math.min(1, topK / experts), Math.max(0, batch)));
}

/**
 * Expected experts the busiest device reads per layer when E experts are split over D devices (expert parallel) and
 * u distinct ones are touched: mean u/D plus the spread of a binomial count, × √(2 ln D) for the maximum of D.
 */
export function busiestDeviceExperts(experts: number, touched: number, devices: number): number {
  if (devices <= 1) return touched;
  const local = experts / devices;
  const p = touched / experts;
  const mean = local * p;
  const extra = Math.sqrt(2 * Math.log(devices) * local * p * (1 - p));
  return Math.min(local, mean + extra);
}

export function decodeStep(input: InferenceInput, p: InferenceParams = INFERENCE): DecodeStep | undefined {
  const { spec, devices, batch } = input;
  const peak = peakFor(spec, input.precision === 'int4' ? 'bf16' : input.precision);
  if (!peak || spec.tdpW <= 0) return undefined;
  const n = input.params;
  const na = input.activeParams ?? input.model?.activeParams ?? n;
  const bpw = BYTES_PER_WEIGHT[input.precision] ?? 2;
  const layers = input.model?.layers ?? Math.round(8 * Math.cbrt(n / 1e9) + 16);
  const moe = moeShape(input);
  // Weights read per step by the busiest device: the dense part split over the devices, plus the routed experts
  // the batch touches — sharded over all devices (tensor parallel) or, with experts split across devices (expert
  // parallel, vLLM's --enable-expert-parallel), the busiest device's share.
  let weightBytes = n * bpw;
  let perDeviceBytes = weightBytes / devices;
  let localExperts = 0;
  const ep = !!moe && devices > 1 && input.expertParallel !== false;
  if (moe) {
    const u = distinctExperts(moe.experts, moe.topK, batch);
    const dense = n - moe.routed;
    weightBytes = (dense + u * moe.perExpert * moe.moeLayers) * bpw;
    localExperts = ep ? busiestDeviceExperts(moe.experts, u, devices) : u / devices;
    perDeviceBytes = (dense / devices + localExperts * moe.perExpert * moe.moeLayers) * bpw;
  }
  const ctx = input.inputTokens + input.outputTokens / 2;
  const kvBytes = batch * contextBytes(input.model, n, ctx);
  // Hybrid Mamba layers keep a recurrent state per sequence, read and written at every step (no KV cache).
  const ssmBytes = 2 * batch * (input.model?.ssmStateBytes ?? 0);
  const attnLayers = input.model?.attentionLayers ?? layers;
  const qWidth = input.model?.heads && input.model?.headDim ? input.model.heads * input.model.headDim : (input.model?.hiddenSize ?? 4096);
  const bwDevice = spec.bandwidthGBps * 1e9 * p.bandwidthEfficiency;
  const weightS = perDeviceBytes / bwDevice;
  const slowAttention = spec.generation === 'Blackwell' ? p.longContextBlackwell : 1;
  const kvS = ((kvBytes + ssmBytes) / (devices * bwDevice)) * slowAttention;
  const gemmS = (2 * na * batch) / (devices * peak.tflops * 1e12 * p.decodeMfu);
  const attnS = ((4 * batch * ctx * attnLayers * qWidth) / (devices * peak.tflops * 1e12 * p.decodeMfu)) * slowAttention;
  // Weight streaming and GEMM compute overlap only partly: a p-norm between their sum (p = 1) and max (p → ∞).
  const q = p.overlapExponent;
  const gemmStep = Math.pow(Math.pow(weightS, q) + Math.pow(gemmS, q), 1 / q);
  let busyS = 0;
  // Token dispatch/combine across experts (routing, permutation) scales with the tokens in the step.
  if (moe) busyS += (p.moeTokenLayerS * batch * moe.moeLayers) / devices;
  // fp8 with 128×128 block scales (Qwen3 and DeepSeek FP8 checkpoints): the block-scaled grouped GEMM costs extra
  // per expert the device runs while each expert sees few tokens (ML.ENERGY v3: Qwen3-235B fp8 costs 1.2–1.6× bf16
  // at batch 8–16, less at batch ≥ 64). Per-channel fp8 (Llama 4 Maverick, Llama 3.1 405B FP8) does not pay it.
  if (moe && input.precision === 'fp8' && input.model?.fp8Scheme !== 'channel') {
    const tokensPerExpert = (batch * moe.topK) / Math.max(1, distinctExperts(moe.experts, moe.topK, batch));
    busyS += p.fp8MoeExpertS * localExperts * moe.moeLayers * Math.max(0, 1 - tokensPerExpert / p.fp8MoeFadeTokens);
  }
  // Autograd on: each layer's ops record their graph on the CPU, which a launch-bound step waits for.
  const autogradS = input.gradDisabled === false ? AUTOGRAD_LAYER_S.mid * layers : 0;
  // Communication per step across devices: tensor parallel all-reduces twice per layer; expert parallel
  // dispatches and combines tokens per MoE layer (all-to-all). Latency grows with log₂ of the device count.
  let commS = 0;
  if (devices > 1) {
    const hops = Math.pow(Math.log2(devices), p.commDeviceExponent);
    commS = ep ? p.commPerLayerS * (layers - moe!.moeLayers) * hops + p.epCommPerLayerS * moe!.moeLayers * hops : p.commPerLayerS * layers * hops;
  }
  // Fixed cost per step (scheduling, sampling) and per layer (kernel launches, norms, routing).
  const overheadS = p.stepOverheadS + p.layerOverheadS * layers + commS + autogradS;
  const memS = weightS + kvS;
  const computeS = gemmS + attnS;
  const stepS = overheadS + busyS + gemmStep + kvS + attnS;
  // Power follows what the devices do over the step: waiting (launch gaps, communication, scheduling) draws little
  // above idle, streaming memory more, compute the most.
  const streamS = Math.max(0, stepS - overheadS - busyS - computeS);
  const utilisation = Math.min(1, (p.uWait * overheadS + p.u0 * streamS + (p.u0 + p.uSlope) * (computeS + busyS)) / stepS);
  const powerW = devices * (spec.idleW + (spec.tdpW - spec.idleW) * utilisation);
  return { stepS, memS, computeS, overheadS, powerW, utilisation, weightBytes, kvBytes };
}

export function inferencePoint(input: InferenceInput, p: InferenceParams = INFERENCE): InferencePoint | undefined {
  const step = decodeStep(input, p);
  if (!step) return undefined;
  const notes: string[] = [];
  const peak = peakFor(input.spec, input.precision === 'int4' ? 'bf16' : input.precision)!;
  if (peak.note) notes.push(peak.note);
  const na = input.activeParams ?? input.model?.activeParams ?? input.params;
  // Prefill: compute-bound for long prompts; a short prompt at batch 1 is bound by reading the weights once, which a
  // batch of prompts shares. Runs near full power.
  const computeOneS = (2 * na * input.inputTokens) / (input.devices * peak.tflops * 1e12 * p.prefillMfu);
  const weightsOnceS = (input.params * (BYTES_PER_WEIGHT[input.precision] ?? 2)) / (input.devices * input.spec.bandwidthGBps * 1e9 * p.bandwidthEfficiency);
  const layers = input.model?.layers ?? Math.round(8 * Math.cbrt(input.params / 1e9) + 16);
  const autogradS = input.gradDisabled === false ? AUTOGRAD_LAYER_S.mid * layers : 0;
  const prefillS = (p.stepOverheadS + autogradS + Math.max(input.batch * computeOneS, weightsOnceS)) / input.batch;
  const prefillW = input.devices * input.spec.tdpW * 0.9;
  let prefillJPerRequest = prefillS * prefillW;
  if (input.reloadPerCall) {
    // Reading the weights again and rebuilding the model, with the host busy and the accelerators idle.
    const loadS = (input.params * (BYTES_PER_WEIGHT[input.precision] ?? 2)) / (LOAD_GBPS.mid * 1e9) + LOAD_INIT_S.mid;
    prefillJPerRequest += loadS * (input.devices * input.spec.idleW + LOAD_HOST_W);
    notes.push(`the model is loaded for every request: ≈${loadS.toPrecision(2)} s of reading and initialisation each time (${LOAD_GBPS.source}; ${LOAD_INIT_S.source})`);
  }
  const decodeJPerToken = (step.powerW * step.stepS) / input.batch;
  const out = Math.max(0, input.outputTokens);
  const energyPerRequestJ = prefillJPerRequest + decodeJPerToken * out;
  return {
    step,
    decodeJPerToken,
    prefillJPerRequest,
    prefillS,
    energyPerTokenJ: out > 0 ? energyPerRequestJ / out : decodeJPerToken,
    energyPerRequestJ,
    tokensPerSecond: input.batch / step.stepS,
    deviceSecondsPerRequest: (out * step.stepS) / input.batch + prefillS,
    notes,
  };
}
