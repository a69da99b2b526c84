// batching/tiny-train-batch: the config-file check. A per-device micro-batch of 1 or 2 with no gradient accumulation
// (explicit, or the framework's default of 1), where the job gives no reason for it (./decide.ts). The fix raises the
// micro-batch, which changes the effective batch (and so the learning-rate schedule) and needs the memory: unsafe.
import { configJobs, localFact, makeFix, sourceText, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';
import { decide, explain } from './decide';

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training' || value(job, 'device') === 'cpu') continue;
    const mb = localFact(ctx, job, 'microBatch');
    if (!mb || !mb.span || mb.fact.value > 2 || mb.fact.value < 1) continue;
    if (job.dynamic.includes('gradAccum')) continue;
    const ga = job.facts.gradAccum;
    if (!ga || ga.value !== 1) continue;
    const d = decide(job, mb.fact.value);
    if (!d.flag) continue;
    const where = sourceText(ctx, mb.span);
    const accum = ga.origin === 'default' ? 'no gradient accumulation' : 'gradient accumulation 1';
    out.push({
      message: `\`${where}\` with ${accum}: ${explain(d, mb.fact.value)}.`,
      span: mb.span,
      fix: makeFix('unsafe', `Raise the micro-batch to ${d.target} (check memory and the learning rate)`, mb.fact.edit?.(d.target)),
      jobId: job.id,
      patch: { microBatch: d.target },
    });
  }
  return out;
}
