// One shared reading of a Python module (cached per document): imports, module constants, grad scopes, the
// variables that hold models / pipelines / data loaders (through `.to()` / `.eval()` chains), training signals
// and evidence of GPU use. Extractors and rule checks read this instead of re-walking the tree.
import type { NotebookDoc, PythonDoc } from '../../parse/document';
import { callArgs, field, nodesOfTypes, perStatement, pythonOf, rootOf, textOf, walk, type PyNode } from './ast';
import { collectModuleConsts, constNumber, constString, type ModuleConsts } from './consts';
import { calleeLast, calleeName, collectImports, qualifiedName, type Imports } from './imports';
import { GradScope } from './scope';
import { appliesTo, libraryDefault } from '../../data/library-defaults';

export type ValueKind =
  | 'model' // an nn.Module / HF model: calling it is a forward pass
  | 'hf-pipeline' // transformers.pipeline(...)
  | 'diffusers-pipeline'
  | 'tokenizer'
  | 'vllm'
  | 'st-model' // sentence-transformers
  | 'dataloader'
  | 'optimizer'
  | 'trainer'
  | 'training-args';

/** Methods that return the object they are called on (for `model = X.from_pretrained(...).to("cuda")`). */
const CHAIN = new Set(['to', 'cuda', 'eval', 'train', 'half', 'float', 'bfloat16', 'requires_grad_', 'cpu', 'double']);

export interface PyAnalysis {
  doc: PythonDoc;
  text: string;
  root: PyNode;
  imports: Imports;
  consts: ModuleConsts;
  grad: GradScope;
  calls: PyNode[];
  /** Variable key (`model`, `self.model`) → what it holds. */
  kinds: Map<string, ValueKind>;
  /** Variable key → the node that created it (the from_pretrained / pipeline / DataLoader call). */
  origins: Map<string, PyNode>;
  /** Variable key → every value assigned to it, in source order. */
  values: Map<string, PyNode[]>;
  /** Classes defined in this file that subclass an nn.Module / LightningModule. */
  moduleClasses: Set<string>;
  /** Call nodes of `x.backward()` / `optimizer.step()` / `trainer.train()`. */
  backwardCalls: PyNode[];
  stepCalls: PyNode[];
  trainCalls: PyNode[];
  /** The file says it runs on a GPU somewhere (`"cuda"`, `.cuda()`, `device_map=`, `torch.cuda.*`). */
  gpu: boolean;
  /** The file names the CPU as its device (`"cpu"`, `use_cpu=True`) and nothing in it says GPU. */
  cpuOnly: boolean;
  /** Qualified callee names of every call, by node. */
  qname: Map<PyNode, string | undefined>;
  /** Calls by qualified callee name. */
  byName: Map<string, PyNode[]>;
  /** Method calls by receiver key and method (`model.eval` → the `model.eval()` calls). */
  methodCalls: Map<string, PyNode[]>;
  /** Memo for derived results (training loops, ...). */
  memo: Map<string, unknown>;
}

/** Every call whose qualified callee is one of `names`. */
export function callsNamed(a: PyAnalysis, ...names: string[]): PyNode[] {
  return names.flatMap((n) => a.byName.get(n) ?? []);
}

/** Whether any call's qualified name satisfies `pred` (over the distinct names only). */
export function anyCallName(a: PyAnalysis, pred: (q: string) => boolean): boolean {
  for (const q of a.byName.keys()) if (pred(q)) return true;
  return false;
}

export function callAtSpan(a: PyAnalysis, span: { start: number; end: number }): PyNode | undefined {
  // the last call of `a.calls` over exactly that span: `a.calls` is its top-level statements' calls in turn, and the
  // statements do not overlap, so it is the last such call of the last statement that holds the span (found by
  // offset; each statement's calls are kept with it, `statementCalls`), instead of an index of every call's offset
  const stmts = a.root.children;
  let lo = 0;
  let hi = stmts.length - 1;
  // the last statement that starts at or before the span
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (stmts[mid].start <= span.start) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = hi; i >= 0 && stmts[i].end >= span.start; i--) {
    const s = stmts[i];
    if (s.start > span.start || s.end < span.end) continue;
    const cs = statementCalls(a, s);
    for (let k = cs.length - 1; k >= 0; k--) if (cs[k].start === span.start && cs[k].end === span.end) return cs[k];
  }
  return undefined;
}

