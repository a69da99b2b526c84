// batching/unbatched-inference: the Python and notebook check.
// Per-item `model.generate(...)`, `pipe(...)` (transformers pipeline), `model(...)` forward passes,
// sentence-transformers `encode(...)` and vLLM `LLM.generate(...)` inside a loop (or comprehension) over
// independent items. The receiver is resolved where the call is (flow.ts: a local, a parameter, `self.x`, a helper's
// return); a `generate(**inputs, max_new_tokens=...)` on an unresolved receiver named like a model counts too.
// The call uses the loop's item, the loop walks a collection item by item (loops.ts: not batches, not a DataLoader
// configured elsewhere) and none of these holds: a model's own code (flow.ts `inModelCode`), a loop over callables,
// a loop-carried dependency (each step needs the last), positions of a batch, inputs stacked into a batch or named
// as one, a model (re)bound inside the loop, a handful of literal items, a REPL, a training loop, a `while` loop, a
// timing / benchmark harness, a Trainer subclass's method, the request list a server hands over.
// One call hop: a loop that passes each item to a helper function (of this file, or imported from the repository)
// whose single inference call, outside any loop of its own, runs on that item (`helperCalls`).
// Fix (unsafe): for a comprehension `[pipe(x, **kw) for x in xs]` or a loop whose whole body is
// `out.append(pipe(x))`, call the pipeline / encoder once on the list with `batch_size=32`; otherwise advice only.
import { callArgs, enclosingFunction, field, functionName, nodesOfTypes, parameterIds, perStatement, statementOf, textOf, type PyNode } from '../../../extract/python/ast';
import { definitionOf } from '../../../extract/python/modules';
import { tinyNetwork, weightlessClassCall, weightlessModule } from '../../../extract/python/netsize';
import { analysisOf, keyOf, memo, statementCalls, type PyAnalysis } from '../../../extract/python/analysis';
import { enclosingClass, inModelCode, isTrainerClass, resolveReceiver, scopeOf, useWorkspace, workspaceOf } from '../../../extract/python/flow';
import { jobAt } from '../../../extract/python/index';
import { calleeLast } from '../../../extract/python/imports';
import {
  calleeFromLoop, classifyLoop, cropsOneTensor, dependsOnItem, enclosingLoops, fullSequenceRows, indexesLaterAxis, inputsNamedBatch, isComprehension, isInteractive, itemNames, loopCarried, loopHead, readsAnyOf,
  receiverBoundIn, smallLiteralLoop, stacksBatch, timesCalls,
  type LoopInfo,
} from '../../../extract/python/loops';
import { isPython } from '../../../extract/python/rulekit';
import type { Fix } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

const BATCH = 32;

type CallKind = 'generate' | 'pipeline' | 'forward' | 'encode' | 'vllm';

