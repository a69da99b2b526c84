// Python and notebooks → job facts (Trainer / TrainingArguments keyword arguments, raw PyTorch loops,
// transformers / diffusers / vLLM inference). Each job is anchored at the call it comes from; rules find "their"
// job with `jobAt`. A referenced DeepSpeed JSON (`deepspeed="ds.json"`) is read through the workspace and its
// precision merged into the TrainingArguments job.
import { getNodeValue } from 'jsonc-parser';
import { parseJson } from '../../parse/json';
import type { NotebookDoc, PythonDoc } from '../../parse/document';
import { newestRow } from '../../data/library-defaults';
import { inModelTable } from '../../data/lookup';
import type { JobFacts, Precision, SourceRef, Span, TextEdit } from '../../types';
import { candidates } from '../config/layered';
import { JobBuilder, precisionOfAccelerate, quantizationFromName, precisionOfDtype, precisionOfLightning } from '../config/job';
import type { ExtractContext } from '../index';
import { callArgs, enclosingFunction, field, nodesOfTypes, spanOf, textOf, walk, type PyNode } from './ast';
import { analysisOf, anyCallName, callsNamed, classify, isForwardCall, isTrlTrainerConfig, keyOf, keysHolding, memo, type PyAnalysis } from './analysis';
import { constBool, constNumber, constString, DYNAMIC, evalConst } from './consts';
import { addKeywordEdit, replaceEdit } from './edits';
import { calleeLast, qualifiedName } from './imports';
import { enclosingLoops } from './loops';
import { indirectGpu, libraryDefaultFor, trainingPrecisionElsewhere } from './precision';
import { loadOnGpu, loadTarget, loadUse } from './loads';
import { pythonShape } from './shape';
import { configNeverTrained } from './toy';
import { datasetFacts, usageFacts } from './usage-facts';

export function extractPythonJobs(doc: PythonDoc | NotebookDoc, ctx: ExtractContext): JobFacts[] {
  const a = analysisOf(doc);
  const jobs: JobFacts[] = [];
  let n = 0;
  const file = a.doc.path;
  const ref = (node: PyNode): SourceRef => ({ file, span: spanOf(node) });
  for (const call of a.calls) {
    const c = classify(a, call, 0);
    if (!c || c.origin !== call) continue;
    const k = c.kind;
    if (k === 'training-args') {
      if (!configNeverTrained(a, call)) jobs.push(trainingArgsJob(a, call, n++, ctx));
    }
    else if (k === 'model' || k === 'hf-pipeline' || k === 'diffusers-pipeline' || k === 'vllm' || k === 'st-model') {
      const j = inferenceJob(a, call, n++, k, ctx);
      if (j) jobs.push(j);
      else n--;
    }
  }
  for (const call of callsNamed(a, ...LIGHTNING_TRAINERS)) jobs.push(lightningJob(a, call, n++));
  for (const call of callsNamed(a, 'accelerate.Accelerator')) {
    const j = accelerateJob(a, call, n);
    if (j) {
      jobs.push(j);
      n++;
    }
  }
  for (const call of coquiConfigs(a)) jobs.push(coquiJob(a, call, n++));
  const compiled = anyCallName(a, (q) => q === 'torch.compile');
  const tracking = hasEnergyTracking(a);
  for (const loop of trainingLoops(a)) {
    const b = new JobBuilder(file, n++, 'pytorch', 'training', ref(loop.loop));
    const elsewhere = loop.autocast ? undefined : trainingPrecisionElsewhere(a, ctx.workspace);
    if (elsewhere?.kind === 'dynamic') b.dynamic('precision');
    else if (elsewhere?.kind === 'half') b.set('precision', { value: elsewhere.precision, origin: 'inferred', source: ref(elsewhere.node) });
    else b.explicit('precision', loop.autocast ? 'bf16' : 'fp32', ref(loop.loop));
    b.default('compile', compiled);
    b.default('device', a.gpu || (!a.cpuOnly && indirectGpu(a)) ? 'gpu' : 'cpu');
    b.default('energyTracking', tracking);
    loopFacts(a, loop, b);
    trainedModel(a, b);
    // the examples a run sees, only where the loop states its epochs (the engine would assume one)
    if (b.has('epochs')) datasetFacts(a, b);
    jobs.push(b.job);
  }
  return jobs;
}

/** The job anchored at exactly this node, if any. */
export function jobAt(jobs: readonly JobFacts[], span: Span): JobFacts | undefined {
  return jobs.find((j) => j.anchor && j.anchor.span.start === span.start && j.anchor.span.end === span.end);
}

export function hasEnergyTracking(a: PyAnalysis): boolean {
  const m = a.imports.modules;
  return ['codecarbon', 'zeus', 'pynvml', 'nvidia_smi', 'carbontracker', 'eco2ai', 'experiment_impact_tracker', 'pyJoules', 'pyRAPL'].some((x) => m.has(x));
}

// --------------------------------------------------------------------------------------------------------------
// TrainingArguments / SFTConfig

