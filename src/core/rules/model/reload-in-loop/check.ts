// model/reload-in-loop: model weights loaded inside a loop or per request (JS/TS transformers.js and Python).
// Python loads come from the model-API usage builder; a reload the loop needs is dropped here: the loop also
// trains (one fresh model per cross-validation fold or run: training changed the weights in place, so reloading
// is how each fold starts clean), or the loop walks a handful of items written in the code (a set or list
// literal of devices or configurations, `range(N)` with a small N), or the loop runs once per resume: it sits in a
// function registered as a checkpoint hook (accelerate's `register_load_state_pre_hook` /
// `register_save_state_pre_hook`, torch's `register_load_state_dict_pre_hook`: called once per `load_state` /
// `save_state`, not per step), or it drains the list it walks (`for _ in range(len(models)): m = models.pop()`:
// one load per element, each element a different model). Also dropped: a load (or the helper call that loads) under
// an `if` that takes a modulo inside the loop (`if step % save_steps == 0:`: periodic, a few loads per run), a load
// under `if i == rank:` in `for i in range(...)` (processes loading in turns: one pass takes it), and a
// load in an agent tool (`@tool`: the agent calls it a few times per run, with the model it names).
import { apiUsageOf } from '../../../extract/api';
import { callArgs, decoratorsOf, enclosingFunction, field, functionName, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, type PyAnalysis } from '../../../extract/python/analysis';
import { smallLiteralLoop } from '../../../extract/python/loops';
import { isPython } from '../../../extract/python/rulekit';
import { linePlace } from '../../../parse/place';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkReloadInLoop(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Set<number>();
  const a = isPython(ctx.doc) ? analysisOf(ctx.doc) : undefined;
  for (const l of apiUsageOf(ctx.doc, ctx.workspace).loads) {
    if (!l.loop && !l.inHandler) continue;
    if (a && l.loop && requiredReload(a, l.loop.span.start)) continue;
    const span = l.via ? l.via.span : l.span;
    // a load (or the helper call that loads) that runs every N steps (`if step % save_steps == 0:`): a periodic
    // checkpoint or evaluation, a few loads per run, not one per iteration
    if (a && l.loop && periodic(a, span.start, l.loop.span.start)) continue;
    // processes taking turns (`for i in range(world_size): if i == rank: load()`): the guard picks one pass of the
    // loop, so each process loads once
    if (a && l.loop && onePass(a, span.start, l.loop.span.start)) continue;
    // an agent tool (`@tool`): the agent calls it a few times per run, with the model it names, not per request
    if (a && l.inHandler && !l.loop && inAgentTool(a, l.span.start)) continue;
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    const where = l.loop ? `inside a loop (${linePlace(ctx.doc, l.loop.span.start, span.start)})` : 'on every request of this handler';
    const through = l.via ? `\`${l.via.name}(…)\` loads a model with \`${l.what}\` (${linePlace(ctx.doc, l.span.start, span.start)}), and it runs ${where}` : `\`${l.what}\` runs ${where}`;
    const advice = l.lang === 'jsts' ? 'create the pipeline once at module level (or memoise it in a variable) and reuse it' : 'load it once at module level or in a startup hook (or cache it with `functools.lru_cache`) and reuse it';
    out.push({
      message: `${through}: the weights are read and moved to the device again each time; ${advice}.`,
      span,
      fix: { safety: 'manual', title: 'Load the model once and reuse it', edits: [] },
    });
  }
  return out;
}

/** The node of `a` that starts at `start` and is of one of `types` (the outermost such). */
function nodeAt(a: PyAnalysis, start: number, types: (t: string) => boolean): PyNode | undefined {
  let hit: PyNode | undefined;
  walk(a.root, (n) => {
    if (hit || n.end < start || n.start > start) return false;
    if (n.start === start && types(n.type)) hit = n;
    return true;
  });
  return hit;
}

/** The call at `at` sits, inside the loop at `loopStart`, under an `if` whose condition takes a modulo (`% every == 0`). */
function periodic(a: PyAnalysis, at: number, loopStart: number): boolean {
  const call = nodeAt(a, at, (t) => t === 'call');
  for (let p = call?.parent; p && p.start >= loopStart; p = p.parent) {
    if (p.type !== 'if_statement' && p.type !== 'elif_clause') continue;
    const cond = field(p, 'condition');
    let mod = false;
    if (cond) walk(cond, (n) => {
      const l = field(n, 'left');
      const r = field(n, 'right');
      if (n.type === 'binary_operator' && l && r && a.text.slice(l.end, r.start).trim() === '%') mod = true;
      return !mod;
    });
    if (mod) return true;
  }
  return false;
}

/**
 * The call at `at` sits, inside the `for v in range(...)` loop at `loopStart`, under an `if v == x:` (or `x == v`)
 * where `x` is a name or attribute that does not mention `v`: `range` yields each value once, so at most one pass
 * takes the branch (processes loading in turns: `if pi == local_process_index:`).
 */
function onePass(a: PyAnalysis, at: number, loopStart: number): boolean {
  const loop = nodeAt(a, loopStart, (t) => t === 'for_statement');
  const left = loop && field(loop, 'left');
  const right = loop && field(loop, 'right');
  if (!loop || left?.type !== 'identifier' || right?.type !== 'call' || textOf(a.text, field(right, 'function') ?? right) !== 'range') return false;
  const v = textOf(a.text, left);
  const body = field(loop, 'body');
  const call = nodeAt(a, at, (t) => t === 'call');
  if (!body || !call || call.start < body.start || call.end > body.end) return false;
  for (let p = call.parent; p && p.start >= body.start; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    // the call must sit in the `if` branch itself, not in its `elif` / `else`
    const then = field(p, 'consequence');
    if (!then || call.start < then.start || call.end > then.end) continue;
    const cond = field(p, 'condition');
    if (cond?.type !== 'comparison_operator' || cond.children.length !== 2) continue;
    const [x, y] = cond.children;
    if (!x || !y || a.text.slice(x.end, y.start).trim() !== '==') continue;
    const other = x.type === 'identifier' && textOf(a.text, x) === v ? y : y.type === 'identifier' && textOf(a.text, y) === v ? x : undefined;
    if (!other || (other.type !== 'identifier' && other.type !== 'attribute')) continue;
    let mentions = false;
    walk(other, (n) => {
      // `v` itself, not an attribute named like it (`state.v`)
      const member = n.parent?.type === 'attribute' && field(n.parent, 'attribute')?.start === n.start;
      if (n.type === 'identifier' && !member && textOf(a.text, n) === v) mentions = true;
      return !mentions;
    });
    if (mentions) continue;
    return true;
  }
  return false;
}

/** The load sits in a function decorated as an agent tool (`@tool`, `@tool(...)`, `@agents.tool`). */
function inAgentTool(a: PyAnalysis, at: number): boolean {
  const call = nodeAt(a, at, (t) => t === 'call');
  for (let fn = call ? enclosingFunction(call) : undefined; fn; fn = enclosingFunction(fn)) {
    if (decoratorsOf(fn).some((d) => /^(\w+\.)*tool$/.test(textOf(a.text, d.type === 'call' ? (field(d, 'function') ?? d) : d)))) return true;
  }
  return false;
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
