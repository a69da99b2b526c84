// One job's full estimate from resolved inputs: training per run, or inference per token / request / day, with the
// three audit figures (last training run kWh, mJ per query, grid intensity used) and every assumption listed.
// When a total cannot be known (no token count, no request rate, no model size), the estimate gives a rate instead —
// per 1,000 steps, per 1,000 requests or per hour — and says what would make it a total.
// Every estimate keeps its Monte Carlo samples (`samples`, paired across estimates of the same job by input name)
// so that a saving is computed from the paired difference, not from a difference of quantiles.
import type { Range3 } from '../types';
import { inferencePoint, type InferenceInput } from './inference';
import { HOST_OVERHEAD, IDLE_SPREAD, INFERENCE, INFERENCE_SPREAD, UNKNOWN_PARAMS } from './priors';
import { fixed, sample, sigRange, spread, summarise, type Uncertain } from './range';
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

export type RatePer = 'hour' | '1000 steps' | '1000 requests';

/** What a job costs per unit of work when its total is not known, and what would make it a total. */
export interface Rate {
  per: RatePer;
  /** Facility kWh per unit. */
  energyKWh: Range3;
  co2Kg: Range3;
  costUSD?: Range3;
  /** Accelerator-hours per unit (training per 1,000 steps). */
  deviceHours?: Range3;
  /** The assumption that turns the rate into a total ("× the run's steps: …"). */
  toTotal: string;
}

/** Paired samples of what savings compare. */
export interface EstimateSamples {
  /** The compared quantity: training kWh per run (or per reference tokens); inference facility J per request. */
  compare: Float64Array;
  /** Training: facility kWh, kg CO2e, USD of the run (or of the rate's unit when there is no total). */
  energyKWh?: Float64Array;
  co2Kg?: Float64Array;
  costUSD?: Float64Array;
  /** Per hour of the job (training wall-clock; inference busy). */
  kWhPerHour?: Float64Array;
  co2KgPerHour?: Float64Array;
  /** Inference: facility kWh per request spent on requests (not idle), and per day of idle draw. */
  requestKWh?: Float64Array;
  idleKWhPerDay?: Float64Array;
  intensity?: Float64Array;
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
  /** How a dollar figure is computed (device-hours × price per device-hour, with its source). */
  costBasis?: string;
  energyPerTokenJ?: Range3;
  energyPerRequestJ?: Range3;
  tokensPerSecond?: Range3;
  perDay?: PerDay;
  rate?: Rate;
  audit: Audit;
  assumptions: Record<string, unknown>;
  notes: string[];
  /** Facts the engine did not have and assumed (the contract's `jobs[].missing`). */
  missing: string[];
  /** The unrounded figure the label and savings compare (training: kWh per run; inference: facility J per request). */
  compareEnergy: number;
  /** What `compareEnergy` is, for a saving's basis. */
  compareUnit: string;
  /** The rate's unit when the estimate has no total: savings are then given per unit. */
  samples: EstimateSamples;
}

/** Training tokens assumed when a job gives no way to count them: the compared quantity is per this many tokens. */
export const REFERENCE_TOKENS = 1e9;

/** Idle share above which a serving deployment is flagged as mostly idle. */
export const IDLE_FLAG_SHARE = 0.8;

export function inferenceInput(r: ResolvedJob, batch = r.batch, params = r.params): InferenceInput {
  const scale = params / r.params;
  return {
    params,
    activeParams: r.activeParams * scale,
    model: r.paramsUnknown ? undefined : r.model,
    spec: r.spec,
    devices: r.devices,
    precision: r.weightPrecision,
    batch,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    gradDisabled: r.gradDisabled,
    reloadPerCall: r.reloadPerCall,
    expertParallel: r.expertParallel,
  };
}

function audit(r: ResolvedJob): Audit {
  return { carbonIntensityGPerKWh: r.region.gCO2PerKWh, carbonIntensityYear: r.region.year, region: r.region.key };
}

export function estimateResolved(r: ResolvedJob): CoreEstimate | undefined {
  return r.phase === 'training' ? trainingEstimate(r) : inferenceEstimate(r);
}