const NUMERIC: [string, 'microBatch' | 'gradAccum' | 'epochs' | 'steps' | 'dataWorkers'][] = [
  ['per_device_train_batch_size', 'microBatch'],
  ['gradient_accumulation_steps', 'gradAccum'],
  ['num_train_epochs', 'epochs'],
  ['max_steps', 'steps'],
  ['dataloader_num_workers', 'dataWorkers'],
];
const DEFAULTS = { microBatch: 8, gradAccum: 1, epochs: 3, dataWorkers: 0 } as const;

function trainingArgsJob(a: PyAnalysis, call: PyNode, index: number, ctx: ExtractContext): JobFacts {
  const text = a.text;
  const file = a.doc.path;
  const args = callArgs(text, call);
  const b = new JobBuilder(file, index, 'hf-trainer', 'training', { file, span: spanOf(call) });
  const kwRef = (name: string): SourceRef | undefined => {
    const k = args.keywords.get(name);
    return k ? { file, span: spanOf(k.node) } : undefined;
  };
  const setKw = (name: string, value: string) => {
    const k = args.keywords.get(name);
    if (k) return [replaceEdit(a, k.value, value)];
    const e = addKeywordEdit(a, call, `${name}=${value}`);
    return e ? [e] : undefined;
  };
  for (const [kw, fact] of NUMERIC) {
    const k = args.keywords.get(kw);
    if (k) {
      const v = constNumber(text, k.value, a.consts);
      if (v === undefined) b.dynamic(fact);
      else b.explicit(fact, v, kwRef(kw)!, (nv) => setKw(kw, String(nv)));
    } else if (args.splat) b.dynamic(fact);
    else if (fact in DEFAULTS) b.default(fact, DEFAULTS[fact as keyof typeof DEFAULTS], (nv) => setKw(kw, String(nv)));
  }
  // precision
  const bf16 = boolKw(a, call, 'bf16');
  const fp16 = boolKw(a, call, 'fp16');
  const setPrecision = (p: Precision) => {
    if (p !== 'bf16' && p !== 'fp16') return undefined;
    return setKw(p, 'True');
  };
  if (bf16 === 'dynamic' || fp16 === 'dynamic' || args.splat) b.dynamic('precision');
  else if (bf16 === true) b.explicit('precision', 'bf16', kwRef('bf16')!, setPrecision);
  else if (fp16 === true) b.explicit('precision', 'fp16', kwRef('fp16')!, setPrecision);
  else defaultTrainerPrecision(a, call, ctx, b, setPrecision);
  for (const [kw, fact] of [['gradient_checkpointing', 'gradCheckpointing'], ['torch_compile', 'compile']] as const) {
    const v = boolKw(a, call, kw);
    if (v === 'dynamic') b.dynamic(fact);
    else if (v !== undefined) b.explicit(fact, v, kwRef(kw)!, (nv) => setKw(kw, nv ? 'True' : 'False'));
    else if (args.splat) b.dynamic(fact);
    else b.default(fact, false, (nv) => setKw(kw, nv ? 'True' : 'False'));
  }
  const cpu = boolKw(a, call, 'use_cpu') ?? boolKw(a, call, 'no_cuda');
  if (cpu === 'dynamic') b.dynamic('device');
  else if (cpu === true) b.explicit('device', 'cpu', kwRef(args.keywords.has('use_cpu') ? 'use_cpu' : 'no_cuda')!);
  else b.default('device', 'gpu');
  b.default('energyTracking', hasEnergyTracking(a));
  b.default('gradDisabled', false);
  pythonShape(a, call, b, ctx.workspace);
  trainedModel(a, b);
  datasetFacts(a, b);
  // deepspeed="ds.json": its fp16/bf16 blocks decide the precision unless they say "auto"
  const ds = args.keywords.get('deepspeed');
  if (ds) {
    const path = constString(text, ds.value, a.consts);
    if (path === undefined) {
      if (evalConst(text, ds.value, a.consts) !== null) b.dynamic('precision');
    } else {
      const p = deepspeedPrecision(file, path, ctx);
      if (p === 'unreadable') b.dynamic('precision');
      else if (p && p.precision !== 'auto') {
        // the DeepSpeed file decides (and the config check reports it there); "auto" defers to these arguments
        b.reference(p.file);
        b.explicit('precision', p.precision, { file: p.file, span: { start: 0, end: 0 } });
      }
    }
  }
  return b.job;
}

/**
 * Neither `bf16` nor `fp16` is set: the precision is the library's default for this config class at the version the
 * project declares (TRL's configs turn bf16 on from v0.19; a fresh install gets the newest), unless the file
 * decides it elsewhere (half-precision weights, a launch switch, Unsloth).
 */
function defaultTrainerPrecision(a: PyAnalysis, call: PyNode, ctx: ExtractContext, b: JobBuilder, setPrecision: (p: Precision) => TextEdit[] | undefined): void {
  const elsewhere = trainingPrecisionElsewhere(a, ctx.workspace);
  if (elsewhere?.kind === 'dynamic') return b.dynamic('precision');
  if (elsewhere?.kind === 'half') {
    b.set('precision', { value: elsewhere.precision, origin: 'inferred', source: { file: a.doc.path, span: spanOf(elsewhere.node) } });
    return;
  }
  const q = a.qname.get(call) ?? '';
  const d = libraryDefaultFor(a, ctx.workspace, q, 'bf16').resolved;
  const row = d.kind === 'known' ? d.row : d.kind === 'depends' ? newestRow(d.rows) : undefined;
  const p = row?.precision ?? 'fp32';
  b.default('precision', p, setPrecision);
}

