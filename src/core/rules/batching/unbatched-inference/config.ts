// batching/unbatched-inference: the Triton check. A Triton model config on a GPU that never batches requests:
//   - `max_batch_size` ≥ 2 but no `dynamic_batching`: each request runs as its own batch. The fix adds
//     `dynamic_batching { }`: with no queue delay Triton only groups requests already waiting, so latency does not
//     grow (Triton docs, "Dynamic Batcher"); safe.
//   - `max_batch_size: 1`: the dynamic batcher cannot group anything; raising it needs a model that accepts larger
//     batches (a TensorRT plan is built for a maximum): advice.
//   - `max_batch_size: 0` (or absent) on a fixed-graph backend (TorchScript, ONNX Runtime, TensorRT, TensorFlow,
//     OpenVINO): the model has no batch dimension, so Triton runs requests one by one; re-export it with one: advice.
// Silent for CPU instances, ensembles (their steps batch), sequence batching, decoupled (streaming) models and LLM
// backends that batch inside (vLLM, TensorRT-LLM), and Python-backend models without a batch dimension (what they
// run is the Python code's business: a tokenizer, a pre-processing step).
import { pbFields, type PbMessage } from '../../../parse/pbtxt';
import { eolOf } from '../../../text/lines';
import { configJobs, makeFix, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

/** Backends / platforms that run one fixed graph per request, batched only along a declared batch dimension. */
const FIXED_GRAPH = new Set(['pytorch_libtorch', 'pytorch', 'onnxruntime_onnx', 'onnxruntime', 'tensorrt_plan', 'tensorrt', 'tensorflow_savedmodel', 'tensorflow_graphdef', 'tensorflow', 'openvino']);
/** Backends that schedule and batch requests themselves. */
const SELF_BATCHING = new Set(['vllm', 'tensorrtllm', 'tensorrt_llm']);
/** The batch the advice-only findings are priced at. */
const ADVISED_BATCH = 8;

function str(root: PbMessage, name: string): string | undefined {
  const v = pbFields(root, name)[0]?.value;
  return typeof v === 'string' ? v.replace(/^"|"$/g, '') : undefined;
}

function decoupled(root: PbMessage): boolean {
  for (const p of pbFields(root, 'model_transaction_policy')) {
    if (typeof p.value === 'string') continue;
    const d = pbFields(p.value, 'decoupled')[0]?.value;
    if (typeof d === 'string' && /^true$/i.test(d)) return true;
  }
  return false;
}

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const doc = ctx.doc;
  if (doc.lang !== 'pbtxt') return [];
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.flavour !== 'triton' || value(job, 'device') === 'cpu') continue;
    const root = doc.root;
    const has = (name: string) => pbFields(root, name).length > 0;
    if (has('dynamic_batching') || has('sequence_batching') || has('ensemble_scheduling')) continue;
    const platform = str(root, 'platform');
    const backend = str(root, 'backend');
    if (platform === 'ensemble' || SELF_BATCHING.has(backend ?? '') || decoupled(root)) continue;
    const maxBatch = value(job, 'inferenceBatch') ?? 0;
    if (maxBatch >= 2) {
      // At the end of the top-level message: after its last line with content (a list's closing `]` or a trailing
      // comment included), never inside the last field, which may be an element of a list.
      let end = doc.text.length;
      while (end > 0 && /\s/.test(doc.text[end - 1])) end--;
      const eol = eolOf(doc.text);
      out.push({
        message: `Triton runs each request alone: \`max_batch_size: ${maxBatch}\` allows batches but there is no \`dynamic_batching\`; add \`dynamic_batching { }\` so queued requests share a forward pass`,
        span: null,
        fix: makeFix('safe', 'Add dynamic_batching { }', [{ file: doc.path, span: { start: end, end }, newText: `${eol}dynamic_batching { }` }]),
        jobId: job.id,
        patch: { inferenceBatch: maxBatch },
      });
    } else if (maxBatch === 1) {
      out.push({
        message: `\`max_batch_size: 1\`: Triton cannot put two requests in one forward pass; if the model accepts larger batches (a TensorRT plan only up to the batch it was built for), raise \`max_batch_size\` and add \`dynamic_batching { }\``,
        span: null,
        fix: makeFix('manual', 'Raise max_batch_size and add dynamic_batching', []),
        jobId: job.id,
        patch: { inferenceBatch: ADVISED_BATCH },
      });
    } else if (FIXED_GRAPH.has(platform ?? backend ?? '')) {
      out.push({
        message: `\`max_batch_size: 0\` declares no batch dimension, so Triton runs every request through the model alone; export the model with a leading batch dimension, set \`max_batch_size\` (e.g. ${ADVISED_BATCH}) and add \`dynamic_batching { }\``,
        span: null,
        fix: makeFix('manual', 'Serve the model with a batch dimension', []),
        jobId: job.id,
        patch: { inferenceBatch: ADVISED_BATCH },
      });
    }
  }
  return out;
}
