// batching/tiny-train-batch: tiny training batch. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'batching/tiny-train-batch',
    title: 'tiny training batch',
    severity: 'warning',
    fixSafety: 'unsafe',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell'],
  },
  docs: {
    whatItDoes:
      "Flags training with a per-device micro-batch of 1 or 2 and no gradient accumulation (accumulation 1, set or by default) in TrainingArguments, DeepSpeed, Axolotl, LLaMA-Factory, torchtune, Lightning configs and launch lines.",
    whyItCosts:
      "A batch of one or two sequences leaves most of the GPU's cores idle between kernel launches, and every micro-batch still pays a full optimizer step and a gradient all-reduce across devices. Throughput per GPU grows steeply with batch until the device saturates: in the ML.ENERGY measurements bundled with Wattlint, energy per token falls 6–19× from batch 8 to the largest batch measured (inference, same kernels); training shows the same shape until memory runs out.",
    example: {
      file: "train_args.yaml",
      code: "per_device_train_batch_size: 1\nlearning_rate: 2.0e-5\nbf16: true\n",
    },
    useInstead: {
      file: "train_args.yaml",
      code: "per_device_train_batch_size: 4       # as large as memory allows\ngradient_accumulation_steps: 8     # effective batch 32 per GPU\nlearning_rate: 2.0e-5\nbf16: true\n",
    },
    fixSafety:
      "Unsafe: the fix sets gradient accumulation to 8, which multiplies the effective batch by 8 and so changes the optimisation (learning rate, warm-up and the number of optimizer steps per epoch). Review the learning rate before applying it; raising the micro-batch instead is better when memory allows.",
    estimatedImpact:
      "10–40 % of the run's energy, more when many GPUs all-reduce after every tiny batch; the engine models the utilisation gain from the job's micro-batch. Sources: ML.ENERGY leaderboard v3 (batch scaling, bundled data); Li et al., \"PyTorch Distributed\", VLDB 2020 (per-step all-reduce cost).",
    notFlagged:
      "A small micro-batch with accumulation of 2 or more (the spec's example: accumulation ≥ 4); batch sizes filled in at run time (`\"auto\"`, `$BS`); CPU training.",
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
