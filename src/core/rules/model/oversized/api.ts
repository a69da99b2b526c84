// model/oversized: a top-tier hosted model (JS/TS and Python) used for a task the code shows is small — a yes/no
// answer, a fixed label set, an output cap of a few tokens. Owned by the model-API work; prices and tiers come from
// src/core/data/model-apis.json (dated and sourced).
import { lookupApiModel, modelApis } from '../../../data/model-apis';
import { apiUsageOf, jobAt } from '../../../extract/api';
import { EMBEDDING_TASK, embeddingModelOf, smallTaskOf } from '../../../extract/api/providers';
import type { ApiCall } from '../../../extract/api/usage';
import type { FindingDraft, RuleContext } from '../../rule';

/** An output cap this small means a label or a word, not prose. */
const TINY_OUTPUT = 5;

function evidence(c: ApiCall): string | undefined {
  if (c.maxTokens?.value !== undefined && c.maxTokens.value <= TINY_OUTPUT) return `\`${c.maxTokens.name}\` is ${c.maxTokens.value}`;
  if (c.enumAnswer) return 'the answer is restricted to a fixed set of labels';
  const t = smallTaskOf(c.promptText.join('\n'));
  return t ? `the prompt asks for ${t}` : undefined;
}

const price = (n: number | undefined) => (n === undefined ? '?' : `$${n}`);

export function checkApiOversized(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const c of apiUsageOf(ctx.doc, ctx.workspace).calls) {
    if (c.via || !c.model?.value) continue;
    if (!['chat', 'responses', 'messages', 'generate', 'completions'].includes(c.kind)) continue;
    const m = lookupApiModel(c.model.value);
    if (!m || m.kind !== 'chat') continue;
    // A chat model asked to produce an embedding: any tier; the embeddings endpoint is the right tool.
    const embedder = smallTaskOf(c.promptText.join('\n')) === EMBEDDING_TASK ? embeddingModelOf[m.provider] : undefined;
    if (embedder) {
      out.push({
        message: `\`${c.model.value}\` is a chat model, but the prompt asks it for ${EMBEDDING_TASK}; use the embeddings endpoint with \`${embedder}\`, which returns a real vector at a fraction of the price and energy.`,
        span: c.model.span,
        fix: { safety: 'manual', title: `Use \`${embedder}\` through the embeddings API`, edits: [] },
      });
      continue;
    }
    if (!m.smaller || (m.tier !== 'frontier' && m.tier !== 'large')) continue;
    const why = evidence(c);
    if (!why) continue;
    const small = lookupApiModel(m.smaller);
    const cost =
      m.inputPerMTok !== undefined && small?.inputPerMTok !== undefined
        ? ` (${price(small.inputPerMTok)} vs ${price(m.inputPerMTok)} per million input tokens, list prices recorded ${modelApis.recorded})`
        : '';
    const d: FindingDraft = {
      message: `\`${c.model.value}\` is a ${m.tier}-tier model, but ${why}; a small model of the same provider such as \`${m.smaller}\` handles this${cost}. Check its accuracy on a sample first.`,
      span: c.model.span,
      fix: { safety: 'manual', title: `Try \`${m.smaller}\``, edits: [] },
    };
    const job = jobAt(ctx.jobs, c.span);
    if (job) {
      d.jobId = job.id;
      d.patch = { model: m.smaller };
    }
    out.push(d);
  }
  return out;
}
