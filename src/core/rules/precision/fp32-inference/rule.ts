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
      'Flags models loaded or served in fp32 on a GPU for inference: `from_pretrained(...)` / `pipeline(...)` without a dtype where the loader\'s default is fp32 (transformers before v5, diffusers — read from the shared library-defaults table at the version the project declares in `requirements*.txt`, `pyproject.toml`, `setup.py` or `environment.yml`), an explicit `torch_dtype=torch.float32`, and vLLM / TGI serving with `dtype float32`. The class is resolved through imports, local classes and one hop into the repository: a project class built on transformers\' `PreTrainedModel` counts, one with its own `from_pretrained` does not. Where the default depends on a transformers version the project does not pin (4.x loads fp32, v5 the checkpoint\'s dtype), the finding is info and says so.',
    whyItCosts:
      'fp32 weights take 4 bytes per parameter instead of 2, so decoding (memory-bound) moves twice the bytes per token, and fp32 matmuls miss the tensor cores: an A100 does 19.5 TFLOP/s in FP32 against 312 in BF16 dense (NVIDIA A100 datasheet, shared/data/hardware_specs.csv). A 7B model needs 28 GB of weights in fp32 instead of 14 GB, which often means a second GPU.',
    example: { file: 'infer.py', code: 'model = AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B-Instruct", device_map="auto"\n)' },
    useInstead: { file: 'infer.py', code: 'model = AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-3.1-8B-Instruct", device_map="auto", torch_dtype=torch.bfloat16\n)' },
    fixSafety:
      'Safe when no dtype is given: adds `torch_dtype=torch.bfloat16` (`torch.float16` when the configured hardware has no bf16, e.g. V100/T4; `dtype=` when every transformers version the project allows reads it, 4.56 and later) and `import torch` if the file lacks it; every transformers release from 4.9 and every diffusers release accepts `torch_dtype`. Manual where the project pins a transformers before 4.9 (no `torch_dtype=`: the keyword would reach the model\'s constructor and crash it): the finding says to cast after loading (`.half()` / `.to(torch.bfloat16)`). Unsafe when it replaces an explicit `float32`: that was the user\'s choice, perhaps for exact numerics. Results change only within half-precision rounding; models trained in bf16 (most current LLMs) were meant to run in it. Safe only where the call resolves, through the file\'s imports, to transformers\' or diffusers\' own `from_pretrained` or `pipeline()`; a class of the project (its own `from_pretrained`, or a subclass of a library class), a callee that cannot be resolved, or a test file make it unsafe, and the fix title says what to check.',
    estimatedImpact:
      'About half the weight memory and, for memory-bound decoding, roughly half the energy per token (2 instead of 4 bytes per parameter read per step; shared/data README, \'inference weights are 4 / 2 / 1 / 0.5 bytes per parameter\'); compute-bound prefill gains more on tensor-core GPUs. The engine re-estimates the job with `precision: bf16`.',
    notFlagged:
      'A dtype set in any spelling (`torch_dtype=`, `dtype=`, `"auto"`), `.half()` / `.to(torch.bfloat16)` after loading, quantized loads, loaders whose default is half precision (AutoGPTQ, transformers v5 where the project requires it), loads that are not inference (a model handed to a Trainer or an optimizer, loaded before the file trains, or only converted through `state_dict()` / `save_pretrained()`), smoke checks (`generate` of at most 4 new tokens from a prompt written in the code), tokenizers, configs, processors, retrievers and classes arriving in variables (`config_class.from_pretrained`), a project\'s own `from_pretrained`, a model never moved to a GPU (its own `device` / `device_map`, or a `.cuda()` / `.to(device)` of it, decide — not a "cuda" elsewhere in the file), a branch a module constant rules out, inference under `torch.autocast`, a script that takes its precision from a flag (`--fp16`), dynamic arguments (`**kwargs`), `torch.set_default_dtype(...)`, and test files (`test-files`). An explicit float32 on a model whose weights the file reads (`state_dict()`, `parameters()`): weight arithmetic such as applying a published weight diff wants exact fp32.',
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
