// Building one job from config values: facts with their source, origin and edit builder, dynamic markers, and
// the normalisers every flavour shares (precision spellings, booleans, numbers, model sizes).
import { lookupModel } from '../../data/lookup';
import type { Fact, FactName, FactValues, Flavour, JobFacts, Phase, Precision, SourceRef, TextEdit } from '../../types';
import type { CEntry, CNode, ConfigTree, ScalarValue } from './tree';

/** A value found in a config file: the tree it is in, its node and (for map values) its key. */
export interface Hit {
  tree: ConfigTree;
  node: CNode;
  entry?: CEntry;
}

export function hitRef(hit: Hit): SourceRef {
  return { file: hit.tree.file, span: hit.entry ? hit.entry.span : hit.node.span };
}

/** One setting as any source spells it (a config key, a command-line flag): its value, place and how to change it. */
export interface KeyValue {
  value: ScalarValue;
  ref: SourceRef;
  /** The value is not known statically (an expansion on a command line). */
  dynamic?: boolean;
  set?: (v: ScalarValue) => TextEdit[] | undefined;
  /** Rewrites the whole setting as another key with a value (a command-line flag: `--fp16 false` → `--bf16 true`). */
  replace?: (key: string, v: ScalarValue) => TextEdit[] | undefined;
}

/** A scalar config value as a KeyValue; undefined for maps and lists. */
export function kvOfHit(hit: Hit | undefined): KeyValue | undefined {
  if (!hit || hit.node.kind !== 'scalar') return undefined;
  const { tree, node } = hit;
  return { value: node.value ?? null, ref: hitRef(hit), set: (v) => tree.setValue(node, v) };
}

/** A string that a launcher, env var or Hydra resolver fills in at run time. */
export function isDynamicValue(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  return v.includes('${') || v === '???' || v.startsWith('$') || v.includes('oc.env');
}

export class JobBuilder {
  readonly job: JobFacts;
  constructor(file: string, index: number, flavour: Flavour, phase: Phase, anchor: SourceRef | null) {
    this.job = { id: `${file}#${index}`, file, flavour, phase, anchor, facts: {}, dynamic: [], references: [] };
  }

  /** A builder that adds facts to a job already built. */
  static of(job: JobFacts): JobBuilder {
    const b = new JobBuilder(job.file, 0, job.flavour, job.phase, job.anchor);
    (b as { job: JobFacts }).job = job;
    return b;
  }

  has(name: FactName): boolean {
    return this.job.facts[name] !== undefined || this.job.dynamic.includes(name);
  }

  set<K extends FactName>(name: K, fact: Fact<FactValues[K]>): void {
    (this.job.facts as Record<string, unknown>)[name] = fact;
    this.job.dynamic = this.job.dynamic.filter((d) => d !== name);
  }

  /** Sets a fact only when nothing has set it (or marked it dynamic) yet. */
  setIfAbsent<K extends FactName>(name: K, fact: Fact<FactValues[K]>): void {
    if (!this.has(name)) this.set(name, fact);
  }

  explicit<K extends FactName>(name: K, value: FactValues[K], source: SourceRef, edit?: (v: FactValues[K]) => TextEdit[] | undefined): void {
    this.set(name, { value, source, origin: 'explicit', edit });
  }

  default<K extends FactName>(name: K, value: FactValues[K], edit?: (v: FactValues[K]) => TextEdit[] | undefined): void {
    this.setIfAbsent(name, { value, origin: 'default', edit });
  }

  dynamic(name: FactName): void {
    delete (this.job.facts as Record<string, unknown>)[name];
    if (!this.job.dynamic.includes(name)) this.job.dynamic.push(name);
  }

  reference(file: string): void {
    if (file !== this.job.file && !this.job.references.includes(file)) this.job.references.push(file);
  }

  /**
   * Reads a config value into a fact: dynamic values mark the fact dynamic, values the converter does not know are
   * ignored. `toRaw` turns a new fact value back into the config's spelling, for the edit builder.
   */
  fromKV<K extends FactName>(
    name: K,
    kv: KeyValue | undefined,
    conv: (v: ScalarValue) => FactValues[K] | undefined,
    toRaw?: (v: FactValues[K]) => ScalarValue | undefined,
  ): boolean {
    if (!kv) return false;
    if (kv.dynamic || isDynamicValue(kv.value)) {
      this.dynamic(name);
      return true;
    }
    const v = conv(kv.value);
    if (v === undefined) {
      this.wrongType(kv, conv);
      return false;
    }
    const set = kv.set;
    const edit =
      toRaw && set
        ? (nv: FactValues[K]) => {
            const r = toRaw(nv);
            return r === undefined ? undefined : set(r);
          }
        : undefined;
    this.explicit(name, v, kv.ref, edit);
    return true;
  }

  /**
   * A string where the setting takes a number or true/false (`"eight"`) is a wrong-typed value: noted for the
   * analysis' `errors` by position and what was expected, never quoting the value. Words a framework reads itself
   * (`auto`, `none`, `null`, empty) are not wrong.
   */
  private wrongType(kv: KeyValue, conv: (v: ScalarValue) => unknown): void {
    // what the converter takes, by probing it (converters are pure): a number, or true/false
    const expected = typeof conv(8) === 'number' ? 'a number' : typeof conv(true) === 'boolean' ? 'true or false' : undefined;
    if (!expected || typeof kv.value !== 'string') return;
    if (['', 'auto', 'none', 'null', '~'].includes(kv.value.trim().toLowerCase())) return;
    (this.job.problems ??= []).push({ ref: kv.ref, message: `this setting takes ${expected}; its value is not one, so it was ignored` });
  }

