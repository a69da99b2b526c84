// JS/TS → ApiUsage: every hosted-model call and transformers.js model load, with the loop it runs in (and whether
// its inputs follow the loop item), whether it sits in a per-request handler, and — one level deep — the same for
// a local helper function called from a loop or a handler. Owned by the JS/TS work. Cached per document.
import type { TSESTree } from '@typescript-eslint/types';
import type { JstsDoc } from '../../parse/document';
import type { WorkspaceReader } from '../../settings';
import { callKind, maxTokenNames } from '../api/providers';
import type { ApiCall, ApiCallKind, ApiProvider, ApiUsage, LoopInfo, ModelLoad, OptionsSite, ReadValue } from '../api/usage';
import { type N, children, indexAst, isFunction, keyName, memberChain, patternNames, readsAny, rootName, spanOf, unwrap, walk } from './ast';
import { type Binding, type Bindings, collectBindings } from './bindings';
import { importLocalModules } from './modules';

const iterationMethods = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every']);
/** Concurrency helpers `f(items, (item) => ...)` (p-map, async, bluebird): a loop over their first argument. */
const iterationFunctions = new Set(['pMap', 'pmap', 'mapLimit', 'mapSeries', 'eachLimit', 'eachSeries', 'forEachLimit', 'mapConcurrent', 'asyncPool']);
const handlerMethods = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'route', 'on', 'once', 'handle', 'handler',
  'addEventListener', 'onMessage', 'command', 'action', 'hears', 'message', 'tool', 'ws', 'websocket', 'register',
]);
const handlerFunctions = new Set(['createServer', 'serve', 'onRequest', 'defineEventHandler', 'eventHandler', 'createHandler']);
const nestRouteDecorators = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'MessagePattern', 'EventPattern', 'SubscribeMessage']);
/** Request fields that are not the answer's schema (tool definitions, the prompt and conversation). */
const NOT_THE_ANSWER = new Set(['tools', 'messages', 'prompt', 'system', 'instructions', 'input', 'contents', 'tool_choice', 'toolChoice']);
const routeExports = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'handler', 'action', 'loader']);

interface RawLoop {
  node: N;
  kind: LoopInfo['kind'];
  vars: string[];
  iterable?: N;
  body: N;
}

interface Where {
  loops: RawLoop[];
  inHandler: boolean;
  inFunction: boolean;
  /** A callback passed to something that calls it many times (`setInterval`, a local helper that calls it in a loop). */
  repeated?: boolean;
  fn?: N;
  fnName?: string;
}

class JstsUsageBuilder {
  readonly parents: Map<N, N>;
  /** Every node in pre-order: the passes below iterate this list instead of walking the tree again. */
  readonly nodes: N[];
  readonly b: Bindings;
  readonly consts = new Map<string, N>();
  /** Local function definitions by name: this file's, then those imported from the workspace's own modules. */
  readonly functions = new Map<string, N>();
  private readonly taintCache = new Map<N, Set<string>>();
  readonly usage: ApiUsage = { calls: [], loads: [] };

  constructor(readonly doc: JstsDoc, workspace?: WorkspaceReader) {
    const index = indexAst(doc.ast);
    this.parents = index.parents;
    this.nodes = index.nodes;
    // names imported from the workspace's own modules first, so this file's declarations win
    const imported = workspace ? importLocalModules(doc, workspace) : undefined;
    this.b = collectBindings(doc.ast, imported?.bindings, this.nodes);
    if (imported) for (const [k, v] of imported.consts) this.consts.set(k, v);
    if (imported) for (const [k, v] of imported.functions) this.functions.set(k, v);
    for (const n of this.nodes)
      if (n.type === 'VariableDeclaration' && n.kind === 'const')
        for (const d of n.declarations) if (d.id.type === 'Identifier' && d.init) this.consts.set(d.id.name, d.init);
    for (const n of this.nodes)
      if (n.type === 'FunctionDeclaration' && n.id) this.functions.set(n.id.name, n);
    for (const [k, v] of this.consts) if (!this.functions.has(k) && isFunction(unwrap(v))) this.functions.set(k, unwrap(v));
  }

  // --- constant values ------------------------------------------------------------------------------

  constString(n: N | null | undefined, depth = 0): string | undefined {
    if (!n || depth > 3) return undefined;
    const u = unwrap(n);
    if (u.type === 'Literal') return typeof u.value === 'string' ? u.value : undefined;
    if (u.type === 'TemplateLiteral') {
      let s = u.quasis[0].value.cooked ?? '';
      for (let i = 0; i < u.expressions.length; i++) {
        const e = this.constString(u.expressions[i], depth + 1);
        if (e === undefined) return undefined;
        s += e + (u.quasis[i + 1].value.cooked ?? '');
      }
      return s;
    }
    if (u.type === 'BinaryExpression' && u.operator === '+') {
      const l = this.constString(u.left as N, depth + 1);
      const r = this.constString(u.right, depth + 1);
      return l !== undefined && r !== undefined ? l + r : undefined;
    }
    if (u.type === 'Identifier') return this.constString(this.consts.get(u.name), depth + 1);
    return undefined;
  }

