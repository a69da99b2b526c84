// Scoped dataflow over one Python module: what a name holds *where it is used*. `analysis.ts` keeps one
// file-wide map from a variable's text to its kind (a `tokenizer` loaded with `from_pretrained` in one function
// makes every `tokenizer` in the file a model); this resolves a name through the scopes Python itself uses:
// the enclosing functions' parameters and assignments (innermost first, `global` honoured), then the module's;
// `self.x` through the assignments of the enclosing class (and its base classes of this file). Values are
// followed through `.to()` / `.eval()` chains, `torch.compile` / DDP / `accelerator.prepare` wrappers and the
// `return` statements of functions of this file (a DataLoader or model built by a helper; `model, tok = load()`
// takes the returned tuple's elements) and, when a rule hands over its workspace (`useWorkspace`), of functions and
// torch module classes imported from the repository's other modules (one import away; modules.ts).
// Parameters resolve by their annotation (`model: nn.Module`, `loader: DataLoader`) or, for tokenizers and
// processors, their name; a parameter without either is unknown.
import { callArgs, field, perStatement, textOf, walk, type PyNode } from './ast';
import { classify, definitions, memo, type PyAnalysis, type ValueKind } from './analysis';
import { neverRuns } from './dead';
import { qualifiedName } from './imports';
import { importedDefinition } from './modules';
import type { WorkspaceReader } from '../../settings';

export interface Resolved {
  kind: ValueKind;
  /** The call that created the value (a DataLoader(...) call, a from_pretrained(...)), or the parameter node. */
  origin: PyNode;
  /** The module `origin` belongs to when it is another module of the repository (one import away). */
  mod?: PyAnalysis;
}

const workspaces = new WeakMap<PyAnalysis, WorkspaceReader>();

/**
 * Lets this module's resolution follow `from <repo module> import f` one hop through the workspace (rules call it
 * with their context's reader; without it, names imported from the repository stay unknown).
 */
export function useWorkspace(a: PyAnalysis, ws: WorkspaceReader): PyAnalysis {
  if (!workspaces.has(a)) workspaces.set(a, ws);
  return a;
}

/** The workspace a rule handed over for this module, if any. */
export function workspaceOf(a: PyAnalysis): WorkspaceReader | undefined {
  return workspaces.get(a);
}

interface Binding {
  /** The assigned value (undefined: augmented, bound by a loop or `with`). */
  value?: PyNode;
  /** `a, b = f()`: the position this name takes in the tuple `value` returns. */
  index?: number;
  at: PyNode;
}

interface Scope {
  params: Map<string, PyNode>;
  binds: Map<string, Binding[]>;
  globals: Set<string>;
  /** Methods called on a bare name in this scope (`model.eval()` → model: eval). */
  methods: Map<string, Set<string>>;
}

const SKIP = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition']);
const CHAIN = new Set(['to', 'cuda', 'eval', 'train', 'half', 'float', 'bfloat16', 'requires_grad_', 'cpu', 'double', 'share_memory']);
/** Wrappers that return (a wrapped form of) their first argument. */
const WRAPPERS = new Set([
  'torch.compile', 'torch.nn.DataParallel', 'torch.nn.parallel.DataParallel', 'torch.nn.parallel.DistributedDataParallel',
  'torch.nn.parallel.DistributedDataParallel', 'torch.distributed.fsdp.FullyShardedDataParallel', 'peft.get_peft_model',
  'peft.PeftModel.from_pretrained',
]);
/** Methods a torch module has and a tokenizer / pipeline / loader does not. */
const MODULE_METHODS = new Set(['eval', 'parameters', 'named_parameters', 'load_state_dict', 'state_dict', 'named_modules', 'zero_grad']);

const scopes = new WeakMap<PyNode, Scope>();

function namesIn(text: string, n: PyNode, out: string[]): void {
  walk(n, (m) => {
    if (m.type === 'identifier') out.push(textOf(text, m));
    if (m.type === 'attribute' || m.type === 'subscript') return false;
    return true;
  });
}

