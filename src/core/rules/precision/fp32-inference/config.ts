// precision/fp32-inference: the config-file check. vLLM / TGI serve configs and launch lines that set
// `dtype: float32` serve the weights in fp32 on GPU; the safe fix sets bfloat16 (float16 on hardware without bf16).
import { configJobs, halfPrecisionFor, localFact, makeFix, sourceText, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase === 'training' || value(job, 'device') === 'cpu' || job.dynamic.includes('device')) continue;
    const local = localFact(ctx, job, 'precision');
    if (!local || local.fact.value !== 'fp32' || !local.span) continue;
    const { precision, why } = halfPrecisionFor(job, ctx.settings);
    const dtype = precision === 'bf16' ? 'bfloat16' : 'float16';
    const where = sourceText(ctx, local.span) ?? 'dtype float32';
    out.push({
      message: `\`${where}\` serves the weights in fp32, twice the memory traffic of half precision; use dtype \`${dtype}\` (${why})`,
      span: local.span,
      fix: makeFix('safe', `Serve in ${dtype}`, local.fact.edit?.(precision)),
      jobId: job.id,
      patch: { precision },
    });
  }
  return out;
}