  /** A string literal / template, or a const bound to one (a prompt, not an options object). */
  isStringish(n: N): boolean {
    const u = unwrap(n);
    if (u.type === 'Literal') return typeof u.value === 'string';
    if (u.type === 'TemplateLiteral' || (u.type === 'BinaryExpression' && u.operator === '+')) return true;
    if (u.type === 'Identifier') {
      const c = this.consts.get(u.name);
      return c !== undefined && c !== n && this.isStringish(c);
    }
    return false;
  }

  constNumber(n: N): number | undefined {
    const u = unwrap(n);
    if (u.type === 'Literal' && typeof u.value === 'number') return u.value;
    if (u.type === 'Identifier') {
      const c = this.consts.get(u.name);
      return c ? this.constNumber(c) : undefined;
    }
    return undefined;
  }

  /** Every string fragment under `n` (literals, template text, const strings it names), for task evidence. */
  strings(n: N, out: string[], depth = 0): void {
    walk(n, (x) => {
      if (x.type === 'Literal' && typeof x.value === 'string') out.push(x.value);
      else if (x.type === 'TemplateElement') out.push(x.value.cooked ?? '');
      else if (x.type === 'Identifier' && depth < 2) {
        const c = this.consts.get(x.name);
        if (c) this.strings(c, out, depth + 1);
      }
    });
  }

  /**
   * A response schema that restricts the answer to a fixed label set: a logit bias, or an enum / zod `z.enum` /
   * union of `z.literal`s with no free-text field beside it. A `z.literal` discriminator in a schema that also asks
   * for strings (`z.object({ type: z.literal("email"), value: z.string() })`) is structured generation, not a label;
   * the tools', prompt's and messages' own schemas and text say nothing about the answer.
   */
  hasEnum(n: N): boolean {
    const seen = { label: false, free: false, bias: false };
    this.schemaMarks(n, seen, 0);
    return seen.bias || (seen.label && !seen.free);
  }

  private schemaMarks(n: N, seen: { label: boolean; free: boolean; bias: boolean }, depth: number): void {
    walk(n, (x) => {
      if (x.type === 'Property') {
        const k = keyName(x);
        if (k && NOT_THE_ANSWER.has(k)) return false;
        if (k === 'logit_bias') seen.bias = true;
        else if (k === 'enum') seen.label = true;
        else if (k === 'type' && this.constString(x.value) === 'string') {
          const owner = this.parents.get(x);
          const hasEnum = owner?.type === 'ObjectExpression' && owner.properties.some((q) => q.type === 'Property' && keyName(q) === 'enum');
          if (!hasEnum) seen.free = true;
        }
      } else if (x.type === 'CallExpression' && x.callee.type === 'MemberExpression' && !x.callee.computed && x.callee.property.type === 'Identifier') {
        const m = x.callee.property.name;
        if (m === 'enum' || m === 'literal' || m === 'nativeEnum') seen.label = true;
        else if (m === 'string') seen.free = true;
        else if (m === 'choice') {
          const r = rootName(x.callee.object);
          const b = r ? this.b.get(r) : undefined;
          if (b?.t === 'fn' && b.provider === 'ai-sdk' && b.name === 'Output') seen.label = true; // the AI SDK's `Output.choice({ options })`
        }
      } else if (x.type === 'Identifier' && depth < 2) {
        const c = this.consts.get(x.name);
        if (c) this.schemaMarks(c, seen, depth + 1);
      }
      return undefined;
    });
  }

  // --- where a node runs -----------------------------------------------------------------------------

  private fnName(f: N): string | undefined {
    if (f.type === 'FunctionDeclaration' && f.id) return f.id.name;
    const p = this.parents.get(f);
    if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
    if (p?.type === 'MethodDefinition' || p?.type === 'PropertyDefinition') {
      const k = keyName(p);
      return k ? `this.${k}` : undefined;
    }
    return undefined;
  }

  private isHandlerCall(call: TSESTree.CallExpression): boolean {
    const c = unwrap(call.callee);
    if (c.type === 'Identifier') return handlerFunctions.has(c.name);
    if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier')
      return handlerMethods.has(c.property.name) || handlerFunctions.has(c.property.name);
    return false;
  }

