// memory/no-grad-checkpointing: the Python and notebook check. `TrainingArguments(...)` for a full fine-tune (no
// `peft` in the file) of a multi-billion-parameter model loaded in the same file (`from_pretrained`, size from the
// catalogue or its name) at micro-batch 1 or 2, with `gradient_checkpointing` off (unset or False) and no
// `model.gradient_checkpointing_enable()`. Safe fix: `gradient_checkpointing=True` (numerics unchanged; about a
// third more compute for recomputed activations, in exchange for memory that allows a larger micro-batch).
import { callArgs } from '../../../extract/python/ast';
import { analysisOf, callAtSpan } from '../../../extract/python/analysis';
import { APIS, apiSafety } from '../../../extract/python/resolve';
import { constString } from '../../../extract/python/consts';
import { isPython } from '../../../extract/python/rulekit';
import { paramsFromName } from '../../../extract/config/job';
import { lookupModel } from '../../../data/lookup';
import type { FindingDraft, RuleContext } from '../../rule';

/** Same threshold as the config check: a full fine-tune of 3B+ is memory-bound on 80 GB GPUs (≈16 bytes/param with AdamW). */
const LARGE_MODEL = 3e9;

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  if (a.imports.modules.has('peft') || a.imports.modules.has('unsloth')) return [];
  if ([...a.methodCalls.keys()].some((k) => k.endsWith('.gradient_checkpointing_enable'))) return [];
  let largest: { id: string; params: number } | undefined;
  for (const [key, origin] of a.origins) {
    if (a.kinds.get(key) !== 'model' || !(a.qname.get(origin) ?? '').endsWith('.from_pretrained')) continue;
    const id = constString(a.text, callArgs(a.text, origin).positional[0], a.consts);
    if (!id) continue;
    let p: number | undefined;
    try {
      p = lookupModel(id)?.params;
    } catch {
      p = undefined;
    }
    p = p ?? paramsFromName(id);
    if (p && (!largest || p > largest.params)) largest = { id, params: p };
  }
  if (!largest || largest.params < LARGE_MODEL) return [];
  const out: FindingDraft[] = [];
  for (const job of ctx.jobs) {
    if (job.flavour !== 'hf-trainer' || !job.anchor || job.facts.device?.value === 'cpu') continue;
    const gc = job.facts.gradCheckpointing;
    const mb = job.facts.microBatch;
    if (!gc || gc.value !== false || job.dynamic.includes('gradCheckpointing')) continue;
    if (!mb || mb.origin !== 'explicit' || mb.value > 2) continue;
    const edits = gc.edit?.(true);
    const d: FindingDraft = {
      message: `Full fine-tune of \`${largest.id}\` (${(largest.params / 1e9).toFixed(1)}B) at micro-batch ${mb.value} without gradient checkpointing: set \`gradient_checkpointing=True\` to free activation memory for a larger micro-batch.`,
      span: gc.origin === 'explicit' && gc.source ? gc.source.span : job.anchor.span,
      jobId: job.id,
      patch: { gradCheckpointing: true },
    };
    if (edits && edits.length > 0) {
      const call = callAtSpan(a, job.anchor.span);
      const s = call ? apiSafety(a, call, APIS.trainingArguments, ctx.workspace) : { safety: 'unsafe' as const, note: 'the call could not be found' };
      d.fix = { safety: s.safety, title: s.note ? `Set gradient_checkpointing=True (${s.note})` : 'Set gradient_checkpointing=True', edits };
    }
    out.push(d);
  }
  return out;
}