/** The bindings a function body (or the module, `node` = root) makes, not counting nested functions and classes. */
export function scopeOf(a: PyAnalysis, node: PyNode): Scope {
  let s = scopes.get(node);
  if (s) return s;
  const text = a.text;
  s = { params: new Map(), binds: new Map(), globals: new Set(), methods: new Map() };
  if (node.type === 'function_definition') {
    const params = field(node, 'parameters');
    for (const p of params?.children ?? []) {
      const id = p.type === 'identifier' ? p : p.children.find((c) => c.type === 'identifier');
      if (id) s.params.set(textOf(text, id), p);
    }
    const body = field(node, 'body');
    if (body) scopeInto(text, body, body, s);
  } else if (!node.parent && node.type === 'module') {
    // the module (whose own node binds nothing): each top-level statement's bindings (kept across keystrokes for
    // the statements an edit did not touch, `perStatement`: they read the statement's own subtree and text),
    // folded in order into fresh maps
    const owned = new Set<Binding[]>();
    const ownedSets = new Set<Set<string>>();
    for (const stmt of node.children) {
      const part = perStatement(text, stmt, 'flow.scope', () => {
        const ps: Scope = { params: new Map(), binds: new Map(), globals: new Set(), methods: new Map() };
        scopeInto(text, stmt, node, ps);
        return ps;
      });
      // (a name only one statement binds, or calls methods on, shares that statement's list or set; a second
      // statement's share makes it a copy of its own: nothing changes a scope once it is built)
      for (const [name, bs] of part.binds) {
        const l = s.binds.get(name);
        if (!l) s.binds.set(name, bs);
        else if (owned.has(l)) for (const b of bs) l.push(b);
        else {
          const copy = l.concat(bs);
          owned.add(copy);
          s.binds.set(name, copy);
        }
      }
      for (const g of part.globals) s.globals.add(g);
      for (const [k, ms] of part.methods) {
        const set = s.methods.get(k);
        if (!set) s.methods.set(k, ms);
        else if (ownedSets.has(set)) for (const m of ms) set.add(m);
        else {
          const copy = new Set(set);
          for (const m of ms) copy.add(m);
          ownedSets.add(copy);
          s.methods.set(k, copy);
        }
      }
    }
  } else scopeInto(text, node, node, s);
  scopes.set(node, s);
  return s;
}

/**
 * Adds to `sc` the bindings of the walk from `start` of the scope whose body is `body` (`start` is the body, or one
 * top-level statement of a module body).
 */
function scopeInto(text: string, start: PyNode, body: PyNode, sc: Scope): void {
  const bind = (name: string, b: Binding) => {
    const l = sc.binds.get(name);
    if (l) l.push(b);
    else sc.binds.set(name, [b]);
  };
  const bindTarget = (left: PyNode, value: PyNode | undefined, at: PyNode, index?: number) => {
    if (left.type === 'identifier') bind(textOf(text, left), index === undefined ? { value, at } : { value, at, index });
    else if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'tuple' || left.type === 'list_pattern' || left.type === 'list') {
      const parts = left.children;
      const vals = value && (value.type === 'tuple' || value.type === 'expression_list') && value.children.length === parts.length ? value.children : undefined;
      // `model, tok = load(...)`: each name is one element of what the call returns
      const unpacked = !vals && value?.type === 'call' && parts.every((p) => p.type === 'identifier');
      parts.forEach((p, i) => (unpacked ? bindTarget(p, value, at, i) : bindTarget(p, vals?.[i], at)));
    } else if (left.type === 'list_splat_pattern') {
      const names: string[] = [];
      namesIn(text, left, names);
      for (const nm of names) bind(nm, { at });
    }
  };
  walk(start, (n) => {
    if (n !== body && SKIP.has(n.type)) {
      // a nested def / class binds its own name here
      const def = n.type === 'decorated_definition' ? n.children.find((c) => c.type === 'function_definition' || c.type === 'class_definition') : n;
      const nm = def ? field(def, 'name') : undefined;
      if (nm && n.type !== 'lambda') bind(textOf(text, nm), { at: n });
      return false;
    }
    switch (n.type) {
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of n.children) if (c.type === 'identifier') sc.globals.add(textOf(text, c));
        return false;
      case 'assignment': {
        const left = field(n, 'left');
        if (left) bindTarget(left, field(n, 'right'), n);
        return true;
      }
      case 'augmented_assignment': {
        const left = field(n, 'left');
        if (left?.type === 'identifier') bind(textOf(text, left), { at: n });
        return true;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = field(n, 'left');
        if (left) bindTarget(left, undefined, n);
        return true;
      }
      case 'as_pattern_target': {
        const names: string[] = [];
        namesIn(text, n, names);
        for (const nm of names) bind(nm, { at: n });
        return false;
      }
      case 'named_expression': {
        const nm = field(n, 'name');
        if (nm) bind(textOf(text, nm), { value: field(n, 'value'), at: n });
        return true;
      }
      case 'call': {
        const f = field(n, 'function');
        const o = f?.type === 'attribute' ? field(f, 'object') : undefined;
        const m = f?.type === 'attribute' ? field(f, 'attribute') : undefined;
        if (o?.type === 'identifier' && m) {
          const k = textOf(text, o);
          const set = sc.methods.get(k) ?? new Set<string>();
          set.add(textOf(text, m));
          sc.methods.set(k, set);
        }
        return true;
      }
    }
    return true;
  });
}

