// hardware/legacy-accelerator: the config-file check. A launch config that pins a job to an accelerator
// generations behind: Kepler/Maxwell/Pascal/Volta (2017 and older) for any job, Turing (T4) for training.
// Advice only: moving hardware changes cost, quota and availability, which only the user can weigh.
import { lookupHardware } from '../../../data/lookup';
import { configJobs, localFact, makeFix, sourceText } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

/** Accelerators released before this year are legacy for every job (V100, 2017, is the newest such). */
const LEGACY_BEFORE_YEAR = 2018;

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  if (ctx.settings.hardwareFixed) return [];
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    const hwFact = localFact(ctx, job, 'hardware');
    if (!hwFact || !hwFact.span) continue;
    let hw;
    try {
      hw = lookupHardware(hwFact.fact.value);
    } catch {
      hw = undefined;
    }
    if (!hw || hw.vendor.toLowerCase() !== 'nvidia') continue;
    const training = job.phase === 'training';
    const legacy = hw.year < LEGACY_BEFORE_YEAR || (training && hw.generation === 'Turing');
    if (!legacy) continue;
    const where = sourceText(ctx, hwFact.span) ?? hw.name;
    const instead = training ? 'an A100 or H100 (bf16 tensor cores)' : 'an L4 or A10G for serving';
    const lacks = hw.bf16 ? '' : ', no bf16';
    out.push({
      message: `\`${where}\` pins ${training ? 'training' : 'this job'} to ${hw.name} (${hw.generation}, ${hw.year}${lacks}); ${instead} does the same work for far less energy per step`,
      span: hwFact.span,
      fix: makeFix('manual', `Move off ${hw.name}`, []),
      jobId: job.id,
      patch: { hardware: training ? 'A100 80GB SXM' : 'L4' },
    });
  }
  return out;
}