const RECEIVER_METHODS = new Set(['generate', 'encode', 'forward', 'chat']);

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = useWorkspace(analysisOf(ctx.doc), ctx.workspace);
  const out: FindingDraft[] = [];
  for (const call of callsInForLoops(a)) {
    // the loops around the call first: they read only the call's own statement, `inferenceKind` resolves across the file
    const loops = enclosingLoops(call);
    const inf = inferenceKind(a, call);
    if (!inf) continue;
    const kind = inf.kind;
    // a model's own code: loops over its layers, stages, branches or decode steps run on batched tensors
    if (inModelCode(a, call)) continue;
    const info = classifyLoop(a, loops[0]);
    if (info.kind !== 'items') continue;
    if (!dependsOnItem(a, info, call)) continue;
    const l0 = loops[0];
    if (calleeFromLoop(a, loops, call) || loopCarried(a, l0, call) || stacksBatch(a, l0, call) || inputsNamedBatch(a, l0, call) || indexesLaterAxis(a, l0)) continue;
    // each item is a row of a buffer sized by the model's context length (GPTQ's layer-by-layer pass over
    // `inps[j]`): a full sequence of thousands of tokens per forward already
    if (fullSequenceRows(a, l0, call)) continue;
    // each step runs a crop of the same tensor (`img[:, :, y0:y1, x0:x1]`): tiles of one image, bounded for memory
    if (cropsOneTensor(a, l0, call)) continue;
    if (calibrationPass(a, l0)) continue;
    if (receiverBoundIn(a, l0, call)) continue; // a different model each step: a reload, not a batch
    if (loops.some((l) => isInteractive(a, l) || trainsIn(a, l) || timesCalls(a, l) || overRequests(a, l) || overFrameStream(a, l))) continue;
    if (benchmarkCode(a, call) || inTrainer(a, call) || inItemLoader(a, call) || timedCall(a, call)) continue;
    if (smallLiteralLoop(a, loops[0])) continue;
    if (kind === 'forward' && a.backwardCalls.length > 0 && a.grad.gradMode(call) === 'on') continue;
    const name = textOf(a.text, field(call, 'function')!);
    const fix = batchFix(a, call, info, kind);
    const how =
      kind === 'pipeline'
        ? `pass the whole list to \`${name}(texts, batch_size=${BATCH})\``
        : kind === 'encode'
          ? `call \`${name}(texts, batch_size=${BATCH})\` once`
          : kind === 'vllm'
            ? `pass the whole list of prompts to one \`${name}(prompts, ...)\` call so vLLM batches them continuously`
            : kind === 'generate'
              ? 'tokenize a batch with padding (left padding for decoder-only models) and call `generate` once per batch'
              : 'stack the inputs into batches (a DataLoader with `batch_size=32`, or `torch.stack`) and run one forward pass per batch';
    const d: FindingDraft = {
      message: `\`${name}(...)\` runs once per item inside this loop, so the GPU works on batch size 1 and sits mostly idle: ${how}.`,
      span: { start: call.start, end: call.end },
      patch: { inferenceBatch: BATCH },
    };
    const job = inf.origin?.type === 'call' && !inf.foreign ? jobAt(ctx.jobs, { start: inf.origin.start, end: inf.origin.end }) : undefined;
    if (job) d.jobId = job.id;
    if (fix) d.fix = fix;
    out.push(d);
  }
  out.push(...helperCalls(a, ctx));
  return out;
}

/**
 * The calls of `a.calls` inside a loop and no `while` loop (`enclosingLoops`, in their order): what both passes
 * below start from. The test reads the call's own top-level statement only, so each statement's share is kept with
 * it (`perStatement`) and a keystroke tests the edited statement's calls only.
 */
function callsInForLoops(a: PyAnalysis): readonly PyNode[] {
  return memo(a, 'unbatched.inForLoops', () => {
    const out: PyNode[] = [];
    for (const stmt of a.root.children) {
      const part = perStatement(a.text, stmt, 'unbatched.inForLoops', () => statementCalls(a, stmt).filter((c) => {
        const loops = enclosingLoops(c);
        return loops.length > 0 && !loops.some((l) => l.type === 'while_statement');
      }));
      for (let i = 0; i < part.length; i++) out.push(part[i]);
    }
    return out;
  });
}

const FORWARD_HOOKS = new Set(['register_forward_hook', 'register_forward_pre_hook']);

/**
 * A calibration pass: forward hooks registered before the loop, in the same function, record statistics of the
 * activations of every forward (`m.register_forward_hook(partial(stat_input_hook, name=name))`: SmoothQuant's
 * activation scales), and each item is one text tokenized to its own length (`tokenizer(text, max_length=seq_len,
 * truncation=True)`). A batch pads the texts to one length and the pad positions enter every hook's statistics:
 * batching changes what the pass measures, so it is not the fix (corpus15's smoothquant calibration).
 */
function calibrationPass(a: PyAnalysis, loop: PyNode): boolean {
  const fn = enclosingFunction(loop);
  const from = fn?.start ?? 0;
  const hooked = a.calls.some((c) => c.start >= from && c.end <= loop.start && enclosingFunction(c) === fn && FORWARD_HOOKS.has(calleeLast(a.text, c) ?? ''));
  if (!hooked) return false;
  return a.calls.some((c) => {
    if (c.start < loop.start || c.end > loop.end) return false;
    const kw = callArgs(a.text, c).keywords;
    return kw.has('truncation') || kw.has('max_length');
  });
}

/** Calls that open a video file, a camera or the screen and hand out frames as they come. */
const FRAME_SOURCES = new Set(['VideoCapture', 'VideoReader', 'grab', 'read_video', 'imageio_ffmpeg', 'get_reader']);