function enclosingScopes(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') out.push(p);
  return out;
}

/** The class a node is in (through its methods), if any. */
export function enclosingClass(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return undefined;
}

/** What a bare name holds at `at`. */
export function kindOfName(a: PyAnalysis, name: string, at: PyNode, depth = 0): Resolved | undefined {
  if (depth > 6) return undefined;
  // the enclosing functions, innermost first (`enclosingScopes`, without its array)
  for (let fn = at.parent; fn; fn = fn.parent) {
    if (fn.type !== 'function_definition') continue;
    const s = scopeOf(a, fn);
    if (s.globals.has(name)) break;
    if (s.params.has(name)) {
      const p = s.params.get(name)!;
      // a parameter reassigned in the body (`model = model.to(device)`) keeps its parameter's kind unless the
      // assignment says otherwise
      const fromBinds = s.binds.has(name) ? fromBindings(a, s, name, at, depth) : undefined;
      return fromBinds ?? paramKind(a, name, p, s);
    }
    if (s.binds.has(name)) return fromBindings(a, s, name, at, depth) ?? fromMethods(s, name, at);
  }
  const m = scopeOf(a, a.root);
  if (m.binds.has(name)) return fromBindings(a, m, name, at, depth) ?? fromMethods(m, name, at);
  return undefined;
}

function fromBindings(a: PyAnalysis, s: Scope, name: string, at: PyNode, depth: number): Resolved | undefined {
  const bs = s.binds.get(name);
  if (!bs) return undefined;
  // the last binding before the use wins (notebooks reassign names); otherwise any (loops, later cells): the
  // bindings before the use from the last back, then those at or after it in order (two passes, no arrays)
  // (a binding in a branch the file switches off never happens: dead.ts)
  const from = (b: Binding): Resolved | undefined => (!b.value || b.value.start <= at.start && b.value.end >= at.end || neverRuns(a, b.at.start) ? undefined : resolveValue(a, b.value, depth + 1, b.index));
  for (let i = bs.length - 1; i >= 0; i--) {
    if (bs[i].at.start >= at.start) continue;
    const r = from(bs[i]);
    if (r) return r;
  }
  for (let i = 0; i < bs.length; i++) {
    if (bs[i].at.start < at.start) continue;
    const r = from(bs[i]);
    if (r) return r;
  }
  return undefined;
}

function fromMethods(s: Scope, name: string, at: PyNode): Resolved | undefined {
  const ms = s.methods.get(name);
  if (ms && [...ms].some((m) => MODULE_METHODS.has(m))) return { kind: 'model', origin: at };
  return undefined;
}

const TOKENIZER_NAME = /(^|_)(tok|tokenizer|tokeniser|processor|image_processor|feature_extractor|preprocessor|config|tokenizer_class|config_class|processor_class)$/i;

