// Which library a class used in this file comes from: `AutoModel` imported from transformers is transformers';
// `GPT` defined here (or imported from the repository's own `model.py`) is the project's, unless it subclasses a
// library class and does not define the method itself (`class BertAbs(BertAbsPreTrainedModel)`, whose base
// subclasses `transformers.PreTrainedModel`, loads through transformers' `from_pretrained`). Follows local base
// classes and one import hop into the repository's modules (modules.ts: through the WorkspaceReader, each module
// parsed once), never a name that merely looks alike.
// Second, what a call's callee *is* (issue 9, fix safety): the library API it resolves to through the file's imports
// (`from transformers import AutoModelForCausalLM` → `transformers.AutoModelForCausalLM.from_pretrained`), a
// definition of the project itself (a class of this file, `from model import GPT`, `from .models import Net`), or
// something this file cannot tell (a parameter, a name bound twice, an unknown module). Names resolve in the scope
// Python uses (flow.ts: the enclosing functions, then the module), through plain aliases (`cls = AutoModel`). A
// class of the project that subclasses a library class and does not define the method resolves to the library's
// method, marked `viaSubclass` (its `__init__` may still differ: fixes treat it as not the library's API). A `safe`
// fix needs `kind: 'library'` for the API it was written for (apiSafety).
import { field, perStatement, textOf, type PyNode } from './ast';
import { definitions, memo, type PyAnalysis } from './analysis';
import { qualifiedName } from './imports';
import { importedDefinition } from './modules';
import { scopeOf } from './flow';
import type { WorkspaceReader } from '../../settings';

/** Top-level modules whose classes are "library" classes for this purpose. */
const LIBRARIES = new Set(['transformers', 'diffusers', 'torch', 'peft', 'trl', 'auto_gptq', 'optimum', 'sentence_transformers', 'vllm', 'unsloth', 'lightning', 'pytorch_lightning', 'timm', 'open_clip', 'swift', 'accelerate']);

export interface ClassOrigin {
  /** The qualified name of the library class the method resolves to (`transformers.PreTrainedModel`). */
  libraryClass?: string;
  /** The project defines the method itself (its own `from_pretrained`), or the class has no library base we can see. */
  project?: true;
}

function isLibrary(q: string): boolean {
  return LIBRARIES.has(q.split('.')[0]);
}

function definesMethod(a: PyAnalysis, cls: PyNode, method: string): boolean {
  for (const s of field(cls, 'body')?.children ?? []) {
    const def = s.type === 'decorated_definition' ? s.children.find((c) => c.type === 'function_definition') : s;
    const n = def?.type === 'function_definition' ? field(def, 'name') : undefined;
    if (n && textOf(a.text, n) === method) return true;
  }
  return false;
}

/** The class a bare name stands for in module `a`: defined there, or imported from the repository (one hop). */
function classNamed(a: PyAnalysis, name: string, ws: WorkspaceReader, hops: number): { mod: PyAnalysis; cls: PyNode } | undefined {
  const local = definitions(a).get(name);
  if (local?.type === 'class_definition') return { mod: a, cls: local };
  if (local) return undefined;
  if (hops <= 0) return undefined;
  const imp = importedDefinition(a, name, ws);
  return imp && imp.def.type === 'class_definition' ? { mod: imp.mod, cls: imp.def } : undefined;
}

function originOfClass(mod: PyAnalysis, cls: PyNode, method: string, ws: WorkspaceReader, hops: number, depth: number): ClassOrigin {
  if (definesMethod(mod, cls, method)) return { project: true };
  if (depth < 6) {
    for (const s of field(cls, 'superclasses')?.children ?? []) {
      if (s.type === 'keyword_argument') continue;
      const q = qualifiedName(mod.text, mod.imports, s);
      if (!q) continue;
      if (isLibrary(q)) return { libraryClass: q };
      if (s.type !== 'identifier') continue;
      const base = classNamed(mod, q, ws, hops);
      if (!base) continue;
      const r = originOfClass(base.mod, base.cls, method, ws, base.mod === mod ? hops : hops - 1, depth + 1);
      if (r.libraryClass) return r;
    }
  }
  return { project: true };
}

/**
 * Where `<receiver>.method(...)` resolves for the receiver expression of a call in `a`: a library class (through
 * the import map), a class of this file or of a repository module (its own method, or its library base's).
 * Undefined when the receiver is not a class we can see (a variable holding a class, an unknown module).
 */
