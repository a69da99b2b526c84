// Model loads (`X.from_pretrained(...)`, `pipeline(...)`) seen the way an ML engineer reads them: which library's
// loader it is (resolved through imports, local classes and one hop into the repository, never a name that looks
// alike), whether it loads weights at all (not a tokenizer, config, processor, retriever), what the loaded object is
// used for (a forward or `generate` is inference; a Trainer or an optimizer over its parameters is training; only
// `state_dict()` / `save_pretrained()` is a conversion), whether it reaches a GPU (its own device arguments or a
// move of the object it returned — not a "cuda" somewhere else in the file), and whether it sits in a branch that
// can never run.
import { libraryOfModule } from '../../data/library-defaults';
import type { WorkspaceReader } from '../../settings';
import { callArgs, enclosingFunction, field, functionName, identifiersNamed, perStatement, statementOf, textOf, walk, type PyNode } from './ast';
import { classify, definitions, keyOf, keysHolding, memo, statementCalls, type PyAnalysis } from './analysis';
import { constNumber, DYNAMIC, evalConst } from './consts';
import { calleeLast } from './imports';
import { indirectGpu } from './precision';
import { classOrigin } from './resolve';
import { enclosingLoops } from './loops';

export interface LoadTarget {
  /** The qualified name the defaults table is asked about (the library class's own `from_pretrained`). */
  tableName: string;
  /** PyPI name of the library that loads the weights. */
  library: string;
  /** The class holds weights (not a tokenizer, config, processor, retriever, corpus). */
  weights: boolean;
}

const NOT_WEIGHTS = /(Tokenizer|TokenizerFast|Processor|Config|FeatureExtractor|Extractor|Retriever|Corpus|Scheduler|Sampler)$/;
const TRANSFORMERS_WEIGHTS = /Model|For[A-Z]|LMHead|Encoder|Decoder/;

/** What a `from_pretrained` / `pipeline` call loads and through which library; undefined when it cannot be known. */
export function loadTarget(a: PyAnalysis, ws: WorkspaceReader, call: PyNode): LoadTarget | undefined {
  const q = a.qname.get(call) ?? '';
  if (q === 'transformers.pipeline' || q === 'transformers.pipelines.pipeline') return { tableName: 'transformers.pipeline', library: 'transformers', weights: true };
  if (!q.endsWith('.from_pretrained')) return undefined;
  const cls = q.slice(0, -'.from_pretrained'.length);
  const f = field(call, 'function');
  const receiver = f?.type === 'attribute' ? field(f, 'object') : undefined;
  const origin = receiver ? classOrigin(a, ws, receiver, 'from_pretrained') : undefined;
  if (!origin?.libraryClass) return undefined;
  const base = origin.libraryClass;
  const top = base.split('.')[0];
  // the class as written when it is the library's own; else the library base the project's class derives from
  const name = (base === cls ? cls : base).split('.').pop() ?? '';
  let weights = !NOT_WEIGHTS.test(name);
  if (top === 'transformers') weights = weights && TRANSFORMERS_WEIGHTS.test(name);
  return { tableName: `${base}.from_pretrained`, library: libraryOfModule(base), weights };
}

/**
 * `inference`: run here (a forward, `generate`, `encode`); `passed`: handed on (an argument, a return value) to code
 * that runs it; `weights-only`: its weights are read, written or synced (a conversion); `trained`: a trainer, an
 * optimizer or `.train()` takes it.
 */
export type LoadUse = 'trained' | 'inference' | 'passed' | 'weights-only' | 'unused';

/** Helpers that take a model for its weights, not to run it (`update_model_params(model)`, `resize_embeddings(...)`). */
const WEIGHT_HELPERS = /weight|param|state_dict|checkpoint|save|export|convert|resize|merge|quantiz|sync|broadcast|copy|load_into|push/i;

