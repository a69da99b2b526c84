// Python → ApiUsage for hosted-model clients (openai, anthropic, google-genai / google-generativeai,
// huggingface_hub.InferenceClient, litellm) and in-process model loads (transformers pipeline / from_pretrained,
// diffusers, sentence-transformers, vLLM) for model/reload-in-loop. Owned by the model-API work; it reuses the
// Python helper's tree utilities (extract/python/ast, imports, consts). Cached per document.
import type { NotebookDoc, PythonDoc } from '../../parse/document';
import { callArgs, decoratorsOf, field, nodesOfTypes, perStatement, pythonOf, rootOf, spanOf, textOf, walk, type PyNode } from '../python/ast';
import { collectModuleConsts, constNumber, constString, type ModuleConsts } from '../python/consts';
import { calleeName, collectImports, qualifiedName, type Imports } from '../python/imports';
import type { WorkspaceReader } from '../../settings';
import { callKind, maxTokenNames } from './providers';
import { importPythonModules } from './python-modules';
import type { ApiCall, ApiCallKind, ApiProvider, ApiUsage, LoopInfo, ModelLoad, ReadValue } from './usage';

const none: ReadonlyMap<string, string> = new Map();

const clientCtors: Record<string, ApiProvider> = {
  'openai.OpenAI': 'openai',
  'openai.AsyncOpenAI': 'openai',
  'openai.AzureOpenAI': 'openai',
  'openai.AsyncAzureOpenAI': 'openai',
  'anthropic.Anthropic': 'anthropic',
  'anthropic.AsyncAnthropic': 'anthropic',
  'anthropic.AnthropicBedrock': 'anthropic',
  'anthropic.AnthropicVertex': 'anthropic',
  'anthropic.AsyncAnthropicBedrock': 'anthropic',
  'anthropic.AsyncAnthropicVertex': 'anthropic',
  'google.genai.Client': 'google',
  'huggingface_hub.InferenceClient': 'hf',
  'huggingface_hub.AsyncInferenceClient': 'hf',
};
/** Module-level functions that are API calls. */
const moduleCalls: Record<string, { provider: ApiProvider; kind: ApiCallKind }> = {
  'litellm.completion': { provider: 'litellm', kind: 'chat' },
  'litellm.acompletion': { provider: 'litellm', kind: 'chat' },
  'litellm.embedding': { provider: 'litellm', kind: 'embedding' },
  'litellm.aembedding': { provider: 'litellm', kind: 'embedding' },
  'litellm.batch_completion': { provider: 'litellm', kind: 'batch' },
  // openai-python < 1.0
  'openai.ChatCompletion.create': { provider: 'openai', kind: 'chat' },
  'openai.ChatCompletion.acreate': { provider: 'openai', kind: 'chat' },
  'openai.Embedding.create': { provider: 'openai', kind: 'embedding' },
  'openai.Completion.create': { provider: 'openai', kind: 'completions' },
};
const ITERATORS = new Set(['map', 'imap', 'imap_unordered', 'starmap', 'thread_map', 'process_map']);
const SUBMITTERS = new Set(['submit', 'apply_async', 'run_in_executor', 'create_task', 'ensure_future']);
const HANDLER_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'websocket', 'api_route', 'message', 'event', 'command', 'on_message', 'on', 'tool', 'handler', 'task']);
const CACHE_DECORATORS = new Set(['cache', 'lru_cache', 'cache_resource', 'cached', 'memoize', 'singleton']);

type PyBinding = { t: 'client'; provider: ApiProvider; ctorModel?: PyNode; endpoint?: ApiCall['endpoint'] } | { t: 'google-model'; call: PyNode };

interface RawLoop {
  node: PyNode;
  kind: LoopInfo['kind'];
  vars: string[];
  iterable?: PyNode;
  body: PyNode;
}

interface Where {
  loops: RawLoop[];
  inHandler: boolean;
  fn?: PyNode;
  fnName?: string;
}

class PyApiBuilder {
  readonly text: string;
  readonly root: PyNode;
  readonly imports: Imports;
  readonly consts: ModuleConsts;
  readonly bindings = new Map<string, PyBinding>();
  readonly usage: ApiUsage = { calls: [], loads: [] };
  /** Functions passed as `fn=` (gradio, callbacks): run per user event. */
  readonly callbackNames = new Set<string>();
  private readonly classes = new Map<string, PyNode>();
  private readonly taintCache = new Map<PyNode, Set<string>>();
  /** Constant strings imported from the workspace's own modules (`from prompts import SYSTEM`), read on first use. */
  private readonly importedStrings: () => ReadonlyMap<string, string> = () => none;

  constructor(doc: PythonDoc, workspace?: WorkspaceReader) {
    this.text = doc.text;
    this.root = rootOf(doc);
    this.imports = collectImports(this.text, this.root);
    this.consts = collectModuleConsts(this.text, this.root);
    if (workspace) {
      const imp = importPythonModules(this.text, this.root, doc.path, workspace, clientCtors);
      this.importedStrings = imp.strings;
      for (const [k, p] of imp.clients) this.bindings.set(k, { t: 'client', provider: p });
    }
    for (const n of nodesOfTypes(this.root, 'class_definition', 'keyword_argument')) {
      if (n.type === 'class_definition') {
        const nm = field(n, 'name');
        if (nm) this.classes.set(textOf(this.text, nm), n);
      } else if (['fn', 'callback', 'handler'].includes(this.t(field(n, 'name')))) {
        const v = field(n, 'value');
        if (v?.type === 'identifier') this.callbackNames.add(this.t(v));
      }
    }
    this.collectBindings();
  }

  t(n: PyNode | undefined): string {
    return n ? textOf(this.text, n) : '';
  }

  /** `x` or `self.x` for an expression, else undefined. */
  key(n: PyNode | undefined): string | undefined {
    if (!n) return undefined;
    if (n.type === 'identifier') return this.t(n);
    if (n.type === 'attribute') {
      const o = field(n, 'object');
      if (o?.type === 'identifier' && this.t(o) === 'self') return `self.${this.t(field(n, 'attribute'))}`;
    }
    return undefined;
  }

  private unwrapAwait(n: PyNode | undefined): PyNode | undefined {
    return n?.type === 'await' ? n.children[0] : n;
  }

  private collectBindings(): void {
    for (const n of nodesOfTypes(this.root, 'assignment', 'typed_parameter', 'typed_default_parameter')) {
      if (n.type === 'assignment') {
        const k = this.key(field(n, 'left'));
        const r = this.unwrapAwait(field(n, 'right'));
        if (k && r?.type === 'call') {
          const q = calleeName(this.text, this.imports, r) ?? '';
          const p = clientCtors[q];
          if (p) {
            const ra = callArgs(this.text, r);
            this.bindings.set(k, { t: 'client', provider: p, ctorModel: ra.keywords.get('model')?.value, endpoint: this.endpointOf(ra.keywords.get('base_url')?.value) });
          }
          else if (q === 'google.generativeai.GenerativeModel') this.bindings.set(k, { t: 'google-model', call: r });
        } else if (k && r && this.key(r) && this.bindings.has(this.key(r)!)) this.bindings.set(k, this.bindings.get(this.key(r)!)!);
      } else if (n.type === 'typed_parameter' || n.type === 'typed_default_parameter') {
        const id = n.children.find((c) => c.type === 'identifier' && c.field !== 'type');
        const ty = field(n, 'type');
        const q = ty ? qualifiedName(this.text, this.imports, ty.children[0] ?? ty) : undefined;
        if (id && q && clientCtors[q]) this.bindings.set(this.t(id), { t: 'client', provider: clientCtors[q] });
      }
    }
  }

  /** `base_url=` / `api_base=` of a client or call: the host of a constant URL, loopback, or dynamic. */
  endpointOf(v: PyNode | undefined): ApiCall['endpoint'] {
    if (!v || this.t(v) === 'None') return undefined;
    // a parameter with a constant default (`base_url: str = "https://…"`): the default is where it goes unless a caller says otherwise
    if (v.type === 'identifier') {
      const d = this.paramDefault(v);
      if (d) v = d;
    }
    const url = constString(this.text, v, this.consts);
    if (url === undefined) return { local: false, dynamic: true };
    const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:?#]+|\[[^\]]+\])/i.exec(url.trim());
    const host = m ? m[1].toLowerCase() : undefined;
    if (!host) return { local: false, dynamic: true };
    return { host, local: LOCAL_HOST.test(host), dynamic: false };
  }

