// compile/no-compile: the config-file check. A training config that turns compilation off explicitly
// (`torch_compile: false` in TrainingArguments / Axolotl, `compile: False` in torchtune, `compile: null` in OLMo,
// whose TrainConfig reads null as "no torch.compile") where the framework supports it. The fix turns it on: numerics
// are unchanged, so it is safe (the first steps are slower). Silent when the project pins PyTorch < 2 (no
// torch.compile there), when the line says why it is off (`compile: null  # unstable on AMD GPUs`), and when a
// launch script that runs the config turns compilation on (launchers.ts).
import { configJobs, localFact, makeFix, sourceText, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';
import { launcherCompiles } from './launchers';
import { torchBefore2 } from './torch-version';

const SUPPORTED = new Set(['hf-trainer', 'axolotl', 'llama-factory', 'torchtune', 'olmo']);

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.phase !== 'training' || !SUPPORTED.has(job.flavour) || value(job, 'device') === 'cpu') continue;
    const c = localFact(ctx, job, 'compile');
    if (!c || c.fact.value !== false || c.fact.origin !== 'explicit' || !c.span) continue;
    if (torchBefore2(ctx)) continue;
    // a launch script that runs this config turns compilation on (`--compile.fullgraph=false`, `--torch_compile`)
    if (ctx.doc.lang !== 'shell' && launcherCompiles(ctx.workspace, ctx.doc.path)) continue;
    const where = sourceText(ctx, c.span) ?? 'compile: false';
    const edits = c.fact.edit?.(true);
    if (job.flavour === 'olmo' && !edits) continue; // the line gives its reason for leaving compilation off
    const on = job.flavour === 'torchtune' ? 'compile: True' : job.flavour === 'olmo' ? 'compile: {fullgraph: false}' : 'torch_compile: true';
    const why = job.flavour === 'olmo' ? ' (OLMo compiles only when a compile block is set; null means off)' : '';
    out.push({
      message: `\`${where}\` turns torch.compile off${why}; set \`${on}\` (fused kernels: the PyTorch 2.0 release measured training 1.43× faster on average on an A100; less where attention and loss are already fused kernels)`,
      span: c.span,
      fix: makeFix('safe', 'Turn torch.compile on', edits),
      jobId: job.id,
      patch: { compile: true },
    });
  }
  return out;
}