/** Methods that return the object itself: the use goes on at the call. */
const CHAIN = new Set(['to', 'cuda', 'cpu', 'eval', 'half', 'float', 'bfloat16', 'requires_grad_', 'double', 'compile']);
/** Methods that only read or write the weights (a conversion, an export). */
const WEIGHTS_ONLY = new Set(['state_dict', 'save_pretrained', 'push_to_hub', 'resize_token_embeddings', 'load_state_dict', 'tie_weights', 'get_input_embeddings', 'get_output_embeddings', 'num_parameters', 'named_parameters', 'parameters', 'named_modules', 'modules', 'children', 'named_buffers', 'save', 'merge_and_unload']);
const TRAINING = new Set(['train', 'gradient_checkpointing_enable', 'enable_input_require_grads', 'fit']);
const INFERENCE = new Set(['generate', 'forward', 'encode', 'predict', 'sample', 'chat', 'stream_chat', 'embed', 'encode_image', 'encode_text', 'get_text_features', 'get_image_features', 'score', 'decode']);
/** Calls that look at an object without using it. */
const INSPECT = new Set(['print', 'len', 'type', 'isinstance', 'hasattr', 'getattr', 'setattr', 'id', 'str', 'repr', 'deepcopy', 'summary', 'count_parameters', 'del']);

/** Identifier / attribute occurrences of every variable key that holds a classified value, by key. */
function occurrences(a: PyAnalysis): Map<string, PyNode[]> {
  return memo(a, 'loads.occurrences', () => {
    const out = new Map<string, PyNode[]>();
    // every key-like occurrence of each top-level statement (kept across keystrokes for the statements an edit did
    // not touch: `perStatement`), in pre-order, filtered by the keys this file classifies: the filtered share of a
    // statement is kept too, with the set of keys it was filtered by (re-filtered when that set changes)
    const wanted = wantedKeys(a);
    for (const stmt of a.root.children) {
      const kept = perStatement(a.text, stmt, 'loads.occurrences', () => ({ keys: '', part: [] as [string, PyNode][] }));
      if (kept.keys !== wanted.id) {
        kept.keys = wanted.id;
        kept.part = perStatement(a.text, stmt, 'loads.keyed', () => keyedNodes(a.text, stmt)).filter(([k]) => wanted.set.has(k));
      }
      for (const [k, n] of kept.part) {
        const l = out.get(k);
        if (l) l.push(n);
        else out.set(k, [n]);
      }
    }
    return out;
  });
}

/**
 * The keys `occurrences` keeps (those with an origin or an assigned value), and a string that names the set (its
 * keys in the maps' order: the same set in another order only costs a re-filter).
 */
function wantedKeys(a: PyAnalysis): { set: Set<string>; id: string } {
  const set = new Set<string>(a.values.keys());
  for (const k of a.origins.keys()) set.add(k);
  let id = [...set].join('\n');
  // the same id as one of the last few is that string object, so each statement's check of it (above) compares
  // one pointer, not the whole text
  const same = recentIds.find((r) => r === id);
  if (same !== undefined) id = same;
  else {
    recentIds.unshift(id);
    if (recentIds.length > 8) recentIds.pop();
  }
  return { set, id };
}

const recentIds: string[] = [];

/** A statement's identifiers and attributes that have a variable key (`keyOf`), with it, in pre-order, not inside strings. */
function keyedNodes(text: string, stmt: PyNode): [string, PyNode][] {
  const out: [string, PyNode][] = [];
  walk(stmt, (n) => {
    if (n.type === 'string') return false;
    if (n.type === 'identifier' || n.type === 'attribute') {
      const k = keyOf(text, n);
      if (k) out.push([k, n]);
    }
    return true;
  });
  return out;
}

