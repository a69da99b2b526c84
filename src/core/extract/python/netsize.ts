// The size of a network a file writes itself, read from its layers' constant sizes: `nn.Linear(784, 128)`,
// `nn.LSTM(embed_dim, hidden, num_layers=2)` inside a class whose `__init__` the model is built with
// (`Net(num_features=NUM_FEATURES)`), or an inline `nn.Sequential(...)`. Only dense and recurrent layers are counted;
// a convolution, attention, a zoo or pretrained model, a layer built in a loop, or a size the code does not state
// makes the size unknown, except a dense layer at most NARROW_WIDTH wide on one side whose other side the code does
// not state (`nn.Linear(64, len(tags))`): a narrow layer, thin whatever its other side, not counted. Used to tell a
// tiny network (a teaching MLP or a small LSTM, whose matrix multiplies are too small to keep a GPU's tensor cores
// busy) from a real one.
import { callArgs, enclosingFunction, field, functionName, nodesOfTypes, parameterIds, textOf, walk, type PyNode } from './ast';
import { definitions, memo, type PyAnalysis } from './analysis';
import { constNumber } from './consts';
import { resolveValue } from './flow';
import { definitionOf } from './modules';
import type { WorkspaceReader } from '../../settings';

type Env = ReadonlyMap<string, number>;

/** Layers with no weights worth counting (activations, dropout, pooling, normalisation, containers, reshapes). */
const FREE = /^(ReLU|ReLU6|LeakyReLU|PReLU|ELU|SELU|GELU|SiLU|Mish|Tanh|Sigmoid|Softmax|LogSoftmax|Softplus|Hardtanh|Dropout\d?d?|AlphaDropout|Identity|Flatten|Unflatten|Sequential|ModuleList|ModuleDict|BatchNorm1d|LayerNorm|MaxPool1d|AvgPool1d|AdaptiveAvgPool1d|CrossEntropyLoss|MSELoss|BCELoss|BCEWithLogitsLoss|NLLLoss|L1Loss)$/;

/**
 * Trainable parameters of the network `origin` builds (a call: `Net(...)`, `nn.Sequential(...)`, `nn.Linear(...)`),
 * counting dense and recurrent layers (an embedding is a lookup: not counted); undefined when any part is unknown.
 */
export function ownNetworkParams(a: PyAnalysis, origin: PyNode): number | undefined {
  const size = networkSize(a, origin);
  return size && size.narrowLayers === 0 ? size.params : undefined;
}

/** Layers counted as narrow while a size is read: a dense layer with one side at most NARROW_WIDTH, the other unknown. */
interface Narrow {
  layers: number;
}

/**
 * The widest a dense layer's known side may be for the layer to count as narrow when the code does not state its
 * other side (typically a size read from the data, a tag or feature count: `nn.Linear(64, len(tags))`, `nn.Linear(dim, 1)`).
 * A matrix multiply with one side this thin is launch- and memory-bound whatever the other side, so it adds nothing
 * that half precision or compilation would speed up. Set from the judged toy tutorials of corpus9 (s19: a 64-wide
 * CBoW head over a tag count, a one-output logistic regression over image pixels).
 */
export const NARROW_WIDTH = 64;

/** The counted parameters of the network `origin` builds and how many of its layers are narrow (not counted). */
function networkSize(a: PyAnalysis, origin: PyNode): { params: number; narrowLayers: number } | undefined {
  const m = memo(a, 'netsize', () => new Map<PyNode, { params: number; narrowLayers: number } | undefined>());
  if (m.has(origin)) return m.get(origin);
  const narrow: Narrow = { layers: 0 };
  const p = callParams(a, origin, new Map(), 0, narrow);
  const v = p === undefined ? undefined : { params: p, narrowLayers: narrow.layers };
  m.set(origin, v);
  return v;
}

