// Training estimate: FLOPs from parameters and tokens, time from the dense half-precision peak × an MFU prior (fp32
// jobs: that time × the measured mixed-precision speedup), energy from power at that utilisation plus host share and
// PUE; carbon from grid intensity; cost from the price per device-hour.
// Every uncertain input is a named draw (range.ts): two estimates of the same job share their draws, so a saving is a
// paired difference, sample by sample.
import type { Accelerator } from '../data/schema';
import type { Precision, Range3 } from '../types';
import { mfuPrior, peakFor } from './hardware';
import {
  AMP_SPEEDUP,
  COMPILE_SPEEDUP,
  DATA_STALL,
  FP32_POWER_RATIO,
  HOST_OVERHEAD,
  INFERENCE,
  MFU_SPREAD,
  MICRO_BATCH_EFFICIENCY,
  MICRO_BATCH_EXPONENT,
  type MfuTable,
  OPTIMIZER_BYTES_PER_PARAM,
  QLORA_SLOWDOWN,
  RECOMPUTE_FACTOR,
  TRAIN_POWER_SPREAD,
  TRAIN_UTILISATION,
  UNKNOWN_PARAMS,
} from './priors';
import { fixed, sample, spread, summarise, type Uncertain } from './range';
import { co2KgFromKWh, kWhFromDeviceHours } from './units';

export interface TrainingInput {
  params: number;
  /** Active parameters per token (MoE); defaults to params. */
  activeParams?: number;
  /** The size is not known: params is drawn from UNKNOWN_PARAMS (only rates and fractions are meaningful). */
  paramsUnknown?: boolean;
  tokens: number;
  spec: Accelerator;
  devices: number;
  precision: Exclude<Precision, 'auto'>;
  gradCheckpointing?: boolean;
  peft?: 'none' | 'lora' | 'qlora';
  pue: Uncertain;
  /** gCO2e/kWh. */
  intensity: Uncertain;
  pricePerDeviceHour?: number;
  /** false: an eager PyTorch loop that does not compile (time × COMPILE_SPEEDUP). */
  compiled?: boolean;
  /** Micro-steps per optimizer step (gradient accumulation), when known. */
  gradAccum?: number;
  /** Tokens per device per micro-step (micro-batch × sequence length), when known. */
  tokensPerMicroStep?: number;
  /** The accelerator waits for the data pipeline (no DataLoader workers with heavy per-item work). */
  dataStall?: boolean;
  /** Overrides the MFU table (calibration and cross-validation only). */
  mfuTable?: MfuTable;
}

/** Per-sample outputs (paired across estimates of the same job by input name). */
export interface TrainingSamples {
  energyKWh: Float64Array;
  co2Kg: Float64Array;
  costUSD: Float64Array;
  deviceHours: Float64Array;
  /** Facility kWh per hour of wall-clock time. */
  kWhPerHour: Float64Array;
  co2KgPerHour: Float64Array;
}

export interface TrainingEstimate {
  phase: 'training';
  flops: number;
  deviceHours: Range3;
  wallClockHours: Range3;
  /** What the accelerators' own counters would read. */
  acceleratorEnergyKWh: Range3;
  /** Facility energy: accelerators + host share, × PUE. */
  energyKWh: Range3;
  co2Kg: Range3;
  costUSD?: Range3;
  /** Facility kWh, kg CO2e and USD per hour of wall-clock training (all devices). */
  perHour: { energyKWh: Range3; co2Kg: Range3; costUSD?: Range3 };
  samples: TrainingSamples;
  point: { energyKWh: number; co2Kg: number; costUSD: number; deviceHours: number; kWhPerHour: number; co2KgPerHour: number };
  assumptions: {
    flopsPerToken: string;
    peakTFLOPs: number;
    peakPrecision: string;
    mfu: number;
    mfuBasis: string;
    /** fp32 / tf32 jobs: the mixed-precision speedup the time is divided by, and its source. */
    ampSpeedup?: number;
    ampSource?: string;
    powerFraction: number;
    powerW: number;
    hostOverhead: number;
    pue: number;
    intensity: number;
    notes: string[];
  };
}

/** FLOPs per training token: 6·N (forward 2N + backward 4N), +2N with full recomputation; a frozen base skips weight gradients (4·N). */
export function flopsPerToken(n: number, peft: TrainingInput['peft'], gradCheckpointing: boolean | undefined): { perToken: number; formula: string } {
  const frozen = peft === 'lora' || peft === 'qlora';
  const k = (frozen ? 4 : 6) + (gradCheckpointing ? 2 : 0);
  return { perToken: k * n, formula: `${k}·N${frozen ? ' (frozen base: no weight gradients)' : ''}${gradCheckpointing ? ' (+2·N recomputation)' : ''}` };
}

