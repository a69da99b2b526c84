// model/oversized: the Python hosted-API check (openai, anthropic, google-genai, InferenceClient, litellm); the
// in-process checks are the Python check's (./python.ts). See ./api.ts.
import { analysisOf } from '../../../extract/python/analysis';
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';
import { checkApiOversized } from './api';
import { isEvalHarness } from './python';

export function checkApiPython(ctx: RuleContext): FindingDraft[] {
  // an eval's own code (a notebook about building evals included): the model under evaluation is the point
  return isPython(ctx.doc) && !isEvalHarness(analysisOf(ctx.doc)) ? checkApiOversized(ctx) : [];
}
