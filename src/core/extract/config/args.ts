// Hugging Face TrainingArguments-style settings (TrainingArguments YAML/JSON, LLaMA-Factory, Axolotl, and the same
// flags on a launch line) → job facts, read through one small interface so a config key and a command-line flag
// are handled alike. Also merges a referenced DeepSpeed config into the job.
import type { WorkspaceReader } from '../../settings';
import type { Precision, TextEdit } from '../../types';
import { extractDeepSpeed } from './deepspeed';
import { asBool, asNumber, asString, isDynamicValue, kvOfHit, type JobBuilder, type KeyValue } from './job';
import { readReferenced, type LayeredConfig } from './layered';
import { checkpointingElsewhere, peftFromArgs, shapeFromArgs } from './shape';
import { ConfigTree, type ScalarValue } from './tree';

export interface ArgSource {
  file: string;
  get(key: string): KeyValue | undefined;
  /** Inserts a missing top-level setting, when the source can say where. */
  insert?(key: string, v: ScalarValue): TextEdit[] | undefined;
  /** A nested map under a key, as a tree of its own (an inline DeepSpeed config). */
  subTree?(key: string): ConfigTree | undefined;
}

export function configArgs(cfg: LayeredConfig, prefix: string[] = []): ArgSource {
  return {
    file: cfg.main.file,
    get: (key) => kvOfHit(cfg.get([...prefix, key])),
    insert: (key, v) => cfg.main.insert(prefix, key, v),
    subTree: (key) => {
      const hit = cfg.get([...prefix, key]);
      return hit?.node.kind === 'map' ? new ConfigTree(hit.tree.file, hit.tree.text, hit.tree.format, hit.node) : undefined;
    },
  };
}

export interface HfArgOptions {
  /** The source is the whole configuration (a config file), so absent keys take the framework's defaults. */
  complete: boolean;
  /** Keys that load the weights directly in half precision (Axolotl `float16`/`bfloat16`). */
  halfWeightKeys?: Record<string, Precision>;
  /** Extra keys that turn mixed precision on (LLaMA-Factory `pure_bf16`). */
  extraPrecisionKeys?: Record<string, Precision>;
  /** Key spellings, when the flavour renames them. */
  names?: Partial<Record<'microBatch' | 'gradAccum' | 'epochs' | 'steps' | 'seqLen' | 'gradCheckpointing' | 'compile' | 'model', string[]>>;
  /** Framework default for gradient checkpointing (LLaMA-Factory turns it on). */
  gradCheckpointingDefault?: boolean;
  /** Default micro-batch when absent (TrainingArguments: 8). */
  microBatchDefault?: number;
}

/** Keys a custom script may read precision from: when present, the TrainingArguments default is not what runs. */
const OTHER_PRECISION_KEYS = ['amp', 'use_amp', 'mixed_precision', 'precision', 'dtype', 'torch_dtype', 'half', 'half_precision', 'bf16_full_eval'];

const truthy = (v: ScalarValue) => asBool(v) === true || (typeof v === 'string' && v.toLowerCase() === 'auto');

/** Reads the precision settings (bf16 / fp16 / half-weight keys) into the precision fact. */
export function hfPrecision(jb: JobBuilder, src: ArgSource, opts: HfArgOptions): void {
  const bf16 = src.get('bf16');
  const fp16 = src.get('fp16');
  const extra = { ...opts.extraPrecisionKeys, ...opts.halfWeightKeys };
  const all: [string, KeyValue | undefined, Precision][] = [
    ['bf16', bf16, 'bf16'],
    ['fp16', fp16, 'fp16'],
    ...Object.entries(extra).map(([k, p]): [string, KeyValue | undefined, Precision] => [k, src.get(k), p]),
  ];
  if (all.some(([, kv]) => kv && (kv.dynamic || isDynamicValue(kv.value)))) {
    jb.dynamic('precision');
    return;
  }
  for (const [, kv, p] of all) {
    if (kv && truthy(kv.value)) {
      jb.explicit('precision', p, kv.ref);
      return;
    }
  }
  const edit = (p: Precision): TextEdit[] | undefined => {
    if (p !== 'bf16' && p !== 'fp16') return undefined;
    const kv = p === 'bf16' ? bf16 : fp16;
    if (kv?.set) return kv.set(true);
    return src.insert?.(p, true) ?? off?.replace?.(p, true);
  };
  const off = bf16 ?? fp16;
  if (off && asBool(off.value) === false) jb.explicit('precision', 'fp32', off.ref, edit);
  else if (opts.complete && !OTHER_PRECISION_KEYS.some((k) => src.get(k) !== undefined)) jb.default('precision', 'fp32', edit);
}