export function classOrigin(a: PyAnalysis, ws: WorkspaceReader, receiver: PyNode, method: string): ClassOrigin | undefined {
  const q = qualifiedName(a.text, a.imports, receiver);
  if (!q) return undefined;
  if (isLibrary(q)) return { libraryClass: q };
  if (receiver.type !== 'identifier') return undefined;
  const c = classNamed(a, textOf(a.text, receiver), ws, 1);
  return c ? originOfClass(c.mod, c.cls, method, ws, c.mod === a ? 1 : 0, 0) : undefined;
}

// ---- callee resolution for fix safety ----

/** Top-level modules of the libraries whose APIs rules and fixes are written for. */
export const KNOWN_LIBRARIES: ReadonlySet<string> = new Set([
  'transformers', 'diffusers', 'trl', 'peft', 'accelerate', 'vllm', 'torch', 'torchvision', 'timm', 'lightning',
  'pytorch_lightning', 'sentence_transformers', 'deepspeed', 'optimum', 'unsloth', 'datasets', 'tensorrt_llm',
]);

export type Callee =
  /** The library API `qname` (`transformers.TrainingArguments`, `transformers.AutoModel.from_pretrained`). */
  | { kind: 'library'; library: string; qname: string; viaSubclass?: PyNode }
  /** Defined by the project: a class or function of this file or of one of its modules (`def` when found). */
  | { kind: 'project'; qname: string; def?: PyNode }
  /** Cannot be told from here: a parameter, a computed callee, a module that is neither known nor the project's. */
  | { kind: 'unknown'; qname?: string };

interface ImportBinding {
  /** Module as written, with leading dots for a relative import. */
  module: string;
  /** The imported name (`from m import X`), or undefined for `import m` / `import m as x`. */
  name?: string;
}

/**
 * Every module-level and function-level import binding by local name (relative imports included), the first
 * binding of a name winning: each top-level statement's bindings in order (kept per statement across keystrokes,
 * `perStatement`), folded in statement order.
 */
function importBindings(a: PyAnalysis): Map<string, ImportBinding> {
  return memo(a, 'resolve.imports', () => {
    const out = new Map<string, ImportBinding>();
    const text = a.text;
    for (const st of a.root.children) {
      for (const [local, b] of perStatement(text, st, 'resolve.imports', () => statementBindings(text, st))) if (!out.has(local)) out.set(local, b);
    }
    return out;
  });
}

/** One top-level statement's import bindings, in the order a walk of the module meets them (names may repeat). */
function statementBindings(text: string, top: PyNode): [string, ImportBinding][] {
  const out: [string, ImportBinding][] = [];
  const bindStatement = (st: PyNode) => {
    if (st.type === 'import_statement') {
      for (const c of st.children) {
        if (c.type === 'dotted_name') {
          const m = textOf(text, c);
          out.push([m.split('.')[0], { module: m.split('.')[0] }]);
        } else if (c.type === 'aliased_import') {
          const nm = field(c, 'name');
          const al = field(c, 'alias');
          if (nm && al) out.push([textOf(text, al), { module: textOf(text, nm) }]);
        }
      }
    } else if (st.type === 'import_from_statement') {
      const mod = field(st, 'module_name');
      if (!mod) return;
      const module = textOf(text, mod).replace(/\s+/g, '');
      for (const c of st.children) {
        if (c.field !== 'name') continue;
        if (c.type === 'dotted_name') out.push([textOf(text, c), { module, name: textOf(text, c) }]);
        else if (c.type === 'aliased_import') {
          const nm = field(c, 'name');
          const al = field(c, 'alias');
          if (nm && al) out.push([textOf(text, al), { module, name: textOf(text, nm) }]);
        }
      }
    } else if (st.type !== 'expression_statement' && st.type !== 'assignment') {
      for (const c of st.children) bindStatement(c);
    }
  };
  bindStatement(top);
  return out;
}

/** Whether the workspace holds a top-level module or package of this name (the project's own code). */
function projectModule(a: PyAnalysis, top: string, ws: WorkspaceReader | undefined): boolean {
  const list = ws?.list?.();
  if (!list) return false;
  return memo(a, `resolve.project:${top}`, () =>
    list.some((p) => {
      const parts = p.split('/');
      return parts.some((seg, i) => (seg === `${top}.py` && i === parts.length - 1) || (seg === top && i < parts.length - 1 && p.endsWith('.py')));
    }),
  );
}

