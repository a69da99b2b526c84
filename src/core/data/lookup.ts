// Lookups into the bundled data that rules, extractors and the engine use. The engine owns the data; the three
// lookup signatures (lookupModel, lookupHardware, lookupRegion) are a contract other modules code against.
// Invariant: pure; names are matched case- and punctuation-insensitively; unknown → undefined (never a throw).
import { modelFromConfigJson } from './model-config';
import type { Accelerator, ModelRow } from './schema';
import { acceleratorTable, datasetTable, modelTable, priceTable, pueTable, regionTable } from './tables';

export { modelFromConfigJson } from './model-config';

export interface ModelInfo {
  id: string;
  /** Total parameters. */
  params: number;
  /** Active parameters per token (MoE); equals params for dense models. */
  activeParams: number;
  family?: string;
  layers?: number;
  hiddenSize?: number;
  kvHeads?: number;
  context?: number;
  /** Attention heads and their width (for the KV-cache size). */
  heads?: number;
  headDim?: number;
  /** MoE: routed experts and how many each token uses. */
  experts?: number;
  expertsPerToken?: number;
  /** Hybrid models: layers that hold a KV cache (the rest are state-space). */
  attentionLayers?: number;
  /** Sliding-window attention width, where most layers use one. */
  slidingWindow?: number;
  /** MoE structure: routed expert FFN width, MoE layers, shared experts per MoE layer. */
  moeIntermediate?: number;
  moeLayers?: number;
  sharedExperts?: number;
  /** Scaling of the model's official FP8 checkpoint. */
  fp8Scheme?: 'block' | 'channel';
  /** KV bytes per token over all layers (MLA and other compressed caches). */
  kvBytesPerToken?: number;
  /** Hybrid Mamba models: Mamba layers and their recurrent state per sequence, bytes. */
  mambaLayers?: number;
  ssmStateBytes?: number;
  source: string;
}

export interface HardwareInfo {
  /** Canonical name in the bundled table, e.g. "A100 80GB SXM". */
  name: string;
  vendor: string;
  /** Architecture generation, e.g. "Volta", "Ampere", "Hopper". */
  generation: string;
  /** Release year, for "generations behind". */
  year: number;
  tdpW: number;
  memoryGB: number;
  bf16: boolean;
  fp8: boolean;
  source: string;
  /** Accelerators per named unit ("p4d.24xlarge" → 8, "16x A100" → 16); 1 for a bare device name. */
  count?: number;
}

export interface RegionInfo {
  /** Canonical key, e.g. "gcp:us-central1" or "country:FRA". */
  key: string;
  gCO2PerKWh: number;
  year: number;
  source: string;
  /** Human name of the place, when the table has one. */
  location?: string;
}

// ---------------------------------------------------------------------------------------------
// Models

function normId(id: string): string {
  return id.trim().toLowerCase().replace(/^https?:\/\/huggingface\.co\//, '').replace(/\/+$/, '');
}

let modelIndex: Map<string, ModelRow> | undefined;
function modelsById(): Map<string, ModelRow> {
  if (modelIndex) return modelIndex;
  modelIndex = new Map();
  for (const m of modelTable().models) {
    for (const name of [m.id, ...(m.aliases ?? [])]) {
      const n = normId(name);
      modelIndex.set(n, m);
      // Bare repo names ("Llama-3.1-8B-Instruct") resolve too, unless two orgs share one.
      const bare = n.split('/').pop()!;
      if (!modelIndex.has(bare)) modelIndex.set(bare, m);
    }
  }
  return modelIndex;
}

function infoFromRow(m: ModelRow, id: string): ModelInfo {
  const { aliases: _aliases, ...rest } = m;
  return { ...rest, id };
}

/** "Qwen3-30B-A3B" → 30e9 total / 3e9 active; "opt-350m" → 350e6. Approximate; the source says so. */
function modelFromName(id: string): ModelInfo | undefined {
  const name = normId(id).split('/').pop()!;
  const moe = /(\d+)x(\d+(?:\.\d+)?)b(?![a-z])/.exec(name);
  const size = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)([bm])(?![a-z])/.exec(name);
  const activeMatch = /-a(\d+(?:\.\d+)?)b(?![a-z])/.exec(name);
  let params: number | undefined;
  if (moe) params = Number(moe[1]) * Number(moe[2]) * 1e9;
  else if (size) params = Number(size[1]) * (size[2] === 'b' ? 1e9 : 1e6);
  if (!params || !Number.isFinite(params)) return undefined;
  const activeParams = activeMatch ? Number(activeMatch[1]) * 1e9 : params;
  return { id, params, activeParams: Math.min(activeParams, params), source: 'size read from the model name (approximate)' };
}

