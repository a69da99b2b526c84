// Loops: is a call inside a for/while loop (within its own function), does the loop walk independent items
// or batches, and does the call depend on the loop's item?
//   items:   `for x in texts`, `for row in dataset`, `for i in range(len(xs))`, a DataLoader with batch_size 1 (or
//            its default, 1), wrapped in tqdm / enumerate / zip
//   batches: a DataLoader with batch_size > 1, `batched(...)` / `chunked(...)`, `range(0, n, step)`,
//            `.iter(batch_size=...)`, a target or iterable named like a batch / chunk
//   unknown: anything else (a DataLoader whose batch size is dynamic, `while` loops)
import { callArgs, field, textOf, walk, type PyNode } from './ast';
import { classify, definitions, keyOf, type PyAnalysis } from './analysis';
import { constNumber, evalConst } from './consts';
import { bindingValue, enclosingClass, resolveValue } from './flow';
import { calleeLast } from './imports';

export type LoopKind = 'items' | 'batches' | 'unknown';

export interface LoopInfo {
  loop: PyNode;
  kind: LoopKind;
  /** Names bound by the loop target (`for i, x in ...` → i, x). */
  targets: string[];
}

const WRAPPERS = new Set(['tqdm', 'enumerate', 'zip', 'list', 'sorted', 'reversed', 'iter', 'trange', 'track', 'islice']);
const BATCHERS = new Set(['batched', 'chunked', 'chunks', 'batch', 'iter_batches', 'batchify', 'minibatch', 'grouper', 'make_batches', 'get_batches']);

/** A name that says it holds a batch (`batch`, `minibatch`, `batches`). A lone `chunk` is usually one text chunk: an item. */
function batchyName(s: string): boolean {
  return s.toLowerCase().includes('batch');
}

const COMPREHENSIONS = new Set(['list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension']);

export function isComprehension(n: PyNode): boolean {
  return COMPREHENSIONS.has(n.type);
}

/** A loop's target, iterable and body: a for statement's fields, or a comprehension's first `for ... in`. */
export function loopHead(loop: PyNode): { left?: PyNode; right?: PyNode; body?: PyNode } {
  if (isComprehension(loop)) {
    const clause = loop.children.find((c) => c.type === 'for_in_clause');
    return { left: field(clause, 'left'), right: field(clause, 'right'), body: field(loop, 'body') };
  }
  return { left: field(loop, 'left'), right: field(loop, 'right'), body: field(loop, 'body') };
}

/**
 * Loops (statements and comprehensions) around `n` inside its own function (innermost first). Kept per node: the
 * loops lie inside `n`'s top-level statement, whose subtree never changes while its nodes live (an incremental
 * re-parse re-uses a statement whole, parse/python.ts `reuseAt`). Shared: not to be changed by its readers.
 */
const loopsAround = new WeakMap<PyNode, readonly PyNode[]>();

export function enclosingLoops(n: PyNode): readonly PyNode[] {
  let out = loopsAround.get(n);
  if (!out) {
    out = loopsOf(n);
    loopsAround.set(n, out);
  }
  return out;
}

function loopsOf(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') break;
    if ((p.type === 'for_statement' || p.type === 'while_statement' || isComprehension(p)) && inBody(n, p)) out.push(p);
  }
  return out;
}

function inBody(n: PyNode, loop: PyNode): boolean {
  const body = loopHead(loop).body;
  return !!body && n.start >= body.start && n.end <= body.end;
}

export function loopTargets(text: string, loop: PyNode): string[] {
  const left = loopHead(loop).left;
  const out: string[] = [];
  if (left) walk(left, (n) => {
    if (n.type === 'identifier') out.push(textOf(text, n));
  });
  return out;
}