/** The attribute chain of a callee: `a.b.c` → root `a`, members `[b, c]`; undefined when it is not a dotted name. */
function chainOf(text: string, n: PyNode | undefined): { root: PyNode; members: string[] } | undefined {
  const members: string[] = [];
  let cur = n;
  while (cur?.type === 'attribute') {
    const at = field(cur, 'attribute');
    if (!at) return undefined;
    members.unshift(textOf(text, at));
    cur = field(cur, 'object');
  }
  return cur?.type === 'identifier' ? { root: cur, members } : undefined;
}

/** What the expression `n` (a dotted name) stands for at its place in the file. */
export function resolveExpression(a: PyAnalysis, n: PyNode | undefined, ws?: WorkspaceReader, depth = 0): Callee {
  const chain = chainOf(a.text, n);
  if (!chain || depth > 4) return { kind: 'unknown' };
  const name = textOf(a.text, chain.root);
  const rest = chain.members;
  // a binding in scope (`cls = AutoModel`) other than the import itself: follow its value; a parameter, a loop
  // variable or a name bound twice is unknown
  const b = bindingAt(a, name, chain.root);
  if (b === 'unknown') return { kind: 'unknown', qname: [name, ...rest].join('.') };
  if (b && b.type !== 'class_definition' && b.type !== 'function_definition' && b.type !== 'decorated_definition') {
    if (b.type === 'identifier' || b.type === 'attribute') return extend(resolveExpression(a, b, ws, depth + 1), rest);
    return { kind: 'unknown', qname: [name, ...rest].join('.') };
  }
  const def = b ? (b.type === 'decorated_definition' ? b.children.find((c) => c.type === 'class_definition' || c.type === 'function_definition') : b) : undefined;
  if (def) return ownDefinition(a, def, name, rest, ws, depth);
  const imp = importBindings(a).get(name);
  if (!imp) return { kind: 'unknown', qname: [name, ...rest].join('.') };
  const qname = [imp.module, ...(imp.name ? [imp.name] : []), ...rest].join('.');
  if (imp.module.startsWith('.')) {
    const found = ws ? importedDefinition(a, name, ws) : undefined;
    return { kind: 'project', qname, def: found?.def };
  }
  const top = imp.module.split('.')[0];
  if (KNOWN_LIBRARIES.has(top)) return { kind: 'library', library: top, qname };
  if (projectModule(a, top, ws)) {
    const found = ws && imp.name ? importedDefinition(a, name, ws) : undefined;
    return { kind: 'project', qname, def: found?.def };
  }
  return { kind: 'unknown', qname };
}

/**
 * The value `name` is bound to at `at` by something other than an import: the assigned expression, the class or
 * function definition node, `'unknown'` (a parameter, a loop or `with` variable, several different bindings), or
 * undefined (only imported, or not bound: a builtin).
 */
function bindingAt(a: PyAnalysis, name: string, at: PyNode): PyNode | 'unknown' | undefined {
  const fns: PyNode[] = [];
  for (let p = at.parent; p; p = p.parent) if (p.type === 'function_definition') fns.push(p);
  for (const fn of [...fns, a.root]) {
    const sc = scopeOf(a, fn);
    if (sc.globals.has(name)) continue;
    if (sc.params.has(name)) return 'unknown';
    const binds = sc.binds.get(name);
    if (!binds) continue;
    const before = binds.filter((x) => x.at.start < at.start || x.at.type === 'class_definition' || x.at.type === 'function_definition' || x.at.type === 'decorated_definition');
    if (before.length === 0) return fn === a.root ? undefined : 'unknown';
    const values = new Set(before.map((x) => (x.value ? x.value : x.at)));
    if (values.size > 1) return 'unknown';
    const only = before[before.length - 1];
    if (only.value) return only.value;
    const t = only.at.type;
    return t === 'class_definition' || t === 'function_definition' || t === 'decorated_definition' ? only.at : 'unknown';
  }
  return undefined;
}

function extend(c: Callee, rest: readonly string[]): Callee {
  if (rest.length === 0 || c.kind === 'unknown' && !c.qname) return c;
  const qname = [c.qname, ...rest].filter(Boolean).join('.');
  if (c.kind === 'library') return { ...c, qname };
  if (c.kind === 'project') return { kind: 'project', qname, def: c.def };
  return { kind: 'unknown', qname };
}

/**
 * A definition of this file: a function is the project's; a class is too, unless the member is a method the class
 * does not define and one of its bases resolves to a library class (then the library's, `viaSubclass`).
 */
