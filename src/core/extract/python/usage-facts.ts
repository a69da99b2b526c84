// Facts an inference job's own call sites state (issue 10: read the facts that are present): the batch a pipeline is
// called with (`pipe(texts, batch_size=32)`, `pipeline(..., batch_size=32)`), the output length a generation asks
// for (`model.generate(..., max_new_tokens=256)`, `pipe(..., max_new_tokens=...)`, vLLM `SamplingParams(max_tokens=)`)
// and vLLM's `max_num_seqs`. Constant values only; a value the file computes at run time marks the fact dynamic.
import type { JobBuilder } from '../config/job';
import type { SourceRef } from '../../types';
import { callArgs, field, identifiersNamed, perStatement, spanOf, statementOf, walk, type PyNode } from './ast';
import { calleeLast } from './imports';
import { keyOf, keysHolding, memo, statementCalls, type PyAnalysis } from './analysis';
import { lookupDataset } from '../../data/lookup';
import { oneOffRuns } from './loads';
import { constNumber, constString } from './consts';

const BATCH = ['batch_size'];
const OUTPUT = ['max_new_tokens', 'max_tokens'];

function read(a: PyAnalysis, call: PyNode, names: string[], fact: 'inferenceBatch' | 'outputTokens', b: JobBuilder): boolean {
  const args = callArgs(a.text, call);
  for (const name of names) {
    const k = args.keywords.get(name);
    if (!k) continue;
    const v = constNumber(a.text, k.value, a.consts);
    if (v === undefined || !(v > 0)) b.dynamic(fact);
    else {
      const source: SourceRef = { file: a.doc.path, span: spanOf(k.node) };
      if (fact === 'inferenceBatch') b.explicit('inferenceBatch', Math.round(v), source);
      else b.explicit('outputTokens', Math.round(v), source);
    }
    return true;
  }
  return false;
}

interface CalleeKeys {
  call: PyNode;
  /** The callee's key (`pipe`, `self.pipe`) when it is a name or a dotted name. */
  direct?: string;
  /** For a method call, its receiver's key and the method's name. */
  obj?: string;
  method: string;
}

/**
 * Every call of the file with its callee's keys, in source order (once per file: each inference job reads them).
 * Each top-level statement's share depends on its own calls and text only, so it is kept across keystrokes for
 * the statements an edit did not touch (`perStatement`).
 */
function calleeKeys(a: PyAnalysis): CalleeKeys[] {
  return memo(a, 'usage-facts.calleeKeys', () => {
    const out: CalleeKeys[] = [];
    for (const stmt of a.root.children) {
      const part = perStatement(a.text, stmt, 'usage-facts.calleeKeys', () => statementCalleeKeys(a.text, statementCalls(a, stmt)));
      for (let i = 0; i < part.length; i++) out.push(part[i]);
    }
    return out;
  });
}

function statementCalleeKeys(text: string, calls: readonly PyNode[]): CalleeKeys[] {
  const out: CalleeKeys[] = [];
  for (const call of calls) {
    const f = field(call, 'function');
    if (!f) continue;
    const direct = f.type === 'identifier' || f.type === 'attribute' ? keyOf(text, f) : undefined;
    const obj = f.type === 'attribute' ? keyOf(text, field(f, 'object')) : undefined;
    const method = f.type === 'attribute' ? text.slice(field(f, 'attribute')!.start, field(f, 'attribute')!.end) : '';
    out.push({ call, direct, obj, method });
  }
  return out;
}

/**
 * The places in `calleeKeys(a)` of the calls `usageFacts` reads for a model held by `keys`, ascending: calls of one
 * of the keys (`pipe(...)`) and `generate` / `__call__` on one (`model.generate(...)`). From an index by key built
 * once per file, instead of a pass over every call of the file per job.
 */