export function classifyLoop(a: PyAnalysis, loop: PyNode): LoopInfo {
  const text = a.text;
  const targets = loop.type === 'while_statement' ? [] : loopTargets(text, loop);
  const info = (kind: LoopKind): LoopInfo => ({ loop, kind, targets });
  if (loop.type === 'while_statement') return info('unknown');
  if (targets.some(batchyName)) return info('batches');
  let it = loopHead(loop).right;
  for (let i = 0; i < 4 && it?.type === 'call'; i++) {
    const last = calleeLast(text, it);
    if (last && BATCHERS.has(last)) return info('batches');
    const args = callArgs(text, it);
    if (last === 'iter' && args.keywords.has('batch_size')) return info('batches');
    if (last === 'range') {
      if (args.positional.length >= 3) return info('batches');
      return info('items');
    }
    if (last && WRAPPERS.has(last)) {
      it = args.positional[0];
      continue;
    }
    break;
  }
  if (!it) return info('unknown');
  // a logger's or a helper's wrapper around a loader (`metric_logger.log_every(data_loader, 10)`,
  // `accelerator.skip_first_batches(dl, n)`): the loop walks what the loader hands out
  if (it.type === 'call') {
    const inner = callArgs(text, it).positional.find((p) => loaderLike(a, p));
    if (inner) it = inner;
  } else if (it.type === 'identifier') {
    // the same wrapper bound to a name first (`bar = TQDM(dataloader, desc)` then `for x, y in bar:`)
    const v = bindingValue(a, textOf(text, it), loop);
    const inner = v?.type === 'call' && !loaderLike(a, it) ? callArgs(text, v).positional.find((p) => loaderLike(a, p)) : undefined;
    if (inner) it = inner;
  }
  const key = keyOf(text, it);
  if (key && batchyName(key)) return info('batches');
  // one loader of a dict of them (`dataloaders["train"]`, `self.loaders[split]`): it batches as it was configured
  if (!key && it.type === 'subscript') {
    const base = keyOf(text, field(it, 'value'));
    if (base && LOADER_NAME.test(base)) return info('unknown');
  }
  const k = resolveValue(a, it);
  // an unknown loader (a parameter, another module's) batches as it was configured elsewhere
  if (!k && key && LOADER_NAME.test(key)) return info('unknown');
  if (k?.kind === 'dataloader') return info(loaderBatching(k.mod ?? a, k.origin));
  if (k) return info('unknown'); // a model, a pipeline, a tokenizer: not a collection of items
  if (yieldsLists(a, it)) return info('batches');
  if (regrouped(a, it, loop)) return info('batches');
  return info('items');
}

/**
 * The iterable is a name last bound (before the loop) from a call that regroups it with a batch size
 * (`dataset = prepare_dataset(dataset, batch_size=self.batch_size)`, `ds = ds.batch(batch_size=16)`): each item is
 * a batch. A constant batch size of 1 still hands out single items.
 */
function regrouped(a: PyAnalysis, it: PyNode, loop: PyNode): boolean {
  if (it.type !== 'identifier') return false;
  const v = bindingValue(a, textOf(a.text, it), loop);
  if (v?.type !== 'call') return false;
  const bs = callArgs(a.text, v).keywords.get('batch_size')?.value;
  if (!bs) return false;
  const n = constNumber(a.text, bs, a.consts);
  return n === undefined || n > 1;
}

/** A DataLoader (resolved, or an unresolved name that says it is one: `data_loader`, `val_dl`, `self.loader`). */
function loaderLike(a: PyAnalysis, n: PyNode): boolean {
  if (n.type !== 'identifier' && n.type !== 'attribute') return false;
  if (resolveValue(a, n)?.kind === 'dataloader') return true;
  const key = keyOf(a.text, n);
  return !!key && LOADER_NAME.test(key);
}

const LOADER_NAME = /loader|(^|[._])dl$/i;

/**
 * The iterable is a generator of this file (a function, or a method through `self.`) that yields lists: a list it
 * filled with `append`, `list(...)` or a list literal / comprehension. Such a generator hands out batches.
 */
