// api/unbounded-output: generation calls (JS/TS and Python) with no output-token limit where the API has one.
import { appendOptionEdit, optionEntry } from '../../../extract/api/edits';
import { apiUsageOf, jobAt } from '../../../extract/api';
import { outputUnboundedByDefault } from '../../../extract/api/providers';
import type { FindingDraft, RuleContext } from '../../rule';

/** The cap the fix proposes: enough for a long answer, far below the models' 4k–100k output maximum. Review it. */
export const SUGGESTED_CAP = 1024;

export function checkUnboundedOutput(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const text = ctx.doc.lang === 'notebook' ? ctx.doc.python.text : ctx.doc.text;
  const usage = apiUsageOf(ctx.doc, ctx.workspace);
  // An interactive UI (gradio, streamlit) answers one user's clicks with the chat's own open-ended answers.
  if (usage.ui) return out;
  // Prompts that ask for long-form output (a detailed analysis, an answer "as detailed as possible"): the length is
  // the product, and a cap would truncate it (the code then parses a cut-off answer).
  if (usage.longForm) return out;
  for (const c of usage.calls) {
    if (c.via || !outputUnboundedByDefault(c.provider, c.kind)) continue;
    // A one-off call (a script's or notebook's single request, a demo client) risks one long answer, not a bill;
    // an embedding / reranker / classifier endpoint generates nothing to cap.
    if (c.runs === 'once' || c.nonGenerative) continue;
    // A chat route answering one user turn (the conversation the UI sent, streamed back) is the same case as the
    // gradio / streamlit apps: a cap cuts off legitimate answers.
    if (c.chatTurn) continue;
    // A tool the model calls during one chat turn (`tools=[search]`): a handful of requests per user query, whose
    // answers the model reads back, like the loop over one response's tool calls.
    if (c.toolCall) continue;
    // A reasoning model with its effort set: the limit would count the hidden reasoning too, and the effort is the
    // code's own choice of how long the model may think (a short cap returns an empty answer).
    if (c.reasoningEffort) continue;
    if (c.provider === 'ai-sdk' && c.modelProvider !== 'openai' && c.modelProvider !== 'google') continue; // @ai-sdk/anthropic sets its own default cap
    if (c.maxTokens) continue; // set, or possibly set through `...opts` / `**kwargs` / a dynamic config
    const name = c.provider === 'ai-sdk' ? 'maxOutputTokens' : c.kind === 'responses' ? 'max_output_tokens' : c.provider === 'openai' ? 'max_completion_tokens' : c.provider === 'google' ? (c.lang === 'jsts' ? 'maxOutputTokens' : 'max_output_tokens') : 'max_tokens';
    const model = c.model?.value ? `\`${c.model.value}\`` : 'the model';
    const d: FindingDraft = {
      message: `\`${c.callee}\` sets no output-token limit, so ${model} may generate up to its maximum output length on every call; set \`${name}\` to the longest answer you need (e.g. ${SUGGESTED_CAP}).`,
      span: c.span,
    };
    const job = jobAt(ctx.jobs, c.span);
    if (job) {
      d.jobId = job.id;
      d.patch = { outputTokens: SUGGESTED_CAP };
    }
    if (c.options && !c.options.open_ended && c.provider !== 'google' && c.provider !== 'ai-sdk') {
      d.fix = {
        safety: 'unsafe',
        title: `Add \`${name}\` = ${SUGGESTED_CAP} (review the limit: longer answers will be cut off)`,
        edits: [appendOptionEdit(ctx.doc.path, text, c.options, optionEntry(c.lang, name, String(SUGGESTED_CAP)))],
      };
    }
    out.push(d);
  }
  return out;
}
