// data/dataloader-workers: the Python and notebook check.
// `DataLoader(...)` with `num_workers` 0 or unset (its default is 0: loading runs in the training process, between
// GPU steps) where per-item work is heavy: the dataset decodes images / audio, applies transforms or tokenises in
// `__getitem__` (a class of this file or of a module it imports from the repository), is a torchvision folder
// dataset (ImageFolder & co. decode every image) or a torchvision dataset whose transform augments / resizes, or
// the `collate_fn` preprocesses images. The dataset is followed through its variable (scoped) and through a helper
// of the file that returns it. Silent for in-memory TensorDatasets, torchvision's in-memory image sets (MNIST,
// CIFAR, SVHN) with only deterministic transforms, unknown datasets, collate functions that only
// pad or tokenise one batch, a dynamic `num_workers`, files that compute under CPU autocast (`torch.cpu.amp.autocast`,
// Intel's ipex examples: workers would compete with the compute threads), evaluation loaders read once after training
// (a final test pass), and files that name the CPU as their device (GPU is assumed
// otherwise), and short runs on tutorial-sized torchvision sets (MNIST, CIFAR-10/100, SVHN: tens of thousands of
// tiny images; at most 10 epochs stated, or none: a few minutes of GPU time in all). Safe fix: `num_workers=4` (and
// `pin_memory=True` if unset); advice only when the collate_fn or
// `__getitem__` moves tensors to CUDA (workers cannot use CUDA: the safe fix would crash the program).
import { callArgs, eachIdentifierNamed, enclosingFunction, field, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, classify, definitions, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { bindingAt, bindingValue } from '../../../extract/python/flow';
import { importedDefinition } from '../../../extract/python/modules';
import { constNumber } from '../../../extract/python/consts';
import { enclosingLoops } from '../../../extract/python/loops';
import { addKeywordEdit, replaceEdit } from '../../../extract/python/edits';
import { calleeLast } from '../../../extract/python/imports';
import { APIS, apiSafety } from '../../../extract/python/resolve';
import { isPython } from '../../../extract/python/rulekit';
import type { WorkspaceReader } from '../../../settings';
import type { TextEdit } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

const WORKERS = 4;

const DECODERS = new Set([
  'PIL.Image.open', 'cv2.imread', 'cv2.imdecode', 'torchvision.io.read_image', 'torchvision.io.decode_image', 'torchvision.io.decode_jpeg',
  'torchvision.io.read_video', 'imageio.imread', 'imageio.v3.imread', 'skimage.io.imread', 'librosa.load', 'torchaudio.load', 'soundfile.read',
  'decord.VideoReader', 'pydicom.dcmread', 'nibabel.load',
]);
const FOLDER_DATASETS = ['ImageFolder', 'DatasetFolder', 'CocoDetection', 'CocoCaptions', 'VOCDetection', 'VOCSegmentation', 'ImageNet', 'Places365', 'CelebA', 'LSUN', 'Kinetics', 'Cityscapes'];

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  if (a.cpuOnly || cpuTraining(a)) return [];
  const out: FindingDraft[] = [];
  for (const call of a.calls) {
    const k = classify(a, call, 0);
    if (k?.kind !== 'dataloader' || k.origin !== call) continue;
    const args = callArgs(a.text, call);
    const nw = args.keywords.get('num_workers');
    if (nw) {
      const v = constNumber(a.text, nw.value, a.consts);
      if (v === undefined || v >= 1) continue;
    } else if (args.splat || args.positional.length > 6) continue; // num_workers may be positional or in **kwargs
    // a loader bound to a name that nothing reads (`self.valid_dl = cycle(DataLoader(...))`, never used): it loads
    // nothing
    if (neverRead(a, call)) continue;
    // a loader the file only samples from (`next(iter(loader))`: a batch to look at or plot), never iterates
    if (onlySampled(a, call)) continue;
    // a loader the code between its assignment and the next one of its name only draws one batch from
    // (`for x, y in loader: ...; break`) or reads on the CPU alone (a mean / std pass): no GPU waits on it
    if (readByHand(a, call)) continue;
    // an evaluation loader of a training script read once, after the training (a final test pass): one pass over
    // its data against the training loader's pass per epoch, which is flagged on its own
    if (evalLoader(a, call, args) && readOnceAfterTraining(a, call)) continue;
    const dataset = args.keywords.get('dataset')?.value ?? args.positional[0];
    const work = datasetWork(a, dataset, call, ctx.workspace, 0) ?? collateWork(a, args.keywords.get('collate_fn')?.value);
    if (!work) continue;
    // a tutorial-sized data set over a short run: minutes of GPU time, nothing worth a change (the precision and
    // compile rules draw the same line); a run stated as more than 10 epochs is still flagged
    if (work.toy && !(statedEpochs(a) > 10)) continue;
    // the data pipeline itself uses CUDA (a collate_fn or __getitem__ that moves tensors to the GPU): worker
    // processes cannot run it, so the fix is a restructuring (advice only). Worth it for the training loader, which
    // feeds every step; an evaluation loader (named test / val / eval, or `shuffle=False`) runs a fraction of the
    // steps: stay silent there
    if (work.cuda && evalLoader(a, call, args)) continue;
    const pin = args.keywords.has('pin_memory') ? '' : ', pin_memory=True';
    const d: FindingDraft = {
      message: `This DataLoader ${work.why} in the training process (\`num_workers\` ${nw ? 'is 0' : 'defaults to 0'}), so the GPU waits for every batch: set \`num_workers=${WORKERS}\`${pin ? ' and `pin_memory=True`' : ''} (about one worker per CPU core you can spare)${work.cuda ? `; first move the CUDA work in ${work.cuda} to the training loop: worker processes cannot use CUDA, and pinned memory needs CPU tensors` : ''}.`,
      span: { start: call.start, end: call.end },
      patch: { dataWorkers: WORKERS },
      given: { dataWorkers: 0, perItemWork: 'heavy' }, // what the check found: the engine prices the GPU's wait
    };
    if (work.cuda) {
      // adding workers as things stand crashes the program (CUDA cannot be re-initialised in a forked worker)
      d.fix = { safety: 'manual', title: `Move the CUDA calls out of ${work.cuda}, then load data in ${WORKERS} worker processes`, edits: [] };
    } else {
      const edits: TextEdit[] = [];
      if (nw) {
        edits.push(replaceEdit(a, nw.value, String(WORKERS)));
        if (pin) {
          const e = addKeywordEdit(a, call, 'pin_memory=True');
          if (e) edits.push(e);
        }
      } else {
        const e = addKeywordEdit(a, call, `num_workers=${WORKERS}${pin}`);
        if (e) edits.push(e);
      }
      if (edits.length > 0) {
        const s = apiSafety(a, call, APIS.dataLoader, ctx.workspace);
        d.fix = { safety: s.safety, title: s.note ? `Load data in ${WORKERS} worker processes (${s.note})` : `Load data in ${WORKERS} worker processes`, edits };
      }
    }
    out.push(d);
  }
  return out;
}

