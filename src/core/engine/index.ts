// The energy engine's entry points as the analyser uses them: estimateJob (per job, attached as jobs[].estimate) and
// estimateSaving (per finding: the job re-estimated with the fix's patch, paired with the unpatched estimate).
// Invariant: never throws on user facts; returns undefined only when nothing sensible can be said (no model size,
// CPU-only, no token count for training).
import type { AnalysisSettings } from '../settings';
import type { FactPatch, JobFacts, Range3, Saving } from '../types';
import { estimateResolved, type Audit, type CoreEstimate, type PerDay } from './estimate';
import { gradeFor, recommendedPatch } from './label';
import { factValues, resolveJob, type ResolvedJob } from './resolve';
import { savingConditions, SAVING_SPREAD } from './savings';

export interface JobEstimate {
  phase: 'training' | 'inference' | 'serving';
  /** Training: facility kWh per run. Inference / serving: facility kWh per day at the request rate. */
  energyKWh?: Range3;
  co2Kg?: Range3;
  costUSD?: Range3;
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
  /** The three figures a sustainability audit asks for. */
  audit?: Audit;
  assumptions: Record<string, unknown>;
  /** What the engine could not know and assumed instead. */
  notes: string[];
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
  const hit = cache.get(key);
  return hit && structuredClone(hit);
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

function toJobEstimate(e: CoreEstimate): JobEstimate {
  const { compareEnergy: _c, ...rest } = e;
  const out: JobEstimate = { ...rest };
  for (const k of Object.keys(out) as (keyof JobEstimate)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export function estimateJob(job: JobFacts, settings: AnalysisSettings): JobEstimate | undefined {
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
  'inferenceBatch', 'inputTokens', 'outputTokens', 'requestsPerDay',
]);

export function estimateSaving(job: JobFacts, patch: FactPatch, settings: AnalysisSettings): Saving | undefined {
  if (!Object.keys(patch).some((k) => MODELLED.has(k))) return undefined;
  const r = resolve(job, settings);
  if (!r) return undefined;
  const base = estimate(r);
  const after = resolve(job, settings, pinned(r, patch));
  const fixed = after && estimate(after);
  if (!base || !fixed || !(base.compareEnergy > 0)) return undefined;
  const raw = 1 - fixed.compareEnergy / base.compareEnergy;
  const fraction = Math.abs(raw) < 0.005 ? 0 : raw;
  const conditions = savingConditions(r, after!, patch);
  const clamp = (x: number) => Math.max(-1, Math.min(0.99, x));
  const energyFraction: Range3 =
    fraction === 0
      ? { low: 0, mid: 0, high: 0 }
      : fraction > 0
      ? { low: clamp(fraction * SAVING_SPREAD.low), mid: clamp(fraction), high: clamp(Math.min(fraction * SAVING_SPREAD.high, 1 - (1 - fraction) * SAVING_SPREAD.remainderHigh)) }
      : { low: clamp(fraction), mid: clamp(fraction), high: clamp(fraction * SAVING_SPREAD.low) };
  const round2 = (x: number) => Number(x.toFixed(2));
  const saving: Saving = {
    energyFraction: { low: round2(energyFraction.low), mid: round2(energyFraction.mid), high: round2(energyFraction.high) },
    basis: `${r.phase === 'training' ? 'kWh per run' : 'J per request'}: ${fmt(base.compareEnergy)} → ${fmt(fixed.compareEnergy)} with ${describePatch(patch)} (paired re-estimate)`,
  };
  if (conditions.length) saving.conditions = conditions;
  const diff = (a?: Range3, b?: Range3): Range3 | undefined =>
    a && b ? { low: a.low - b.low, mid: a.mid - b.mid, high: a.high - b.high } : undefined;
  if (r.phase === 'training') {
    const e = diff(base.energyKWh, fixed.energyKWh);
    const c = diff(base.co2Kg, fixed.co2Kg);
    const $ = diff(base.costUSD, fixed.costUSD);
    if (e) saving.energyKWh = order(e);
    if (c) saving.co2Kg = order(c);
    if ($) saving.costUSD = order($);
  } else if (base.perDay && fixed.perDay) {
    saving.energyKWh = order(diff(base.perDay.energyKWh, fixed.perDay.energyKWh)!);
    saving.co2Kg = order(diff(base.perDay.co2Kg, fixed.perDay.co2Kg)!);
  }
  return saving;
}

function order(r: Range3): Range3 {
  const [low, high] = [Math.min(r.low, r.high), Math.max(r.low, r.high)];
  return { low: Number(low.toPrecision(2)), mid: Number(r.mid.toPrecision(2)), high: Number(high.toPrecision(2)) };
}

function fmt(x: number): string {
  return Number(x.toPrecision(2)).toString();
}

export { resolveJob } from './resolve';
export { estimateResolved } from './estimate';