/** The variable keys whose origin is `origin`, in the order of `a.origins` (an index built once per analysis; shared). */
export function keysHolding(a: PyAnalysis, origin: PyNode): readonly string[] {
  const byOrigin = memo(a, 'analysis.keysByOrigin', () => {
    const m = new Map<PyNode, string[]>();
    for (const [k, o] of a.origins) {
      const l = m.get(o);
      if (l) l.push(k);
      else m.set(o, [k]);
    }
    return m;
  });
  return byOrigin.get(origin) ?? [];
}

export function memo<T>(a: PyAnalysis, key: string, fn: () => T): T {
  if (!a.memo.has(key)) a.memo.set(key, fn());
  return a.memo.get(key) as T;
}

const cache = new WeakMap<PythonDoc, PyAnalysis>();

export function analysisOf(d: PythonDoc | NotebookDoc): PyAnalysis {
  const doc = pythonOf(d);
  let a = cache.get(doc);
  if (!a) {
    a = build(doc);
    cache.set(doc, a);
  }
  return a;
}

/** `model`, `self.model`, `a.b.c`: a stable key for a variable-like expression; undefined otherwise. */
export function keyOf(text: string, n: PyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') return textOf(text, n);
  if (n.type === 'attribute') {
    const o = keyOf(text, field(n, 'object'));
    const at = field(n, 'attribute');
    return o && at ? `${o}.${textOf(text, at)}` : undefined;
  }
  return undefined;
}

function pushAll<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]);
}

/** A statement's function definitions, calls, class definitions, assignments and strings, in pre-order (not inside strings). */
function statementNodes(stmt: PyNode): { functions: PyNode[]; calls: PyNode[]; classNodes: PyNode[]; assignNodes: PyNode[]; strings: PyNode[] } {
  const out = { functions: [] as PyNode[], calls: [] as PyNode[], classNodes: [] as PyNode[], assignNodes: [] as PyNode[], strings: [] as PyNode[] };
  walk(stmt, (n) => {
    switch (n.type) {
      case 'function_definition':
        out.functions.push(n);
        break;
      case 'call':
        out.calls.push(n);
        break;
      case 'class_definition':
        out.classNodes.push(n);
        break;
      case 'assignment':
        out.assignNodes.push(n);
        break;
      case 'string':
        out.strings.push(n);
        return false;
    }
    return true;
  });
  return out;
}

/**
 * One top-level statement's calls, in pre-order (the statement's share of `a.calls`, kept across keystrokes as
 * `build` computed it: `perStatement`). The statement must be a child of `a.root`.
 */
export function statementCalls(a: PyAnalysis, stmt: PyNode): readonly PyNode[] {
  return perStatement(a.text, stmt, 'analysis.nodes', () => statementNodes(stmt)).calls;
}

/**
 * The calls whose callee is a plain name (`f(...)`, not `x.f(...)`), by that name, each list in the order of
 * `a.calls`: instead of a scan of every call per name asked. Each top-level statement's share is kept with it
 * (`perStatement`), the module's folded once per analysis. Shared: not to be changed by its readers.
 */
export function plainCallsByName(a: PyAnalysis): ReadonlyMap<string, readonly PyNode[]> {
  return memo(a, 'analysis.plainCalls', () => {
    const out = new Map<string, PyNode[]>();
    for (const stmt of a.root.children) {
      const part = perStatement(a.text, stmt, 'analysis.plainCalls', () => {
        const m = new Map<string, PyNode[]>();
        for (const c of statementCalls(a, stmt)) {
          const f = field(c, 'function');
          if (f?.type !== 'identifier') continue;
          const t = textOf(a.text, f);
          const l = m.get(t);
          if (l) l.push(c);
          else m.set(t, [c]);
        }
        return m;
      });
      for (const [name, cs] of part) {
        const l = out.get(name);
        if (l) pushAll(l, cs);
        else out.set(name, [...cs]);
      }
    }
    return out;
  });
}

/** What `build` reads of one call without the rest of the file (its callee's last name, receiver, arguments). */
interface CallFacts {
  call: PyNode;
  last?: string;
  /** The receiver of a method call, and its variable key. */
  obj?: PyNode;
  objKey?: string;
  /** `${objKey}.${last}`, the key of `methodCalls`. */
  mk?: string;
  noArgs: boolean;
  /** The `device_map=` value (read against the module's constants each analysis). */
  deviceMap?: PyNode;
  /** `use_cpu=True` or `no_cuda=True`. */
  cpuFlag: boolean;
}

