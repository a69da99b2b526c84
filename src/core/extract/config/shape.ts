// What decides a training job's batch shape besides the batch keys themselves, read from config keys and launch
// flags: an online RL recipe (the per-device batch counts completions of one prompt group), context / sequence
// parallelism (one sequence split over devices, frameworks take micro-batch 1), the optimizer fused into the backward
// pass (no accumulation possible), multimodal inputs (one sample is many tokens), and the evaluation passes a training
// job runs (their batch size and whether they run). Facts keep the key that set them as their source.
import { resolveDefault } from '../../data/library-defaults';
import type { WorkspaceReader } from '../../settings';
import type { FactValues } from '../../types';
import { declaredVersion } from '../deps';
import type { ArgSource } from './args';
import { asBool, asNumber, asString, isDynamicValue, kvOfHit, type JobBuilder, type KeyValue } from './job';
import type { CNode, ConfigTree } from './tree';

/**
 * Online RL recipes, by the keys only they have: TRL GRPO/RLOO `num_generations` and `reward_funcs` (trl/trainer/
 * grpo_config.py, rloo_config.py), TRL PPO `num_ppo_epochs`, ms-swift `rlhf_type`, LLaMA-Factory `stage: ppo`,
 * Axolotl `rl: grpo`, OpenRLHF `n_samples_per_prompt` / `rollout_batch_size`, verl's `actor_rollout_ref` block.
 */
const RL_KEYS = ['num_generations', 'reward_funcs', 'num_ppo_epochs', 'n_samples_per_prompt', 'rollout_batch_size'];
const RL_TYPES = new Set(['grpo', 'ppo', 'rloo', 'gkd', 'reinforce_plus_plus', 'reinforce++', 'dapo', 'gspo', 'online_dpo']);
/** Keys whose value names the recipe (ms-swift `rlhf_type`, LLaMA-Factory `stage`, Axolotl `rl`). */
const RECIPE_KEYS = ['rlhf_type', 'stage', 'rl'];

/**
 * Context / sequence parallel degrees (numbers; Megatron's boolean `sequence_parallel` is a tensor-parallel detail and
 * does not count): Megatron / NeMo / nanotron `context_parallel_size`, accelerate `parallelism_config_cp_size`,
 * Axolotl `sequence_parallel_degree` / `context_parallel_size`, ms-swift and LLaMA-Factory `sequence_parallel_size`,
 * verl `ulysses_sequence_parallel_size`, torchtune `context_parallel_dim`.
 */
const CP_KEYS = [
  'context_parallel_size', 'context_parallel_degree', 'context_parallel_dim', 'cp_size', 'cp_degree', 'parallelism_config_cp_size',
  'sequence_parallel_size', 'sequence_parallel_degree', 'ulysses_sequence_parallel_size', 'ulysses_degree', 'sp_size',
];

/** Evaluation during training: HF `do_eval`, an eval strategy other than "no", qlora's `do_mmlu_eval`. */
const EVAL_STRATEGY_KEYS = ['eval_strategy', 'evaluation_strategy'];

/**
 * Model ids of vision-language and video models (their processors turn one sample into hundreds or thousands of
 * tokens). Contrastive encoders (CLIP, SigLIP) are not here: for them a large batch is the point.
 */
const MULTIMODAL_ID = /(^|[-_/.])(vl|vlm|vision|visual|video|llava|idefics\d?|smolvlm\d?|pixtral|paligemma\d?|florence|blip\d?|internvl[\d.]*|minicpm-[vo]|omni|qwen[\d.]*-?vl|glm-?4v|molmo)($|[-_/.\d])/i;

export function multimodalModel(id: string): boolean {
  return MULTIMODAL_ID.test(id);
}

const RL_VALUE = (v: unknown) => RL_TYPES.has(String(v).toLowerCase());

/** Reads the shape facts from a flat argument source (a config's top level, or a launch line's flags). */
export function shapeFromArgs(jb: JobBuilder, src: ArgSource): void {
  if (!jb.has('onlineRL')) {
    for (const k of RL_KEYS) {
      const kv = src.get(k);
      if (kv && !(kv.value === null || kv.value === false)) {
        jb.explicit('onlineRL', true, kv.ref);
        break;
      }
    }
  }
  if (!jb.has('onlineRL')) {
    for (const k of RECIPE_KEYS) {
      const kv = src.get(k);
      if (kv && !kv.dynamic && RL_VALUE(kv.value)) {
        jb.explicit('onlineRL', true, kv.ref);
        break;
      }
    }
  }
  if (!jb.has('contextParallel')) {
    for (const k of CP_KEYS) if (cpDegree(jb, src.get(k))) break;
  }
  const bwd = src.get('optimizer_in_bwd');
  if (bwd && asBool(bwd.value) === true) jb.explicit('optimizerInBackward', true, bwd.ref);
  const model = jb.job.facts.model?.value;
  if (model && !jb.has('multimodal') && multimodalModel(model)) jb.set('multimodal', { value: true, source: jb.job.facts.model?.source, origin: 'inferred' });
  evalFacts(jb, src);
}

