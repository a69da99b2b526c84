// Training config flavours other than TrainingArguments and DeepSpeed: accelerate, PyTorch Lightning / Hydra,
// Axolotl, LLaMA-Factory and torchtune. Each reads a LayeredConfig (the file plus what it composes) into a job.
import type { WorkspaceReader } from '../../settings';
import type { FactValues, Precision } from '../../types';
import { configArgs, extractHfArgs, mergeDeepSpeed } from './args';
import {
  asBool,
  asNumber,
  asString,
  hitRef,
  isDynamicValue,
  kvOfHit,
  lightningPrecision,
  paramsFromName,
  precisionOfAccelerate,
  precisionOfDtype,
  precisionOfLightning,
  quantizationOf,
  type JobBuilder,
} from './job';
import type { LayeredConfig } from './layered';
import type { CNode } from './tree';

const posNum = (v: unknown) => {
  const n = asNumber(v as never);
  return n !== undefined && n >= 0 ? n : undefined;
};

// --- accelerate -------------------------------------------------------------------------------

export function extractAccelerate(jb: JobBuilder, cfg: LayeredConfig, workspace: WorkspaceReader): void {
  jb.fromKV('devices', kvOfHit(cfg.get(['num_processes'])), posNum);
  const cpu = kvOfHit(cfg.get(['use_cpu']));
  if (cpu && asBool(cpu.value) === true) jb.explicit('device', 'cpu', cpu.ref);
  jb.default('device', 'gpu');
  const mp = kvOfHit(cfg.get(['mixed_precision']));
  jb.fromKV('precision', mp, precisionOfAccelerate, (p) => (p === 'bf16' || p === 'fp16' || p === 'fp8' ? p : undefined));
  // A DeepSpeed config file named here decides precision and batch when it sets them explicitly.
  const dsFile = asString(cfg.get(['deepspeed_config', 'deepspeed_config_file'])?.node.value ?? null);
  if (dsFile && !isDynamicValue(dsFile) && dsFile !== 'none') mergeDeepSpeed(jb, cfg.main.file, dsFile, workspace);
  const region = kvOfHit(cfg.get(['region']));
  if (region && typeof region.value === 'string') jb.fromKV('region', region, (v) => (typeof v === 'string' ? `aws:${v}` : undefined));
  const inst = kvOfHit(cfg.get(['ec2_instance_type']));
  if (inst) jb.fromKV('hardware', inst, asString);
}

// --- PyTorch Lightning / Hydra ------------------------------------------------------------------

const LIGHTNING_KEYS = ['max_epochs', 'max_steps', 'accelerator', 'devices', 'precision', 'accumulate_grad_batches', 'strategy', 'gpus', 'num_nodes', 'gradient_clip_val', 'check_val_every_n_epoch', 'log_every_n_steps'];

export function looksLikeLightningTrainer(keys: readonly string[]): boolean {
  return keys.filter((k) => LIGHTNING_KEYS.includes(k)).length >= 2 || (keys.includes('_target_') && keys.includes('max_epochs'));
}

/** `trainerPath` is where the Trainer's arguments sit: ['trainer'] in a full config, [] in a Hydra trainer group file. */
export function extractLightning(jb: JobBuilder, cfg: LayeredConfig, trainerPath: string[]): void {
  const t = (k: string) => cfg.get([...trainerPath, k]);
  const acc = kvOfHit(t('accelerator'));
  const accV = acc ? String(acc.value).toLowerCase() : undefined;
  if (acc && accV === 'cpu') jb.explicit('device', 'cpu', acc.ref);
  else if (acc && (accV === 'tpu' || accV === 'xla')) jb.explicit('device', 'tpu', acc.ref);
  else if (acc && isDynamicValue(acc.value)) jb.dynamic('device');
  else jb.default('device', 'gpu');
  const dev = kvOfHit(t('devices')) ?? kvOfHit(t('gpus'));
  jb.fromKV('devices', dev, (v) => (typeof v === 'number' ? v : undefined));

  const prec = kvOfHit(t('precision'));
  const trainerHit = trainerPath.length > 0 ? cfg.get(trainerPath) : undefined;
  const trainerElsewhere = trainerHit !== undefined && trainerHit.tree !== cfg.main;
  if (!jb.fromKV('precision', prec, precisionOfLightning, lightningPrecision) && !prec && !trainerElsewhere) {
    // Lightning's default is 32-true. A trainer map in this file can take the missing key; a trainer composed
    // from another file is reported there.
    const insertAt = cfg.main.get(trainerPath)?.kind === 'map' ? trainerPath : undefined;
    jb.default('precision', 'fp32', (p) => {
      const raw = lightningPrecision(p);
      return raw !== undefined && insertAt ? cfg.main.insert(insertAt, 'precision', raw) : undefined;
    });
  }
  jb.fromKV('epochs', kvOfHit(t('max_epochs')), posNum);
  const steps = kvOfHit(t('max_steps'));
  if (steps && (asNumber(steps.value) ?? -1) > 0) jb.fromKV('steps', steps, posNum);
  if (!jb.fromKV('gradAccum', kvOfHit(t('accumulate_grad_batches')), posNum, (v) => v) && !trainerElsewhere) {
    const insertAt = cfg.main.get(trainerPath)?.kind === 'map' ? trainerPath : undefined;
    jb.default('gradAccum', 1, (v) => (insertAt ? cfg.main.insert(insertAt, 'accumulate_grad_batches', v) : undefined));
  }
  const bs = kvOfHit(cfg.first(['data', 'batch_size'], ['datamodule', 'batch_size'], ['data', 'init_args', 'batch_size'], ['data', 'train_batch_size']));
  jb.fromKV('microBatch', bs, posNum, (v) => v);
}

