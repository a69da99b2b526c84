// Turns a job's facts (plus settings and stated defaults) into the engine's inputs, listing every assumption it
// had to make in `notes`. Facts marked dynamic (CLI flag, env var) are treated as unknown.
import { lookupModel, sizeWordBound, lookupPrice, lookupPue, lookupRegion, matchHardware, providerOf, regionHistory, type ModelInfo, type PriceInfo, type RegionInfo } from '../data/lookup';
import type { Accelerator } from '../data/schema';
import type { AnalysisSettings } from '../settings';
import type { FactName, FactPatch, FactValues, Flavour, JobFacts, Phase, Precision } from '../types';
import { normalisePrecision } from './hardware';
import { DEFAULTS, INFERENCE, INTENSITY_VINTAGE_SOURCE, INTENSITY_VINTAGE_SPREAD, UNKNOWN_PARAMS } from './priors';
import { fixed, range, spread, type Uncertain } from './range';

export interface ResolvedJob {
  phase: Phase;
  modelId?: string;
  model?: ModelInfo;
  params: number;
  activeParams: number;
  /** No model size known: params is the UNKNOWN_PARAMS mid and estimates sample it (rates and fractions only). */
  paramsUnknown: boolean;
  spec: Accelerator;
  devices: number;
  precision: Exclude<Precision, 'auto'>;
  /** Weight precision for inference: the quantization when there is one. */
  weightPrecision: Exclude<Precision, 'auto'>;
  peft: FactValues['peft'];
  gradCheckpointing: boolean;
  compile?: boolean;
  /** Inference with autograd on (false) or off (true); undefined: not known (treated as off). */
  gradDisabled?: boolean;
  /** The model is loaded again for every request or loop iteration. */
  reloadPerCall: boolean;
  /** Training waits on the data pipeline (no DataLoader workers with heavy per-item work). */
  dataStall: boolean;
  /** MoE across devices: experts split across devices (expert parallel) rather than every expert sharded (tensor parallel). */
  expertParallel?: boolean;
  microBatch?: number;
  gradAccum?: number;
  seqLen: number;
  tokens?: number;
  batch: number;
  inputTokens: number;
  outputTokens: number;
  requestsPerDay: number;
  /** The request rate is the job's own (not the settings' default). */
  trafficKnown: boolean;
  /** Inference run once (a script, a notebook): the model calls the run makes, when the code shows them all. */
  requestsPerRun?: number;
  region: RegionInfo;
  intensity: Uncertain;
  pue: Uncertain;
  pueSource: string;
  price?: PriceInfo;
  pricePerDeviceHour?: number;
  notes: string[];
  sources: string[];
  /** Facts the engine did not have and assumed instead (`jobs[].missing`). */
  missing: string[];
}

type Values = Partial<FactValues>;

/** Known fact values (dynamic ones dropped), with a patch applied on top. */
export function factValues(job: JobFacts, patch: FactPatch = {}): Values {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(job.facts)) {
    if (f && !job.dynamic.includes(k as FactName)) out[k] = f.value;
  }
  return { ...(out as Values), ...patch };
}

/** Encoder / vision families answer in one forward pass: no generated tokens by default. */
const SINGLE_PASS = /^(bert|roberta|distilbert|deberta|minilm|vit|electra|albert|xlm-roberta|whisper-encoder)/;

/** Continuous-batching servers fill their batch from the requests in flight, up to max_num_seqs (vLLM default 256). */
const CONTINUOUS_BATCHING: Partial<Record<Flavour, number>> = { vllm: 256, tgi: 256 };