  private isHandlerFunction(f: N): boolean {
    if (!isFunction(f)) return false;
    // NestJS-style controllers: `@Post() create(...)`
    const owner = this.parents.get(f);
    if (owner?.type === 'MethodDefinition' && owner.decorators?.some((d) => {
      const e = d.expression.type === 'CallExpression' ? d.expression.callee : d.expression;
      return e.type === 'Identifier' && nestRouteDecorators.has(e.name);
    })) return true;
    const first = f.params[0];
    const p0 = first ? patternNames(first)[0] : undefined;
    if (p0 === 'req' || p0 === 'request') return true;
    const name = this.fnName(f);
    if (!name) return false;
    let p = this.parents.get(f);
    if (p?.type === 'VariableDeclarator') p = this.parents.get(this.parents.get(p)!);
    const exported = p?.type === 'ExportNamedDeclaration' || p?.type === 'ExportDefaultDeclaration';
    return exported && routeExports.has(name);
  }

  where(n: N): Where {
    const w: Where = { loops: [], inHandler: false, inFunction: false };
    let child = n;
    let p = this.parents.get(n);
    while (p) {
      if ((p.type === 'ForOfStatement' || p.type === 'ForInStatement') && child === p.body) {
        const vars = p.left.type === 'VariableDeclaration' ? p.left.declarations.flatMap((d) => patternNames(d.id)) : patternNames(p.left);
        if (!(p.type === 'ForOfStatement' && p.await && this.interactive(p.right)))
          w.loops.push({ node: p, kind: p.type === 'ForOfStatement' ? 'for-of' : 'for-in', vars, iterable: p.right, body: p.body });
      } else if (p.type === 'ForStatement' && child === p.body) {
        const vars = p.init?.type === 'VariableDeclaration' ? p.init.declarations.flatMap((d) => patternNames(d.id)) : p.init?.type === 'AssignmentExpression' ? patternNames(p.init.left) : [];
        w.loops.push({ node: p, kind: 'for', vars, body: p.body });
      } else if (isFunction(p)) {
        const gp = this.parents.get(p);
        if (gp?.type === 'CallExpression' && gp.arguments.includes(p as TSESTree.CallExpressionArgument)) {
          const c = unwrap(gp.callee);
          const method = c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' ? c.property.name : undefined;
          const fname = c.type === 'Identifier' ? c.name : method;
          if (method && iterationMethods.has(method) && gp.arguments[0] === p && c.type === 'MemberExpression') {
            const itemParam = method === 'reduce' ? p.params[1] : p.params[0];
            w.loops.push({ node: gp, kind: 'map', vars: patternNames(itemParam), iterable: c.object, body: p.body });
          } else if (fname && iterationFunctions.has(fname) && gp.arguments[0] !== p) {
            w.loops.push({ node: gp, kind: 'map', vars: patternNames(p.params[0]), iterable: gp.arguments[0], body: p.body });
          } else if (this.isHandlerCall(gp)) {
            w.inHandler = true;
            w.inFunction = true;
            w.fn = p;
            return w;
          } else if (this.callbackRuns(gp, gp.arguments.indexOf(p as TSESTree.CallExpressionArgument)) === 'repeated') {
            w.repeated = true;
          }
          // any other callback (p-limit, retry, new Promise, a local `run(fn)` helper that calls it once): runs where
          // its caller runs
        } else {
          w.inFunction = true;
          w.fn = p;
          w.fnName = this.fnName(p);
          w.inHandler = this.isHandlerFunction(p);
          return w;
        }
      }
      child = p;
      p = this.parents.get(p);
    }
    return w;
  }