/**
 * One top-level statement's share of `build`'s passes over assignments, calls and strings: what reads the
 * statement's own subtree and text only (kept across keystrokes for the statements an edit did not touch,
 * `perStatement`). `stringGpu` / `stringCpu`: a string (not a docstring or `help=` text) that names CUDA, or is "cpu".
 */
interface StatementFacts {
  /** Assignments to a variable key, in order. */
  assigns: { key: string; value: PyNode }[];
  calls: CallFacts[];
  stringGpu: boolean;
  stringCpu: boolean;
}

function statementFacts(text: string, nodes: ReturnType<typeof statementNodes>): StatementFacts {
  const assigns: { key: string; value: PyNode }[] = [];
  for (const n of nodes.assignNodes) {
    const key = keyOf(text, field(n, 'left'));
    const value = field(n, 'right');
    if (key && value) assigns.push({ key, value });
  }
  const calls: CallFacts[] = [];
  for (const c of nodes.calls) {
    const last = calleeLast(text, c);
    const f = field(c, 'function');
    const obj = f?.type === 'attribute' ? field(f, 'object') : undefined;
    const objKey = keyOf(text, obj);
    const args = field(c, 'arguments');
    const facts: CallFacts = { call: c, last, obj, objKey, noArgs: !args || args.children.length === 0, cpuFlag: false };
    if (objKey && last) facts.mk = `${objKey}.${last}`;
    if (args && args.children.length > 0) {
      const k = callArgs(text, c).keywords;
      if (k.has('device_map')) facts.deviceMap = k.get('device_map')!.value;
      for (const name of ['use_cpu', 'no_cuda']) {
        const kv = k.get(name);
        if (kv && textOf(text, kv.value) === 'True') facts.cpuFlag = true;
      }
    }
    calls.push(facts);
  }
  let stringGpu = false;
  let stringCpu = false;
  for (const n of nodes.strings) {
    // a docstring or a `help=` text that mentions CUDA says nothing about where the code runs
    if (isDocOrHelp(text, n)) continue;
    const s = text.slice(n.start, n.end);
    // a docstring that mentions "cuda" (`device (str): 'cpu' or 'cuda'`) puts nothing on a GPU
    if (s.includes('cuda') && n.parent?.type !== 'expression_statement') stringGpu = true;
    const v = s.replace(/^[a-z]*['"]+|['"]+$/gi, '');
    // `torch.load(path, map_location="cpu")` reads a checkpoint into host memory first: where it is read, not where
    // the model runs
    if (v === 'cpu' && !isKeywordValue(text, n, 'map_location')) stringCpu = true;
  }
  return { assigns, calls, stringGpu, stringCpu };
}

function build(doc: PythonDoc): PyAnalysis {
  const text = doc.text;
  const root = rootOf(doc);
  const imports = collectImports(text, root);
  const consts = collectModuleConsts(text, root);
  // one walk for everything below: calls, class definitions, assignments (string literals: `statementFacts`)
  const calls: PyNode[] = [];
  const classNodes: PyNode[] = [];
  const functions: PyNode[] = [];
  // (each top-level statement's nodes, in order: a statement an edit did not touch keeps its lists, `perStatement`)
  const facts: StatementFacts[] = [];
  for (const stmt of root.children) {
    const s = perStatement(text, stmt, 'analysis.nodes', () => statementNodes(stmt));
    pushAll(functions, s.functions);
    pushAll(calls, s.calls);
    pushAll(classNodes, s.classNodes);
    facts.push(perStatement(text, stmt, 'analysis.facts', () => statementFacts(text, s)));
  }
  const qname = new Map<PyNode, string | undefined>();
  const byName = new Map<string, PyNode[]>();
  for (const c of calls) {
    const q = calleeName(text, imports, c);
    qname.set(c, q);
    if (q) {
      const l = byName.get(q);
      if (l) l.push(c);
      else byName.set(q, [c]);
    }
  }
  const a: PyAnalysis = {
    doc,
    text,
    root,
    imports,
    consts,
    grad: new GradScope(text, imports, root, calls, functions),
    calls,
    kinds: new Map(),
    origins: new Map(),
    values: new Map(),
    moduleClasses: new Set(),
    backwardCalls: [],
    stepCalls: [],
    trainCalls: [],
    gpu: false,
    cpuOnly: false,
    qname,
    byName,
    methodCalls: new Map(),
    memo: new Map(),
  };

  // classes that are torch modules
  for (const n of classNodes) {
    const sup = field(n, 'superclasses');
    const name = field(n, 'name');
    if (sup && name) {
      for (const s of sup.children) {
        const q = qualifiedName(text, imports, s) ?? '';
        if (q === 'torch.nn.Module' || q.endsWith('LightningModule') || q.endsWith('PreTrainedModel') || a.moduleClasses.has(q)) {
          a.moduleClasses.add(textOf(text, name));
        }
      }
    }
  }

  // assignments → kinds
  const assigns: { key: string; value: PyNode }[] = [];
  for (const f of facts) pushAll(assigns, f.assigns);
  for (const { key, value } of assigns) {
    const l = a.values.get(key);
    if (l) l.push(value);
    else a.values.set(key, [value]);
  }
  // (a round that classifies nothing leaves the next round with the same maps: it would classify nothing either)
  for (let round = 0; round < 3; round++) {
    let added = false;
    for (const { key, value } of assigns) {
      if (a.kinds.has(key)) continue;
      const k = classify(a, value, 0);
      if (k) {
        a.kinds.set(key, k.kind);
        a.origins.set(key, k.origin);
        added = true;
      }
    }
    if (!added) break;
  }

  let cpuNamed = false;
  for (const sf of facts) {
    for (const { call: c, last, obj, objKey, mk, noArgs, deviceMap, cpuFlag } of sf.calls) {
      if (mk) {
        const l = a.methodCalls.get(mk);
        if (l) l.push(c);
        else a.methodCalls.set(mk, [c]);
      }
      if (last === 'eval' && noArgs && objKey && !a.kinds.has(objKey)) a.kinds.set(objKey, 'model');
      // only modules have these: `optimizer = AdamW(model.parameters())` makes `model` a model
      if ((last === 'parameters' || last === 'named_parameters' || last === 'load_state_dict') && objKey && !a.kinds.has(objKey)) a.kinds.set(objKey, 'model');
      if (last === 'backward' && obj) a.backwardCalls.push(c);
      if (last === 'step' && objKey && (a.kinds.get(objKey) === 'optimizer' || /optim/i.test(objKey))) a.stepCalls.push(c);
      // a loss scaler steps the optimizer it is given (`scaler.step(optimizer)`: torch.amp.GradScaler.step)
      else if (last === 'step' && objKey && /scaler/i.test(objKey) && !noArgs) {
        const first = callArgs(text, c).positional[0];
        const k = first ? keyOf(text, first) : undefined;
        if (k && (a.kinds.get(k) === 'optimizer' || /optim/i.test(k))) a.stepCalls.push(c);
      }
      // MAE's loss scaler called on the loss and the optimizer (`loss_scaler(loss, optimizer, parameters=...)`: the
      // NativeScalerWithGradNormCount of MAE / DeiT / ConvNeXt's util/misc.py, whose __call__ runs
      // `self._scaler.scale(loss).backward()` and `self._scaler.step(optimizer)`): a backward and a step
      else if (last !== undefined && /scaler$/i.test(last) && last !== 'GradScaler') {
        const args = callArgs(text, c).positional;
        const k = args[1] ? keyOf(text, args[1]) : undefined;
        if (args.length >= 2 && k && (a.kinds.get(k) === 'optimizer' || /optim/i.test(k))) {
          a.backwardCalls.push(c);
          a.stepCalls.push(c);
        }
      }
      if ((last === 'train' || last === 'fit') && objKey && a.kinds.get(objKey) === 'trainer') a.trainCalls.push(c);
      const q = qname.get(c);
      if (last === 'cuda' || q?.startsWith('torch.cuda.') && !q.endsWith('is_available') && !q.endsWith('device_count')) a.gpu = true;
      // PyTorch 2.6's device-generic API: `torch.accelerator.current_accelerator()`, `torch.accelerator.is_available()`
      if (q?.startsWith('torch.accelerator.')) a.gpu = true;
      if (deviceMap) {
        const v = constString(text, deviceMap, consts);
        if (v !== 'cpu') a.gpu = true;
      }
      if (cpuFlag) cpuNamed = true;
    }
    if (sf.stringGpu) a.gpu = true;
    if (sf.stringCpu) cpuNamed = true;
  }
  a.cpuOnly = cpuNamed && !a.gpu;
  classified.set(a, new Map());
  return a;
}

/** The value of the keyword argument `name` (`map_location="cpu"`). */
function isKeywordValue(text: string, n: PyNode, name: string): boolean {
  const p = n.parent;
  if (p?.type !== 'keyword_argument' || field(p, 'value') !== n) return false;
  const k = field(p, 'name');
  return !!k && textOf(text, k) === name;
}

/** A docstring (a string that is a statement of its own) or the `help=` text of an argument. */
function isDocOrHelp(text: string, n: PyNode): boolean {
  const p = n.parent;
  if (p?.type === 'expression_statement' && p.children.length === 1) return true;
  return isKeywordValue(text, n, 'help');
}

/**
 * What a call creates, once the analysis is built (its kinds and origins no longer change): the job extraction and
 * the rules classify every call of the file, so the answer is kept per call for the analysis. Shared: not to be changed.
 */
const classified = new WeakMap<PyAnalysis, Map<PyNode, { kind: ValueKind; origin: PyNode } | undefined>>();

/** What a value expression creates, following `.to()` chains and variables. */
export function classify(a: PyAnalysis, n: PyNode | undefined, depth: number): { kind: ValueKind; origin: PyNode } | undefined {
  if (depth !== 0 || n?.type !== 'call') return classifyAt(a, n, depth);
  const m = classified.get(a); // set when `build` is done
  if (!m) return classifyAt(a, n, depth);
  if (m.has(n)) return m.get(n);
  const r = classifyAt(a, n, 0);
  m.set(n, r);
  return r;
}

function classifyAt(a: PyAnalysis, n: PyNode | undefined, depth: number): { kind: ValueKind; origin: PyNode } | undefined {
  if (!n || depth > 6) return undefined;
  const text = a.text;
  if (n.type === 'identifier' || n.type === 'attribute') {
    const k = keyOf(text, n);
    const kind = k ? a.kinds.get(k) : undefined;
    return kind && k ? { kind, origin: a.origins.get(k) ?? n } : undefined;
  }
  if (n.type === 'parenthesized_expression') return classify(a, n.children[0], depth + 1);
  if (n.type !== 'call') return undefined;
  const q = a.qname.get(n) ?? calleeName(text, a.imports, n);
  const f = field(n, 'function');
  const last = calleeLast(text, n);
  if (last && CHAIN.has(last) && f?.type === 'attribute') {
    const inner = classify(a, field(f, 'object'), depth + 1);
    if (inner) return inner;
  }
  if (!q) return undefined;
  const k = kindOfCallee(q);
  if (k === 'compile') return classify(a, callArgs(text, n).positional[0], depth + 1);
  if (k) return { kind: k, origin: n };
  if (a.moduleClasses.has(q)) return { kind: 'model', origin: n };
  return nnModule(q) ? { kind: 'model', origin: n } : undefined;
}

/**
 * What a call of the qualified callee `q` creates, by its name alone (the tests `classify` makes before it looks at
 * the module's own classes): a kind, `compile` for `torch.compile` (the kind of its argument), or null. Pure in `q`,
 * so kept per name across files and keystrokes (bounded).
 */
const calleeKinds = new Map<string, ValueKind | 'compile' | null>();

function kindOfCallee(q: string): ValueKind | 'compile' | null {
  let k = calleeKinds.get(q);
  if (k === undefined) {
    k = calleeKindUncached(q);
    if (calleeKinds.size >= 50_000) calleeKinds.clear();
    calleeKinds.set(q, k);
  }
  return k;
}

function calleeKindUncached(q: string): ValueKind | 'compile' | null {
  if (q.endsWith('.from_pretrained')) {
    const cls = q.slice(0, -'.from_pretrained'.length);
    const clsName = cls.slice(cls.lastIndexOf('.') + 1);
    // by the class's name, or the name of the variable that holds the class (`processor_cls.from_pretrained(...)`)
    if (/Tokenizer|Processor|Config|FeatureExtractor|GenerationConfig|Scheduler/.test(clsName) || /^[a-z_]*(tokenizer|processor|config|feature_extractor)[a-z_]*$/.test(clsName)) return 'tokenizer';
    if (clsName.endsWith('Pipeline') || clsName === 'DiffusionPipeline') return 'diffusers-pipeline';
    return 'model';
  }
  if (q === 'transformers.pipeline' || q === 'transformers.pipelines.pipeline') return 'hf-pipeline';
  if (q === 'vllm.LLM') return 'vllm';
  if (q === 'sentence_transformers.SentenceTransformer' || q === 'sentence_transformers.CrossEncoder') return 'st-model';
  if (q === 'torch.utils.data.DataLoader' || q === 'torch.utils.data.dataloader.DataLoader' || q === 'DataLoader') return 'dataloader';
  if (q.startsWith('torch.optim.') || q.startsWith('bitsandbytes.optim.') || q === 'transformers.AdamW') return 'optimizer';
  if (/^(transformers|trl)\.(?:[a-z_]+\.)*[A-Za-z]*Trainer$/.test(q) || /^(pytorch_lightning|lightning|lightning\.pytorch)\.Trainer$/.test(q)) return 'trainer';
  if (/^transformers\.(?:[a-z_]+\.)*([A-Za-z]*)TrainingArguments$/.test(q) || isTrlTrainerConfig(q)) return 'training-args';
  if (q === 'torch.load' || q === 'torch.hub.load' || q === 'torch.jit.load' || q === 'timm.create_model' || isTorchvisionModel(q)) return 'model';
  if (q === 'torch.compile') return 'compile';
  return null;
}

/** `torch.nn.Linear(...)` and the like: a module (not a loss, a Parameter or the Module base class). */
const nnModules = new Map<string, boolean>();

function nnModule(q: string): boolean {
  let b = nnModules.get(q);
  if (b === undefined) {
    b = /^torch\.nn\.[A-Z]\w*$/.test(q) && !q.endsWith('Loss') && q !== 'torch.nn.Parameter' && q !== 'torch.nn.Module';
    if (nnModules.size >= 50_000) nnModules.clear();
    nnModules.set(q, b);
  }
  return b;
}

/** A TRL trainer config class (`trl.SFTConfig`, `trl.experimental.bco.BCOConfig`; not `trl.ModelConfig`), by the defaults table's pattern. */
export function isTrlTrainerConfig(q: string): boolean {
  return appliesTo(libraryDefault('trl/trainer-config-bf16'), q);
}

/** The variable key a call is made on: `model.generate(...)` → `model`; `model(...)` → `model`. */
export function receiverKey(a: PyAnalysis, call: PyNode): string | undefined {
  const f = field(call, 'function');
  if (f?.type === 'attribute') return keyOf(a.text, field(f, 'object'));
  return keyOf(a.text, f);
}

export function kindOfKey(a: PyAnalysis, key: string | undefined): ValueKind | undefined {
  return key ? a.kinds.get(key) : undefined;
}

/** A forward pass: `model(...)` or `model.forward(...)` where `model` holds a model. */
export function isForwardCall(a: PyAnalysis, call: PyNode): boolean {
  const f = field(call, 'function');
  if (!f) return false;
  if (f.type === 'attribute' && calleeLast(a.text, call) === 'forward') return a.kinds.get(keyOf(a.text, field(f, 'object')) ?? '') === 'model';
  const k = keyOf(a.text, f);
  return !!k && a.kinds.get(k) === 'model';
}

export function numArg(a: PyAnalysis, call: PyNode, name: string): number | undefined | 'dynamic' {
  const kw = callArgs(a.text, call).keywords.get(name);
  if (!kw) return undefined;
  return constNumber(a.text, kw.value, a.consts) ?? 'dynamic';
}

/** `torchvision.models.resnet50`, `torchvision.models.detection.fasterrcnn_resnet50_fpn` (not weights enums). */
export function isTorchvisionModel(q: string): boolean {
  if (!q.startsWith('torchvision.models.')) return false;
  return q.split('.').slice(2).every((s) => /^[a-z0-9_]+$/.test(s));
}

/** Class and function definitions of the module by name (the first of each name). */
export function definitions(a: PyAnalysis): Map<string, PyNode> {
  return memo(a, 'definitions', () => {
    const out = new Map<string, PyNode>();
    for (const n of nodesOfTypes(a.root, 'class_definition', 'function_definition')) {
      const name = field(n, 'name');
      if (name && !out.has(textOf(a.text, name))) out.set(textOf(a.text, name), n);
    }
    return out;
  });
}