function callParams(a: PyAnalysis, call: PyNode, env: Env, depth: number, narrow: Narrow): number | undefined {
  if (call.type !== 'call' || depth > 3) return undefined;
  const q = a.qname.get(call) ?? '';
  if (q.startsWith('torch.nn.')) {
    const name = q.slice('torch.nn.'.length);
    if (name === 'Sequential' || name === 'ModuleList') {
      let sum = 0;
      for (const arg of callArgs(a.text, call).positional) {
        if (arg.type === 'list') {
          for (const el of arg.children) {
            if (el.type !== 'call') continue;
            const p = callParams(a, el, env, depth, narrow);
            if (p === undefined) return undefined;
            sum += p;
          }
          continue;
        }
        const p = arg.type === 'conditional_expression' ? eitherParams(a, arg, env, depth, narrow) : callParams(a, arg, env, depth, narrow);
        if (p === undefined) return undefined;
        sum += p;
      }
      return sum;
    }
    return layerParams(a, call, name, env, narrow);
  }
  const f = field(call, 'function');
  // `model.to(device)`, `model = model.train()`: the same module, built where its name was first assigned
  if (f?.type === 'attribute' && /^(to|cuda|cpu|train|eval|float|requires_grad_)$/.test(textOf(a.text, field(f, 'attribute') ?? f))) {
    const obj = field(f, 'object');
    const origin = obj?.type === 'call' ? obj : obj?.type === 'identifier' ? assignedBefore(a, textOf(a.text, obj), call) : undefined;
    return origin ? callParams(a, origin, env, depth + 1, narrow) : undefined;
  }
  const def = f?.type === 'identifier' ? classBefore(a, textOf(a.text, f), call) : undefined;
  return def ? classParams(a, def, call, env, depth, narrow) : undefined;
}

/**
 * A layer chosen by a condition (`nn.ReLU() if deep else nn.Tanh()`): the larger of the two, when both are layer
 * calls whose size is known.
 */
function eitherParams(a: PyAnalysis, cond: PyNode, env: Env, depth: number, narrow: Narrow): number | undefined {
  const then = cond.children[0];
  const other = cond.children[cond.children.length - 1];
  if (cond.children.length !== 3 || then?.type !== 'call' || other?.type !== 'call') return undefined;
  const x = callParams(a, then, env, depth, narrow);
  const y = callParams(a, other, env, depth, narrow);
  return x === undefined || y === undefined ? undefined : Math.max(x, y);
}

/** The call last assigned to `name` before `at` (`model = MLP(...)` for the `model` of a later `model.train()`). */
function assignedBefore(a: PyAnalysis, name: string, at: PyNode): PyNode | undefined {
  let best: PyNode | undefined;
  for (const n of nodesOfTypes(a.root, 'assignment')) {
    if (n.start >= at.start) break;
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (left?.type === 'identifier' && right?.type === 'call' && right !== at && textOf(a.text, left) === name) best = right;
  }
  return best;
}

/**
 * The class of this name that a call builds: the last definition before the call (a notebook or a chapter script
 * defines `class RNN` twice, each cell building its own), else the file's first.
 */
function classBefore(a: PyAnalysis, name: string, call: PyNode): PyNode | undefined {
  const first = definitions(a).get(name);
  if (first?.type !== 'class_definition') return undefined;
  let best: PyNode | undefined;
  for (const n of nodesOfTypes(a.root, 'class_definition')) {
    if (n.start < call.start && textOf(a.text, field(n, 'name') ?? n) === name) best = n;
  }
  return best ?? first;
}

/** The sum over the layers a class of the file builds in its `__init__`, with its parameters bound from `call`. */
function classParams(a: PyAnalysis, cls: PyNode, call: PyNode, outer: Env, depth: number, narrow: Narrow): number | undefined {
  const body = field(cls, 'body');
  const init = body?.children.find((s) => s.type === 'function_definition' && textOf(a.text, field(s, 'name') ?? s) === '__init__');
  if (!init) return undefined;
  const env = bind(a, init, call, outer);
  let sum = 0;
  let unknown = false;
  walk(field(init, 'body') ?? init, (n) => {
    if (unknown) return false;
    // a layer per iteration: as many as the loop runs, which the size does not follow
    if (n.type === 'for_statement' || n.type === 'while_statement' || n.type === 'list_comprehension' || n.type === 'generator_expression') {
      let builds = false;
      walk(n, (m) => {
        if (m.type === 'call' && buildsLayer(a.qname.get(m) ?? '')) builds = true;
        return !builds;
      });
      if (builds) unknown = true;
      return false;
    }
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
    if (n.type !== 'call') return true;
    const q = a.qname.get(n) ?? '';
    if (q.startsWith('torch.nn.')) {
      const name = q.slice('torch.nn.'.length);
      if (name === 'Sequential' || name === 'ModuleList' || name === 'ModuleDict') return true; // its layers are visited one by one
      const p = layerParams(a, n, name, env, narrow);
      if (p === undefined) unknown = true;
      else sum += p;
      return false;
    }
    const f = field(n, 'function');
    const callee = f?.type === 'identifier' ? classBefore(a, textOf(a.text, f), n) : undefined;
    if (callee) {
      const p = classParams(a, callee, n, env, depth + 1, narrow);
      if (p === undefined) unknown = true;
      else sum += p;
      return false;
    }
    if (bringsWeights(a, n, q)) unknown = true;
    return true;
  });
  return unknown || handsInModule(a, cls, init) ? undefined : sum;
}