  /** Model id → model fact, and the size from the bundled table when the id is known. */
  model(id: string, source: SourceRef | undefined): void {
    if (isDynamicValue(id)) {
      this.dynamic('model');
      return;
    }
    this.set('model', source ? { value: id, source, origin: 'explicit' } : { value: id, origin: 'inferred' });
    const info = safeLookupModel(id);
    if (info && !this.has('params')) {
      this.set('params', { value: info.params, source, origin: 'inferred' });
      if (info.activeParams !== info.params) this.set('activeParams', { value: info.activeParams, source, origin: 'inferred' });
    } else if (!this.has('params')) {
      const p = paramsFromName(id);
      if (p) this.set('params', { value: p, source, origin: 'inferred' });
    }
    const q = quantizationFromName(id);
    if (q && !this.has('quantization')) this.set('quantization', { value: q, source, origin: 'inferred' });
  }
}

function safeLookupModel(id: string) {
  try {
    return lookupModel(id);
  } catch {
    return undefined;
  }
}

/** A size written in a model name (`Llama-2-70b-hf`, `llama3_1_8b`, `Qwen2.5-0.5B`); MoE names (`8x7b`) excluded. */
export function paramsFromName(id: string): number | undefined {
  const name = id.slice(id.lastIndexOf('/') + 1).toLowerCase();
  if (/\d+x\d+(\.\d+)?b/.test(name)) return undefined;
  const m = /(?:^|[-_.])(\d+(?:\.\d+)?)([bm])(?=$|[-_.])/.exec(name);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === 'b' ? 1e9 : 1e6);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Quantization evident from a checkpoint's name (AWQ/GPTQ/FP8 exports). */
export function quantizationFromName(id: string): FactValues['quantization'] | undefined {
  const name = id.toLowerCase();
  if (/(^|[-_.])(awq|gptq|int4|4bit|bnb-4bit|gguf|exl2)($|[-_.])/.test(name)) return 'int4';
  if (/(^|[-_.])(int8|8bit|w8a8)($|[-_.])/.test(name)) return 'int8';
  if (/(^|[-_.])fp8($|[-_.])/.test(name)) return 'fp8';
  return undefined;
}

export function asBool(v: ScalarValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (s === 'true' || s === 'yes' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === '0') return false;
  }
  if (typeof v === 'number') return v !== 0;
  return undefined;
}

export function asNumber(v: ScalarValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function asString(v: ScalarValue): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A dtype as PyTorch, vLLM, TGI and torchtune spell it → precision. */
export function precisionOfDtype(v: ScalarValue): Precision | undefined {
  const s = String(v).toLowerCase().replace(/^torch\./, '');
  switch (s) {
    case 'float32':
    case 'float':
    case 'fp32':
    case '32':
      return 'fp32';
    case 'float16':
    case 'half':
    case 'fp16':
    case '16':
      return 'fp16';
    case 'bfloat16':
    case 'bf16':
      return 'bf16';
    case 'auto':
      return 'auto';
    case 'fp8':
    case 'float8':
      return 'fp8';
    default:
      return undefined;
  }
}

/** accelerate's `mixed_precision` (`'no'`, fp16, bf16, fp8). */
export function precisionOfAccelerate(v: ScalarValue): Precision | undefined {
  if (v === false || v === null) return 'fp32';
  const s = String(v).toLowerCase();
  if (s === 'no' || s === 'none' || s === 'false') return 'fp32';
  if (s === 'fp16' || s === 'bf16' || s === 'fp8') return s;
  return undefined;
}

/** Lightning's `precision` (32, '32-true', 16, '16-mixed', 'bf16-mixed', 'bf16-true', 'transformer-engine', 64). */
export function precisionOfLightning(v: ScalarValue): Precision | undefined {
  const s = String(v).toLowerCase();
  if (s === '32' || s === '32-true') return 'fp32';
  if (s === '16' || s === '16-mixed' || s === '16-true') return 'fp16';
  if (s === 'bf16' || s === 'bf16-mixed' || s === 'bf16-true') return 'bf16';
  if (s.startsWith('transformer-engine') || s.startsWith('fp8')) return 'fp8';
  return undefined;
}

export function lightningPrecision(p: Precision): ScalarValue | undefined {
  if (p === 'bf16') return 'bf16-mixed';
  if (p === 'fp16') return '16-mixed';
  return undefined;
}

export function quantizationOf(v: ScalarValue): FactValues['quantization'] | undefined {
  if (v === null || v === false) return 'none';
  const s = String(v).toLowerCase();
  if (s === '' || s === 'none' || s === 'null') return 'none';
  if (s.includes('fp8')) return 'fp8';
  if (s.includes('int8') || s === 'eetq' || s === 'bitsandbytes' || s === 'w8a8' || s.includes('8bit')) return 'int8';
  return 'int4'; // awq, gptq, marlin, bitsandbytes-nf4/fp4, gguf, exl2, squeezellm, aqlm...
}
