// precision/fp32-training: the Python and notebook check.
// (1) `TrainingArguments(...)` / `SFTConfig(...)` without `bf16=True` / `fp16=True` (or a DeepSpeed config that
//     enables them) trains in fp32 on the GPU: safe fix adds `bf16=True`.
// (2) A raw PyTorch loop (`loss.backward()` + `optimizer.step()` in a loop) on a GPU with no autocast / GradScaler
//     anywhere in the file (nor accelerate / Fabric, which take precision from their launcher): unsafe fix wraps
//     the forward pass and the loss in `with torch.autocast("cuda", dtype=torch.bfloat16):`.
import { callArgs, enclosingFunction, field, statementOf, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, callAtSpan, isForwardCall, type PyAnalysis } from '../../../extract/python/analysis';
import { resolveReceiver } from '../../../extract/python/flow';
import { tinyForward } from '../../../extract/python/netsize';
import { APIS, apiSafety } from '../../../extract/python/resolve';
import { torchRef, wrapStatementsEdit } from '../../../extract/python/edits';
import { jobAt, trainingLoops } from '../../../extract/python/index';
import { libraryDefaultFor, smallGlueTask, tutorialRun } from '../../../extract/python/precision';
import { halfDtype, isPython, smallModel } from '../../../extract/python/rulekit';
import { optimizesInputsOnly, trainingSkippedForCheckpoints } from '../../../extract/python/toy';
import { scaleEvidence } from '../../../extract/python/scale';
import type { Fix } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  const out: FindingDraft[] = [];
  const half = halfDtype(ctx.settings);
  for (const job of ctx.jobs) {
    if (!['hf-trainer', 'lightning', 'accelerate', 'coqui'].includes(job.flavour) || !job.anchor || job.file !== a.doc.path) continue;
    const p = job.facts.precision;
    if (!p || p.value !== 'fp32' || job.dynamic.includes('precision') || job.facts.device?.value !== 'gpu') continue;
    if (job.references.length > 0) continue; // a DeepSpeed config decides; the config check reports it there
    // a known-small model (`small-model-params`) for a few epochs on a small GLUE task (MRPC's 3.7k pairs): about a
    // thousand steps, minutes of GPU time, nothing worth changing
    if (smallGlueTask(a) && smallModel(job.facts.model?.value, ctx.settings) && (job.facts.epochs?.value ?? 3) <= 10) continue;
    // a short run on a tutorial data set (MNIST, CIFAR-10) at the epochs the job states or its library's default
    // (Trainer 3, Lightning 1000 when neither `max_epochs` nor `max_steps` is set)
    if (tutorialRun(a, job.facts.epochs?.value ?? (job.flavour === 'lightning' && !job.facts.steps ? 1000 : 3))) continue;
    // the trainer is only fitted when the checkpoint the file downloads is missing: the intended run trains nothing
    if (trainingSkippedForCheckpoints(a, trainCallsOf(a, job.anchor.span))) continue;
    if (job.flavour === 'coqui') {
      out.push(coquiFinding(a, job, p));
      continue;
    }
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
    if (edits && edits.length > 0) {
      // safe only on the library API the setting belongs to (not a look-alike config class of the project)
      const call = callAtSpan(a, job.anchor.span);
      const api = job.flavour === 'lightning' ? APIS.lightningTrainer : job.flavour === 'accelerate' ? APIS.accelerator : APIS.trainingArguments;
      const s = call ? apiSafety(a, call, api, ctx.workspace) : { safety: 'unsafe' as const, note: 'the call could not be found' };
      d.fix = { safety: s.safety, title: s.note ? `Set ${setting} (${s.note})` : `Set ${setting}`, edits };
    }
    out.push(d);
  }
  for (const loop of trainingLoops(a)) {
    if (loop.autocast || loop.forwards.length === 0) continue;
    const job = jobAt(ctx.jobs, { start: loop.loop.start, end: loop.loop.end });
    // the loop's job says where its precision is decided (half weights, a launch switch, a library) and its device
    if (!job || job.facts.device?.value !== 'gpu' || job.dynamic.includes('precision') || job.facts.precision?.value !== 'fp32') continue;
    // a short run on a tutorial-sized dataset (MNIST, CIFAR-10): seconds to minutes of GPU time, nothing worth changing
    if (tutorialRun(a, job.facts.epochs?.value ?? 1)) continue;
    // an optimisation of input tensors through a fixed network (style transfer, GAN inversion): no model trains
    if (optimizesInputsOnly(a)) continue;
    // a tiny dense or recurrent network of the file's own (a teaching MLP, a small LSTM): its matrix multiplies are
    // too small for the tensor cores that mixed precision uses
    const fwd = loop.forwards[0];
    // where it shows: the step closure's call of the helper that runs it, for a step written as a closure
    const shown = loop.shownAt?.[0] ?? fwd;
    const r = isForwardCall(a, fwd) ? resolveReceiver(a, fwd, FORWARD) : undefined;
    if (tinyForward(a, fwd, r)) continue;
    // nothing in the run, the file or the modules it imports says the run is more than a teaching exercise (no
    // pretrained or zoo network, no distributed run, no large network, no data set beyond a tutorial one, no long
    // run written down): its size is unknown, and the saving with it (extract/python/scale.ts)
    if (!scaleEvidence(a, ctx.workspace, { epochs: job.facts.epochs?.value, forward: { call: fwd, receiver: r } })) continue;
    if (trainingSkippedForCheckpoints(a, [loop.loop])) continue;
    const t = torchRef(a);
    // the mixed precision the project's declared torch has (the shared defaults table): `torch.autocast` from 1.10,
    // only `torch.cuda.amp` (fp16 + GradScaler) in 1.6–1.9, none before 1.6 (apex only: nothing this rule can offer)
    const amp = nativeAmp(a, ctx);
    if (amp.kind === 'none') continue;
    if (amp.kind === 'cuda-amp') {
      out.push({
        message: `This training loop runs the forward pass in fp32 on the GPU (no autocast / GradScaler), and ${amp.why}, which has no \`torch.autocast\` or bf16 autocast (both from 1.10): wrap the forward and loss in \`with ${t.prefix}cuda.amp.autocast():\` (fp16) and scale the loss with \`${t.prefix}cuda.amp.GradScaler()\` (\`scaler.scale(loss).backward()\`, \`scaler.step(optimizer)\`, \`scaler.update()\`).`,
        span: { start: shown.start, end: shown.end },
        patch: { precision: 'fp16' },
        jobId: job.id,
        fix: { safety: 'manual', title: 'Use torch.cuda.amp autocast with a GradScaler (fp16)', edits: [] },
      });
      continue;
    }
    const device = deviceType(a, loop.loop, t.prefix);
    const header = `with ${t.prefix}autocast(${device}, dtype=${t.prefix}${half.name}):`;
    const fix = autocastFix(a, shown, loop.backward, header, t.importEdit, device);
    const d: FindingDraft = {
      message: `This training loop runs the forward pass in fp32 on the GPU (no autocast / GradScaler): wrap the forward and loss in \`${header}\` (${half.why})${half.precision === 'fp16' ? ' and scale the loss with `torch.amp.GradScaler`' : ''}.`,
      span: { start: shown.start, end: shown.end },
      patch: { precision: half.precision },
      jobId: job.id,
    };
    if (fix) d.fix = fix;
    out.push(d);
  }
  return out;
}