function paramKind(a: PyAnalysis, name: string, p: PyNode, s: Scope): Resolved | undefined {
  const ty = field(p, 'type');
  if (ty) {
    const t = ty.children[0] ?? ty;
    const q = qualifiedName(a.text, a.imports, t) ?? textOf(a.text, t);
    const last = q.slice(q.lastIndexOf('.') + 1);
    if (/Tokeni[sz]er|Processor|FeatureExtractor|Config$/.test(last)) return { kind: 'tokenizer', origin: p };
    if (last === 'DataLoader') return { kind: 'dataloader', origin: p };
    if (last === 'Module' || last === 'PreTrainedModel' || /^(Auto)?Model(For\w+)?$/.test(last) || a.moduleClasses.has(last)) return { kind: 'model', origin: p };
    if (last === 'Optimizer') return { kind: 'optimizer', origin: p };
  }
  if (TOKENIZER_NAME.test(name)) return { kind: 'tokenizer', origin: p };
  const ms = s.methods.get(name);
  if (ms && [...ms].some((m) => MODULE_METHODS.has(m))) return { kind: 'model', origin: p };
  return undefined;
}

/** What `self.<attr>` holds inside class `cls` (or a base class of it defined in this file). */
export function kindOfSelfAttr(a: PyAnalysis, cls: PyNode, attr: string, depth = 0): Resolved | undefined {
  if (depth > 6) return undefined;
  const table = memo(a, `selfattrs:${cls.start}`, () => selfAssignments(a, cls));
  for (const v of table.get(attr) ?? []) {
    const r = resolveValue(a, v, depth + 1);
    if (r) return r;
  }
  const sup = field(cls, 'superclasses');
  for (const s of sup?.children ?? []) {
    const base = definitions(a).get(textOf(a.text, s));
    if (base?.type === 'class_definition' && base !== cls) {
      const r = kindOfSelfAttr(a, base, attr, depth + 1);
      if (r) return r;
    }
  }
  if (table.has(attr)) return undefined;
  return undefined;
}

function selfAssignments(a: PyAnalysis, cls: PyNode): Map<string, PyNode[]> {
  const out = new Map<string, PyNode[]>();
  const text = a.text;
  const body = field(cls, 'body');
  if (!body) return out;
  walk(body, (n) => {
    if (n.type === 'class_definition') return false;
    if (n.type === 'assignment') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.type === 'attribute' && right && textOf(text, field(left, 'object') ?? left) === 'self') {
        const at = textOf(text, field(left, 'attribute')!);
        const l = out.get(at) ?? [];
        l.push(right);
        out.set(at, l);
      }
    }
    return true;
  });
  return out;
}

/** What an expression evaluates to, scoped (names resolved where they are used). */
export function resolveValue(a: PyAnalysis, n: PyNode | undefined, depth = 0, index?: number): Resolved | undefined {
  if (!n || depth > 8) return undefined;
  const text = a.text;
  // an element of a tuple some call returns: only a helper's `return a, b` can say which
  if (index !== undefined) return n.type === 'call' ? helperReturn(a, n, depth, index) : undefined;
  switch (n.type) {
    case 'identifier':
      return kindOfName(a, textOf(text, n), n, depth + 1);
    case 'attribute': {
      const o = field(n, 'object');
      const at = field(n, 'attribute');
      if (o?.type === 'identifier' && textOf(text, o) === 'self' && at) {
        const cls = enclosingClass(n);
        return cls ? kindOfSelfAttr(a, cls, textOf(text, at), depth + 1) : undefined;
      }
      return classify(a, n, 0);
    }
    case 'parenthesized_expression':
      return resolveValue(a, n.children[0], depth + 1);
    case 'await':
      return resolveValue(a, n.children[0], depth + 1);
    case 'conditional_expression':
      // `x if cond else y`: what either branch makes
      return resolveValue(a, n.children[0], depth + 1) ?? resolveValue(a, n.children[2], depth + 1);
    case 'call':
      break;
    default:
      return undefined;
  }
  const f = field(n, 'function');
  const q = a.qname.get(n);
  if (f?.type === 'attribute') {
    const last = textOf(text, field(f, 'attribute') ?? f);
    if (CHAIN.has(last)) {
      const inner = resolveValue(a, field(f, 'object'), depth + 1);
      if (inner) return inner;
    }
    // accelerator.prepare(model) / fabric.setup(model): one argument comes back as it went in
    if ((last === 'prepare' || last === 'setup' || last === 'prepare_model' || last === 'setup_dataloaders') && callArgs(text, n).positional.length === 1) {
      const inner = resolveValue(a, callArgs(text, n).positional[0], depth + 1);
      if (inner) return inner;
    }
  }
  if (q && WRAPPERS.has(q)) {
    const inner = resolveValue(a, callArgs(text, n).positional[0] ?? callArgs(text, n).keywords.get('model')?.value, depth + 1);
    if (inner) return inner.kind === 'model' ? { kind: 'model', origin: inner.origin } : inner;
    if (q !== 'torch.compile') return { kind: 'model', origin: n };
  }
  const direct = classify(a, n, 0);
  if (direct) return direct;
  return helperReturn(a, n, depth);
}

