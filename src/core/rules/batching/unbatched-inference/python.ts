// batching/unbatched-inference: the Python and notebook check.
// Per-item `model.generate(...)`, `pipe(...)` (transformers pipeline), `model(...)` forward passes and
// sentence-transformers `encode(...)` inside a loop (or comprehension) over independent items: the call uses the
// loop's item, the loop walks a collection item by item (not batches, see loops.ts) and the loop is not a REPL
// (`input()`), not a training loop and not a `while` loop (sequential decoding). A DataLoader with batch size 1
// (or its default) counts as item by item. vLLM's `LLM.generate` and model-API clients are left to other checks.
// Fix (unsafe): for a comprehension `[pipe(x, **kw) for x in xs]` or a loop whose whole body is
// `out.append(pipe(x))`, call the pipeline / encoder once on the list with `batch_size=32`; otherwise advice only.
import { callArgs, field, statementOf, textOf, type PyNode } from '../../../extract/python/ast';
import { analysisOf, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { jobAt } from '../../../extract/python/index';
import { calleeLast } from '../../../extract/python/imports';
import { classifyLoop, dependsOnItem, enclosingLoops, isComprehension, isInteractive, loopHead, type LoopInfo } from '../../../extract/python/loops';
import { isPython, isTestFile } from '../../../extract/python/rulekit';
import type { Fix } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

const BATCH = 32;

type CallKind = 'generate' | 'pipeline' | 'forward' | 'encode';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc) || isTestFile(ctx.doc.path)) return [];
  const a = analysisOf(ctx.doc);
  const out: FindingDraft[] = [];
  for (const call of a.calls) {
    const kind = inferenceKind(a, call);
    if (!kind) continue;
    const loops = enclosingLoops(call);
    if (loops.length === 0) continue;
    if (loops.some((l) => l.type === 'while_statement')) continue;
    const info = classifyLoop(a, loops[0]);
    if (info.kind !== 'items') continue;
    if (!dependsOnItem(a, info, call)) continue;
    if (loops.some((l) => isInteractive(a, l) || trainsIn(a, l))) continue;
    if (kind === 'forward' && a.backwardCalls.length > 0 && a.grad.gradMode(call) === 'on') continue;
    const name = textOf(a.text, field(call, 'function')!);
    const fix = batchFix(a, call, info, kind);
    const how =
      kind === 'pipeline'
        ? `pass the whole list to \`${name}(texts, batch_size=${BATCH})\``
        : kind === 'encode'
          ? `call \`${name}(texts, batch_size=${BATCH})\` once`
          : kind === 'generate'
            ? 'tokenize a batch with padding (left padding for decoder-only models) and call `generate` once per batch'
            : 'stack the inputs into batches (a DataLoader with `batch_size=32`, or `torch.stack`) and run one forward pass per batch';
    const d: FindingDraft = {
      message: `\`${name}(...)\` runs once per item inside this loop, so the GPU works on batch size 1 and sits mostly idle: ${how}.`,
      span: { start: call.start, end: call.end },
      patch: { inferenceBatch: BATCH },
    };
    const key = receiverOf(a, call);
    const origin = key ? a.origins.get(key) : undefined;
    const job = origin ? jobAt(ctx.jobs, { start: origin.start, end: origin.end }) : undefined;
    if (job) d.jobId = job.id;
    if (fix) d.fix = fix;
    out.push(d);
  }
  return out;
}

function receiverOf(a: PyAnalysis, call: PyNode): string | undefined {
  const f = field(call, 'function');
  if (!f) return undefined;
  const last = calleeLast(a.text, call);
  if (f.type === 'attribute' && (last === 'generate' || last === 'encode' || last === 'forward')) return keyOf(a.text, field(f, 'object'));
  return keyOf(a.text, f);
}

function inferenceKind(a: PyAnalysis, call: PyNode): CallKind | undefined {
  const key = receiverOf(a, call);
  if (!key) return undefined;
  const kind = a.kinds.get(key);
  const last = calleeLast(a.text, call);
  const f = field(call, 'function')!;
  const direct = f.type === 'identifier' || keyOf(a.text, f) === key;
  if (kind === 'model' && last === 'generate' && !direct) return 'generate';
  if (kind === 'model' && (direct || last === 'forward')) return 'forward';
  if (kind === 'hf-pipeline' && direct) return 'pipeline';
  if (kind === 'st-model' && last === 'encode') return 'encode';
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