/**
 * A Coqui TTS recipe with `mixed_precision=False`: the Coqui Trainer runs the model under autocast only when it is
 * true (fp16 with its GradScaler by default). The fix replaces a value the author wrote, so it is never safe:
 * some recipes (GAN vocoders) turn it off on purpose.
 */
function coquiFinding(a: PyAnalysis, job: RuleContext['jobs'][number], p: NonNullable<RuleContext['jobs'][number]['facts']['precision']>): FindingDraft {
  const callee = a.text.slice(job.anchor!.span.start, job.anchor!.span.end).split('(')[0].trim();
  const edits = p.edit?.('fp16');
  const d: FindingDraft = {
    message: `\`${callee}\` trains in fp32 (\`mixed_precision=False\`, so the Coqui Trainer runs no autocast): set \`mixed_precision=True\` (fp16 autocast with the trainer's GradScaler; add \`precision="bf16"\` on Ampere and newer GPUs); mixed precision roughly doubles tensor-core throughput.`,
    span: p.source?.span ?? job.anchor!.span,
    jobId: job.id,
    patch: { precision: 'fp16' },
  };
  if (edits && edits.length > 0) d.fix = { safety: 'unsafe', title: 'Set mixed_precision=True (replaces a value the recipe sets; check GAN and attention-alignment stability)', edits };
  return d;
}

const FORWARD = new Set(['forward']);

/** The trainer's `fit` / `train` calls in the function that builds it (the module, for a trainer built at top level). */
function trainCallsOf(a: PyAnalysis, anchor: { start: number; end: number }): PyNode[] {
  const call = callAtSpan(a, anchor);
  if (!call) return [];
  const fn = enclosingFunction(call);
  return a.trainCalls.filter((c) => enclosingFunction(c) === fn);
}

