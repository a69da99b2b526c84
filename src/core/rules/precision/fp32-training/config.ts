// precision/fp32-training: the config-file (YAML / JSON / shell) check. A GPU training job whose precision this
// file leaves at fp32 (explicitly, or by the framework default) gets a finding on the key (or the file), with a
// safe fix that turns on bf16 (fp16 on hardware without bf16).
import { configJobs, flavourName, halfPrecisionFor, localFact, makeFix, precisionSetting, sourceText, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';
import { launcherPrecision } from './launchers';
import { resolveDefault } from '../../../data/library-defaults';
import { trainerRecipes } from '../../../extract/config/consumer';

/** A folder of the path names evaluation, inference or benchmarking. */
const EVAL_FOLDER = /(^|\/)(evals?|evaluations?|inference|benchmarks?|benchmarking)(\/|$)/i;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training' || value(job, 'device') === 'cpu' || job.dynamic.includes('device')) continue;
    const local = localFact(ctx, job, 'precision');
    if (!local || local.fact.value !== 'fp32') continue;
    // an accelerate config says nothing about training itself: under an evaluation / inference / benchmark folder it
    // launches that, not a training run
    if (job.flavour === 'accelerate' && EVAL_FOLDER.test(dirOf(ctx.doc.path))) continue;
    // an accelerate launcher config of a project whose training runs are Trainer recipes that set bf16 / fp16: the
    // recipe's TrainingArguments overrides the launcher's `mixed_precision` (shared defaults table), and no raw
    // accelerate loop of the project reads it
    if (job.flavour === 'accelerate' && recipesOverride(ctx)) continue;
    // a launch script that names this config also sets the precision (`--torch_dtype bfloat16`, `--bf16`)
    if (ctx.doc.lang !== 'shell' && launcherPrecision(ctx.workspace, ctx.doc.path)) continue;
    const { precision, why } = halfPrecisionFor(job, ctx.settings);
    const where = sourceText(ctx, local.span);
    // A TrainingArguments flag on an `accelerate launch` line is answered in the same spelling.
    const hfFlag = where !== undefined && /^--(bf16|fp16)\b/.test(where);
    const setting = hfFlag ? (where.includes('=') ? `--${precision}=True` : `--${precision} True`) : precisionSetting(job, precision);
    // a CompVis-style experiment config that the project's own main.py turns into a Lightning Trainer (its
    // `lightning: trainer:` block): those projects pin old Lightning releases, where `precision: 16` is native AMP
    // and `bf16-mixed` does not exist
    const launcher = job.flavour === 'lightning' ? job.references.find((r) => r.endsWith('main.py')) : undefined;
    const message = launcher
      ? `No mixed precision: \`${launcher}\` builds a Lightning Trainer from this config's \`lightning: trainer:\` block, which sets no \`precision\`, so the run trains in fp32 (Lightning's default); add \`precision: 16\` there (native AMP on every Lightning release; \`bf16-mixed\` on Lightning 2.x with an Ampere or newer GPU)`
      : where
        ? `\`${where}\` trains in full fp32; set \`${setting}\` (${why})`
        : `No mixed precision: ${flavourName(job)} trains in fp32 by default; set \`${setting}\` (${why})`;
    const edits = launcher ? undefined : local.fact.edit?.(precision);
    out.push({
      message,
      span: local.span,
      fix: launcher ? { safety: 'manual', title: 'Add `precision: 16` under `lightning: trainer:` (check the GAN / adaptive losses under AMP)', edits: [] } : makeFix('safe', `Train in ${precision} mixed precision`, edits),
      jobId: job.id,
      patch: { precision: launcher ? 'fp16' : precision },
    });
  }
  return out;
}

/** The project's Trainer recipes all set half precision, which overrides this accelerate config's (see above). */
function recipesOverride(ctx: RuleContext): boolean {
  const r = resolveDefault('transformers.TrainingArguments', 'accelerate-mixed-precision');
  if (r.kind !== 'known' || r.row.value !== 'overridden') return false;
  const recipes = trainerRecipes(ctx.workspace, ctx.doc.path);
  return !!recipes && recipes.half.length > 0 && recipes.fp32.length === 0 && !recipes.rawAccelerate;
}
