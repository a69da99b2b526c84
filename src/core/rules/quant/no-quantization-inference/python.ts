// quant/no-quantization-inference: the Python and notebook check. A vLLM `LLM(model=...)` of about 30B parameters
// or more (bundled catalogue, else the size in its name) served in bf16/fp16: no `quantization=` and no quantized
// checkpoint (AWQ / GPTQ / FP8 in the name). The fix (unsafe: accuracy needs checking) adds
// `quantization="fp8"`, which vLLM applies on the fly (W8A8 on Hopper/Ada, weight-only FP8 via Marlin on Ampere;
// vLLM docs, "FP8 W8A8"), halving weight memory.
// Also a transformers model of that size loaded in bf16/fp16 with no quantization config and used to `generate`
// (in-process bulk generation: every decoding step reads all the weights). Advice only: a quantized checkpoint
// (AWQ/GPTQ int4, FP8) is another model file or loading path. Silent in evaluation harnesses (the model is the object
// under test) and in files that quantize models themselves.
import { callArgs, field } from '../../../extract/python/ast';
import { analysisOf, callAtSpan, keyOf, keysHolding, type PyAnalysis } from '../../../extract/python/analysis';
import { calleeLast } from '../../../extract/python/imports';
import type { PyNode } from '../../../extract/python/ast';
import type { JobFacts } from '../../../types';
import { addKeywordEdit } from '../../../extract/python/edits';
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';

const LARGE = 28e9;

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  const out: FindingDraft[] = [];
  for (const job of ctx.jobs) {
    if (job.flavour === 'transformers') {
      const d = transformersGeneration(a, job);
      if (d) out.push(d);
      continue;
    }
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

/** Libraries whose presence means the file makes or evaluates quantized models itself. */
const QUANTIZERS = ['auto_gptq', 'gptqmodel', 'awq', 'llmcompressor', 'optimum', 'hqq', 'quanto', 'optimum.quanto', 'torchao'];
const EVAL_HARNESS = ['lm_eval', 'lighteval', 'opencompass', 'helm', 'deepeval', 'inspect_ai'];

/** A 28B+ transformers model loaded in 16-bit, unquantized, on a GPU, that the file asks to `generate`. */
function transformersGeneration(a: PyAnalysis, job: JobFacts): FindingDraft | undefined {
  if (!job.anchor || job.file !== a.doc.path || job.phase !== 'inference') return undefined;
  const params = job.facts.activeParams?.value ?? job.facts.params?.value;
  if (!params || params < LARGE || job.facts.device?.value !== 'gpu') return undefined;
  if (job.dynamic.includes('quantization') || job.facts.quantization?.value !== 'none') return undefined;
  const precision = job.facts.precision;
  if (!precision || precision.origin !== 'explicit' || (precision.value !== 'bf16' && precision.value !== 'fp16')) return undefined;
  if ([...QUANTIZERS, ...EVAL_HARNESS].some((m) => a.imports.modules.has(m))) return undefined;
  const load = callAtSpan(a, job.anchor.span);
  if (!load || !generates(a, load)) return undefined;
  const model = job.facts.model?.value ?? 'this model';
  const gb = Math.round((params * 2) / 1e9);
  return {
    message: `\`${model}\` (${Math.round(params / 1e9)}B parameters) generates in ${precision.value}: every decoding step reads its ${gb} GB of weights. Load a quantized checkpoint (AWQ/GPTQ int4, or FP8 on Hopper/Ada) or serve it with vLLM \`quantization="fp8"\`: a half to a quarter of the weight traffic, and room for larger batches on the same GPU. Check output quality on a sample.`,
    span: job.anchor.span,
    jobId: job.id,
    patch: { quantization: 'int4' },
    fix: { safety: 'manual', title: 'Generate with a quantized checkpoint', edits: [] },
  };
}

/** Whether the model loaded by `load` is used for `generate` (on its variable, or on the load's chain). */
function generates(a: PyAnalysis, load: PyNode): boolean {
  const keys = keysHolding(a, load);
  for (const call of a.calls) {
    if (calleeLast(a.text, call) !== 'generate') continue;
    const f = field(call, 'function');
    const k = f?.type === 'attribute' ? keyOf(a.text, field(f, 'object')) : undefined;
    if (k && keys.includes(k)) return true;
  }
  return false;
}
