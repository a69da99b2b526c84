// Training estimate: FLOPs from parameters and tokens, time from the dense peak × an MFU prior, energy from power at
// that utilisation plus host share and PUE; carbon from grid intensity; cost from the price per device-hour.
import type { Accelerator } from '../data/schema';
import type { Precision, Range3 } from '../types';
import { mfuPrior, peakFor } from './hardware';
import { EAGER_MFU_FACTOR, HOST_OVERHEAD, INFERENCE, OPTIMIZER_BYTES_PER_PARAM, MICRO_BATCH_EFFICIENCY, MFU_SPREAD, type MfuTable, QLORA_SLOWDOWN, TRAIN_POWER_SPREAD, TRAIN_UTILISATION } from './priors';
import { fixed, propagate, spread, type Uncertain } from './range';
import { co2KgFromKWh, kWhFromDeviceHours } from './units';

export interface TrainingInput {
  params: number;
  /** Active parameters per token (MoE); defaults to params. */
  activeParams?: number;
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
  /** false: an eager PyTorch loop that does not compile (MFU × EAGER_MFU_FACTOR). */
  compiled?: boolean;
  /** Micro-steps per optimizer step (gradient accumulation), when known. */
  gradAccum?: number;
  /** Tokens per device per micro-step (micro-batch × sequence length), when known. */
  tokensPerMicroStep?: number;
  /** Overrides the MFU table (calibration and cross-validation only). */
  mfuTable?: MfuTable;
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
  assumptions: {
    flopsPerToken: string;
    peakTFLOPs: number;
    peakPrecision: string;
    mfu: number;
    mfuBasis: string;
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

export function estimateTraining(input: TrainingInput): TrainingEstimate | undefined {
  const n = input.activeParams ?? input.params;
  const peak = peakFor(input.spec, input.precision);
  if (!peak || input.spec.tdpW <= 0 || !(n > 0) || !(input.tokens > 0) || !(input.devices > 0)) return undefined;
  const notes: string[] = [];
  if (peak.note) notes.push(peak.note);
  const { perToken, formula } = flopsPerToken(n, input.peft, input.gradCheckpointing);
  const flops = perToken * input.tokens;
  const prior = mfuPrior(input.spec, n, peak.precision, input.mfuTable);
  let mfu = prior.mfu;
  if (input.tokensPerMicroStep !== undefined && input.tokensPerMicroStep < MICRO_BATCH_EFFICIENCY.fullAtTokens) {
    const f = Math.pow(input.tokensPerMicroStep / MICRO_BATCH_EFFICIENCY.fullAtTokens, MICRO_BATCH_EFFICIENCY.exponent);
    mfu *= f;
    notes.push(`${input.tokensPerMicroStep} tokens per micro-step: small GEMMs (MFU × ${f.toFixed(2)})`);
  }
  if (input.compiled === false) {
    mfu *= EAGER_MFU_FACTOR;
    notes.push(`eager PyTorch without torch.compile (MFU × ${EAGER_MFU_FACTOR})`);
  }
  if (input.peft === 'qlora') {
    mfu *= QLORA_SLOWDOWN;
    notes.push('QLoRA dequantises its 4-bit base on every step (≈30 % slower than LoRA)');
  }
  // Optimizer-step time per device-second of compute: one update per (micro-batch × accumulation) tokens per device.
  let optimizerShare = 0;
  if (input.tokensPerMicroStep !== undefined) {
    const trainable = input.peft === 'lora' || input.peft === 'qlora' ? 0.01 * input.params : input.params;
    const stepS = (OPTIMIZER_BYTES_PER_PARAM * trainable) / (input.spec.bandwidthGBps * 1e9 * INFERENCE.bandwidthEfficiency);
    const tokensPerUpdate = input.tokensPerMicroStep * Math.max(1, input.gradAccum ?? 1);
    optimizerShare = stepS / tokensPerUpdate; // device-seconds per token
    if (optimizerShare * tokensPerUpdate > 0) notes.push(`optimizer step ≈ ${(stepS * 1000).toFixed(0)} ms per ${tokensPerUpdate} tokens per device`);
  }
  const { tdpW, idleW } = input.spec;
  const hasPrice = input.pricePerDeviceHour !== undefined;
  const r = propagate(
    {
      mfu: spread(mfu, MFU_SPREAD.low, MFU_SPREAD.high),
      power: spread(1, TRAIN_POWER_SPREAD.low, TRAIN_POWER_SPREAD.high),
      host: HOST_OVERHEAD as Uncertain,
      pue: input.pue,
      intensity: input.intensity,
    },
    (x) => {
      const deviceSeconds = flops / (peak.tflops * 1e12 * x.mfu) + optimizerShare * input.tokens;
      const deviceHours = deviceSeconds / 3600;
      const u = Math.min(1, TRAIN_UTILISATION.u0 + TRAIN_UTILISATION.slope * x.mfu);
      const watts = Math.min(tdpW, (idleW + (tdpW - idleW) * u) * x.power);
      const accelerator = kWhFromDeviceHours(deviceHours, watts);
      const facility = accelerator * (1 + x.host) * x.pue;
      return {
        deviceHours,
        wallClockHours: deviceHours / input.devices,
        acceleratorEnergyKWh: accelerator,
        energyKWh: facility,
        co2Kg: co2KgFromKWh(facility, x.intensity),
        costUSD: hasPrice ? deviceHours * input.pricePerDeviceHour! : 0,
      };
    },
  );
  const u = Math.min(1, TRAIN_UTILISATION.u0 + TRAIN_UTILISATION.slope * mfu);
  const powerW = idleW + (tdpW - idleW) * u;
  const est: TrainingEstimate = {
    phase: 'training',
    flops,
    deviceHours: r.deviceHours,
    wallClockHours: r.wallClockHours,
    acceleratorEnergyKWh: r.acceleratorEnergyKWh,
    energyKWh: r.energyKWh,
    co2Kg: r.co2Kg,
    assumptions: {
      flopsPerToken: formula,
      peakTFLOPs: peak.tflops,
      peakPrecision: peak.precision,
      mfu,
      mfuBasis: prior.basis,
      powerFraction: powerW / tdpW,
      powerW,
      hostOverhead: HOST_OVERHEAD.mid,
      pue: input.pue.mid,
      intensity: input.intensity.mid,
      notes,
    },
  };
  if (hasPrice) est.costUSD = r.costUSD;
  return est;
}

export { fixed };
