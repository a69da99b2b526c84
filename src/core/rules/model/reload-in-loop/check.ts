// model/reload-in-loop: model weights loaded inside a loop or per request (JS/TS transformers.js and Python).
// Python loads come from the model-API usage builder; a reload the loop needs is dropped here: the loop also
// trains (one fresh model per cross-validation fold or run: training changed the weights in place, so reloading
// is how each fold starts clean), or the loop walks a handful of items written in the code (a set or list
// literal of devices or configurations, `range(N)` with a small N), or the loop runs once per resume: it sits in a
// function registered as a checkpoint hook (accelerate's `register_load_state_pre_hook` /
// `register_save_state_pre_hook`, torch's `register_load_state_dict_pre_hook`: called once per `load_state` /
// `save_state`, not per step), or it drains the list it walks (`for _ in range(len(models)): m = models.pop()`:
// one load per element, each element a different model).
import { apiUsageOf } from '../../../extract/api';
import { callArgs, enclosingFunction, field, functionName, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, type PyAnalysis } from '../../../extract/python/analysis';
import { smallLiteralLoop } from '../../../extract/python/loops';
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkReloadInLoop(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const lines = ctx.doc.lang === 'notebook' ? ctx.doc.python.lines : ctx.doc.lines;
  const seen = new Set<number>();
  const a = isPython(ctx.doc) ? analysisOf(ctx.doc) : undefined;
  for (const l of apiUsageOf(ctx.doc, ctx.workspace).loads) {
    if (!l.loop && !l.inHandler) continue;
    if (a && l.loop && requiredReload(a, l.loop.span.start)) continue;
    const span = l.via ? l.via.span : l.span;
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    const where = l.loop ? `inside a loop (line ${lines.position(l.loop.span.start).line})` : 'on every request of this handler';
    const through = l.via ? `\`${l.via.name}(…)\` loads a model with \`${l.what}\` (line ${lines.position(l.span.start).line}), and it runs ${where}` : `\`${l.what}\` runs ${where}`;
    const advice = l.lang === 'jsts' ? 'create the pipeline once at module level (or memoise it in a variable) and reuse it' : 'load it once at module level or in a startup hook (or cache it with `functools.lru_cache`) and reuse it';
    out.push({
      message: `${through}: the weights are read and moved to the device again each time; ${advice}.`,
      span,
      fix: { safety: 'manual', title: 'Load the model once and reuse it', edits: [] },
    });
  }
  return out;
}

/** The loop starting at `start` trains (a fresh model per fold or run) or walks a handful of literal items. */
function requiredReload(a: PyAnalysis, start: number): boolean {
  let loop: PyNode | undefined;
  walk(a.root, (n) => {
    if (loop || n.end < start || n.start > start) return false;
    if (n.start === start && (n.type === 'for_statement' || n.type === 'while_statement' || n.type.endsWith('comprehension') || n.type === 'generator_expression')) loop = n;
    return true;
  });
  if (!loop) return false;
  if (inCheckpointHook(a, loop) || drainsList(a, loop)) return true;
  const l = loop;
  const inside = (c: PyNode) => c.start >= l.start && c.end <= l.end;
  if (a.backwardCalls.some(inside) || a.stepCalls.some(inside) || a.trainCalls.some(inside)) return true;
  if (a.calls.some((c) => inside(c) && /(^|\.)(train|fit)$/.test(a.qname.get(c) ?? '') && /trainer|fit/i.test(a.qname.get(c) ?? ''))) return true;
  return loop.type !== 'while_statement' && smallLiteralLoop(a, loop, 5, 5);
}

const HOOK_REGISTRARS = /(^|\.)register_(load|save)_state(_dict)?(_pre|_post)?_hook$/;

/** The loop sits (at any depth) in a function passed by name to a checkpoint-hook registrar. */
function inCheckpointHook(a: PyAnalysis, loop: PyNode): boolean {
  for (let fn = enclosingFunction(loop); fn; fn = enclosingFunction(fn)) {
    const name = functionName(a.text, fn);
    if (!name) continue;
    const registered = a.calls.some((c) => {
      const callee = field(c, 'function');
      if (!callee || !HOOK_REGISTRARS.test(textOf(a.text, callee))) return false;
      return callArgs(a.text, c).positional.some((p) => p.type === 'identifier' && textOf(a.text, p) === name);
    });
    if (registered) return true;
  }
  return false;
}

/** `len(xs)` → the text of `xs`. */
function lenOf(a: PyAnalysis, n: PyNode | undefined): string | undefined {
  if (n?.type !== 'call' || textOf(a.text, field(n, 'function') ?? n) !== 'len') return undefined;
  const args = callArgs(a.text, n).positional;
  return args.length === 1 && args[0] ? textOf(a.text, args[0]) : undefined;
}

/** `for _ in range(len(xs))` / `while xs` / `while len(xs) > 0` whose body calls `xs.pop()`: one pass per element. */
function drainsList(a: PyAnalysis, loop: PyNode): boolean {
  let list: string | undefined;
  if (loop.type === 'for_statement') {
    const right = field(loop, 'right');
    if (right?.type === 'call' && textOf(a.text, field(right, 'function') ?? right) === 'range') {
      const args = callArgs(a.text, right).positional;
      if (args.length === 1) list = lenOf(a, args[0]);
    }
  } else if (loop.type === 'while_statement') {
    let cond = field(loop, 'condition');
    if (cond?.type === 'comparison_operator' && cond.children.length === 3 && cond.children[2] && textOf(a.text, cond.children[2]) === '0') cond = cond.children[0];
    if (cond?.type === 'identifier' || cond?.type === 'attribute') list = textOf(a.text, cond);
    else list = lenOf(a, cond);
  }
  if (!list) return false;
  const body = field(loop, 'body');
  if (!body) return false;
  return a.calls.some((c) => c.start >= body.start && c.end <= body.end && textOf(a.text, field(c, 'function') ?? c) === `${list}.pop`);
}