/**
 * A loop over a stream of frames: its iterable is a name bound to an instance of a class of the repository whose
 * code opens a video, a camera or the screen (`cv2.VideoCapture`, `mss().grab`, `torchvision.io.VideoReader`), as a
 * detector's predict script walks `LoadImages(source)` / `LoadStreams(source)`. Frames arrive one at a time, in
 * the order of the source and often in real time, at the size of each source: the per-frame forward pass is the
 * design of such a tool (a batch would add a frame's worth of latency per item), not a batch left unused.
 */
function overFrameStream(a: PyAnalysis, loop: PyNode): boolean {
  let it = loopHead(loop).right;
  for (let i = 0; i < 3 && it?.type === 'call' && ['enumerate', 'tqdm', 'iter', 'zip'].includes(calleeLast(a.text, it) ?? ''); i++) it = callArgs(a.text, it).positional[0];
  if (it?.type !== 'identifier') return false;
  const name = textOf(a.text, it);
  const fn = enclosingFunction(loop);
  const binds = scopeOf(a, fn ?? a.root).binds.get(name) ?? [];
  const ws = workspaceOf(a);
  return binds.some((b) => {
    const v = b.value;
    const f = v?.type === 'call' ? field(v, 'function') : undefined;
    if (f?.type !== 'identifier') return false;
    const cls = textOf(a.text, f);
    const found = definitionOf(a, cls, ws);
    return found?.def.type === 'class_definition' && opensFrames(found.mod, found.def);
  });
}

function opensFrames(m: PyAnalysis, cls: PyNode): boolean {
  return m.calls.some((c) => c.start >= cls.start && c.end <= cls.end && FRAME_SOURCES.has(calleeLast(m.text, c) ?? ''));
}

/**
 * One call hop: a loop over items calls a helper function of the repository (this file, or a module it imports)
 * with the item, and the helper runs one inference call on it outside any loop of its own
 * (`def evaluate_one(sample): model.generate(input_ids=sample["input_ids"].unsqueeze(0), ...)` called from
 * `for sample in test_dataset:`). The finding sits on the loop's call of the helper, where the batching goes.
 * The loop passes the same filters as a direct call; the helper must not be a model's or a Trainer's method.
 */
function helperCalls(a: PyAnalysis, _ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Set<string>();
  const ws = workspaceOf(a);
  for (const site of callsInForLoops(a)) {
    const f = field(site, 'function');
    if (f?.type !== 'identifier') continue;
    const loops = enclosingLoops(site);
    const name = textOf(a.text, f);
    const first = definitionOf(a, name, ws);
    if (first?.def.type !== 'function_definition' || enclosingClass(first.def)) continue;
    // a helper this file defines once per branch (`if args.model == "glm": def generate_response(...)` ... `elif
    // args.model == "llama": def generate_response(...)`): the loop runs whichever the branch defined, so each is read
    for (const found of first.mod === a ? branchDefinitions(a, name, first.def).map((def) => ({ mod: a, def })) : [first]) {
      const info = classifyLoop(a, loops[0]);
      if (info.kind !== 'items' || !dependsOnItem(a, info, site)) continue;
      const l0 = loops[0];
      if (loopCarried(a, l0, site) || stacksBatch(a, l0, site) || inputsNamedBatch(a, l0, site) || indexesLaterAxis(a, l0)) continue;
      if (loops.some((l) => isInteractive(a, l) || trainsIn(a, l) || timesCalls(a, l) || overRequests(a, l) || overFrameStream(a, l))) continue;
      if (benchmarkCode(a, site) || inTrainer(a, site) || inItemLoader(a, site) || inModelCode(a, site) || smallLiteralLoop(a, l0)) continue;
      const params = itemParams(a, info, site, found.mod, found.def);
      if (params.length === 0) continue;
      const inner = singleInference(found.mod, found.def, params);
      if (!inner) continue;
      const innerName = textOf(found.mod.text, field(inner.call, 'function')!);
      const how =
        inner.kind === 'generate'
          ? 'tokenize a batch with padding (left padding for decoder-only models) and call `generate` once per batch'
          : `pass a batch of items to one \`${innerName}(...)\` call`;
      const head = a.text.slice(l0.start, l0.end).split('\n')[0].replace(/:\s*$/, '').trim();
      const loopText = head.length > 70 ? `${head.slice(0, 67)}...` : head;
      // a helper of this file: the finding sits on its inference call (once, however many loops call it); a
      // helper of another module: on this file's call of it, inside the loop
      const here = found.mod === a;
      const span = here ? { start: inner.call.start, end: inner.call.end } : { start: site.start, end: site.end };
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        message: here
          ? `\`${innerName}(...)\` runs on one item per call: \`${name}(...)\` is called once per item by the loop \`${loopText}\`, so the GPU works on batch size 1 and sits mostly idle: ${how}.`
          : `\`${name}(...)\` (${found.mod.doc.path}) runs \`${innerName}(...)\` on one item per call inside this loop, so the GPU works on batch size 1 and sits mostly idle: ${how}.`,
        span,
        patch: { inferenceBatch: BATCH },
      });
    }
  }
  return out;
}

