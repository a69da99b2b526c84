// batching/unbatched-inference: unbatched inference. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';
import { checkApiPython } from './api-python';
import { checkJsts } from './jsts';
import { checkEvalBatch } from './eval-batch';

export const rule: Rule = {
  meta: {
    id: 'batching/unbatched-inference',
    title: 'unbatched inference',
    severity: 'warning',
    fixSafety: 'unsafe',
    languages: ['python', 'notebook', 'jsts', 'pbtxt', 'yaml', 'json', 'shell'],
  },
  docs: {
    whatItDoes:
      'Flags inference run one item at a time: `model.generate(...)`, a transformers `pipeline`, a forward pass, sentence-transformers `encode` or vLLM `LLM.generate` called per item inside a loop or comprehension over a dataset (the model resolved where it is used: a local, a parameter, `self.model`, a helper that returns it), or one call hop away: a helper function of the file or of a repository module it imports that runs one such call, outside any loop of its own, on the item the loop passes it (reported on the helper\'s call in a helper of the file, on the loop\'s call of it for an imported one), a DataLoader with batch size 1 feeding them (also one built by a helper of the file), Triton models on a GPU that never batch (no `dynamic_batching`, `max_batch_size: 1`, or no batch dimension on a TorchScript / ONNX / TensorRT / TensorFlow model), training jobs that evaluate or predict with `per_device_eval_batch_size: 1` (configs, launch lines, TrainingArguments), and model-API requests sent one by one in a loop.',
    whyItCosts:
      'A GPU at batch size 1 is bound by reading the weights once per token and sits mostly idle; the same weights serve a whole batch for little more time. ML.ENERGY\'s measurements (vLLM on H100, shared/data/mlenergy_llm_inference.csv) show energy per output token falling from 0.60 J at batch 8 to 0.22 J at batch 96 for Qwen3-8B, and from 0.48 J to 0.11 J (batch 8 to 256) for Nemotron-Nano-9B; batch 1 is worse still. For hosted model APIs, the OpenAI, Anthropic and Gemini batch endpoints cost 50% of the standard price (model-apis.json names the sources); an OpenAI-compatible host reached through `base_url=` is advised only when it has a Batch API of its own, with its own discount (DeepInfra 20%, Alibaba Cloud Model Studio 50%: providers.ts names the sources). Embeddings endpoints take hundreds of inputs per request, local servers included.',
    example: { file: 'label.py', code: 'clf = pipeline("sentiment-analysis", device=0)\nlabels = [clf(t) for t in texts]' },
    useInstead: { file: 'label.py', code: 'clf = pipeline("sentiment-analysis", device=0)\nlabels = clf(list(texts), batch_size=32)' },
    fixSafety:
      'Unsafe, and offered only for the mechanical cases: a comprehension `[pipe(x) for x in xs]` or a loop whose body is `out.append(pipe(x))` (pipelines and sentence-transformers `encode`) becomes one call on the list with `batch_size=32`. Output order is kept, but the shape can differ (a text-classification pipeline returns `[{...}]` for one string and `{...}` per item for a list), padding can change results slightly and a very long list needs memory: review it. `generate` and raw forward loops get advice only (tokenise with padding, left padding for decoder-only models, and loop over batches).',
    estimatedImpact:
      'From batch 1 to batch 32 the energy per item typically drops several-fold: ML.ENERGY v3 shows 6–19× lower energy per token from batch 8 to the largest batch measured across models (shared/data README). The engine re-estimates the job with `inferenceBatch: 32`.',
    notFlagged:
      'Loops over batches (a DataLoader with batch_size > 1 or configured elsewhere — a parameter, `**kwargs`, also through a wrapper call such as a logger\'s `log_every(data_loader, 10)` —, `range(0, n, step)`, `batched(...)`, inputs stacked with `torch.stack` or named `batch`, a generator of the file that yields lists, a data set regrouped before the loop by a call with a `batch_size=` other than 1, as GPTQ calibration does with `prepare_dataset(..., batch_size=...)`); a model\'s own code (methods of nn.Module classes and `forward*` functions: loops over layers, stages, branches or heads run on batched tensors); loops over callables (`for blk in self.blocks`, reward functions); loop-carried steps where each call needs the last one\'s result (autoregressive decoding, layers applied in turn) or walks positions of a batch (`x[:, : i + 1]`); tokenizers and processors (CPU work, not forward passes); a model (re)loaded inside the loop (each step runs a different model: `model/reload-in-loop`\'s concern); a handful of items written in the code (a literal list, `range(N)` with N ≤ 8); timing and benchmark harnesses; methods of a Trainer subclass (its inputs are the trainer\'s batches); the request list a server hands to its handler; continuous-batching servers (vLLM, TGI), interactive REPLs, training loops; Triton ensembles, decoupled (streaming) models, LLM backends that batch inside (vLLM, TensorRT-LLM), Python-backend models without a batch dimension and CPU instances; an eval batch of 1 in a job that runs no evaluation (`eval_strategy: no`, no `do_eval` / `do_predict`); API requests in a loop over the tool calls of one response (`for call in message.tool_calls:`, a handful per agent turn) or over a sample capped by a constant (`chunks[: min(n, 60)]`, at most 64 requests); chat requests already sent concurrently (`asyncio.gather`, `as_completed`, `asyncio.wait`, a pool\'s or executor\'s `map` / `submit`, `thread_map`: a 24-hour batch job is a workflow change the code cannot assume — one-list embeddings advice still applies); chat requests to a self-hosted server (`base_url` on localhost / 127.x / 0.0.0.0: vLLM, TGI, Ollama, swift deploy have no batch endpoint and no batch price), to a host without a known Batch API, or to a base URL that is not a constant.',
  },
  check: (ctx) => [...checkConfig(ctx), ...checkEvalBatch(ctx), ...checkPython(ctx), ...checkApiPython(ctx), ...checkJsts(ctx)],
};