  private paramDefault(id: PyNode): PyNode | undefined {
    const name = this.t(id);
    for (let p = id.parent; p; p = p.parent) {
      if (p.type !== 'function_definition') continue;
      for (const c of field(p, 'parameters')?.children ?? []) {
        if ((c.type === 'default_parameter' || c.type === 'typed_default_parameter') && this.t(field(c, 'name')) === name) return field(c, 'value');
      }
      return undefined;
    }
    return undefined;
  }

  /** `openai.api_base = "…"` / `openai.base_url = "…"` at any level of the file (openai-python < 1.0 and module clients). */
  private moduleEndpoint(): ApiCall['endpoint'] {
    let e: ApiCall['endpoint'];
    walk(this.root, (m) => {
      if (m.type === 'assignment') {
        const l = field(m, 'left');
        if (l?.type === 'attribute' && ['api_base', 'base_url'].includes(this.t(field(l, 'attribute'))) && calleeRoot(this.t(field(l, 'object'))) === 'openai' && !this.offByDefault(m, 0)) e ??= this.endpointOf(field(m, 'right'));
      }
      return undefined;
    });
    return e;
  }

  /**
   * `n` runs only behind a switch the file leaves off: inside `if flag:` where `flag` is a module constant `False`
   * (`use_portkey = False  # set to True to log through Portkey`), or in a module-level function that the file
   * calls only there (a notebook's optional proxy set-up). A base URL set there is not the one the requests use.
   */
  private offByDefault(n: PyNode, depth: number): boolean {
    for (let c = n, p = n.parent; p; c = p, p = p.parent) {
      if (p.type === 'if_statement' && c.field === 'consequence') {
        const cond = field(p, 'condition');
        const v = cond?.type === 'identifier' ? this.consts.values.get(this.t(cond)) : undefined;
        if (v?.type === 'false') return true;
      }
      if (p.type === 'function_definition') {
        if (depth > 1 || p.parent?.type !== 'module') return false;
        const name = this.t(field(p, 'name'));
        const calls = nodesOfTypes(this.root, 'call').filter((x) => field(x, 'function')?.type === 'identifier' && this.t(field(x, 'function')) === name);
        return calls.length > 0 && calls.every((x) => this.offByDefault(x, depth + 1));
      }
    }
    return false;
  }

  // --- where a node runs ---------------------------------------------------------------------------

  private funcName(fn: PyNode): string | undefined {
    const nm = this.t(field(fn, 'name'));
    if (nm === '__init__') {
      // the constructor runs where `ClassName(...)` runs
      let p = fn.parent;
      if (p?.type === 'decorated_definition') p = p.parent;
      if (p?.type === 'block' && p.parent?.type === 'class_definition') return this.t(field(p.parent, 'name'));
      return undefined;
    }
    let p = fn.parent;
    if (p?.type === 'decorated_definition') p = p.parent;
    if (p?.type === 'block' && p.parent?.type === 'class_definition') return `self.${nm}`;
    return nm || undefined;
  }

  private decoratorNames(fn: PyNode): string[] {
    return decoratorsOf(fn).map((d) => {
      const target = d.type === 'call' ? field(d, 'function') : d;
      const q = qualifiedName(this.text, this.imports, target) ?? '';
      return q.slice(q.lastIndexOf('.') + 1);
    });
  }

  private isHandler(fn: PyNode): boolean {
    if (this.decoratorNames(fn).some((d) => HANDLER_DECORATORS.has(d))) return true;
    const nm = this.t(field(fn, 'name'));
    if (nm === 'handler' || nm === 'lambda_handler' || this.callbackNames.has(nm)) return true;
    const params = field(fn, 'parameters');
    const first = params?.children.find((c) => c.type === 'identifier' || c.type === 'typed_parameter');
    const fname = first ? this.t(first.type === 'identifier' ? first : first.children[0]) : '';
    return fname === 'request' || fname === 'req';
  }

  isCachedFunction(fn: PyNode): boolean {
    return this.decoratorNames(fn).some((d) => CACHE_DECORATORS.has(d));
  }

  private interactive(iterable: PyNode | undefined): boolean {
    if (!iterable) return false;
    const s = this.t(iterable);
    return /\b(sys\.stdin|input|readline|websocket|ws)\b/.test(s);
  }

  where(n: PyNode): Where {
    const w: Where = { loops: [], inHandler: false };
    let child = n;
    for (let p = n.parent; p; child = p, p = p.parent) {
      if (p.type === 'for_statement' && child === field(p, 'body')) {
        const right = field(p, 'right');
        if (!this.interactive(right)) w.loops.push({ node: p, kind: 'for', vars: this.names(field(p, 'left')), iterable: right, body: field(p, 'body')! });
      } else if (['list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension'].includes(p.type) && child.type !== 'for_in_clause') {
        const clauses = p.children.filter((c) => c.type === 'for_in_clause');
        if (clauses.length > 0 && !clauses.some((c) => child.start >= c.start && child.end <= c.end)) {
          const vars = clauses.flatMap((c) => this.names(field(c, 'left')));
          w.loops.push({ node: p, kind: 'comprehension', vars, iterable: field(clauses[0], 'right'), body: p });
        }
      } else if (p.type === 'lambda') {
        const call = p.parent?.type === 'argument_list' ? p.parent.parent : undefined;
        const last = call ? this.calleeLast(call) : undefined;
        if (call && last && ITERATORS.has(last)) {
          const params = field(p, 'parameters');
          const args = callArgs(this.text, call).positional;
          w.loops.push({ node: call, kind: 'map', vars: this.names(params), iterable: args[1], body: p });
        }
      } else if (p.type === 'function_definition') {
        w.fn = p;
        w.fnName = this.funcName(p);
        w.inHandler = this.isHandler(p);
        return w;
      } else if (p.type === 'class_definition') return w;
    }
    return w;
  }

  calleeLast(call: PyNode): string | undefined {
    const f = field(call, 'function');
    if (f?.type === 'identifier') return this.t(f);
    if (f?.type === 'attribute') return this.t(field(f, 'attribute'));
    return undefined;
  }

  names(n: PyNode | undefined): string[] {
    const out: string[] = [];
    if (n) walk(n, (m) => {
      if (m.type === 'identifier' && m.field !== 'attribute' && m.field !== 'type') out.push(this.t(m));
      if (m.type === 'attribute') {
        const k = this.key(m);
        if (k) out.push(k);
        return false;
      }
      return undefined;
    });
    return out;
  }

  reads(n: PyNode | undefined, names: ReadonlySet<string>): boolean {
    if (!n || names.size === 0) return false;
    let hit = false;
    walk(n, (m) => {
      if (hit) return false;
      if (m.type === 'identifier' && m.field !== 'attribute' && !(m.field === 'name' && m.parent?.type === 'keyword_argument') && names.has(this.t(m))) hit = true;
      if (m.type === 'attribute') {
        const k = this.key(m);
        if (k && names.has(k)) hit = true;
      }
      return undefined;
    });
    return hit;
  }

  private taint(vars: string[], body: PyNode): Set<string> {
    const cached = this.taintCache.get(body);
    if (cached) return cached;
    const t = new Set(vars.filter((v) => v !== '_'));
    const flows: [string[], PyNode][] = [];
    walk(body, (m) => {
      if (m.type === 'assignment' || m.type === 'augmented_assignment') {
        const r = field(m, 'right');
        if (r) flows.push([this.names(field(m, 'left')), r]);
      } else if (m.type === 'call' && ['append', 'extend', 'insert'].includes(this.calleeLast(m) ?? '')) {
        const f = field(m, 'function');
        const k = this.key(f ? field(f, 'object') : undefined);
        const a = field(m, 'arguments');
        if (k && a) flows.push([[k], a]);
      } else if (m.type === 'for_statement' || m.type === 'with_statement') {
        // `for y in f(x)` / `with open(x) as y` bind y from x
        const r = field(m, 'right') ?? m.children.find((c) => c.type === 'with_clause');
        if (r) flows.push([this.names(field(m, 'left') ?? r), r]);
      }
      return undefined;
    });
    for (let i = 0; i < 3; i++) for (const [names, v] of flows) if (this.reads(v, t)) names.forEach((x) => t.add(x));
    this.taintCache.set(body, t);
    return t;
  }

