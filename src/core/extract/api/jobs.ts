// ApiUsage → job facts: one inference job per hosted-model call site (flavour 'model-api'). Owned by the
// model-API work. Parameter counts are set only when published (open-weight models); for closed models the
// tier's range lives in model-apis.json and the engine must treat it as a range, never as a point.
import { apiModelParams, lookupApiModel } from '../../data/model-apis';
import type { FactName, Facts, JobFacts } from '../../types';
import { smallTaskOf } from './providers';
import type { ApiUsage } from './usage';

export function apiJobs(file: string, usage: ApiUsage, firstIndex = 0): JobFacts[] {
  const out: JobFacts[] = [];
  let n = firstIndex;
  for (const c of usage.calls) {
    // transformers.js pipeline runs are in-process, not hosted calls: no model-API job (the load is not a job either)
    if (c.via || c.kind === 'batch' || c.kind === 'pipeline-run') continue;
    const facts: Facts = {};
    const dynamic: FactName[] = [];
    const ref = (span: { start: number; end: number }) => ({ file, span });
    if (c.model?.value) {
      facts.model = { value: c.model.value, source: ref(c.model.span), origin: 'explicit' };
      const m = lookupApiModel(c.model.value);
      if (m) {
        const p = apiModelParams(m);
        if (p.published) {
          if (m.params) facts.params = { value: m.params, origin: 'inferred' };
          facts.activeParams = { value: p.low, origin: 'inferred' };
        }
      }
    } else if (c.model?.dynamic) dynamic.push('model');
    if (c.maxTokens?.value !== undefined) facts.outputTokens = { value: c.maxTokens.value, source: ref(c.maxTokens.span), origin: 'explicit' };
    else if (c.maxTokens?.dynamic) dynamic.push('outputTokens');
    // an embedding is one forward pass over the input: nothing is generated
    if (c.kind === 'embedding') facts.outputTokens = { value: 0, source: ref(c.span), origin: 'inferred' };
    // No inferenceBatch: a hosted provider batches requests from many clients on its side, whatever our loop does.
    const task = c.enumAnswer ? 'classification' : smallTaskOf(c.promptText.join('\n'));
    if (task) facts.task = { value: task, source: ref(c.span), origin: 'inferred' };
    out.push({
      id: `${file}#${n++}`,
      file,
      flavour: 'model-api',
      phase: 'inference',
      anchor: ref(c.span),
      facts,
      dynamic,
      references: [],
    });
  }
  return out;
}
