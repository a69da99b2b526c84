// compile/no-compile: the Python and notebook check.
// (1) A substantial raw PyTorch training loop on a GPU (nested epoch × batch loops, or a loop over a DataLoader,
//     with `loss.backward()` and `optimizer.step()`) and no `torch.compile` anywhere in the file. Unsafe fix: insert
//     `model = torch.compile(model)` before the loop (compilation can fail or recompile on dynamic shapes).
// (2) `TrainingArguments(torch_compile=False)` written out: safe fix sets it to True.
// Silent for: toy loops (one flat loop over a range; at most two epochs; MNIST / CIFAR-sized torchvision data sets),
// probes and heads (one layer, a file that freezes parameters, a model class that runs its encoder under no_grad),
// quantized models (custom kernels), files that name compilation (a helper compiles, or it is off on purpose), and
// projects whose declared PyTorch is older than 2.0 (no torch.compile: the shared library-defaults table).
import { callArgs, enclosingFunction, field, perStatement, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, anyCallName, definitions, isForwardCall, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { constNumber } from '../../../extract/python/consts';
import { resolveReceiver, useWorkspace } from '../../../extract/python/flow';
import { torchRef } from '../../../extract/python/edits';
import { jobAt, modelArgument, trainingLoops } from '../../../extract/python/index';
import { isPython } from '../../../extract/python/rulekit';
import { enclosingLoops } from '../../../extract/python/loops';
import { calleeLast } from '../../../extract/python/imports';
import { optimizesInputsOnly, toyProgram, trainingSkippedForCheckpoints } from '../../../extract/python/toy';
import { tinyForward } from '../../../extract/python/netsize';
import { scaleEvidence } from '../../../extract/python/scale';
import { tinyDataset, toyDataset } from '../../../extract/python/precision';
import { eolOf, indentAt } from '../../../text/lines';
import type { FindingDraft, RuleContext } from '../../rule';
import type { NotebookDoc, PythonDoc } from '../../../parse/document';
import { packsSequences, torchBefore2, writtenForTorch1 } from './torch-version';

const FORWARD = new Set(['forward']);

/**
 * The file names compilation (a `compile` / `compiled` / `torch_compile` keyword, variable or flag, or a helper such
 * as `_maybe_compile_transformer(...)`): the author has compiled through a helper, or turned it off on purpose.
 */
function mentionsCompile(a: PyAnalysis): boolean {
  // an identifier's text is a piece of the file's text: without "compile" in it, none names compilation
  if (!/compile/i.test(a.text)) return false;
  // each top-level statement's answer (kept across keystrokes for the statements an edit did not touch)
  return a.root.children.some((stmt) => perStatement(a.text, stmt, 'no-compile.mentions', () => statementMentionsCompile(a.text, stmt)));
}

function statementMentionsCompile(text: string, stmt: PyNode): boolean {
  let yes = false;
  walk(stmt, (n) => {
    if (yes) return false;
    if (n.type === 'identifier' && /compile/i.test(textOf(text, n))) {
      const p = n.parent;
      // re.compile / regex.compile are not torch compilation
      const obj = p?.type === 'attribute' && n.field === 'attribute' ? field(p, 'object') : undefined;
      if (!obj || !/^(re|regex|_re)$/.test(textOf(text, obj))) yes = true;
    }
    return n.type !== 'string' && n.type !== 'comment';
  });
  return yes;
}

const TOY_DATASETS = new Set(['MNIST', 'FashionMNIST', 'KMNIST', 'EMNIST', 'QMNIST', 'CIFAR10', 'CIFAR100', 'SVHN', 'STL10', 'USPS']);

/** A tutorial-sized data set (MNIST, CIFAR, ...): a run of minutes, which compile warm-up would dominate. */
function toyData(a: PyAnalysis): boolean {
  if (anyCallName(a, (q) => q.startsWith('torchvision.datasets.') && TOY_DATASETS.has(q.slice(q.lastIndexOf('.') + 1)))) return true;
  // a tiny one (a citation graph trained full-graph, the ants-and-bees folder): precision.ts' TINY_SETS
  const d = toyDataset(a);
  return d !== undefined && tinyDataset(d);
}

/**
 * Parameters frozen where the loop runs (its function, or the module's top level: `requires_grad_(False)`,
 * `p.requires_grad = False`): a probe or a head trains on a frozen backbone. A helper elsewhere in the file that
 * freezes some layers on request does not count, nor does freezing another model that the loop runs under no_grad
 * (`for p in target_encoder.parameters(): p.requires_grad = False`, the EMA target of a self-distillation run whose
 * student `encoder` is trained).
 */
function freezes(a: PyAnalysis, loop: PyNode, model: string): boolean {
  const fn = enclosingFunction(loop);
  // the model a freeze reads, where the code names one: `K.requires_grad_(False)`, `K.x.requires_grad_(False)`, or
  // `p.requires_grad = False` in a loop over `K.parameters()`
  // another model: one the loop runs under no_grad (a teacher, an EMA target), not part of the trained one
  const other = (k: string | undefined) =>
    k !== undefined &&
    k !== model &&
    !k.startsWith(`${model}.`) &&
    !model.startsWith(`${k}.`) &&
    a.calls.some((c) => c.start >= loop.start && c.end <= loop.end && keyOf(a.text, field(c, 'function')) === k && a.grad.gradOff(c));
  const ownerOf = (n: PyNode): string | undefined => {
    for (const l of enclosingLoops(n)) {
      const it = field(l, 'right');
      const f = it?.type === 'call' ? field(it, 'function') : undefined;
      if (f?.type === 'attribute' && /^(named_)?parameters$/.test(textOf(a.text, field(f, 'attribute') ?? f))) return keyOf(a.text, field(f, 'object'));
    }
    return undefined;
  };
  let yes = false;
  walk(fn ?? a.root, (n) => {
    if (yes) return false;
    if (!fn && n.type === 'function_definition') return false;
    if (n.type === 'call' && textOf(a.text, field(n, 'function') ?? n).endsWith('requires_grad_')) {
      const v = callArgs(a.text, n).positional[0];
      const f = field(n, 'function');
      const target = f?.type === 'attribute' ? keyOf(a.text, field(f, 'object')) : undefined;
      if (v && textOf(a.text, v) === 'False' && !other(ownerOf(n) ?? target)) yes = true;
    }
    if (n.type === 'assignment') {
      const l = field(n, 'left');
      const r = field(n, 'right');
      if (l?.type === 'attribute' && textOf(a.text, field(l, 'attribute') ?? l) === 'requires_grad' && r && textOf(a.text, r) === 'False' && !other(ownerOf(n))) yes = true;
    }
    return true;
  });
  return yes;
}

/** A quantized model (bitsandbytes / GPTQ / AWQ loads): custom kernels, where compile's gain is doubtful. */
function quantized(a: PyAnalysis, origin: PyNode): boolean {
  if (quantizedFile(a)) return true;
  if (origin.type !== 'call') return false;
  const kw = callArgs(a.text, origin).keywords;
  return kw.has('quantization_config') || kw.has('load_in_4bit') || kw.has('load_in_8bit');
}

/** The file prepares a k-bit model or loads one through AutoGPTQ / AutoAWQ. */
function quantizedFile(a: PyAnalysis): boolean {
  return gptqOrAwqFile(a) || anyCallName(a, (q) => q.endsWith('prepare_model_for_kbit_training'));
}

/** The file loads through AutoGPTQ / AutoAWQ. */
function gptqOrAwqFile(a: PyAnalysis): boolean {
  return anyCallName(a, (q) => q.startsWith('auto_gptq.') || q.startsWith('awq.'));
}

/** One layer (`nn.Linear(...)`), or a class of this file that builds at most one layer: a probe, not a network. */
function smallModel(a: PyAnalysis, origin: PyNode): boolean {
  if (origin.type !== 'call') return false;
  const q = a.qname.get(origin) ?? '';
  if (/^torch\.nn\.(Linear|Conv[123]d|Embedding|Bilinear|LayerNorm)$/.test(q)) return true;
  const def = definitions(a).get(q);
  if (def?.type !== 'class_definition') return false;
  let layers = 0;
  let loads = false;
  walk(def, (n) => {
    if (n.type !== 'call') return true;
    const cq = a.qname.get(n) ?? '';
    if (/^torch\.nn\.[A-Z]/.test(cq) && !/^torch\.nn\.(ReLU|GELU|SiLU|Tanh|Sigmoid|Dropout\w*|Identity|Flatten|Softmax|LogSoftmax|Sequential|ModuleList|ModuleDict|Parameter)$/.test(cq)) layers++;
    if (cq.endsWith('from_pretrained') || cq.startsWith('timm.') || cq.startsWith('torchvision.models.') || cq === 'torch.load') loads = true;
    return true;
  });
  return !loads && layers <= 1;
}

/** The model's class (of this file) runs part of its forward under `torch.no_grad()`: a frozen encoder and a head. */
function frozenInside(a: PyAnalysis, origin: PyNode): boolean {
  if (origin.type !== 'call') return false;
  const def = definitions(a).get(a.qname.get(origin) ?? '');
  if (def?.type !== 'class_definition') return false;
  let yes = false;
  walk(def, (n) => {
    if (yes) return false;
    if (n.type === 'with_statement' || n.type === 'call') {
      if (n.type === 'call' && /(^|\.)(no_grad|inference_mode)$/.test(a.qname.get(n) ?? '')) yes = true;
    }
    return true;
  });
  return yes;
}

/**
 * The module wraps a model in FSDP1 (`FullyShardedDataParallel(...)` / `FSDP(...)`) without `use_orig_params=True`:
 * FSDP then hands the model flattened parameters, which torch.compile supports only with `use_orig_params=True`
 * (torch.distributed.fsdp docs), so the one-line `torch.compile(model)` is not the supported path and its 1.43x
 * figure does not hold. `fully_shard` (FSDP2) keeps the original parameters and is not matched.
 */
function fsdpWithoutOrigParams(a: PyAnalysis): boolean {
  // over the distinct qualified names (every call with one is listed under it in byName), not every call
  for (const q of a.byName.keys()) {
    if (!/(^|\.)(FullyShardedDataParallel|FSDP)$/.test(q)) continue;
    for (const c of a.byName.get(q)!) {
      const kw = callArgs(a.text, c).keywords.get('use_orig_params');
      if (!kw || textOf(a.text, kw.value) !== 'True') return true;
    }
  }
  return false;
}

/** A loop over at most two epochs (`for epoch in range(1)`): compile warm-up takes a large share of such a run. */
function shortRun(a: PyAnalysis, loop: PyNode): boolean {
  const it = field(loop, 'right');
  if (it?.type !== 'call' || a.qname.get(it) !== 'range') return false;
  const args = callArgs(a.text, it).positional;
  if (args.length !== 1) return false;
  const n = constNumber(a.text, args[0], a.consts);
  return n !== undefined && n <= 2;
}

/** The file saves the model's weights: `model.state_dict()` or `torch.save(model, ...)`. */
function savesStateDict(a: PyAnalysis, model: string): boolean {
  if ((a.methodCalls.get(`${model}.state_dict`) ?? []).length > 0) return true;
  // an EMA copy of the model (`ModelEMA(model)`, `EMA(model)`, `ExponentialMovingAverage(model)`) reads the model's
  // state_dict on every update: compiled keys gain `_orig_mod.` and the update no longer matches the copy's keys
  const ema = a.calls.some((c) => /(^|_)?(Model)?EMA$|ExponentialMovingAverage$|AveragedModel$/i.test(calleeLast(a.text, c) ?? '') && callArgs(a.text, c).positional.some((p) => keyOf(a.text, p) === model));
  if (ema) return true;
  return (a.byName.get('torch.save') ?? []).some((c) => {
    const first = callArgs(a.text, c).positional[0];
    return first !== undefined && keyOf(a.text, first) === model;
  });
}

/**
 * torchtext's legacy data API (`Field`, `BucketIterator`, `TabularDataset`, ...; under `torchtext.legacy` from 0.9):
 * torchtext 0.9.0's release note moved it to `torchtext.legacy` "for two more releases" and it is gone after 0.11,
 * whose PyTorch is 1.10 (torchtext's version table): code written against it runs on PyTorch 1.x, which has no
 * torch.compile. The environment says so even where no dependency file does.
 */
const LEGACY_TORCHTEXT = /^torchtext\.(legacy\.\w+(\.\w+)*|data\.(Field|LabelField|RawField|NestedField|ReversibleField|BucketIterator|BPTTIterator|Iterator|TabularDataset|Example|Batch|Pipeline))$/;

function legacyTorchtext(a: PyAnalysis): boolean {
  return anyCallName(a, (q) => LEGACY_TORCHTEXT.test(q));
}

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  // the project's declared PyTorch is read last, only for a file with something to say: its dependency files are
  // probed in every folder up to the root (a few per cent of a scan where nearly every file has nothing to say)
  const out = candidates(ctx, ctx.doc);
  return out.length > 0 && torchBefore2(ctx) ? [] : out;
}