// Families whose size names map to fixed parameter counts on the Hugging Face Hub, all below 300M for
// tiny/mini/small/base and above it for large (bert-base 110M / bert-large 340M, roberta-base 125M / large 355M,
// deberta-v3-base 184M, t5-base 220M / t5-large 770M, bart-base 140M / bart-large 406M, clip-vit-base-patch32 151M /
// clip-vit-large 428M, vit-base 86M, whisper-small 244M / medium 769M, xlm-roberta-base 278M, siglip-base 203M). A
// size word alone says nothing for LLM families (Phi-3-mini is 3.8B, DeepSeek-V3-Base 671B), so it counts only
// with one of these family names. mT5 / byT5 (580M at "base", a large vocabulary) are not in the list.
const SIZED_FAMILIES = /(bert|^roberta$|^xlm$|^electra$|^t5$|^bart$|^clip$|^vit$|^siglip$|^dinov2$|^deit$|^beit$|^swin$|^whisper$|^wav2vec2$|^hubert$|^e5$|^bge$|^gte$|^mpnet$|^minilm$|^dpr$|^jina$|^layoutlm(v[23])?$|^blip$|^owlvit$)/;
const SMALL_WORDS = new Set(['tiny', 'mini', 'small', 'base']);
/** The bound a size word stands for (the family sizes above: every tiny/mini/small/base checkpoint is below it). */
export const SMALL_MODEL_BOUND = 299_000_000;

/**
 * An upper bound on the size of a model the table does not know, from a size word of one of the encoder and vision
 * families above (`camembert-base`, `wav2vec2-base`): under 300M parameters, returned as that bound.
 */
export function sizeWordBound(id: string): { params: number; why: string } | undefined {
  const tokens = id.slice(id.lastIndexOf('/') + 1).toLowerCase().split(/[-_.]/);
  const family = tokens.find((t) => SIZED_FAMILIES.test(t));
  const word = tokens.find((t) => SMALL_WORDS.has(t));
  return family && word ? { params: SMALL_MODEL_BOUND, why: `a ${word}-size ${family} model, under 300M parameters` } : undefined;
}

/** Whether the bundled models table has a row for this id (its architecture is one the libraries ship, not a guess from the name). */
export function inModelTable(id: string): boolean {
  const n = normId(id);
  if (!n) return false;
  const index = modelsById();
  return index.has(n) || index.has(n.split('/').pop()!);
}

/** A Hugging Face model id (or a local config.json's text) → its size; undefined if unknown. */
export function lookupModel(id: string): ModelInfo | undefined {
  const text = id.trim();
  if (text.startsWith('{')) return modelFromConfigJson(text);
  const n = normId(text);
  if (!n) return undefined;
  const index = modelsById();
  const hit = index.get(n) ?? index.get(n.split('/').pop()!);
  if (hit) return infoFromRow(hit, text);
  return modelFromName(text);
}

// ---------------------------------------------------------------------------------------------
// Hardware

/** Tokens of a hardware name: lower case, joined where vendors write spaces ("TPU v3" → "tpuv3"). */
function hardwareTokens(name: string): string[] {
  const s = name
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/tpu[\s_-]*(v\d+[a-z]?)/g, 'tpu$1')
    .replace(/\b(v\d+[a-z]?)[\s_-]*tpu/g, 'tpu$1')
    .replace(/gaudi[\s_-]*(\d)/g, 'gaudi$1')
    .replace(/\b(m\d)[\s_-]*(ultra|max|pro)\b/g, '$1$2')
    // "80G" / "80 g" is a memory size; the G of "A10G" is part of the name.
    .replace(/(^|[\s_-])(\d+)\s*g\b/g, '$1$2gb');
  return s.split(/[^a-z0-9]+/).filter(Boolean);
}

function normName(name: string): string {
  return hardwareTokens(name).join('');
}

