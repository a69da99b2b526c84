// batching/unbatched-inference: the JS/TS check (model-API calls and transformers.js pipelines); see ./api.ts.
import type { FindingDraft, RuleContext } from '../../rule';
import { checkApiUnbatched } from './api';

export function checkJsts(ctx: RuleContext): FindingDraft[] {
  return ctx.doc.lang === 'jsts' ? checkApiUnbatched(ctx) : [];
}
