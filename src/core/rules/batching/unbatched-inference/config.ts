// batching/unbatched-inference: the config-file check. A Triton model config that accepts batches
// (`max_batch_size` > 0) but has no `dynamic_batching` runs every request as its own batch. The fix adds
// `dynamic_batching { }`: with no queue delay Triton only groups requests that are already waiting, so latency
// does not grow (Triton docs, "Dynamic Batcher"); it is safe.
import { pbFields } from '../../../parse/pbtxt';
import { eolOf } from '../../../text/lines';
import { configJobs, makeFix, value } from '../../config-facts';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkConfig(ctx: RuleContext): FindingDraft[] {
  const doc = ctx.doc;
  if (doc.lang !== 'pbtxt') return [];
  const out: FindingDraft[] = [];
  for (const job of configJobs(ctx)) {
    if (job.flavour !== 'triton' || value(job, 'device') === 'cpu') continue;
    const root = doc.root;
    const maxBatch = value(job, 'inferenceBatch');
    if (maxBatch === undefined || maxBatch <= 0) continue;
    const has = (name: string) => pbFields(root, name).length > 0;
    if (has('dynamic_batching') || has('sequence_batching') || has('ensemble_scheduling')) continue;
    const platform = pbFields(root, 'platform')[0]?.value;
    if (platform === 'ensemble') continue;
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
  }
  return out;
}