  /**
   * How a call runs the function passed as its argument `index`: `repeated` for `setInterval` and for a local
   * function (this file's or one imported from the workspace) that calls that parameter in a loop; `once` for a local
   * function that calls it outside any loop; undefined when the callee is not a local function or passes the
   * callback on (it then runs where the call runs, as before).
   */
  private callbackRuns(call: TSESTree.CallExpression, index: number): 'once' | 'repeated' | undefined {
    const c = unwrap(call.callee);
    if (c.type !== 'Identifier' || index < 0) return undefined;
    const def = this.functions.get(c.name);
    if (!def) return c.name === 'setInterval' ? 'repeated' : undefined;
    if (!isFunction(def)) return undefined;
    const param = def.params[index];
    if (!param || param.type !== 'Identifier') return undefined;
    const name = param.name;
    let verdict: 'once' | 'repeated' | undefined = 'once';
    let called = false;
    const visit = (n: N, parent: N | undefined, inLoop: boolean): void => {
      if (verdict === undefined) return;
      if (n.type === 'Identifier' && n.name === name && n !== param) {
        const isCallee = parent?.type === 'CallExpression' && unwrap(parent.callee) === n;
        const isMemberProp = parent?.type === 'MemberExpression' && parent.property === n && !parent.computed;
        const isKey = parent?.type === 'Property' && parent.key === n && !parent.shorthand;
        if (isCallee) {
          called = true;
          if (inLoop) verdict = 'repeated';
        } else if (!isMemberProp && !isKey && !(parent?.type === 'AwaitExpression')) verdict = undefined; // passed on
        return;
      }
      const loop = n.type === 'ForStatement' || n.type === 'ForOfStatement' || n.type === 'ForInStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement';
      const iterCb = isFunction(n) && parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && !parent.callee.computed && parent.callee.property.type === 'Identifier' && iterationMethods.has(parent.callee.property.name);
      for (const ch of children(n)) {
        const intoBody = loop && ch !== (n as { init?: N }).init && ch !== (n as { right?: N }).right;
        visit(ch, n, inLoop || intoBody || !!iterCb);
      }
    };
    visit(def.body, def, false);
    const v = verdict as 'once' | 'repeated' | undefined; // assigned in the closure
    if (v === 'repeated') return 'repeated';
    return v === 'once' && called ? 'once' : undefined;
  }

  /** `for await (const line of rl)`: a REPL or socket, one request per user message. */
  private interactive(iterable: N): boolean {
    const text = this.doc.text.slice(iterable.range[0], iterable.range[1]);
    return /\b(rl|readline|stdin|socket|ws|prompt|input|console|events?|messages?Stream)\b/i.test(text);
  }

  /** Names whose value follows the loop item inside the loop body. */
  private taint(vars: string[], body: N): Set<string> {
    const key = body;
    const cached = this.taintCache.get(key);
    if (cached) return cached;
    const t = new Set(vars);
    const flows: [string[], N][] = [];
    walk(body, (x) => {
      if (x.type === 'VariableDeclarator' && x.init) flows.push([patternNames(x.id), x.init]);
      else if (x.type === 'AssignmentExpression') {
        const r = rootName(x.left);
        flows.push([r ? [r] : patternNames(x.left), x.right]);
      } else if (x.type === 'CallExpression' && x.callee.type === 'MemberExpression' && !x.callee.computed && x.callee.property.type === 'Identifier' && (x.callee.property.name === 'push' || x.callee.property.name === 'unshift')) {
        const r = rootName(x.callee.object);
        if (r) for (const a of x.arguments) flows.push([[r], a]);
      }
    });
    for (let i = 0; i < 3; i++) for (const [names, v] of flows) if (readsAny(v, t)) names.forEach((x) => t.add(x));
    this.taintCache.set(key, t);
    return t;
  }

  loopInfo(w: Where, args: readonly N[], modelValue?: N): LoopInfo | undefined {
    const reads = (names: Set<string>) => args.some((a) => readsAny(a, names));
    let chosen: { raw: RawLoop; t: Set<string> } | undefined;
    for (const raw of w.loops) {
      const t = this.taint(raw.vars, raw.body);
      if (reads(t)) {
        chosen = { raw, t };
        break;
      }
    }
    if (!chosen) {
      const raw = w.loops[0];
      if (!raw) return undefined;
      return { kind: raw.kind, span: this.headSpan(raw), itemDependent: false, overBatches: false, overModels: false, literalSmall: false };
    }
    const { raw, t } = chosen;
    // A loop over batches: its variable says so, or the iterable comes from a chunking helper (`chunk(xs, 100)`).
    // A lone "chunk" / "page" is a text passage in RAG code, i.e. one item.
    const it = raw.iterable ? unwrap(raw.iterable) : undefined;
    const itCallee = it?.type === 'CallExpression' ? this.doc.text.slice(it.callee.range[0], it.callee.range[1]) : '';
    const overBatches = raw.vars.some((s) => /batch|shard|bucket/i.test(s)) || /batch|chunk/i.test(itCallee) || (it ? /batch/i.test(this.doc.text.slice(it.range[0], it.range[1])) : false);
    const overModels = modelValue !== undefined && readsAny(modelValue, t);
    return { kind: raw.kind, span: this.headSpan(raw), itemDependent: true, overBatches, overModels, literalSmall: this.literalSmall(raw) };
  }

  private headSpan(raw: RawLoop): { start: number; end: number } {
    const n = raw.node;
    return { start: n.range[0], end: raw.kind === 'map' ? raw.body.range[0] : raw.body.range[0] };
  }

