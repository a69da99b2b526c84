// quant/no-quantization-inference: the config-file check. A vLLM / TGI serve config (or launch line) for a model
// of ~30B+ parameters in bf16/fp16 with no quantization. On hardware with fp8 (Hopper, Ada) the fix adds
// `quantization: fp8` (unsafe: outputs change slightly, check quality); elsewhere the advice is an int4
// (AWQ/GPTQ) checkpoint, which is a different model file and so manual.
import { configJobs, hardwareOf, localFact, makeFix, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

/** "Large": the rule catalogue's ≈30B threshold, below which one GPU holds the bf16 weights comfortably. */
export const LARGE_MODEL_PARAMS = 30e9;

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase === 'training' || value(job, 'device') === 'cpu') continue;
    if (job.flavour !== 'vllm' && job.flavour !== 'tgi') continue;
    const params = value(job, 'activeParams') ?? value(job, 'params');
    if (params === undefined || params < LARGE_MODEL_PARAMS) continue;
    const q = localFact(ctx, job, 'quantization');
    if (!q || q.fact.value !== 'none') continue;
    const precision = value(job, 'precision');
    if (precision !== 'bf16' && precision !== 'fp16' && precision !== 'auto') continue;
    const model = job.facts.model;
    const span = model?.source && model.source.file === ctx.doc.path ? model.source.span : null;
    const hw = hardwareOf(job, ctx.settings);
    const size = `${Math.round(params / 1e9)}B`;
    const key = job.flavour === 'vllm' ? 'quantization' : 'quantize';
    if (hw?.fp8) {
      out.push({
        message: `${model?.value ?? 'The model'} (${size}) is served in 16-bit on ${hw.name}; set \`${key}: fp8\` to halve weight memory traffic (check output quality)`,
        span,
        fix: makeFix('unsafe', `Serve with ${key}: fp8`, q.fact.edit?.('fp8')),
        jobId: job.id,
        patch: { quantization: 'fp8' },
      });
    } else {
      const hwText = hw ? ` (${hw.name} has no fp8)` : '';
      out.push({
        message: `${model?.value ?? 'The model'} (${size}) is served unquantized in 16-bit; serve an int4 AWQ/GPTQ checkpoint${hwText}, or \`${key}: fp8\` on H100/L4-class GPUs`,
        span,
        fix: makeFix('manual', 'Serve a quantized checkpoint', []),
        jobId: job.id,
        patch: { quantization: 'int4' },
      });
    }
  }
  return out;
}