/** The loader of an evaluation: assigned to a name that says so, or built with `shuffle=False`. */
/**
 * The file computes under CPU autocast (`torch.cpu.amp.autocast`, `torch.autocast("cpu")`) and moves nothing to
 * CUDA: it trains or runs on the CPU (Intel's ipex examples), where worker processes would compete with the compute
 * threads for the same cores instead of feeding an idle GPU.
 */
/**
 * The loader (or a wrapper of it: `cycle(DataLoader(...))`) is assigned to a name that the file never reads again:
 * an attribute (`self.valid_dl`) read nowhere in the file, or a function's local read nowhere in that function (a
 * module-level name may be imported elsewhere). A name the file passes on, returns or iterates is read.
 */
function neverRead(a: PyAnalysis, call: PyNode): boolean {
  let n: PyNode = call;
  while (n.parent && n.parent.type === 'argument_list' && n.parent.parent?.type === 'call') n = n.parent.parent;
  const assign = n.parent;
  if (assign?.type !== 'assignment' || field(assign, 'right') !== n) return false;
  const left = field(assign, 'left');
  const key = left ? keyOf(a.text, left) : undefined;
  if (!left || !key) return false;
  const self = key.startsWith('self.');
  if (!self && key.includes('.')) return false;
  // a module-level name is the module's export (`from data import train_loader`): only locals and attributes
  let scope: PyNode | undefined = self ? a.root : undefined;
  if (!self) {
    for (let p = assign.parent; p; p = p.parent) if (p.type === 'function_definition') { scope = p; break; }
    if (!scope) return false;
  }
  let read = false;
  walk(scope!, (m) => {
    if (read) return false;
    if (m === left) return false;
    if (!self && m.type === 'identifier' && textOf(a.text, m) === key && !(m.parent?.type === 'attribute' && field(m.parent, 'attribute') === m)) read = true;
    else if (self && m.type === 'attribute' && keyOf(a.text, m) === key) read = true;
    return !read;
  });
  return !read;
}

