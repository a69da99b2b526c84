// precision/fp32-training: the config-file (YAML / JSON / pbtxt / shell) check.
import type { FindingDraft, RuleContext } from '../../rule';

export function checkConfig(_ctx: RuleContext): FindingDraft[] {
  return [];
}