  private literalSmall(raw: RawLoop): boolean {
    const SMALL = 5; // a handful of literal inputs is a demo, not a data set
    let it = raw.iterable ? unwrap(raw.iterable) : undefined;
    if (it?.type === 'Identifier') it = this.consts.get(it.name);
    if (it?.type === 'ArrayExpression') return it.elements.length <= SMALL;
    if (raw.node.type === 'ForStatement' && raw.node.test?.type === 'BinaryExpression') {
      const n = this.constNumber(raw.node.test.right);
      return n !== undefined && n <= SMALL;
    }
    return false;
  }

  // --- calls -----------------------------------------------------------------------------------------

  private prop(obj: TSESTree.ObjectExpression | undefined, name: string): TSESTree.Property | undefined {
    if (!obj) return undefined;
    for (const p of obj.properties) if (p.type === 'Property' && keyName(p) === name) return p;
    return undefined;
  }

  /** The options object literal: written in the call, or a `const params = {...}` it names. */
  private objectArg(n: N | undefined): TSESTree.ObjectExpression | undefined {
    if (!n) return undefined;
    const u = unwrap(n);
    if (u.type === 'ObjectExpression') return u;
    if (u.type === 'Identifier') {
      const c = this.consts.get(u.name);
      const cu = c ? unwrap(c) : undefined;
      if (cu?.type === 'ObjectExpression') return cu;
    }
    return undefined;
  }

  private readString(p: TSESTree.Property | undefined): ReadValue<string> | undefined {
    if (!p) return undefined;
    const v = this.constString(p.value);
    return { value: v, dynamic: v === undefined, span: spanOf(p.value) };
  }

  private site(obj: TSESTree.ObjectExpression): OptionsSite {
    const last = obj.properties[obj.properties.length - 1];
    return { open: obj.range[0], close: obj.range[1] - 1, lastEnd: last ? last.range[1] : -1, open_ended: obj.properties.some((p) => p.type === 'SpreadElement') };
  }

  private resolve(callee: N): { binding: Binding; path: string[] } | undefined {
    const chain = memberChain(callee);
    if (!chain) return undefined;
    const name = rootName(chain.root);
    const binding = name ? this.b.get(name) : undefined;
    return binding ? { binding, path: chain.path } : undefined;
  }

  visitCall(call: TSESTree.CallExpression): void {
    const r = this.resolve(call.callee);
    if (!r) return;
    const { binding, path } = r;
    let provider: ApiProvider | undefined;
    let kind: ApiCallKind | undefined;
    if (binding.t === 'client') {
      provider = binding.provider;
      kind = callKind(provider, path);
    } else if (binding.t === 'module' && binding.provider === 'hf') {
      provider = 'hf';
      kind = callKind('hf', path);
    } else if (binding.t === 'fn' && (binding.provider === 'hf' || binding.provider === 'ai-sdk') && path.length === 0) {
      provider = binding.provider;
      kind = callKind(provider, [binding.name]);
    } else if (binding.t === 'google-model') {
      provider = 'google';
      kind = callKind('google', path);
    } else if (binding.t === 'pipeline' && path.length === 0) {
      provider = 'transformers-js';
      kind = 'pipeline-run';
    }
    if ((binding.t === 'fn' && binding.name === 'pipeline' && path.length === 0) || (binding.t === 'module' && binding.provider === 'transformers-js' && path.join('.') === 'pipeline')) {
      this.visitLoad(call, 'pipeline(…)');
      return;
    }
    if (binding.t === 'class' && binding.provider === 'transformers-js' && path.join('.') === 'from_pretrained') {
      this.visitLoad(call, `${binding.name}.from_pretrained(…)`);
      return;
    }
    if (!provider || !kind) return;
    this.usage.calls.push(this.buildCall(call, provider, kind, binding));
  }