/**
 * The class stores a module it is handed and calls it (`def __init__(self, unet, ...): self.unet = unet` and
 * `self.unet(noisy_latents, ...)` in its forward: IP-Adapter's wrapper of a Stable Diffusion UNet): its size is the
 * size of what its callers pass, which the class's own layers do not say.
 */
function handsInModule(a: PyAnalysis, cls: PyNode, init: PyNode): boolean {
  const params = new Set(parameterIds(init).slice(1).map((id) => (id ? textOf(a.text, id) : '')).filter(Boolean));
  if (params.size === 0) return false;
  const stored = new Set<string>();
  walk(field(init, 'body') ?? init, (n) => {
    if (n.type !== 'assignment') return n.type !== 'function_definition' && n.type !== 'lambda';
    const l = field(n, 'left');
    const r = field(n, 'right');
    const o = l?.type === 'attribute' ? field(l, 'object') : undefined;
    const at = l?.type === 'attribute' ? field(l, 'attribute') : undefined;
    if (o && at && textOf(a.text, o) === 'self' && r?.type === 'identifier' && params.has(textOf(a.text, r))) stored.add(textOf(a.text, at));
    return false;
  });
  if (stored.size === 0) return false;
  let called = false;
  walk(cls, (n) => {
    if (called) return false;
    if (n.type !== 'call') return true;
    const f = field(n, 'function');
    const o = f?.type === 'attribute' ? field(f, 'object') : undefined;
    const at = f?.type === 'attribute' ? field(f, 'attribute') : undefined;
    if (o && at && textOf(a.text, o) === 'self' && stored.has(textOf(a.text, at))) called = true;
    return !called;
  });
  return called;
}

/**
 * A call that brings weights of its own: a zoo model, a loaded checkpoint, or a layer class of another library
 * (`GCNConv(...)`, `CoralLayer(...)`: a class-like name whose size this does not know).
 */
function bringsWeights(a: PyAnalysis, call: PyNode, q: string): boolean {
  if (/from_pretrained$|^(timm|torchvision\.models|transformers)\./.test(q) || q === 'torch.load') return true;
  const f = field(call, 'function');
  const last = f?.type === 'identifier' ? f : f?.type === 'attribute' ? field(f, 'attribute') : undefined;
  return !!last && /^[A-Z]\w*[a-z]\w*$/.test(textOf(a.text, last));
}

/** `__init__`'s parameters, bound from the call's arguments (or their defaults) where those are constant numbers. */
function bind(a: PyAnalysis, init: PyNode, call: PyNode, outer: Env): Env {
  const env = new Map<string, number>();
  const args = callArgs(a.text, call);
  const params = (field(init, 'parameters')?.children ?? []).filter((p) => p.type === 'identifier' || p.type === 'default_parameter' || p.type === 'typed_parameter' || p.type === 'typed_default_parameter');
  let i = 0;
  for (const p of params) {
    const nameNode = p.type === 'identifier' ? p : (field(p, 'name') ?? p.children.find((c) => c.type === 'identifier'));
    const name = nameNode ? textOf(a.text, nameNode) : '';
    if (name === 'self') continue;
    const given = args.keywords.get(name)?.value ?? args.positional[i];
    i++;
    const v = given ? num(a, given, outer) : num(a, field(p, 'value'), new Map());
    if (v !== undefined) env.set(name, v);
  }
  return env;
}