function boolKw(a: PyAnalysis, call: PyNode, name: string): boolean | 'dynamic' | undefined {
  const k = callArgs(a.text, call).keywords.get(name);
  if (!k) return undefined;
  return constBool(a.text, k.value, a.consts) ?? 'dynamic';
}

function deepspeedPrecision(from: string, path: string, ctx: ExtractContext): { file: string; precision: Precision } | 'unreadable' | undefined {
  for (const p of candidates(from, path)) {
    let t: string | undefined;
    try {
      t = ctx.workspace.read(p);
    } catch {
      t = undefined;
    }
    if (t === undefined) continue;
    const r = parseJson(p, t);
    if (!r.ok || r.doc.lang !== 'json' || !r.doc.root) return 'unreadable';
    const v = getNodeValue(r.doc.root) as Record<string, { enabled?: unknown } | undefined>;
    const en = (blk: { enabled?: unknown } | undefined) => (blk && typeof blk === 'object' ? blk.enabled : undefined);
    const bf = en(v.bf16) ?? en((v as Record<string, { enabled?: unknown }>).bfloat16);
    const fp = en(v.fp16);
    if (bf === true) return { file: p, precision: 'bf16' };
    if (fp === true) return { file: p, precision: 'fp16' };
    if (bf === 'auto' || fp === 'auto') return { file: p, precision: 'auto' };
    return { file: p, precision: 'fp32' };
  }
  return 'unreadable';
}

// --------------------------------------------------------------------------------------------------------------
// Inference: from_pretrained / pipeline / vLLM / sentence-transformers

function inferenceJob(a: PyAnalysis, call: PyNode, index: number, kind: string, ctx: ExtractContext): JobFacts | undefined {
  const text = a.text;
  const file = a.doc.path;
  const q = a.qname.get(call) ?? '';
  if (kind === 'model' && !q.endsWith('.from_pretrained')) return undefined;
  // a model loaded for training (the file trains it, or hands it to a trainer) is not an inference job
  if (kind === 'model' && loadIsTrained(a, call)) return undefined;
  const args = callArgs(text, call);
  const flavour = kind === 'vllm' ? 'vllm' : 'transformers';
  const b = new JobBuilder(file, index, flavour, 'inference', { file, span: spanOf(call) });
  const modelNode = kind === 'vllm' ? (args.keywords.get('model')?.value ?? args.positional[0]) : kind === 'hf-pipeline' ? args.keywords.get('model')?.value : args.positional[0] ?? args.keywords.get('pretrained_model_name_or_path')?.value ?? args.keywords.get('model_name_or_path')?.value;
  // pipeline(model=<a loaded model object>): its dtype is the object's, decided where it was loaded
  if (kind === 'hf-pipeline' && modelNode && constString(text, modelNode, a.consts) === undefined) return undefined;
  if (modelNode) {
    const id = constString(text, modelNode, a.consts);
    if (id !== undefined) b.model(id, { file, span: spanOf(modelNode) });
    else b.dynamic('model');
  }
  const p = dtypeOf(a, call);
  if (p === 'dynamic') b.dynamic('precision');
  else if (p) b.explicit('precision', p.precision, { file, span: spanOf(p.node) });
  else if (kind === 'vllm') b.default('precision', 'auto');
  else if (kind === 'model' && remoteCode(a, call)) b.dynamic('precision');
  else loadDefaultPrecision(a, call, ctx, b);
  const qz = args.keywords.get('quantization') ?? args.keywords.get('quantization_config') ?? args.keywords.get('load_in_4bit') ?? args.keywords.get('load_in_8bit');
  if (qz) {
    const name = textOf(text, qz.name);
    const v = evalConst(text, qz.value, a.consts);
    if (v === DYNAMIC && name === 'quantization') b.dynamic('quantization');
    else if (v === null || v === false) b.explicit('quantization', 'none', { file, span: spanOf(qz.node) });
    else b.explicit('quantization', name === 'load_in_8bit' ? 'int8' : typeof v === 'string' && v.includes('fp8') ? 'fp8' : name === 'load_in_8bit' ? 'int8' : 'int4', { file, span: spanOf(qz.node) });
  } else {
    // a pre-quantized checkpoint (`...-bnb-4bit`, `-GPTQ`, `-AWQ`, `-FP8`): its linear weights load quantized
    const id = modelNode ? constString(text, modelNode, a.consts) : undefined;
    const named = id ? quantizationFromName(id) : undefined;
    if (named && modelNode) b.explicit('quantization', named, { file, span: spanOf(modelNode) });
    else b.setIfAbsent('quantization', { value: 'none', origin: 'default' });
  }
  b.default('device', kind === 'vllm' || kind === 'st-model' ? (gpuFor(a, call) ? 'gpu' : 'cpu') : loadOnGpu(a, call) ? 'gpu' : 'cpu');
  usageFacts(a, call, b);
  return b.job;
}

