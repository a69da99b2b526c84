// data/dataloader-workers: DataLoader without workers. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'data/dataloader-workers',
    title: 'DataLoader without workers',
    severity: 'warning',
    fixSafety: 'safe',
    languages: ['python', 'notebook'],
  },
  docs: {
    whatItDoes:
      'Flags a PyTorch `DataLoader` with `num_workers` 0 or unset when each item needs heavy CPU work — image or audio decoding and augmentation in the Dataset\'s `__getitem__`, torchvision folder datasets (`ImageFolder` & co.), on-the-fly tokenisation in `__getitem__` or `collate_fn` — in code that runs on a GPU.',
    whyItCosts:
      'With `num_workers=0` (the default) every batch is loaded in the training process between GPU steps, so the GPU idles while the CPU decodes JPEGs or tokenises; an idle GPU still draws a large share of its power for nothing (the shared/data README notes GPUs draw 43–70 % of TDP in training even when busy; idle draw on an A100 is typically 50–60 W of its 400 W). PyTorch\'s data-loading docs recommend worker processes plus `pin_memory=True` for GPU training.',
    example: { file: 'train.py', code: 'train_loader = DataLoader(ImageFolder("data/train", transform=aug), batch_size=64, shuffle=True)' },
    useInstead: { file: 'train.py', code: 'train_loader = DataLoader(ImageFolder("data/train", transform=aug), batch_size=64, shuffle=True,\n                          num_workers=4, pin_memory=True)' },
    fixSafety:
      'Safe: adds `num_workers=4, pin_memory=True` (or replaces `num_workers=0` and adds `pin_memory=True` if missing). It changes only where loading runs, not what is loaded; on platforms that spawn workers (Windows, macOS) the script needs the usual `if __name__ == "__main__":` guard.',
    estimatedImpact:
      'When loading is the bottleneck, step time falls towards the GPU\'s compute time; input-bound image pipelines commonly run 1.5–3× faster per epoch with 4 workers (an engineering range, not a benchmark). The engine records `dataWorkers: 4` on the job.',
    notFlagged:
      'In-memory tensors (`TensorDataset`), datasets whose class is not in the file, `num_workers` ≥ 1 or set from a variable, files with no sign of a GPU.',
  },
  check: (ctx) => [...checkPython(ctx)],
};
