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
    const last = root.fields[root.fields.length - 1];
    const at = last ? last.span.end : doc.text.length;
    // After the last field's line (past a trailing comment), so the comment stays with its field.
    let end = at;
    while (end < doc.text.length && doc.text[end] !== '\n' && doc.text[end] !== '\r') end++;
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