  loopInfo(w: Where, args: PyNode | undefined, modelValue?: PyNode): LoopInfo | undefined {
    for (const raw of w.loops) {
      const t = this.taint(raw.vars, raw.body);
      if (!this.reads(args, t)) continue;
      // batches: the loop variable or iterable says so, or a chunking helper makes them (a lone "chunk" is a passage)
      let overBatches = raw.vars.some((s) => /batch|shard|bucket/i.test(s)) || /batch/i.test(raw.iterable ? this.t(raw.iterable) : '');
      const it = raw.iterable;
      if (it?.type === 'call') {
        const last = this.calleeLast(it) ?? '';
        if (/batch|chunk/i.test(last)) overBatches = true;
        if (last === 'range' && callArgs(this.text, it).positional.length >= 3) overBatches = true;
      }
      const info: LoopInfo = { kind: raw.kind, span: { start: raw.node.start, end: raw.body.start }, itemDependent: true, overBatches, overModels: this.reads(modelValue, t), literalSmall: this.literalSmall(raw) };
      if (this.concurrentLoop(raw.node)) info.concurrent = true;
      // the requests the loop sends: its items times those of every loop around it (`for pair in
      // combinations(prompts, 2): for case in test_cases:`), unknown when any of them is
      let items = this.itemCount(raw.iterable, raw.node);
      for (const outer of w.loops) {
        if (items === undefined) break;
        if (outer === raw || outer.node.start > raw.node.start || outer.node.end < raw.node.end) continue;
        const n = this.itemCount(outer.iterable, outer.node);
        items = n === undefined ? undefined : items * n;
      }
      if (items !== undefined) info.items = items;
      const fn = enclosingFunction(raw.node);
      if (fn) {
        const ps = this.names(field(fn, 'parameters')).filter((p) => QUERY_PARAM.test(p));
        if (ps.length > 0 && !this.reads(raw.iterable, new Set(ps)) && this.reads(args, this.taint(ps, fn))) info.perQuery = true;
        if (this.splitsOneInput(raw.iterable, fn)) info.oneDocument = true;
      }
      return info;
    }
    const raw = w.loops[0];
    return raw ? { kind: raw.kind, span: { start: raw.node.start, end: raw.body.start }, itemDependent: false, overBatches: false, overModels: false, literalSmall: this.literalSmall(raw) } : undefined;
  }

  private readonly moduleValues = new Map<string, PyNode[] | null>();

  /**
   * The values a name is bound to at module level (every binding a plain `name = value` statement at top level),
   * or null when it is bound otherwise too (in a branch, a loop, by unpacking) or grows (`name.append(...)`,
   * `name += ...`, `name[...] = ...` is fine: it replaces an item).
   */
  private moduleBindings(name: string): PyNode[] | null {
    const hit = this.moduleValues.get(name);
    if (hit !== undefined) return hit;
    let vals: PyNode[] | null = [];
    for (const st of this.root.children) {
      const a = st.type === 'expression_statement' ? st.children[0] : undefined;
      if (a?.type === 'assignment' && field(a, 'left')?.type === 'identifier' && this.t(field(a, 'left')) === name) {
        const r = field(a, 'right');
        if (r) vals.push(r);
      }
    }
    walk(this.root, (m) => {
      if (vals === null) return false;
      if (m.type === 'augmented_assignment' && this.t(field(m, 'left')) === name) vals = null;
      else if (m.type === 'call' && ['append', 'extend', 'insert', 'update', 'add'].includes(this.calleeLast(m) ?? '')) {
        const f = field(m, 'function');
        if (f?.type === 'attribute' && this.t(field(f, 'object')) === name) vals = null;
      } else if ((m.type === 'for_statement' || m.type === 'assignment') && !enclosingFunction(m) && this.names(field(m, 'left')).includes(name)) {
        // bound at module scope other than by a plain top-level `name = value` (a loop target, a block, unpacking)
        const plain = m.type === 'assignment' && m.parent?.type === 'expression_statement' && m.parent.parent === this.root && field(m, 'left')?.type === 'identifier';
        if (!plain) vals = null;
      }
      return undefined;
    });
    if (vals !== null && vals.length === 0) vals = null;
    this.moduleValues.set(name, vals);
    return vals;
  }

  /**
   * The most items an iterable holds, as far as the code shows: a literal list / tuple / set, `xs[:N]` (and
   * `xs[a:b]`), `range(...)` with constant bounds, `enumerate` / `tqdm` / `list` / `sorted` / `zip` of one, a
   * module-level name every binding of which is one (a notebook reassigns `questions = [...]` from cell to cell),
   * or a parameter of the loop's function that every call of it in the file passes one of these for.
   */
  itemCount(n: PyNode | undefined, at: PyNode, depth = 0): number | undefined {
    if (!n || depth > 4) return undefined;
    const num = (x: PyNode | undefined) => constNumber(this.text, x, this.consts);
    switch (n.type) {
      case 'parenthesized_expression':
        return this.itemCount(n.children[0], at, depth + 1);
      case 'list':
      case 'tuple':
      case 'set': {
        const items = n.children.filter((c) => c.type !== 'comment');
        return items.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat') ? undefined : items.length;
      }
      case 'subscript': {
        const sl = n.children.find((c) => c.type === 'slice');
        if (!sl) return undefined;
        const m = /^\s*([^:]*):([^:]+)$/.exec(this.t(sl));
        if (!m) return undefined;
        const parts = sl.children.filter((c) => c.type !== 'comment');
        const lo = m[1].trim() ? num(parts[0]) : 0;
        const hi = num(parts[parts.length - 1]);
        if (lo === undefined || hi === undefined || hi < 0 || lo < 0) return undefined;
        const inner = this.itemCount(field(n, 'value'), at, depth + 1);
        return Math.max(0, Math.min(hi, inner ?? Infinity) - lo);
      }
      case 'call': {
        const last = this.calleeLast(n) ?? '';
        const a = callArgs(this.text, n).positional;
        if (last === 'range') {
          const v = a.map(num);
          if (v.length === 0 || v.some((x) => x === undefined)) return undefined;
          const [lo, hi, step] = v.length === 1 ? [0, v[0]!, 1] : [v[0]!, v[1]!, v[2] ?? 1];
          return step > 0 ? Math.max(0, Math.ceil((hi - lo) / step)) : undefined;
        }
        if (last === 'zip') {
          const counts = a.map((x) => this.itemCount(x, at, depth + 1)).filter((x): x is number => x !== undefined);
          return counts.length ? Math.min(...counts) : undefined;
        }
        if (ITEM_WRAPPERS.has(last)) return this.itemCount(a[0], at, depth + 1);
        return undefined;
      }
      case 'attribute':
        return this.filledCount(n, depth);
      case 'identifier': {
        const name = this.t(n);
        const fn = enclosingFunction(at);
        const idx = fn ? this.paramIndex(fn, name) : undefined;
        if (fn && idx !== undefined) return this.argCount(fn, name, idx, depth);
        if (fn && this.assignedIn(fn, name)) return undefined;
        const vals = this.moduleBindings(name);
        if (!vals) return undefined;
        let most = 0;
        for (const v of vals) {
          const c = this.itemCount(v, v, depth + 1);
          if (c === undefined) return undefined;
          most = Math.max(most, c);
        }
        return most;
      }
      default:
        return undefined;
    }
  }

  /**
   * `self.docs` of a class that starts it empty (`self.docs = []`) and fills it only with `self.docs.append(x)` in
   * methods the file calls a known number of times, none in a loop (`idx.add_document(...)` three times): that many.
   */
  private filledCount(n: PyNode, depth: number): number | undefined {
    const k = this.key(n);
    if (!k?.startsWith('self.') || depth > 3) return undefined;
    let total = 0;
    let ok = true;
    walk(this.root, (m) => {
      if (!ok) return false;
      if ((m.type === 'assignment' || m.type === 'augmented_assignment') && this.key(field(m, 'left')) === k) {
        const r = field(m, 'right');
        if (m.type === 'augmented_assignment' || r?.type !== 'list' || r.children.some((c) => c.type !== 'comment')) ok = false;
      } else if (m.type === 'call') {
        const f = field(m, 'function');
        if (f?.type !== 'attribute' || this.key(field(f, 'object')) !== k) return undefined;
        const last = this.t(field(f, 'attribute'));
        if (last !== 'append') {
          if (['extend', 'insert', '__setitem__'].includes(last)) ok = false;
          return undefined;
        }
        const w = this.where(m);
        if (w.loops.length > 0 || !w.fnName?.startsWith('self.')) {
          ok = false;
          return undefined;
        }
        const key = `.${w.fnName.slice(5)}`;
        const { calls, refs } = this.sites();
        const sites = calls.get(key) ?? [];
        if ((refs.get(key) ?? 0) > 0 || sites.length === 0 || sites.some((x) => this.where(x).loops.length > 0 || this.where(x).inHandler)) ok = false;
        else total += sites.length;
      }
      return undefined;
    });
    return ok && total > 0 ? total : undefined;
  }