/** What one occurrence of the loaded object (or the call itself) is used for. */
function useAt(a: PyAnalysis, e: PyNode, depth = 0): LoadUse {
  const p = e.parent;
  if (!p || depth > 8) return 'unused';
  if (p.type === 'parenthesized_expression') return useAt(a, p, depth + 1);
  if (p.type === 'attribute' && field(p, 'object') === e) {
    const call = p.parent?.type === 'call' && field(p.parent, 'function') === p ? p.parent : undefined;
    const m = textOf(a.text, field(p, 'attribute') ?? p);
    // a bound inference method handed on to be called (`Thread(target=model.generate, kwargs=...)`, the streaming
    // pattern of chat demos; `executor.submit(model.generate, ...)`)
    if (!call && INFERENCE.has(m) && (p.parent?.type === 'argument_list' || (p.parent?.type === 'keyword_argument' && field(p.parent, 'value') === p))) return 'inference';
    if (!call) return 'unused'; // `model.config`, `model.device`
    if (CHAIN.has(m)) return useAt(a, call, depth + 1);
    if (m === 'parameters' || m === 'named_parameters') return insideOptimizer(a, call) ? 'trained' : 'weights-only';
    if (WEIGHTS_ONLY.has(m)) return 'weights-only';
    if (TRAINING.has(m)) return 'trained';
    if (m === 'generate' && smokeGenerate(a, call)) return 'weights-only';
    if (INFERENCE.has(m)) return 'inference';
    return 'unused';
  }
  if (p.type === 'call' && field(p, 'function') === e) return 'inference';
  const argOf = p.type === 'argument_list' ? p.parent : p.type === 'keyword_argument' && field(p, 'value') === e ? p.parent?.parent : undefined;
  if (argOf?.type === 'call') {
    const last = calleeLast(a.text, argOf) ?? '';
    const q = a.qname.get(argOf) ?? '';
    if (/Trainer$/.test(last) || last === 'get_peft_model' || last === 'prepare_model_for_kbit_training' || last === 'initialize') return 'trained';
    if (last === 'prepare' || last === 'prepare_model') return callArgs(a.text, argOf).positional.some((x) => classify(a, x, 0)?.kind === 'optimizer') ? 'trained' : 'inference';
    if (q === 'torch.compile') return useAt(a, argOf, depth + 1);
    if (INSPECT.has(last)) return 'unused';
    if (WEIGHT_HELPERS.test(last)) return 'weights-only';
    if (q === 'transformers.pipeline' || q === 'transformers.pipelines.pipeline') return 'inference';
    // a helper of this file: what it does with the parameter
    const inHelper = depth < 4 ? useInLocalFunction(a, argOf, p.type === 'keyword_argument' ? p : e, depth) : undefined;
    return inHelper ?? 'passed';
  }
  if (p.type === 'return_statement' || p.type === 'yield') return 'passed';
  if (p.type === 'assignment' || p.type === 'expression_statement') return 'unused';
  return 'unused';
}

/**
 * `generate` of at most 4 new tokens from a prompt written in the code (`tok("Hello", ...)`): a check that the
 * weights load and run, not inference worth a dtype.
 */
function smokeGenerate(a: PyAnalysis, call: PyNode): boolean {
  const args = callArgs(a.text, call);
  const n = args.keywords.get('max_new_tokens');
  const v = n ? constNumber(a.text, n.value, a.consts) : undefined;
  if (v === undefined || v > 4) return false;
  let literalPrompt = false;
  walk(field(call, 'arguments') ?? call, (x) => {
    if (literalPrompt) return false;
    if (x.type === 'call') {
      const first = callArgs(a.text, x).positional[0];
      if (first?.type === 'string' || first?.type === 'list' && first.children.some((c) => c.type === 'string')) literalPrompt = true;
    }
    return true;
  });
  return literalPrompt;
}

