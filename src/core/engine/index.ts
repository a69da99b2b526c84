// The energy engine's entry points as the analyser uses them: estimateJob (per job, attached as jobs[].estimate) and
// estimateSaving (per finding: the job re-estimated with the fix's patch, paired with the unpatched estimate).
// Invariant: never throws on user facts. A job whose total cannot be known gets a rate (per 1,000 steps, per 1,000
// requests, per hour); undefined only when not even a rate can be given. A saving's low/mid/high are the P10/P50/P90
// of the paired difference over the same Monte Carlo draws (so low ≤ mid ≤ high by construction).
import type { AnalysisSettings } from '../settings';
import type { FactPatch, FactValues, JobFacts, Phase, Range3, Saving } from '../types';
import { cpuEstimate } from './cpu';
import { estimateResolved, type Audit, type CoreEstimate, type PerDay, type Rate } from './estimate';
import { gradeFor, recommendedPatch } from './label';
import { quantiles, SAMPLES, sig, sigRange, stream } from './range';
import { factValues, resolveJob, type ResolvedJob } from './resolve';
import { RATIO_ERROR, savingConditions, tradeOf } from './savings';

export interface JobEstimate {
  phase: 'training' | 'inference' | 'serving';
  /** Training: facility kWh per run. Inference / serving: facility kWh per day at the request rate. */
  energyKWh?: Range3;
  co2Kg?: Range3;
  costUSD?: Range3;
  /** How the dollar figures are computed. */
  costBasis?: string;
  /** A–G, from the ratio of this job's energy to the same job with recommended settings. */
  label?: string;
  /** That ratio (≥ 1), and what the recommended settings change. */
  labelRatio?: number;
  labelBasis?: string;
  deviceHours?: Range3;
  wallClockHours?: Range3;
  acceleratorEnergyKWh?: Range3;
  energyPerTokenJ?: Range3;
  energyPerRequestJ?: Range3;
  tokensPerSecond?: Range3;
  perDay?: PerDay;
  /** When the total cannot be known: what the job costs per 1,000 steps, per 1,000 requests or per hour. */
  rate?: Rate;
  /** The three figures a sustainability audit asks for. */
  audit?: Audit;
  assumptions: Record<string, unknown>;
  /** What the engine could not know and assumed instead. */
  notes: string[];
  /** The facts the engine lacked (also `jobs[].missing` in JSON). */
  missing?: string[];
}

function resolve(job: JobFacts, settings: AnalysisSettings, patch: FactPatch = {}): ResolvedJob | undefined {
  const r = resolveJob(job.phase, factValues(job, patch), settings, job.flavour);
  return 'error' in r ? undefined : r;
}

// The engine is pure, so an estimate is a function of the resolved job: re-analysing a file after an edit (the
// editor's path) or a workspace with the same job in many files reuses it instead of re-running the Monte Carlo.
const cache = new Map<string, CoreEstimate | undefined>();
const CACHE_LIMIT = 2000;

function estimate(r: ResolvedJob): CoreEstimate | undefined {
  const key = JSON.stringify(r);
  if (!cache.has(key)) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, estimateResolved(r));
  }
  return cache.get(key);
}

// Results by what they are computed from (the job's phase, flavour and fact values, the settings, the patch): the
// language server re-analyses a document per keystroke, and most of its jobs and fixes are unchanged. Callers get a
// copy (the analyser adds conditions to a saving).
const results = new Map<string, unknown>();
const settingsKeys = new WeakMap<AnalysisSettings, string>();
/** Each distinct settings JSON seen, and its short id (a handful per process: one per configuration). */
const settingsIds = new Map<string, string>();
let nextSettingsId = 0;