/**
 * The definitions of the function `name` that are alternatives of its first (`first`): the ones in other branches of
 * an `if` / `elif` / `else` chain that holds it (their nearest common ancestor is that `if`), in file order. A later
 * redefinition (a notebook cell that defines the helper again) is not an alternative.
 */
function branchDefinitions(a: PyAnalysis, name: string, first: PyNode): PyNode[] {
  const home = enclosingFunction(first);
  const around = new Set<PyNode>();
  for (let p = first.parent; p; p = p.parent) around.add(p);
  return nodesOfTypes(a.root, 'function_definition').filter((d) => {
    if (d === first) return true;
    if (textOf(a.text, field(d, 'name') ?? d) !== name || enclosingClass(d) || enclosingFunction(d) !== home) return false;
    let common = d.parent;
    while (common && !around.has(common)) common = common.parent;
    return common?.type === 'if_statement';
  });
}

/** The helper's parameters that receive an item-dependent argument at `site` (positional by place, keywords by name). */
function itemParams(a: PyAnalysis, info: LoopInfo, site: PyNode, m: PyAnalysis, def: PyNode): string[] {
  const names = parameterIds(def).map((id) => (id ? textOf(m.text, id) : ''));
  const args = callArgs(a.text, site);
  if (args.splat) return [];
  const item = itemNames(a, info, site);
  const uses = (n: PyNode) => readsAnyOf(a.text, n, item);
  const out: string[] = [];
  args.positional.forEach((p, i) => {
    if (names[i] && uses(p)) out.push(names[i]);
  });
  for (const [k, v] of args.keywords) if (names.includes(k) && uses(v.value)) out.push(k);
  return out;
}

/**
 * The helper's one per-item inference call on the given parameters: an inference call (as `inferenceKind` reads it)
 * outside any loop of the helper whose arguments depend on the parameters; none when the helper has several or
 * batches its input (stacks it, or names it a batch).
 */
function singleInference(m: PyAnalysis, def: PyNode, params: string[]): { call: PyNode; kind: CallKind } | undefined {
  const pseudo: LoopInfo = { loop: def, kind: 'items', targets: params };
  let hit: { call: PyNode; kind: CallKind } | undefined;
  let count = 0;
  for (const c of m.calls) {
    if (c.start < def.start || c.end > def.end || enclosingFunction(c) !== def) continue;
    const inf = inferenceKind(m, c);
    if (!inf) continue;
    if (enclosingLoops(c).length > 0) return undefined;
    if (!dependsOnItem(m, pseudo, c) || stacksBatch(m, def, c) || inputsNamedBatch(m, def, c)) continue;
    count++;
    hit = { call: c, kind: inf.kind };
  }
  return count === 1 && !params.some(batchName) ? hit : undefined;
}

function batchName(s: string): boolean {
  return s.toLowerCase().includes('batch');
}

/** A timing or profiling harness (`benchmark_generation_speed`, `measure_latency`): per-item calls are what it measures. */
function benchmarkCode(a: PyAnalysis, n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' && BENCH.test(functionName(a.text, p))) return true;
  const base = a.doc.path.slice(a.doc.path.lastIndexOf('/') + 1);
  // `eval_reward_bench.py`, `run_mt_bench.py`: an evaluation on a benchmark data set (RewardBench, MT-Bench), whose
  // per-item calls are a workload like any other; only a name that says timing makes such a file a harness
  return TIMING.test(base) || (/bench/i.test(base) && !EVAL_NAME.test(base) && !DATASET_BENCH.test(base));
}

const TIMING = /latency|throughput|speed|profil|warm_?up/i;
const BENCH = /bench|latency|throughput|speed|profil|warm_?up/i;
const EVAL_NAME = /(^|[_-])eval(uate|uation)?([_-]|\.|$)/i;
/** Benchmark data sets named in file names: RewardBench, MT-Bench, BIG-bench, LiveCodeBench, SWE-bench, Arena-Hard ... */
const DATASET_BENCH = /(reward|mt|big|live_?code|swe|arena|wild|long|harm|agent|tool|chat|math|code|vision|video|audio)[_-]?bench/i;

