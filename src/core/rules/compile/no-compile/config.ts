// compile/no-compile: the config-file check. A training config that turns compilation off explicitly
// (`torch_compile: false` in TrainingArguments / Axolotl, `compile: False` in torchtune) where the framework
// supports it. The fix turns it on: numerics are unchanged, so it is safe (the first steps are slower).
import { configJobs, localFact, makeFix, sourceText, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

const SUPPORTED = new Set(['hf-trainer', 'axolotl', 'llama-factory', 'torchtune']);

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training' || !SUPPORTED.has(job.flavour) || value(job, 'device') === 'cpu') continue;
    const c = localFact(ctx, job, 'compile');
    if (!c || c.fact.value !== false || c.fact.origin !== 'explicit' || !c.span) continue;
    const where = sourceText(ctx, c.span) ?? 'compile: false';
    const on = job.flavour === 'torchtune' ? 'compile: True' : 'torch_compile: true';
    out.push({
      message: `\`${where}\` turns torch.compile off; set \`${on}\` (fused kernels typically train 1.3–2× faster on PyTorch 2)`,
      span: c.span,
      fix: makeFix('safe', 'Turn torch.compile on', c.fact.edit?.(true)),
      jobId: job.id,
      patch: { compile: true },
    });
  }
  return out;
}
