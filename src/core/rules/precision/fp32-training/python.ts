// precision/fp32-training: the Python and notebook check.
// (1) `TrainingArguments(...)` / `SFTConfig(...)` without `bf16=True` / `fp16=True` (or a DeepSpeed config that
//     enables them) trains in fp32 on the GPU: safe fix adds `bf16=True`.
// (2) A raw PyTorch loop (`loss.backward()` + `optimizer.step()` in a loop) on a GPU with no autocast / GradScaler
//     anywhere in the file (nor accelerate / Fabric, which take precision from their launcher): unsafe fix wraps
//     the forward pass and the loss in `with torch.autocast("cuda", dtype=torch.bfloat16):`.
import { statementOf, type PyNode } from '../../../extract/python/ast';
import { analysisOf, type PyAnalysis } from '../../../extract/python/analysis';
import { torchRef, wrapStatementsEdit } from '../../../extract/python/edits';
import { jobAt, trainingLoops } from '../../../extract/python/index';
import { toyDataset } from '../../../extract/python/precision';
import { halfDtype, isPython } from '../../../extract/python/rulekit';
import type { Fix } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  const out: FindingDraft[] = [];
  const half = halfDtype(ctx.settings);
  for (const job of ctx.jobs) {
    if (!['hf-trainer', 'lightning', 'accelerate'].includes(job.flavour) || !job.anchor || job.file !== a.doc.path) continue;
    const p = job.facts.precision;
    if (!p || p.value !== 'fp32' || job.dynamic.includes('precision') || job.facts.device?.value !== 'gpu') continue;
    if (job.references.length > 0) continue; // a DeepSpeed config decides; the config check reports it there
    const edits = p.edit?.(half.precision);
    const callee = a.text.slice(job.anchor.span.start, job.anchor.span.end).split('(')[0];
    const setting =
      job.flavour === 'lightning' ? `precision="${half.precision === 'bf16' ? 'bf16-mixed' : '16-mixed'}"` : job.flavour === 'accelerate' ? `mixed_precision="${half.precision}"` : `${half.precision}=True`;
    const what = p.origin === 'default' ? (job.flavour === 'lightning' ? 'no `precision`, so Lightning uses 32-true' : 'no `bf16` / `fp16` set') : `\`${a.text.slice(p.source!.span.start, p.source!.span.end)}\``;
    const d: FindingDraft = {
      message: `\`${callee}\` trains in fp32 (${what}): set \`${setting}\` (${half.why}); mixed precision roughly doubles tensor-core throughput.`,
      span: p.origin === 'explicit' && p.source && job.flavour !== 'hf-trainer' ? p.source.span : job.anchor.span,
      jobId: job.id,
      patch: { precision: half.precision },
    };
    if (edits && edits.length > 0) d.fix = { safety: 'safe', title: `Set ${setting}`, edits };
    out.push(d);
  }
  for (const loop of trainingLoops(a)) {
    if (loop.autocast || loop.forwards.length === 0) continue;
    const job = jobAt(ctx.jobs, { start: loop.loop.start, end: loop.loop.end });
    // the loop's job says where its precision is decided (half weights, a launch switch, a library) and its device
    if (!job || job.facts.device?.value !== 'gpu' || job.dynamic.includes('precision') || job.facts.precision?.value !== 'fp32') continue;
    // a short run on a tutorial-sized dataset (MNIST, CIFAR-10): seconds of GPU time, nothing worth changing
    if (toyDataset(a) && (job.facts.epochs?.value ?? 1) <= 10) continue;
    const fwd = loop.forwards[0];
    const t = torchRef(a);
    const header = `with ${t.prefix}autocast("cuda", dtype=${t.prefix}${half.name}):`;
    const fix = autocastFix(a, fwd, loop.backward, header, t.importEdit);
    const d: FindingDraft = {
      message: `This training loop runs the forward pass in fp32 on the GPU (no autocast / GradScaler): wrap the forward and loss in \`${header}\` (${half.why})${half.precision === 'fp16' ? ' and scale the loss with `torch.amp.GradScaler`' : ''}.`,
      span: { start: fwd.start, end: fwd.end },
      patch: { precision: half.precision },
      jobId: job.id,
    };
    if (fix) d.fix = fix;
    out.push(d);
  }
  return out;
}

function autocastFix(a: PyAnalysis, fwd: PyNode, backward: PyNode, header: string, importEdit: Fix['edits'][number] | undefined): Fix | undefined {
  const first = statementOf(fwd);
  const bw = statementOf(backward);
  if (first === bw || first.parent !== bw.parent) return undefined;
  const sibs = first.parent?.children ?? [];
  const i = sibs.indexOf(first);
  const j = sibs.indexOf(bw);
  if (i < 0 || j <= i) return undefined;
  const wrap = wrapStatementsEdit(a, first, sibs[j - 1], header);
  if (!wrap) return undefined;
  return { safety: 'unsafe', title: 'Run the forward pass under autocast', edits: importEdit ? [importEdit, wrap] : [wrap] };
}