/** The use a local function makes of the parameter that `arg` (a positional argument or a keyword) fills. */
function useInLocalFunction(a: PyAnalysis, call: PyNode, arg: PyNode, depth: number): LoadUse | undefined {
  const f = field(call, 'function');
  if (f?.type !== 'identifier') return undefined;
  const fn = definitions(a).get(textOf(a.text, f));
  if (fn?.type !== 'function_definition') return undefined;
  const params = (field(fn, 'parameters')?.children ?? []).map((p) => (p.type === 'identifier' ? p : field(p, 'name'))).filter((x): x is PyNode => !!x).map((x) => textOf(a.text, x));
  let name: string | undefined;
  if (arg.type === 'keyword_argument') name = textOf(a.text, field(arg, 'name') ?? arg);
  else {
    const list = field(call, 'arguments');
    const i = list ? list.children.filter((c) => c.type !== 'keyword_argument').indexOf(arg) : -1;
    name = i >= 0 ? params[i] : undefined;
  }
  if (!name || !params.includes(name)) return undefined;
  const uses: LoadUse[] = [];
  walk(field(fn, 'body') ?? fn, (n) => {
    if (n.type === 'function_definition' || n.type === 'string') return false;
    if (n.type === 'identifier' && textOf(a.text, n) === name && !(n.parent?.type === 'keyword_argument' && field(n.parent, 'name') === n)) uses.push(useAt(a, n, depth + 1));
    return true;
  });
  if (uses.includes('trained')) return 'trained';
  if (uses.includes('inference')) return 'inference';
  if (uses.includes('passed')) return 'passed';
  if (uses.includes('weights-only')) return 'weights-only';
  return undefined;
}

function insideOptimizer(a: PyAnalysis, n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'call') {
      const k = classify(a, p, 0);
      if (k?.kind === 'optimizer' || /optim|Adam|SGD|Lion|Adafactor/.test(a.qname.get(p) ?? '')) return true;
    }
    if (p.type === 'function_definition' || p.type === 'module') return false;
  }
  return false;
}

/**
 * The loads assigned to `key` by top-level statements of the module, in source order, when there are two or more
 * and no other assignment of the key (else undefined): one after the other, never alternatives (`if` / `else`).
 */
function reloads(a: PyAnalysis, key: string): PyNode[] | undefined {
  return memo(a, `loads.reloads.${key}`, () => {
    const values = (a.values.get(key) ?? []).map((v) => unchain(a, v));
    const loads = values.filter((v) => v.type === 'call' && classify(a, v, 0)?.origin === v && statementOf(v).parent?.type === 'module');
    return loads.length >= 2 && loads.length === values.length ? loads : undefined;
  });
}

/** The keys that are assigned `call` (possibly `.to()`-chained) among other loads: see resultSites. */
function keysLoaded(a: PyAnalysis, call: PyNode): string[] {
  return keysAssigned(a, call).filter((k) => reloads(a, k)?.includes(call));
}

/**
 * Whether an occurrence of the variable runs between `from` and `until` (source offsets of two loads): at module
 * level by its place; inside a function by the places of that function's calls in the file (all of them when
 * the file never calls it).
 */
function runsBetween(a: PyAnalysis, o: PyNode, from: number, until: number): boolean {
  const fn = enclosingFunction(o);
  if (!fn) return o.start >= from && o.start < until;
  const calls = callsOf(a, fn);
  return calls.length === 0 || calls.some((c) => c.start >= from && c.start < until);
}

/** The calls of a function of this file by its name (`f(...)`, `self.f(...)`); once per function (shared, not to be changed). */
function callsOf(a: PyAnalysis, fn: PyNode): PyNode[] {
  return memo(a, `loads.callsOf.${fn.start}:${fn.end}`, () => callsByName(a).get(functionName(a.text, fn)) ?? []);
}

/** Every call of the file by the name it calls (`f(...)`, `x.f(...)`: `f`; any other callee: ''), in source order; once per file. */
function callsByName(a: PyAnalysis): Map<string, PyNode[]> {
  return memo(a, 'loads.callsByName', () => {
    const out = new Map<string, PyNode[]>();
    // (`a.calls` is its top-level statements' calls in order; each statement's names are kept with it across
    // keystrokes, `perStatement`, so a keystroke reads the edited statement's callees only)
    for (const stmt of a.root.children) {
      const { names, calls } = perStatement(a.text, stmt, 'loads.callNames', () => statementCallNames(a.text, statementCalls(a, stmt)));
      for (let i = 0; i < calls.length; i++) {
        const l = out.get(names[i]);
        if (l) l.push(calls[i]);
        else out.set(names[i], [calls[i]]);
      }
    }
    return out;
  });
}