  private buildCall(call: TSESTree.CallExpression, provider: ApiProvider, kind: ApiCallKind, binding: Binding): ApiCall {
    const text = this.doc.text;
    const obj = this.objectArg(call.arguments[0]);
    // Google model objects take the prompt itself (a string) or a request object as their argument.
    const promptArg = binding.t === 'google-model' && call.arguments[0] !== undefined && this.isStringish(call.arguments[0]);
    const firstIsDynamic = call.arguments.length > 0 && !obj && kind !== 'pipeline-run' && !promptArg;
    const w = this.where(call);
    const modelProp = this.prop(obj, 'model');
    let model = this.readString(modelProp);
    let modelProvider: ApiProvider | undefined;
    if (provider === 'ai-sdk' && modelProp) {
      // `model: openai("gpt-4o")` / `openai.chat("gpt-4o")`
      const mv = unwrap(modelProp.value);
      if (mv.type === 'CallExpression') {
        const fr = this.resolve(mv.callee);
        if (fr?.binding.t === 'model-factory') {
          modelProvider = fr.binding.provider;
          const id = mv.arguments[0];
          const v = id ? this.constString(id) : undefined;
          model = { value: v, dynamic: v === undefined, span: spanOf(id ?? mv) };
        }
      }
    }
    let maxTokens: ApiCall['maxTokens'];
    const names = maxTokenNames(provider, kind);
    const findMax = (o: TSESTree.ObjectExpression | undefined) => {
      for (const nm of names) {
        const p = this.prop(o, nm);
        if (p) {
          const v = this.constNumber(p.value);
          return { name: nm, value: v, dynamic: v === undefined, span: spanOf(p) };
        }
      }
      return undefined;
    };
    maxTokens = findMax(obj);
    if (!maxTokens && provider === 'hf') maxTokens = findMax(this.objectArg(this.prop(obj, 'parameters')?.value));
    if (!maxTokens && provider === 'google') {
      maxTokens = findMax(this.objectArg(this.prop(obj, 'config')?.value)) ?? findMax(this.objectArg(this.prop(obj, 'generationConfig')?.value));
    }
    let openEnded = obj ? this.site(obj).open_ended : firstIsDynamic;
    if (binding.t === 'google-model') {
      const gm = binding.options;
      model = this.readString(this.prop(gm, 'model'));
      maxTokens ??= findMax(this.objectArg(this.prop(gm, 'generationConfig')?.value));
      if (!gm) openEnded = true;
      else if (!maxTokens && !this.prop(gm, 'generationConfig') && gm.properties.some((p) => p.type === 'SpreadElement')) openEnded = true;
    }
    const promptText: string[] = [];
    if (obj) {
      for (const p of obj.properties) if (!(p.type === 'Property' && keyName(p) === 'model')) this.strings(p, promptText);
    } else for (const a of call.arguments) this.strings(a, promptText);
    if (binding.t === 'google-model' && binding.options) this.strings(binding.options, promptText);
    const sysProp = provider === 'anthropic' ? this.prop(obj, 'system') : undefined;
    let cacheControl = false;
    for (const a of call.arguments)
      walk(a, (x) => {
        if (x.type === 'Property' && keyName(x) === 'cache_control') cacheControl = true;
      });
    const inputProp = this.prop(obj, 'input') ?? this.prop(obj, 'inputs') ?? this.prop(obj, 'contents');
    const inputVal = inputProp ? unwrap(inputProp.value) : kind === 'pipeline-run' ? (call.arguments[0] ? unwrap(call.arguments[0]) : undefined) : undefined;
    const listInput =
      !!inputVal &&
      ((inputVal.type === 'ArrayExpression' && (inputVal.elements.length > 1 || inputVal.elements.some((e) => e?.type === 'SpreadElement'))) ||
        (inputVal.type === 'CallExpression' && inputVal.callee.type === 'MemberExpression' && !inputVal.callee.computed && inputVal.callee.property.type === 'Identifier' && ['map', 'slice', 'filter', 'flatMap'].includes(inputVal.callee.property.name)));
    return {
      lang: 'jsts',
      provider,
      modelProvider,
      kind,
      span: spanOf(call),
      callee: text.slice(call.callee.range[0], call.callee.range[1]),
      model: model ?? (firstIsDynamic || openEnded ? { dynamic: true, span: spanOf(call) } : undefined),
      maxTokens: maxTokens ?? (openEnded ? { name: names[0], dynamic: true, span: spanOf(call) } : undefined),
      // edits go into a literal in the call only (a named params object may be shared by several calls)
      options: obj && binding.t !== 'google-model' && unwrap(call.arguments[0]) === obj ? this.site(obj) : undefined,
      system: sysProp ? this.readString(sysProp) : undefined,
      cacheControl,
      promptText,
      enumAnswer: call.arguments.some((a) => this.hasEnum(a)),
      listInput,
      loop: this.loopInfo(w, call.arguments, modelProp?.value),
      inHandler: w.inHandler,
      inFunction: w.inFunction,
      ...(this.prop(obj, 'reasoning_effort') || this.prop(obj, 'reasoning') ? { reasoningEffort: true } : {}),
    };
  }

  private visitLoad(call: TSESTree.CallExpression, what: string): void {
    // `x = await pipeline(...)`, `x ??= pipeline(...)`: stored in an outer variable or field, i.e. memoised.
    let p = this.parents.get(call);
    while (p && (p.type === 'AwaitExpression' || p.type === 'TSAsExpression')) p = this.parents.get(p);
    if (p?.type === 'AssignmentExpression') return;
    const w = this.where(call);
    const loop = this.loopInfo(w, call.arguments);
    const load: ModelLoad = { lang: 'jsts', what, span: spanOf(call), loop: loop && !loop.itemDependent && !loop.literalSmall ? loop : undefined, inHandler: w.inHandler };
    this.usage.loads.push(load);
    if (!load.loop && !w.inHandler && w.fnName && w.fn && isFunction(w.fn)) this.pendingLoads.push({ load, fn: w.fn, name: w.fnName });
  }