function toInfo(a: Accelerator, count?: number): HardwareInfo {
  const info: HardwareInfo = {
    name: a.name,
    vendor: a.vendor,
    generation: a.generation,
    year: a.year,
    tdpW: a.tdpW,
    memoryGB: a.memoryGB,
    bf16: a.peakTFLOPs.bf16 !== undefined,
    fp8: a.peakTFLOPs.fp8 !== undefined,
    source: a.source,
  };
  if (count !== undefined) info.count = count;
  return info;
}

export interface HardwareMatch {
  spec: Accelerator;
  count: number;
}

function instanceMatch(raw: string): HardwareMatch | undefined {
  const table = acceleratorTable();
  const n = raw.trim().toLowerCase();
  const byName = (name: string) => table.accelerators.find((a) => a.name === name)!;
  const exact = table.instances.find((i) => i.name === n);
  if (exact) return { spec: byName(exact.accelerator), count: exact.count ?? 1 };
  // An instance family ("g5.2xlarge" → g5) when the size is not in the table.
  const family = table.instances.find((i) => i.count === undefined && n.startsWith(i.name + '.'));
  if (family) return { spec: byName(family.accelerator), count: 1 };
  // GCP "a2-highgpu-4g": the count is in the name.
  const gcp = /^(a2-highgpu|a2-ultragpu|a3-highgpu|a3-megagpu|a3-ultragpu|a4-highgpu|g2-standard)-(\d+)g?$/.exec(n);
  if (gcp) {
    const row = table.instances.find((i) => i.name.startsWith(gcp[1]));
    if (row) return { spec: byName(row.accelerator), count: gcp[1] === 'g2-standard' ? 1 : Number(gcp[2]) };
  }
  return undefined;
}

// Names resolve the same way every time (the tables are bundled): the language server resolves the same few names
// for every job on every keystroke.
const hardwareMatches = new Map<string, HardwareMatch | undefined>();

/** The full spec (peaks, bandwidth, idle power) and how many devices a name stands for; undefined if unknown. */
export function matchHardware(raw: string): HardwareMatch | undefined {
  if (hardwareMatches.has(raw)) return hardwareMatches.get(raw);
  const m = matchHardwareUncached(raw);
  if (hardwareMatches.size > 1000) hardwareMatches.clear();
  hardwareMatches.set(raw, m);
  return m;
}

function matchHardwareUncached(raw: string): HardwareMatch | undefined {
  if (!raw || !raw.trim()) return undefined;
  const inst = instanceMatch(raw);
  if (inst) return inst;
  let name = raw.trim();
  let count = 1;
  const multi = /^(\d+)\s*[x×*]\s*(.+)$/i.exec(name);
  if (multi) {
    count = Number(multi[1]);
    name = multi[2];
  }
  const table = acceleratorTable().accelerators;
  const norm = normName(name);
  const alias = table.find((a) => normName(a.name) === norm || a.aliases.some((x) => normName(x) === norm));
  if (alias) return { spec: alias, count };
  const tokens = new Set(hardwareTokens(name));
  const vocab = new Set(table.flatMap((a) => a.variants));
  const asked = [...tokens].filter((t) => vocab.has(t));
  const candidates = table
    .filter((a) => tokens.has(a.key) && asked.every((t) => a.variants.includes(t) || (/^\d+gb$/.test(t) && a.memoryGB === parseInt(t, 10))))
    .map((a, i) => ({ a, i, score: asked.filter((t) => a.variants.includes(t)).length }));
  if (candidates.length === 0) return undefined;
  // A memory size that none of the candidates has ("A100 90GB") names a device we do not know: no guessing.
  const memAsked = [...tokens].filter((t) => /^\d+gb$/.test(t) && !vocab.has(t)).map((t) => parseInt(t, 10));
  if (memAsked.length && !candidates.some((c) => memAsked.includes(c.a.memoryGB))) return undefined;
  // Ties: the SXM (training) part, then the larger memory — the common default when only the chip is named.
  candidates.sort(
    (x, y) =>
      y.score - x.score ||
      Number(/sxm/i.test(y.a.name)) - Number(/sxm/i.test(x.a.name)) ||
      y.a.memoryGB - x.a.memoryGB ||
      x.i - y.i,
  );
  return { spec: candidates[0].a, count };
}