function candidates(ctx: RuleContext, doc: PythonDoc | NotebookDoc): FindingDraft[] {
  const a = useWorkspace(analysisOf(doc), ctx.workspace);
  if (legacyTorchtext(a)) return [];
  const out: FindingDraft[] = [];
  const compiled = anyCallName(a, (q) => q === 'torch.compile' || (q.endsWith('.compile') && !q.startsWith('re.') && !q.startsWith('regex.')));
  for (const job of ctx.jobs) {
    if (job.flavour !== 'hf-trainer') continue;
    const f = job.facts.compile;
    if (!f || f.origin !== 'explicit' || f.value !== false || !f.source) continue;
    const edits = f.edit?.(true);
    const d: FindingDraft = {
      message: '`torch_compile=False` leaves PyTorch 2 graph compilation off: set `torch_compile=True` (the PyTorch 2.0 release measured training 1.43× faster on average on an A100).',
      span: f.source.span,
      jobId: job.id,
      patch: { compile: true },
    };
    // it replaces a `torch_compile=False` the user wrote: never safe (the safety gate says so too)
    if (edits && edits.length > 0) d.fix = { safety: 'unsafe', title: 'Set torch_compile=True (replaces the False you set; compilation can fail or recompile on dynamic shapes)', edits };
    out.push(d);
  }
  // (an optimisation of input tensors through a fixed network, style transfer or GAN inversion, trains no model)
  if (compiled || !a.gpu || mentionsCompile(a) || toyData(a) || toyProgram(a) || optimizesInputsOnly(a)) return out;
  const loops = trainingLoops(a).filter((l) => l.substantial && l.forwards.length > 0);
  // code that only runs on PyTorch 1.x (no torch.compile there): read only when a loop could be flagged
  if (loops.length > 0 && writtenForTorch1(a, ctx.workspace)) return out;
  // a model that packs variable-length sequences: TorchDynamo graph-breaks around the packed RNN, which runs eagerly
  if (loops.length > 0 && packsSequences(a, ctx.workspace)) return out;
  for (const loop of loops) {
    const fwd = loop.forwards[0];
    const fnNode = fwd.children.find((c) => c.field === 'function');
    // the model is called (`model(x)`, `model.forward(x)`) or handed to the loss that calls it (`losses(model, x)`)
    const handed = isForwardCall(a, fwd) ? undefined : modelArgument(a, fwd);
    const model = handed ?? (fnNode ? keyOf(a.text, fnNode.type === 'attribute' && textOf(a.text, fnNode).endsWith('.forward') ? fnNode.children[0] : fnNode) : undefined);
    if (!model) continue;
    const r = handed ? undefined : resolveReceiver(a, fwd, FORWARD);
    const m = r?.mod ?? a;
    // a tiny dense or recurrent network of the file's own: launch-bound kernels, where warm-up outweighs the gain
    if (r && (quantized(m, r.origin) || smallModel(m, r.origin) || frozenInside(m, r.origin))) continue;
    if (!handed && tinyForward(a, fwd, r)) continue;
    // nothing in the run, the file or the modules it imports says the run is more than a teaching exercise
    // (scale.ts): the compile warm-up may outlast it
    const job = jobAt(ctx.jobs, { start: loop.loop.start, end: loop.loop.end });
    if (!scaleEvidence(a, ctx.workspace, { epochs: job?.facts.epochs?.value, forward: { call: fwd, receiver: r } })) continue;
    // a file that loads its models through AutoGPTQ / AutoAWQ: the loop trains adapters over the quantized kernels,
    // also where the receiver resolves elsewhere or not at all (`get_gptq_peft_model(...)`); a k-bit preparation
    // counts only for a resolved receiver (it is often one option of a script that also trains in full)
    if (gptqOrAwqFile(a)) continue;
    if (fsdpWithoutOrigParams(a) || (r?.mod && fsdpWithoutOrigParams(r.mod))) continue;
    if (shortRun(a, loop.loop) || freezes(a, loop.loop, model) || trainingSkippedForCheckpoints(a, [loop.loop])) continue;
    const t = torchRef(a);
    const lineStart = a.text.lastIndexOf('\n', loop.loop.start - 1) + 1;
    const indent = indentAt(a.text, loop.loop.start);
    const eol = eolOf(a.text);
    const insert = { file: a.doc.path, span: { start: lineStart, end: lineStart }, newText: `${indent}${model} = ${t.prefix}compile(${model})${eol}` };
    const d: FindingDraft = {
      message: `This training loop runs \`${model}\` eagerly: compile it once before the loop with \`${model} = ${t.prefix}compile(${model})\` (PyTorch 2; the 2.0 release measured training 1.43× faster on average on an A100; check for graph breaks).`,
      span: { start: (loop.shownAt?.[0] ?? fwd).start, end: (loop.shownAt?.[0] ?? fwd).end },
      patch: { compile: true },
      fix: savesStateDict(a, model)
        ? // `model = torch.compile(model)` wraps it: its state_dict keys gain `_orig_mod.` and the checkpoints this
          // file saves no longer load into an uncompiled model (or the other way round)
          { safety: 'manual', title: `Compile ${model} before the loop, and read its weights through \`${model}._orig_mod\` where they are saved or copied (a compiled module's state_dict keys gain \`_orig_mod.\`: checkpoints, an EMA copy)`, edits: [] }
        : { safety: 'unsafe', title: `Compile ${model} before the loop`, edits: t.importEdit ? [t.importEdit, insert] : [insert] },
    };
    if (job) d.jobId = job.id;
    out.push(d);
  }
  return out;
}