  readonly pendingLoads: { load: ModelLoad; fn: N; name: string }[] = [];

  /** One level through local helpers: calls / loads inside `function f(x)` reached from a loop or handler. */
  followHelpers(): void {
    const helperCalls = this.usage.calls.filter((c) => c.inFunction && !c.loop && !c.inHandler);
    if (helperCalls.length === 0 && this.pendingLoads.length === 0) return;
    const sites = new Map<string, TSESTree.CallExpression[]>();
    for (const n of this.nodes) {
      if (n.type === 'CallExpression') {
        const name = rootName(n.callee);
        if (name) (sites.get(name) ?? sites.set(name, []).get(name)!).push(n);
      }
    }
    for (const c of helperCalls) {
      const callNode = this.nodeAt(c.span);
      if (!callNode) continue;
      const w = this.where(callNode);
      if (!w.fnName || !w.fn || !isFunction(w.fn)) continue;
      const params = new Set(w.fn.params.flatMap((q) => patternNames(q)));
      const t = this.taint([...params], w.fn.body);
      if (!(callNode as TSESTree.CallExpression).arguments.some((a) => readsAny(a, t))) continue;
      for (const site of sites.get(w.fnName) ?? []) {
        const sw = this.where(site);
        const loop = this.loopInfo(sw, site.arguments);
        if (loop?.itemDependent) this.usage.calls.push({ ...c, loop, inHandler: sw.inHandler, via: { span: spanOf(site), name: w.fnName } });
      }
    }
    for (const { load, fn, name } of this.pendingLoads) {
      if (!isFunction(fn)) continue;
      const params = new Set(fn.params.flatMap((q) => patternNames(q)));
      const loadNode = this.nodeAt(load.span) as TSESTree.CallExpression | undefined;
      if (!loadNode || loadNode.arguments.some((a) => readsAny(a, params))) continue;
      for (const site of sites.get(name) ?? []) {
        const sw = this.where(site);
        const loop = this.loopInfo(sw, site.arguments);
        const inLoop = loop && !loop.literalSmall && (loop.itemDependent || sw.loops.length > 0);
        if (inLoop || sw.inHandler) {
          this.usage.loads.push({ ...load, loop: inLoop ? loop : undefined, inHandler: sw.inHandler, via: { span: spanOf(site), name } });
          break;
        }
      }
    }
  }

  private byStart?: Map<number, N[]>;
  private nodeAt(span: { start: number; end: number }): N | undefined {
    if (!this.byStart) {
      const m = new Map<number, N[]>();
      for (const n of this.nodes) if (n.type === 'CallExpression') (m.get(n.range[0]) ?? m.set(n.range[0], []).get(n.range[0])!).push(n);
      this.byStart = m;
    }
    return this.byStart.get(span.start)?.find((n) => n.range[1] === span.end);
  }

  // --- how often a call runs ----------------------------------------------------------------------

  private callSites?: Map<string, TSESTree.CallExpression[]>;
  private readonly valueRefs = new Map<string, number>();

  /** Calls of a local name (`f(...)`, `this.f(...)`). */
  private sitesOf(name: string): TSESTree.CallExpression[] {
    if (!this.callSites) {
      const m = new Map<string, TSESTree.CallExpression[]>();
      for (const n of this.nodes)
        if (n.type === 'CallExpression') {
          const r = rootName(n.callee);
          const u = unwrap(n.callee);
          if (r && (u.type === 'Identifier' || r.startsWith('this.'))) (m.get(r) ?? m.set(r, []).get(r)!).push(n);
        }
      this.callSites = m;
    }
    return this.callSites.get(name) ?? [];
  }

