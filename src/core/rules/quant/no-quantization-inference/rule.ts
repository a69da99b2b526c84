// quant/no-quantization-inference: large model served unquantized. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'quant/no-quantization-inference',
    title: 'large model served unquantized',
    severity: 'info',
    fixSafety: 'unsafe',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell'],
  },
  docs: {
    whatItDoes:
      "Flags large models (about 30B parameters and up) served for inference in bf16/fp16 with no weight quantization, in vLLM and TGI configs and launch lines, vLLM `LLM(...)` in Python, and transformers models of that size loaded in bf16/fp16 and used to `generate` (bulk generation in-process).",
    whyItCosts:
      "Token-by-token decoding is limited by memory bandwidth: every step reads all weights. In 16-bit a 70B model is about 140 GB of weights per step; fp8 halves that and int4 (AWQ/GPTQ) quarters it, and the freed memory holds a larger KV cache and batch. In the ML.ENERGY measurements bundled with Wattlint, FP8 serving usually takes 0.53–0.92× the GPU energy per token of BF16 (with one 480B MoE as an exception).",
    example: {
      file: "vllm.yaml",
      code: "model: meta-llama/Llama-2-70b-hf\ntensor-parallel-size: 4\n",
    },
    useInstead: {
      file: "vllm.yaml",
      code: "model: meta-llama/Llama-2-70b-hf\ntensor-parallel-size: 2\nquantization: fp8    # on H100/L4; elsewhere serve an AWQ/GPTQ int4 checkpoint\n",
    },
    fixSafety:
      "Unsafe where offered: on hardware with fp8 (Hopper, Ada) the fix adds `quantization: fp8` (`quantize: fp8` for TGI); outputs change slightly, so check quality on your own evaluation before shipping. Elsewhere, and for transformers `generate`, the advice is to load an int4 (AWQ/GPTQ) or FP8 checkpoint, which is a different model file or loading path: manual.",
    estimatedImpact:
      "About 10–45 % less GPU energy per output token for fp8 (ML.ENERGY leaderboard v3, bundled data: 0.53–0.92× of BF16), more for int4 in memory-bound decode; fewer GPUs per replica as well. Conditions: decode-heavy traffic; prefill-heavy workloads gain less.",
    notFlagged:
      "7B-class models that fit one GPU; checkpoints already quantized (AWQ/GPTQ/FP8 in the name or a `quantization` key, `quantization_config=` / `load_in_4bit` in transformers); model ids filled in at run time; CPU serving; engines where quantization is unsupported (Triton configs); transformers models that are loaded but never asked to `generate` (conversion, export); evaluation harnesses (lm-eval, lighteval: the model is the object under test) and files that quantize models themselves (AutoGPTQ, AWQ, llm-compressor, optimum, torchao); fp32 loads (precision/fp32-inference reports those).",
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
