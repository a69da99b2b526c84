// memory/no-grad-checkpointing: large full fine-tune without gradient checkpointing. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'memory/no-grad-checkpointing',
    title: 'large full fine-tune without gradient checkpointing',
    severity: 'info',
    fixSafety: 'safe',
    languages: ['yaml', 'json', 'python', 'notebook'],
  },
  docs: {
    whatItDoes:
      "Flags full fine-tunes (no LoRA) that are evidently memory-bound, a micro-batch of 1 with long sequences (4k tokens and more) or a multi-billion-parameter model, where gradient (activation) checkpointing is off, explicitly or by the framework's default.",
    whyItCosts:
      "Without checkpointing, activations for every layer are kept for the backward pass; at micro-batch 1 they, not the model, decide how much fits, so the GPU runs a batch far below what saturates it (see batching/tiny-train-batch). Checkpointing keeps only layer boundaries and recomputes the rest, cutting activation memory from O(n) to about O(√n) layers for one extra forward pass (Chen et al., \"Training Deep Nets with Sublinear Memory Cost\", 2016), about a third more compute (2·N·D on top of 6·N·D), which a 4–8× larger micro-batch repays.",
    example: {
      file: "axolotl.yml",
      code: "base_model: meta-llama/Meta-Llama-3.1-8B\nsequence_len: 8192\nmicro_batch_size: 1\ngradient_checkpointing: false\n",
    },
    useInstead: {
      file: "axolotl.yml",
      code: "base_model: meta-llama/Meta-Llama-3.1-8B\nsequence_len: 8192\nmicro_batch_size: 4\ngradient_checkpointing: true\n",
    },
    fixSafety:
      "Safe: the fix turns checkpointing on (`gradient_checkpointing: true`, `enable_activation_checkpointing: True`, or `disable_gradient_checkpointing: false`). Results are numerically the same; steps take about a third longer until you raise the micro-batch with the freed memory, which the message suggests and which you do by hand. Replacing a value written explicitly (`gradient_checkpointing: false`) is unsafe; in Python the fix is safe only on transformers `TrainingArguments` (or a TRL config that subclasses it) resolved through the imports.",
    estimatedImpact:
      "Net 0–30 % less energy per run once the micro-batch is raised 4× or more (utilisation gain minus the ≈ 33 % recompute, from the 6·N·D + 2·N·D FLOP count); none if the batch stays at 1. The engine estimates it from the job's size and batch.",
    notFlagged:
      "Checkpointing on, including framework defaults (LLaMA-Factory turns it on unless disabled; TRL's configs from v0.22 — unknown, so silent, when the project does not declare its TRL version; ms-swift), FSDP's own `fsdp_config.activation_checkpointing: true`, Axolotl's `gradient_checkpointing: unsloth` / `offload`; LoRA/QLoRA fine-tunes; models under about 1B parameters; micro-batches above 1; pre-training stacks that tune recomputation with their parallelism (OLMo).",
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