// --- Axolotl ------------------------------------------------------------------------------------

export function extractAxolotl(jb: JobBuilder, cfg: LayeredConfig, workspace: WorkspaceReader): void {
  const src = configArgs(cfg);
  extractHfArgs(jb, src, workspace, {
    complete: true,
    halfWeightKeys: { float16: 'fp16', bfloat16: 'bf16', fp8: 'fp8' },
    names: { microBatch: ['micro_batch_size'], epochs: ['num_epochs'], seqLen: ['sequence_len'], model: ['base_model'] },
    microBatchDefault: 1,
  });
  // Axolotl derives accumulation from `batch_size` / `micro_batch_size` when only the total is given.
  const total = kvOfHit(cfg.get(['batch_size']));
  const mb = jb.job.facts.microBatch?.value;
  const totalN = total ? asNumber(total.value) : undefined;
  if (total && jb.job.facts.gradAccum?.origin === 'default') {
    if (totalN !== undefined && mb) jb.set('gradAccum', { value: Math.max(1, Math.floor(totalN / mb)), source: total.ref, origin: 'inferred' });
    else jb.dynamic('gradAccum');
  }
  peftAndQuant(jb, cfg);
}

function peftAndQuant(jb: JobBuilder, cfg: LayeredConfig): void {
  const adapter = kvOfHit(cfg.get(['adapter']));
  const a = adapter ? String(adapter.value).toLowerCase() : '';
  const q4 = kvOfHit(cfg.get(['load_in_4bit']));
  const q8 = kvOfHit(cfg.get(['load_in_8bit']));
  if (q4 && asBool(q4.value)) jb.explicit('quantization', 'int4', q4.ref);
  else if (q8 && asBool(q8.value)) jb.explicit('quantization', 'int8', q8.ref);
  if (adapter && (a === 'lora' || a === 'qlora')) jb.explicit('peft', a, adapter.ref);
  else if (!adapter || adapter.value === null) jb.default('peft', 'none');
}

// --- LLaMA-Factory ------------------------------------------------------------------------------

export function extractLlamaFactory(jb: JobBuilder, cfg: LayeredConfig, workspace: WorkspaceReader): void {
  const src = configArgs(cfg);
  extractHfArgs(jb, src, workspace, {
    complete: true,
    extraPrecisionKeys: { pure_bf16: 'bf16' },
    names: { seqLen: ['cutoff_len'] },
    microBatchDefault: 8,
    // LLaMA-Factory enables gradient checkpointing unless `disable_gradient_checkpointing: true`.
    gradCheckpointingDefault: true,
  });
  const off = kvOfHit(cfg.get(['disable_gradient_checkpointing']));
  if (off && asBool(off.value) === true) jb.explicit('gradCheckpointing', false, off.ref, (v) => (v ? off.set?.(false) : undefined));
  else jb.set('gradCheckpointing', { value: true, origin: 'default' }); // HF's own `gradient_checkpointing` key is not what LLaMA-Factory reads
  const ft = kvOfHit(cfg.get(['finetuning_type']));
  const qb = kvOfHit(cfg.get(['quantization_bit']));
  const bits = qb ? asNumber(qb.value) : undefined;
  if (qb && bits) jb.explicit('quantization', bits <= 4 ? 'int4' : 'int8', qb.ref);
  if (ft) {
    const v = String(ft.value).toLowerCase();
    if (v === 'lora') jb.explicit('peft', bits ? 'qlora' : 'lora', ft.ref);
    else if (v === 'full' || v === 'freeze') jb.explicit('peft', 'none', ft.ref);
  } else jb.default('peft', 'lora'); // LLaMA-Factory's default finetuning_type
}