function ownDefinition(a: PyAnalysis, def: PyNode, name: string, rest: readonly string[], ws: WorkspaceReader | undefined, depth: number): Callee {
  const qname = [name, ...rest].join('.');
  if (def.type !== 'class_definition' || rest.length !== 1) return { kind: 'project', qname, def };
  const method = rest[0];
  const body = field(def, 'body');
  const defines = body?.children.some((st) => {
    const fn = st.type === 'decorated_definition' ? st.children.find((c) => c.type === 'function_definition') : st;
    return fn?.type === 'function_definition' && textOf(a.text, field(fn, 'name')!) === method;
  });
  if (defines) return { kind: 'project', qname, def };
  for (const base of field(def, 'superclasses')?.children ?? []) {
    if (base.type === 'keyword_argument') continue;
    const b = resolveExpression(a, base, ws, depth + 1);
    if (b.kind === 'library') return { kind: 'library', library: b.library, qname: `${b.qname}.${method}`, viaSubclass: def };
  }
  return { kind: 'project', qname, def };
}

/** What a call's callee resolves to (see the top of the file). */
export function resolveCallee(a: PyAnalysis, call: PyNode, ws?: WorkspaceReader): Callee {
  return resolveExpression(a, field(call, 'function'), ws);
}

/** Whether the call is the library API a fix was written for: resolved through the imports, not via a subclass. */
export function callsLibrary(a: PyAnalysis, call: PyNode, api: RegExp, ws?: WorkspaceReader): boolean {
  const c = resolveCallee(a, call, ws);
  return c.kind === 'library' && !c.viaSubclass && api.test(c.qname);
}

/** The library APIs the Python fixes are written for (qualified names as `resolveCallee` gives them). */
export const APIS = {
  /**
   * TrainingArguments and the TRL configs that have always subclassed it (so take `bf16`, `torch_compile`,
   * `gradient_checkpointing`, `per_device_train_batch_size`, ...). TRL's PPOConfig was a plain dataclass without
   * those fields before TRL 0.12 (trl/trainer/ppo_config.py), so it is not in the list.
   */
  trainingArguments:
    /^(transformers(\.training_args(_seq2seq)?)?\.(Seq2Seq)?TrainingArguments|trl(\.trainer(\.[a-z_]+)?)?\.(SFT|DPO|Reward|ORPO|KTO|CPO|GRPO|GKD|BCO|PRM|OnlineDPO|XPO|NashMD|RLOO)Config)$/,
  /** transformers / diffusers loaders: PreTrainedModel.from_pretrained and DiffusionPipeline / ModelMixin.from_pretrained take torch_dtype. */
  pretrainedLoader: /^(transformers|diffusers)(\.[A-Za-z_][A-Za-z0-9_]*)+\.from_pretrained$/,
  pipeline: /^transformers(\.pipelines)?\.pipeline$/,
  lightningTrainer: /^(lightning(\.pytorch)?|pytorch_lightning)(\.trainer(\.trainer)?)?\.Trainer$|^lightning(\.fabric)?\.Fabric$/,
  accelerator: /^accelerate(\.accelerator)?\.Accelerator$/,
  vllmLLM: /^vllm(\.entrypoints\.llm)?\.LLM$/,
  dataLoader: /^torch\.utils\.data(\.dataloader)?\.DataLoader$/,
} as const;

/**
 * The safety a fix to `call` may claim: `safe` only when the callee resolves to the library API `api` (not via a
 * subclass); otherwise `unsafe`, with a note for the fix title saying what to check.
 */
export function apiSafety(a: PyAnalysis, call: PyNode, api: RegExp, ws?: WorkspaceReader): { safety: 'safe' | 'unsafe'; note?: string } {
  const c = resolveCallee(a, call, ws);
  if (c.kind === 'library' && !c.viaSubclass && api.test(c.qname)) return { safety: 'safe' };
  const name = textOf(a.text, field(call, 'function')!);
  const why =
    c.kind === 'library' && c.viaSubclass
      ? `\`${name}\` is a subclass defined in this project`
      : c.kind === 'project'
        ? `\`${name}\` is defined in this project`
        : c.kind === 'library'
          ? `\`${c.qname}\` is not the API this fix was written for`
          : `\`${name}\` could not be resolved to a library`;
  return { safety: 'unsafe', note: `${why}: check that it takes this argument` };
}
