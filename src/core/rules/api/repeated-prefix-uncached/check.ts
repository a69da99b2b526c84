// api/repeated-prefix-uncached: a long constant Anthropic system prompt sent on every call without cache_control.
import { cachedSystemBlock } from '../../../extract/api/edits';
import { apiUsageOf } from '../../../extract/api';
import type { FindingDraft, RuleContext } from '../../rule';

/** Anthropic's minimum cacheable prefix: 1024 tokens (Opus/Sonnet), 2048 (Haiku); source in model-apis.json. */
const MIN_TOKENS = 1024;
const MIN_TOKENS_HAIKU = 2048;
/** A conservative characters-per-token ratio for English prose (≈4); using 4 errs towards silence. */
const CHARS_PER_TOKEN = 4;

export function checkRepeatedPrefix(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const text = ctx.doc.lang === 'notebook' ? ctx.doc.python.text : ctx.doc.text;
  for (const c of apiUsageOf(ctx.doc, ctx.workspace).calls) {
    if (c.via || c.provider !== 'anthropic' || c.kind !== 'messages' || c.cacheControl) continue;
    const sys = c.system;
    if (!sys?.value) continue;
    // sent more than once: in a loop, a handler or a function something repeated calls (a one-shot script call, or a
    // helper the script runs once, or the callback of a top-level `run(async () => …)`, gains nothing from a cache)
    if (c.runs ? c.runs !== 'repeated' : !c.loop && !c.inHandler && !c.inFunction) continue;
    const min = c.model?.value?.includes('haiku') ? MIN_TOKENS_HAIKU : MIN_TOKENS;
    const tokens = Math.round(sys.value.length / CHARS_PER_TOKEN);
    if (tokens < min) continue;
    out.push({
      message: `This constant system prompt (~${Math.round(tokens / 100) * 100} tokens) is sent on every \`${c.callee}\` call without \`cache_control\`; mark it with \`cache_control: {type: "ephemeral"}\` so repeated calls read it from Anthropic's prompt cache at 10% of the input price.`,
      span: sys.span,
      fix: {
        safety: 'unsafe',
        title: 'Send the system prompt as a cached text block',
        edits: [{ file: ctx.doc.path, span: sys.span, newText: cachedSystemBlock(c.lang, text.slice(sys.span.start, sys.span.end)) }],
      },
    });
  }
  return out;
}
