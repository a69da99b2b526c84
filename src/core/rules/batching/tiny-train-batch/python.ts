// batching/tiny-train-batch: the Python and notebook check. `TrainingArguments(per_device_train_batch_size=1 or 2)`
// (or a TRL config) with gradient accumulation 1 (written, or the default) on a GPU, where the job gives no reason
// for the small batch (./decide.ts). Anchored at the micro-batch keyword; the fix (unsafe: memory, and the effective
// batch changes) raises it, as the config check does.
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';
import { decide, explain } from './decide';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const text = ctx.doc.lang === 'notebook' ? ctx.doc.python.text : ctx.doc.text;
  const out: FindingDraft[] = [];
  for (const job of ctx.jobs) {
    if (job.flavour !== 'hf-trainer' || job.phase !== 'training' || job.facts.device?.value === 'cpu') continue;
    const mb = job.facts.microBatch;
    const ga = job.facts.gradAccum;
    if (!mb || mb.origin !== 'explicit' || !mb.source || mb.value > 2 || mb.value < 1) continue;
    if (!ga || ga.value !== 1 || job.dynamic.includes('gradAccum')) continue;
    const dec = decide(job, mb.value);
    if (!dec.flag) continue;
    const edits = mb.edit?.(dec.target);
    const where = text.slice(mb.source.span.start, mb.source.span.end);
    const d: FindingDraft = {
      message: `\`${where}\` with ${ga.origin === 'default' ? 'no gradient accumulation' : 'gradient accumulation 1'}: ${explain(dec, mb.value)}.`,
      span: mb.source.span,
      jobId: job.id,
      patch: { microBatch: dec.target },
    };
    if (edits && edits.length > 0) d.fix = { safety: 'unsafe', title: `Raise per_device_train_batch_size to ${dec.target} (check memory and the learning rate)`, edits };
    out.push(d);
  }
  return out;
}
