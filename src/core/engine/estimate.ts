// One job's full estimate from resolved inputs: training per run, or inference per token / request / day, with the
// three audit figures (last training run kWh, mJ per query, grid intensity used) and every assumption listed.
import type { Range3 } from '../types';
import { inferencePoint, type InferenceInput } from './inference';
import { HOST_OVERHEAD, IDLE_SPREAD, INFERENCE, INFERENCE_SPREAD } from './priors';
import { propagate, sigRange, spread, type Uncertain } from './range';
import type { ResolvedJob } from './resolve';
import { servingDay } from './serving';
import { estimateTraining } from './training';
import { co2KgFromKWh } from './units';

export interface PerDay {
  requests: number;
  /** Accelerator-counter energy per day (busy + idle), kWh. */
  acceleratorEnergyKWh: Range3;
  /** Facility energy per day (host share and PUE added), kWh. */
  energyKWh: Range3;
  co2Kg: Range3;
  costUSD?: Range3;
  idleShare: number;
  busyFraction: number;
  effectiveBatch: number;
  replicas: number;
}

export interface Audit {
  /** Facility energy of the training run, kWh (training jobs). */
  trainingRunKWh?: Range3;
  /** Accelerator energy per request (query), millijoules (inference jobs). */
  energyPerQueryMJ?: Range3;
  carbonIntensityGPerKWh: number;
  carbonIntensityYear: number;
  region: string;
}

export interface CoreEstimate {
  phase: 'training' | 'inference' | 'serving';
  deviceHours?: Range3;
  wallClockHours?: Range3;
  acceleratorEnergyKWh?: Range3;
  /** Training: facility kWh per run. Inference / serving: facility kWh per day at the request rate. */
  energyKWh?: Range3;
  co2Kg?: Range3;
  costUSD?: Range3;
  energyPerTokenJ?: Range3;
  energyPerRequestJ?: Range3;
  tokensPerSecond?: Range3;
  perDay?: PerDay;
  audit: Audit;
  assumptions: Record<string, unknown>;
  notes: string[];
  /** The unrounded figure the label and savings compare (training: kWh per run; inference: J per request). */
  compareEnergy: number;
}

/** Training tokens assumed when a job gives no way to count them: estimates are then per this many tokens. */
export const REFERENCE_TOKENS = 1e9;

/** Idle share above which a serving deployment is flagged as mostly idle. */
export const IDLE_FLAG_SHARE = 0.8;

export function inferenceInput(r: ResolvedJob, batch = r.batch): InferenceInput {
  return {
    params: r.params,
    activeParams: r.activeParams,
    model: r.model,
    spec: r.spec,
    devices: r.devices,
    precision: r.weightPrecision,
    batch,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
  };
}

function audit(r: ResolvedJob): Audit {
  return { carbonIntensityGPerKWh: r.region.gCO2PerKWh, carbonIntensityYear: r.region.year, region: r.region.key };
}

export function estimateResolved(r: ResolvedJob): CoreEstimate | undefined {
  return r.phase === 'training' ? trainingEstimate(r) : inferenceEstimate(r);
}

function trainingEstimate(r: ResolvedJob): CoreEstimate | undefined {
  const notes = [...r.notes];
  const tokens = r.tokens ?? REFERENCE_TOKENS;
  if (r.tokens === undefined) {
    notes.push('no token count (tokens, steps or dataset size): figures are per 1 billion training tokens');
  }
  const t = estimateTraining({
    params: r.params,
    activeParams: r.activeParams,
    tokens,
    spec: r.spec,
    devices: r.devices,
    precision: r.precision,
    gradCheckpointing: r.gradCheckpointing,
    peft: r.peft,
    pue: r.pue,
    intensity: r.intensity,
    pricePerDeviceHour: r.pricePerDeviceHour,
    compiled: r.compile,
    gradAccum: r.gradAccum,
    tokensPerMicroStep: r.microBatch !== undefined ? r.microBatch * r.seqLen : undefined,
  });
  if (!t) return undefined;
  notes.push(...t.assumptions.notes);
  const a = audit(r);
  a.trainingRunKWh = sigRange(t.energyKWh);
  return {
    phase: 'training',
    deviceHours: sigRange(t.deviceHours),
    wallClockHours: sigRange(t.wallClockHours),
    acceleratorEnergyKWh: sigRange(t.acceleratorEnergyKWh),
    energyKWh: sigRange(t.energyKWh),
    co2Kg: sigRange(t.co2Kg),
    costUSD: t.costUSD ? sigRange(t.costUSD) : undefined,
    audit: a,
    assumptions: {
      hardware: r.spec.name,
      devices: r.devices,
      params: r.params,
      activeParams: r.activeParams,
      tokens,
      tokensKnown: r.tokens !== undefined,
      precision: r.precision,
      flops: t.flops,
      flopsPerToken: t.assumptions.flopsPerToken,
      peakTFLOPs: t.assumptions.peakTFLOPs,
      mfu: round(t.assumptions.mfu, 3),
      mfuBasis: t.assumptions.mfuBasis,
      powerFraction: round(t.assumptions.powerFraction, 2),
      powerW: Math.round(t.assumptions.powerW),
      hostOverhead: t.assumptions.hostOverhead,
      pue: r.pue.mid,
      intensity: r.region.gCO2PerKWh,
      intensityYear: r.region.year,
      region: r.region.key,
      pricePerDeviceHour: r.pricePerDeviceHour,
      sources: r.sources,
    },
    notes,
    compareEnergy: t.energyKWh.mid,
  };
}