// --- torchtune ----------------------------------------------------------------------------------

export function extractTorchtune(jb: JobBuilder, cfg: LayeredConfig): void {
  const dtype = kvOfHit(cfg.get(['dtype']));
  jb.fromKV('precision', dtype, precisionOfDtype, (p) => (p === 'bf16' ? 'bf16' : p === 'fp16' ? 'fp16' : undefined));
  jb.fromKV('microBatch', kvOfHit(cfg.get(['batch_size'])), posNum, (v) => v);
  if (!jb.fromKV('gradAccum', kvOfHit(cfg.get(['gradient_accumulation_steps'])), posNum, (v) => v)) jb.default('gradAccum', 1);
  jb.fromKV('epochs', kvOfHit(cfg.get(['epochs'])), posNum);
  jb.fromKV('gradCheckpointing', kvOfHit(cfg.get(['enable_activation_checkpointing'])), asBool, (v) => v);
  jb.fromKV('compile', kvOfHit(cfg.get(['compile'])), asBool, (v) => v);
  jb.fromKV('seqLen', kvOfHit(cfg.get(['tokenizer', 'max_seq_len'])), posNum);
  const device = kvOfHit(cfg.get(['device']));
  if (device && String(device.value).toLowerCase() === 'cpu') jb.explicit('device', 'cpu', device.ref);
  else jb.default('device', 'gpu');
  const comp = cfg.get(['model', '_component_']);
  const name = comp && typeof comp.node.value === 'string' ? comp.node.value : undefined;
  if (name && comp) {
    const last = name.slice(name.lastIndexOf('.') + 1);
    const peft: FactValues['peft'] = last.startsWith('qlora') ? 'qlora' : last.startsWith('lora') ? 'lora' : 'none';
    jb.explicit('peft', peft, hitRef(comp));
    const p = paramsFromName(last);
    if (p) jb.set('params', { value: p, source: hitRef(comp), origin: 'inferred' });
  }
}

// --- vLLM / TGI serve configs -------------------------------------------------------------------

export function extractServe(jb: JobBuilder, cfg: LayeredConfig, flavour: 'vllm' | 'tgi'): void {
  const get = (...names: string[]) => kvOfHit(cfg.first(...names.map((n) => [n])));
  const model = flavour === 'vllm' ? get('model') : get('model-id', 'model_id');
  const id = model ? asString(model.value) : undefined;
  if (model && id) jb.model(id, model.ref);
  const dtype = get('dtype');
  const toRaw = (p: Precision) => (p === 'bf16' ? 'bfloat16' : p === 'fp16' ? 'float16' : p === 'auto' && flavour === 'vllm' ? 'auto' : undefined);
  if (!jb.fromKV('precision', dtype, precisionOfDtype, toRaw)) jb.default('precision', 'auto');
  const q = flavour === 'vllm' ? get('quantization', 'q') : get('quantize');
  if (!jb.fromKV('quantization', q, quantizationOf)) {
    const k = flavour === 'vllm' ? 'quantization' : 'quantize';
    jb.default('quantization', 'none', (v) => (v === 'fp8' ? cfg.main.insert([], k, 'fp8') : undefined));
  }
  const tp = flavour === 'vllm' ? get('tensor-parallel-size', 'tensor_parallel_size', 'tp') : get('num-shard', 'num_shard');
  jb.fromKV('devices', tp, posNum);
  const dev = get('device');
  if (dev && String(dev.value).toLowerCase() === 'cpu') jb.explicit('device', 'cpu', dev.ref);
  else jb.default('device', 'gpu');
}

// --- Hardware names in cloud launch configs -----------------------------------------------------

/** SkyPilot's `accelerators:` (`A100:8`, `{A100: 8}`, `[V100, T4]`) → hardware name and count. */
export function parseAccelerators(v: unknown): { name: string; count?: number } | undefined {
  if (typeof v !== 'string') return undefined;
  const [name, count] = v.split(':');
  if (!name || isDynamicValue(name)) return undefined;
  const n = count !== undefined ? Number(count) : undefined;
  return { name: name.trim(), count: n !== undefined && Number.isFinite(n) ? n : undefined };
}


