// model/reload-in-loop: model weights loaded inside a loop or per request (JS/TS transformers.js and Python).
// Python loads come from the model-API usage builder; a reload the loop needs is dropped here: the loop also
// trains (one fresh model per cross-validation fold or run: training changed the weights in place, so reloading
// is how each fold starts clean), or the loop walks a handful of items written in the code (a set or list
// literal of devices or configurations, `range(N)` with a small N).
import { apiUsageOf } from '../../../extract/api';
import { walk, type PyNode } from '../../../extract/python/ast';
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
  const l = loop;
  const inside = (c: PyNode) => c.start >= l.start && c.end <= l.end;
  if (a.backwardCalls.some(inside) || a.stepCalls.some(inside) || a.trainCalls.some(inside)) return true;
  if (a.calls.some((c) => inside(c) && /(^|\.)(train|fit)$/.test(a.qname.get(c) ?? '') && /trainer|fit/i.test(a.qname.get(c) ?? ''))) return true;
  return loop.type !== 'while_statement' && smallLiteralLoop(a, loop, 5, 5);
}
