// data/dataloader-workers: the Python and notebook check.
// `DataLoader(...)` with `num_workers` 0 or unset (its default is 0: loading runs in the training process, between
// GPU steps) where per-item work is heavy: the dataset decodes images / audio, applies transforms or tokenises in
// `__getitem__` (a class of this file), is a torchvision folder dataset (ImageFolder & co. decode every image),
// or the `collate_fn` tokenises. Silent for in-memory TensorDatasets, unknown datasets, a dynamic `num_workers`,
// and files that name the CPU as their device (GPU is assumed otherwise). Safe fix: `num_workers=4` (and `pin_memory=True` if unset).
import { callArgs, field, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, classify, definitions, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { constNumber } from '../../../extract/python/consts';
import { addKeywordEdit, replaceEdit } from '../../../extract/python/edits';
import { calleeLast } from '../../../extract/python/imports';
import { isPython } from '../../../extract/python/rulekit';
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
  if (a.cpuOnly) return [];
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
    const dataset = args.keywords.get('dataset')?.value ?? args.positional[0];
    const why = heavyWork(a, dataset) ?? collateWork(a, args.keywords.get('collate_fn')?.value);
    if (!why) continue;
    const edits: TextEdit[] = [];
    const pin = args.keywords.has('pin_memory') ? '' : ', pin_memory=True';
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
    const d: FindingDraft = {
      message: `This DataLoader ${why} in the training process (\`num_workers\` ${nw ? 'is 0' : 'defaults to 0'}), so the GPU waits for every batch: set \`num_workers=${WORKERS}\`${pin ? ' and `pin_memory=True`' : ''} (about one worker per CPU core you can spare).`,
      span: { start: call.start, end: call.end },
      patch: { dataWorkers: WORKERS },
      given: { dataWorkers: 0, perItemWork: 'heavy' }, // what the check found: the engine prices the GPU's wait
    };
    if (edits.length > 0) d.fix = { safety: 'safe', title: `Load data in ${WORKERS} worker processes`, edits };
    out.push(d);
  }
  return out;
}

/** What heavy per-item work a dataset expression does, in words; undefined if none is evident. */
function heavyWork(a: PyAnalysis, ds: PyNode | undefined, depth = 0): string | undefined {
  if (!ds || depth > 3) return undefined;
  const text = a.text;
  if (ds.type === 'identifier' || ds.type === 'attribute') {
    const key = keyOf(text, ds);
    const vals = key ? a.values.get(key) : undefined;
    if (!vals || vals.length !== 1) return undefined;
    return heavyWork(a, vals[0], depth + 1);
  }
  if (ds.type !== 'call') return undefined;
  const q = a.qname.get(ds) ?? '';
  const last = q.slice(q.lastIndexOf('.') + 1);
  if (q === 'torch.utils.data.TensorDataset') return undefined;
  if (FOLDER_DATASETS.includes(last) && (q.startsWith('torchvision.') || q === last)) return `decodes every image (\`${last}\`)`;
  // a Dataset class of this file: look at its __getitem__
  const cls = classDef(a, q);
  if (cls) return getitemWork(a, cls);
  // HF datasets with an on-the-fly transform
  const lastCall = calleeLast(text, ds);
  if (lastCall === 'with_transform' || lastCall === 'set_transform') return 'runs a transform on every item';
  return undefined;
}

function classDef(a: PyAnalysis, name: string): PyNode | undefined {
  const d = definitions(a).get(name);
  return d?.type === 'class_definition' ? d : undefined;
}

function getitemWork(a: PyAnalysis, cls: PyNode): string | undefined {
  const body = field(cls, 'body');
  if (!body) return undefined;
  for (const item of body.children) {
    const fn = item.type === 'decorated_definition' ? item.children.find((c) => c.type === 'function_definition') : item;
    if (fn?.type !== 'function_definition' || textOf(a.text, field(fn, 'name')!) !== '__getitem__') continue;
    return bodyWork(a, fn);
  }
  return undefined;
}

/** Heavy calls in a function body: decoding, tokenising, transforms. */
function bodyWork(a: PyAnalysis, fn: PyNode): string | undefined {
  let why: string | undefined;
  walk(fn, (n) => {
    if (why) return false;
    if (n.type !== 'call') return true;
    const q = a.qname.get(n) ?? '';
    const f = field(n, 'function');
    const key = keyOf(a.text, f) ?? '';
    const recv = f?.type === 'attribute' ? (keyOf(a.text, field(f, 'object')) ?? '') : '';
    if (DECODERS.has(q) || q.endsWith('Image.open')) why = `decodes ${q.includes('audio') || q.includes('librosa') || q.includes('soundfile') ? 'audio' : 'images'} in \`__getitem__\``;
    else if (/tokeni[sz]er/i.test(key) || /tokeni[sz]er/i.test(recv) || a.kinds.get(key) === 'tokenizer' || a.kinds.get(recv) === 'tokenizer') why = 'tokenises every item on the fly';
    else if (/(^|\.)(transform|transforms|augment|augmentation|aug)$/i.test(key)) why = 'runs image transforms / augmentation on every item';
    return true;
  });
  return why;
}

function collateWork(a: PyAnalysis, fnExpr: PyNode | undefined): string | undefined {
  if (!fnExpr) return undefined;
  if (fnExpr.type === 'lambda') return bodyWork(a, fnExpr) ? 'tokenises every batch in `collate_fn`' : undefined;
  if (fnExpr.type !== 'identifier') return undefined;
  const d = definitions(a).get(textOf(a.text, fnExpr));
  const def = d?.type === 'function_definition' ? d : undefined;
  return def && bodyWork(a, def) ? 'tokenises every batch in `collate_fn`' : undefined;
}
