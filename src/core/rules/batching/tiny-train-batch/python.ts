// batching/tiny-train-batch: the Python and notebook check.
import type { FindingDraft, RuleContext } from '../../rule';

export function checkPython(_ctx: RuleContext): FindingDraft[] {
  return [];
}