function cpDegree(jb: JobBuilder, kv: KeyValue | undefined): boolean {
  if (!kv) return false;
  if (kv.dynamic || isDynamicValue(kv.value)) {
    jb.dynamic('contextParallel');
    return true;
  }
  const n = asNumber(kv.value);
  if (n === undefined || n < 1) return false;
  jb.explicit('contextParallel', n, kv.ref);
  return true;
}

function evalFacts(jb: JobBuilder, src: ArgSource): void {
  const eb = src.get('per_device_eval_batch_size');
  jb.fromKV('evalBatch', eb, (v) => {
    const n = asNumber(v);
    return n !== undefined && n >= 1 ? n : undefined;
  }, (v: FactValues['evalBatch']) => v);
  // the size of the eval set, where the job caps it (the smaller cap wins)
  let cap: { n: number; kv: KeyValue } | undefined;
  for (const k of ['max_eval_samples', 'eval_dataset_size']) {
    const kv = src.get(k);
    const n = kv && !kv.dynamic && !isDynamicValue(kv.value) ? asNumber(kv.value) : undefined;
    if (kv && n !== undefined && n >= 1 && (!cap || n < cap.n)) cap = { n, kv };
  }
  // qlora's extra MMLU evaluation (`do_mmlu_eval`) is not capped by them: then the eval set has no known size
  const mmlu = src.get('do_mmlu_eval');
  const extraEval = !!mmlu && (mmlu.dynamic || isDynamicValue(mmlu.value) || mmlu.value === true || asBool(mmlu.value) === true);
  if (cap && !extraEval && !jb.has('evalSamples')) jb.explicit('evalSamples', cap.n, cap.kv.ref);
  const gen = src.get('predict_with_generate');
  if (gen && !jb.has('evalGenerates')) {
    if (gen.dynamic || isDynamicValue(gen.value)) jb.dynamic('evalGenerates');
    else if (gen.value === true || asBool(gen.value) === true) jb.explicit('evalGenerates', true, gen.ref);
  }
  if (jb.has('evaluates')) return;
  const on: KeyValue[] = [];
  const off: KeyValue[] = [];
  // `predict_with_generate` is not among them: Seq2SeqTrainingArguments documents it as "whether to use generate to
  // calculate generative metrics" — it chooses how an evaluation decodes if one runs, and starts none (a `--do_train`
  // launch with it and no eval flag or strategy never evaluates)
  for (const k of ['do_eval', 'do_mmlu_eval', 'do_predict']) {
    const kv = src.get(k);
    if (!kv) continue;
    if (kv.dynamic || isDynamicValue(kv.value)) {
      jb.dynamic('evaluates');
      return;
    }
    // a bare flag on a launch line (`--do_eval`) is true
    (kv.value === true || asBool(kv.value) === true ? on : asBool(kv.value) === false ? off : []).push(kv);
  }
  for (const k of EVAL_STRATEGY_KEYS) {
    const kv = src.get(k);
    if (!kv) continue;
    const s = asString(kv.value)?.toLowerCase();
    if (kv.dynamic || isDynamicValue(kv.value)) {
      jb.dynamic('evaluates');
      return;
    }
    (s === 'no' || s === 'none' ? off : s === 'steps' || s === 'epoch' ? on : []).push(kv);
  }
  if (on.length > 0) jb.explicit('evaluates', true, on[0].ref);
  else if (off.length > 0) jb.explicit('evaluates', false, off[0].ref);
}