function memo<T>(kind: string, job: JobFacts, settings: AnalysisSettings, extra: unknown, compute: () => T | undefined): T | undefined {
  let sk = settingsKeys.get(settings);
  if (sk === undefined) {
    // settings equal by value share one short key (the whole JSON in every key made each lookup hash kilobytes)
    const json = JSON.stringify(settings);
    let id = settingsIds.get(json);
    if (id === undefined) {
      if (settingsIds.size >= 256) settingsIds.clear(); // ids are never re-issued, so a cleared one cannot collide
      settingsIds.set(json, (id = `s${nextSettingsId++}`));
    }
    settingsKeys.set(settings, (sk = id));
  }
  const key = `${kind}\0${job.phase}\0${job.flavour}\0${sk}\0${JSON.stringify(factValues(job))}\0${JSON.stringify(extra)}`;
  if (!results.has(key)) {
    if (results.size >= CACHE_LIMIT) results.clear();
    results.set(key, compute());
  }
  const v = results.get(key) as T | undefined;
  return v === undefined ? undefined : (copyPlain(v) as T);
}

/**
 * A deep copy of a memoised result (plain objects, arrays and primitives, as the engine builds them), as
 * `structuredClone` makes it but without its serialisation round trip (a few per job and finding, on every
 * keystroke); anything else is handed to `structuredClone`.
 */
function copyPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyPlain(v[i]);
    return out;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = copyPlain((v as Record<string, unknown>)[k]);
  return out;
}

export function estimateJob(job: JobFacts, settings: AnalysisSettings): JobEstimate | undefined {
  return memo('job', job, settings, null, () => estimateJobUncached(job, settings));
}

export function estimateSaving(job: JobFacts, patch: FactPatch, settings: AnalysisSettings, given: FactPatch = {}): Saving | undefined {
  return memo('saving', job, settings, [patch, given], () => estimateSavingUncached(job, patch, settings, given));
}

function describePatch(patch: FactPatch): string {
  return Object.entries(patch)
    .map(([k, v]) => `${k} → ${String(v)}`)
    .join(', ');
}

/** Pins the training token count so a patch to batch shape does not change how much data the run sees. */
function pinned(r: ResolvedJob, patch: FactPatch): FactPatch {
  if (r.phase !== 'training' || r.tokens === undefined) return patch;
  if ('tokens' in patch || 'epochs' in patch || 'datasetSize' in patch || 'steps' in patch) return patch;
  return { tokens: r.tokens, ...patch };
}

/** Keeps the per-1,000-steps comparison on the same tokens when a patch changes a step's shape. */
function sameUnit(base: ResolvedJob, after: ResolvedJob, patch: FactPatch): FactPatch {
  if (base.phase !== 'training' || base.tokens !== undefined || base.microBatch === undefined) return patch;
  const stepTokens = (x: ResolvedJob) => (x.microBatch ?? 1) * Math.max(1, x.gradAccum ?? 1) * x.devices * x.seqLen;
  if (stepTokens(after) === stepTokens(base)) return patch;
  return { ...patch, tokens: 1000 * stepTokens(base) };
}

function toJobEstimate(e: CoreEstimate): JobEstimate {
  const { compareEnergy: _c, compareUnit: _u, samples: _s, ...rest } = e;
  const out: JobEstimate = structuredClone(rest);
  for (const k of Object.keys(out) as (keyof JobEstimate)[]) if (out[k] === undefined) delete out[k];
  if (out.missing && out.missing.length === 0) delete out.missing;
  return out;
}

/** The facts the engine lacked for a job, in the contract's names (also when no estimate can be given). */
export function missingFacts(job: JobFacts, settings: AnalysisSettings): string[] {
  const v = factValues(job);
  if (v.device === 'cpu') return ['hardware'].filter(() => !v.hardware);
  const r = resolveJob(job.phase, v, settings, job.flavour);
  return 'error' in r ? (v.model ? ['params'] : ['model']) : r.missing;
}

function estimateJobUncached(job: JobFacts, settings: AnalysisSettings): JobEstimate | undefined {
  if (factValues(job).device === 'cpu') return cpuEstimate(job, settings);
  const r = resolve(job, settings);
  if (!r) return undefined;
  const e = estimate(r);
  if (!e) return undefined;
  const out = toJobEstimate(e);
  const patch = recommendedPatch(r);
  if (Object.keys(patch).length === 0) {
    out.label = 'A';
    out.labelRatio = 1;
    out.labelBasis = 'already at the recommended settings';
  } else {
    const better = resolve(job, settings, pinned(r, patch));
    const be = better && estimate(better);
    if (be && be.compareEnergy > 0) {
      const ratio = Math.max(1, e.compareEnergy / be.compareEnergy);
      out.label = gradeFor(ratio);
      out.labelRatio = Number(ratio.toPrecision(2));
      out.labelBasis = `energy ÷ energy with ${describePatch(patch)}`;
    }
  }
  return out;
}