/** A constant number, with the bound parameters as names: literals, names, `+ - * //` and parentheses. */
function num(a: PyAnalysis, n: PyNode | undefined, env: Env): number | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') return env.get(textOf(a.text, n)) ?? constNumber(a.text, n, a.consts);
  if (n.type === 'parenthesized_expression') return num(a, n.children.find((c) => c.type !== '(' && c.type !== ')'), env);
  if (n.type === 'binary_operator') {
    const left = field(n, 'left');
    const right = field(n, 'right');
    const l = num(a, left, env);
    const r = num(a, right, env);
    if (!left || !right || l === undefined || r === undefined) return undefined;
    // the operator token lies between the operands (the plain tree keeps named nodes only)
    const op = a.text.slice(left.end, right.start).replace(/[\s()]/g, '');
    if (op === '+') return l + r;
    if (op === '-') return l - r;
    if (op === '*') return l * r;
    if (op === '//' && r !== 0) return Math.floor(l / r);
    return undefined;
  }
  return constNumber(a.text, n, a.consts);
}

/**
 * torch.nn's functions that build no layer: weight initialisers (`nn.init.xavier_uniform_`), the functional ops
 * (`nn.functional.relu`) and utilities (`nn.utils.clip_grad_norm_`) work on tensors and modules that exist already.
 */
const NOT_A_LAYER = /^(init|functional|utils)\./;

/** A call of `q` builds a torch.nn layer (not one of its initialisers, functional ops or utilities). */
function buildsLayer(q: string): boolean {
  return q.startsWith('torch.nn.') && !NOT_A_LAYER.test(q.slice('torch.nn.'.length));
}

/**
 * A torch.nn layer's trainable parameters from its constant sizes (a narrow layer: 0, counted in `narrow`); undefined
 * for layers this does not count.
 */
function layerParams(a: PyAnalysis, call: PyNode, name: string, env: Env, narrow: Narrow): number | undefined {
  if (FREE.test(name) || NOT_A_LAYER.test(name)) return 0;
  const args = callArgs(a.text, call);
  const arg = (i: number, kw: string) => num(a, args.keywords.get(kw)?.value ?? args.positional[i], env);
  const flag = (i: number, kw: string, dflt: boolean) => {
    const v = args.keywords.get(kw)?.value ?? args.positional[i];
    if (!v) return dflt;
    const t = textOf(a.text, v);
    return t === 'True' ? true : t === 'False' ? false : undefined;
  };
  if (name === 'Embedding' || name === 'EmbeddingBag') return 0; // a lookup: no matrix multiply
  if (name === 'Linear') {
    const i = arg(0, 'in_features');
    const o = arg(1, 'out_features');
    const bias = flag(2, 'bias', true);
    if (bias === undefined) return undefined;
    if (i !== undefined && o !== undefined) return i * o + (bias ? o : 0);
    // one side not stated (`nn.Linear(64, len(tags))`, `nn.Linear(dim, 1)`), the other at most NARROW_WIDTH: narrow
    const known = i ?? o;
    if (known !== undefined && known <= NARROW_WIDTH) {
      narrow.layers++;
      return 0;
    }
    return undefined;
  }
  if (name === 'LSTM' || name === 'GRU' || name === 'RNN') {
    const gates = name === 'LSTM' ? 4 : name === 'GRU' ? 3 : 1;
    const input = arg(0, 'input_size');
    const hidden = arg(1, 'hidden_size');
    const layers = args.keywords.has('num_layers') || args.positional[2] ? arg(2, 'num_layers') : 1;
    const bi = flag(6, 'bidirectional', false);
    if (input === undefined || hidden === undefined || layers === undefined || bi === undefined) return undefined;
    const dirs = bi ? 2 : 1;
    let sum = 0;
    for (let l = 0; l < layers; l++) sum += dirs * gates * hidden * ((l === 0 ? input : hidden * dirs) + hidden + 2);
    return sum;
  }
  return undefined;
}

/**
 * A tiny network: the file's own dense or recurrent model of at most this many trainable parameters. Its matrix
 * multiplies (a few hundred wide) are launch- and memory-bound on a GPU, not tensor-core-bound, so half precision or
 * compilation saves next to nothing on it. A choice set between the labelled corpora's verdicts: the largest such
 * network judged not worth changing was a 1.6M-parameter character LSTM (hidden 512, corpus8 s18); dense and
 * recurrent models judged worth changing were pretrained transformers of 66M parameters and more.
 */
export const TINY_NETWORK_PARAMS = 2_000_000;

/** The file's own network of more than TINY_NETWORK_PARAMS trainable parameters, where its size is known. */
export function largeNetwork(a: PyAnalysis, origin: PyNode): boolean {
  const size = networkSize(a, origin);
  return size !== undefined && size.params > TINY_NETWORK_PARAMS;
}

