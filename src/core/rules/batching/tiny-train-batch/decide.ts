// batching/tiny-train-batch: when a micro-batch of 1–2 is waste, and what to recommend. Shared by the config and
// Python checks.
//
// What the engine prices (its paired estimate): a micro-step of few tokens runs small GEMMs, so the device does less
// useful work per second (MICRO_BATCH_EFFICIENCY: full efficiency from about 8k tokens per micro-step), and every
// optimizer step is paid per micro-batch. Gradient accumulation only amortises the optimizer step (and the gradient
// all-reduce); it does not make a micro-batch of 1 use the GPU better, which is why 31 findings that proposed it saved
// 0 kWh on real configs. The fix is therefore a larger micro-batch, where memory allows it.
//
// Silent where the small micro-batch is not a throughput choice, or is already big:
//   - an online RL recipe: the batch counts completions of a prompt group and the step is dominated by generation;
//   - context / sequence parallelism: one sequence split over devices (frameworks take micro-batch 1);
//   - the optimizer fused into the backward pass: no accumulation, chosen to save memory;
//   - an autotuner picks the batch at launch;
//   - multimodal inputs (a vision-language or video model): one sample is many tokens, its size unknown here;
//   - long sequences: micro-batch × sequence length already reaches the full-efficiency size;
//   - a full fine-tune of a 3B+ model: memory, not choice, sets the batch (memory/no-grad-checkpointing is the rule
//     for that case);
//   - a smoke or demo run: at most 100 optimizer steps (`max_steps`: the 50–60-step "does the recipe run" cut-off of
//     notebook demos is minutes of GPU time whatever the batch), or a toy test checkpoint (`tiny-random-*`,
//     `trl-internal-testing/*`, `hf-internal-testing/*`) — nothing to save.
import { DEFAULTS, MICRO_BATCH_EFFICIENCY } from '../../../engine/priors';
import type { JobFacts } from '../../../types';
import { value } from '../../config-facts';

/** A full fine-tune this large is memory-bound at micro-batch 1–2 (≈16 bytes/parameter of weights, gradients, AdamW). */
export const MEMORY_BOUND_FULL_FT = 3e9;
/** The micro-batch the fix proposes is a power of two in this range (from the tokens a micro-step needs). */
const TARGET_MIN = 4;
const TARGET_MAX = 8;

/** A run this short is a smoke test or a demo: whatever its batch, it costs minutes of GPU time. */
const SMOKE_STEPS = 100;
/** Test checkpoints of a few MB that libraries publish for CI. */
const TOY_MODEL = /(^|\/)(trl-internal-testing|hf-internal-testing|hf-tiny-model-private)\/|(^|[-_/])tiny-?random|(^|\/)tiny[-_]/i;

export function toyModel(id: string | undefined): boolean {
  return id !== undefined && TOY_MODEL.test(id);
}

export type Decision =
  | { flag: false; why: string }
  | { flag: true; target: number; tokens: number; seqKnown: boolean };

export function decide(job: JobFacts, microBatch: number): Decision {
  const no = (why: string): Decision => ({ flag: false, why });
  if (value(job, 'onlineRL') === true || job.dynamic.includes('onlineRL')) return no('online RL recipe');
  const cp = value(job, 'contextParallel');
  if ((cp !== undefined && cp > 1) || job.dynamic.includes('contextParallel')) return no('context parallelism');
  if (value(job, 'optimizerInBackward') === true) return no('optimizer in backward');
  if (value(job, 'batchAutotuned') === true) return no('autotuned');
  if (value(job, 'multimodal') === true) return no('multimodal inputs');
  const steps = value(job, 'steps');
  if (steps !== undefined && steps > 0 && steps <= SMOKE_STEPS) return no('smoke or demo run');
  if (toyModel(value(job, 'model'))) return no('toy model');
  if (job.dynamic.includes('seqLen')) return no('sequence length set at run time');
  const seq = value(job, 'seqLen');
  const seqLen = seq ?? DEFAULTS.seqLen;
  const tokens = microBatch * seqLen;
  if (tokens >= MICRO_BATCH_EFFICIENCY.fullAtTokens) return no('long sequences');
  const peft = value(job, 'peft');
  const params = value(job, 'params');
  if (peft !== 'lora' && peft !== 'qlora' && params !== undefined && params >= MEMORY_BOUND_FULL_FT) return no('memory-bound full fine-tune');
  let target = TARGET_MIN;
  while (target < TARGET_MAX && target * seqLen < MICRO_BATCH_EFFICIENCY.fullAtTokens) target *= 2;
  return { flag: true, target, tokens, seqKnown: seq !== undefined };
}

/** The message's middle: what one micro-step holds and why accumulation does not help. */
export function explain(d: { target: number; tokens: number; seqKnown: boolean }, microBatch: number): string {
  const seqs = `${microBatch} sequence${microBatch === 1 ? '' : 's'}`;
  const size = d.seqKnown ? `${seqs} (about ${d.tokens.toLocaleString('en-US')} tokens)` : seqs;
  return `each micro-step holds ${size} per GPU, too little work to keep it busy; raise the micro-batch to ${d.target} if memory allows (the effective batch grows: rescale the learning rate). Gradient accumulation alone amortises the optimizer step, not the GPU's idle time`;
}
