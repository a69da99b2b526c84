// DeepSpeed JSON configs → job facts: micro-batch, accumulation, the fp16/bf16 blocks. Used alone (the file is
// its own job) and as a reference from a trainer config or a launch line (then only its explicit settings count:
// "auto" and a missing block leave the choice to the trainer, which fills them in).
import type { Precision, TextEdit } from '../../types';
import { asBool, asNumber, hitRef, isDynamicValue, kvOfHit, type JobBuilder } from './job';
import type { ConfigTree } from './tree';

export function isDeepSpeedConfig(tree: ConfigTree): boolean {
  const keys = new Set(tree.root?.entries?.map((e) => e.key) ?? []);
  return keys.has('zero_optimization') || keys.has('train_micro_batch_size_per_gpu') || (keys.has('train_batch_size') && (keys.has('fp16') || keys.has('bf16') || keys.has('optimizer')));
}

/** Whether a DeepSpeed config is for inference (`deepspeed.init_inference`), not training. */
export function isDeepSpeedInference(tree: ConfigTree): boolean {
  const keys = new Set(tree.root?.entries?.map((e) => e.key) ?? []);
  return keys.has('replace_with_kernel_inject') || keys.has('tensor_parallel') && !keys.has('zero_optimization');
}

export function extractDeepSpeed(jb: JobBuilder, tree: ConfigTree, opts: { asReference: boolean; bf16Supported?: boolean }): void {
  // `autotuning.enabled`: DeepSpeed's autotuner profiles micro-batch sizes (and ZeRO stages) and launches the best;
  // the config's micro-batch and accumulation are its starting point (docs: deepspeed.ai/tutorials/autotuning).
  // An enabled `autotuning_config` block says the same intent (GPT-NeoX's configs/autotuning_configs/tune.json spells it
  // so; those files are launched with `deepy.py --autotuning tune`, which hands the batch keys to the autotuner).
  const tune = hitAt(tree, ['autotuning', 'enabled']) ?? hitAt(tree, ['autotuning_config', 'enabled']);
  if (tune?.node.kind === 'scalar' && asBool(tune.node.value ?? false) === true) jb.explicit('batchAutotuned', true, hitRef(tune));
  const mbKv = kvOfHit(hitAt(tree, ['train_micro_batch_size_per_gpu']));
  if (mbKv && mbKv.value === 'auto') {
    if (!opts.asReference) jb.dynamic('microBatch');
  } else jb.fromKV('microBatch', mbKv, asNumber, (v) => v);
  const gaKv = kvOfHit(hitAt(tree, ['gradient_accumulation_steps']));
  if (gaKv && gaKv.value === 'auto') {
    if (!opts.asReference) jb.dynamic('gradAccum');
  } else if (!gaKv && tree.get(['train_batch_size'])) {
    // DeepSpeed derives accumulation from train_batch_size / (micro-batch × world size), known only at launch.
    if (!opts.asReference) jb.dynamic('gradAccum');
  } else if (!jb.fromKV('gradAccum', gaKv, asNumber, (v) => v) && !opts.asReference) {
    jb.default('gradAccum', 1, (v) => tree.insert([], 'gradient_accumulation_steps', v));
  }

  // Precision: an enabled block decides; "auto" defers to the trainer; blocks all disabled, or none at all, is fp32.
  const blocks: [Precision, string][] = [
    ['bf16', 'bf16'],
    ['bf16', 'bfloat16'],
    ['fp16', 'fp16'],
  ];
  let anyBlock = false;
  for (const [p, key] of blocks) {
    const en = hitAt(tree, [key, 'enabled']);
    const block = hitAt(tree, [key]);
    if (!block) continue;
    anyBlock = true;
    const raw = en?.node.kind === 'scalar' ? en.node.value : block.node.kind === 'map' ? false : null;
    if (raw === 'auto' || isDynamicValue(raw)) {
      if (!opts.asReference) jb.dynamic('precision');
      return;
    }
    if (asBool(raw ?? false) === true) {
      jb.explicit('precision', p, hitRef(en ?? block));
      return;
    }
  }
  const edit = (p: Precision): TextEdit[] | undefined => precisionEdit(tree, p);
  if (anyBlock) {
    const first = hitAt(tree, ['fp16']) ?? hitAt(tree, ['bf16']) ?? hitAt(tree, ['bfloat16']);
    jb.explicit('precision', 'fp32', hitRef(first!), edit);
  } else if (!opts.asReference) jb.default('precision', 'fp32', edit);
  if (!opts.asReference) jb.default('device', 'gpu');
}

/** Edits that turn mixed precision on: enable an existing block, rename a disabled fp16 block, or add one. */
function precisionEdit(tree: ConfigTree, p: Precision): TextEdit[] | undefined {
  if (p !== 'bf16' && p !== 'fp16') return undefined;
  const same = hitAt(tree, [p]);
  if (same && same.node.kind === 'map') {
    const en = hitAt(tree, [p, 'enabled']);
    return en ? tree.setValue(en.node, true) : tree.insert([p], 'enabled', true);
  }
  const other = hitAt(tree, [p === 'bf16' ? 'fp16' : 'bf16']);
  if (other && other.entry && other.node.kind === 'map') {
    const keys = other.node.entries?.map((e) => e.key) ?? [];
    const en = hitAt(tree, [other.entry.key, 'enabled']);
    if (keys.length === 1 && en) return [...tree.renameKey(other.entry, p), ...tree.setValue(en.node, true)];
    return tree.replaceEntry(other.entry, p, { enabled: true });
  }
  return tree.insert([], p, { enabled: true });
}

function hitAt(tree: ConfigTree, path: string[]) {
  const node = tree.get(path);
  return node ? { tree, node, entry: tree.entry(path) } : undefined;
}