/** Which native mixed precision the torch the project declares offers (the shared defaults table, `torch.autocast`). */
function nativeAmp(a: PyAnalysis, ctx: RuleContext): { kind: 'autocast' | 'cuda-amp' | 'none'; why: string } {
  const answer = libraryDefaultFor(a, ctx.workspace, 'torch.autocast', 'available');
  const r = answer.resolved;
  if (!answer.declared || r.kind === 'none') return { kind: 'autocast', why: '' };
  const why = `\`${answer.declared.files[0]}\` declares torch \`${answer.declared.range.text || 'any version'}\``;
  // several candidates: the newest API the declared range admits (a range reaching 1.10 gets torch.autocast)
  const values = r.kind === 'known' ? [r.row.value] : r.rows.map((x) => x.value);
  return { kind: values.includes(true) ? 'autocast' : values.includes('cuda-amp') ? 'cuda-amp' : 'none', why };
}

/**
 * Wraps the forward pass and the loss, nothing else: from the statement of the first forward call to the last
 * statement before the backward that assigns the tensor `.backward()` is called on (metrics, logging and
 * `zero_grad` after it stay outside).
 */
function autocastFix(a: PyAnalysis, fwd: PyNode, backward: PyNode, header: string, importEdit: Fix['edits'][number] | undefined, device: string): Fix | undefined {
  const first = statementOf(fwd);
  const bw = statementOf(backward);
  if (first === bw || first.parent !== bw.parent) return undefined;
  const sibs = first.parent?.children ?? [];
  const i = sibs.indexOf(first);
  const j = sibs.indexOf(bw);
  if (i < 0 || j <= i) return undefined;
  const loss = lossName(a, backward);
  let k = i;
  for (let m = i; m < j; m++) if (loss && assigns(a, sibs[m], loss)) k = m;
  const wrap = wrapStatementsEdit(a, first, sibs[k], header);
  if (!wrap) return undefined;
  const where = device === '"cuda"' ? '' : `; autocast on the device the script chooses (${device})`;
  return { safety: 'unsafe', title: `Run the forward pass and the loss under autocast${where}`, edits: importEdit ? [importEdit, wrap] : [wrap] };
}

/** The name `.backward()` is called on: `loss.backward()`, `loss.mean().backward()`, `(loss / n).backward()` → `loss`. */
function lossName(a: PyAnalysis, backward: PyNode): string | undefined {
  let o = field(field(backward, 'function'), 'object');
  for (let d = 0; o && d < 6; d++) {
    if (o.type === 'identifier') return textOf(a.text, o);
    if (o.type === 'call') o = field(field(o, 'function'), 'object');
    else if (o.type === 'parenthesized_expression') o = o.children[0];
    else if (o.type === 'binary_operator') o = field(o, 'left');
    else if (o.type === 'attribute') o = field(o, 'object');
    else return undefined;
  }
  return undefined;
}

/** Whether a statement assigns `name` (plainly, in a tuple, or augmented). */
function assigns(a: PyAnalysis, st: PyNode, name: string): boolean {
  let yes = false;
  walk(st, (n) => {
    if (yes) return false;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = field(n, 'left');
      if (left) walk(left, (m) => {
        if (m.type === 'identifier' && textOf(a.text, m) === name && m.parent?.type !== 'attribute') yes = true;
      });
    }
    return n.type !== 'function_definition' && n.type !== 'lambda';
  });
  return yes;
}

/**
 * The autocast `device_type` for this loop: `"cuda"` when the script moves its tensors with `.cuda()` or to a
 * `"cuda"` string; the type of the device it chooses otherwise (`.to(device)` → `torch.device(device).type`, which
 * accepts a string or a device), or the current accelerator's when it uses `torch.accelerator`.
 */
function deviceType(a: PyAnalysis, loop: PyNode, torch: string): string {
  let chosen: PyNode | undefined;
  let cuda = false;
  walk(loop, (n) => {
    if (chosen || n.type !== 'call') return !chosen;
    const f = field(n, 'function');
    const m = f?.type === 'attribute' ? textOf(a.text, field(f, 'attribute')!) : '';
    if (m === 'cuda') cuda = true;
    if (m === 'to') {
      const args = callArgs(a.text, n);
      const v = args.keywords.get('device')?.value ?? args.positional[0];
      if (v && v.type !== 'string' && v.type !== 'integer' && !/dtype|float|half|bfloat/.test(textOf(a.text, v))) chosen = v;
      else if (v?.type === 'string' && !/cuda/.test(textOf(a.text, v))) chosen = v;
    }
    return true;
  });
  if (chosen) return `${torch}device(${textOf(a.text, chosen)}).type`;
  if (!cuda && /\btorch\.accelerator\b/.test(a.text)) return `${torch}accelerator.current_accelerator().type`;
  return '"cuda"';
}
