// precision/fp32-training: fp32 training. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'precision/fp32-training',
    title: 'fp32 training',
    severity: 'warning',
    fixSafety: 'safe',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell'],
  },
  docs: {
    whatItDoes:
      "Flags GPU training that runs in full fp32: DeepSpeed configs with `fp16.enabled: false` or no fp16/bf16 block, accelerate `mixed_precision: 'no'`, a Lightning Trainer with precision 32 or none, `TrainingArguments` without `bf16`/`fp16` (and TRL configs where the declared TRL version predates their bf16 default), launch lines such as `--mixed_precision no` or `--bf16 False`, and raw PyTorch loops with no autocast on a GPU — including a GPU chosen through `torch.accelerator` or a `device` argument.",
    whyItCosts:
      "Matrix multiplies in fp32 skip the tensor cores' half-precision path. An A100 does 19.5 TFLOP/s in fp32 (156 in TF32) against 312 in bf16/fp16, dense (NVIDIA A100 datasheet), and fp32 activations double the memory traffic and memory footprint, which also caps the batch. Mixed-precision training reaches the same accuracy with fp32 master weights (Micikevicius et al., \"Mixed Precision Training\", ICLR 2018), so the extra time and energy buy nothing.",
    example: {
      file: "accelerate_config.yaml",
      code: "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: 'no'\nnum_processes: 8\n",
    },
    useInstead: {
      file: "accelerate_config.yaml",
      code: "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: bf16   # fp16 on V100/T4, which have no bf16\nnum_processes: 8\n",
    },
    fixSafety:
      "Safe: the fix flips the one setting to bf16 mixed precision (fp16 when the configured hardware has no bf16): `mixed_precision: bf16`, `\"bf16\": {\"enabled\": true}` in DeepSpeed (renaming a disabled fp16 block), `bf16: true` in TrainingArguments, `precision: bf16-mixed` in Lightning, `--bf16 True` on a launch line. Master weights and the optimizer stay fp32, so only numerics at the bf16 rounding level change. Review loss scaling if the fix picks fp16. Safe only when the call resolves to the library API the setting belongs to (transformers `TrainingArguments` and the TRL configs that subclass it, Lightning `Trainer`, accelerate `Accelerator`) and no value the user wrote is replaced: a look-alike config class of the project, TRL `PPOConfig` (no `bf16` field before TRL 0.12), replacing an explicit value (`fp16: true`, `\"enabled\": false`) or a test file make it unsafe, with the reason in the title. The raw-loop fix (unsafe) wraps only the statements from the first forward call to the one that computes the loss (metrics, logging and `zero_grad` stay outside) in `torch.autocast` on the device the script chooses (`torch.device(device).type` for `.to(device)`, `\"cuda\"` only for `.cuda()` or a `\"cuda\"` string). Where the project declares a torch from 1.6 to 1.9 (`requirements*.txt`, `pyproject.toml`, `setup.py`, conda `pytorch=1.9.0`; the shared library-defaults table), which has no `torch.autocast` and no bf16 autocast (both from 1.10), the advice is `torch.cuda.amp.autocast()` (fp16) with a `torch.cuda.amp.GradScaler`, made by hand (manual).",
    estimatedImpact:
      "Typically 30–60 % less energy per training run on Ampere and newer GPUs: step time falls with the tensor-core throughput ratio (NVIDIA A100/H100 datasheets; 2–3× speedups reported by Micikevicius et al. 2018) while power stays near the same fraction of TDP. The engine computes the job's own figure from its hardware, precision and MFU.",
    notFlagged:
      "bf16/fp16/fp8 or `\"auto\"` (defers to the trainer); weights loaded directly in half precision (Axolotl `float16: true`, `torch_dtype=torch.bfloat16`, `.half()`, `.to(dtype=weight_dtype)`, quantized loads); CPU training (`use_cpu: true`, `accelerator: cpu`, a `device` argument that every caller sets to `\"cpu\"`); precision that comes from an environment variable, a CLI flag or another config (`${oc.env:...}`, `$PRECISION`, an argparse `--fp16`, `args.fp16`, apex `amp.initialize`, `deepspeed.initialize`, a Lightning precision plugin); library defaults read from the shared defaults table: TRL's trainer configs turn bf16 on by themselves from TRL 0.19 (a fresh install, or a declared range that admits it), Unsloth's patched trainers pick bf16/fp16 from the model. an accelerate config under an evaluation, inference or benchmark folder (`evaluation/…/accelerate_config.yaml`: accelerate configs say nothing about training, and this one launches an evaluation); a config that a launch script of its project names together with a precision option (`accelerate launch --config_file fsdp.json train.py --torch_dtype bfloat16`; the config named by its path, or by a pattern such as `configs/$NAME-cloud.yaml`, directly or through a variable the script assigns once); a YAML/JSON of TrainingArguments-named keys (`per_device_train_batch_size`, `learning_rate`, …) that the project's own argument dataclass reads — a `@dataclass` of the same project that declares `per_device_train_batch_size` itself, derives from no transformers / TRL / optimum class, and declares at least two thirds of the config's keys: its script and launcher (`accelerate launch --mixed_precision bf16`) choose the precision, not TrainingArguments' fp32 default; an accelerate config with `mixed_precision: 'no'` in a project whose Trainer recipes all set `bf16` / `fp16` (TrainingArguments writes ACCELERATE_MIXED_PRECISION itself and overrides the launcher; shared defaults table) and that has no raw `Accelerator()` loop of its own; a model built in bf16/fp16 by a function of the repository one call away (`load_model(param_dtype=torch.bfloat16)`, the helper taking that parameter and passing it on); a short run (10 epochs or fewer) on a tutorial-sized dataset (MNIST, Fashion-MNIST, CIFAR-10/100, SVHN), where fp32 costs seconds. A Trainer job of a model known to be small (`small-model-params`: bert-base, distilbert) for at most 10 epochs on a small GLUE task (`load_dataset(\"glue\", ...)` with CoLA, STS-B, MRPC, RTE or WNLI, at most 8.5k training examples: about a thousand steps, minutes of GPU time); a large GLUE task (MNLI, QQP, QNLI, SST-2) or a model not known to be small is still flagged. A DeepSpeed file referenced by a trainer config is reported in the DeepSpeed file, not twice. A raw loop where the torch the project declares predates native mixed precision (before 1.6: only apex offers it). Test files (`test-files`) and vendored code (`vendored-files`) are not linted.",
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