/**
 * The loader is assigned to a plain name that the file reads, and every read takes one batch from it
 * (`next(iter(loader))`): a few batches to look at or plot, not a feed of the GPU, so loading speed is no cost.
 */
function onlySampled(a: PyAnalysis, call: PyNode): boolean {
  const assign = call.parent;
  if (assign?.type !== 'assignment' || field(assign, 'right') !== call) return false;
  const left = field(assign, 'left');
  if (left?.type !== 'identifier') return false;
  const name = textOf(a.text, left);
  let reads = 0;
  let other = false;
  eachIdentifierNamed(a.text, a.root, name, (n) => {
    if (n === left) return;
    const p = n.parent;
    // `x.name` is another name; a later `name = ...` rebinds it (not a read)
    if (p?.type === 'attribute' && field(p, 'attribute') === n) return;
    if (p?.type === 'assignment' && field(p, 'left') === n) return;
    if (p?.type === 'keyword_argument' && field(p, 'name') === n) return;
    reads++;
    const iterCall = p?.type === 'argument_list' ? p.parent : undefined;
    const isIter = iterCall?.type === 'call' && textOf(a.text, field(iterCall, 'function') ?? iterCall) === 'iter' && callArgs(a.text, iterCall).positional.length === 1;
    const nextCall = isIter && iterCall!.parent?.type === 'argument_list' ? iterCall!.parent.parent : undefined;
    if (!(nextCall?.type === 'call' && textOf(a.text, field(nextCall, 'function') ?? nextCall) === 'next')) other = true;
    return !other; // the first read that is not a sample decides
  });
  return reads > 0 && !other;
}

/**
 * The loader bound here is read, up to the next binding of its name in the same scope, only by loops that draw one
 * batch (their body ends in an unconditional `break`) or that feed no GPU (no `.to(...)` / `.cuda()` in the body, no
 * model, network or device named there, no function of this file called), and by `next(iter(loader))`. Any other read
 * (an argument, a read inside another function, a loop that trains) and the loader is taken as feeding a GPU.
 */
function readByHand(a: PyAnalysis, call: PyNode): boolean {
  const b = boundLoader(a, call);
  if (!b) return false;
  const defs = definitions(a);
  const reads = readsUntilRebound(a, b);
  for (const n of reads) {
    if (enclosingFunction(n) !== b.scope) return false;
    const loop = loopOver(a, n);
    if (loop) {
      if (!oneBatchOrCpu(a, loop, defs)) return false;
      continue;
    }
    const p = n.parent;
    const iterCall = p?.type === 'argument_list' ? p.parent : undefined;
    const isIter = iterCall?.type === 'call' && textOf(a.text, field(iterCall, 'function') ?? iterCall) === 'iter';
    const nextCall = isIter && iterCall!.parent?.type === 'argument_list' ? iterCall!.parent.parent : undefined;
    if (!(nextCall?.type === 'call' && textOf(a.text, field(nextCall, 'function') ?? nextCall) === 'next')) return false;
  }
  return reads.length > 0;
}

