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
// Fix (unsafe): for a comprehension `[pipe(x, **kw) for x in xs]` or a loop whose whole body is
// `out.append(pipe(x))`, call the pipeline / encoder once on the list with `batch_size=32`; otherwise advice only.
import { callArgs, enclosingFunction, field, functionName, statementOf, textOf, type PyNode } from '../../../extract/python/ast';
import { analysisOf, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { enclosingClass, inModelCode, isTrainerClass, resolveReceiver, scopeOf, useWorkspace } from '../../../extract/python/flow';
import { jobAt } from '../../../extract/python/index';
import { calleeLast } from '../../../extract/python/imports';
import {
  calleeFromLoop, classifyLoop, dependsOnItem, enclosingLoops, indexesLaterAxis, inputsNamedBatch, isComprehension, isInteractive, loopCarried, loopHead,
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
  for (const call of a.calls) {
    const inf = inferenceKind(a, call);
    if (!inf) continue;
    const kind = inf.kind;
    const loops = enclosingLoops(call);
    if (loops.length === 0) continue;
    if (loops.some((l) => l.type === 'while_statement')) continue;
    // a model's own code: loops over its layers, stages, branches or decode steps run on batched tensors
    if (inModelCode(a, call)) continue;
    const info = classifyLoop(a, loops[0]);
    if (info.kind !== 'items') continue;
    if (!dependsOnItem(a, info, call)) continue;
    const l0 = loops[0];
    if (calleeFromLoop(a, loops, call) || loopCarried(a, l0, call) || stacksBatch(a, l0, call) || inputsNamedBatch(a, l0, call) || indexesLaterAxis(a, l0)) continue;
    if (receiverBoundIn(a, l0, call)) continue; // a different model each step: a reload, not a batch
    if (loops.some((l) => isInteractive(a, l) || trainsIn(a, l) || timesCalls(a, l) || overRequests(a, l))) continue;
    if (benchmarkCode(a, call) || inTrainer(a, call)) continue;
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
  return out;
}

/** A timing or profiling harness (`benchmark_generation_speed`, `measure_latency`): per-item calls are what it measures. */
function benchmarkCode(a: PyAnalysis, n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' && BENCH.test(functionName(a.text, p))) return true;
  return BENCH.test(a.doc.path.slice(a.doc.path.lastIndexOf('/') + 1));
}

const BENCH = /bench|latency|throughput|speed|profil|warm_?up/i;

/** A method of a Trainer subclass: its inputs are the batches of the trainer's own DataLoader. */
function inTrainer(a: PyAnalysis, n: PyNode): boolean {
  const cls = enclosingClass(n);
  return !!cls && isTrainerClass(a, cls);
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
  const kind = r?.kind;
  const out = (k: CallKind) => ({ kind: k, origin: r?.origin, foreign: r?.mod !== undefined });
  if (kind === 'model' && last === 'generate' && method) return out('generate');
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