/** A method of a Trainer subclass: its inputs are the batches of the trainer's own DataLoader. */
function inTrainer(a: PyAnalysis, n: PyNode): boolean {
  const cls = enclosingClass(n);
  return !!cls && isTrainerClass(a, cls);
}

/**
 * A data set's item loader: `__getitem__` of any class (the protocol hands out one item per call), or `__iter__` /
 * `__next__` of a class whose base is named like a data set (`torch.utils.data.IterableDataset`, a repository's
 * `BaseDataset`). What runs there is per-item preprocessing on the DataLoader's CPU workers (pad and crop an audio
 * clip, force it to stereo, augment an image); the DataLoader stacks the items into the batch the model sees, so a
 * call there is not a model left at batch size 1.
 */
function inItemLoader(a: PyAnalysis, n: PyNode): boolean {
  for (let fn = enclosingFunction(n); fn; fn = enclosingFunction(fn)) {
    const name = functionName(a.text, fn);
    if (name !== '__getitem__' && name !== '__iter__' && name !== '__next__') continue;
    const cls = enclosingClass(fn);
    if (!cls) continue;
    if (name === '__getitem__') return true;
    const bases = field(cls, 'superclasses')?.children ?? [];
    if (bases.some((b) => /Dataset$/.test(textOf(a.text, b).split('.').pop() ?? ''))) return true;
  }
  return false;
}

/** Clock reads (`time.time()`, `time.perf_counter()`, `time.monotonic()` and their `_ns` forms). */
const CLOCKS = /^time\.(time|perf_counter|monotonic|process_time)(_ns)?$/;

/**
 * A call measured on its own: the statement just before it reads a clock into a name (`start = time.time()`) and the
 * statement just after it reads one again (`end = time.time()`). The per-item call is the latency a benchmark
 * records (pyreft's overhead notebook times each generate), not a batch left unused.
 */
function timedCall(a: PyAnalysis, call: PyNode): boolean {
  const st = statementOf(call);
  const siblings = st.parent?.children.filter((c) => c.type !== 'comment') ?? [];
  const i = siblings.indexOf(st);
  if (i <= 0 || i >= siblings.length - 1) return false;
  const readsClock = (s: PyNode): boolean => {
    const as = s.type === 'expression_statement' ? s.children[0] : undefined;
    const right = as?.type === 'assignment' ? field(as, 'right') : undefined;
    return right?.type === 'call' && CLOCKS.test(a.qname.get(right) ?? '');
  };
  return readsClock(siblings[i - 1]) && readsClock(siblings[i + 1]);
}

/** A loop over the requests a server hands over (`for request in requests:` of a parameter): the server batches. */
function overRequests(a: PyAnalysis, loop: PyNode): boolean {
  const it = loopHead(loop).right;
  const root = it?.type === 'call' ? callArgs(a.text, it).positional[0] : it;
  if (root?.type !== 'identifier' || !/^(requests|reqs|request_list|batch_requests)$/.test(textOf(a.text, root))) return false;
  const fn = enclosingFunction(loop);
  return !!fn && scopeOf(a, fn).params.has(textOf(a.text, root));
}


const MODEL_NAME = /(^|[._])(model|lm|llm|generator|policy)$/i;

