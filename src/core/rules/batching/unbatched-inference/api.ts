// batching/unbatched-inference: model-API calls (JS/TS and Python) sent one item at a time in a loop over a data
// set where the provider has a way to send many. Owned by the model-API work (the rule's docs: the Python checks).
import { lookupApiModel, modelApis } from '../../../data/model-apis';
import { apiUsageOf, jobAt } from '../../../extract/api';
import { batchAdvice, compatibleBatchHosts } from '../../../extract/api/providers';
import type { ApiCall } from '../../../extract/api/usage';
import type { ParsedDocument } from '../../../parse/document';
import { cellLine, linePlace } from '../../../parse/place';
import type { FindingDraft, RuleContext } from '../../rule';

const loopWords = { for: '`for` loop', 'for-of': '`for…of` loop', 'for-in': '`for…in` loop', map: 'per-item callback (`.map` / `map`)', comprehension: 'comprehension' } as const;

/**
 * The least a batch submission must save, in US dollars at list prices, to be worth advising: a batch job trades
 * results now for results within 24 h and a submit / poll / collect workflow. Below a dollar that trade is not
 * worth a finding (a judgement, stated in the rule's docs).
 */
export const BATCH_SAVING_FLOOR_USD = 1;
/**
 * Tokens per request assumed when pricing a loop whose item count the code shows: generous, so that a loop is called
 * trivial only when even long requests would be. Input: a few pages of prompt; output: the call's cap, else a long
 * answer.
 */
const ASSUMED_INPUT_TOKENS = 4000;
const ASSUMED_OUTPUT_TOKENS = 1000;

/** The batch discount the advice names: a compatible host's own, else the first-party 50% (model-apis.json `sources.batch`). */
function discountOf(c: ApiCall): number {
  const host = c.endpoint?.host;
  return host && compatibleBatchHosts[host] ? compatibleBatchHosts[host].discount : 0.5;
}

/** List price of one request in US dollars: the model's row in model-apis.json, or the table's dearest when unknown. */
function requestPriceUsd(c: ApiCall): number {
  const m = c.model?.value ? lookupApiModel(c.model.value) : undefined;
  const rows = modelApis.models.filter((r) => r.kind === 'chat');
  const inP = m?.inputPerMTok ?? Math.max(...rows.map((r) => r.inputPerMTok ?? 0));
  const outP = m?.outputPerMTok ?? Math.max(...rows.map((r) => r.outputPerMTok ?? 0));
  const out = c.maxTokens?.value ?? ASSUMED_OUTPUT_TOKENS;
  return (ASSUMED_INPUT_TOKENS * inP + out * outP) / 1e6;
}

/**
 * The whole API bill a notebook's own prose states ("running this notebook costs about $0.60", "13 cents"): the
 * largest amount next to a word of cost in a markdown cell, in US dollars. Undefined elsewhere or when none is stated.
 */
export function statedBillUsd(doc: ParsedDocument): number | undefined {
  if (doc.lang !== 'notebook') return undefined;
  let most: number | undefined;
  for (const c of doc.cells) {
    if (c.kind !== 'markdown') continue;
    for (const m of c.source.matchAll(/\bcost(?:s|ed|ing)?\b[^$\n.]{0,40}?\\?\$\s?(\d+(?:\.\d+)?)/gi)) most = Math.max(most ?? 0, Number(m[1]));
    for (const m of c.source.matchAll(/\bcost(?:s|ed|ing)?\b[^\n.]{0,40}?\b(\d+(?:\.\d+)?)\s*cents\b/gi)) most = Math.max(most ?? 0, Number(m[1]) / 100);
  }
  return most;
}

export function checkApiUnbatched(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Set<number>();
  const bill = statedBillUsd(ctx.doc);
  for (const c of apiUsageOf(ctx.doc, ctx.workspace).calls) {
    const l = c.loop;
    if (!l || !l.itemDependent || l.overBatches || l.overModels || l.literalSmall) continue;
    if (c.kind === 'batch' || (c.kind === 'embedding' && c.listInput)) continue;
    const oneList = c.kind === 'embedding' || c.kind === 'task' || c.kind === 'pipeline-run';
    // requests already sent concurrently: a batch job (hours of latency) is a workflow change the code cannot assume;
    // one list per embeddings / task request still saves requests
    if (l.concurrent && !oneList) continue;
    // a step that answers one live query, or maps over the pieces of one document, needs its answer now
    if ((l.perQuery || l.oneDocument) && !oneList) continue;
    // an agent's turns wait on each other's tool results: a batch job cannot run the loop
    if (c.agentTurn && !oneList) continue;
    // a tool function the model calls mid-turn: the chat waits for its answer, a batch job cannot serve it
    if (c.toolCall && !oneList) continue;
    const advice = batchAdvice(c.provider, c.kind, c.endpoint);
    if (!advice) continue;
    // No saving worth it, no finding: the items the code shows (a literal list, a `[:3]` preview), priced at list
    // prices with generous requests, or the bill the notebook itself states, save less than the floor as a batch job.
    if (!oneList) {
      if (l.items !== undefined && l.items * requestPriceUsd(c) * discountOf(c) < BATCH_SAVING_FLOOR_USD) continue;
      if (bill !== undefined && bill * discountOf(c) < BATCH_SAVING_FLOOR_USD) continue;
    }
    const span = c.via ? c.via.span : c.span;
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    const what = c.via
      ? `\`${c.via.name}(…)\` sends one \`${c.callee}\` request (${linePlace(ctx.doc, c.span.start, span.start)}) per item`
      : `\`${c.callee}\` sends one request per item`;
    const d: FindingDraft = {
      message: `${what} of the ${loopWords[l.kind]} at ${linePlace(ctx.doc, l.span.start, span.start)}; ${advice}.`,
      span,
      fix: { safety: 'manual', title: 'Send the items as a batch', edits: [] },
    };
    // the places the message names, as related locations (cell-relative in notebooks once mapped), when elsewhere
    const at = cellLine(ctx.doc, span.start);
    const loopAt = cellLine(ctx.doc, l.span.start);
    const related = [
      ...(loopAt.cell !== at.cell || loopAt.line !== at.line ? [{ ref: { file: ctx.doc.path, span: l.span }, message: `the ${loopWords[l.kind]}` }] : []),
      ...(c.via ? [{ ref: { file: ctx.doc.path, span: c.span }, message: `the \`${c.callee}\` request` }] : []),
    ];
    if (related.length) d.related = related;
    const job = c.via ? undefined : jobAt(ctx.jobs, c.span);
    if (job) d.jobId = job.id;
    out.push(d);
  }
  return out;
}