/** Keys found anywhere in a config tree (nested blocks such as `parallelism:` or verl's `actor_rollout_ref`). */
export function shapeFromTree(jb: JobBuilder, tree: ConfigTree): void {
  const found = new Map<string, { node: CNode | undefined; span: { start: number; end: number } }>();
  const wanted = new Set([...CP_KEYS, ...RL_KEYS, 'actor_rollout_ref', 'optimizer_in_bwd']);
  const visit = (n: CNode | undefined, depth: number) => {
    if (!n?.entries || depth > 4) return;
    for (const e of n.entries) {
      if (wanted.has(e.key) && !found.has(e.key)) found.set(e.key, { node: e.node, span: e.span });
      visit(e.node, depth + 1);
    }
  };
  visit(tree.root, 0);
  const kv = (key: string): KeyValue | undefined => {
    const f = found.get(key);
    if (!f) return undefined;
    if (f.node && f.node.kind !== 'scalar') return { value: key === 'actor_rollout_ref' || RL_KEYS.includes(key) ? true : null, ref: { file: tree.file, span: f.span } };
    return kvOfHit(f.node ? { tree, node: f.node, entry: { key, keySpan: f.span, node: f.node, span: f.span } } : undefined);
  };
  if (!jb.has('onlineRL')) {
    for (const k of [...RL_KEYS, 'actor_rollout_ref']) {
      const v = kv(k);
      if (v && !(v.value === null || v.value === false)) {
        jb.explicit('onlineRL', true, v.ref);
        break;
      }
    }
  }
  if (!jb.has('contextParallel')) for (const k of CP_KEYS) if (cpDegree(jb, kv(k))) break;
  const bwd = kv('optimizer_in_bwd');
  if (bwd && asBool(bwd.value) === true && !jb.has('optimizerInBackward')) jb.explicit('optimizerInBackward', true, bwd.ref);
}

/**
 * Adapter fine-tuning named by keys the flavour extractors do not read: TRL `use_peft: true` (ModelConfig), ms-swift
 * `tuner_type` / `train_type` (`lora`, `full`, …). `load_in_4bit` with an adapter is QLoRA.
 */
export function peftFromArgs(jb: JobBuilder, src: ArgSource): void {
  if (jb.has('peft')) return;
  const four = src.get('load_in_4bit') ?? src.get('quant_bits');
  const q4 = four !== undefined && (asBool(four.value) === true || asNumber(four.value) === 4);
  const use = src.get('use_peft');
  if (use && asBool(use.value) === true) {
    jb.explicit('peft', q4 ? 'qlora' : 'lora', use.ref);
    return;
  }
  for (const k of ['tuner_type', 'train_type', 'finetuning_type']) {
    const kv = src.get(k);
    const v = kv && !kv.dynamic ? asString(kv.value)?.toLowerCase() : undefined;
    if (!kv || !v || isDynamicValue(v)) continue;
    if (v === 'full' || v === 'freeze') jb.explicit('peft', 'none', kv.ref);
    else jb.explicit('peft', q4 || v === 'qlora' ? 'qlora' : 'lora', kv.ref);
    return;
  }
  // A LoRA rank alone decides nothing: configs keep `lora_r` for a full fine-tune (Axolotl without `adapter:`).
}

/**
 * Keys only TRL's script configs have (SFTConfig, DPOConfig, GRPOConfig and `trl.ModelConfig`, read by TRL's own
 * scripts and those built on them such as open-r1): a YAML with one of them is a TRL config, not bare TrainingArguments.
 */
const TRL_KEYS = ['packing', 'dataset_text_field', 'completion_only_loss', 'assistant_only_loss', 'max_prompt_length', 'max_completion_length', 'num_generations', 'use_vllm', 'use_peft', 'model_init_kwargs', 'padding_free', 'chat_template_path', 'reward_funcs'];

/** FSDP's own activation checkpointing (TrainingArguments `fsdp_config`, accelerate's FSDP plugin keys). */
const FSDP_AC = [['fsdp_config', 'activation_checkpointing'], ['fsdp_config', 'fsdp_activation_checkpointing']];

/**
 * Gradient checkpointing decided outside the `gradient_checkpointing` key: FSDP's `activation_checkpointing: true`
 * (it checkpoints every wrapped block itself), or TRL's default (on from v0.22; the shared defaults table, at the
 * TRL version the project declares) when the config is a TRL one and the key is absent.
 */
export function checkpointingElsewhere(jb: JobBuilder, src: ArgSource, workspace: WorkspaceReader): void {
  const gc = jb.job.facts.gradCheckpointing;
  if (gc?.origin === 'explicit' && gc.value === true) return;
  for (const [block, key] of FSDP_AC) {
    const t = src.subTree?.(block);
    const n = t?.get([key]);
    if (t && n?.kind === 'scalar' && asBool(n.value ?? false) === true) {
      jb.explicit('gradCheckpointing', true, { file: t.file, span: t.entry([key])?.span ?? n.span });
      return;
    }
  }
  if (gc && gc.origin !== 'default') return;
  if (!TRL_KEYS.some((k) => src.get(k) !== undefined)) return;
  const d = resolveDefault('trl.SFTConfig', 'gradient_checkpointing', declaredVersion(workspace, src.file, 'trl')?.range);
  if (d.kind === 'known' && typeof d.row.value === 'boolean') jb.set('gradCheckpointing', { value: d.row.value, origin: 'default', edit: gc?.edit });
  else if (d.kind === 'depends') jb.dynamic('gradCheckpointing');
}