  /** Position of a parameter among the positional ones (`self` not counted in methods), or undefined. */
  private paramIndex(fn: PyNode, name: string): number | undefined {
    const ps = (field(fn, 'parameters')?.children ?? []).filter((c) => ['identifier', 'typed_parameter', 'default_parameter', 'typed_default_parameter'].includes(c.type));
    const nm = (c: PyNode) => this.t(c.type === 'identifier' ? c : (field(c, 'name') ?? c.children.find((x) => x.type === 'identifier')));
    const names = ps.map(nm);
    const method = this.funcName(fn)?.startsWith('self.') ?? false;
    const i = names.indexOf(name);
    if (i < 0) return undefined;
    return method ? i - 1 : i;
  }

  private assignedIn(fn: PyNode, name: string): boolean {
    let hit = false;
    walk(fn, (m) => {
      if (hit) return false;
      if ((m.type === 'assignment' || m.type === 'for_statement') && this.names(field(m, 'left')).includes(name)) hit = true;
      return undefined;
    });
    return hit;
  }

  /** The most items every call of `fn` in this file passes for its parameter `name` (position `idx`), else undefined. */
  private argCount(fn: PyNode, name: string, idx: number, depth: number): number | undefined {
    const fname = this.funcName(fn);
    if (!fname || idx < 0) return undefined;
    const { calls, refs } = this.sites();
    const key = fname.startsWith('self.') ? `.${fname.slice(5)}` : fname;
    if ((refs.get(key) ?? 0) > 0) return undefined;
    const sites = calls.get(key) ?? [];
    if (sites.length === 0) return undefined;
    let most = 0;
    for (const s of sites) {
      const a = callArgs(this.text, s);
      const v = a.keywords.get(name)?.value ?? a.positional[idx];
      const c = v ? this.itemCount(v, s, depth + 1) : undefined;
      if (c === undefined) return undefined;
      most = Math.max(most, c);
    }
    return most;
  }

  /** `chunks = chunk_text(text)` (a call that splits a parameter of the function) feeds the loop: one input's pieces. */
  private splitsOneInput(it: PyNode | undefined, fn: PyNode): boolean {
    if (it?.type !== 'identifier') return false;
    const name = this.t(it);
    const params = new Set(this.names(field(fn, 'parameters')).filter((p) => p !== 'self'));
    let hit = false;
    walk(field(fn, 'body') ?? fn, (m) => {
      if (hit) return false;
      if (m.type === 'function_definition') return false;
      if (m.type === 'assignment' && this.t(field(m, 'left')) === name) {
        const r = field(m, 'right');
        if (r?.type === 'call' && SPLITTER.test(this.calleeLast(r) ?? '') && (this.reads(field(r, 'arguments'), params) || this.oneTextIn(this.splitInput(r), fn))) hit = true;
      }
      return undefined;
    });
    return hit;
  }

  /** What a splitter call splits: the object of a method (`text.split("\\n")`), else its first argument (`chunk_text(text)`). */
  private splitInput(call: PyNode): PyNode | undefined {
    const f = field(call, 'function');
    return f?.type === 'attribute' ? field(f, 'object') : callArgs(this.text, call).positional[0];
  }

  /**
   * `n` is one text the function writes itself: a string (an f-string, a concatenation) or a name every binding of
   * which in the function is one (`prompt = f"...{info}..."`, then `chunk_text(prompt)`): the pieces a splitter makes
   * of it are parts of one request, not a data set.
   */
  private oneTextIn(n: PyNode | undefined, fn: PyNode): boolean {
    const isText = (v: PyNode | undefined): boolean => !!v && (v.type === 'string' || v.type === 'concatenated_string' || (v.type === 'binary_operator' && isText(field(v, 'left')) && isText(field(v, 'right'))));
    if (isText(n)) return true;
    if (n?.type !== 'identifier') return false;
    const name = this.t(n);
    const values: PyNode[] = [];
    let other = false;
    walk(field(fn, 'body') ?? fn, (m) => {
      if (m.type === 'function_definition') return false;
      if ((m.type === 'assignment' || m.type === 'augmented_assignment') && this.t(field(m, 'left')) === name) {
        const r = field(m, 'right');
        if (m.type === 'assignment' && r) values.push(r);
        else other = true;
      }
      if ((m.type === 'for_statement' || m.type === 'with_statement') && this.names(field(m, 'left') ?? m).includes(name)) other = true;
      return undefined;
    });
    return !other && values.length > 0 && values.every(isText);
  }

  /**
   * A call in the `elif` / `else` of `if p == "x":` where `p` is a parameter of the function defaulting to "x" that
   * no call of the function in this file passes: the first branch always runs, so this one never does.
   */
  deadBranch(call: PyNode): boolean {
    for (let child = call, p = call.parent; p; child = p, p = p.parent) {
      if (p.type === 'function_definition') return false;
      if ((child.type !== 'elif_clause' && child.type !== 'else_clause') || p.type !== 'if_statement') continue;
      const cond = field(p, 'condition');
      if (cond?.type !== 'comparison_operator' || !/^[^=!<>]+==[^=]+$/.test(this.t(cond))) continue;
      const [l, r] = cond.children;
      const fn = enclosingFunction(p);
      if (!fn || l?.type !== 'identifier' || constString(this.text, r) === undefined) continue;
      const name = this.t(l);
      const param = (field(fn, 'parameters')?.children ?? []).find((c) => (c.type === 'default_parameter' || c.type === 'typed_default_parameter') && this.t(field(c, 'name')) === name);
      if (!param || constString(this.text, field(param, 'value')) !== constString(this.text, r)) continue;
      const idx = this.paramIndex(fn, name);
      const fname = this.funcName(fn);
      if (idx === undefined || !fname || this.assignedIn(fn, name)) continue;
      const { calls, refs } = this.sites();
      const key = fname.startsWith('self.') ? `.${fname.slice(5)}` : fname;
      const sites = calls.get(key) ?? [];
      if ((refs.get(key) ?? 0) > 0 || sites.length === 0) continue;
      const passes = sites.some((s) => {
        const a = callArgs(this.text, s);
        return a.splat || a.keywords.has(name) || a.positional.length > idx;
      });
      if (!passes) return true;
    }
    return false;
  }

  private literalSmall(raw: RawLoop): boolean {
    const SMALL = 5; // a handful of literal inputs is a demo, not a data set
    let it = raw.iterable;
    // the tool calls of one model response (`for call in message.tool_calls:`): a handful per turn, not a data set
    if (it && TOOL_CALLS.test(this.t(it))) return true;
    if (it && (this.cappedSample(it) || this.cappedSearch(it))) return true;
    // `enumerate(queries, 1)`, `tqdm(queries)`: as many items as the sequence they wrap
    for (let i = 0; i < 3 && it?.type === 'call' && ITEM_WRAPPERS.has(this.calleeLast(it) ?? ''); i++) it = callArgs(this.text, it).positional[0];
    if (it?.type === 'identifier') {
      // a list the code fills after writing it (`docs = []` then `docs.append(...)` in a loop) is no handful
      const name = this.t(it);
      it = this.mutated(name) ? undefined : this.consts.values.get(name);
    }
    if (it && (it.type === 'list' || it.type === 'tuple')) return it.children.length <= SMALL;
    if (it?.type === 'call' && this.calleeLast(it) === 'range') {
      const a = callArgs(this.text, it).positional;
      const n = a.length === 1 ? constNumber(this.text, a[0], this.consts) : undefined;
      return n !== undefined && n <= SMALL;
    }
    return false;
  }