/**
 * What a call to a helper returns: a function of this file, or (one hop, when the rule gave the workspace) a
 * function or torch module class imported from another module of the repository.
 */
function helperReturn(a: PyAnalysis, n: PyNode, depth: number, index?: number): Resolved | undefined {
  const f = field(n, 'function');
  if (f?.type !== 'identifier') return undefined;
  const name = textOf(a.text, f);
  const def = definitions(a).get(name);
  if (def?.type === 'function_definition') return returnedKind(a, def, depth + 1, index);
  if (def) return undefined;
  const ws = workspaces.get(a);
  const imp = ws ? importedDefinition(a, name, ws) : undefined;
  if (!imp) return undefined;
  if (imp.def.type === 'class_definition') return index === undefined && isModelClass(imp.mod, imp.def) ? { kind: 'model', origin: n } : undefined;
  const r = returnedKind(imp.mod, imp.def, depth + 2, index);
  return r ? { ...r, mod: r.mod ?? imp.mod } : undefined;
}

/** The kind a function of this file returns (the first `return` whose value resolves; `index`: of a returned tuple). */
export function returnedKind(a: PyAnalysis, fn: PyNode, depth = 0, index?: number): Resolved | undefined {
  if (depth > 6) return undefined;
  const body = field(fn, 'body');
  if (!body) return undefined;
  const rets: PyNode[] = [];
  walk(body, (n) => {
    if (n !== body && SKIP.has(n.type)) return false;
    if (n.type === 'return_statement' && n.children[0]) rets.push(n.children[0]);
    return true;
  });
  for (const r of rets) {
    let v: Resolved | undefined;
    if (index === undefined) v = resolveValue(a, r, depth + 1);
    else if ((r.type === 'expression_list' || r.type === 'tuple') && r.children[index]) v = resolveValue(a, r.children[index], depth + 1);
    if (v) return v;
  }
  return undefined;
}

/** The variable-like receiver of a call, resolved where the call is: `model.generate(...)`, `model(...)`. */
export function resolveReceiver(a: PyAnalysis, call: PyNode, methods: ReadonlySet<string>): Resolved | undefined {
  const f = field(call, 'function');
  if (!f) return undefined;
  if (f.type === 'attribute') {
    const m = textOf(a.text, field(f, 'attribute') ?? f);
    if (methods.has(m)) return resolvedOnce(a, field(f, 'object'));
  }
  if (f.type === 'identifier' || f.type === 'attribute') return resolvedOnce(a, f);
  return undefined;
}

/**
 * `resolveValue(a, n)` once per analysis, node and workspace (several rules resolve the same receivers: `model` of
 * `model(x)` for unbatched-inference and no-grad-inference). Shared: not to be changed by its readers.
 */
function resolvedOnce(a: PyAnalysis, n: PyNode | undefined): Resolved | undefined {
  if (!n) return undefined;
  const byWs = memo(a, 'flow.resolvedOnce', () => new Map<WorkspaceReader | undefined, Map<PyNode, Resolved | undefined>>());
  const ws = workspaceOf(a);
  let m = byWs.get(ws);
  if (!m) byWs.set(ws, (m = new Map()));
  if (m.has(n)) return m.get(n);
  const r = resolveValue(a, n);
  m.set(n, r);
  return r;
}

