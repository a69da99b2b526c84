// measure/no-energy-tracking: the Python and notebook check (opt-in, info). A training entry point — a
// `trainer.train()` call, or a substantial raw PyTorch loop (nested epoch × batch loops, or over a DataLoader),
// run from module level or the `__main__` guard — with no energy measurement in the file: no codecarbon, Zeus,
// pynvml / nvidia-smi bindings, CarbonTracker, eco2ai or pyJoules import. Short runs (`max_steps` < 1000) stay
// silent. Advice only: the message names the two-line codecarbon wrapper.
import { enclosingFunction } from '../../../extract/python/ast';
import { analysisOf } from '../../../extract/python/analysis';
import { hasEnergyTracking, trainingLoops } from '../../../extract/python/index';
import { isPython } from '../../../extract/python/rulekit';
import type { FindingDraft, RuleContext } from '../../rule';

const SHORT_STEPS = 1000;

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  if (hasEnergyTracking(a)) return [];
  const entry = ctx.doc.lang === 'notebook' || a.root.children.some((s) => s.type === 'if_statement' && a.text.slice(s.start, s.end).includes('__main__'));
  const spans: { start: number; end: number }[] = [];
  const short = ctx.jobs.some((j) => j.flavour === 'hf-trainer' && j.facts.steps?.origin === 'explicit' && j.facts.steps.value < SHORT_STEPS);
  if (!short) for (const c of a.trainCalls) if (entry || !enclosingFunction(c)) spans.push({ start: c.start, end: c.end });
  for (const l of trainingLoops(a)) {
    if (!l.substantial) continue;
    if (entry || !enclosingFunction(l.loop)) spans.push({ start: l.loop.start, end: l.loop.start + 3 });
  }
  if (spans.length === 0) return [];
  const s = spans[0];
  const jobId = ctx.jobs.find((j) => j.phase === 'training')?.id;
  const d: FindingDraft = {
    message:
      'This training run measures no energy: wrap it in codecarbon (`from codecarbon import EmissionsTracker`; `tracker = EmissionsTracker(); tracker.start()` … `tracker.stop()`) or Zeus / NVML counters, so its kWh and CO₂ are known and regressions show.',
    span: s,
    patch: { energyTracking: true },
  };
  if (jobId) d.jobId = jobId;
  return [d];
}