  /**
   * The hits of a search the code caps with a constant: `for hit in response.objects:` where the module-level
   * binding of `response` that reaches the loop is a query call with `limit=3` / `top_k=5` / `k=4` (at most CAPPED) or `auto_limit=1` (a
   * few result groups, at most AUTO_LIMIT): a vector store's or a retriever's handful, not a data set.
   */
  private cappedSearch(it: PyNode): boolean {
    let base = it;
    if (base.type === 'attribute' && SEARCH_HITS.has(this.t(field(base, 'attribute')))) base = field(base, 'object') ?? base;
    if (base.type !== 'identifier') return false;
    // the binding that reaches the loop: the last top-level `name = ...` above it (notebooks rebind `response` from
    // cell to cell), unless the name is grown or rebound some other way at module scope
    const vals = this.moduleBindings(this.t(base));
    const before = vals?.filter((v) => v.end <= it.start) ?? [];
    if (before.length === 0) return false;
    return [before[before.length - 1]].every((v) => {
      const call = this.unwrapAwait(v);
      if (call?.type !== 'call') return false;
      const kw = callArgs(this.text, call).keywords;
      const n = (k: string) => { const e = kw.get(k); return e ? constNumber(this.text, e.value, this.consts) : undefined; };
      const auto = n('auto_limit');
      if (auto !== undefined) return auto >= 1 && auto <= AUTO_LIMIT;
      const cap = n('limit') ?? n('top_k') ?? n('k');
      return cap !== undefined && cap >= 1 && cap <= CAPPED;
    });
  }

  /** The module-level name is grown in place: `name.append(...)` / `.extend` / `.insert`, or `name += ...`. */
  private mutated(name: string): boolean {
    for (const n of nodesOfTypes(this.root, 'call')) {
      const f = field(n, 'function');
      if (f?.type === 'attribute' && this.t(field(f, 'object')) === name && GROWERS.has(this.t(field(f, 'attribute')))) return true;
    }
    return nodesOfTypes(this.root, 'augmented_assignment').some((n) => this.t(field(n, 'left')) === name);
  }

  /**
   * A sample capped by a constant in the code: `xs[:60]`, `xs[: min(n // 5, 60)]` (at most CAPPED requests: a
   * tutorial's or a spot check's handful, not a data set worth a batch job).
   */
  private cappedSample(it: PyNode): boolean {
    if (it.type !== 'subscript') return false;
    const sl = it.children.find((c) => c.type === 'slice');
    if (!sl) return false;
    // `[:hi]` only (anonymous `:` tokens are not among the children; the slice's text says where they are)
    const parts = sl.children.filter((c) => c.type !== 'comment');
    if (!/^:[^:]+$/.test(this.t(sl).trim()) || parts.length !== 1) return false;
    const hi = parts[0];
    const cap = (n: PyNode): number | undefined => {
      const v = constNumber(this.text, n, this.consts);
      if (v !== undefined) return v;
      if (n.type === 'call' && this.calleeLast(n) === 'min') {
        const vals = callArgs(this.text, n).positional.map((x) => constNumber(this.text, x, this.consts)).filter((x): x is number => x !== undefined);
        return vals.length > 0 ? Math.min(...vals) : undefined;
      }
      return undefined;
    };
    const n = cap(hi);
    return n !== undefined && n <= CAPPED;
  }

  /**
   * Requests sent concurrently: a pool's or executor's `map` (not the builtin), or a loop whose function (or the
   * module, at top level) runs many at once (`asyncio.gather`, `as_completed`, `executor.submit`, `thread_map`).
   */
  private concurrentLoop(loop: PyNode): boolean {
    if (loop.type === 'call') {
      const f = field(loop, 'function');
      const last = this.calleeLast(loop) ?? '';
      if (f?.type === 'attribute' && ITERATORS.has(last)) return true;
      if (CONCURRENT.has(last)) return true;
    }
    // the loop itself sits in a call that runs its items at once: `asyncio.gather(*[f(x) for x in xs])`
    for (let p = loop.parent; p && p.type !== 'function_definition'; p = p.parent) if (p.type === 'call' && CONCURRENT.has(this.calleeLast(p) ?? '')) return true;
    let scope: PyNode = loop;
    while (scope.parent && scope.type !== 'function_definition') scope = scope.parent;
    let hit = false;
    walk(scope, (m) => {
      if (hit) return false;
      if (m !== scope && m.type === 'function_definition' && scope.type === 'function_definition') return false;
      if (m.type === 'call') {
        const last = this.calleeLast(m) ?? '';
        const q = calleeName(this.text, this.imports, m) ?? '';
        if (CONCURRENT.has(last) || /(^|\.)(asyncio|futures)\.wait$/.test(q) || (ITERATORS.has(last) && field(m, 'function')?.type === 'attribute' && /pool|executor/i.test(this.t(field(field(m, 'function'), 'object'))))) hit = true;
      }
      return undefined;
    });
    return hit;
  }

  // --- calls ---------------------------------------------------------------------------------------

  /** `client.chat.completions.create` → binding key `client` and path ['chat','completions','create']. */
  private chain(f: PyNode | undefined): { key: string; path: string[] } | undefined {
    const path: string[] = [];
    let cur = f;
    while (cur?.type === 'attribute') {
      const k = this.key(cur);
      if (k && this.bindings.has(k)) return { key: k, path };
      path.unshift(this.t(field(cur, 'attribute')));
      cur = field(cur, 'object');
    }
    const k = this.key(cur);
    return k ? { key: k, path } : undefined;
  }

  visitCall(call: PyNode): void {
    const q = calleeName(this.text, this.imports, call) ?? '';
    // no client object in the file (the bindings are complete before the calls are visited): only a module
    // function can be an API call, and no callee chain can reach a binding
    const clients = this.bindings.size > 0;
    if ((clients ? this.isApiCallee(call, q) : moduleCalls[q] !== undefined) && this.deadBranch(call)) return;
    const direct = moduleCalls[q];
    if (direct) {
      const c = this.buildCall(call, direct.provider, direct.kind);
      c.endpoint = this.endpointOf(callArgs(this.text, call).keywords.get('api_base')?.value ?? callArgs(this.text, call).keywords.get('base_url')?.value) ?? (direct.provider === 'openai' ? this.moduleEndpoint() : undefined);
      this.usage.calls.push(c);
      return;
    }
    const load = this.loadName(q);
    if (load) {
      this.visitLoad(call, load);
      return;
    }
    if (!clients) return;
    const ch = this.chain(field(call, 'function'));
    const b = ch ? this.bindings.get(ch.key) : undefined;
    if (!ch || !b) return;
    if (b.t === 'client') {
      const kind = callKind(b.provider, ch.path);
      if (kind) {
        const c = this.buildCall(call, b.provider, kind, b.ctorModel);
        if (b.endpoint) c.endpoint = b.endpoint;
        this.usage.calls.push(c);
      }
    } else {
      const kind = callKind('google', ch.path);
      if (kind) this.usage.calls.push(this.buildCall(call, 'google', kind, undefined, b.call));
    }
  }

  /** A hosted-API call (module function or a client's method), before building it. */
  private isApiCallee(call: PyNode, q: string): boolean {
    if (moduleCalls[q]) return true;
    const ch = this.chain(field(call, 'function'));
    const b = ch ? this.bindings.get(ch.key) : undefined;
    return !!ch && !!b && !!callKind(b.t === 'client' ? b.provider : 'google', ch.path);
  }

  private loadName(q: string): string | undefined {
    if (q === 'transformers.pipeline' || q === 'diffusers.DiffusionPipeline' || q === 'sentence_transformers.SentenceTransformer' || q === 'vllm.LLM')
      return `${q.slice(q.lastIndexOf('.') + 1)}(…)`;
    if (q.endsWith('.from_pretrained') && /^(transformers|diffusers|peft|sentence_transformers|optimum)\./.test(q)) {
      const cls = q.split('.').slice(-2)[0];
      if (/Tokenizer|Processor|Config|FeatureExtractor|Scheduler/.test(cls)) return undefined;
      return `${cls}.from_pretrained(…)`;
    }
    return undefined;
  }

  private readStr(n: PyNode | undefined): ReadValue<string> | undefined {
    if (!n) return undefined;
    const v = constString(this.text, n, this.consts) ?? (n.type === 'identifier' ? this.importedStrings().get(this.t(n)) : undefined);
    return { value: v, dynamic: v === undefined, span: spanOf(n) };
  }