/** The calls of one top-level statement that have a callee, and the name each calls (see `callsByName`). */
function statementCallNames(text: string, stmtCalls: readonly PyNode[]): { names: string[]; calls: PyNode[] } {
  const names: string[] = [];
  const calls: PyNode[] = [];
  for (const c of stmtCalls) {
    const f = field(c, 'function');
    if (!f) continue;
    names.push(f.type === 'identifier' ? textOf(text, f) : f.type === 'attribute' ? textOf(text, field(f, 'attribute') ?? f) : '');
    calls.push(c);
  }
  return { names, calls };
}

/**
 * The load is replaced by a later load of the same variable, and what runs before that is a few one-off calls:
 * at most three uses, none in a loop (at the use, in the function that uses it, or around that function's calls).
 * Such a load serves a demo prompt or a smoke check; the load that replaces it does the real work.
 */
export function replacedAfterFewUses(a: PyAnalysis, call: PyNode): boolean {
  const keys = keysLoaded(a, call);
  if (keys.length === 0) return false;
  const occ = occurrences(a);
  let runs = 0;
  for (const k of keys) {
    const loads = reloads(a, k)!;
    const until = loads[loads.indexOf(call) + 1]?.start;
    if (until === undefined) return false;
    for (const o of occ.get(k) ?? []) {
      if (o.start >= call.start && o.start < call.end) continue;
      if (!runsBetween(a, o, call.start, until)) continue;
      const p = o.parent;
      if (p?.type === 'assignment' && field(p, 'left') === o) continue; // the assignment itself
      if (enclosingLoops(o).length > 0) return false;
      const fn = enclosingFunction(o);
      if (!fn) {
        runs++;
        continue;
      }
      const calls = callsOf(a, fn).filter((c) => c.start >= call.start && c.start < until);
      if (calls.length === 0 || calls.some((c) => enclosingLoops(c).length > 0 || enclosingFunction(c))) return false;
      runs += calls.length;
    }
  }
  return runs <= 3;
}

/**
 * How many times one run of the file runs the load by hand, when that is a few (at most three): every occurrence of
 * the variables holding it is a call of it (`model(x)`, `model.generate(**inputs)`, `pipe(text)`) or a method that
 * returns it (`.to()`, `.eval()`) kept in the same variable; none in a loop (at the use, or around the calls of the
 * function that uses it, a function every one of whose uses is a plain call at module level); none handed on (an
 * argument, a return value, an attribute of another object: the code it reaches may loop); each run's items as
 * `itemsOfRun` reads them (undefined when the code does not show them). Undefined otherwise. The usage facts give it to the engine as `requestsPerRun` where their own reading
 * of the calls says nothing (a `**inputs` call, a helper called once), so the saving floor prices a notebook's one
 * image or one prompt like any other one-off run.
 */