function inferenceEstimate(r: ResolvedJob): CoreEstimate | undefined {
  const notes = [...r.notes];
  const input = inferenceInput(r);
  const point = inferencePoint(input);
  if (!point) return undefined;
  notes.push(...point.notes);
  const day = servingDay(input, r.requestsPerDay)!;
  const s = (x: number): Range3 => sigRange(spread(x, INFERENCE_SPREAD.low, INFERENCE_SPREAD.high));
  const price = r.pricePerDeviceHour;
  const perDayRanges = propagate(
    {
      active: spread(day.activeJ, INFERENCE_SPREAD.low, INFERENCE_SPREAD.high),
      idle: spread(day.idleJ, IDLE_SPREAD.low, IDLE_SPREAD.high),
      host: HOST_OVERHEAD as Uncertain,
      pue: r.pue,
      intensity: r.intensity,
    },
    (x) => {
      const acc = (x.active + x.idle) / 3.6e6;
      const facility = acc * (1 + x.host) * x.pue;
      return { acc, facility, co2: co2KgFromKWh(facility, x.intensity) };
    },
  );
  const perDay: PerDay = {
    requests: r.requestsPerDay,
    acceleratorEnergyKWh: sigRange(perDayRanges.acc),
    energyKWh: sigRange(perDayRanges.facility),
    co2Kg: sigRange(perDayRanges.co2),
    idleShare: round(day.idleShare, 3),
    busyFraction: round(day.busyFraction, 4),
    effectiveBatch: round(day.effectiveBatch, 2),
    replicas: day.replicas,
  };
  if (price !== undefined) {
    const c = day.replicas * r.devices * 24 * price;
    perDay.costUSD = sigRange({ low: c, mid: c, high: c });
  }
  if (day.idleShare > IDLE_FLAG_SHARE) {
    const busyOnly = (day.activeJ / 3.6e6).toPrecision(2);
    notes.push(
      `mostly idle: ${Math.round(day.idleShare * 100)} % of this deployment's accelerator energy is idle draw (busy ${(day.busyFraction * 100).toPrecision(2)} % of the day at ${r.requestsPerDay} requests/day); ` +
        `the requests themselves need about ${busyOnly} kWh/day — share the accelerator, scale to zero, or use a smaller one`,
    );
  }
  const a = audit(r);
  a.energyPerQueryMJ = s(point.energyPerRequestJ * 1000);
  return {
    phase: r.phase === 'serving' ? 'serving' : 'inference',
    acceleratorEnergyKWh: perDay.acceleratorEnergyKWh,
    energyKWh: perDay.energyKWh,
    co2Kg: perDay.co2Kg,
    costUSD: perDay.costUSD,
    energyPerTokenJ: s(point.energyPerTokenJ),
    energyPerRequestJ: s(point.energyPerRequestJ),
    tokensPerSecond: sigRange(spread(point.tokensPerSecond, 1 / INFERENCE_SPREAD.high, 1 / INFERENCE_SPREAD.low)),
    perDay,
    audit: a,
    assumptions: {
      hardware: r.spec.name,
      devices: r.devices,
      params: r.params,
      activeParams: r.activeParams,
      weightPrecision: r.weightPrecision,
      batch: r.batch,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      stepMs: round(point.step.stepS * 1000, 3),
      powerW: Math.round(point.step.powerW),
      powerFraction: round(point.step.powerW / (r.devices * r.spec.tdpW), 2),
      idleW: r.spec.idleW,
      idleSource: r.spec.idleSource,
      hostOverhead: HOST_OVERHEAD.mid,
      pue: r.pue.mid,
      intensity: r.region.gCO2PerKWh,
      intensityYear: r.region.year,
      region: r.region.key,
      requestsPerDay: r.requestsPerDay,
      pricePerDeviceHour: price,
      model: INFERENCE.source,
      sources: r.sources,
    },
    notes,
    compareEnergy: point.energyPerRequestJ,
  };
}

function round(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}