/** Facts the engine's model reads; a patch that changes none of them has no estimable saving. */
const MODELLED = new Set<string>([
  'device', 'model', 'params', 'activeParams', 'peft', 'precision', 'quantization', 'microBatch', 'gradAccum', 'devices',
  'hardware', 'steps', 'epochs', 'tokens', 'datasetSize', 'seqLen', 'region', 'compile', 'gradCheckpointing',
  'inferenceBatch', 'inputTokens', 'outputTokens', 'requestsPerDay', 'requestsPerRun', 'gradDisabled', 'dataWorkers', 'reloadPerCall',
  'expertParallel',
]);

/** A job the analysis could not tie a finding to: the rule's phase on a GPU, everything else the engine's priors. */
export function assumedJob(file: string, phase: Phase, given: FactPatch = {}): JobFacts {
  const facts: JobFacts['facts'] = {};
  for (const [k, v] of Object.entries({ device: 'gpu', ...given } as Partial<FactValues>)) (facts as Record<string, unknown>)[k] = { value: v, origin: 'inferred' };
  return { id: `${file}#assumed`, file, flavour: phase === 'training' ? 'pytorch' : 'transformers', phase, anchor: null, facts, dynamic: [], references: [] };
}

const round2 = (x: number) => Number(x.toFixed(2));

/**
 * The saving of a fix: the job re-estimated with `patch` (and `given`, facts the rule established, on both sides),
 * paired with the unpatched estimate over the same draws. Fractions and amounts are quantiles of the paired
 * difference. Negative: the fix costs energy (it buys something else, said in `trades`).
 */