export function oneOffRuns(a: PyAnalysis, call: PyNode, itemsOfRun: (run: PyNode) => number | undefined): number | undefined {
  const keys = keysHolding(a, call);
  if (keys.length === 0 || keys.some((k) => k.includes('.'))) return undefined;
  const occ = occurrences(a);
  let runs = 0;
  for (const k of keys) {
    for (const o of occ.get(k) ?? []) {
      if (o.start >= call.start && o.end <= call.end) continue;
      const p = o.parent;
      if (!p) return undefined;
      if (p.type === 'assignment' && field(p, 'left') === o) continue; // the assignment itself
      let run: PyNode | undefined;
      if (p.type === 'call' && field(p, 'function') === o) run = p;
      else if (p.type === 'attribute' && field(p, 'object') === o && p.parent?.type === 'call' && field(p.parent, 'function') === p) {
        const m = textOf(a.text, field(p, 'attribute') ?? p);
        if (CHAIN.has(m)) {
          // `model.to(device)` as a statement, or `model = model.eval()`: still this variable
          const up = p.parent.parent;
          if (up?.type === 'expression_statement') continue;
          if (up?.type === 'assignment' && field(up, 'right') === p.parent && textOf(a.text, field(up, 'left') ?? up) === k) continue;
          return undefined;
        }
        run = p.parent;
      }
      if (!run) return undefined;
      if (enclosingLoops(run).length > 0) return undefined;
      // the items each run is handed, as the code shows them (a `**inputs` dict of one tokenized input is one)
      const items = itemsOfRun(run);
      if (items === undefined) return undefined;
      const fn = enclosingFunction(run);
      if (!fn) {
        runs += items;
        continue;
      }
      const calls = plainCallsOnly(a, fn);
      if (!calls) return undefined;
      runs += items * calls.length;
    }
  }
  return runs >= 1 && runs <= 3 ? runs : undefined;
}

/**
 * The calls of a function of this file when each one is a plain call at module level outside any loop and the
 * function's name appears nowhere else (not handed to a UI, a server or a map as a callback); else undefined.
 */
function plainCallsOnly(a: PyAnalysis, fn: PyNode): PyNode[] | undefined {
  const calls = callsOf(a, fn);
  if (calls.length === 0 || calls.some((c) => enclosingLoops(c).length > 0 || enclosingFunction(c) || field(c, 'function')?.type !== 'identifier')) return undefined;
  const name = functionName(a.text, fn);
  const seen = identifiersNamed(a.text, a.root, name).length;
  // the definition's name and one per call
  return seen === calls.length + 1 ? calls : undefined;
}

/** The variable keys that hold what `call` created. */
export function keysOf(a: PyAnalysis, call: PyNode): string[] {
  return keysHolding(a, call).slice();
}

/** Keys assigned exactly the value `v`, or `v` with `.to()` / `.eval()` chained (results of a local helper). */
function keysAssigned(a: PyAnalysis, v: PyNode): string[] {
  return assignedKeys(a).get(v) ?? [];
}

/** Every assigned value (unchained) → the keys assigned it, in the order of `a.values`: once per file. */
function assignedKeys(a: PyAnalysis): Map<PyNode, string[]> {
  return memo(a, 'loads.assignedKeys', () => {
    const out = new Map<PyNode, string[]>();
    for (const [k, vals] of a.values) {
      for (const x of vals) {
        const u = unchain(a, x);
        const l = out.get(u);
        if (!l) out.set(u, [k]);
        else if (l[l.length - 1] !== k) l.push(k);
      }
    }
    return out;
  });
}

/** `f(...).to("cuda").eval()` → the `f(...)` call. */
function unchain(a: PyAnalysis, n: PyNode): PyNode {
  let cur = n;
  for (let i = 0; i < 8 && cur.type === 'call'; i++) {
    const f = field(cur, 'function');
    const obj = f?.type === 'attribute' ? field(f, 'object') : undefined;
    const m = f?.type === 'attribute' ? field(f, 'attribute') : undefined;
    if (!obj || !m || !CHAIN.has(textOf(a.text, m))) break;
    cur = obj;
  }
  return cur;
}

/**
 * Every node that stands for what `call` created: the call, the variables that hold it, and — when a helper of
 * this file returns it (`def load(): return X.from_pretrained(...)`) — the helper's call sites and their variables.
 */