function priceBasis(r: ResolvedJob): string | undefined {
  if (r.pricePerDeviceHour === undefined) return undefined;
  const where = r.price && r.pricePerDeviceHour === r.price.usdPerHour ? `${r.price.cloud === 'any' ? 'median on-demand price' : `${r.price.cloud} on-demand price`}` : 'settings';
  return `device-hours × $${Number(r.pricePerDeviceHour.toPrecision(3))} per ${r.spec.name}-hour (${where})`;
}

function tokensPerStep(r: ResolvedJob): number | undefined {
  if (r.microBatch === undefined) return undefined;
  return r.microBatch * Math.max(1, r.gradAccum ?? 1) * r.devices * r.seqLen;
}

function trainingEstimate(r: ResolvedJob): CoreEstimate | undefined {
  const notes = [...r.notes];
  const known = r.tokens !== undefined && !r.paramsUnknown;
  const perStep = tokensPerStep(r);
  // No total: the compared quantity is per reference tokens; the rate is per 1,000 steps when a step's tokens are
  // known (and the model's size), else per hour.
  const per: 'run' | '1000 steps' | 'hour' = known ? 'run' : !r.paramsUnknown && perStep !== undefined ? '1000 steps' : 'hour';
  const tokens = known ? r.tokens! : per === '1000 steps' ? 1000 * perStep! : REFERENCE_TOKENS;
  const t = estimateTraining({
    params: r.params,
    activeParams: r.activeParams,
    paramsUnknown: r.paramsUnknown,
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
    dataStall: r.dataStall,
  });
  if (!t) return undefined;
  notes.push(...t.assumptions.notes);
  const a = audit(r);
  const costBasis = priceBasis(r);
  const out: CoreEstimate = {
    phase: 'training',
    audit: a,
    assumptions: {
      hardware: r.spec.name,
      devices: r.devices,
      params: r.paramsUnknown ? undefined : r.params,
      activeParams: r.paramsUnknown ? undefined : r.activeParams,
      tokens: known ? tokens : undefined,
      tokensKnown: r.tokens !== undefined,
      precision: r.precision,
      flops: known ? t.flops : undefined,
      flopsPerToken: t.assumptions.flopsPerToken,
      peakTFLOPs: t.assumptions.peakTFLOPs,
      peakPrecision: t.assumptions.peakPrecision,
      mfu: round(t.assumptions.mfu, 3),
      mfuBasis: t.assumptions.mfuBasis,
      ampSpeedup: t.assumptions.ampSpeedup,
      ampSource: t.assumptions.ampSource,
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
    missing: [...r.missing],
    compareEnergy: t.point.energyKWh,
    compareUnit: per === 'run' ? 'kWh per run' : per === '1000 steps' ? 'kWh per 1,000 steps' : `kWh per ${REFERENCE_TOKENS / 1e9} billion tokens`,
    samples: {
      compare: t.samples.energyKWh,
      energyKWh: t.samples.energyKWh,
      co2Kg: t.samples.co2Kg,
      costUSD: t.samples.costUSD,
      kWhPerHour: t.samples.kWhPerHour,
      co2KgPerHour: t.samples.co2KgPerHour,
    },
  };
  if (costBasis) out.costBasis = costBasis;
  for (const k of Object.keys(out.assumptions)) if (out.assumptions[k] === undefined) delete out.assumptions[k];
  if (per === 'run') {
    a.trainingRunKWh = sigRange(t.energyKWh);
    out.deviceHours = sigRange(t.deviceHours);
    out.wallClockHours = sigRange(t.wallClockHours);
    out.acceleratorEnergyKWh = sigRange(t.acceleratorEnergyKWh);
    out.energyKWh = sigRange(t.energyKWh);
    out.co2Kg = sigRange(t.co2Kg);
    if (t.costUSD) out.costUSD = sigRange(t.costUSD);
  } else if (per === '1000 steps') {
    out.rate = {
      per,
      energyKWh: sigRange(t.energyKWh),
      co2Kg: sigRange(t.co2Kg),
      ...(t.costUSD ? { costUSD: sigRange(t.costUSD) } : {}),
      deviceHours: sigRange(t.deviceHours),
      toTotal: `× the run's optimizer steps / 1,000 (one step: ${perStep!.toLocaleString('en-US')} tokens = micro-batch ${r.microBatch} × accumulation ${Math.max(1, r.gradAccum ?? 1)} × ${r.devices} device${r.devices === 1 ? '' : 's'} × sequence ${r.seqLen})`,
    };
  } else {
    out.rate = {
      per,
      energyKWh: sigRange(t.perHour.energyKWh),
      co2Kg: sigRange(t.perHour.co2Kg),
      ...(t.perHour.costUSD ? { costUSD: sigRange(t.perHour.costUSD) } : {}),
      toTotal: `× the run's wall-clock hours on ${r.devices} × ${r.spec.name}${r.paramsUnknown ? ' (the model size is not known, so the hours cannot be estimated)' : ''}`,
    };
  }
  return out;
}

function inferenceEstimate(r: ResolvedJob): CoreEstimate | undefined {
  const notes = [...r.notes];
  const input = inferenceInput(r);
  const point = inferencePoint(input);
  if (!point) return undefined;
  notes.push(...point.notes);
  const day = servingDay(input, r.requestsPerDay)!;
  const price = r.pricePerDeviceHour;
  const costBasis = priceBasis(r);
  // Samples: model error (the held-out spread, common to every estimate of this job), host, PUE, intensity, idle
  // draw, and the model's size when it is not known.
  const sizes = new Map<number, { perRequestJ: number; busyW: number; deviceSPerRequest: number }>();
  const at = (params: number) => {
    const key = Number(params.toPrecision(3));
    let hit = sizes.get(key);
    if (!hit) {
      const p = params === r.params ? point : inferencePoint(inferenceInput(r, r.batch, key))!;
      hit = { perRequestJ: p.energyPerRequestJ, busyW: p.step.powerW, deviceSPerRequest: p.deviceSecondsPerRequest };
      sizes.set(key, hit);
    }
    return hit;
  };
  const idleDayJ = day.idleJ;
  const s = sample(
    {
      active: spread(1, INFERENCE_SPREAD.low, INFERENCE_SPREAD.high),
      idle: spread(1, IDLE_SPREAD.low, IDLE_SPREAD.high),
      host: HOST_OVERHEAD as Uncertain,
      pue: r.pue,
      intensity: r.intensity,
      params: r.paramsUnknown ? (UNKNOWN_PARAMS as Uncertain) : fixed(r.params),
    },
    (x) => {
      const p = at(x.params);
      const facility = (1 + x.host) * x.pue;
      const requestJ = p.perRequestJ * x.active;
      const requestKWh = (requestJ * facility) / 3.6e6;
      const idleKWh = (idleDayJ * x.idle * facility) / 3.6e6;
      const dayAcc = (requestJ * r.requestsPerDay + idleDayJ * x.idle) / 3.6e6;
      const busyKWhPerHour = ((p.busyW * x.active * facility) / 1000);
      return {
        compare: requestJ * facility,
        requestKWh,
        idleKWh,
        dayAcc,
        dayFacility: dayAcc * facility,
        dayCo2: co2KgFromKWh(dayAcc * facility, x.intensity),
        per1000KWh: requestKWh * 1000,
        per1000Co2: co2KgFromKWh(requestKWh * 1000, x.intensity),
        kWhPerHour: busyKWhPerHour,
        co2KgPerHour: co2KgFromKWh(busyKWhPerHour, x.intensity),
        intensity: x.intensity,
      };
    },
  );
  const q = (k: keyof typeof s.point) => sigRange(summarise(s.samples[k], s.point[k]));
  const a = audit(r);
  const sr = (x: number): Range3 => sigRange(spread(x, INFERENCE_SPREAD.low, INFERENCE_SPREAD.high));
  const out: CoreEstimate = {
    phase: r.phase === 'serving' ? 'serving' : 'inference',
    audit: a,
    assumptions: {
      hardware: r.spec.name,
      devices: r.devices,
      params: r.paramsUnknown ? undefined : r.params,
      activeParams: r.paramsUnknown ? undefined : r.activeParams,
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
      requestsPerDay: r.trafficKnown ? r.requestsPerDay : undefined,
      pricePerDeviceHour: price,
      model: INFERENCE.source,
      sources: r.sources,
    },
    notes,
    missing: [...r.missing],
    compareEnergy: s.point.compare,
    compareUnit: 'J per request (facility)',
    samples: {
      compare: s.samples.compare,
      requestKWh: s.samples.requestKWh,
      idleKWhPerDay: s.samples.idleKWh,
      intensity: s.samples.intensity,
      kWhPerHour: s.samples.kWhPerHour,
      co2KgPerHour: s.samples.co2KgPerHour,
    },
  };
  for (const k of Object.keys(out.assumptions)) if (out.assumptions[k] === undefined) delete out.assumptions[k];
  if (costBasis) out.costBasis = costBasis;
  if (r.paramsUnknown) {
    out.rate = {
      per: 'hour',
      energyKWh: q('kWhPerHour'),
      co2Kg: q('co2KgPerHour'),
      ...(price !== undefined ? { costUSD: fixed(Number((r.devices * price).toPrecision(2))) } : {}),
      toTotal: `× the hours ${r.devices} × ${r.spec.name} spend${r.devices === 1 ? 's' : ''} generating (the model size is not known, so energy per request cannot be estimated)`,
    };
    return out;
  }
  out.energyPerTokenJ = sr(point.energyPerTokenJ);
  out.energyPerRequestJ = sr(point.energyPerRequestJ);
  out.tokensPerSecond = sigRange(spread(point.tokensPerSecond, 1 / INFERENCE_SPREAD.high, 1 / INFERENCE_SPREAD.low));
  a.energyPerQueryMJ = sr(point.energyPerRequestJ * 1000);
  if (!r.trafficKnown) {
    const perDaySettings = Number(((s.point.per1000KWh * r.requestsPerDay) / 1000).toPrecision(2));
    const cost = price !== undefined ? (1000 * point.deviceSecondsPerRequest * r.devices * price) / 3600 : undefined;
    out.rate = {
      per: '1000 requests',
      energyKWh: q('per1000KWh'),
      co2Kg: q('per1000Co2'),
      ...(cost !== undefined ? { costUSD: fixed(Number(cost.toPrecision(2))) } : {}),
      toTotal: `× your requests / 1,000, batched ${r.batch} at a time (at the settings' ${r.requestsPerDay.toLocaleString('en-US')} requests a day, ≈${perDaySettings.toLocaleString('en-US')} kWh a day before idle draw)`,
    };
    return out;
  }
  const perDay: PerDay = {
    requests: r.requestsPerDay,
    acceleratorEnergyKWh: q('dayAcc'),
    energyKWh: q('dayFacility'),
    co2Kg: q('dayCo2'),
    idleShare: round(day.idleShare, 3),
    busyFraction: round(day.busyFraction, 4),
    effectiveBatch: round(day.effectiveBatch, 2),
    replicas: day.replicas,
  };
  if (price !== undefined) {
    const c = day.replicas * r.devices * 24 * price;
    perDay.costUSD = sigRange(fixed(c));
  }
  if (day.idleShare > IDLE_FLAG_SHARE) {
    const busyOnly = (day.activeJ / 3.6e6).toPrecision(2);
    notes.push(
      `mostly idle: ${Math.round(day.idleShare * 100)} % of this deployment's accelerator energy is idle draw (busy ${(day.busyFraction * 100).toPrecision(2)} % of the day at ${r.requestsPerDay.toLocaleString('en-US')} requests a day); ` +
        `the requests themselves need about ${busyOnly} kWh a day — share the accelerator, scale to zero, or use a smaller one`,
    );
  }
  out.perDay = perDay;
  out.acceleratorEnergyKWh = perDay.acceleratorEnergyKWh;
  out.energyKWh = perDay.energyKWh;
  out.co2Kg = perDay.co2Kg;
  if (perDay.costUSD) out.costUSD = perDay.costUSD;
  return out;
}

function round(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}
