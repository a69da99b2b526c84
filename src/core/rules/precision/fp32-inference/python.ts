// precision/fp32-inference: the Python and notebook check.
// `from_pretrained(...)` / `pipeline(...)` (transformers, diffusers) without a dtype load fp32 weights (the
// libraries' default); on a GPU that doubles memory and roughly halves throughput against bf16. Silent when a
// dtype is set (`torch_dtype=` or the newer `dtype=`), the model is cast later (`.half()`, `.to(torch.bfloat16)`),
// quantized, on CPU or when nothing in the file puts it on a GPU, or when the arguments are dynamic
// (`**kwargs`). The fix adds `torch_dtype=torch.bfloat16` (float16 when the configured hardware lacks bf16):
// `torch_dtype` is the spelling every transformers 4.x and diffusers release accepts (transformers ≥ 4.56
// also reads `dtype=`, and still honours `torch_dtype`), so one spelling is used throughout.
import { callArgs, textOf } from '../../../extract/python/ast';
import { analysisOf, callAtSpan } from '../../../extract/python/analysis';
import { addKeywordEdit, replaceEdit, torchRef } from '../../../extract/python/edits';
import { jobAt } from '../../../extract/python/index';
import { halfDtype, isPython } from '../../../extract/python/rulekit';
import type { TextEdit } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  if (a.byName.has('torch.set_default_dtype')) return [];
  const out: FindingDraft[] = [];
  const half = halfDtype(ctx.settings);
  for (const job of ctx.jobs) {
    if (job.flavour === 'vllm' && job.anchor && job.facts.precision?.value === 'fp32' && job.facts.precision.origin === 'explicit') {
      const call = callAtSpan(a, job.anchor.span);
      const kw = call && callArgs(a.text, call).keywords.get('dtype');
      if (!kw) continue;
      out.push({
        message: `vLLM serves \`${job.facts.model?.value ?? 'this model'}\` in float32: use \`dtype="auto"\` (the checkpoint's bf16/fp16) or \`dtype="${half.name}"\`; fp32 doubles weight memory and halves decode throughput.`,
        span: { start: kw.node.start, end: kw.node.end },
        jobId: job.id,
        patch: { precision: half.precision },
        fix: { safety: 'safe', title: `Serve in ${half.name}`, edits: [replaceEdit(a, kw.value, `"${half.name}"`)] },
      });
      continue;
    }
    if (job.flavour !== 'transformers' || job.phase !== 'inference' || !job.anchor) continue;
    const p = job.facts.precision;
    if (!p || p.value !== 'fp32' || job.facts.device?.value !== 'gpu') continue;
    const call = callAtSpan(a, job.anchor.span);
    if (!call) continue;
    const q = a.qname.get(call) ?? '';
    if (q.startsWith('peft.') || q.startsWith('sentence_transformers.')) continue;
    const t = torchRef(a);
    const value = `${t.prefix}${half.name}`;
    const args = callArgs(a.text, call);
    const explicit = args.keywords.get('torch_dtype') ?? args.keywords.get('dtype');
    let edit: TextEdit | undefined;
    if (explicit) edit = replaceEdit(a, explicit.value, value);
    else edit = addKeywordEdit(a, call, `torch_dtype=${value}`);
    const what = textOf(a.text, call).split('(')[0];
    const model = job.facts.model?.value ? ` \`${job.facts.model.value}\`` : '';
    const d: FindingDraft = {
      message: explicit
        ? `\`${what}\` loads${model} in fp32 on the GPU: use \`${textOf(a.text, explicit.name)}=${value}\` (${half.why}); half-precision weights halve memory and speed up inference.`
        : `\`${what}\` loads${model} in fp32 on the GPU (the library's default when no dtype is given): pass \`torch_dtype=${value}\` (${half.why}); half-precision weights halve memory and speed up inference.`,
      span: { start: call.start, end: call.end },
      jobId: job.id,
      patch: { precision: half.precision },
    };
    if (edit) d.fix = { safety: 'safe', title: `Load in ${half.name}`, edits: t.importEdit ? [t.importEdit, edit] : [edit] };
    out.push(d);
  }
  return out;
}

export { jobAt };