function inferenceKind(a: PyAnalysis, call: PyNode): { kind: CallKind; origin?: PyNode; foreign?: boolean } | undefined {
  const f = field(call, 'function');
  if (!f) return undefined;
  const last = calleeLast(a.text, call);
  const method = f.type === 'attribute' && last !== undefined && RECEIVER_METHODS.has(last);
  const r = resolveReceiver(a, call, RECEIVER_METHODS);
  // a module without weights (`nn.Upsample`, `nn.CosineSimilarity`, torchaudio's spectrogram transforms): an
  // elementwise or DSP op on the tensor it is handed, not a model forward that a wider batch would feed better
  if (r?.origin?.type === 'call' && (r.mod ?? a) === a && (weightlessModule(a.qname.get(r.origin)) || weightlessClassCall(a, r.origin, workspaceOf(a)))) return undefined;
  const kind = r?.kind;
  const out = (k: CallKind) => ({ kind: k, origin: r?.origin, foreign: r?.mod !== undefined });
  if (kind === 'model' && last === 'generate' && method) return out('generate');
  // a tiny dense or recurrent network of the repository's own (a 7-45-6 MLP emulator, a small policy): its forward
  // is a few launch-bound kernels whatever the batch, so batching the items saves microseconds
  if (kind === 'model' && (!method || last === 'forward') && r?.origin && tinyNetwork(r.mod ?? a, r.origin)) return undefined;
  if (kind === 'model' && (!method || last === 'forward')) return out('forward');
  if (kind === 'hf-pipeline' && !method) return out('pipeline');
  if (kind === 'st-model' && last === 'encode') return out('encode');
  if (kind === 'vllm' && (last === 'generate' || last === 'chat') && method) return out('vllm');
  // `model.generate(**inputs, max_new_tokens=...)` on a model that arrives as a parameter or from elsewhere
  if (!r && last === 'generate' && method) {
    const key = keyOf(a.text, field(f, 'object'));
    const args = callArgs(a.text, call);
    const hfArgs = args.splat || ['max_new_tokens', 'max_length', 'input_ids', 'attention_mask', 'generation_config', 'do_sample'].some((k) => args.keywords.has(k));
    if (key && MODEL_NAME.test(key) && hfArgs) return out('generate');
  }
  return undefined;
}

function trainsIn(a: PyAnalysis, loop: PyNode): boolean {
  return a.backwardCalls.some((c) => c.start >= loop.start && c.end <= loop.end);
}

/** The one mechanical rewrite: a pipeline / encoder called on the loop item, collected into a list. */
function batchFix(a: PyAnalysis, call: PyNode, info: LoopInfo, kind: CallKind): Fix | undefined {
  if (kind !== 'pipeline' && kind !== 'encode') return undefined;
  const text = a.text;
  const args = callArgs(text, call);
  const target = loopHead(info.loop).left;
  const iter = loopHead(info.loop).right;
  if (!target || target.type !== 'identifier' || !iter || args.splat) return undefined;
  if (args.positional.length !== 1 || args.positional[0].type !== 'identifier' || textOf(text, args.positional[0]) !== textOf(text, target)) return undefined;
  if (args.keywords.has('batch_size')) return undefined;
  const fn = textOf(text, field(call, 'function')!);
  const rest = [...args.keywords.values()].map((k) => textOf(text, k.node));
  const list = `list(${textOf(text, iter)})`;
  const batched = `${fn}(${[list, ...rest, `batch_size=${BATCH}`].join(', ')})`;
  const file = a.doc.path;
  if (isComprehension(info.loop)) {
    if (info.loop.type !== 'list_comprehension') return undefined;
    if (loopHead(info.loop).body !== call) return undefined;
    if (info.loop.children.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause').length !== 1) return undefined;
    return {
      safety: 'unsafe',
      title: `Call ${fn} once on the list with batch_size=${BATCH} (check the result shape: some pipelines wrap a single input's result in a list)`,
      edits: [{ file, span: { start: info.loop.start, end: info.loop.end }, newText: kind === 'encode' ? `list(${batched})` : batched }],
    };
  }
  // for x in xs:\n    out.append(pipe(x))
  const body = loopHead(info.loop).body;
  if (!body || body.children.length !== 1) return undefined;
  const stmt = statementOf(call);
  if (stmt !== body.children[0]) return undefined;
  const app = stmt.children[0];
  if (app?.type !== 'call' || calleeLast(text, app) !== 'append') return undefined;
  const appArgs = callArgs(text, app);
  if (appArgs.positional.length !== 1 || appArgs.positional[0] !== call) return undefined;
  const holder = keyOf(text, field(field(app, 'function'), 'object'));
  if (!holder) return undefined;
  // comments inside the loop are kept, after the new statement
  const comments = a.doc.comments.filter((c) => c.span.start >= info.loop.start && c.span.end <= info.loop.end).map((c) => c.text);
  return {
    safety: 'unsafe',
    title: `Call ${fn} once on the list with batch_size=${BATCH} (check the result shape: some pipelines wrap a single input's result in a list)`,
    edits: [
      {
        file,
        span: { start: info.loop.start, end: info.loop.end },
        newText: `${holder}.extend(${kind === 'encode' ? `list(${batched})` : batched})${comments.map((c) => `  ${c}`).join('')}`,
      },
    ],
  };
}
