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
      'Flags a PyTorch `DataLoader` with `num_workers` 0 or unset when each item needs heavy CPU work — image or audio decoding and augmentation in the Dataset\'s `__getitem__`, torchvision folder datasets (`ImageFolder` & co.), torchvision datasets whose `transform` augments or resizes (`RandomCrop`, `ColorJitter`, `Resize`, …), image preprocessing in a `collate_fn`, on-the-fly tokenisation in `__getitem__` — in code that runs on a GPU. The dataset may be built by a helper of the file or come from a Dataset class of another module of the repository (one import away), also as one element of a tuple that a builder returns (`classes, train_set, val_set = build_dataset(...)`).',
    whyItCosts:
      'With `num_workers=0` (the default) every batch is loaded in the training process between GPU steps, so the GPU idles while the CPU decodes JPEGs or tokenises; an idle GPU still draws a large share of its power for nothing (the shared/data README notes GPUs draw 43–70 % of TDP in training even when busy; idle draw on an A100 is typically 50–60 W of its 400 W). PyTorch\'s data-loading docs recommend worker processes plus `pin_memory=True` for GPU training.',
    example: { file: 'train.py', code: 'train_loader = DataLoader(ImageFolder("data/train", transform=aug), batch_size=64, shuffle=True)' },
    useInstead: { file: 'train.py', code: 'train_loader = DataLoader(ImageFolder("data/train", transform=aug), batch_size=64, shuffle=True,\n                          num_workers=4, pin_memory=True)' },
    fixSafety:
      'Safe: adds `num_workers=4, pin_memory=True` (or replaces `num_workers=0` and adds `pin_memory=True` if missing). It changes only where loading runs, not what is loaded; on platforms that spawn workers (Windows, macOS) the script needs the usual `if __name__ == "__main__":` guard. Advice only when the `collate_fn` or `__getitem__` moves tensors to the GPU (`.cuda()`, `.to(device)`): CUDA cannot be initialised in forked worker processes and pinned memory needs CPU tensors, so adding workers there crashes the program; the finding says to move the transfer into the training loop first. Safe only for `torch.utils.data.DataLoader` resolved through the file\'s imports; replacing a `num_workers=0` the user wrote, a project\'s own loader class or a test file make it unsafe.',
    estimatedImpact:
      'When loading is the bottleneck, step time falls towards the GPU\'s compute time; input-bound image pipelines commonly run 1.5–3× faster per epoch with 4 workers (an engineering range, not a benchmark). The engine records `dataWorkers: 4` on the job.',
    notFlagged:
      'A loader that nothing reads (`self.valid_dl = cycle(DataLoader(...))` with no other use of `self.valid_dl` in the file, or a function\'s local never used again): it loads nothing. In-memory tensors (`TensorDataset`), torchvision datasets without augmentation (`MNIST` with `ToTensor()`), and the in-memory ones (MNIST, CIFAR-10/100, SVHN, STL-10: arrays, nothing decoded) when their transform has only deterministic ops (`ToTensor`, `Normalize`, `Resize`, `CenterCrop`; a random crop or flip is still flagged), datasets whose class is neither in the file nor one import away, collate functions that only pad items tokenised earlier (`tokenizer.pad`, `DataCollatorWithPadding`) or tokenise one batch (a fast tokenizer\'s call per batch is cheap next to a training step), `num_workers` ≥ 1 or set from a variable or `**kwargs`, files with no sign of a GPU (CUDA named only in a docstring or a `help=` text does not count), and short runs on tutorial-sized torchvision data sets (MNIST, Fashion-MNIST, CIFAR-10/100, SVHN with augmentation, when the file states at most 10 epochs — `for epoch in range(N)`, `epochs=N`, Composer `max_duration="Nep"` — or none: minutes of GPU time in all; the precision and compile rules draw the same line). An evaluation loader (assigned to a name with test / val / eval / dev, or `shuffle=False`) whose collate_fn or dataset moves tensors to CUDA: workers cannot run CUDA, so the fix is a restructuring, and an eval loader feeds a fraction of the steps (the training loader of such a pipeline is still flagged, with advice only). Files that compute under CPU autocast (`torch.cpu.amp.autocast`, `torch.autocast("cpu")`) and move nothing to CUDA: CPU training (Intel ipex examples), where workers would compete with the compute threads instead of feeding an idle GPU. A loader read by hand up to the next binding of its name: only by loops that draw one batch (the body ends in `break`), by loops that feed no GPU (no `.to(...)` / `.cuda()`, no model, network or device named, no function of the file called: a mean / std pass on the CPU), or by `next(iter(loader))`. An evaluation loader of a training script read once, after the training: bound at module level, and every read of its name up to the next binding at module level outside any loop (`test_acc = accuracy(model, test_loader)` after the epochs): one pass over the test set against the training loader\'s pass per epoch, which is flagged on its own (a per-epoch validation loader, read inside the epoch loop, is still flagged).',
  },
  check: (ctx) => [...checkPython(ctx)],
};