// --- OLMo (allenai/OLMo TrainConfig YAML) --------------------------------------------------------

/** An OLMo TrainConfig: a `model:` block with OLMo's sizes and the trainer's batch keys. */
export function looksLikeOlmo(cfg: LayeredConfig): boolean {
  const model = cfg.keysAt(['model']);
  const top = cfg.keysAt([]);
  return model.includes('d_model') && model.includes('n_layers') && (top.includes('device_train_microbatch_size') || top.includes('global_train_batch_size')) && !top.includes('train_loader');
}

/**
 * OLMo's TrainConfig (olmo/config.py at allenai/OLMo 59a53e3f68e5): `precision` amp_bf16 / amp_fp16 / fp32,
 * `device_train_microbatch_size` (default 16), accumulation derived at launch from `global_train_batch_size` and the
 * world size, `compile: Optional[CompilerConfig] = None` (null: no torch.compile; scripts/train.py compiles only when
 * it is set), `activation_checkpointing: Optional[strategy] = None`, `max_duration` in steps, epochs (`2ep`) or
 * tokens (`2e12T`), the model's size from `d_model`, `n_layers`, `mlp_hidden_size` / `mlp_ratio` and the vocabulary.
 */
export function extractOlmo(jb: JobBuilder, cfg: LayeredConfig): void {
  const kv = (...path: string[]) => kvOfHit(cfg.get(path));
  jb.fromKV('precision', kv('precision'), (v) => {
    const s = String(v).toLowerCase();
    return s === 'amp_bf16' ? 'bf16' : s === 'amp_fp16' ? 'fp16' : s === 'fp32' ? 'fp32' : undefined;
  }, (p) => (p === 'bf16' ? 'amp_bf16' : p === 'fp16' ? 'amp_fp16' : undefined));
  if (!jb.fromKV('microBatch', kv('device_train_microbatch_size'), posNum, (v) => v)) jb.default('microBatch', 16);
  jb.dynamic('gradAccum'); // global_train_batch_size // (world size × micro-batch), known at launch
  const seq = kv('model', 'max_sequence_length');
  if (!jb.fromKV('seqLen', seq, posNum)) jb.default('seqLen', 1024);
  const dur = kv('max_duration');
  const d = dur ? String(dur.value).replace(/_/g, '').trim() : undefined;
  if (dur && d && !isDynamicValue(d)) {
    const tokens = /^([\d.e+]+)T$/i.exec(d);
    const epochs = /^([\d.]+)ep$/i.exec(d);
    if (tokens && Number.isFinite(Number(tokens[1]))) jb.explicit('tokens', Number(tokens[1]), dur.ref);
    else if (epochs) jb.explicit('epochs', Number(epochs[1]), dur.ref);
    else if (asNumber(d) !== undefined) jb.explicit('steps', asNumber(d)!, dur.ref);
  }
  const compile = cfg.get(['compile']);
  const entry = compile?.entry;
  if (compile && entry) {
    const n = compile.node;
    if (n.kind === 'map') jb.explicit('compile', true, hitRef(compile));
    else if (n.kind === 'scalar' && (n.value === null || n.value === false)) {
      const tree = compile.tree;
      const comment = lineCommentAfter(tree.text, n.span.end);
      // `compile: null  # causes instability on AMD GPUs`: a choice with its reason, not an oversight
      // OLMo compiles only with FSDP's use_orig_params on (its default; FSDPConfig says so): off, the advice is moot
      const origParams = cfg.get(['fsdp', 'use_orig_params'])?.node.value;
      if ((!comment || !givesReason(comment)) && origParams !== false) jb.explicit('compile', false, hitRef(compile), (on) => (on ? [{ file: tree.file, span: n.span, newText: '{fullgraph: false}' }] : undefined));
      else jb.explicit('compile', false, hitRef(compile));
    }
  } else jb.default('compile', false);
  const ac = kv('activation_checkpointing');
  if (ac) jb.fromKV('gradCheckpointing', ac, (v) => (v === null || v === false || String(v).toLowerCase() === 'false' ? false : typeof v === 'string' || v === true ? true : undefined));
  else jb.default('gradCheckpointing', false);
  jb.default('peft', 'none');
  jb.default('device', 'gpu');
  const params = olmoParams(cfg);
  if (params) jb.set('params', { value: params, source: hitRef(cfg.get(['model'])!), origin: 'inferred' });
}