function yieldsLists(a: PyAnalysis, it: PyNode): boolean {
  const text = a.text;
  const target = it.type === 'call' ? field(it, 'function') : it;
  let def: PyNode | undefined;
  if (target?.type === 'identifier') def = definitions(a).get(textOf(text, target));
  else if (target?.type === 'attribute' && textOf(text, field(target, 'object') ?? target) === 'self') {
    const cls = enclosingClass(it);
    const name = textOf(text, field(target, 'attribute') ?? target);
    for (const c of (cls ? field(cls, 'body')?.children : undefined) ?? []) {
      const d = c.type === 'decorated_definition' ? c.children.find((x) => x.type === 'function_definition') : c;
      if (d?.type === 'function_definition' && textOf(text, field(d, 'name') ?? d) === name) def = d;
    }
  }
  if (def?.type !== 'function_definition') return false;
  const appended = new Set<string>();
  const yielded: PyNode[] = [];
  walk(def, (n) => {
    if (n !== def && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) return false;
    if (n.type === 'yield' && n.children[0]) yielded.push(n.children[0]);
    if (n.type === 'call' && calleeLast(text, n) === 'append') {
      const f = field(n, 'function');
      const o = f?.type === 'attribute' ? field(f, 'object') : undefined;
      if (o?.type === 'identifier') appended.add(textOf(text, o));
    }
    return true;
  });
  return yielded.length > 0 && yielded.every((y) => y.type === 'list' || y.type === 'list_comprehension' || (y.type === 'call' && calleeLast(text, y) === 'list') || (y.type === 'identifier' && appended.has(textOf(text, y))));
}

/** How a DataLoader(...) call batches: items for batch size 1 (its default), batches above, unknown otherwise. */
export function loaderBatching(a: PyAnalysis, origin: PyNode): LoopKind {
  if (origin.type !== 'call') return 'unknown'; // a parameter: configured by the caller
  const text = a.text;
  const args = callArgs(text, origin);
  if (args.keywords.has('batch_sampler')) return 'batches';
  // DataLoader(dataset, batch_size=1, shuffle, sampler, batch_sampler, ...)
  const bs = args.keywords.get('batch_size')?.value ?? args.positional[1];
  if (!bs) return args.splat ? 'unknown' : 'items'; // DataLoader's default batch_size is 1
  const v = evalConst(text, bs, a.consts);
  if (v === null) return 'batches'; // batch_size=None: the dataset yields batches itself
  const n = constNumber(text, bs, a.consts);
  if (n === undefined) return 'unknown';
  return n <= 1 ? 'items' : 'batches';
}

/** Whether `call`'s arguments use the loop's item (directly or through names assigned from it in the loop). */
export function dependsOnItem(a: PyAnalysis, info: LoopInfo, call: PyNode): boolean {
  const names = itemNames(a, info, call);
  const args = field(call, 'arguments');
  if (!args || !readsAnyOf(a.text, args, names)) return false;
  // a counting loop (`for unet in range(1, n + 1)`) whose counter reaches the call only as an option naming a stage
  // or a step (`unet_number=unet`): the data the call runs on comes from elsewhere
  if (countingLoop(a, info.loop)) {
    const ca = callArgs(a.text, call);
    const optionOnly = ca.positional.every((p) => !readsAnyOf(a.text, p, names)) &&
      [...ca.keywords.values()].every((k) => !readsAnyOf(a.text, k.value, names) || (k.value.type === 'identifier' && info.targets.includes(textOf(a.text, k.value))));
    const splats = args.children.filter((c) => c.type === 'dictionary_splat' || c.type === 'list_splat');
    if (optionOnly && splats.every((sp) => !readsAnyOf(a.text, sp, names))) return false;
  }
  return true;
}

/** `for i in range(...)`: a loop over numbers, not over data. */
function countingLoop(a: PyAnalysis, loop: PyNode): boolean {
  const it = loopHead(loop).right;
  return it?.type === 'call' && calleeLast(a.text, it) === 'range';
}

