// compile/no-compile: training without torch.compile. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'compile/no-compile',
    title: 'training without torch.compile',
    severity: 'info',
    fixSafety: 'safe',
    languages: ['yaml', 'json', 'python', 'notebook'],
  },
  docs: {
    whatItDoes:
      "Flags training configs that turn compilation off explicitly where the framework supports it (`torch_compile: false` in TrainingArguments or Axolotl, `compile: False` in torchtune, `compile: null` in OLMo, whose TrainConfig reads null as no compilation), and substantial PyTorch 2 training loops without `torch.compile` (also a step written as a closure inside the batch loop and run there, as I-JEPA's `def train_step():` handed to a timer: the finding sits on the step's call of the helper that runs the model, and forwards under `no_grad` such as an EMA target's are not taken for the trained model). Low severity (info).",
    whyItCosts:
      "Eager PyTorch launches one kernel per operation and writes every intermediate to memory. `torch.compile` fuses element-wise work into the surrounding kernels and removes Python overhead: the PyTorch 2.0 release measured training 43 % faster on average on an A100 across 163 open-source models (pytorch.org/get-started/pytorch-2.0), and the GPU draws similar power for the shorter time.",
    example: {
      file: "train_args.yaml",
      code: "bf16: true\ntorch_compile: false\n",
    },
    useInstead: {
      file: "train_args.yaml",
      code: "bf16: true\ntorch_compile: true\n",
    },
    fixSafety:
      "Safe: the fix flips the setting to true (OLMo: replaces `compile: null` with `compile: {fullgraph: false}`, the block OLMo's own 7B config uses; it needs `fsdp.use_orig_params`, on by default). Compilation keeps the model's numerics (same dtypes and operations); the first steps take longer while kernels compile, and models with graph breaks simply run partly eager. Replacing a `false` the user wrote (`torch_compile=False`) is unsafe. The training-loop fix (unsafe) inserts `model = torch.compile(model)` before the loop; where the file saves `model.state_dict()` or keeps an EMA copy of the model (`ModelEMA(model)`, `ExponentialMovingAverage`, `AveragedModel`) it is advice only, since a compiled module's keys gain `_orig_mod.`: the checkpoints would no longer load into an uncompiled model and the EMA update would no longer match the copy's keys; read the weights through `model._orig_mod` there instead.",
    estimatedImpact:
      "Typically 15–35 % less energy per training step (a 1.2–1.5× speedup; PyTorch 2.0 release: 1.43× mean on A100 over 163 models). Conditions: long enough runs to amortise compile time; dynamic shapes gain less.",
    notFlagged:
      "A training loop that the file's own run skips (it sits in the `else` of `if os.path.isfile(checkpoint):` in a file that downloads its pretrained checkpoints); `torch_compile: true` / `torch.compile(model)`; a loop that trains a tiny dense or recurrent network of the file's own (at most 2M parameters by its stated layer sizes, a linear layer at most 64 wide on one side over a size the code does not state (`nn.Linear(64, len(tags))`) counting as narrow: launch-bound kernels, where compilation's warm-up outweighs its gain), also through a helper's `model` parameter that every call hands such a network; configs that do not mention compilation; CPU training; projects whose declared dependencies (requirements, pyproject, setup.py, conda environment.yml) allow only PyTorch 1.x, where torch.compile does not exist (the shared library-defaults table), or that declare no torch but pin TensorFlow below 2.2 (which needs Python 3.7 or older, where PyTorch 2 does not install); a setting whose line gives the reason it is off (`compile: null  # causes instability on AMD GPUs`); a config that a launch script of its project runs with compilation turned on (named by its path, or by a pattern such as `configs/annealing/$NAME-cloud.yaml`, directly or through a variable assigned once): `--compile.fullgraph=false` creates OLMo's compile block over the YAML's `compile: null` (OmegaConf expands a null structured node when an override merges into it), `--torch_compile True` in TrainingArguments, `compile=True` in torchtune. Training loops: toy runs (one flat loop over a range, at most two epochs, MNIST / CIFAR-sized torchvision data sets, the tiny data sets below, a toy program whose only data is a handful of rows written in the code — at most 64 rows of literal tensors, and no data set, file, checkpoint or pretrained weights read); a model wrapped in FSDP1 (`FullyShardedDataParallel`) without `use_orig_params=True`, in the file or in the repository module that builds it (compile needs the original parameters there, so the one-line fix is not the supported path and the 1.43× figure does not hold; FSDP2's `fully_shard` is not matched); probes and heads (a single layer, parameters frozen where the loop runs — not those of another model the loop runs under `no_grad`, such as the frozen EMA target of a self-distillation run —, a model class that runs its encoder under `no_grad`); quantized models (bitsandbytes / GPTQ / AWQ kernels; in a file that loads through AutoGPTQ / AutoAWQ, every loop, also where the model reaches it through a wrapper such as `get_gptq_peft_model`); files that name compilation (a helper such as `maybe_compile(model)` compiles, or `compiled=False` turns it off on purpose). Code that uses torchtext's legacy data API (`Field`, `BucketIterator`, `TabularDataset`, `torchtext.legacy`): that API ends with torchtext 0.11 / PyTorch 1.10 (torchtext 0.9.0 release note), so the code runs on PyTorch 1.x, which has no `torch.compile`. Code that calls `torch.stft` without `return_complex` (no `**kwargs` either), in the file or in a repository module it imports with `from X import`: PyTorch 2.0 raises on such a call for a real tensor (library-defaults row torch/stft-return-complex-required, pytorch/pytorch#86724), so the code runs on 1.x. Optimisations of input tensors through a fixed network (every optimizer the file builds holds only tensors it marks trainable itself: style transfer, GAN inversion, adversarial examples): nothing is trained. Tiny data sets, whatever the epochs: Planetoid's citation graphs (Cora, CiteSeer, PubMed) and `KarateClub`, trained full-graph, and the ants-and-bees folder of PyTorch's transfer-learning tutorial (`ImageFolder` over `hymenoptera_data`, about 240 training images).",
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