function estimateSavingUncached(job: JobFacts, patch: FactPatch, settings: AnalysisSettings, given: FactPatch): Saving | undefined {
  if (patch.evalBatch !== undefined && job.phase === 'training') return evalSaving(job, patch.evalBatch, settings, given);
  if (!Object.keys(patch).some((k) => MODELLED.has(k))) return undefined;
  const withGiven: JobFacts = Object.keys(given).length ? withFacts(job, given) : job;
  const r = resolve(withGiven, settings);
  if (!r) return undefined;
  // A cap on output length saves only against a known (or given) length: the default is an assumption, not the job.
  if (patch.outputTokens !== undefined && r.missing.includes('outputTokens') && given.outputTokens === undefined) return undefined;
  const base = estimate(r);
  const after0 = resolve(withGiven, settings, pinned(r, patch));
  if (!after0) return undefined;
  const after = resolve(withGiven, settings, sameUnit(r, after0, pinned(r, patch)));
  const fixed = after && estimate(after);
  if (!base || !fixed || !(base.compareEnergy > 0)) return undefined;
  const kind = ratioKind(r, patch);
  const err = kind ? stream(`ratio-error:${kind}`) : undefined;
  const e = (i: number) => (err ? Math.exp(RATIO_ERROR[kind!].sigma * err[i]) : 1);
  const b = base.samples;
  const f = fixed.samples;
  const frac = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) frac[i] = 1 - (f.compare[i] * e(i)) / b.compare[i];
  const pointFrac = 1 - fixed.compareEnergy / base.compareEnergy;
  const fq = withMid(quantiles(frac), pointFrac);
  const clamp = (x: number) => Math.max(-10, Math.min(0.99, x));
  const tiny = Math.abs(fq.low) < 0.005 && Math.abs(fq.high) < 0.005;
  const energyFraction: Range3 = tiny ? { low: 0, mid: 0, high: 0 } : { low: round2(clamp(fq.low)), mid: round2(clamp(fq.mid)), high: round2(clamp(fq.high)) };
  const saving: Saving = {
    energyFraction,
    basis: `${base.compareUnit}: ${fmt(base.compareEnergy)} → ${fmt(fixed.compareEnergy)} with ${describePatch(patch)} (paired re-estimate, same draws)`,
  };
  if (tiny) {
    // Nothing to save: no amounts either (a rounding residue must not read as a saving).
    for (let i = 0; i < SAMPLES; i++) frac[i] = 0;
  }
  const conditions = savingConditions(r, after!, patch);
  if (conditions.length) saving.conditions = conditions;
  const trade = tradeOf(r, after!, patch);
  if (trade) saving.trades = trade;
  // A region move changes carbon, not energy: its carbon difference is real even when the energy one is nil.
  const carbonOnly = tiny && patch.region !== undefined;
  const diff = (x: Float64Array | undefined, y: Float64Array | undefined, carbon = false): Float64Array | undefined => {
    if (!x || !y) return undefined;
    const d = new Float64Array(SAMPLES);
    for (let i = 0; i < SAMPLES; i++) d[i] = tiny && !(carbon && carbonOnly) ? 0 : x[i] - y[i] * e(i);
    return d;
  };
  const q = (d: Float64Array | undefined) => (d ? sigRange(quantiles(d)) : undefined);
  if (r.phase === 'training') {
    const hasTotal = r.tokens !== undefined && !r.paramsUnknown;
    if (hasTotal || base.rate?.per === '1000 steps') {
      const target = hasTotal ? saving : undefined;
      const energyKWh = q(diff(b.energyKWh, f.energyKWh));
      const co2Kg = q(diff(b.co2Kg, f.co2Kg, true));
      const costUSD = base.costBasis ? q(diff(b.costUSD, f.costUSD)) : undefined;
      if (target) {
        if (energyKWh) target.energyKWh = energyKWh;
        if (co2Kg) target.co2Kg = co2Kg;
        if (costUSD) {
          target.costUSD = costUSD;
          target.costBasis = base.costBasis;
        }
      } else if (energyKWh && co2Kg) {
        saving.rate = { per: '1000 steps', energyKWh, co2Kg, ...(costUSD ? { costUSD, costBasis: base.costBasis } : {}) };
      }
    } else if (b.kWhPerHour && b.co2KgPerHour) {
      const perHour = new Float64Array(SAMPLES);
      const co2 = new Float64Array(SAMPLES);
      for (let i = 0; i < SAMPLES; i++) {
        perHour[i] = frac[i] * b.kWhPerHour[i];
        // the run's carbon per hour before, less its carbon after (on the patched grid) spread over the same hours
        const gridAfter = f.co2KgPerHour && f.kWhPerHour ? f.co2KgPerHour[i] / f.kWhPerHour[i] : b.co2KgPerHour[i] / b.kWhPerHour[i];
        co2[i] = tiny && !carbonOnly ? 0 : b.co2KgPerHour[i] - (1 - frac[i]) * b.kWhPerHour[i] * gridAfter;
      }
      saving.rate = { per: 'hour', energyKWh: sigRange(quantiles(perHour)), co2Kg: sigRange(quantiles(co2)) };
    }
  } else if (r.requestsPerRun !== undefined && b.requestKWh && f.requestKWh && b.intensity && f.intensity) {
    // a run whose model calls the code shows in full: the saving of those calls (the model's size may be unknown:
    // the draws cover the prior's range)
    const n = r.requestsPerRun;
    const kwh = new Float64Array(SAMPLES);
    const co2 = new Float64Array(SAMPLES);
    for (let i = 0; i < SAMPLES; i++) {
      const d = tiny ? 0 : (b.requestKWh[i] - f.requestKWh[i] * e(i)) * n;
      kwh[i] = d;
      co2[i] = tiny && !carbonOnly ? 0 : ((b.requestKWh[i] * b.intensity[i] - f.requestKWh[i] * e(i) * f.intensity[i]) * n) / 1000;
    }
    saving.energyKWh = sigRange(quantiles(kwh));
    saving.co2Kg = sigRange(quantiles(co2));
    saving.per = 'run';
    (saving.conditions ??= []).push(`the run makes ${n} model call${n === 1 ? '' : 's'} (every call of the model in the file runs once, outside any loop or function)`);
  } else if (!r.paramsUnknown && b.requestKWh && f.requestKWh && b.intensity && f.intensity) {
    const kwh = new Float64Array(SAMPLES);
    const co2 = new Float64Array(SAMPLES);
    const per = r.trafficKnown ? r.requestsPerDay : 1000;
    for (let i = 0; i < SAMPLES; i++) {
      const bk = b.requestKWh[i] * per + (r.trafficKnown ? b.idleKWhPerDay![i] : 0);
      const fk = f.requestKWh[i] * e(i) * (after!.trafficKnown ? after!.requestsPerDay : per) + (r.trafficKnown ? f.idleKWhPerDay![i] : 0);
      kwh[i] = tiny ? 0 : bk - fk;
      co2[i] = tiny && !carbonOnly ? 0 : (bk * b.intensity[i]) / 1000 - (fk * f.intensity[i]) / 1000;
    }
    if (r.trafficKnown) {
      saving.energyKWh = sigRange(quantiles(kwh));
      saving.co2Kg = sigRange(quantiles(co2));
      saving.per = 'day';
    } else {
      saving.rate = { per: '1000 requests', energyKWh: sigRange(quantiles(kwh)), co2Kg: sigRange(quantiles(co2)) };
    }
  }
  return saving;
}

