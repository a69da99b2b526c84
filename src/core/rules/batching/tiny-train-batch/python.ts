// batching/tiny-train-batch: the Python and notebook check. `TrainingArguments(per_device_train_batch_size=1 or 2)`
// with gradient accumulation 1 (written, or the default) on a GPU. Anchored at the micro-batch keyword; the fix
// (unsafe: it changes the effective batch, so the learning-rate schedule) sets `gradient_accumulation_steps=8`,
// as the config check does.
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';

const TARGET_ACCUMULATION = 8;

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
    const edits = ga.edit?.(TARGET_ACCUMULATION);
    const where = text.slice(mb.source.span.start, mb.source.span.end);
    const d: FindingDraft = {
      message: `\`${where}\` with ${ga.origin === 'default' ? 'no gradient accumulation' : 'gradient accumulation 1'}: each optimizer step sees ${mb.value} sequence(s) per GPU; raise the micro-batch if memory allows, or set \`gradient_accumulation_steps=${TARGET_ACCUMULATION}\` (and rescale the learning rate)`,
      span: mb.source.span,
      jobId: job.id,
      patch: { gradAccum: TARGET_ACCUMULATION },
    };
    if (edits && edits.length > 0) d.fix = { safety: 'unsafe', title: `Accumulate gradients over ${TARGET_ACCUMULATION} micro-batches`, edits };
    out.push(d);
  }
  return out;
}
