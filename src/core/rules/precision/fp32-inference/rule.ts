// precision/fp32-inference: fp32 inference. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'precision/fp32-inference',
    title: 'fp32 inference',
    severity: 'warning',
    fixSafety: 'safe',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell'],
  },
  docs: {
    whatItDoes:
      'Flags models loaded or served in fp32 on a GPU: `from_pretrained(...)` / `pipeline(...)` (transformers, diffusers) without `torch_dtype` where the library default is fp32, an explicit `torch_dtype=torch.float32`, and vLLM / TGI serving with `dtype float32`.',
    whyItCosts:
      'fp32 weights take 4 bytes per parameter instead of 2, so decoding (memory-bound) moves twice the bytes per token, and fp32 matmuls miss the tensor cores: an A100 does 19.5 TFLOP/s in FP32 against 312 in BF16 dense (NVIDIA A100 datasheet, shared/data/hardware_specs.csv). A 7B model needs 28 GB of weights in fp32 instead of 14 GB, which often means a second GPU.',
    example: { file: 'infer.py', code: 'model = AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B-Instruct", device_map="auto"\n)' },
    useInstead: { file: 'infer.py', code: 'model = AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B-Instruct", device_map="auto", torch_dtype=torch.bfloat16\n)' },
    fixSafety:
      'Safe: adds `torch_dtype=torch.bfloat16` (`torch.float16` when the configured hardware has no bf16, e.g. V100/T4), or replaces an explicit float32, and adds `import torch` if the file lacks it. Wattlint always writes `torch_dtype`: every transformers 4.x and diffusers release accepts it, and transformers ≥ 4.56, which prefers `dtype=`, still honours it. Results change only within half-precision rounding; models trained in bf16 (most current LLMs) were meant to run in it.',
    estimatedImpact:
      'About half the weight memory and, for memory-bound decoding, roughly half the energy per token (2 instead of 4 bytes per parameter read per step; shared/data README, \'inference weights are 4 / 2 / 1 / 0.5 bytes per parameter\'); compute-bound prefill gains more on tensor-core GPUs. The engine re-estimates the job with `precision: bf16`.',
    notFlagged:
      'A dtype set in any spelling (`torch_dtype=`, `dtype=`, `"auto"`), `.half()` / `.to(torch.bfloat16)` after loading, quantized loads, CPU-only code (nothing in the file puts the model on a GPU), dynamic arguments (`**kwargs`), `torch.set_default_dtype(...)`.',
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