  private strings(n: PyNode, out: string[], depth = 0): void {
    walk(n, (m) => {
      if (m.type === 'string' || m.type === 'concatenated_string') {
        for (const c of m.type === 'string' ? [m] : m.children) {
          const s = c.children.filter((x) => x.type === 'string_content').map((x) => this.t(x)).join('');
          out.push(s);
        }
        return false;
      }
      if (m.type === 'identifier' && depth < 2 && m.field !== 'attribute') {
        const v = this.consts.values.get(this.t(m));
        if (v) this.strings(v, out, depth + 1);
        const imported = this.importedStrings().get(this.t(m));
        if (imported !== undefined) out.push(imported);
      }
      return undefined;
    });
  }

  private hasEnum(n: PyNode, depth = 0): boolean {
    let hit = false;
    walk(n, (m) => {
      if (hit) return false;
      if (m.type === 'pair' && ['enum', 'logit_bias'].includes(constString(this.text, field(m, 'key')) ?? '')) hit = true;
      else if (m.type === 'keyword_argument' && this.t(field(m, 'name')) === 'logit_bias') hit = true;
      else if (m.type === 'subscript' && this.t(field(m, 'value')).endsWith('Literal')) hit = true;
      else if (m.type === 'generic_type' && this.t(m.children[0]).endsWith('Literal')) hit = true;
      else if (m.type === 'identifier' && depth < 2 && m.field !== 'attribute') {
        const nm = this.t(m);
        const cls = this.classes.get(nm);
        if (cls && (this.hasEnum(cls, depth + 1) || /\bEnum\b/.test(this.t(field(cls, 'superclasses'))))) hit = true;
        const v = this.consts.values.get(nm);
        if (v && this.hasEnum(v, depth + 1)) hit = true;
      }
      return undefined;
    });
    return hit;
  }

  /** A number under one of `names` in keyword args, or inside a `config=` / `generation_config=` dict or call. */
  private findMax(args: ReturnType<typeof callArgs>, names: string[]): ApiCall['maxTokens'] | undefined {
    for (const nm of names) {
      const kw = args.keywords.get(nm);
      if (kw) {
        const v = constNumber(this.text, kw.value, this.consts);
        return { name: nm, value: v, dynamic: v === undefined, span: spanOf(kw.node) };
      }
    }
    for (const holder of ['config', 'generation_config', 'extra_body']) {
      const kw = args.keywords.get(holder);
      if (!kw) continue;
      const v = kw.value;
      if (v.type === 'call') {
        const inner = this.findMax(callArgs(this.text, v), names);
        if (inner) return inner;
        if (callArgs(this.text, v).splat) return { name: names[0], dynamic: true, span: spanOf(v) };
      } else if (v.type === 'dictionary') {
        for (const pair of v.children) {
          if (pair.type === 'dictionary_splat') return { name: names[0], dynamic: true, span: spanOf(v) };
          const k = constString(this.text, field(pair, 'key'));
          if (k && names.includes(k)) {
            const n = constNumber(this.text, field(pair, 'value'), this.consts);
            return { name: k, value: n, dynamic: n === undefined, span: spanOf(pair) };
          }
        }
      } else return { name: names[0], dynamic: true, span: spanOf(v) };
    }
    return undefined;
  }

  private buildCall(call: PyNode, provider: ApiProvider, kind: ApiCallKind, ctorModel?: PyNode, googleModel?: PyNode): ApiCall {
    const args = callArgs(this.text, call);
    const list = args.list;
    const w = this.where(call);
    const names = maxTokenNames(provider, kind);
    const modelKw = args.keywords.get('model')?.value;
    let model = this.readStr(modelKw ?? ctorModel);
    let maxTokens = this.findMax(args, names);
    if (googleModel) {
      const g = callArgs(this.text, googleModel);
      model = this.readStr(g.keywords.get('model_name')?.value ?? g.positional[0]);
      maxTokens ??= this.findMax(g, names);
      if (!maxTokens && g.splat) maxTokens = { name: names[0], dynamic: true, span: spanOf(googleModel) };
    }
    if (args.splat) {
      model ??= { dynamic: true, span: spanOf(call) };
      maxTokens ??= { name: names[0], dynamic: true, span: spanOf(call) };
    }
    const promptText: string[] = [];
    if (list) for (const c of list.children) if (!(c.type === 'keyword_argument' && this.t(field(c, 'name')) === 'model')) this.strings(c, promptText);
    if (googleModel) this.strings(googleModel, promptText);
    let cacheControl = false;
    if (list) walk(list, (m) => {
      if ((m.type === 'string' && constString(this.text, m) === 'cache_control') || (m.type === 'keyword_argument' && this.t(field(m, 'name')) === 'cache_control')) cacheControl = true;
    });
    const inputNode = args.keywords.get('input')?.value ?? args.keywords.get('contents')?.value ?? args.keywords.get('inputs')?.value ?? args.keywords.get('text')?.value ?? (kind === 'embedding' ? args.positional[0] : undefined);
    const listInput = !!inputNode && (this.listValue(inputNode) || (inputNode.type === 'identifier' && this.boundToList(inputNode, w.fn)));
    const argsOnly = list?.children.filter((c) => c.type !== 'comment') ?? [];
    const last = argsOnly[argsOnly.length - 1];
    return {
      lang: 'python',
      provider,
      kind,
      span: spanOf(call),
      callee: this.t(field(call, 'function')),
      model,
      maxTokens,
      options: list && !googleModel ? { open: list.start, close: list.end - 1, lastEnd: last ? last.end : -1, open_ended: args.splat } : undefined,
      system: provider === 'anthropic' ? this.readStr(args.keywords.get('system')?.value) : undefined,
      cacheControl,
      promptText,
      enumAnswer: !!list && this.hasEnum(list),
      listInput,
      loop: this.loopInfo(w, list, modelKw),
      inHandler: w.inHandler,
      inFunction: w.fn !== undefined,
      ...(args.keywords.has('reasoning_effort') || args.keywords.has('reasoning') ? { reasoningEffort: true } : {}),
      ...(w.fn && this.agentLoop(w.fn) ? { agentTurn: true } : {}),
    };
  }

  /** A list of several items written at the call: a literal, a comprehension, a slice. */
  private listValue(n: PyNode): boolean {
    return (n.type === 'list' && (n.children.length > 1 || n.children.some((c) => c.type === 'list_splat'))) || n.type === 'list_comprehension' || (n.type === 'subscript' && n.children.some((c) => c.type === 'slice'));
  }

  /**
   * The name is bound, in the function around the call (or at module level), only to lists: list values as above, or
   * the result of a call that splits or chunks a text (`texts = split_long_sentence(document, ...)`, `chunks =
   * splitter.split_text(doc)`): one request then sends all of them.
   */
  private boundToList(name: PyNode, fn: PyNode | undefined): boolean {
    const id = this.t(name);
    const values: PyNode[] = [];
    walk(fn ? (field(fn, 'body') ?? fn) : this.root, (m) => {
      if (m.start >= name.start) return false;
      if (m.type === 'function_definition' || m.type === 'class_definition' || m.type === 'lambda') return false;
      if (m.type === 'assignment') {
        const l = field(m, 'left');
        const r = field(m, 'right');
        if (l?.type === 'identifier' && this.t(l) === id && r) values.push(r);
      }
      return undefined;
    });
    if (values.length === 0) return false;
    return values.every((v) => {
      if (this.listValue(v)) return true;
      if (v.type !== 'call') return false;
      const last = this.calleeLast(v) ?? '';
      return /split|chunk/i.test(last);
    });
  }

  /** The function loops while the model asks for tools: `while response.stop_reason == "tool_use":`, `while msg.tool_calls:`. */
  private agentLoop(fn: PyNode): boolean {
    let hit = false;
    walk(fn, (m) => {
      if (hit) return false;
      if (m.type === 'while_statement' && AGENT_LOOP.test(this.t(field(m, 'condition')))) hit = true;
      return undefined;
    });
    return hit;
  }

  private readonly pending: { load: ModelLoad; call: PyNode; fn: PyNode; name: string }[] = [];
  private readonly pendingCalls: { api: ApiCall; call: PyNode; fn: PyNode; name: string }[] = [];

