// model/oversized: the Python hosted-API check (openai, anthropic, google-genai, InferenceClient, litellm); the
// in-process checks are the Python check's (./python.ts). See ./api.ts.
import type { FindingDraft, RuleContext } from '../../rule';
import { checkApiOversized } from './api';

export function checkApiPython(ctx: RuleContext): FindingDraft[] {
  return ctx.doc.lang === 'python' || ctx.doc.lang === 'notebook' ? checkApiOversized(ctx) : [];
}