/**
 * `trust_remote_code=True` on a model the models table does not know (or whose id the file computes): the checkpoint's
 * own modeling code runs, and it may pick its precision itself — Qwen's QWenLMHeadModel switches to bf16 (fp16 on GPUs
 * without bf16) when none of bf16 / fp16 / fp32 is given, ChatGLM builds its layers in the config's float16 — so the
 * library's default says nothing. A table model (Llama, Gemma, Mistral, ...) is one transformers ships: the flag does
 * not change its loader.
 */
function remoteCode(a: PyAnalysis, call: PyNode): boolean {
  const args = callArgs(a.text, call);
  const k = args.keywords.get('trust_remote_code');
  if (!k || evalConst(a.text, k.value, a.consts) !== true) return false;
  const modelNode = args.positional[0] ?? args.keywords.get('pretrained_model_name_or_path')?.value;
  const id = modelNode ? constString(a.text, modelNode, a.consts) : undefined;
  return id === undefined || !inModelTable(id);
}

/**
 * No dtype given: the loader's default from the shared table, for the library the class resolves to (through
 * imports, local and repository classes) at the version the project declares. A class that is the project's own, a
 * loader the table does not know, or a version-dependent default leaves the precision unknown (dynamic), except
 * that a version-dependent default is recorded as fp32 — what the older versions do — for the rule to word
 * conditionally.
 */
function loadDefaultPrecision(a: PyAnalysis, call: PyNode, ctx: ExtractContext, b: JobBuilder): void {
  const t = loadTarget(a, ctx.workspace, call);
  if (!t || !t.weights) return b.dynamic('precision');
  const d = libraryDefaultFor(a, ctx.workspace, t.tableName, 'dtype').resolved;
  if (d.kind === 'none') return b.dynamic('precision');
  const p = d.kind === 'known' ? d.row.precision : d.rows.some((r) => r.precision === 'fp32') ? 'fp32' : undefined;
  if (!p) return b.dynamic('precision');
  b.default('precision', p);
}

/** The loaded model is trained: handed to a trainer or an optimizer, or loaded in a training file before it trains. */
export function loadIsTrained(a: PyAnalysis, call: PyNode): boolean {
  const use = loadUse(a, call);
  if (use === 'trained') return true;
  if (!fileTrains(a)) return false;
  // a load after the file's last training statement (a notebook or script that trains, then loads the result to
  // generate) is inference; anything before it is part of the training. Training inside a function runs when it
  // is called, so it has no place in the file's order: every load of such a file belongs to it.
  const flow = [...a.trainCalls, ...a.backwardCalls];
  if (flow.length === 0 || flow.some((c) => enclosingFunction(c))) return true;
  const last = Math.max(...flow.map((c) => c.end));
  return !(call.start > last && (use === 'inference' || use === 'passed'));
}

/** The dtype a loading call sets (`torch_dtype=` / `dtype=`), or one applied later (`.half()`, `.to(torch.bfloat16)`). */
export function dtypeOf(a: PyAnalysis, call: PyNode): { precision: Precision; node: PyNode } | 'dynamic' | undefined {
  const text = a.text;
  const args = callArgs(text, call);
  for (const name of ['torch_dtype', 'dtype']) {
    const k = args.keywords.get(name);
    if (!k) continue;
    const p = dtypeValue(a, k.value);
    return p ? { precision: p, node: k.node } : 'dynamic';
  }
  if (args.keywords.has('quantization_config') || args.keywords.has('load_in_8bit') || args.keywords.has('load_in_4bit')) {
    return { precision: 'int8', node: call };
  }
  if (args.splat || args.keywords.has('model_kwargs')) return 'dynamic';
  // dtype changed after loading: on the chain (`...from_pretrained(...).half()`) or on the variable
  const later = castsOf(a, call);
  if (later) return later;
  return undefined;
}

function dtypeValue(a: PyAnalysis, v: PyNode): Precision | undefined {
  const s = constString(a.text, v, a.consts);
  if (s !== undefined) return precisionOfDtype(s);
  const q = qualifiedName(a.text, a.imports, v);
  if (q?.startsWith('torch.')) return precisionOfDtype(q);
  return undefined;
}

const CASTS: Record<string, Precision> = { half: 'fp16', bfloat16: 'bf16', float: 'fp32' };

/** `.half()` / `.bfloat16()` / `.to(torch.float16)` applied to the loaded model (chained, or on its variable). */
function castsOf(a: PyAnalysis, origin: PyNode): { precision: Precision; node: PyNode } | 'dynamic' | undefined {
  // chain: the origin call is the object of an attribute call
  const chained = chainCast(a, origin);
  if (chained) return chained;
  // variable: any `<key>.half()` / `<key>.to(dtype)` / `<key> = <key>.half()` in the file, or a cast chained after a
  // move of it (`self.model.to(self.device).half()`)
  const keys = keysHolding(a, origin);
  for (const k of keys) {
    for (const m of ['half', 'bfloat16', 'float', 'to', 'cuda', 'eval']) {
      for (const c of a.methodCalls.get(`${k}.${m}`) ?? []) {
        const r = castOfCall(a, c) ?? chainCast(a, c);
        if (r) return r;
      }
    }
  }
  return undefined;
}