export function resultSites(a: PyAnalysis, call: PyNode): PyNode[] {
  return memo(a, `loads.sites.${call.start}:${call.end}`, () => {
    const occ = occurrences(a);
    const sites: PyNode[] = [call];
    for (const k of keysOf(a, call)) if (!reloads(a, k)) sites.push(...(occ.get(k) ?? []));
    // a variable loaded more than once (`model = A.from_pretrained(...)`, later `model = B.from_pretrained(...)`):
    // each load owns the uses that run before the next one replaces it
    for (const k of keysLoaded(a, call)) {
      const loads = reloads(a, k)!;
      const i = loads.indexOf(call);
      const until = loads[i + 1]?.start ?? Infinity;
      for (const o of occ.get(k) ?? []) if (runsBetween(a, o, call.start, until)) sites.push(o);
    }
    for (const s of [...sites]) {
      if (s.parent?.type !== 'return_statement') continue;
      const fn = enclosingFunction(s);
      if (!fn) continue;
      const name = functionName(a.text, fn);
      for (const c of callsByLocalName(a).get(name) ?? []) {
        sites.push(c);
        for (const k of keysAssigned(a, c)) sites.push(...(occ.get(k) ?? []));
      }
    }
    return sites;
  });
}

/**
 * Every call of the file by the name it calls a local function or method by (`f(...)`: `f`; `self.f(...)`,
 * `cls.f(...)`: `f`; any other callee: ''), in source order: once per file (resultSites read every call per return).
 */
function callsByLocalName(a: PyAnalysis): Map<string, PyNode[]> {
  // callsByName's lists, keeping the plain calls and those on `self` / `cls` (another receiver names another object)
  return memo(a, 'loads.callsByLocalName', () => {
    const out = new Map<string, PyNode[]>();
    for (const [k, calls] of callsByName(a)) {
      const local = calls.filter((c) => {
        const f = field(c, 'function')!;
        return f.type === 'identifier' || /^(self|cls)\./.test(textOf(a.text, f));
      });
      if (local.length) out.set(k, local);
    }
    return out;
  });
}

/** What the object `call` loads is used for in this file (training wins over inference, inference over a conversion). */
export function loadUse(a: PyAnalysis, call: PyNode): LoadUse {
  const uses: LoadUse[] = [];
  for (const n of resultSites(a, call)) uses.push(useAt(a, n));
  if (uses.includes('trained')) return 'trained';
  if (uses.includes('inference')) return 'inference';
  if (uses.includes('passed')) return 'passed';
  if (uses.includes('weights-only')) return 'weights-only';
  return 'unused';
}

/**
 * Whether the loaded object runs on a GPU: its own `device` / `device_map` argument, or a `.cuda()` / `.to(...)` /
 * `accelerator.prepare(...)` of the object (a device variable counts when the file chooses a GPU somewhere, directly
 * or through `torch.accelerator` / a `device` argument). A "cuda" elsewhere in the file does not move this model.
 */
export function loadOnGpu(a: PyAnalysis, call: PyNode): boolean {
  const text = a.text;
  const gpuish = () => a.gpu || (!a.cpuOnly && indirectGpu(a));
  const args = callArgs(text, call);
  for (const name of ['device', 'device_map']) {
    const kw = args.keywords.get(name);
    if (!kw) continue;
    const v = evalConst(text, kw.value, a.consts);
    if (v === 'cpu' || v === -1 || v === null) return false;
    // a parameter of the function around the load whose default is the CPU (`device=torch.device("cpu")`) and
    // that no call in this file passes: the default places it
    if (v === DYNAMIC && cpuDefaultParameter(a, kw.value)) return false;
    if (v === DYNAMIC) return gpuish();
    if (typeof v === 'string' || typeof v === 'number') return true;
  }
  for (const t of resultSites(a, call)) {
    const r = moveAt(a, t, gpuish, 0);
    if (r !== undefined) return r;
  }
  return false;
}

/**
 * `n` names a parameter of the function around it whose default is the CPU (`"cpu"`, `torch.device("cpu")`), the
 * function does not rebind it, and no call of the function in this file (by its name, or its class's for an
 * `__init__`) passes any argument beyond the receiver: whoever runs it gets the CPU.
 */