/** Which measured mixed-precision speedup applies to an fp32 / tf32 job on this hardware. */
export function ampKind(spec: Accelerator, precision: Exclude<Precision, 'auto'>): keyof typeof AMP_SPEEDUP | undefined {
  if (precision !== 'fp32' && precision !== 'tf32') return undefined;
  const half = spec.peakTFLOPs.bf16 ?? spec.peakTFLOPs.fp16;
  const fp32 = spec.peakTFLOPs.fp32;
  if (!half) return undefined;
  // TPUs multiply in bf16 already; Kepler has no faster half-precision path.
  if (/^TPU/.test(spec.generation) || (fp32 !== undefined && half <= fp32 * 1.01)) return 'none';
  if (spec.generation === 'Pascal') return 'pascal';
  if (spec.generation === 'Volta' || spec.generation === 'Turing') return 'tensor-fp32-volta';
  return precision === 'tf32' ? 'tensor-tf32' : 'tensor-fp32';
}

export function estimateTraining(input: TrainingInput): TrainingEstimate | undefined {
  const amp = ampKind(input.spec, input.precision);
  // fp32 / tf32 with a faster half-precision path: time at the half-precision peak × the measured AMP speedup.
  const timePrecision = amp ? (input.spec.peakTFLOPs.bf16 ? 'bf16' : 'fp16') : input.precision;
  const peak = peakFor(input.spec, timePrecision);
  const n0 = input.activeParams ?? input.params;
  if (!peak || input.spec.tdpW <= 0 || !(n0 > 0) || !(input.tokens > 0) || !(input.devices > 0)) return undefined;
  const notes: string[] = [];
  if (peak.note && !amp) notes.push(peak.note);
  const { formula } = flopsPerToken(n0, input.peft, input.gradCheckpointing);
  const baseK = input.peft === 'lora' || input.peft === 'qlora' ? 4 : 6;
  const prior = mfuPrior(input.spec, n0, peak.precision, input.mfuTable);
  let mfuMid = prior.mfu;
  if (input.peft === 'qlora') {
    mfuMid *= QLORA_SLOWDOWN;
    notes.push('QLoRA dequantises its 4-bit base on every step (≈30 % slower than LoRA)');
  }
  const small = input.tokensPerMicroStep !== undefined && input.tokensPerMicroStep < MICRO_BATCH_EFFICIENCY.fullAtTokens;
  if (small) {
    const f = Math.pow(input.tokensPerMicroStep! / MICRO_BATCH_EFFICIENCY.fullAtTokens, MICRO_BATCH_EFFICIENCY.exponent);
    notes.push(`${input.tokensPerMicroStep} tokens per micro-step run small GEMMs (MFU × ${f.toFixed(2)})`);
  }
  if (amp) notes.push(`${input.precision} training: time is the mixed-precision time × ${AMP_SPEEDUP[amp].mid} (${AMP_SPEEDUP[amp].source})`);
  if (input.compiled === false) notes.push(`eager PyTorch without torch.compile: time × ${COMPILE_SPEEDUP.mid} (${COMPILE_SPEEDUP.source})`);
  if (input.gradCheckpointing) notes.push(`activation recomputation: compute time × ${RECOMPUTE_FACTOR.mid}`);
  if (input.dataStall) notes.push(`no DataLoader workers with heavy per-item work: the accelerator waits ${Math.round(DATA_STALL.mid * 100)} % of the time (${DATA_STALL.source})`);
  if (input.paramsUnknown) notes.push(`model size not known: fractions and rates are for ${UNKNOWN_PARAMS.low / 1e6}M–${UNKNOWN_PARAMS.high / 1e9}B parameters`);

  const trainable = input.peft === 'lora' || input.peft === 'qlora' ? 0.01 : 1;
  const { tdpW, idleW } = input.spec;
  const hasPrice = input.pricePerDeviceHour !== undefined;
  const dense = input.activeParams === undefined || input.activeParams === input.params;
  const inputs = {
    mfu: spread(mfuMid, MFU_SPREAD.low, MFU_SPREAD.high),
    power: spread(1, TRAIN_POWER_SPREAD.low, TRAIN_POWER_SPREAD.high),
    host: HOST_OVERHEAD as Uncertain,
    pue: input.pue,
    intensity: input.intensity,
    amp: amp ? (AMP_SPEEDUP[amp] as Uncertain) : fixed(1),
    fp32Power: amp && amp !== 'none' ? (FP32_POWER_RATIO as Uncertain) : fixed(1),
    compile: input.compiled === false ? (COMPILE_SPEEDUP as Uncertain) : fixed(1),
    recompute: input.gradCheckpointing ? (RECOMPUTE_FACTOR as Uncertain) : fixed(1),
    stall: input.dataStall ? (DATA_STALL as Uncertain) : fixed(0),
    mbExponent: small ? (MICRO_BATCH_EXPONENT as Uncertain) : fixed(MICRO_BATCH_EFFICIENCY.exponent),
    params: input.paramsUnknown ? (UNKNOWN_PARAMS as Uncertain) : fixed(n0),
  };
  const s = sample(inputs, (x) => {
    const n = x.params;
    const total = input.paramsUnknown ? n : input.params;
    // The MFU draw scales the prior for this size (a drawn size has its own size factor).
    const sizeAdj = input.paramsUnknown ? mfuPrior(input.spec, n, peak.precision, input.mfuTable).mfu / prior.mfu : 1;
    let mfu = x.mfu * sizeAdj;
    if (small) mfu *= Math.pow(input.tokensPerMicroStep! / MICRO_BATCH_EFFICIENCY.fullAtTokens, x.mbExponent);
    const computeS = ((baseK * n * input.tokens) / (peak.tflops * 1e12 * mfu)) * x.recompute;
    // Optimizer step: one update per (micro-batch × accumulation) tokens per device, streaming the optimizer state.
    let optimizerS = 0;
    if (input.tokensPerMicroStep !== undefined) {
      const stepS = (OPTIMIZER_BYTES_PER_PARAM * trainable * (dense ? total : input.params)) / (input.spec.bandwidthGBps * 1e9 * INFERENCE.bandwidthEfficiency);
      optimizerS = (stepS / (input.tokensPerMicroStep * Math.max(1, input.gradAccum ?? 1))) * input.tokens;
    }
    const busyS = (computeS + optimizerS) * x.amp * x.compile;
    const stallS = (busyS * x.stall) / (1 - x.stall);
    const busyH = busyS / 3600;
    const deviceHours = (busyS + stallS) / 3600;
    const u = Math.min(1, TRAIN_UTILISATION.u0 + TRAIN_UTILISATION.slope * mfu);
    const watts = Math.min(tdpW, (idleW + (tdpW - idleW) * u) * x.power) * x.fp32Power;
    const accelerator = kWhFromDeviceHours(busyH, watts) + kWhFromDeviceHours(stallS / 3600, idleW);
    const facility = accelerator * (1 + x.host) * x.pue;
    const wall = deviceHours / input.devices;
    return {
      deviceHours,
      wallClockHours: wall,
      acceleratorEnergyKWh: accelerator,
      energyKWh: facility,
      co2Kg: co2KgFromKWh(facility, x.intensity),
      costUSD: hasPrice ? deviceHours * input.pricePerDeviceHour! : 0,
      kWhPerHour: facility / wall,
      co2KgPerHour: co2KgFromKWh(facility, x.intensity) / wall,
      mfu,
      watts,
    };
  });
  const r = (k: keyof typeof s.point) => summarise(s.samples[k], s.point[k]);
  const powerW = s.point.watts;
  const est: TrainingEstimate = {
    phase: 'training',
    flops: (baseK + (input.gradCheckpointing ? 2 : 0)) * n0 * input.tokens,
    deviceHours: r('deviceHours'),
    wallClockHours: r('wallClockHours'),
    acceleratorEnergyKWh: r('acceleratorEnergyKWh'),
    energyKWh: r('energyKWh'),
    co2Kg: r('co2Kg'),
    perHour: { energyKWh: r('kWhPerHour'), co2Kg: r('co2KgPerHour') },
    samples: {
      energyKWh: s.samples.energyKWh,
      co2Kg: s.samples.co2Kg,
      costUSD: s.samples.costUSD,
      deviceHours: s.samples.deviceHours,
      kWhPerHour: s.samples.kWhPerHour,
      co2KgPerHour: s.samples.co2KgPerHour,
    },
    point: {
      energyKWh: s.point.energyKWh,
      co2Kg: s.point.co2Kg,
      costUSD: s.point.costUSD,
      deviceHours: s.point.deviceHours,
      kWhPerHour: s.point.kWhPerHour,
      co2KgPerHour: s.point.co2KgPerHour,
    },
    assumptions: {
      flopsPerToken: formula,
      peakTFLOPs: peak.tflops,
      peakPrecision: peak.precision,
      mfu: s.point.mfu,
      mfuBasis: prior.basis,
      ...(amp ? { ampSpeedup: AMP_SPEEDUP[amp].mid, ampSource: AMP_SPEEDUP[amp].source } : {}),
      powerFraction: powerW / tdpW,
      powerW,
      hostOverhead: HOST_OVERHEAD.mid,
      pue: input.pue.mid,
      intensity: input.intensity.mid,
      notes,
    },
  };
  if (hasPrice) {
    est.costUSD = r('costUSD');
    const perHour = input.devices * input.pricePerDeviceHour!;
    est.perHour.costUSD = { low: perHour, mid: perHour, high: perHour };
  }
  return est;
}

export { fixed };
