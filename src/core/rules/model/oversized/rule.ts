// model/oversized: oversized model. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';
import { checkApiPython } from './api-python';
import { checkJsts } from './jsts';

export const rule: Rule = {
  meta: {
    id: 'model/oversized',
    title: 'oversized model',
    severity: 'warning',
    fixSafety: 'manual',
    languages: ['python', 'notebook', 'jsts', 'yaml', 'json'],
  },
  docs: {
    whatItDoes:
      'Flags a 7B-class or larger model doing a job the code shows is small: a classification / zero-shot / NER pipeline, generation capped at ≤ 5 new tokens (a label, yes/no), vLLM sampling capped at ≤ 5 tokens, or a frontier model-API call for a fixed label set. It suggests a smaller model of the same family.',
    whyItCosts:
      'Inference energy scales with active parameters: per output token a 70B dense model reads about 10× the weights of a 7B one and 50× those of a 1.5B one, and needs several GPUs. ML.ENERGY\'s measurements (shared/data/mlenergy_llm_inference.csv) show per-token energy rising with model size at every batch size.',
    example: { file: 'tagger.py', code: 'clf = pipeline("zero-shot-classification", model="meta-llama/Llama-3.1-70B-Instruct", device_map="auto")' },
    useInstead: { file: 'tagger.py', code: 'clf = pipeline("zero-shot-classification", model="facebook/bart-large-mnli", device=0)' },
    fixSafety:
      'Advice only: whether a smaller model is accurate enough is for you to measure on your labels; no edit is made.',
    estimatedImpact:
      'Roughly proportional to the parameter ratio: moving a classification from a 70B to a 1B model cuts energy per request by one to two orders of magnitude (memory-bound decode reads ~2 bytes per parameter per token; shared/data README). The engine re-estimates the job with the suggested model\'s size when one is named.',
    notFlagged:
      'A `generate()` with a tiny `max_new_tokens` inside a `while` loop: it streams a reply a token at a time (a chat session), so the answer is as long as the loop runs. Evaluation harnesses and evals\' own code (lm-eval, lighteval, files or folders named for evaluation: `eval/`, `benchmarks/`, `run_eval.py`, `building_evals.ipynb`), for in-process and hosted models alike: the model is the object under test. Normal-sized models, long generations, dynamic model ids, unknown sizes. Structured output whose schema asks for free text (a `z.string()` or `type: "string"` field without an enum): `z.literal` values that discriminate the objects of a union are not a label set; only an enum, a union of bare literals or the AI SDK\'s `Output.choice` with no free-text field beside it is. Enums in the tools\' input schemas say nothing about the answer.',
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx), ...checkApiPython(ctx), ...checkJsts(ctx)],
};