export function tinyNetwork(a: PyAnalysis, origin: PyNode): boolean {
  const size = networkSize(a, origin);
  if (size !== undefined) return size.params <= TINY_NETWORK_PARAMS;
  // a parameter of a function of this module (`def train(model, ...)`): tiny when every call of the function in the
  // module hands it a tiny network (`train(model, ...)` after `model = BoW(...)`)
  const args = argumentsFor(a, origin);
  if (!args || args.length === 0) return false;
  return args.every((arg) => {
    const r = resolveValue(a, arg);
    if (!r || r.origin === origin || r.origin.type !== 'call') return false;
    const q = networkSize(a, r.origin);
    return q !== undefined && q.params <= TINY_NETWORK_PARAMS;
  });
}

/**
 * The forward `fwd` (`model(x)`, `model.forward(x)`) runs a tiny network: its receiver resolved (`r`) to one, or, where
 * it did not resolve, a parameter of the module-level function around it that every call of the function hands a
 * tiny network (and the function does not rebind).
 */
export function tinyForward(a: PyAnalysis, fwd: PyNode, r: { origin: PyNode; mod?: PyAnalysis } | undefined): boolean {
  if (r) return tinyNetwork(r.mod ?? a, r.origin);
  const param = forwardParam(a, fwd);
  return !!param && tinyNetwork(a, param);
}

/**
 * What the forward `fwd` says of the run's scale: `large`, a network of more than TINY_NETWORK_PARAMS parameters
 * (its receiver resolved to one, `r`, or it is a parameter of the module-level function around it that every call
 * in the module hands one); `library`, a parameter of a module-level function that the module never calls (a
 * training or evaluation helper whose callers elsewhere decide the network and the data); undefined otherwise.
 */
export function forwardScale(a: PyAnalysis, fwd: PyNode, r: { origin: PyNode; mod?: PyAnalysis } | undefined): 'large' | 'library' | undefined {
  if (r && r.origin.type === 'call') return largeNetwork(r.mod ?? a, r.origin) ? 'large' : undefined;
  const param = r?.origin.type === 'identifier' ? r.origin : forwardParam(a, fwd);
  if (!param) return undefined;
  const args = argumentsFor(a, param);
  if (!args) return undefined;
  if (args.length === 0) return 'library';
  return args.every((arg) => {
    const v = resolveValue(a, arg);
    return !!v && v.origin !== param && v.origin.type === 'call' && largeNetwork(a, v.origin);
  })
    ? 'large'
    : undefined;
}

/**
 * The parameter of the function around the forward `fwd` that its receiver names (`model(x)`, `model.forward(x)`
 * in `def fit(model, ...)`), where the function does not rebind it.
 */
function forwardParam(a: PyAnalysis, fwd: PyNode): PyNode | undefined {
  const f = field(fwd, 'function');
  const obj = f?.type === 'attribute' && textOf(a.text, field(f, 'attribute') ?? f) === 'forward' ? field(f, 'object') : f;
  if (obj?.type !== 'identifier') return undefined;
  const name = textOf(a.text, obj);
  const fn = enclosingFunction(fwd);
  const param = fn ? parameterIds(fn).find((id) => id && textOf(a.text, id) === name) : undefined;
  if (!fn || !param) return undefined;
  let rebound = false;
  walk(field(fn, 'body') ?? fn, (n) => {
    if (rebound) return false;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const l = field(n, 'left');
      if (l?.type === 'identifier' && textOf(a.text, l) === name) rebound = true;
    }
    return true;
  });
  return rebound ? undefined : param;
}

/**
 * The arguments every call in this module passes for `param`, a parameter of a module-level function (by keyword or
 * position); undefined when `param` is not such a parameter, or a call passes nothing for it (a default, `*args`).
 */