/** A hardware name as users write it ("a100-80gb", "p4d.24xlarge", "Tesla V100") → the bundled spec. */
export function lookupHardware(name: string): HardwareInfo | undefined {
  const m = matchHardware(name);
  return m ? toInfo(m.spec, m.count) : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** The closest known hardware names to an unknown one (for "unknown hardware" errors). */
export function closestHardwareNames(name: string, limit = 4): string[] {
  const norm = normName(name);
  return acceleratorTable()
    .accelerators.map((a) => ({
      name: a.name,
      d: Math.min(...[a.name, a.key, ...a.aliases].map((x) => editDistance(norm, normName(x)))),
    }))
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map((x) => x.name);
}

// ---------------------------------------------------------------------------------------------
// Regions

/** ISO 3166 alpha-2 → alpha-3 for the countries configs name most (the table is keyed by alpha-3). */
const ISO2: Record<string, string> = {
  us: 'USA', ca: 'CAN', mx: 'MEX', br: 'BRA', cl: 'CHL', ar: 'ARG', co: 'COL', fr: 'FRA', de: 'DEU', gb: 'GBR',
  uk: 'GBR', ie: 'IRL', nl: 'NLD', be: 'BEL', es: 'ESP', it: 'ITA', pt: 'PRT', se: 'SWE', no: 'NOR', fi: 'FIN',
  dk: 'DNK', pl: 'POL', ch: 'CHE', at: 'AUT', cz: 'CZE', gr: 'GRC', hu: 'HUN', ro: 'ROU', is: 'ISL', ee: 'EST',
  lv: 'LVA', lt: 'LTU', lu: 'LUX', sk: 'SVK', si: 'SVN', hr: 'HRV', bg: 'BGR', ua: 'UKR', ru: 'RUS', tr: 'TUR',
  il: 'ISR', sa: 'SAU', ae: 'ARE', qa: 'QAT', eg: 'EGY', za: 'ZAF', ng: 'NGA', ke: 'KEN', in: 'IND', pk: 'PAK',
  bd: 'BGD', cn: 'CHN', hk: 'HKG', tw: 'TWN', jp: 'JPN', kr: 'KOR', sg: 'SGP', my: 'MYS', id: 'IDN', th: 'THA',
  vn: 'VNM', ph: 'PHL', au: 'AUS', nz: 'NZL',
};

const PROVIDER_ALIASES: Record<string, string> = { gcp: 'gcp', google: 'gcp', gce: 'gcp', aws: 'aws', amazon: 'aws', azure: 'azure', microsoft: 'azure', country: 'country' };

type RegionRow = ReturnType<typeof regionTable>['regions'][number];

let regionIndex: Map<string, RegionRow[]> | undefined;
function regionsByKey(): Map<string, RegionRow[]> {
  if (regionIndex) return regionIndex;
  regionIndex = new Map();
  for (const r of regionTable().regions) {
    const k = r.key.toLowerCase();
    const list = regionIndex.get(k) ?? [];
    list.push(r);
    list.sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
    regionIndex.set(k, list);
  }
  return regionIndex;
}

function regionInfo(r: RegionRow): RegionInfo {
  const source = regionTable().sources[r.source] ?? r.source;
  // year 0: the source states no data year.
  return { key: r.key, gCO2PerKWh: r.gCO2PerKWh, year: r.year ?? 0, source: r.year ? source : `${source} (data year not stated)`, location: r.location };
}

function regionRows(region: string): RegionRow[] | undefined {
  const idx = regionsByKey();
  let s = region.trim().toLowerCase();
  if (!s) return undefined;
  if (s === 'world' || s === 'global') return idx.get('world');
  const colon = s.indexOf(':');
  if (colon > 0) {
    const provider = PROVIDER_ALIASES[s.slice(0, colon)];
    const rest = s.slice(colon + 1);
    if (provider === 'country') return countryRows(rest);
    if (!provider) return undefined;
    return idx.get(`${provider}:${rest}`) ?? idx.get(`${provider}:${stripZone(rest)}`) ?? idx.get(`${provider}:${azureId(rest)}`);
  }
  // A country's name ("France") before Azure's same-named geography.
  const country = s.length > 3 ? countryRows(s.replace(/\s+/g, ' ')) : undefined;
  if (country) return country;
  for (const p of ['gcp', 'aws', 'azure']) {
    const hit = idx.get(`${p}:${s}`) ?? idx.get(`${p}:${stripZone(s)}`);
    if (hit) return hit;
  }
  s = s.replace(/\s+/g, ' ');
  return countryRows(s) ?? idx.get(`azure:${azureId(s)}`);
}

/** Azure display names ("East US") and ids ("eastus") are one key. */
function azureId(s: string): string {
  return s.replace(/\(.*?\)/g, '').replace(/[^a-z0-9-]/g, '');
}

/** "us-central1-a" (GCP zone) → "us-central1"; "us-east-1a" (AWS zone) → "us-east-1". */
function stripZone(s: string): string {
  return s.replace(/-[a-f]$/, '').replace(/(\d)[a-f]$/, '$1');
}

function countryRows(s: string): RegionRow[] | undefined {
  const idx = regionsByKey();
  const code = s.length === 2 ? ISO2[s] : s.length === 3 ? s.toUpperCase() : undefined;
  if (code) return idx.get(`country:${code.toLowerCase()}`);
  const byName = regionTable().regions.find((r) => r.key.startsWith('country:') && r.location.toLowerCase() === s);
  return byName ? idx.get(byName.key.toLowerCase()) : undefined;
}

/** A region as configs write it ("us-central1", "gcp:us-central1", "eastus", "FR") → its grid intensity (latest year). */
export function lookupRegion(region: string): RegionInfo | undefined {
  const rows = regionRows(region);
  return rows && rows.length ? regionInfo(rows[0]) : undefined;
}

/** Every year the table holds for a region, newest first (for the intensity-vintage range). */
export function regionHistory(region: string): RegionInfo[] {
  return (regionRows(region) ?? []).map(regionInfo);
}

// ---------------------------------------------------------------------------------------------
// PUE and prices

export interface PueInfo {
  provider: string;
  pue: number;
  low: number;
  high: number;
  source: string;
}

/** PUE for a provider ("gcp", "aws", "azure"); the unknown-provider default otherwise. */
export function lookupPue(provider: string | undefined): PueInfo {
  const rows = pueTable().providers;
  const row = rows.find((p) => p.provider === (provider ?? '').toLowerCase()) ?? rows.find((p) => p.provider === 'unknown')!;
  return { provider: row.provider, pue: row.pue, low: row.low, high: row.high, source: row.source };
}

export interface PriceInfo {
  cloud: string;
  accelerator: string;
  usdPerHour: number;
  basis: string;
  source: string;
}

/** On-demand USD per accelerator-hour; the cloud's row when known, else the median over clouds. */
export function lookupPrice(accelerator: string, cloud?: string): PriceInfo | undefined {
  const table = priceTable();
  const rows = table.prices.filter((p) => p.accelerator === accelerator);
  if (rows.length === 0) return undefined;
  const dated = (p: (typeof rows)[number]): PriceInfo => ({ ...p, source: `${p.source} (${p.basis}; read ${table.dateRead}, ${table.verification})` });
  const own = cloud ? rows.find((p) => p.cloud === cloud) : undefined;
  if (own) return dated(own);
  const sorted = [...rows].sort((a, b) => a.usdPerHour - b.usdPerHour);
  return { ...dated(sorted[Math.floor((sorted.length - 1) / 2)]), cloud: 'any' };
}

/** The provider a region key belongs to ("gcp:us-central1" → "gcp"), for PUE and price. */
export function providerOf(regionKey: string | undefined): string | undefined {
  const p = regionKey?.split(':')[0];
  return p === 'gcp' || p === 'aws' || p === 'azure' ? p : undefined;
}

// ---------------------------------------------------------------------------------------------
// Datasets

export interface DatasetInfo {
  id: string;
  trainExamples: number;
  /** Mean tokens per example (≈ bytes ÷ 4), when the table has the split's bytes. */
  tokensPerExample?: number;
  source: string;
}

/** A training dataset by Hugging Face id ("imdb", "stanfordnlp/imdb") → its train-split size; undefined if unknown. */
export function lookupDataset(id: string, config?: string): DatasetInfo | undefined {
  const n = normId(id);
  const c = config?.trim().toLowerCase();
  const row = datasetTable().datasets.find((d) => [d.id, ...(d.aliases ?? [])].some((x) => normId(x) === n) && (d.config ?? undefined) === (c || undefined));
  return row ? { id: row.config ? `${row.id} (${row.config})` : row.id, trainExamples: row.trainExamples, tokensPerExample: row.bytesPerExample !== undefined ? Math.round(row.bytesPerExample / 4) : undefined, source: row.source } : undefined;
}