/** A cast further along the chain of calls `call` starts (`call.to(device).half()`). */
function chainCast(a: PyAnalysis, call: PyNode): { precision: Precision; node: PyNode } | 'dynamic' | undefined {
  for (let p = call.parent; p; p = p.parent?.parent) {
    if (p.type !== 'attribute' || p.parent?.type !== 'call') break;
    const r = castOfCall(a, p.parent);
    if (r) return r;
  }
  return undefined;
}

function castOfCall(a: PyAnalysis, c: PyNode): { precision: Precision; node: PyNode } | 'dynamic' | undefined {
  const f = field(c, 'function');
  const attr = f && field(f, 'attribute');
  if (!attr) return undefined;
  const m = textOf(a.text, attr);
  if (m in CASTS) return { precision: CASTS[m], node: c };
  if (m === 'to') {
    const args = callArgs(a.text, c);
    const dk = args.keywords.get('dtype')?.value;
    for (const v of [...args.positional, ...(dk ? [dk] : [])]) {
      const p = dtypeValue(a, v);
      if (p && p !== 'auto') return { precision: p, node: c };
      // `.to(device, dtype=weight_dtype)`: a dtype chosen elsewhere
      if (!p && (v === dk || (v.type === 'identifier' && /dtype/i.test(textOf(a.text, v))))) return 'dynamic';
    }
  }
  return undefined;
}

/** Whether a loaded model / pipeline runs on a GPU: its own device arguments or moves, else the file's evidence. */
export function gpuFor(a: PyAnalysis, call: PyNode): boolean | undefined {
  const text = a.text;
  const args = callArgs(text, call);
  const dev = args.keywords.get('device') ?? args.keywords.get('device_map');
  if (dev) {
    const v = evalConst(text, dev.value, a.consts);
    if (v === 'cpu' || v === -1) return false;
    if (typeof v === 'string' || typeof v === 'number') return true;
  }
  return a.gpu ? true : undefined;
}

// --------------------------------------------------------------------------------------------------------------
// Raw PyTorch training loops

export interface TrainingLoop {
  /** The outermost loop that holds `loss.backward()` and `optimizer.step()`. */
  loop: PyNode;
  backward: PyNode;
  /** Forward calls in the loop body before the backward. */
  forwards: PyNode[];
  /**
   * Where each forward shows, when the step is a closure run in the loop: the step's call of the helper closure that
   * runs it (`z = forward_context()`); absent otherwise (each forward shows where it is).
   */
  shownAt?: PyNode[];
  autocast: boolean;
  /** Nested loops (epochs × batches) or a loop over a DataLoader. */
  substantial: boolean;
}

export function trainingLoops(a: PyAnalysis): TrainingLoop[] {
  return memo(a, 'trainingLoops', () => findTrainingLoops(a));
}

function findTrainingLoops(a: PyAnalysis): TrainingLoop[] {
  const out: TrainingLoop[] = [];
  const seen = new Set<PyNode>();
  // A GradScaler alone does not lower the precision (it scales an fp32 loss as readily): only autocast does, or a
  // name for it the file hands around (`amp_autocast = partial(torch.autocast, ...)`, `with self.autocast_ctx:`)
  const autocast =
    anyCallName(a, (q) => q.endsWith('autocast') || q === 'torch.set_default_dtype' || q.endsWith('Accelerator') || q.endsWith('Fabric')) || namesAutocast(a);
  for (const bw of a.backwardCalls) {
    const around = enclosingLoops(bw);
    // a training step written as a closure inside the batch loop and run there (I-JEPA's `def train_step():` ...
    // `gpu_timer(train_step)`): the loops around the closure
    const closure = around.length === 0 ? loopClosure(a, bw) : undefined;
    const loops = closure ? enclosingLoops(closure) : around;
    if (loops.length === 0) continue;
    const inner = loops[0];
    const outer = loops[loops.length - 1];
    if (seen.has(outer)) continue;
    // an optimizer step in the same loop
    const step = a.stepCalls.find((s) => s.start >= outer.start && s.end <= outer.end);
    if (!step) continue;
    seen.add(outer);
    const forwards: PyNode[] = [];
    walk(inner, (n) => {
      // in a closure's loop, the forwards under no_grad (a target encoder, an EMA teacher) are not the trained model
      if (n.type === 'call' && n.start < bw.start && (isForwardCall(a, n) || passesModel(a, n)) && !remoteModel(a, n) && !(closure && a.grad.gradOff(n))) forwards.push(n);
      // the loop's own body; in a closure's loop, also the functions it defines (the step and its helpers)
      return n.type !== 'function_definition' || closure !== undefined;
    });
    const shownAt = closure ? forwards.map((f) => callSiteIn(a, f, enclosingFunction(bw)!)) : undefined;
    let overLoader = false;
    for (const l of loops) {
      const it = field(l, 'right');
      if (it && classify(a, it, 0)?.kind === 'dataloader') overLoader = true;
      if (it?.type === 'call') for (const arg of callArgs(a.text, it).positional) if (classify(a, arg, 0)?.kind === 'dataloader') overLoader = true;
    }
    out.push({ loop: outer, backward: bw, forwards, ...(shownAt ? { shownAt } : {}), autocast, substantial: loops.length >= 2 || overLoader });
  }
  return out;
}

