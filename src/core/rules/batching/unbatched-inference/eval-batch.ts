// batching/unbatched-inference: the evaluation passes of a training job (config files, launch lines and Python
// TrainingArguments / TRL configs). `per_device_eval_batch_size: 1` while the job evaluates (`do_eval`, an eval
// strategy, `do_predict`, qlora's `do_mmlu_eval`; `predict_with_generate` alone starts none) runs every evaluation — forward passes or
// generation over the whole eval set, again at every eval step — one sequence at a time. Evaluation keeps no
// gradients, activations for the backward pass or optimizer state, so a batch several times the training one fits.
// Unsafe fix: raise it (memory, and generation pads the batch, which can shift results slightly).
import type { FindingDraft, RuleContext } from '../../rule';
import { sourceText, value } from '../../config-facts';

/** The eval batch the fix proposes (a 30B+ model: 4, its KV cache is large). */
const TARGET = 8;
const TARGET_LARGE = 4;
/** An eval set capped at this many examples, scored by loss only, costs next to nothing at batch 1. */
const SMALL_EVAL = 1000;
/** Tokens per sequence from which one sequence fills a forward pass. */
const LONG_SEQ = 2048;

export function checkEvalBatch(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of ctx.jobs) {
    if (job.phase !== 'training' || job.file !== ctx.doc.path || value(job, 'device') === 'cpu') continue;
    const eb = job.facts.evalBatch;
    if (!eb || eb.origin !== 'explicit' || !eb.source || eb.source.file !== ctx.doc.path || eb.value !== 1) continue;
    if (value(job, 'evaluates') !== true || value(job, 'onlineRL') === true) continue;
    // a loss-only eval over a small capped set (`max_eval_samples 500`): a few hundred single-sequence forwards per
    // evaluation, a negligible share of the training job's time whatever the batch
    const samples = value(job, 'evalSamples');
    if (samples !== undefined && samples <= SMALL_EVAL && value(job, 'evalGenerates') !== true && !job.dynamic.includes('evalGenerates')) continue;
    // long sequences scored by loss: one sequence of 2,048 tokens or more already fills the GPU's matrix units in a
    // forward pass (a prefill, compute-bound), so a larger eval batch gains little; generation decodes token by token
    // and still gains from batching
    const seq = job.facts.seqLen;
    if (seq && seq.origin === 'explicit' && seq.value >= LONG_SEQ && value(job, 'evalGenerates') !== true && !job.dynamic.includes('evalGenerates')) continue;
    const params = value(job, 'activeParams') ?? value(job, 'params');
    const target = params !== undefined && params >= 30e9 ? TARGET_LARGE : TARGET;
    const ev = job.facts.evaluates;
    const because = ev?.source && ev.source.file === ctx.doc.path ? ` while the job evaluates (\`${sourceText(ctx, ev.source.span, 40)}\`)` : ' while the job evaluates';
    const edits = eb.edit?.(target);
    const d: FindingDraft = {
      message: `\`${sourceText(ctx, eb.source.span)}\`${because}: every evaluation runs one sequence per forward pass. Evaluation keeps no gradients or optimizer state, so a batch of ${target} fits in the memory training uses; raise it as far as memory allows.`,
      span: eb.source.span,
      jobId: job.id,
      patch: { evalBatch: target },
    };
    if (edits && edits.length > 0) d.fix = { safety: 'unsafe', title: `Evaluate in batches of ${target} (check memory)`, edits };
    out.push(d);
  }
  return out;
}
