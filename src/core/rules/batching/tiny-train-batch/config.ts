// batching/tiny-train-batch: the config-file check. A per-device micro-batch of 1 or 2 with no gradient
// accumulation (explicit, or the framework's default of 1) keeps the GPU mostly idle between kernel launches and
// pays the optimizer step and gradient all-reduce for every tiny batch. The fix raises accumulation to 8, which
// changes the effective batch (and so the learning-rate schedule): unsafe, for review.
import { configJobs, localFact, makeFix, sourceText, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

/** Accumulation steps the fix proposes: an effective batch of 8–16 sequences per device. */
const TARGET_ACCUMULATION = 8;

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training' || value(job, 'device') === 'cpu') continue;
    const mb = localFact(ctx, job, 'microBatch');
    if (!mb || !mb.span || mb.fact.value > 2 || mb.fact.value < 1) continue;
    if (job.dynamic.includes('gradAccum')) continue;
    const ga = job.facts.gradAccum;
    if (!ga || ga.value !== 1) continue;
    const gaLocal = localFact(ctx, job, 'gradAccum');
    const edits = gaLocal?.fact.edit?.(TARGET_ACCUMULATION);
    const where = sourceText(ctx, mb.span);
    const accum = ga.origin === 'default' ? 'no gradient accumulation' : 'gradient accumulation 1';
    out.push({
      message: `\`${where}\` with ${accum}: each optimizer step sees ${mb.fact.value} sequence(s) per GPU; raise the micro-batch if memory allows, or set gradient accumulation to ${TARGET_ACCUMULATION} (and rescale the learning rate)`,
      span: mb.span,
      fix: makeFix('unsafe', `Accumulate gradients over ${TARGET_ACCUMULATION} micro-batches`, edits),
      jobId: job.id,
      patch: { gradAccum: TARGET_ACCUMULATION },
    });
  }
  return out;
}