export function extractHfArgs(jb: JobBuilder, src: ArgSource, workspace: WorkspaceReader, opts: HfArgOptions): void {
  const names = opts.names ?? {};
  const pick = (k: keyof NonNullable<HfArgOptions['names']>, fallback: string[]) => {
    for (const n of names[k] ?? fallback) {
      const kv = src.get(n);
      if (kv) return { kv, key: n };
    }
    return undefined;
  };
  const posInt = (v: ScalarValue) => {
    const n = asNumber(v);
    return n !== undefined && n >= 0 ? n : undefined;
  };

  const model = pick('model', ['model_name_or_path', 'base_model', 'model_id', 'model']);
  const modelId = model ? asString(model.kv.value) : undefined;
  if (model && modelId) jb.model(modelId, model.kv.ref);

  const mb = pick('microBatch', ['per_device_train_batch_size']);
  if (!jb.fromKV('microBatch', mb?.kv, posInt, (v) => v) && opts.complete && opts.microBatchDefault !== undefined) {
    jb.default('microBatch', opts.microBatchDefault);
  }
  const ga = pick('gradAccum', ['gradient_accumulation_steps']);
  if (!jb.fromKV('gradAccum', ga?.kv, posInt, (v) => v) && opts.complete) {
    const k = (names.gradAccum ?? ['gradient_accumulation_steps'])[0];
    jb.default('gradAccum', 1, (v) => src.insert?.(k, v));
  }
  jb.fromKV('epochs', pick('epochs', ['num_train_epochs'])?.kv, asNumber);
  const steps = pick('steps', ['max_steps'])?.kv;
  if (steps && (asNumber(steps.value) ?? -1) > 0) jb.fromKV('steps', steps, asNumber);
  // TRL's SFT / DPO / reward configs and ms-swift call the training sequence length `max_length`.
  jb.fromKV('seqLen', pick('seqLen', ['max_seq_length', 'model_max_length', 'max_length', 'max_seq_len', 'block_size'])?.kv, posInt);

  hfPrecision(jb, src, opts);

  const gcKey = pick('gradCheckpointing', ['gradient_checkpointing']);
  // Axolotl also takes `unsloth` / `offload` (checkpointing with activation offload): any such word means on
  const gcOn = (v: ScalarValue) => asBool(v) ?? (typeof v === 'string' && /^[a-z_]+$/i.test(v) ? true : undefined);
  if (!jb.fromKV('gradCheckpointing', gcKey?.kv, gcOn, (v) => v) && opts.complete) {
    const k = (names.gradCheckpointing ?? ['gradient_checkpointing'])[0];
    const def = opts.gradCheckpointingDefault ?? false;
    jb.default('gradCheckpointing', def, def ? undefined : (v) => src.insert?.(k, v));
  }
  checkpointingElsewhere(jb, src, workspace);
  const compile = pick('compile', ['torch_compile']);
  if (!jb.fromKV('compile', compile?.kv, asBool, (v) => v) && opts.complete) jb.default('compile', false);

  for (const k of ['use_cpu', 'no_cuda']) {
    const kv = src.get(k);
    if (kv && asBool(kv.value) === true) jb.explicit('device', 'cpu', kv.ref);
  }
  if (opts.complete) jb.default('device', 'gpu');

  peftFromArgs(jb, src);
  shapeFromArgs(jb, src);

  const ds = src.get('deepspeed');
  const dsPath = ds ? asString(ds.value) : undefined;
  if (ds && dsPath && !isDynamicValue(dsPath) && /\.json$/i.test(dsPath)) mergeDeepSpeed(jb, src.file, dsPath, workspace);
  const inline = src.subTree?.('deepspeed');
  if (inline) extractDeepSpeed(jb, inline, { asReference: true });
}

/** Reads a referenced DeepSpeed JSON and lets its explicit settings override the trainer's. */
export function mergeDeepSpeed(jb: JobBuilder, fromFile: string, rel: string, workspace: WorkspaceReader): void {
  const tree = readReferenced(workspace, fromFile, rel);
  if (!tree) return;
  jb.reference(tree.file);
  extractDeepSpeed(jb, tree, { asReference: true });
}