/**
 * The loader is bound at module level (a script's or notebook's) in a file that trains (a backward pass or an
 * optimizer step somewhere), and every read of its name up to the next binding is at module level too, inside no loop
 * (`test_acc = accuracy(model, test_loader)`, `for x, y in test_loader:` after training): the program reads it once
 * per run. A read inside a function or a loop may be repeated (a per-epoch evaluation): then it is not this.
 */
function readOnceAfterTraining(a: PyAnalysis, call: PyNode): boolean {
  if (a.backwardCalls.length === 0 && a.stepCalls.length === 0) return false;
  const b = boundLoader(a, call);
  if (!b || b.scope || enclosingLoops(b.assign).length > 0) return false;
  const reads = readsUntilRebound(a, b);
  return reads.length > 0 && reads.every((n) => !enclosingFunction(n) && enclosingLoops(n).length === 0);
}

/** `name = DataLoader(...)`: the assignment, the name and the function it is in (undefined: module level). */
interface BoundLoader {
  assign: PyNode;
  name: string;
  scope: PyNode | undefined;
}

function boundLoader(a: PyAnalysis, call: PyNode): BoundLoader | undefined {
  const assign = call.parent;
  if (assign?.type !== 'assignment' || field(assign, 'right') !== call) return undefined;
  const left = field(assign, 'left');
  if (left?.type !== 'identifier') return undefined;
  return { assign, name: textOf(a.text, left), scope: enclosingFunction(assign) };
}

/**
 * The identifiers naming the loader after its binding (attribute and keyword names aside), up to the next binding of
 * the name in the same scope: what follows reads another loader. Uses in other scopes are returned (the callers
 * decide what they mean).
 */
function readsUntilRebound(a: PyAnalysis, b: BoundLoader): PyNode[] {
  const out: PyNode[] = [];
  // (from the statement of the binding on: every earlier identifier is before it)
  eachIdentifierNamed(a.text, a.root, b.name, (n) => {
    if (n.start <= b.assign.end) return;
    const p = n.parent;
    if (p?.type === 'attribute' && field(p, 'attribute') === n) return;
    if (p?.type === 'keyword_argument' && field(p, 'name') === n) return;
    if (p?.type === 'assignment' && field(p, 'left') === n && enclosingFunction(n) === b.scope) return false;
    out.push(n);
  }, b.assign.end);
  return out;
}

/** The `for` statement `n` is the iterable of (`for b in n`, `for i, b in enumerate(n)`). */
function loopOver(a: PyAnalysis, n: PyNode): PyNode | undefined {
  let it: PyNode = n;
  const p = n.parent;
  if (p?.type === 'argument_list' && p.parent?.type === 'call' && textOf(a.text, field(p.parent, 'function') ?? p.parent) === 'enumerate' && p.children[0] === n) it = p.parent;
  const loop = it.parent;
  return loop?.type === 'for_statement' && field(loop, 'right') === it ? loop : undefined;
}

const GPU_NAMES = /model|net|device|cuda|gpu/i;

function oneBatchOrCpu(a: PyAnalysis, loop: PyNode, defs: ReadonlyMap<string, PyNode>): boolean {
  const body = field(loop, 'body');
  if (!body) return false;
  const last = body.children[body.children.length - 1];
  if (last?.type === 'break_statement') return true;
  let gpu = false;
  walk(body, (m) => {
    if (gpu) return false;
    if (m.type === 'identifier' && GPU_NAMES.test(textOf(a.text, m))) gpu = true;
    else if (m.type === 'call') {
      const callee = calleeLast(a.text, m);
      const f = field(m, 'function');
      if (callee === 'to' || callee === 'cuda' || (f?.type === 'identifier' && defs.has(textOf(a.text, f)))) gpu = true;
    }
    return !gpu;
  });
  return !gpu;
}