export function resolveJob(phase: Phase, v: Values, settings: AnalysisSettings, flavour?: Flavour): ResolvedJob | { error: string } {
  const notes: string[] = [];
  const sources: string[] = [];
  if (v.device === 'cpu') return { error: 'CPU job: the engine models accelerators only' };

  // Model size.
  const missing: string[] = [];
  const model = v.model ? lookupModel(v.model) : undefined;
  // A size word of an encoder / vision family (`camembert-base`) bounds a size the catalogue lacks: the figures are
  // for that bound, so they overstate such a model's cost (never understate it).
  const bound = v.params === undefined && !model && v.model ? sizeWordBound(v.model) : undefined;
  if (bound) notes.push(`size of ${v.model} not in the catalogue: ${bound.why}; figures are for that bound (an upper bound on its cost)`);
  const known = v.params ?? model?.params ?? bound?.params;
  const paramsUnknown = !known;
  const params = known ?? UNKNOWN_PARAMS.mid;
  if (paramsUnknown) {
    missing.push(v.model ? 'params' : 'model');
    notes.push(v.model ? `size of ${v.model} not known to the catalogue: rates and savings assume ${UNKNOWN_PARAMS.low / 1e6}M–${UNKNOWN_PARAMS.high / 1e9}B parameters` : `no model named: rates and savings assume ${UNKNOWN_PARAMS.low / 1e6}M–${UNKNOWN_PARAMS.high / 1e9}B parameters`);
  }
  const activeParams = paramsUnknown ? params : v.activeParams ?? (v.params === undefined ? model?.activeParams : undefined) ?? params;
  if (model && v.params === undefined) sources.push(`model: ${model.source}`);

  // Hardware.
  let hwName = v.hardware;
  if (!hwName) {
    hwName = settings.hardware ?? DEFAULTS.hardware;
    notes.push(settings.hardware ? `hardware from settings: ${hwName}` : `no hardware stated: assumed ${hwName}`);
    if (!settings.hardware) missing.push('hardware');
  }
  let match = matchHardware(hwName);
  if (!match) {
    notes.push(`unknown hardware "${hwName}": assumed ${DEFAULTS.hardware}`);
    match = matchHardware(DEFAULTS.hardware)!;
  }
  const spec = match.spec;
  sources.push(`hardware: ${spec.source}`);
  let devices = v.devices ?? match.count;
  if (v.devices === undefined && match.count === 1) {
    notes.push('device count not stated: assumed 1');
    missing.push('devices');
  }
  devices = Math.max(1, devices);

  // Precision.
  const fallback: Precision = phase === 'training' ? (spec.peakTFLOPs.bf16 ? 'bf16' : 'fp16') : spec.peakTFLOPs.bf16 ? 'bf16' : 'fp16';
  if (!v.precision) {
    notes.push(`precision not stated: assumed ${fallback}`);
    missing.push('precision');
  }
  const precision = normalisePrecision(v.precision, fallback);
  const weightPrecision: Exclude<Precision, 'auto'> = v.quantization && v.quantization !== 'none' ? v.quantization : precision === 'tf32' ? 'fp32' : precision;

  // Training tokens.
  const seqLen = v.seqLen ?? DEFAULTS.seqLen;
  let tokens = v.tokens;
  if (tokens === undefined && phase === 'training') {
    if (v.steps !== undefined) {
      const mb = v.microBatch ?? 1;
      const ga = v.gradAccum ?? 1;
      if (v.microBatch === undefined) notes.push('micro-batch not stated: assumed 1');
      if (v.seqLen === undefined) notes.push(`sequence length not stated: assumed ${seqLen}`);
      tokens = v.steps * mb * ga * devices * seqLen;
      notes.push(`tokens = steps × micro-batch × accumulation × devices × sequence length = ${v.steps} × ${mb} × ${ga} × ${devices} × ${seqLen}`);
    } else if (v.datasetSize !== undefined) {
      const epochs = v.epochs ?? 1;
      if (v.epochs === undefined) notes.push('epochs not stated: assumed 1');
      const perExample = v.exampleTokens !== undefined ? Math.min(seqLen, v.exampleTokens) : seqLen;
      if (v.seqLen === undefined && v.exampleTokens === undefined) notes.push(`sequence length not stated: assumed ${seqLen} tokens per example`);
      tokens = v.datasetSize * epochs * perExample;
      notes.push(`tokens = examples × epochs × tokens per example = ${v.datasetSize} × ${epochs} × ${perExample}${v.exampleTokens !== undefined ? ' (the dataset\'s mean length)' : ''}`);
    } else {
      missing.push(v.epochs !== undefined ? 'datasetSize' : 'steps');
    }
    if (v.microBatch === undefined && v.steps !== undefined) missing.push('microBatch');
    if (v.seqLen === undefined) missing.push('seqLen');
  }

  // Inference shape.
  const serverBatch = flavour ? CONTINUOUS_BATCHING[flavour] : undefined;
  const batch = Math.max(1, v.inferenceBatch ?? serverBatch ?? DEFAULTS.inferenceBatch);
  if (phase !== 'training' && v.inferenceBatch === undefined) {
    if (!serverBatch) missing.push('inferenceBatch');
    notes.push(serverBatch ? `continuous batching (${flavour}): up to ${batch} sequences in flight, filled as far as the request rate allows` : `inference batch not stated: assumed ${batch}`);
  }
  const singlePass = SINGLE_PASS.test((model?.family ?? '').toLowerCase());
  const outputTokens = v.outputTokens ?? (singlePass ? 0 : DEFAULTS.outputTokens);
  const inputTokens = v.inputTokens ?? INFERENCE.defaultInputTokens;
  if (phase !== 'training') {
    if (v.outputTokens === undefined) notes.push(singlePass ? 'encoder model: one forward pass per request, no generated tokens' : `output length not stated: assumed ${outputTokens} tokens`);
    if (v.inputTokens === undefined) notes.push(`input length not stated: assumed ${inputTokens} tokens`);
    if (v.outputTokens === undefined && !singlePass) missing.push('outputTokens');
    if (v.inputTokens === undefined) missing.push('inputTokens');
  }
  const requestsPerDay = v.requestsPerDay ?? settings.requestsPerDay;
  // A serving deployment runs all day at the settings' request rate; an offline job's total needs its own count.
  const trafficKnown = v.requestsPerDay !== undefined || phase === 'serving';
  if (phase === 'serving' && v.requestsPerDay === undefined) notes.push(`request rate from settings: ${requestsPerDay.toLocaleString('en-US')} requests a day`);
  if (phase !== 'training' && v.requestsPerDay === undefined) missing.push('requestsPerDay');

  // Grid, facility, price.
  const regionName = v.region ?? settings.region;
  let region = regionName ? lookupRegion(regionName) : undefined;
  if (!region) {
    if (regionName) notes.push(`unknown region "${regionName}": world average used`);
    else notes.push('no region stated: world-average grid intensity used');
    missing.push('region');
    region = lookupRegion('world')!;
  }
  const history = regionHistory(region.key).map((r) => r.gCO2PerKWh);
  const intensity: Uncertain =
    history.length > 1
      ? range(Math.min(...history), region.gCO2PerKWh, Math.max(...history))
      : spread(region.gCO2PerKWh, INTENSITY_VINTAGE_SPREAD.low, INTENSITY_VINTAGE_SPREAD.high);
  sources.push(`grid intensity ${region.key} ${region.gCO2PerKWh} g/kWh (${region.year || 'year not stated'}): ${region.source}`);
  if (history.length <= 1) sources.push(`intensity vintage spread: ${INTENSITY_VINTAGE_SOURCE}`);
  const provider = providerOf(region.key);
  let pue: Uncertain;
  let pueSource: string;
  if (settings.pue !== undefined) {
    pue = fixed(settings.pue);
    pueSource = 'settings';
  } else {
    const p = lookupPue(provider);
    pue = range(p.low, p.pue, p.high);
    pueSource = `${p.provider}: ${p.source}`;
    if (!provider) notes.push(`provider unknown: PUE ${p.pue} (industry average)`);
  }
  sources.push(`PUE: ${pueSource}`);
  const price = lookupPrice(spec.name, provider);
  const pricePerDeviceHour = settings.pricePerDeviceHour ?? price?.usdPerHour;
  if (settings.pricePerDeviceHour !== undefined) sources.push('price: settings.pricePerDeviceHour');
  else if (price) sources.push(`price: ${price.source}`);
  else notes.push(`no price for ${spec.name} in the table: cost not estimated`);

  return {
    phase,
    modelId: v.model,
    model,
    params,
    activeParams,
    paramsUnknown,
    spec,
    devices,
    precision,
    weightPrecision,
    peft: v.peft ?? 'none',
    gradCheckpointing: v.gradCheckpointing ?? false,
    compile: v.compile,
    gradDisabled: v.gradDisabled,
    reloadPerCall: v.reloadPerCall === true,
    dataStall: phase === 'training' && v.dataWorkers === 0 && v.perItemWork === 'heavy',
    expertParallel: v.expertParallel ?? (activeParams < params && devices > 1 ? true : undefined),
    microBatch: v.microBatch,
    gradAccum: v.gradAccum,
    seqLen,
    tokens,
    batch,
    inputTokens,
    outputTokens,
    requestsPerDay,
    trafficKnown,
    requestsPerRun: phase === 'inference' && !trafficKnown ? v.requestsPerRun : undefined,
    region,
    intensity,
    pue,
    pueSource,
    price,
    pricePerDeviceHour,
    notes,
    sources,
    missing,
  };
}
