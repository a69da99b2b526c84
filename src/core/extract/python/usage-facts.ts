// Facts an inference job's own call sites state (issue 10: read the facts that are present): the batch a pipeline is
// called with (`pipe(texts, batch_size=32)`, `pipeline(..., batch_size=32)`), the output length a generation asks
// for (`model.generate(..., max_new_tokens=256)`, `pipe(..., max_new_tokens=...)`, vLLM `SamplingParams(max_tokens=)`)
// and vLLM's `max_num_seqs`. Constant values only; a value the file computes at run time marks the fact dynamic.
import type { JobBuilder } from '../config/job';
import type { SourceRef } from '../../types';
import { callArgs, field, spanOf, type PyNode } from './ast';
import { keyOf, memo, type PyAnalysis } from './analysis';
import { lookupDataset } from '../../data/lookup';
import { constNumber, constString } from './consts';

const BATCH = ['batch_size'];
const OUTPUT = ['max_new_tokens', 'max_tokens'];

function read(a: PyAnalysis, call: PyNode, names: string[], fact: 'inferenceBatch' | 'outputTokens', b: JobBuilder): boolean {
  const args = callArgs(a.text, call);
  for (const name of names) {
    const k = args.keywords.get(name);
    if (!k) continue;
    const v = constNumber(a.text, k.value, a.consts);
    if (v === undefined || !(v > 0)) b.dynamic(fact);
    else {
      const source: SourceRef = { file: a.doc.path, span: spanOf(k.node) };
      if (fact === 'inferenceBatch') b.explicit('inferenceBatch', Math.round(v), source);
      else b.explicit('outputTokens', Math.round(v), source);
    }
    return true;
  }
  return false;
}

interface CalleeKeys {
  call: PyNode;
  /** The callee's key (`pipe`, `self.pipe`) when it is a name or a dotted name. */
  direct?: string;
  /** For a method call, its receiver's key and the method's name. */
  obj?: string;
  method: string;
}

/** Every call of the file with its callee's keys, in source order (once per file: each inference job reads them). */
function calleeKeys(a: PyAnalysis): CalleeKeys[] {
  return memo(a, 'usage-facts.calleeKeys', () => {
    const out: CalleeKeys[] = [];
    for (const call of a.calls) {
      const f = field(call, 'function');
      if (!f) continue;
      const direct = f.type === 'identifier' || f.type === 'attribute' ? keyOf(a.text, f) : undefined;
      const obj = f.type === 'attribute' ? keyOf(a.text, field(f, 'object')) : undefined;
      const method = f.type === 'attribute' ? a.text.slice(field(f, 'attribute')!.start, field(f, 'attribute')!.end) : '';
      out.push({ call, direct, obj, method });
    }
    return out;
  });
}

/** Adds the batch and output length stated where the loaded model / pipeline / vLLM engine `origin` is used. */
export function usageFacts(a: PyAnalysis, origin: PyNode, b: JobBuilder): void {
  const keys = [...a.origins].filter(([, o]) => o === origin).map(([k]) => k);
  const q = a.qname.get(origin) ?? '';
  const vllm = q.startsWith('vllm.');
  // on the constructor: pipeline(batch_size=…), LLM(max_num_seqs=…)
  read(a, origin, vllm ? ['max_num_seqs'] : BATCH, 'inferenceBatch', b);
  read(a, origin, OUTPUT, 'outputTokens', b);
  let batch = b.has('inferenceBatch');
  let output = b.has('outputTokens');
  for (const { call: c, direct, obj, method } of calleeKeys(a)) {
    if (batch && output) break;
    const isCall = direct !== undefined && keys.includes(direct); // pipe(texts, batch_size=…)
    const isGenerate = obj !== undefined && keys.includes(obj) && (method === 'generate' || method === '__call__');
    if (!isCall && !isGenerate) continue;
    if (!batch && isCall) batch = read(a, c, BATCH, 'inferenceBatch', b);
    if (!output) output = read(a, c, OUTPUT, 'outputTokens', b);
  }
  // vLLM: the sampling parameters the file builds
  if (vllm && !output) for (const c of a.byName.get('vllm.SamplingParams') ?? []) if (read(a, c, ['max_tokens'], 'outputTokens', b)) break;
}

/**
 * A training job's dataset when the file loads one the catalogue knows (`load_dataset("imdb")`): its train-split
 * size and mean length, as defaults (a `select`/`train_test_split` or streaming makes them unknowable, so those
 * leave the facts unset).
 */
export function datasetFacts(a: PyAnalysis, b: JobBuilder): void {
  if (b.has('datasetSize') || b.has('tokens') || b.has('steps')) return;
  const calls = a.byName.get('datasets.load_dataset') ?? [];
  if (calls.length !== 1) return;
  const c = calls[0];
  const args = callArgs(a.text, c);
  if (args.keywords.has('streaming') || args.keywords.has('data_files') || args.positional.length > 1) return;
  const idNode = args.positional[0] ?? args.keywords.get('path')?.value;
  const id = idNode ? constString(a.text, idNode, a.consts) : undefined;
  const split = args.keywords.get('split');
  if (split && constString(a.text, split.value, a.consts) !== 'train') return;
  // a subset or split of it is trained on: its size is not the catalogue's
  for (const k of a.methodCalls.keys()) if (/\.(select|shard|train_test_split|take|filter)$/.test(k)) return;
  const d = id ? lookupDataset(id) : undefined;
  if (!d) return;
  const source: SourceRef = { file: a.doc.path, span: spanOf(c) };
  b.set('datasetSize', { value: d.trainExamples, source, origin: 'inferred' });
  b.set('exampleTokens', { value: d.tokensPerExample, source, origin: 'inferred' });
}