/** Whether an expression reads one of `names` (identifiers, not attribute names). */
export function readsAnyOf(text: string, n: PyNode, names: ReadonlySet<string>): boolean {
  let uses = false;
  walk(n, (m) => {
    if (m.type === 'identifier' && names.has(textOf(text, m))) uses = true;
    return !uses;
  });
  return uses;
}

/**
 * The loop's item names and the names assigned from them in the loop body before `call`. Read from the loop's own
 * subtree and text (its targets, its body's assignments): kept per call node for the loop and targets asked (a
 * node's statement text never changes while it lives; see `enclosingLoops`). Shared: not to be changed.
 */
const itemNamesKept = new WeakMap<PyNode, { loop: PyNode; targets: string; names: ReadonlySet<string> }[]>();

export function itemNames(a: PyAnalysis, info: LoopInfo, call: PyNode): ReadonlySet<string> {
  const targets = info.targets.join('\n');
  let kept = itemNamesKept.get(call);
  const hit = kept?.find((k) => k.loop === info.loop && k.targets === targets);
  if (hit) return hit.names;
  const names = readItemNames(a, info, call);
  if (!kept) itemNamesKept.set(call, (kept = []));
  kept.push({ loop: info.loop, targets, names });
  return names;
}

function readItemNames(a: PyAnalysis, info: LoopInfo, call: PyNode): Set<string> {
  const text = a.text;
  const names = new Set(info.targets.filter((t) => t !== '_'));
  if (names.size === 0) return names;
  const body = loopHead(info.loop).body;
  if (body) {
    for (let round = 0; round < 3; round++) {
      walk(body, (n) => {
        if (n.type !== 'assignment' || n.start >= call.start) return true;
        const right = field(n, 'right');
        let uses = false;
        if (right) walk(right, (m) => {
          if (m.type === 'identifier' && names.has(textOf(text, m))) uses = true;
        });
        if (uses) {
          const left = field(n, 'left');
          if (left) walk(left, (m) => {
            if (m.type === 'identifier' && m.field !== 'attribute') names.add(textOf(text, m));
          });
        }
        return true;
      });
    }
  }
  return names;
}

/**
 * Whether a loop asks a person for input (`input()` in its body, or in what it iterates: `iter(lambda: input(), '')`,
 * also through a name bound to it before the loop, `prompts if auto else iter(lambda: input('> '), '')`), i.e. it is
 * a REPL, not a pass over a dataset.
 */
export function isInteractive(a: PyAnalysis, loop: PyNode): boolean {
  const it = loop.type === 'while_statement' ? undefined : loopHead(loop).right;
  const bound = it?.type === 'identifier' ? bindingValue(a, textOf(a.text, it), loop) : undefined;
  return asksInput(a, loop) || (!!bound && asksInput(a, bound));
}

function asksInput(a: PyAnalysis, root: PyNode): boolean {
  let yes = false;
  walk(root, (n) => {
    if (n.type === 'call') {
      const last = calleeLast(a.text, n);
      if (last === 'input' || last === 'prompt' || last === 'readline') yes = true;
    }
    if (n.type === 'attribute' && textOf(a.text, n) === 'sys.stdin') yes = true;
    return !yes;
  });
  return yes;
}

/** Identifiers an expression reads (not attribute names, not keyword names). */
function readsOf(text: string, n: PyNode, out: Set<string>): void {
  walk(n, (m) => {
    if (m.type === 'identifier' && m.field !== 'attribute' && !(m.field === 'name' && m.parent?.type === 'keyword_argument')) out.add(textOf(text, m));
    return m.type !== 'lambda';
  });
}

