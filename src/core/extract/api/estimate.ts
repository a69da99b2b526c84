// Estimates for hosted-model jobs (flavour 'model-api'). Providers of closed models publish no parameter counts,
// so the engine's inference model is run at both ends of the tier's assumed active-parameter range
// (model-apis.json) and the results are merged into one range: low from the small end, high from the large end,
// mid the geometric mean, all to one significant figure — never more precision than the range supports.
// Open-weight models with published sizes go to the engine unchanged. Owned by the model-API work.
import { lookupModel } from '../../data/lookup';
import { apiModelParams, lookupApiModel, modelApis } from '../../data/model-apis';
import { estimateJob, type JobEstimate } from '../../engine';
import type { AnalysisSettings } from '../../settings';
import type { JobFacts, Range3 } from '../../types';

function isRange(x: unknown): x is Range3 {
  return typeof x === 'object' && x !== null && typeof (x as Range3).low === 'number' && typeof (x as Range3).mid === 'number' && typeof (x as Range3).high === 'number';
}

const oneSig = (x: number) => Number(x.toPrecision(1));

function merge(a: Range3, b: Range3): Range3 {
  const low = Math.min(a.low, b.low);
  const high = Math.max(a.high, b.high);
  const mid = a.mid > 0 && b.mid > 0 ? Math.sqrt(a.mid * b.mid) : (a.mid + b.mid) / 2;
  return { low: oneSig(low), mid: oneSig(Math.min(high, Math.max(low, mid))), high: oneSig(high) };
}

/** Merges two estimates field by field: ranges widen to cover both; other values come from `hi`. */
function mergeDeep(lo: unknown, hi: unknown): unknown {
  if (isRange(lo) && isRange(hi)) return merge(lo, hi);
  if (typeof lo === 'object' && lo !== null && typeof hi === 'object' && hi !== null && !Array.isArray(hi)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(hi)) {
      if (k === 'costUSD') continue; // device-hour cost is not what an API customer pays
      out[k] = k in lo ? mergeDeep((lo as Record<string, unknown>)[k], (hi as Record<string, unknown>)[k]) : (hi as Record<string, unknown>)[k];
    }
    return out;
  }
  return hi;
}

function withParams(job: JobFacts, active: number): JobFacts {
  return { ...job, facts: { ...job.facts, params: { value: active, origin: 'inferred' }, activeParams: { value: active, origin: 'inferred' } } };
}

const fmtParams = (n: number) => (n >= 1e12 ? `${n / 1e12}T` : `${n / 1e9}B`);

/** A hosted model the table does not know (a fine-tune, a variable): every tier's range, from nano to frontier. */
function unknownHosted(job: JobFacts, settings: AnalysisSettings, id: string | undefined): JobEstimate | undefined {
  const low = modelApis.tiers.nano.activeParams.low;
  const high = modelApis.tiers.frontier.activeParams.high;
  const lo = estimateJob(withParams(job, low), settings);
  const hi = estimateJob(withParams(job, high), settings);
  if (!lo || !hi) return undefined;
  const out = mergeDeep(lo, hi) as JobEstimate;
  delete out.label;
  delete out.labelRatio;
  delete out.labelBasis;
  out.assumptions = { ...hi.assumptions, activeParams: { low, high, basis: 'unknown hosted model: the range of every tier in model-apis.json' } };
  out.missing = [...new Set(['model', ...(hi.missing ?? [])])];
  out.notes = [
    `${id ? `${id} is not in the model table` : 'the model is not named'}: estimated over ${fmtParams(low)}–${fmtParams(high)} active parameters (every tier, an assumption). Read the range, not the midpoint.`,
    'hosted model: the provider’s hardware, batching and data centre are not known; the engine’s defaults stand in for them',
    ...hi.notes,
  ];
  return out;
}

/** The estimate for any job: model-API jobs of closed models as a parameter-range estimate, others via the engine. */
export function estimateApiJob(job: JobFacts, settings: AnalysisSettings): JobEstimate | undefined {
  const id = job.facts.model?.value;
  const m = job.flavour === 'model-api' && id ? lookupApiModel(id) : undefined;
  if (!m && job.flavour === 'model-api' && !(id && lookupModel(id))) return unknownHosted(job, settings, id);
  if (!m) return estimateJob(job, settings);
  const p = apiModelParams(m);
  const price = m.inputPerMTok !== undefined ? { inputPerMTok: m.inputPerMTok, outputPerMTok: m.outputPerMTok, recorded: modelApis.recorded, source: modelApis.sources[m.provider] } : undefined;
  if (p.published) {
    const e = estimateJob(job, settings);
    if (e && price) e.assumptions = { ...e.assumptions, listPriceUSD: price };
    return e;
  }
  const lo = estimateJob(withParams(job, p.low), settings);
  const hi = estimateJob(withParams(job, p.high), settings);
  if (!lo || !hi) return undefined;
  const out = mergeDeep(lo, hi) as JobEstimate;
  delete out.label;
  delete out.labelRatio;
  delete out.labelBasis;
  out.assumptions = {
    ...hi.assumptions,
    activeParams: { low: p.low, high: p.high, basis: modelApis.tiers[m.tier].basis },
    ...(price ? { listPriceUSD: price } : {}),
  };
  out.notes = [
    `${m.id}: the provider does not publish its size; estimated over ${fmtParams(p.low)}–${fmtParams(p.high)} active parameters (${m.tier} tier, an assumption). Read the range, not the midpoint.`,
    'hosted model: the provider’s hardware, batching and data centre are not known; the engine’s defaults stand in for them',
    ...hi.notes,
  ];
  return out;
}