function cpuDefaultParameter(a: PyAnalysis, n: PyNode): boolean {
  if (n.type !== 'identifier') return false;
  const fn = enclosingFunction(n);
  const params = fn ? field(fn, 'parameters') : undefined;
  if (!fn || !params) return false;
  const name = textOf(a.text, n);
  const p = params.children.find((c) => (c.type === 'default_parameter' || c.type === 'typed_default_parameter') && textOf(a.text, field(c, 'name') ?? c) === name);
  const d = p ? field(p, 'value') : undefined;
  if (!d) return false;
  const dv = d.type === 'call' && /(^|\.)device$/.test(textOf(a.text, field(d, 'function') ?? d)) ? evalConst(a.text, callArgs(a.text, d).positional[0], a.consts) : evalConst(a.text, d, a.consts);
  if (dv !== 'cpu') return false;
  // the name the function is called by: its own, or its class's for a constructor
  const fname = functionName(a.text, fn);
  const cls = fname === '__init__' && fn.parent?.parent?.type === 'class_definition' ? fn.parent.parent : undefined;
  const callee = cls ? textOf(a.text, field(cls, 'name') ?? cls) : fname;
  return !a.calls.some((c) => {
    const f = field(c, 'function');
    const last = f?.type === 'identifier' ? textOf(a.text, f) : f?.type === 'attribute' ? textOf(a.text, field(f, 'attribute') ?? f) : undefined;
    if (last !== callee) return false;
    const args = callArgs(a.text, c);
    return args.positional.length > 0 || args.keywords.size > 0 || args.splat;
  });
}

function moveAt(a: PyAnalysis, e: PyNode, gpuish: () => boolean, depth: number): boolean | undefined {
  const p = e.parent;
  if (!p || depth > 8) return undefined;
  if (p.type === 'parenthesized_expression') return moveAt(a, p, gpuish, depth + 1);
  if (p.type === 'attribute' && field(p, 'object') === e && p.parent?.type === 'call' && field(p.parent, 'function') === p) {
    const call = p.parent;
    const m = textOf(a.text, field(p, 'attribute') ?? p);
    if (m === 'cuda') return true;
    if (m === 'cpu') return false;
    if (m === 'to') {
      const args = callArgs(a.text, call);
      const dev = args.keywords.get('device')?.value ?? args.positional[0];
      if (dev) {
        const v = evalConst(a.text, dev, a.consts);
        if (typeof v === 'string') {
          if (/^(cuda|gpu|mps|xpu|npu)/.test(v)) return true;
          if (v === 'cpu') return false;
          // a dtype string (`.to("bfloat16")`): not a move
        } else if (typeof v === 'number') return true;
        else if (v === DYNAMIC) {
          const t = textOf(a.text, dev);
          if (!/dtype|torch\.(b?float|half|int)/.test(t)) return /accelerator/.test(t) || gpuish();
        }
      }
    }
    if (CHAIN.has(m)) return moveAt(a, call, gpuish, depth + 1);
    return undefined;
  }
  const argOf = p.type === 'argument_list' ? p.parent : undefined;
  if (argOf?.type === 'call') {
    const last = calleeLast(a.text, argOf) ?? '';
    if (last === 'prepare' || last === 'prepare_model' || last === 'DataParallel' || last === 'DistributedDataParallel') return true;
  }
  return undefined;
}

/** The node sits in a branch whose condition is a module constant that rules it out (`if use_mingpt:` … `else:`). */
export function inDeadBranch(a: PyAnalysis, n: PyNode): boolean {
  for (let child = n, p = n.parent; p; child = p, p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const cond = field(p, 'condition');
    const v = cond ? evalConst(a.text, cond, a.consts) : DYNAMIC;
    if (v === DYNAMIC) continue;
    const truthy = !!v;
    const inConsequence = field(p, 'consequence') === child;
    if (inConsequence && !truthy) return true;
    if (!inConsequence && child !== cond && (child.type === 'else_clause' || child.type === 'elif_clause') && truthy) return true;
  }
  return false;
}