/**
 * The function, defined inside a loop body and referenced there after its definition (called, or handed to a
 * runner such as a timer), that holds `n` directly or through up to two functions nested in it; else undefined.
 */
function loopClosure(a: PyAnalysis, n: PyNode): PyNode | undefined {
  let fn = enclosingFunction(n);
  for (let i = 0; i < 3 && fn; i++) {
    const loops = enclosingLoops(fn);
    if (loops.length > 0) return referencedAfter(a, fn, loops[0]) ? fn : undefined;
    fn = enclosingFunction(fn);
  }
  return undefined;
}

/** Whether the function's name is read inside `scope` after the definition (a call, or the function handed on). */
function referencedAfter(a: PyAnalysis, fn: PyNode, scope: PyNode): boolean {
  const name = fn.children.find((c) => c.field === 'name');
  if (!name) return false;
  const id = textOf(a.text, name);
  let yes = false;
  walk(scope, (m) => {
    if (yes) return false;
    if (m.type === 'identifier' && m.start >= fn.end && textOf(a.text, m) === id && m.parent?.type !== 'keyword_argument') yes = true;
    return true;
  });
  return yes;
}

/**
 * Where a forward inside a helper closure shows in the step function `home`: the call of the helper that runs it
 * (`z = forward_context()` for `encoder(imgs)` inside `def forward_context():`), up to three helpers deep; the
 * forward itself when it is in `home` or its helper is not called by name.
 */
function callSiteIn(a: PyAnalysis, f: PyNode, home: PyNode): PyNode {
  let n = f;
  for (let i = 0; i < 3; i++) {
    const d = enclosingFunction(n);
    if (!d || d === home || (home.start >= d.start && home.end <= d.end)) return n;
    const nameNode = d.children.find((c) => c.field === 'name');
    const id = nameNode ? textOf(a.text, nameNode) : undefined;
    const scope = d.parent;
    const c = id && scope ? a.calls.find((x) => x.start >= d.end && x.end <= scope.end && field(x, 'function')?.type === 'identifier' && textOf(a.text, field(x, 'function')!) === id) : undefined;
    if (!c) return n;
    n = c;
  }
  return n;
}

/** Whether any name in the file spells autocast (`torch.autocast` passed to `partial`, an `autocast_ctx` attribute). */
function namesAutocast(a: PyAnalysis): boolean {
  if (!/autocast/i.test(a.text)) return false;
  return nodesOfTypes(a.root, 'identifier').some((n) => /autocast/i.test(textOf(a.text, n)));
}

/**
 * A call that hands the model itself to a function that runs it (`diffusion.training_losses(model, x, t)`,
 * `compute_loss(model, batch)`): the forward pass happens one call away, inside the loss. Only a bare name that holds
 * a model counts (`model.parameters()`, `model.module` are other things).
 */
function passesModel(a: PyAnalysis, call: PyNode): boolean {
  return !isForwardCall(a, call) && !contextManager(call) && modelArgument(a, call) !== undefined;
}

/**
 * A call that opens a `with` block (`with accelerator.accumulate(model):`, `with model.no_sync():`): it sets up a
 * context around the step for the model it is handed (gradient accumulation, DDP's synchronisation), it runs no
 * forward of it.
 */
function contextManager(call: PyNode): boolean {
  const p = call.parent;
  return p?.type === 'with_item' || (p?.type === 'as_pattern' && p.parent?.type === 'with_item');
}

/**
 * A forward pass of a model whose layers run on other machines: Petals' distributed models
 * (`petals.AutoDistributedModelForCausalLM`, `DistributedBloomForCausalLM`) run the transformer blocks on remote
 * servers, so the local GPU computes only the embeddings and the trained prompts.
 */
function remoteModel(a: PyAnalysis, call: PyNode): boolean {
  const f = field(call, 'function');
  const key = f ? keyOf(a.text, f.type === 'attribute' && calleeLast(a.text, call) === 'forward' ? field(f, 'object') : f) : undefined;
  const origin = key ? a.origins.get(key) : undefined;
  return !!origin && (a.qname.get(origin) ?? '').startsWith('petals.');
}

/** The model a call hands on as an argument (a bare name that holds a model), if any. */
export function modelArgument(a: PyAnalysis, call: PyNode): string | undefined {
  const args = callArgs(a.text, call);
  const values = [...args.positional, ...[...args.keywords.values()].map((k) => k.value)];
  const v = values.find((x) => x.type === 'identifier' && a.kinds.get(textOf(a.text, x)) === 'model');
  return v ? textOf(a.text, v) : undefined;
}

export { constNumber };

// --------------------------------------------------------------------------------------------------------------
// Lightning Trainer(...) and accelerate Accelerator(...)

export const LIGHTNING_TRAINERS = ['pytorch_lightning.Trainer', 'lightning.Trainer', 'lightning.pytorch.Trainer', 'lightning.fabric.Fabric', 'lightning.Fabric'];

