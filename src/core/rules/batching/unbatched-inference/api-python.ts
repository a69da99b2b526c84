// batching/unbatched-inference: the Python hosted-API check (openai, anthropic, google-genai, InferenceClient,
// litellm); in-process models are the Python check's (./python.ts). See ./api.ts.
import type { FindingDraft, RuleContext } from '../../rule';
import { checkApiUnbatched } from './api';

export function checkApiPython(ctx: RuleContext): FindingDraft[] {
  return ctx.doc.lang === 'python' || ctx.doc.lang === 'notebook' ? checkApiUnbatched(ctx) : [];
}
