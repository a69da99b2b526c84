// measure/no-energy-tracking: no energy measurement. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'measure/no-energy-tracking',
    title: 'no energy measurement',
    severity: 'info',
    fixSafety: 'manual',
    languages: ['python', 'notebook'],
    optIn: true,
  },
  docs: {
    whatItDoes:
      'Opt-in, info level. Flags a long training entry point — `trainer.train()` or a substantial raw PyTorch loop run from module level or the `__main__` guard — with no energy measurement in the file (no codecarbon, Zeus, pynvml / NVML, CarbonTracker, eco2ai or pyJoules).',
    whyItCosts:
      'What is not measured is not managed: without a per-run kWh figure, regressions (a lost `bf16`, a starved DataLoader) go unnoticed and reports rely on TDP × hours, which overestimates training energy (GPUs draw 43–70 % of TDP in training; shared/data README). codecarbon and Zeus add well under 1 % overhead by sampling NVML counters.',
    example: { file: 'train.py', code: 'if __name__ == "__main__":\n    trainer.train()' },
    useInstead: { file: 'train.py', code: 'from codecarbon import EmissionsTracker\n\nif __name__ == "__main__":\n    with EmissionsTracker(project_name="finetune"):\n        trainer.train()' },
    fixSafety:
      'Advice only: where to store the measurements (a file, your experiment tracker) is your choice; no edit is made.',
    estimatedImpact:
      'No direct saving; it makes every other saving visible. The engine\'s own estimate of the run is shown alongside.',
    notFlagged:
      'Any tracker import in the file, library functions that train only when called, short runs (`max_steps` < 1000), toy loops.',
  },
  check: (ctx) => [...checkPython(ctx)],
};
