// What decides a Python training job's batch shape besides its batch keywords (the Python counterpart of
// extract/config/shape.ts): a TRL online-RL config (GRPO, RLOO, PPO, …, where the per-device batch counts
// completions), the training sequence length (`max_length`), multimodal inputs (a vision-language or video model
// loaded in the file), and the evaluation passes the arguments ask for.
import type { JobBuilder } from '../config/job';
import { multimodalModel } from '../config/shape';
import { callArgs, spanOf, type PyNode } from './ast';
import { anyCallName, type PyAnalysis } from './analysis';
import { constBool, constNumber, constString } from './consts';
import { replaceEdit } from './edits';
import { libraryDefaultFor } from './precision';
import type { WorkspaceReader } from '../../settings';

/**
 * TRL configs of trainers that generate completions every step (trl/trainer/grpo_config.py, rloo_config.py and the
 * experimental PPO / online-DPO / XPO / Nash-MD / GKD trainers at huggingface/trl f2cd57710ae3): the per-device batch
 * is counted in completions and must hold whole groups of `num_generations`.
 */
const RL_CONFIG = /^trl\.(?:[\w.]+\.)?(GRPO|RLOO|PPO|OnlineDPO|XPO|NashMD|GKD|GOLD|AsyncGRPO|PAPO|GSPO|DAPO)Config$/;

/** Model classes whose inputs are images or video plus text: one sample is hundreds to thousands of tokens. */
const VLM_CLASS = /(ImageTextToText|Vision2Seq|VisionEncoderDecoder|VLForConditionalGeneration|Llava\w*For|Idefics\d?For|PaliGemma\w*For|SmolVLM\w*For|InternVL|Mllama\w*For|Qwen\d?(_\d)?(VL|Omni)\w*For|Gemma3ForConditionalGeneration|Mistral3ForConditionalGeneration|Pixtral)/;

export function rlConfigClass(q: string | undefined): boolean {
  return q !== undefined && RL_CONFIG.test(q);
}

/** The file loads a vision-language / video model (by class, or a constant model id that names one). */
export function loadsMultimodalModel(a: PyAnalysis): boolean {
  if (anyCallName(a, (q) => VLM_CLASS.test(q) && (q.endsWith('.from_pretrained') || /For\w+$/.test(q)))) return true;
  for (const call of a.calls) {
    const q = a.qname.get(call) ?? '';
    if (!q.endsWith('.from_pretrained') || /Tokenizer|Processor|Config/.test(q)) continue;
    const id = constString(a.text, callArgs(a.text, call).positional[0], a.consts);
    if (id && multimodalModel(id)) return true;
  }
  return false;
}

/** Shape facts of a TrainingArguments / TRL config call. */
export function pythonShape(a: PyAnalysis, call: PyNode, b: JobBuilder, workspace: WorkspaceReader): void {
  const file = a.doc.path;
  const args = callArgs(a.text, call);
  const ref = (n: PyNode) => ({ file, span: spanOf(n) });
  // gradient checkpointing left to the library: TRL's configs turn it on from v0.22 (the shared defaults table)
  const q = a.qname.get(call);
  if (q && b.job.facts.gradCheckpointing?.origin === 'default') {
    const d = libraryDefaultFor(a, workspace, q, 'gradient_checkpointing').resolved;
    if (d.kind === 'known' && typeof d.row.value === 'boolean') b.set('gradCheckpointing', { value: d.row.value, origin: 'default', edit: b.job.facts.gradCheckpointing.edit });
    else if (d.kind === 'depends') b.dynamic('gradCheckpointing');
  }
  if (rlConfigClass(a.qname.get(call))) b.set('onlineRL', { value: true, source: ref(field0(call)), origin: 'explicit' });
  for (const kw of ['max_length', 'max_seq_length']) {
    const k = args.keywords.get(kw);
    if (!k || b.has('seqLen')) continue;
    const n = constNumber(a.text, k.value, a.consts);
    if (n === undefined) b.dynamic('seqLen');
    else if (n > 0) b.explicit('seqLen', n, ref(k.node));
  }
  if (loadsMultimodalModel(a)) b.set('multimodal', { value: true, origin: 'inferred' });
  const eb = args.keywords.get('per_device_eval_batch_size');
  if (eb) {
    const n = constNumber(a.text, eb.value, a.consts);
    if (n === undefined) b.dynamic('evalBatch');
    else if (n >= 1) b.explicit('evalBatch', n, ref(eb.node), (v) => [replaceEdit(a, eb.value, String(v))]);
  }
  const doEval = args.keywords.get('do_eval');
  const strategy = args.keywords.get('eval_strategy') ?? args.keywords.get('evaluation_strategy');
  const s = strategy ? constString(a.text, strategy.value, a.consts)?.toLowerCase() : undefined;
  if (s === 'steps' || s === 'epoch') b.explicit('evaluates', true, ref(strategy!.node));
  else if (doEval && constBool(a.text, doEval.value, a.consts) === true) b.explicit('evaluates', true, ref(doEval.node));
}

/** The callee of a call (where a config class is named). */
function field0(call: PyNode): PyNode {
  return call.children.find((c) => c.field === 'function') ?? call;
}