/** Names an assignment target (re)binds or mutates: `x`, `a, b`, `buf[i]` → buf, `state.h` → state. */
function targetNames(text: string, left: PyNode): string[] {
  if (left.type === 'identifier') return textOf(text, left) === 'self' ? [] : [textOf(text, left)];
  if (left.type === 'subscript') return targetNames(text, field(left, 'value') ?? left);
  if (left.type === 'attribute') return targetNames(text, field(left, 'object') ?? left);
  return left.children.flatMap((c) => (c.type === 'identifier' || c.type === 'subscript' || c.type === 'attribute' || c.children.length > 0 ? targetNames(text, c) : []));
}

/**
 * A loop-carried dependency: an argument of `call` receives, at the next step, a value computed from the call's
 * own result: directly (`x = stage(x)`) or through other names (`logits = model(ids)`, `nxt = logits.argmax(-1)`,
 * `ids = torch.cat([ids, nxt])`). Each step needs the last (layers applied in turn, autoregressive decoding), so
 * the calls cannot run as one batch. A name reassigned from fresh inputs before the call in the same step
 * (`input = tokenizer(prompt)`) is not carried, nor is the loop's own target.
 */
export function loopCarried(a: PyAnalysis, loop: PyNode, call: PyNode): boolean {
  const text = a.text;
  const body = loopHead(loop).body;
  if (!body) return false;
  const fresh = new Set(loopTargets(text, loop));
  // assignments of the body in source order; `kills` when unconditional (not under if / for / try / while)
  const assigns: { left: PyNode; right: PyNode; at: number; kills: boolean }[] = [];
  walk(body, (n) => {
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return false;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left && right) assigns.push({ left, right, at: n.start, kills: n.type === 'assignment' && left.type !== 'subscript' && unconditional(n, body) });
    }
    return true;
  });
  const readsAny = (n: PyNode, set: Set<string>) => {
    const r = new Set<string>();
    readsOf(text, n, r);
    for (const x of r) if (set.has(x)) return true;
    return false;
  };
  const step = (tainted: Set<string>, x: { left: PyNode; right: PyNode; kills: boolean }, seed: boolean) => {
    const names = targetNames(text, x.left).filter((t) => !fresh.has(t));
    if (seed || readsAny(x.right, tainted) || (x.left.type !== 'identifier' && readsAny(x.left, tainted))) for (const t of names) tainted.add(t);
    else if (x.kills) for (const t of names) tainted.delete(t);
  };
  // pass 1: from the call to the end of the step, what its result flows into
  const end = new Set<string>();
  for (const x of assigns) {
    const holds = call.start >= x.right.start && call.end <= x.right.end;
    if (x.at < call.start && !holds) continue;
    step(end, x, holds);
  }
  if (end.size === 0) return false;
  // pass 2: from the start of the next step to the call
  const live = new Set(end);
  for (const x of assigns) {
    if (x.at >= call.start || (call.start >= x.right.start && call.end <= x.right.end)) break;
    step(live, x, false);
  }
  const args = field(call, 'arguments');
  return !!args && readsAny(args, live);
}

