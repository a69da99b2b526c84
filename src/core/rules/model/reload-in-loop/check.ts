// model/reload-in-loop: model weights loaded inside a loop or per request (JS/TS transformers.js and Python).
import { apiUsageOf } from '../../../extract/api';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkReloadInLoop(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const lines = ctx.doc.lang === 'notebook' ? ctx.doc.python.lines : ctx.doc.lines;
  const seen = new Set<number>();
  for (const l of apiUsageOf(ctx.doc, ctx.workspace).loads) {
    if (!l.loop && !l.inHandler) continue;
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
      patch: { reloadPerCall: false },
      given: { reloadPerCall: true },
    });
  }
  return out;
}
