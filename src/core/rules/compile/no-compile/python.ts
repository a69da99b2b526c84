// compile/no-compile: the Python and notebook check.
// (1) A substantial raw PyTorch training loop on a GPU (nested epoch × batch loops, or a loop over a DataLoader,
//     with `loss.backward()` and `optimizer.step()`) and no `torch.compile` anywhere in the file. Unsafe fix: insert
//     `model = torch.compile(model)` before the loop (compilation can fail or recompile on dynamic shapes).
// (2) `TrainingArguments(torch_compile=False)` written out: safe fix sets it to True.
// Toy loops (one flat loop over a range) stay silent.
import { textOf } from '../../../extract/python/ast';
import { analysisOf, anyCallName, keyOf } from '../../../extract/python/analysis';
import { torchRef } from '../../../extract/python/edits';
import { jobAt, trainingLoops } from '../../../extract/python/index';
import { isPython } from '../../../extract/python/rulekit';
import { eolOf, indentAt } from '../../../text/lines';
import type { FindingDraft, RuleContext } from '../../rule';
import { torchBefore2 } from './torch-version';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc) || torchBefore2(ctx)) return [];
  const a = analysisOf(ctx.doc);
  const out: FindingDraft[] = [];
  const compiled = anyCallName(a, (q) => q === 'torch.compile' || (q.endsWith('.compile') && !q.startsWith('re.') && !q.startsWith('regex.')));
  for (const job of ctx.jobs) {
    if (job.flavour !== 'hf-trainer') continue;
    const f = job.facts.compile;
    if (!f || f.origin !== 'explicit' || f.value !== false || !f.source) continue;
    const edits = f.edit?.(true);
    const d: FindingDraft = {
      message: '`torch_compile=False` leaves PyTorch 2 graph compilation off: set `torch_compile=True` (typically 1.3–2× faster training steps on recent GPUs).',
      span: f.source.span,
      jobId: job.id,
      patch: { compile: true },
    };
    if (edits && edits.length > 0) d.fix = { safety: 'safe', title: 'Set torch_compile=True', edits };
    out.push(d);
  }
  if (compiled || !a.gpu) return out;
  for (const loop of trainingLoops(a)) {
    if (!loop.substantial || loop.forwards.length === 0) continue;
    const fwd = loop.forwards[0];
    const fnNode = fwd.children.find((c) => c.field === 'function');
    const model = fnNode ? keyOf(a.text, fnNode.type === 'attribute' && textOf(a.text, fnNode).endsWith('.forward') ? fnNode.children[0] : fnNode) : undefined;
    if (!model) continue;
    const t = torchRef(a);
    const lineStart = a.text.lastIndexOf('\n', loop.loop.start - 1) + 1;
    const indent = indentAt(a.text, loop.loop.start);
    const eol = eolOf(a.text);
    const insert = { file: a.doc.path, span: { start: lineStart, end: lineStart }, newText: `${indent}${model} = ${t.prefix}compile(${model})${eol}` };
    const job = jobAt(ctx.jobs, { start: loop.loop.start, end: loop.loop.end });
    const d: FindingDraft = {
      message: `This training loop runs \`${model}\` eagerly: compile it once before the loop with \`${model} = ${t.prefix}compile(${model})\` (PyTorch 2; typically 1.3–2× faster steps, check for graph breaks).`,
      span: { start: fwd.start, end: fwd.end },
      patch: { compile: true },
      fix: { safety: 'unsafe', title: `Compile ${model} before the loop`, edits: t.importEdit ? [t.importEdit, insert] : [insert] },
    };
    if (job) d.jobId = job.id;
    out.push(d);
  }
  return out;
}