// --------------------------------------------------------------------------------------------------------------
// Model code: code that is part of a model's own computation (its forward, its layers), where loops run over
// layers, stages, branches or decode steps of an already batched tensor.

const FORWARD_NAME = /^_*(forward|forward_\w+|\w+_forward)$/;

function isTorchModuleBase(a: PyAnalysis, s: PyNode, seen: Set<PyNode>): boolean {
  const q = qualifiedName(a.text, a.imports, s) ?? '';
  if (q === 'torch.nn.Module' || q.endsWith('nn.Module') || q.endsWith('LightningModule') || q.endsWith('PreTrainedModel') || a.moduleClasses.has(q)) return true;
  const base = definitions(a).get(q);
  return base?.type === 'class_definition' && !seen.has(base) && isModelClass(a, base, seen);
}

/** A class of this file that is a torch module: an nn.Module subclass, or a class that defines `forward`. */
export function isModelClass(a: PyAnalysis, cls: PyNode, seen = new Set<PyNode>()): boolean {
  seen.add(cls);
  return memo(a, `modelclass:${cls.start}`, () => {
    const sup = field(cls, 'superclasses');
    if (sup?.children.some((s) => isTorchModuleBase(a, s, seen))) return true;
    const body = field(cls, 'body');
    return !!body?.children.some((c) => {
      const d = c.type === 'decorated_definition' ? c.children.find((x) => x.type === 'function_definition') : c;
      return d?.type === 'function_definition' && textOf(a.text, field(d, 'name') ?? d) === 'forward';
    });
  });
}

/** Whether `n` is inside a model's own code: a method of a torch module class, or a `forward*` function. */
export function inModelCode(a: PyAnalysis, n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition' && FORWARD_NAME.test(textOf(a.text, field(p, 'name') ?? p))) return true;
    if (p.type === 'class_definition' && isModelClass(a, p)) return true;
  }
  return false;
}

// --------------------------------------------------------------------------------------------------------------
// Frameworks that run a method with autograd off, or that own the backward of a method's forward.

/** Classes of this file that subclass a trainer (transformers / TRL `Trainer`, or any base named `*Trainer`). */
export function isTrainerClass(a: PyAnalysis, cls: PyNode, seen = new Set<PyNode>()): boolean {
  seen.add(cls);
  const sup = field(cls, 'superclasses');
  for (const s of sup?.children ?? []) {
    if (s.type === 'keyword_argument') continue;
    const q = qualifiedName(a.text, a.imports, s) ?? '';
    const last = q.slice(q.lastIndexOf('.') + 1);
    // a trainer by name, or SpeechBrain's `Brain` (its `fit` runs the training loop and calls the subclass's
    // `compute_forward` / `fit_batch` hooks)
    if (/Trainer$/.test(last) || q === 'speechbrain.Brain' || q === 'speechbrain.core.Brain') return true;
    const base = definitions(a).get(q);
    if (base?.type === 'class_definition' && !seen.has(base) && isTrainerClass(a, base, seen)) return true;
  }
  return false;
}

/**
 * The value a name was last bound to before `at`, in the scope Python resolves it in (the enclosing functions,
 * then the module); undefined for a parameter, an unpacked or loop-bound name, or a name bound more than once
 * with different values in that scope.
 */
export function bindingValue(a: PyAnalysis, name: string, at: PyNode): PyNode | undefined {
  return bindingAt(a, name, at)?.value;
}

/**
 * The last binding of `name` before `at` in the scope that holds it: its value and, for a name unpacked from a call
 * (`train_set, val_set = build(...)`), its position in the tuple the call returns.
 */
export function bindingAt(a: PyAnalysis, name: string, at: PyNode): { value?: PyNode; index?: number } | undefined {
  let s: Scope | undefined;
  for (const fn of enclosingScopes(at)) {
    const sc = scopeOf(a, fn);
    if (sc.globals.has(name)) break;
    if (sc.params.has(name)) return undefined;
    if (sc.binds.has(name)) {
      s = sc;
      break;
    }
  }
  s ??= scopeOf(a, a.root);
  const bs = (s.binds.get(name) ?? []).filter((b) => b.at.start < at.start);
  return bs[bs.length - 1];
}
