// batching/unbatched-inference: model-API calls (JS/TS and Python) sent one item at a time in a loop over a data
// set where the provider has a way to send many. Owned by the model-API work (the rule's docs: the Python checks).
import { apiUsageOf, jobAt } from '../../../extract/api';
import { batchAdvice } from '../../../extract/api/providers';
import type { FindingDraft, RuleContext } from '../../rule';

const loopWords = { for: '`for` loop', 'for-of': '`for…of` loop', 'for-in': '`for…in` loop', map: 'per-item callback (`.map` / `map`)', comprehension: 'comprehension' } as const;

export function checkApiUnbatched(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const lines = ctx.doc.lang === 'notebook' ? ctx.doc.python.lines : ctx.doc.lines;
  const seen = new Set<number>();
  for (const c of apiUsageOf(ctx.doc, ctx.workspace).calls) {
    const l = c.loop;
    if (!l || !l.itemDependent || l.overBatches || l.overModels || l.literalSmall) continue;
    if (c.kind === 'batch' || (c.kind === 'embedding' && c.listInput)) continue;
    // requests already sent concurrently: a batch job (hours of latency) is a workflow change the code cannot assume;
    // one list per embeddings / task request still saves requests
    if (l.concurrent && !(c.kind === 'embedding' || c.kind === 'task' || c.kind === 'pipeline-run')) continue;
    const advice = batchAdvice(c.provider, c.kind, c.endpoint);
    if (!advice) continue;
    const span = c.via ? c.via.span : c.span;
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    const what = c.via ? `\`${c.via.name}(…)\` sends one \`${c.callee}\` request (line ${lines.position(c.span.start).line}) per item` : `\`${c.callee}\` sends one request per item`;
    const d: FindingDraft = {
      message: `${what} of the ${loopWords[l.kind]} at line ${lines.position(l.span.start).line}; ${advice}.`,
      span,
      fix: { safety: 'manual', title: 'Send the items as a batch', edits: [] },
    };
    const job = c.via ? undefined : jobAt(ctx.jobs, c.span);
    if (job) d.jobId = job.id;
    out.push(d);
  }
  return out;
}
