// model/oversized: the JS/TS check (hosted model APIs); see ./api.ts.
import type { FindingDraft, RuleContext } from '../../rule';
import { checkApiOversized } from './api';

export function checkJsts(ctx: RuleContext): FindingDraft[] {
  return ctx.doc.lang === 'jsts' ? checkApiOversized(ctx) : [];
}
