// memory/no-grad-checkpointing: the config-file check. A full fine-tune (no LoRA) that is evidently memory-bound
// (micro-batch 1 with long sequences or a multi-billion-parameter model) without gradient checkpointing — neither
// the key, nor FSDP's `activation_checkpointing`, nor the library's default (TRL from v0.22, LLaMA-Factory). Turning
// it on leaves the numerics unchanged (safe) and frees activation memory for a larger micro-batch.
import { configJobs, localFact, makeFix, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

/** Long sequences: activations grow linearly with them; 4k tokens at micro-batch 1 already dominate memory on 7B. */
const LONG_SEQUENCE = 4096;
/** A model big enough that a full fine-tune is memory-bound on 80 GB GPUs (≈16 bytes/param with AdamW). */
const LARGE_MODEL = 3e9;
/** Below this the catalogue calls a model small: never flagged. */
const SMALL_MODEL = 1e9;

/**
 * Fine-tuning flavours, where a fact `gradCheckpointing: false` means the library's own switch is off. Pre-training
 * stacks (OLMo, Megatron-style) tune recomputation per layer with the rest of their parallelism: not this rule's call.
 */
const FINE_TUNING = new Set(['hf-trainer', 'axolotl', 'llama-factory', 'torchtune']);

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training' || value(job, 'device') === 'cpu' || !FINE_TUNING.has(job.flavour)) continue;
    if (value(job, 'peft') !== 'none') continue;
    const gc = localFact(ctx, job, 'gradCheckpointing');
    if (!gc || gc.fact.value !== false) continue;
    const mb = value(job, 'microBatch');
    if (mb !== 1) continue;
    const params = value(job, 'params');
    const seq = value(job, 'seqLen');
    if (params !== undefined && params < SMALL_MODEL) continue;
    const bigModel = params !== undefined && params >= LARGE_MODEL;
    const longSeq = seq !== undefined && seq >= LONG_SEQUENCE;
    if (!bigModel && !longSeq) continue;
    const what = [bigModel ? `a ${(params! / 1e9).toFixed(params! < 10e9 ? 1 : 0)}B full fine-tune` : 'a full fine-tune', longSeq ? `${seq}-token sequences` : undefined]
      .filter(Boolean)
      .join(' on ');
    const key = job.flavour === 'torchtune' ? 'enable_activation_checkpointing: True' : job.flavour === 'llama-factory' ? 'disable_gradient_checkpointing: false' : 'gradient_checkpointing: true';
    out.push({
      message: `Micro-batch 1 for ${what} without gradient checkpointing: memory, not compute, limits the batch; set \`${key}\` and raise the micro-batch with the memory it frees`,
      span: gc.span,
      fix: makeFix('safe', 'Turn gradient checkpointing on', gc.fact.edit?.(true)),
      jobId: job.id,
      patch: { gradCheckpointing: true, microBatch: 4 },
    });
  }
  return out;
}