  /** References of a local function other than calling it: passed as a value, exported, stored in an object. */
  private passedAsValue(name: string): boolean {
    let k = this.valueRefs.get(name);
    if (k === undefined) {
      k = 0;
      const prop = name.startsWith('this.') ? name.slice(5) : undefined;
      for (const n of this.nodes) {
        if (prop) {
          if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === prop && unwrap(n.object).type === 'ThisExpression') {
            const p = this.parents.get(n);
            if (!(p?.type === 'CallExpression' && p.callee === n)) k++;
          }
          continue;
        }
        if (n.type !== 'Identifier' || n.name !== name) continue;
        const p = this.parents.get(n);
        if (!p) continue;
        if (p.type === 'CallExpression' && unwrap(p.callee) === n) continue;
        if ((p.type === 'FunctionDeclaration' || p.type === 'VariableDeclarator') && p.id === n) continue;
        if (p.type === 'MemberExpression' && p.property === n && !p.computed) continue;
        if ((p.type === 'Property' || p.type === 'MethodDefinition' || p.type === 'PropertyDefinition') && p.key === n && !(p.type === 'Property' && p.shorthand)) continue;
        if (p.type === 'ImportSpecifier' || p.type === 'ImportDefaultSpecifier') continue;
        k++;
      }
      this.valueRefs.set(name, k);
    }
    return k > 0;
  }

  private exported(fn: N): boolean {
    let p = this.parents.get(fn);
    if (p?.type === 'VariableDeclarator') p = this.parents.get(this.parents.get(p)!);
    return p?.type === 'ExportNamedDeclaration' || p?.type === 'ExportDefaultDeclaration';
  }

  /**
   * `repeated` in a loop (other than over a handful of literals), a request handler, a callback something calls
   * many times, or a function that is exported, passed on as a value, called from repeated code or not called in
   * this file at all; `once` at module top level (including a callback of a top-level `run(async () => …)` or the
   * body of a `main()` called once) and in functions whose every call here runs once.
   */
  private runsOf(node: N, depth: number): 'repeated' | 'once' {
    const w = this.where(node);
    if (w.repeated || w.inHandler) return 'repeated';
    if (w.loops.some((l) => !this.literalSmall(l))) return 'repeated';
    if (!w.fn) return 'once';
    const name = w.fnName;
    if (!name || depth > 3 || this.exported(w.fn) || this.passedAsValue(name)) return 'repeated';
    const sites = this.sitesOf(name);
    if (sites.length === 0) return 'repeated';
    return sites.some((s) => this.runsOf(s, depth + 1) === 'repeated') ? 'repeated' : 'once';
  }

  /**
   * One turn of a chat UI's conversation: the request's `messages` are the conversation the client sent — converted
   * with the AI SDK's `convertToModelMessages` / `convertToCoreMessages`, or read from the request of the handler
   * the call sits in (`const { messages } = await req.json()`) — or its `prompt` is the user's own prompt from that
   * request (a completion UI). A prompt built from a request field (`Summarise: ${text}`) is a task, not a turn.
   */
  private chatTurn(call: TSESTree.CallExpression): boolean {
    const obj = this.objectArg(call.arguments[0]);
    const msgs = this.prop(obj, 'messages') ?? this.prop(obj, 'prompt');
    if (!msgs) return false;
    let converted = false;
    walk(msgs.value, (x) => {
      if (x.type === 'CallExpression') {
        const b = this.resolve(x.callee)?.binding;
        if (b?.t === 'fn' && b.provider === 'ai-sdk' && (b.name === 'convertToModelMessages' || b.name === 'convertToCoreMessages')) converted = true;
      }
    });
    if (converted) return true;
    const w = this.where(call);
    if (!w.inHandler || !w.fn || !isFunction(w.fn)) return false;
    const t = this.taint(w.fn.params.flatMap((q) => patternNames(q)), w.fn.body);
    // the conversation itself (`messages`, `body.messages`, `[system, ...messages]`), not a prompt built from a field
    const forwarded = (n: N): boolean => {
      const u = unwrap(n);
      if (u.type === 'Identifier') return t.has(u.name);
      if (u.type === 'MemberExpression') {
        const ch = memberChain(u);
        const r = ch ? rootName(ch.root) : undefined;
        return !!r && t.has(r);
      }
      return false;
    };
    const v = unwrap(msgs.value);
    return forwarded(v) || (v.type === 'ArrayExpression' && v.elements.some((e) => e?.type === 'SpreadElement' && forwarded(e.argument)));
  }

  build(): ApiUsage {
    for (const n of this.nodes) if (n.type === 'CallExpression') this.visitCall(n);
    this.followHelpers();
    for (const c of this.usage.calls) {
      if (c.via) continue;
      const node = this.nodeAt(c.span) as TSESTree.CallExpression | undefined;
      if (!node) continue;
      c.runs = this.runsOf(node, 0);
      if (this.chatTurn(node)) c.chatTurn = true;
    }
    return this.usage;
  }
}

const cache = new WeakMap<JstsDoc, ApiUsage>();

export function jstsApiUsage(doc: JstsDoc, workspace?: WorkspaceReader): ApiUsage {
  let u = cache.get(doc);
  if (!u) {
    u = new JstsUsageBuilder(doc, workspace).build();
    cache.set(doc, u);
  }
  return u;
}