/** A paired quantile set with the point value as its mid, kept inside the P10–P90. */
function withMid(qs: Range3, point: number): Range3 {
  return { low: qs.low, mid: Math.min(qs.high, Math.max(qs.low, point)), high: qs.high };
}

/** Which measured ratio error applies to an inference saving (the engine's ratios vs ML.ENERGY pairs). */
function ratioKind(r: ResolvedJob, patch: FactPatch): keyof typeof RATIO_ERROR | undefined {
  if (r.phase === 'training') return undefined;
  if (patch.inferenceBatch !== undefined) return 'batch';
  if (patch.quantization !== undefined) return 'precision';
  if (patch.precision !== undefined) return patch.precision === 'fp8' || patch.precision === 'int8' || patch.precision === 'int4' ? 'precision' : 'halfPrecision';
  if (patch.hardware !== undefined || patch.params !== undefined || patch.model !== undefined) return 'other';
  return undefined;
}

/**
 * A training job's evaluation passes at another batch: priced as the forward passes they are (an inference job of
 * the same model, hardware and precision over sequences of the training length), and said to be a share of the
 * evaluation only — how much of the run evaluation takes is not known.
 */
function evalSaving(job: JobFacts, target: number, settings: AnalysisSettings, given: FactPatch): Saving | undefined {
  const v = factValues(job, given);
  const facts: Partial<FactValues> = { device: v.device ?? 'gpu', inferenceBatch: v.evalBatch ?? 1, outputTokens: 0, inputTokens: v.seqLen ?? 512 };
  for (const k of ['model', 'params', 'activeParams', 'hardware', 'devices', 'precision', 'region'] as const) if (v[k] !== undefined) (facts as Record<string, unknown>)[k] = v[k];
  const evalJob: JobFacts = { ...job, phase: 'inference', flavour: 'transformers', facts: Object.fromEntries(Object.entries(facts).map(([k, x]) => [k, { value: x, origin: 'inferred' }])) as JobFacts['facts'], dynamic: [] };
  const s = estimateSaving(evalJob, { inferenceBatch: target }, settings);
  if (!s) return undefined;
  s.basis = `evaluation forward passes, ${s.basis}`;
  s.conditions = [...(s.conditions ?? []), "the saving is of the evaluation passes' energy; their share of the run (eval set size, eval frequency) is not known"];
  delete s.rate;
  return s;
}

function withFacts(job: JobFacts, given: FactPatch): JobFacts {
  const facts = { ...job.facts } as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) facts[k] = { value: v, origin: 'inferred' };
  return { ...job, facts: facts as JobFacts['facts'] };
}

function fmt(x: number): string {
  return sig(x, 2).toString();
}

export { resolveJob } from './resolve';
export { estimateResolved } from './estimate';
export type { Rate } from './estimate';