function cpuTraining(a: PyAnalysis): boolean {
  if (a.calls.some((c) => calleeLast(a.text, c) === 'cuda')) return false;
  return a.calls.some((c) => {
    const q = a.qname.get(c) ?? '';
    if (q === 'torch.cpu.amp.autocast') return true;
    if (q !== 'torch.autocast' && q !== 'torch.amp.autocast') return false;
    const args = callArgs(a.text, c);
    const dev = args.positional[0] ?? args.keywords.get('device_type')?.value;
    return !!dev && /^["']cpu["']$/.test(textOf(a.text, dev));
  });
}

function evalLoader(a: PyAnalysis, call: PyNode, args: ReturnType<typeof callArgs>): boolean {
  const sh = args.keywords.get('shuffle');
  if (sh && textOf(a.text, sh.value) === 'False') return true;
  const st = call.parent?.type === 'assignment' ? call.parent : undefined;
  const left = st ? field(st, 'left') : undefined;
  return !!left && /(^|_)(test|val|valid|validation|eval|evaluation|dev)(_|$|loader|dataloader|dl)/i.test(textOf(a.text, left));
}

/** Heavy per-item work, in words, and where the data pipeline touches CUDA (which rules out worker processes). */
interface Work {
  why: string;
  cuda?: string;
  /** A tutorial-sized torchvision data set (MNIST, CIFAR, ...). */
  toy?: string;
}

const TOY = new Set(['MNIST', 'FashionMNIST', 'KMNIST', 'EMNIST', 'QMNIST', 'CIFAR10', 'CIFAR100', 'SVHN', 'USPS']);
const EPOCH_KEYWORDS = new Set(['epochs', 'num_epochs', 'n_epochs', 'max_epochs', 'num_train_epochs', 'train_epochs']);

/**
 * The longest run the file states, in epochs: `for epoch in range(N)`, `epochs=N` (and its spellings), Composer's
 * `max_duration="Nep"`; 0 when none is stated as a literal.
 */
function statedEpochs(a: PyAnalysis): number {
  let most = 0;
  const take = (n: number | undefined) => {
    if (n !== undefined && n > most) most = n;
  };
  for (const c of a.calls) {
    const args = callArgs(a.text, c);
    for (const [k, kw] of args.keywords) {
      if (EPOCH_KEYWORDS.has(k)) take(constNumber(a.text, kw.value, a.consts));
      else if (k === 'max_duration') {
        const m = /^["'](\d+)ep["']$/.exec(textOf(a.text, kw.value));
        if (m) take(Number(m[1]));
      }
    }
    if (a.qname.get(c) === 'range' && c.parent?.type === 'for_statement') {
      const v = field(c.parent, 'left');
      if (v && /epoch/i.test(textOf(a.text, v))) {
        const n = args.positional[args.positional.length - 1];
        if (n) take(constNumber(a.text, n, a.consts));
      }
    }
  }
  return most;
}

/** What heavy per-item work a dataset expression does; undefined if none is evident. */
function datasetWork(a: PyAnalysis, ds: PyNode | undefined, at: PyNode, ws: WorkspaceReader, depth: number, index?: number): Work | undefined {
  if (!ds || depth > 5) return undefined;
  const text = a.text;
  if (ds.type === 'identifier') {
    // a name unpacked from a builder's tuple (`classes, train_set, val_set = build_dataset(...)`): that element of
    // what the builder returns
    const b = bindingAt(a, textOf(text, ds), at);
    return datasetWork(a, b?.value, ds, ws, depth + 1, b?.index);
  }
  if (ds.type === 'attribute') {
    const key = keyOf(text, ds);
    const vals = key ? a.values.get(key) : undefined;
    return vals?.length === 1 ? datasetWork(a, vals[0], vals[0], ws, depth + 1) : undefined;
  }
  if (ds.type !== 'call') return undefined;
  const q = a.qname.get(ds) ?? '';
  const last = q.slice(q.lastIndexOf('.') + 1);
  if (q === 'torch.utils.data.TensorDataset') return undefined;
  const tv = q.startsWith('torchvision.datasets.') || q.startsWith('torchvision.') && FOLDER_DATASETS.includes(last);
  if (FOLDER_DATASETS.includes(last) && (tv || q === last)) return { why: `decodes every image (\`${last}\`)` };
  // a torchvision dataset with augmentation in its transform (RandomResizedCrop, ColorJitter, ...)
  if (tv) {
    const ops = augmentations(a, callArgs(text, ds).keywords.get('transform')?.value, ds);
    const random = ops.filter((o) => !DETERMINISTIC.test(o));
    // tiny images held in memory (MNIST, CIFAR, SVHN: arrays, nothing to decode) with only deterministic ops
    if (ops.length === 0 || (random.length === 0 && IN_MEMORY.test(last))) return undefined;
    const w: Work = random.length > 0 ? { why: `augments every image (\`${random[0]}\`)` } : { why: `resizes every image (\`${ops[0]}\`)` };
    if (TOY.has(last)) w.toy = last;
    return w;
  }
  // a Dataset class of this file: look at its __getitem__
  const def = definitions(a).get(q);
  if (def?.type === 'class_definition') return getitemWork(a, def);
  if (def?.type === 'function_definition') {
    // a helper of this file that builds the dataset
    for (const r of returnsOf(def, index)) {
      const w = datasetWork(a, r, r, ws, depth + 1);
      if (w) return w;
    }
    return undefined;
  }
  // a Dataset class or builder imported from another module of the repository (one hop)
  const f = field(ds, 'function');
  if (f?.type === 'identifier') {
    const imp = importedDefinition(a, textOf(text, f), ws);
    if (imp?.def.type === 'class_definition') return getitemWork(imp.mod, imp.def);
    if (imp?.def.type === 'function_definition') {
      for (const r of returnsOf(imp.def, index)) {
        const w = datasetWork(imp.mod, r, r, ws, depth + 2);
        if (w) return w;
      }
    }
  }
  // HF datasets with an on-the-fly transform
  const lastCall = calleeLast(text, ds);
  if (lastCall === 'with_transform' || lastCall === 'set_transform') return { why: 'runs a transform on every item' };
  return undefined;
}

/**
 * What the function's return statements return; with `index`, the element at that position of each returned tuple
 * (`return num_classes, train_set, val_set`), skipping returns of another shape.
 */
function returnsOf(fn: PyNode, index?: number): PyNode[] {
  const out: PyNode[] = [];
  const body = field(fn, 'body');
  if (body) walk(body, (n) => {
    if (n !== body && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) return false;
    const v = n.type === 'return_statement' ? n.children[0] : undefined;
    if (v && index === undefined) out.push(v);
    else if (v && (v.type === 'expression_list' || v.type === 'tuple') && v.children[index!]) out.push(v.children[index!]);
    return true;
  });
  return out;
}

const AUGMENT = /^(Random\w+|ColorJitter|GaussianBlur|RandAugment|AutoAugment|TrivialAugmentWide|AugMix|ElasticTransform|Resize|RandomResizedCrop|CenterCrop|FiveCrop|TenCrop)$/;

/** Resizing and cropping to a fixed size: the same work for every epoch, no randomness. */
const DETERMINISTIC = /^(Resize|CenterCrop|FiveCrop|TenCrop)$/;
/** torchvision datasets that hold their (small) images in memory as arrays: nothing is decoded per item. */
const IN_MEMORY = /^(MNIST|FashionMNIST|KMNIST|EMNIST|QMNIST|CIFAR10|CIFAR100|SVHN|USPS|STL10)$/;

/** The augmentation and resize ops in a torchvision transform expression (through one variable), in order. */
function augmentations(a: PyAnalysis, t: PyNode | undefined, at: PyNode, depth = 0): string[] {
  if (!t || depth > 3) return [];
  if (t.type === 'identifier') return augmentations(a, bindingValue(a, textOf(a.text, t), at), t, depth + 1);
  const found: string[] = [];
  walk(t, (n) => {
    if (n.type === 'call') {
      const last = calleeLast(a.text, n);
      if (last && AUGMENT.test(last)) found.push(last);
    }
    return true;
  });
  return found;
}

function getitemWork(a: PyAnalysis, cls: PyNode): Work | undefined {
  const body = field(cls, 'body');
  if (!body) return undefined;
  for (const item of body.children) {
    const fn = item.type === 'decorated_definition' ? item.children.find((c) => c.type === 'function_definition') : item;
    if (fn?.type !== 'function_definition' || textOf(a.text, field(fn, 'name')!) !== '__getitem__') continue;
    const why = bodyWork(a, fn, true);
    if (!why) return undefined;
    const cuda = touchesCuda(a, fn) ? '`__getitem__`' : undefined;
    return cuda ? { why, cuda } : { why };
  }
  return undefined;
}

/** Tokeniser methods that tokenise text (not `pad`, `decode` or vocabulary look-ups on ids tokenised earlier). */
const TOKENISE = new Set(['encode', 'encode_plus', 'batch_encode_plus', 'tokenize', '__call__', 'apply_chat_template']);

/**
 * Heavy calls in a function body: decoding, image / audio processing, transforms; with `tokenising`, also text
 * tokenisation (per item in `__getitem__`; a collate_fn's one call per batch on a fast tokenizer is cheap, and
 * `tokenizer.pad` / `DataCollatorWithPadding` only pad items tokenised earlier).
 */
function bodyWork(a: PyAnalysis, fn: PyNode, tokenising: boolean): string | undefined {
  // the heaviest kind of work found names the finding: decoding, then image processing, transforms, tokenising
  let why: string | undefined;
  let rank = -1;
  const found = (r: number, w: string) => {
    if (r > rank) {
      rank = r;
      why = w;
    }
  };
  walk(fn, (n) => {
    if (rank === 3) return false;
    if (n.type !== 'call') return true;
    const q = a.qname.get(n) ?? '';
    const f = field(n, 'function');
    const key = keyOf(a.text, f) ?? '';
    const recv = f?.type === 'attribute' ? (keyOf(a.text, field(f, 'object')) ?? '') : '';
    const method = f?.type === 'attribute' ? textOf(a.text, field(f, 'attribute') ?? f) : '__call__';
    const who = f?.type === 'attribute' ? recv : key;
    if (DECODERS.has(q) || q.endsWith('Image.open')) found(3, `decodes ${q.includes('audio') || q.includes('librosa') || q.includes('soundfile') ? 'audio' : 'images'} in \`__getitem__\``);
    else if (/(image_)?processor|feature_extractor/i.test(who) && method === '__call__' && callArgs(a.text, n).keywords.has('images')) found(2, 'preprocesses every image (resize, normalise)');
    else if (/(^|\.)(transform|transforms|augment|augmentation|aug)$/i.test(key)) found(1, 'runs image transforms / augmentation on every item');
    else if (tokenising && (/tokeni[sz]er/i.test(who) || a.kinds.get(who) === 'tokenizer') && TOKENISE.has(method)) found(0, 'tokenises every item on the fly');
    return true;
  });
  return why;
}

/** `.cuda()`, `.to(<device>)` or `device=` on something other than the CPU inside a function. */
function touchesCuda(a: PyAnalysis, fn: PyNode): boolean {
  let yes = false;
  walk(fn, (n) => {
    if (yes) return false;
    if (n.type !== 'call') return true;
    const last = calleeLast(a.text, n);
    if (last === 'cuda') yes = true;
    else if (last === 'to') {
      const args = callArgs(a.text, n);
      const v = args.positional[0] ?? args.keywords.get('device')?.value;
      const t = v ? textOf(a.text, v) : '';
      if (v && !/dtype|float|half|bfloat|int|bool|long|^torch\.(float|half|bfloat|int|bool|long)/i.test(t) && !/^["']cpu["']$/.test(t)) yes = true;
    }
    return true;
  });
  return yes;
}

function collateWork(a: PyAnalysis, fnExpr: PyNode | undefined): Work | undefined {
  if (!fnExpr) return undefined;
  let def: PyNode | undefined;
  if (fnExpr.type === 'lambda') def = fnExpr;
  else if (fnExpr.type === 'identifier') {
    const d = definitions(a).get(textOf(a.text, fnExpr));
    def = d?.type === 'function_definition' ? d : undefined;
  }
  if (!def) return undefined;
  const why = bodyWork(a, def, false);
  if (!why) return undefined;
  const w: Work = { why: `${why.replace(/every image/, 'every batch of images').replace(' in `__getitem__`', '')} in \`collate_fn\`` };
  if (touchesCuda(a, def)) w.cuda = '`collate_fn`';
  return w;
}