function callsOfKeys(a: PyAnalysis, keys: readonly string[]): number[] {
  const index = memo(a, 'usage-facts.calleeIndex', () => {
    const m = new Map<string, number[]>();
    const add = (k: string, i: number) => {
      const l = m.get(k);
      if (!l) m.set(k, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    };
    calleeKeys(a).forEach(({ direct, obj, method }, i) => {
      if (direct !== undefined) add(direct, i);
      if (obj !== undefined && (method === 'generate' || method === '__call__')) add(obj, i);
    });
    return m;
  });
  if (keys.length === 1) return index.get(keys[0]) ?? [];
  const out = new Set<number>();
  for (const k of keys) for (const i of index.get(k) ?? []) out.add(i);
  return [...out].sort((x, y) => x - y);
}

/** Adds the batch and output length stated where the loaded model / pipeline / vLLM engine `origin` is used. */
export function usageFacts(a: PyAnalysis, origin: PyNode, b: JobBuilder): void {
  const keys = keysHolding(a, origin);
  const q = a.qname.get(origin) ?? '';
  const vllm = q.startsWith('vllm.');
  // on the constructor: pipeline(batch_size=…), LLM(max_num_seqs=…)
  read(a, origin, vllm ? ['max_num_seqs'] : BATCH, 'inferenceBatch', b);
  read(a, origin, OUTPUT, 'outputTokens', b);
  let batch = b.has('inferenceBatch');
  let output = b.has('outputTokens');
  const all = calleeKeys(a);
  for (const i of callsOfKeys(a, keys)) {
    if (batch && output) break;
    const { call: c, direct, obj, method } = all[i];
    const isCall = direct !== undefined && keys.includes(direct); // pipe(texts, batch_size=…)
    const isGenerate = obj !== undefined && keys.includes(obj) && (method === 'generate' || method === '__call__');
    if (!isCall && !isGenerate) continue;
    if (!batch && isCall) batch = read(a, c, BATCH, 'inferenceBatch', b);
    if (!output) output = read(a, c, OUTPUT, 'outputTokens', b);
  }
  // vLLM: the sampling parameters the file builds
  if (vllm && !output) for (const c of a.byName.get('vllm.SamplingParams') ?? []) if (read(a, c, ['max_tokens'], 'outputTokens', b)) break;
  const n = requestsPerRun(a, keys) ?? oneOffRuns(a, origin, (run) => {
    const args = callArgs(a.text, run);
    const input = args.positional[0] ?? ITEM_KEYWORDS.map((w) => args.keywords.get(w)?.value).find((v) => v !== undefined);
    if (args.splat) return input === undefined && args.positional.length === 0 ? splatItems(a, run) : undefined;
    return input === undefined ? 1 : itemsOf(a, input);
  });
  if (n !== undefined) b.set('requestsPerRun', { value: n, source: { file: a.doc.path, span: spanOf(origin) }, origin: 'inferred' });
}

/**
 * The items of a `**inputs` argument: the inputs of the tokenizer or processor call that built the dict, written in
 * the call (`**tok("Hello", return_tensors="pt").to("cuda")`) or bound once to its name (`inputs = tok(prompt, ...)`).
 */
function splatItems(a: PyAnalysis, run: PyNode): number | undefined {
  const list = field(run, 'arguments');
  const splats = (list?.children ?? []).filter((c) => c.type === 'dictionary_splat');
  if (splats.length !== 1) return undefined;
  let v: PyNode | undefined = splats[0].children[0];
  if (v?.type === 'identifier') {
    const vals = a.values.get(a.text.slice(v.start, v.end)) ?? [];
    v = vals.length === 1 ? vals[0] : undefined;
  }
  // `tok(...).to("cuda")`: the call under the chain
  while (v?.type === 'call') {
    const f = field(v, 'function');
    const obj = f?.type === 'attribute' ? field(f, 'object') : undefined;
    if (obj?.type !== 'call') break;
    v = obj;
  }
  if (v?.type !== 'call') return undefined;
  const first = callArgs(a.text, v).positional[0];
  return first ? itemsOf(a, first) : undefined;
}

// Methods that set a model up rather than run it.
const SETUP = /^(to|cuda|cpu|eval|train|half|float|bfloat16|double|requires_grad_|zero_grad|parameters|named_parameters|modules|children|state_dict|load_state_dict|save_pretrained|push_to_hub|from_pretrained|resize_token_embeddings|get_input_embeddings|tie_weights|gradient_checkpointing_enable|(enable|disable|set|register|load|fuse|unfuse|unload)_\w*)$/;
// Nodes that make a call run more than once per run, or not at a known time.
const REPEATING = new Set(['function_definition', 'lambda', 'class_definition', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'while_statement', 'for_statement']);
const ITEM_KEYWORDS = ['prompt', 'text', 'texts', 'inputs', 'images', 'image', 'audio', 'input_ids', 'text_inputs', 'sequences'];
// calls that make one input (an image, an audio clip, a random latent); `json.load` / `torch.load` / `torch.tensor` may
// hold any number of items, so they are not here
const ONE_ITEM_CALLS = /^(open|load_image|imread|read_image|randn|rand|zeros|ones|randn_like|rand_like|zeros_like|randint|load_audio)$/;
const MUTATORS = ['append', 'extend', 'insert', '__iadd__'];

/** How many items one argument holds, when the code shows it: a literal, a list of them, a name bound once to one. */
function itemsOf(a: PyAnalysis, n: PyNode | undefined, depth = 0): number | undefined {
  if (!n || depth > 3) return undefined;
  switch (n.type) {
    case 'string':
    case 'concatenated_string':
    case 'integer':
    case 'float':
      return 1;
    case 'list':
    case 'tuple':
      return n.children.filter((c) => !['[', ']', '(', ')', ',', 'comment'].includes(c.type)).length;
    case 'identifier': {
      const name = a.text.slice(n.start, n.end);
      const vs = a.values.get(name);
      if (!vs || vs.length !== 1) return undefined;
      // a list grown after it is bound (`prompts.extend(more)`) holds more than its literal
      if (MUTATORS.some((m) => a.methodCalls.has(`${name}.${m}`))) return undefined;
      const stmt = statementOf(vs[0]);
      if (stmt.parent?.type !== 'module') return undefined;
      return itemsOf(a, vs[0], depth + 1);
    }
    case 'attribute':
      return itemsOf(a, field(n, 'object'), depth);
    case 'subscript':
      return itemsOf(a, field(n, 'value'), depth);
    case 'call': {
      const f = field(n, 'function');
      const last = calleeLast(a.text, n) ?? '';
      if (ONE_ITEM_CALLS.test(last)) return 1;
      // `x.to(device)`, `tokenizer(prompt, ...)`: as many items as what they are applied to
      if (f?.type === 'attribute' && /^(to|cuda|cpu|half|float|unsqueeze|convert|resize)$/.test(last)) return itemsOf(a, field(f, 'object'), depth);
      if (/tokeni[sz]er|processor|feature_extractor/i.test(a.text.slice(f?.start ?? n.start, f?.end ?? n.end))) return itemsOf(a, callArgs(a.text, n).positional[0] ?? callArgs(a.text, n).keywords.get('text')?.value, depth + 1);
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The model calls one run of the file makes, when every use of the model's names shows them: each call of it (or of
 * a method that runs it) outside any loop, comprehension or function, times the items its input holds; a denoising
 * loop over `scheduler.timesteps` at the top level is one generation. Undefined when any use escapes that reading
 * (the model passed on, returned, called in a loop or a function, an input the code does not show).
 */
function requestsPerRun(a: PyAnalysis, keys: readonly string[]): number | undefined {
  if (keys.length === 0 || keys.some((k) => k.includes('.'))) return undefined;
  let total = 0;
  const loopsCounted = new Set<PyNode>();
  for (const k of keys) {
    for (const id of identifiersNamed(a.text, a.root, k)) {
      const p = id.parent;
      if (!p) return undefined;
      if (p.type === 'attribute' && field(p, 'attribute') === id) continue; // `x.model`: another name
      if (p.type === 'keyword_argument' && field(p, 'name') === id) continue;
      if (p.type === 'assignment' && field(p, 'left') === id) continue; // the binding
      let site: PyNode | undefined;
      if (p.type === 'call' && field(p, 'function') === id) site = p;
      else if (p.type === 'attribute' && field(p, 'object') === id) {
        const g = p.parent;
        const method = a.text.slice(field(p, 'attribute')?.start ?? 0, field(p, 'attribute')?.end ?? 0);
        if (g?.type === 'call' && field(g, 'function') === p) {
          if (SETUP.test(method)) continue;
          site = g;
        } else continue; // an attribute read or set (`pipe.scheduler = …`, `model.config`)
      } else return undefined; // passed on, returned, stored: its calls are not all here
      // where the call runs
      let loop: PyNode | undefined;
      for (let q = site.parent; q && q.type !== 'module'; q = q.parent) {
        if (!REPEATING.has(q.type)) continue;
        const it = q.type === 'for_statement' ? field(q, 'right') : undefined;
        const denoise = it?.type === 'attribute' && a.text.slice(field(it, 'attribute')?.start ?? 0, field(it, 'attribute')?.end ?? 0) === 'timesteps';
        if (!denoise || loop) return undefined;
        loop = q;
      }
      if (loop) {
        if (!loopsCounted.has(loop)) total += 1;
        loopsCounted.add(loop);
        continue;
      }
      const args = callArgs(a.text, site);
      const input = args.positional[0] ?? ITEM_KEYWORDS.map((w) => args.keywords.get(w)?.value).find((v) => v !== undefined);
      if (args.splat) return undefined;
      // options only (`pipe(num_inference_steps=25)`): one generation
      const items = input === undefined ? 1 : itemsOf(a, input);
      if (items === undefined) return undefined;
      total += items;
    }
  }
  return total > 0 ? total : undefined;
}

/** `train[:5000]`, `train[:10%]`, `train[100:600]` → the examples the slice keeps (a share of `total` for percents). */
function splitSlice(split: string, total: number | undefined): number | undefined {
  const m = /^\s*train\s*\[\s*(-?\d+)?\s*(%)?\s*:\s*(-?\d+)?\s*(%)?\s*\]\s*$/.exec(split);
  if (!m) return undefined;
  const pct = m[2] !== undefined || m[4] !== undefined;
  if (pct && total === undefined) return undefined;
  const at = (x: string | undefined, dflt: number) => (x === undefined ? dflt : Number(x) < 0 ? (pct ? 100 : total ?? NaN) + Number(x) : Number(x));
  const start = at(m[1], 0);
  const end = at(m[3], pct ? 100 : total ?? NaN);
  const n = pct ? ((end - start) / 100) * total! : end - start;
  return Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
}

/** The constant N of `.select(range(N))` / `.select(range(a, b))`, else undefined. */
function selectRange(a: PyAnalysis, call: PyNode): number | undefined {
  const arg = callArgs(a.text, call).positional[0];
  if (!arg || arg.type !== 'call' || calleeLast(a.text, arg) !== 'range') return undefined;
  const r = callArgs(a.text, arg).positional.map((n) => constNumber(a.text, n, a.consts));
  if (r.length === 1 && r[0] !== undefined) return r[0];
  if (r.length === 2 && r[0] !== undefined && r[1] !== undefined) return r[1] - r[0];
  return undefined;
}

/** Whether a subset call is taken of (or bound to) the training data: `ds["train"]….select(…)`, `train_ds = ….select(…)`. */
function ofTrainingData(a: PyAnalysis, call: PyNode): boolean {
  const fn = field(call, 'function');
  const recv = fn?.type === 'attribute' ? field(fn, 'object') : undefined;
  let trainSplit = false;
  if (recv) walk(recv, (m) => {
    if (m.type === 'subscript' && constString(a.text, field(m, 'subscript'), a.consts) === 'train') trainSplit = true;
    return !trainSplit;
  });
  if (trainSplit) return true;
  const stmt = statementOf(call);
  const assign = stmt.type === 'expression_statement' ? stmt.children.find((c) => c.type === 'assignment') : undefined;
  const left = assign ? field(assign, 'left') : undefined;
  return left !== undefined && /train/i.test(a.text.slice(left.start, left.end)) && !/eval|valid|test/i.test(a.text.slice(left.start, left.end));
}

/**
 * A training job's dataset when the file says how much it trains on: the train split of a dataset the catalogue knows
 * (`load_dataset("imdb")`, `load_dataset("glue", "mrpc")`), a slice of the split (`split="train[:5000]"`), or a
 * constant subset of the training data (`ds["train"].shuffle().select(range(1000))`). Set as inferred: a slice or a
 * `train_test_split` only bounds it from above (the run sees at most that many examples). Streaming, `data_files`,
 * a filter or a subset the file computes make it unknowable, so those leave the facts unset.
 */
export function datasetFacts(a: PyAnalysis, b: JobBuilder): void {
  if (b.has('datasetSize') || b.has('tokens') || b.has('steps')) return;
  // the one load of training data: a file that also loads its validation or test split (`split="validation[:10]"`)
  // still trains on the other
  const isEvalSplit = (call: PyNode) => {
    const sp = callArgs(a.text, call).keywords.get('split');
    const v = sp ? constString(a.text, sp.value, a.consts) : undefined;
    return v !== undefined && /^\s*(validation|valid|val|test|dev|eval)\b/i.test(v);
  };
  const calls = (a.byName.get('datasets.load_dataset') ?? []).filter((x) => !isEvalSplit(x));
  if (calls.length !== 1) return;
  const c = calls[0];
  const args = callArgs(a.text, c);
  if (args.keywords.has('streaming') || args.keywords.has('data_files') || args.keywords.has('data_dir') || args.positional.length > 2) return;
  const idNode = args.positional[0] ?? args.keywords.get('path')?.value;
  const id = idNode ? constString(a.text, idNode, a.consts) : undefined;
  if (!id) return;
  const configNode = args.positional[1] ?? args.keywords.get('name')?.value;
  const config = configNode ? constString(a.text, configNode, a.consts) : undefined;
  if (configNode && config === undefined) return;
  const d = lookupDataset(id, config);
  const splitNode = args.keywords.get('split')?.value;
  const split = splitNode ? constString(a.text, splitNode, a.consts) : undefined;
  if (splitNode && split === undefined) return;
  let size = d?.trainExamples;
  let from: PyNode = c;
  if (split !== undefined && split.trim() !== 'train') {
    size = splitSlice(split, d?.trainExamples);
    if (size === undefined) return;
    from = splitNode!;
  }
  // subsets of it: a constant `select(range(N))` of the training data bounds the run; anything else unknowable
  let selected: { n: number; call: PyNode } | undefined;
  for (const call of a.calls) {
    const last = calleeLast(a.text, call);
    if (last === 'shard' || last === 'take' || last === 'filter') return;
    if (last !== 'select' || field(call, 'function')?.type !== 'attribute') continue;
    if (!ofTrainingData(a, call)) continue;
    const n = selectRange(a, call);
    if (n === undefined || !(n > 0)) return;
    if (!selected || n > selected.n) selected = { n, call };
  }
  if (selected) {
    size = size === undefined ? selected.n : Math.min(size, selected.n);
    from = selected.call;
  }
  if (size === undefined) return;
  const source: SourceRef = { file: a.doc.path, span: spanOf(from) };
  b.set('datasetSize', { value: size, source, origin: 'inferred' });
  if (d?.tokensPerExample !== undefined) b.set('exampleTokens', { value: d.tokensPerExample, source: { file: a.doc.path, span: spanOf(c) }, origin: 'inferred' });
}