function lightningJob(a: PyAnalysis, call: PyNode, index: number): JobFacts {
  const text = a.text;
  const file = a.doc.path;
  const args = callArgs(text, call);
  const b = new JobBuilder(file, index, 'lightning', 'training', { file, span: spanOf(call) });
  const prec = args.keywords.get('precision');
  const setPrecision = (p: Precision) => {
    const v = p === 'bf16' ? '"bf16-mixed"' : p === 'fp16' ? '"16-mixed"' : undefined;
    if (!v) return undefined;
    const e = prec ? replaceEdit(a, prec.value, v) : addKeywordEdit(a, call, `precision=${v}`);
    return e ? [e] : undefined;
  };
  if (prec) {
    const v = evalConst(text, prec.value, a.consts);
    const p = v === DYNAMIC || v === null ? undefined : precisionOfLightning(v);
    if (p) b.explicit('precision', p, { file, span: spanOf(prec.node) }, setPrecision);
    else b.dynamic('precision');
  } else if (args.splat || args.keywords.has('plugins') || args.keywords.has('strategy') && strategyCarriesPrecision(a, args.keywords.get('strategy')!.value)) b.dynamic('precision');
  else b.default('precision', 'fp32', setPrecision);
  // the run's length where the call states it (Lightning's own default, 1000 epochs when neither is set, is the
  // rules' to assume: the engine is not handed a figure the code does not give)
  for (const [kw, fact] of [['max_epochs', 'epochs'], ['max_steps', 'steps']] as const) {
    const k = args.keywords.get(kw);
    if (!k) continue;
    const v = constNumber(text, k.value, a.consts);
    if (v === undefined) b.dynamic(fact);
    else if (v >= 0) b.explicit(fact, v, { file, span: spanOf(k.node) });
  }
  const acc = args.keywords.get('accelerator');
  const accV = acc ? evalConst(text, acc.value, a.consts) : undefined;
  if (accV === DYNAMIC) b.dynamic('device');
  else if (accV === 'cpu') b.explicit('device', 'cpu', { file, span: spanOf(acc!.node) });
  else if (accV === 'tpu') b.explicit('device', 'tpu', { file, span: spanOf(acc!.node) });
  else if (accV === 'gpu' || accV === 'cuda' || args.keywords.has('gpus') || a.gpu) b.default('device', 'gpu');
  else b.dynamic('device'); // "auto" on a machine we cannot see
  return b.job;
}

/** A strategy object built here with its own precision settings (`FSDPStrategy(mixed_precision=...)`, DeepSpeed's config). */
function strategyCarriesPrecision(a: PyAnalysis, v: PyNode): boolean {
  if (v.type !== 'call') return false;
  const q = a.qname.get(v) ?? '';
  const kw = callArgs(a.text, v).keywords;
  return kw.has('mixed_precision') || kw.has('precision_plugin') || kw.has('config') || /DeepSpeed/.test(q);
}

// --------------------------------------------------------------------------------------------------------------
// Coqui TTS recipes: a `TTS.*Config(...)` handed to Coqui's `Trainer` (the `trainer` package), then `trainer.fit()`

/** A Coqui TTS model or vocoder config class (`TTS.tts.configs.fast_pitch_config.FastPitchConfig`, `TTS.vocoder.configs.HifiganConfig`). */
const COQUI_CONFIG = /^TTS(\.\w+)*\.\w*Config$/;

/**
 * The Coqui TTS configs a recipe trains with that set `mixed_precision` themselves: the file builds Coqui's
 * `Trainer` (`from trainer import Trainer`) and calls `fit()`. Without the keyword the precision is the model
 * config's own default (TTS's config classes set it per model), which this does not guess.
 */
function coquiConfigs(a: PyAnalysis): PyNode[] {
  return memo(a, 'coquiConfigs', () => {
    if (!a.calls.some((c) => /^trainer(\.trainer)?\.Trainer$/.test(a.qname.get(c) ?? ''))) return [];
    if (!a.calls.some((c) => calleeLast(a.text, c) === 'fit')) return [];
    return a.calls.filter((c) => COQUI_CONFIG.test(a.qname.get(c) ?? '') && callArgs(a.text, c).keywords.has('mixed_precision'));
  });
}

/**
 * A Coqui recipe's training job: the Trainer runs the model under `torch.autocast` only when `mixed_precision` is
 * true (fp16 by default, `precision="bf16"` for bf16), fp32 otherwise (coqui-ai/Trainer v0.0.36 trainer/trainer.py,
 * TrainerConfig `mixed_precision` default False, `precision` default "fp16", `_get_autocast_args`).
 */
function coquiJob(a: PyAnalysis, call: PyNode, index: number): JobFacts {
  const text = a.text;
  const file = a.doc.path;
  const args = callArgs(text, call);
  const b = new JobBuilder(file, index, 'coqui', 'training', { file, span: spanOf(call) });
  const mp = args.keywords.get('mixed_precision')!;
  const on = constBool(text, mp.value, a.consts);
  const precision = args.keywords.get('precision');
  const half = precision ? constString(text, precision.value, a.consts) : 'fp16';
  if (on === undefined || (on && half !== 'fp16' && half !== 'bf16')) b.dynamic('precision');
  else {
    const edit = (np: Precision) => (np === 'fp16' || np === 'bf16' ? [replaceEdit(a, mp.value, 'True')] : undefined);
    b.explicit('precision', on ? (half as Precision) : 'fp32', { file, span: spanOf(mp.node) }, edit);
  }
  for (const [kw, fact] of [['epochs', 'epochs'], ['batch_size', 'microBatch']] as const) {
    const k = args.keywords.get(kw);
    if (!k) continue;
    const v = constNumber(text, k.value, a.consts);
    if (v === undefined) b.dynamic(fact);
    else b.explicit(fact, v, { file, span: spanOf(k.node) });
  }
  b.default('device', a.cpuOnly ? 'cpu' : 'gpu');
  return b.job;
}