function argumentsFor(a: PyAnalysis, param: PyNode): PyNode[] | undefined {
  if (param.type !== 'identifier') return undefined;
  const fn = enclosingFunction(param);
  if (fn?.parent?.type !== 'module') return undefined;
  const index = parameterIds(fn).indexOf(param);
  // a parameter of the function itself (not one of a lambda in its body), with no `*args` / `**kwargs` beside it
  if (index < 0 || (field(fn, 'parameters')?.children ?? []).some((c) => c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern')) return undefined;
  const name = textOf(a.text, param);
  const fname = functionName(a.text, fn);
  const out: PyNode[] = [];
  for (const call of a.calls) {
    const f = field(call, 'function');
    if (f?.type !== 'identifier' || textOf(a.text, f) !== fname) continue;
    const args = callArgs(a.text, call);
    const arg = args.keywords.get(name)?.value ?? args.positional[index];
    if (!arg || args.splat) return undefined;
    out.push(arg);
  }
  return out;
}

/** torch.nn modules that hold no weights, and torchaudio's fixed signal transforms (by qualified name). */
const WEIGHTLESS_NN = /^torch\.nn\.(Upsample|UpsamplingNearest2d|UpsamplingBilinear2d|CosineSimilarity|PairwiseDistance|PixelShuffle|PixelUnshuffle|Fold|Unfold|Flatten|Unflatten|Identity|Softmax|LogSoftmax|Sigmoid|Tanh|ReLU|GELU|SiLU|(Max|Avg|AdaptiveAvg|AdaptiveMax)Pool[123]d)$/;
const WEIGHTLESS_AUDIO = /^torchaudio\.transforms\.(Resample|MelSpectrogram|Spectrogram|InverseSpectrogram|MFCC|LFCC|AmplitudeToDB|MelScale|InverseMelScale|GriffinLim|Fade|Vol|ComputeDeltas|SpectralCentroid)$/;

/** A module of these qualified names holds no weights (an elementwise, pooling or signal-processing op). */
export function weightlessModule(q: string | undefined): boolean {
  if (!q) return false;
  return WEIGHTLESS_NN.test(q) || WEIGHTLESS_AUDIO.test(q);
}

/**
 * `call` builds a module of the repository's own (this file's class, or one imported one hop) that holds no weights:
 * an `nn.Module` subclass whose `__init__` takes settings only (every parameter defaults to a number, string or flag),
 * builds only weightless modules (or none: it keeps settings, functions and buffers, `register_buffer`), creates no
 * `nn.Parameter`, loads nothing and builds no other class. A mel-spectrogram
 * or feature wrapper, not a network.
 */
export function weightlessClassCall(a: PyAnalysis, call: PyNode, ws: WorkspaceReader | undefined): boolean {
  if (call.type !== 'call') return false;
  const m = memo(a, 'netsize.weightless', () => new Map<PyNode, boolean>());
  let v = m.get(call);
  if (v === undefined) m.set(call, (v = weightlessClass(a, call, ws)));
  return v;
}

function weightlessClass(a: PyAnalysis, call: PyNode, ws: WorkspaceReader | undefined): boolean {
  const f = field(call, 'function');
  if (f?.type !== 'identifier') return false;
  const found = definitionOf(a, textOf(a.text, f), ws);
  if (found?.def.type !== 'class_definition') return false;
  const m = found.mod;
  const cls = found.def;
  const sup = field(cls, 'superclasses')?.children ?? [];
  if (sup.length !== 1 || !/(^|\.)nn\.Module$|^torch\.nn\.Module$/.test(m.qname.get(sup[0]) ?? textOf(m.text, sup[0]))) return false;
  const init = field(cls, 'body')?.children.find((s) => s.type === 'function_definition' && textOf(m.text, field(s, 'name') ?? s) === '__init__');
  if (!init) return false;
  // settings only: every parameter after `self` defaults to a number, a string or a flag (a module handed in, such as
  // a wrapped backbone, has no such default)
  const params = (field(init, 'parameters')?.children ?? []).slice(1);
  const literal = (v: PyNode | undefined): boolean => !!v && (['integer', 'float', 'string', 'true', 'false'].includes(v.type) || ((v.type === 'tuple' || v.type === 'list') && v.children.every(literal)) || (v.type === 'unary_operator' && literal(v.children[0])));
  if (!params.every((p) => (p.type === 'default_parameter' || p.type === 'typed_default_parameter') && literal(field(p, 'value')))) return false;
  let weights = false;
  walk(field(init, 'body') ?? init, (n) => {
    if (weights) return false;
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
    if (n.type !== 'call') return true;
    const q = m.qname.get(n) ?? '';
    if (q.startsWith('torch.nn.')) {
      if (buildsLayer(q) && !weightlessModule(q)) weights = true;
    } else if (q.startsWith('torchaudio.')) {
      if (!weightlessModule(q)) weights = true;
    } else if (bringsWeights(m, n, q)) weights = true;
    return true;
  });
  return !weights;
}