/** Transformer parameters from OLMo's model block: attention 4·d², MLP (SwiGLU: 3·d·H/2, else 2·d·H), embeddings. */
function olmoParams(cfg: LayeredConfig): number | undefined {
  const n = (k: string) => asNumber(cfg.get(['model', k])?.node.value ?? null);
  const d = n('d_model');
  const layers = n('n_layers');
  if (!d || !layers) return undefined;
  const swiglu = String(cfg.get(['model', 'activation_type'])?.node.value ?? 'swiglu').toLowerCase() === 'swiglu';
  const hidden = n('mlp_hidden_size') ?? (n('mlp_ratio') ?? 4) * d;
  const mlp = swiglu ? 3 * d * (hidden / 2) : 2 * d * hidden;
  const vocab = n('embedding_size') ?? n('vocab_size') ?? 50304;
  const tied = cfg.get(['model', 'weight_tying'])?.node.value !== false;
  return layers * (4 * d * d + mlp) + vocab * d * (tied ? 1 : 2);
}

/** A comment that says why a setting is what it is (a failure it avoids), not a note or a to-do. */
export function givesReason(comment: string): boolean {
  return /\b(because|caus|due to|instab|unstable|crash|hang|fail|break|broken|bug|issue|error|incompatib|not (yet )?supported|doesn'?t work|does not work|slow|oom|out of memory|nan|diverg)/i.test(comment);
}

/** The comment that ends the line at `offset` (`value  # why`), if any. */
export function lineCommentAfter(text: string, offset: number): string | undefined {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  const rest = text.slice(offset, end);
  const at = rest.indexOf('#');
  return at >= 0 && /^\s*$/.test(rest.slice(0, at)) ? rest.slice(at + 1).trim() || undefined : undefined;
}

// --- SpeechBrain --------------------------------------------------------------------------------

/** A SpeechBrain object tag (`!new:speechbrain.nnet.linear.Linear`, `!name:speechbrain.nnet.schedulers.NewBobScheduler`). */
const SPEECHBRAIN_TAG = /^!(new|name|apply):speechbrain\./;

function speechBrainTagged(n: CNode | undefined, depth = 0): boolean {
  if (!n || depth > 3) return false;
  if (n.tag && SPEECHBRAIN_TAG.test(n.tag)) return true;
  for (const e of n.entries ?? []) if (speechBrainTagged(e.node, depth + 1)) return true;
  for (const i of n.items ?? []) if (speechBrainTagged(i, depth + 1)) return true;
  return false;
}

/**
 * A SpeechBrain training hyperparameter file: HyperPyYAML that builds SpeechBrain objects (`!new:speechbrain.…`)
 * and sets `number_of_epochs` (inference hparams have none; `Brain.fit` reads the epoch counter from it).
 */
export function looksLikeSpeechBrainTraining(cfg: LayeredConfig): boolean {
  const root = cfg.main.root;
  return !!root?.entries?.some((e) => e.key === 'number_of_epochs') && speechBrainTagged(root);
}

/**
 * SpeechBrain's `precision` hyperparameter (`fp32`, `fp16`, `bf16`): `Brain` runs the forward pass under
 * `torch.autocast` for the half ones, fp32 otherwise; the command line's `--precision` overrides the file
 * (speechbrain/core.py, run_opt_defaults `"precision": "fp32"`). Where the file sets none (or takes it by
 * `!ref`), the launch decides: no fact.
 */
export function extractSpeechBrain(jb: JobBuilder, cfg: LayeredConfig): void {
  const hit = cfg.get(['precision']);
  if (!hit || hit.node.tag || hit.node.kind !== 'scalar') jb.dynamic('precision');
  else jb.fromKV('precision', kvOfHit(hit), (v) => (v === 'fp32' || v === 'fp16' || v === 'bf16' ? v : undefined), (p) => (p === 'bf16' || p === 'fp16' ? p : undefined));
  jb.default('device', 'gpu');
  const epochs = cfg.get(['number_of_epochs']);
  if (epochs && !epochs.node.tag) jb.fromKV('epochs', kvOfHit(epochs), posNum);
  const bs = cfg.get(['batch_size']);
  if (bs && !bs.node.tag) jb.fromKV('microBatch', kvOfHit(bs), posNum);
}