/** `Accelerator(mixed_precision=...)` written out; without it the precision comes from `accelerate launch` / its config. */
function accelerateJob(a: PyAnalysis, call: PyNode, index: number): JobFacts | undefined {
  const text = a.text;
  const file = a.doc.path;
  const mp = callArgs(text, call).keywords.get('mixed_precision');
  if (!mp) return undefined;
  const b = new JobBuilder(file, index, 'accelerate', 'training', { file, span: spanOf(call) });
  const v = evalConst(text, mp.value, a.consts);
  const p = v === DYNAMIC ? undefined : precisionOfAccelerate(v);
  if (!p) b.dynamic('precision');
  else b.explicit('precision', p, { file, span: spanOf(mp.node) }, (np) => (np === 'bf16' || np === 'fp16' ? [replaceEdit(a, mp.value, `"${np}"`)] : undefined));
  b.default('device', a.cpuOnly ? 'cpu' : 'gpu');
  return b.job;
}

/** The file trains something: a backward pass, an optimizer step, or a trainer / training-arguments object. */
export function fileTrains(a: PyAnalysis): boolean {
  return memo(
    a,
    'fileTrains',
    () =>
      a.backwardCalls.length > 0 ||
      a.stepCalls.length > 0 ||
      anyCallName(a, (q) => /^(transformers|trl|pytorch_lightning|lightning(\.pytorch)?)\.(?:[a-z_]+\.)*[A-Za-z]*Trainer$/.test(q) || /TrainingArguments$/.test(q) || isTrlTrainerConfig(q)) ||
      definesTrainer(a),
  );
}

/** The file defines a trainer: a class whose base is a `...Trainer` (`class MyTrainer(Trainer)`, `_BaseTrainer`). */
function definesTrainer(a: PyAnalysis): boolean {
  let found = false;
  walk(a.root, (n) => {
    if (found) return false;
    if (n.type === 'class_definition') {
      for (const s of field(n, 'superclasses')?.children ?? []) {
        const q = qualifiedName(a.text, a.imports, s) ?? '';
        if (/(^|\.)_?[A-Za-z]*Trainer$/.test(q)) found = true;
      }
    }
    return n.type === 'module' || n.type === 'block' || n.type === 'class_definition' || n.type === 'decorated_definition' || n.type === 'if_statement';
  });
  return found;
}

/** The model a training file loads (`from_pretrained` with a constant id), as the job's model and size. */
function trainedModel(a: PyAnalysis, b: JobBuilder): void {
  for (const [key, origin] of a.origins) {
    if (a.kinds.get(key) !== 'model' || !(a.qname.get(origin) ?? '').endsWith('.from_pretrained')) continue;
    const arg = callArgs(a.text, origin).positional[0];
    const id = constString(a.text, arg, a.consts);
    if (id && arg) {
      b.model(id, { file: a.doc.path, span: spanOf(arg) });
      const p = a.imports.modules.has('peft') ? 'lora' : 'none';
      b.default('peft', p);
      return;
    }
  }
}

/** Epochs from `for epoch in range(N)` around the loop, micro-batch from the DataLoader it walks. */
function loopFacts(a: PyAnalysis, loop: TrainingLoop, b: JobBuilder): void {
  const file = a.doc.path;
  const loops = [...enclosingLoops(loop.backward)];
  for (const l of loops) {
    const it = field(l, 'right');
    if (!it) continue;
    if (it.type === 'call' && a.qname.get(it) === 'range') {
      const args = callArgs(a.text, it).positional;
      if (args.length === 1 && l === loops[loops.length - 1] && loops.length > 1) {
        const n = constNumber(a.text, args[0], a.consts);
        if (n !== undefined) b.explicit('epochs', n, { file, span: spanOf(args[0]) });
      }
      continue;
    }
    const k = classify(a, it, 0);
    if (k?.kind === 'dataloader') {
      const bs = callArgs(a.text, k.origin).keywords.get('batch_size');
      const v = bs ? constNumber(a.text, bs.value, a.consts) : 1;
      if (bs && v === undefined) b.dynamic('microBatch');
      else if (v !== undefined) b.set('microBatch', bs ? { value: v, source: { file, span: spanOf(bs.node) }, origin: 'explicit' } : { value: 1, origin: 'default' });
      const nw = callArgs(a.text, k.origin).keywords.get('num_workers');
      const w = nw ? constNumber(a.text, nw.value, a.consts) : 0;
      if (nw && w === undefined) b.dynamic('dataWorkers');
      else if (w !== undefined) b.set('dataWorkers', nw ? { value: w, source: { file, span: spanOf(nw.node) }, origin: 'explicit' } : { value: 0, origin: 'default' });
    }
  }
}
