// quant/no-quantization-inference: the Python and notebook check. A vLLM `LLM(model=...)` of about 30B parameters
// or more (bundled catalogue, else the size in its name) served in bf16/fp16: no `quantization=` and no quantized
// checkpoint (AWQ / GPTQ / FP8 in the name). The fix (unsafe: accuracy needs checking) adds
// `quantization="fp8"`, which vLLM applies on the fly (W8A8 on Hopper/Ada, weight-only FP8 via Marlin on Ampere;
// vLLM docs, "FP8 W8A8"), halving weight memory.
import { callArgs } from '../../../extract/python/ast';
import { analysisOf, callAtSpan } from '../../../extract/python/analysis';
import { addKeywordEdit } from '../../../extract/python/edits';
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';

const LARGE = 28e9;

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  const out: FindingDraft[] = [];
  for (const job of ctx.jobs) {
    if (job.flavour !== 'vllm' || !job.anchor || job.file !== a.doc.path) continue;
    const params = job.facts.params?.value;
    if (!params || params < LARGE) continue;
    if (job.dynamic.includes('quantization') || job.facts.quantization?.value !== 'none') continue;
    if (job.facts.precision?.value === 'fp32') continue; // that is precision/fp32-inference's finding
    const call = callAtSpan(a, job.anchor.span);
    if (!call || callArgs(a.text, call).splat) continue;
    const edit = addKeywordEdit(a, call, 'quantization="fp8"');
    const model = job.facts.model?.value ?? 'this model';
    const d: FindingDraft = {
      message: `\`${model}\` (${Math.round(params / 1e9)}B parameters) is served in 16-bit: \`quantization="fp8"\` halves weight memory (${Math.round((params * 2) / 1e9)} GB → ${Math.round(params / 1e9)} GB), fits on fewer GPUs and speeds up decoding; check accuracy on your task.`,
      span: job.anchor.span,
      jobId: job.id,
      patch: { quantization: 'fp8' },
    };
    if (edit) d.fix = { safety: 'unsafe', title: 'Serve with FP8 weights', edits: [edit] };
    out.push(d);
  }
  return out;
}