  private memoised(call: PyNode, fn: PyNode | undefined): boolean {
    if (!fn) return false;
    if (this.isCachedFunction(fn)) return true;
    // `global _model` / `if _model is None:` / `self._model = ...` outside __init__: a lazy singleton
    let globals = false;
    walk(fn, (m) => {
      if (m.type === 'global_statement' || m.type === 'nonlocal_statement') globals = true;
    });
    if (globals) return true;
    for (let p = call.parent; p && p !== fn; p = p.parent) {
      if (p.type === 'if_statement' && /\bNone\b|\bnot\b/.test(this.t(field(p, 'condition')))) return true;
      if (p.type === 'assignment') {
        const k = this.key(field(p, 'left'));
        if (k?.startsWith('self.') && this.t(field(fn, 'name')) !== '__init__') return true;
      }
    }
    return false;
  }

  private visitLoad(call: PyNode, what: string): void {
    const w = this.where(call);
    if (this.memoised(call, w.fn)) return;
    const args = field(call, 'arguments');
    const loop = this.loopInfo(w, args);
    // a loop whose item picks the model (comparing models) loads a different model each time: not a reload
    const reload = loop && !loop.itemDependent && !loop.literalSmall && w.loops.length > 0 && this.loopIsData(w, args) ? loop : undefined;
    const load: ModelLoad = { lang: 'python', what, span: spanOf(call), loop: reload, inHandler: w.inHandler };
    this.usage.loads.push(load);
    if (!reload && !w.inHandler && w.fn && w.fnName) this.pending.push({ load, call, fn: w.fn, name: w.fnName });
  }

  private loopIsData(w: Where, args: PyNode | undefined): boolean {
    // every enclosing loop leaves the load's arguments unchanged
    return w.loops.every((raw) => !this.reads(args, this.taint(raw.vars, raw.body)));
  }

  /** One level through local functions (and `ClassName(...)` constructors) called from loops or handlers. */
  followHelpers(): void {
    for (const c of this.usage.calls) {
      if (c.inFunction && !c.loop && !c.inHandler) {
        const node = this.callAt(c.span);
        const w = node ? this.where(node) : undefined;
        if (node && w?.fn && w.fnName) this.pendingCalls.push({ api: c, call: node, fn: w.fn, name: w.fnName });
      }
    }
    if (this.pending.length === 0 && this.pendingCalls.length === 0) return;
    // the calls by the key they call (and the function a `map` / `submit` passes), in pre-order: each top-level
    // statement's share reads its own subtree and text only, so it is kept across keystrokes (`perStatement`)
    const sites = new Map<string, PyNode[]>();
    for (const stmt of this.root.children) {
      for (const [k, m] of perStatement(this.text, stmt, 'api.callSites', () => this.callSites(stmt))) (sites.get(k) ?? sites.set(k, []).get(k)!).push(m);
    }
    const params = (fn: PyNode) => new Set(this.names(field(fn, 'parameters')).filter((p) => p !== 'self'));
    // Through one local function, or two (`loop → get_response(…) → completion_with_backoff(**kw) → create`).
    const reach = (api: ApiCall, name: string, depth: number) => {
      for (const site of sites.get(name) ?? []) {
        const sw = this.where(site);
        const last = this.calleeLast(site) ?? '';
        const viaMap = ITERATORS.has(last) && this.key(callArgs(this.text, site).positional[0]) === name;
        const loop: LoopInfo | undefined = viaMap
          ? { kind: 'map', span: spanOf(site), itemDependent: true, overBatches: false, overModels: false, literalSmall: false, concurrent: this.concurrentLoop(site) || undefined }
          : this.loopInfo(sw, field(site, 'arguments'));
        if (loop?.itemDependent) this.usage.calls.push({ ...api, loop, inHandler: sw.inHandler, via: { span: spanOf(site), name } });
        else if (!loop && depth === 0 && !sw.inHandler && sw.fn && sw.fnName && sw.fnName !== name && !this.deadBranch(site) && this.reads(field(site, 'arguments'), this.taint([...params(sw.fn)], sw.fn)))
          reach(api, sw.fnName, depth + 1);
      }
    };
    for (const { api, call, fn, name } of this.pendingCalls) {
      const t = this.taint([...params(fn)], fn);
      if (!this.reads(field(call, 'arguments'), t)) continue;
      reach(api, name, 0);
    }
    for (const { load, call, fn, name } of this.pending) {
      if (this.reads(field(call, 'arguments'), params(fn))) continue;
      for (const site of sites.get(name) ?? []) {
        const sw = this.where(site);
        const loop = this.loopInfo(sw, field(site, 'arguments'));
        const inLoop = loop && !loop.literalSmall ? loop : undefined;
        if (inLoop || sw.inHandler) {
          this.usage.loads.push({ ...load, loop: inLoop, inHandler: sw.inHandler, via: { span: spanOf(site), name } });
          break;
        }
      }
    }
  }

  /** One statement's calls by the key they call, and by the function a `map` / `submit` call passes, in pre-order. */
  private callSites(stmt: PyNode): [string, PyNode][] {
    const out: [string, PyNode][] = [];
    walk(stmt, (m) => {
      if (m.type === 'call') {
        const k = this.key(field(m, 'function'));
        if (k) out.push([k, m]);
        // map(process, items) / executor.submit(process, x)
        const last = this.calleeLast(m);
        if (last && (ITERATORS.has(last) || SUBMITTERS.has(last))) {
          const first = callArgs(this.text, m).positional[0];
          const fk = this.key(first);
          if (fk) out.push([fk, m]);
        }
      }
    });
    return out;
  }

  private callAt(span: { start: number; end: number }): PyNode | undefined {
    let found: PyNode | undefined;
    walk(this.root, (m) => {
      if (found || m.end < span.start || m.start > span.end) return false;
      if (m.type === 'call' && m.start === span.start && m.end === span.end) found = m;
      return undefined;
    });
    return found;
  }

  build(): ApiUsage {
    for (const m of nodesOfTypes(this.root, 'call')) this.visitCall(m);
    this.followHelpers();
    const served = this.servedTask();
    for (const c of this.usage.calls) {
      const node = this.callAt(c.span);
      if (node) c.runs = this.runsOf(node, 0);
      if (node && this.inToolFunction(node)) c.toolCall = true;
      // a terminal chat: the loop around the request reads the user's next message (`message = input('user: ')`),
      // one open-ended answer per turn, like a gradio or streamlit app
      if (node && this.inInputLoop(node)) c.chatTurn = true;
      const id = c.model?.value;
      if ((id && NON_GENERATIVE_MODEL.test(id)) || (served && (!id || c.model?.dynamic))) c.nonGenerative = true;
    }
    if (UI_MODULES.some((m) => this.imports.modules.has(m))) this.usage.ui = true;
    if (this.usage.calls.length > 0 && this.asksLongForm()) this.usage.longForm = true;
    return this.usage;
  }

  private asksLongForm(): boolean {
    let hit = false;
    walk(this.root, (m) => {
      if (hit) return false;
      if (m.type === 'string') {
        if (LONG_FORM.test(this.t(m))) hit = true;
        return false;
      }
      return undefined;
    });
    return hit;
  }

  // --- how often a call runs ----------------------------------------------------------------------

  private siteIndex?: { calls: Map<string, PyNode[]>; refs: Map<string, number> };

  /** Calls of local names (`f(...)` under `f`, `x.m(...)` under `.m`) and their other references (callbacks, registries). */
  private sites(): { calls: Map<string, PyNode[]>; refs: Map<string, number> } {
    if (this.siteIndex) return this.siteIndex;
    const calls = new Map<string, PyNode[]>();
    const refs = new Map<string, number>();
    const push = (k: string, n: PyNode) => (calls.get(k) ?? calls.set(k, []).get(k)!).push(n);
    const ref = (k: string) => refs.set(k, (refs.get(k) ?? 0) + 1);
    for (const m of nodesOfTypes(this.root, 'call', 'identifier', 'attribute')) {
      if (m.type === 'call') {
        const f = field(m, 'function');
        if (f?.type === 'identifier') push(this.t(f), m);
        else if (f?.type === 'attribute') push(`.${this.t(field(f, 'attribute'))}`, m);
      } else if (m.type === 'identifier') {
        const p = m.parent;
        const callee = p?.type === 'call' && m.field === 'function';
        const declared = (p?.type === 'function_definition' || p?.type === 'class_definition') && m.field === 'name';
        const kwName = p?.type === 'keyword_argument' && m.field === 'name';
        if (!callee && !declared && !kwName && m.field !== 'attribute' && p?.type !== 'parameters' && p?.type !== 'dotted_name') ref(this.t(m));
      } else if (m.type === 'attribute' && !(m.parent?.type === 'call' && m.field === 'function')) {
        ref(`.${this.t(field(m, 'attribute'))}`);
      }
    }
    this.siteIndex = { calls, refs };
    return this.siteIndex;
  }