function unconditional(n: PyNode, body: PyNode): boolean {
  for (let p = n.parent; p && p !== body; p = p.parent) {
    if (['if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'conditional_expression', 'match_statement'].includes(p.type)) return false;
  }
  return true;
}

/**
 * The callee comes from the loop: `for blk in self.blocks: x = blk(x)`, `for f in reward_funcs: f(...)`,
 * `for name, head in self.heads.items(): head(x)`. The loop walks callables (layers, heads, models), not items.
 */
export function calleeFromLoop(a: PyAnalysis, loops: readonly PyNode[], call: PyNode): boolean {
  const f = field(call, 'function');
  if (!f) return false;
  let root: PyNode | undefined = f;
  while (root && (root.type === 'attribute' || root.type === 'subscript' || root.type === 'call')) root = field(root, root.type === 'attribute' ? 'object' : root.type === 'subscript' ? 'value' : 'function');
  if (root?.type !== 'identifier') return false;
  const name = textOf(a.text, root);
  for (const l of loops) {
    if (loopTargets(a.text, l).includes(name)) return true;
    // `layer = self.layers[i]` inside the loop body
    const body = loopHead(l).body;
    let assigned = false;
    if (body) walk(body, (n) => {
      if (assigned) return false;
      if (n.type === 'assignment' && n.start < call.start) {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (left?.type === 'identifier' && textOf(a.text, left) === name && right?.type === 'subscript') assigned = true;
      }
      return true;
    });
    if (assigned) return true;
  }
  // `self.layers[i](x)`: the callee is an element of a collection indexed by the loop
  if (f.type === 'subscript') return true;
  return false;
}

/**
 * The item-dependent inputs of `call` are stacked into a batch inside the loop (`torch.stack([...])`,
 * `torch.cat(...)`, `pad_sequence(...)`, `[image] * n`): each iteration already runs a batch.
 */
export function stacksBatch(a: PyAnalysis, loop: PyNode, call: PyNode): boolean {
  const text = a.text;
  const body = loopHead(loop).body;
  if (!body) return false;
  const reads = new Set<string>();
  const args = field(call, 'arguments');
  if (args) readsOf(text, args, reads);
  let yes = false;
  walk(body, (n) => {
    if (yes) return false;
    if (n.type !== 'assignment' || n.start >= call.start) return true;
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (left?.type !== 'identifier' || !right || !reads.has(textOf(text, left))) return true;
    let stacked = false;
    walk(right, (m) => {
      if (m.type === 'call') {
        const last = calleeLast(text, m);
        if (last && STACKERS.has(last) && callArgs(text, m).positional.some((p) => p.type === 'list' || p.type === 'list_comprehension' || p.type === 'identifier' || p.type === 'generator_expression')) stacked = true;
        if (tokenizesSlice(a, m)) stacked = true;
      }
      return !stacked;
    });
    if (stacked) yes = true;
    return true;
  });
  return yes;
}

const STACKERS = new Set(['stack', 'vstack', 'pad_sequence', 'default_collate', 'collate_fn', 'collate']);

/**
 * A tokenizer or processor called on a slice of a list (`tokenizer(samples[i * n : (i + 1) * n], padding=True)`): it
 * encodes several texts at once, a batch. Only a slice as the one index (`texts[a:b]`), not a later axis of a tensor
 * (`ids[:, a:b]`, a window of one sequence).
 */
function tokenizesSlice(a: PyAnalysis, call: PyNode): boolean {
  const text = a.text;
  const f = field(call, 'function');
  if (!f) return false;
  const named = /(tokeni[sz]er|processor)$/i.test(textOf(text, f).replace(/\.(__call__|batch_encode_plus|encode_batch)$/, ''));
  if (!named && classify(a, f, 0)?.kind !== 'tokenizer') return false;
  const args = callArgs(text, call);
  const first = args.positional[0] ?? args.keywords.get('text')?.value;
  if (first?.type !== 'subscript') return false;
  const index = first.children.filter((c) => c.field !== 'value' && c.type !== 'comment');
  return index.length === 1 && index[0].type === 'slice';
}

/**
 * A loop over a handful of items written in the code: a literal list (`for q in ["a", "b", "c"]`, or a name
 * bound once to one) of at most `literalLimit` elements, or `range(N)` with a constant N of at most `limit`.
 */
export function smallLiteralLoop(a: PyAnalysis, loop: PyNode, limit = 8, literalLimit = 32): boolean {
  let it = loopHead(loop).right;
  for (let i = 0; i < 3 && it?.type === 'call'; i++) {
    const last = calleeLast(a.text, it);
    if (!last || !WRAPPERS.has(last)) break;
    it = callArgs(a.text, it).positional[0];
  }
  if (!it) return false;
  if (it.type === 'identifier') {
    // the value the name holds where the loop runs (notebooks rebind names from cell to cell)
    const v = bindingValue(a, textOf(a.text, it), loop);
    if (!v) return false;
    it = v;
  }
  if (it.type === 'list' || it.type === 'tuple' || it.type === 'set') return it.children.length <= literalLimit;
  if (it.type === 'call' && calleeLast(a.text, it) === 'range') {
    const args = callArgs(a.text, it).positional;
    const n = args.length === 1 ? constNumber(a.text, args[0], a.consts) : undefined;
    return n !== undefined && n <= limit;
  }
  return false;
}

const TIMERS = new Set(['perf_counter', 'perf_counter_ns', 'synchronize', 'elapsed_time', 'timeit', 'process_time']);

/** A timing harness: the loop (or its function) measures each call (`torch.cuda.synchronize()`, `perf_counter()`). */
export function timesCalls(a: PyAnalysis, loop: PyNode): boolean {
  let yes = false;
  walk(loop, (n) => {
    if (yes) return false;
    if (n.type === 'call') {
      const last = calleeLast(a.text, n);
      if (last && TIMERS.has(last)) yes = true;
    }
    return true;
  });
  return yes;
}

/**
 * The call's inputs come from a name that says it is a batch (`batch`, `batched_inps`), directly or through
 * names assigned from it in the loop before the call: each step runs a batch, whatever the loop walks.
 */
export function inputsNamedBatch(a: PyAnalysis, loop: PyNode, call: PyNode): boolean {
  const text = a.text;
  const args = field(call, 'arguments');
  const body = loopHead(loop).body;
  if (!args || !body) return false;
  const names = new Set<string>();
  readsOf(text, args, names);
  const assigns: { left: PyNode; right: PyNode }[] = [];
  walk(body, (n) => {
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return false;
    if (n.type === 'assignment' && n.start < call.start) {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left && right) assigns.push({ left, right });
    }
    return true;
  });
  for (let round = 0; round < 3; round++) {
    for (const { left, right } of assigns) if (targetNames(text, left).some((t) => names.has(t))) readsOf(text, right, names);
  }
  return [...names].some(batchyName);
}

/**
 * The loop's index is only used on a later axis of a tensor (`x[:, i]`, `ids[:, : i + 1]`, `h[..., t]`): the loop
 * walks positions of a sequence (or channels), every step over the whole batch.
 */
export function indexesLaterAxis(a: PyAnalysis, loop: PyNode): boolean {
  const text = a.text;
  const targets = new Set(loopTargets(text, loop).filter((t) => t !== '_'));
  const body = loopHead(loop).body;
  if (targets.size === 0 || !body) return false;
  let uses = 0;
  let later = 0;
  walk(body, (n) => {
    if (n.type !== 'identifier' || n.field === 'attribute' || !targets.has(textOf(text, n))) return true;
    uses++;
    for (let p: PyNode | undefined = n, c: PyNode | undefined; p && p !== body; c = p, p = p.parent) {
      if (p.type === 'subscript' && c && c.field === 'subscript') {
        const idx = p.children.filter((x) => x.field === 'subscript');
        if (idx.length >= 2 && idx[0] !== c) later++;
        break;
      }
    }
    return true;
  });
  return uses > 0 && later === uses;
}

/** Names of a model's context length: a buffer dimension sized by one holds a full sequence per row. */
const SEQUENCE_DIM = /(^|[._])(seqlen|seq_len|max_seq_len|max_seq_length|seq_length|max_position_embeddings|n_ctx|n_positions|block_size|context_length|max_length)$/;
/** Tokens from which one sequence fills a forward pass (the config rule's eval batch of 1 over 2,048-token sequences). */
export const FULL_SEQUENCE_TOKENS = 2048;

/**
 * The call's input is a row of a buffer the code allocated with a sequence dimension of a model's context length
 * (`inps = torch.zeros((nsamples, model.seqlen, hidden))`, then `layer(inps[j].unsqueeze(0))` for each row `j`): each
 * per-item forward already carries a full sequence (thousands of tokens), as in the layer-by-layer passes of GPTQ and
 * its kin, so the GPU is not at a batch of one token-poor item. The row is read through `.unsqueeze()`, `.to()`,
 * `.cuda()` at most; the dimension is a name of a context length or a constant of at least FULL_SEQUENCE_TOKENS.
 */
export function fullSequenceRows(a: PyAnalysis, loop: PyNode, call: PyNode): boolean {
  const text = a.text;
  const targets = new Set(loopTargets(text, loop).filter((t) => t !== '_'));
  const args = callArgs(text, call);
  let x: PyNode | undefined = args.positional[0] ?? (args.keywords.get('inputs_embeds') ?? args.keywords.get('hidden_states') ?? args.keywords.get('input_ids'))?.value;
  for (let i = 0; i < 3 && x?.type === 'call'; i++) {
    const f = field(x, 'function');
    if (f?.type !== 'attribute' || !/^(unsqueeze|to|cuda|contiguous)$/.test(textOf(text, field(f, 'attribute') ?? f))) return false;
    x = field(f, 'object');
  }
  if (x?.type !== 'subscript') return false;
  const buf = field(x, 'value');
  const idx = x.children.filter((c) => c.field === 'subscript');
  if (buf?.type !== 'identifier' || idx.length !== 1 || idx[0].type !== 'identifier' || !targets.has(textOf(text, idx[0]))) return false;
  const alloc = bindingValue(a, textOf(text, buf), loop);
  if (alloc?.type !== 'call' || !/^torch\.(zeros|empty|ones|randn|full)$/.test(a.qname.get(alloc) ?? '')) return false;
  const shape = callArgs(text, alloc).positional;
  const dims = shape.length === 1 && (shape[0].type === 'tuple' || shape[0].type === 'list') ? shape[0].children : shape;
  const seq = dims[1];
  if (!seq) return false;
  const n = constNumber(text, seq, a.consts);
  return n !== undefined ? n >= FULL_SEQUENCE_TOKENS : SEQUENCE_DIM.test(textOf(text, seq));
}

/**
 * The call's input is a crop of one tensor along its later axes (`img[:, :, y0:y1, x0:x1]`, bound to a name in the
 * loop or written in the call): the first axis kept whole (`:`), at least one later axis sliced. The loop walks tiles
 * or windows of the same batch, as an upscaler does to bound GPU memory on a large image, not independent items.
 */
export function cropsOneTensor(a: PyAnalysis, loop: PyNode, call: PyNode): boolean {
  const text = a.text;
  let x: PyNode | undefined = callArgs(text, call).positional[0];
  if (x?.type === 'identifier') {
    const v = bindingValue(a, textOf(text, x), call);
    x = v && v.start >= loop.start && v.end <= loop.end ? v : undefined;
  }
  if (x?.type !== 'subscript') return false;
  const idx = x.children.filter((c) => c.field === 'subscript');
  if (idx.length < 2 || idx[0].type !== 'slice' || idx[0].children.length > 0) return false;
  return idx.slice(1).some((c) => c.type === 'slice' && c.children.length > 0);
}

/** The receiver of `call` is (re)bound inside the loop: each step runs a different (freshly loaded) model. */
export function receiverBoundIn(a: PyAnalysis, loop: PyNode, call: PyNode): boolean {
  const f = field(call, 'function');
  let root: PyNode | undefined = f?.type === 'attribute' ? field(f, 'object') : f;
  while (root?.type === 'attribute') root = field(root, 'object');
  const body = loopHead(loop).body;
  if (root?.type !== 'identifier' || !body) return false;
  const name = textOf(a.text, root);
  let bound = false;
  walk(body, (n) => {
    if (bound) return false;
    if (n.type === 'assignment' && n.start < call.start) {
      const left = field(n, 'left');
      if (left && targetNames(a.text, left).includes(name)) bound = true;
    }
    return true;
  });
  return bound;
}