  /**
   * `repeated` when the node runs in a loop (other than over a handful of literals), in a request handler, or in a
   * function that something repeated calls, that is passed on as a value (a callback, a reward function, a registry
   * entry), or that nothing in this file calls (other modules or a framework do); `once` at module level and in
   * functions whose every call here runs once.
   */
  private runsOf(node: PyNode, depth: number): 'repeated' | 'once' {
    const w = this.where(node);
    if (w.loops.some((l) => !this.literalSmallLoop(l))) return 'repeated';
    if (w.inHandler) return 'repeated';
    if (!w.fn) return 'once';
    const name = w.fnName;
    if (!name || depth > 3) return 'repeated';
    const { calls, refs } = this.sites();
    const key = name.startsWith('self.') ? `.${name.slice(5)}` : name;
    if ((refs.get(key) ?? 0) > 0) return 'repeated';
    const sites = calls.get(key) ?? [];
    if (sites.length === 0) return 'repeated';
    return sites.some((s) => this.runsOf(s, depth + 1) === 'repeated') ? 'repeated' : 'once';
  }

  /**
   * The node sits in a function the code hands to a model as a tool: its name in the value of a `tools=` argument
   * (`tools=[wikipedia_search]`), directly or through a module-level name (`tools = [search]` ... `tools=tools`).
   * The model calls it during one chat turn and waits for its result.
   */
  private inToolFunction(node: PyNode): boolean {
    const fn = enclosingFunction(node);
    const name = fn ? this.funcName(fn) : undefined;
    if (!name || name.includes('.')) return false;
    const names = (v: PyNode | undefined, depth: number): boolean => {
      if (!v) return false;
      if (v.type === 'identifier') {
        if (this.t(v) === name) return true;
        return depth < 1 && (this.moduleBindings(this.t(v)) ?? []).some((b) => names(b, depth + 1));
      }
      if (v.type !== 'list' && v.type !== 'tuple') return false;
      return v.children.some((c) => c.type === 'identifier' && this.t(c) === name);
    };
    return nodesOfTypes(this.root, 'keyword_argument').some((k) => this.t(field(k, 'name')) === 'tools' && names(field(k, 'value'), 0));
  }

  private literalSmallLoop(raw: RawLoop): boolean {
    return this.loopInfo({ loops: [raw], inHandler: false }, undefined)?.literalSmall ?? false;
  }

  /**
   * The innermost loop around the node (a `while` or `for` in the same function) calls the builtin `input()` before
   * it: each iteration answers what a person just typed. Not when the file binds `input` itself.
   */
  private inInputLoop(node: PyNode): boolean {
    let loop: PyNode | undefined;
    for (let p = node.parent; p && !loop; p = p.parent) {
      if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return false;
      if (p.type === 'while_statement' || p.type === 'for_statement') loop = p;
    }
    const body = loop ? field(loop, 'body') : undefined;
    if (!body || this.bindsInput()) return false;
    let hit = false;
    walk(body, (m) => {
      if (hit || m.start >= node.start) return false;
      if (m.type === 'function_definition' || m.type === 'lambda' || m.type === 'class_definition') return false;
      if (m.type === 'call') {
        const f = field(m, 'function');
        if (f?.type === 'identifier' && this.t(f) === 'input') hit = true;
      }
      return undefined;
    });
    return hit;
  }

  private bindsInputMemo?: boolean;

  /** The file defines, imports or assigns a name `input` (then `input(...)` is not the builtin). */
  private bindsInput(): boolean {
    if (this.bindsInputMemo !== undefined) return this.bindsInputMemo;
    let hit = this.imports.names.has('input');
    if (!hit) walk(this.root, (m) => {
      if (hit) return false;
      if (m.type === 'function_definition' && this.t(field(m, 'name')) === 'input') hit = true;
      if (m.type === 'assignment' && field(m, 'left')?.type === 'identifier' && this.t(field(m, 'left')) === 'input') hit = true;
      return undefined;
    });
    return (this.bindsInputMemo = hit);
  }

  /** `task_type="embedding"` (ms-swift DeployArguments, and the like) in this file: the local server is not generative. */
  private servedTask(): boolean {
    for (const m of nodesOfTypes(this.root, 'keyword_argument')) {
      if (this.t(field(m, 'name')) === 'task_type') {
        const v = constString(this.text, field(m, 'value'), this.consts);
        if (v && NON_GENERATIVE_TASKS.has(v.toLowerCase())) return true;
      }
    }
    return false;
  }
}

/** Hosts that are this machine: a self-hosted server (vLLM, TGI, Ollama, swift deploy) has no batch endpoint or price. */
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|::1|host\.docker\.internal)$/;
/** A loop condition that waits on the model's tool requests. */
const AGENT_LOOP = /stop_reason|finish_reason|tool_use|tool_calls|function_call/;
/** A prompt that asks for long-form output: the length is the product. */
const LONG_FORM = /\b(as detailed as possible|in (great|excruciating|full|exhaustive) detail|as long as (possible|needed)|detailed (analysis|explanation|answer|response|report)s?)\b/i;
/** Calls that pass a sequence's items through unchanged in number: `enumerate(xs)`, `tqdm(xs)`, `sorted(xs)`. */
const ITEM_WRAPPERS = new Set(['enumerate', 'tqdm', 'trange', 'track', 'list', 'tuple', 'sorted', 'reversed', 'iter', 'set']);
/** A parameter that carries one user's live query: the function answers it now. */
const QUERY_PARAM = /^(user_|search_)?(query|question)$|^user_(input|message)$/;
/** A call that splits one input into pieces (`chunk_text(text)`, `split_document(doc)`, `splitter.split_text(t)`). */
const SPLITTER = /chunk|split/i;

function enclosingFunction(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** The attribute of a search response that holds its hits (Weaviate `.objects`, Qdrant `.points`, Pinecone `.matches`). */
const SEARCH_HITS = new Set(['objects', 'points', 'matches', 'results', 'hits', 'documents']);
/** The most result groups an `auto_limit=` search may return and still be a handful. */
const AUTO_LIMIT = 3;
/** Methods that grow a list or set in place. */
const GROWERS = new Set(['append', 'extend', 'insert', 'add', 'update']);
/** The most requests a constant-capped sample may send and still be a handful (see cappedSample). */
const CAPPED = 64;
/** Calls that run many requests at once: asyncio, concurrent.futures, multiprocessing, tqdm's thread_map. */
const CONCURRENT = new Set(['gather', 'as_completed', 'create_task', 'ensure_future', 'run_in_executor', 'submit', 'apply_async', 'imap', 'imap_unordered', 'starmap', 'thread_map', 'process_map', 'TaskGroup', 'map_async']);

function calleeRoot(s: string): string {
  return s.split('.')[0];
}

/** Interactive UI frameworks: a call in such a file answers one user's click. */
const UI_MODULES = ['gradio', 'streamlit', 'chainlit', 'panel'];
/** An iterable that is the tool calls of one response: `msg.tool_calls`, `msg["tool_calls"]`, a variable `tool_calls`. */
const TOOL_CALLS = /(^|\.)tool_calls$|\[\s*['"]tool_calls['"]\s*\]$/;
/** Deployment tasks that return labels, scores or vectors (ms-swift `task_type`, vLLM `--task`/runner kinds). */
const NON_GENERATIVE_TASKS = new Set(['seq_cls', 'embedding', 'embed', 'reranker', 'generative_reranker', 'score', 'classify', 'reward', 'rm']);
/** Model ids of embedding, reranking and classification models. */
const NON_GENERATIVE_MODEL = /(embed|rerank|(^|[-_/])(bge|gte|e5)[-_]|(^|[-_/])(cls|seq-?cls|classifier|reward|rm)($|[-_/]))/i;

const cache = new WeakMap<PythonDoc, ApiUsage>();

/** `workspace` lets `from prompts import SYSTEM` / `from .clients import client` resolve (one level). */
export function pythonApiUsage(d: PythonDoc | NotebookDoc, workspace?: WorkspaceReader): ApiUsage {
  const doc = pythonOf(d);
  let u = cache.get(doc);
  if (!u) {
    u = new PyApiBuilder(doc, workspace).build();
    cache.set(doc, u);
  }
  return u;
}
