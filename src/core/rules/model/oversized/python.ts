// model/oversized: the Python and notebook check (in-process models: transformers, vLLM).
// A 7B-class or larger model (bundled catalogue, else the size in its name) where the code makes the task
// evidently small:
//   - a transformers `pipeline` for classification (`zero-shot-classification`, `text-classification`,
//     `sentiment-analysis`, `token-classification`/`ner`) with a large model;
//   - every `generate` on a loaded model asks for ≤ 5 new tokens (a label, yes/no, a digit);
//   - every vLLM `SamplingParams` asks for ≤ 5 tokens.
// Silent in eval harnesses (lm-eval, lighteval, files under eval/ or benchmark/: the model is the object under
// test), for dynamic model ids and unknown sizes. Advice only: suggests a smaller model of the same family.
import { callArgs, type PyNode } from '../../../extract/python/ast';
import { analysisOf, callsNamed, type PyAnalysis } from '../../../extract/python/analysis';
import { constNumber, constString } from '../../../extract/python/consts';
import { jobAt } from '../../../extract/python/index';
import { isPython } from '../../../extract/python/rulekit';
import { lookupModel } from '../../../data/lookup';
import { paramsFromName } from '../../../extract/config/job';
import type { FindingDraft, RuleContext } from '../../rule';

const BIG = 6e9; // "7B-class": Llama-2-7B has 6.7e9 parameters (models.json)
const MAX_TOKENS = 5;
const CLASSIFY_TASKS = new Set(['zero-shot-classification', 'text-classification', 'sentiment-analysis', 'token-classification', 'ner']);

/** Smaller members of the same family (ids from the bundled catalogue, src/core/data/models.json). */
const SMALLER: [RegExp, string, number][] = [
  [/llama/i, 'meta-llama/Llama-3.2-1B', 1.24e9],
  [/qwen3/i, 'Qwen/Qwen3-8B', 8.2e9],
  [/qwen/i, 'Qwen/Qwen2.5-0.5B', 0.49e9],
  [/gemma/i, 'google/gemma-2b', 2.5e9],
  [/opt-/i, 'facebook/opt-1.3b', 1.3e9],
  [/phi/i, 'microsoft/phi-2', 2.7e9],
];

function sizeOf(id: string): number | undefined {
  let info;
  try {
    info = lookupModel(id);
  } catch {
    info = undefined;
  }
  return info?.params ?? paramsFromName(id);
}

function smallerFor(id: string, params: number): { id: string; params: number } | undefined {
  for (const [re, sid, sp] of SMALLER) if (re.test(id) && sp < params / 3) return { id: sid, params: sp };
  return undefined;
}

/**
 * An evaluation harness or an eval's own code: an eval library is imported, or the file or a folder is named for
 * evaluation (`eval/`, `benchmarks/`, `run_eval.py`, `building_evals.ipynb`). The model is the object under test
 * there (in-process and hosted alike), not a choice to shrink.
 */
export function isEvalHarness(a: PyAnalysis): boolean {
  if (['lm_eval', 'lighteval', 'opencompass', 'helm', 'deepeval', 'inspect_ai'].some((m) => a.imports.modules.has(m))) return true;
  return /(^|[/_-])(evals?|evaluation|evaluations|benchmarks?|bench)([/_.-]|$)/i.test(a.doc.path);
}

const fmt = (p: number) => (p >= 1e9 ? `${(p / 1e9).toFixed(p >= 1e10 ? 0 : 1)}B` : `${Math.round(p / 1e6)}M`);

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  if (isEvalHarness(a)) return [];
  const out: FindingDraft[] = [];
  const text = a.text;
  const report = (call: PyNode, id: string, params: number, task: string) => {
    const small = smallerFor(id, params);
    const instead = small
      ? `a smaller model of the same family such as \`${small.id}\` (${fmt(small.params)})`
      : 'a small fine-tuned classifier (e.g. `facebook/bart-large-mnli` for zero-shot labels, ~0.4B) or a 1–3B model';
    const d: FindingDraft = {
      message: `\`${id}\` (${fmt(params)} parameters) is used for ${task}: ${instead} does this for a fraction of the energy per request.`,
      span: { start: call.start, end: call.end },
      patch: small ? { params: small.params, activeParams: small.params, model: small.id } : undefined,
    };
    const job = jobAt(ctx.jobs, d.span!);
    if (job) d.jobId = job.id;
    if (!d.patch) delete d.patch;
    out.push(d);
  };

  for (const call of callsNamed(a, 'transformers.pipeline')) {
    {
      const args = callArgs(text, call);
      const task = constString(text, args.keywords.get('task')?.value ?? args.positional[0], a.consts);
      const id = constString(text, args.keywords.get('model')?.value ?? args.positional[1], a.consts);
      if (!task || !id || !CLASSIFY_TASKS.has(task)) continue;
      const p = sizeOf(id);
      if (p && p >= BIG) report(call, id, p, `a \`${task}\` pipeline`);
    }
  }

  // short generations: every generate() on the model asks for ≤ 5 tokens
  // (the analysis' method calls by `receiver.method`: a key ending in `.generate` is a `.generate(...)` call on
  // that receiver key, listed in call order, the keys in the order of their first call: what a pass over every
  // call, its callee's last name and receiver key, would group)
  const byModel = new Map<string, PyNode[]>();
  for (const [mk, calls] of a.methodCalls) {
    if (!mk.endsWith('.generate')) continue;
    const key = mk.slice(0, -'.generate'.length);
    if (!key || a.kinds.get(key) !== 'model') continue;
    byModel.set(key, calls);
  }
  for (const [key, gens] of byModel) {
    const origin = a.origins.get(key);
    if (!origin || !(a.qname.get(origin) ?? '').endsWith('.from_pretrained')) continue;
    const limits = gens.map((g) => constNumber(text, callArgs(text, g).keywords.get('max_new_tokens')?.value, a.consts));
    if (limits.some((l) => l === undefined || l > MAX_TOKENS)) continue;
    // a generate() in a `while` loop decodes a reply a token or two at a time (streaming, a chat session): the
    // answer is as long as the loop runs, not a label
    if (gens.some((g) => insideWhile(g))) continue;
    const id = constString(text, callArgs(text, origin).positional[0], a.consts);
    const p = id ? sizeOf(id) : undefined;
    if (id && p && p >= BIG) report(origin, id, p, `answers of at most ${Math.max(...(limits as number[]))} tokens (a label or yes/no)`);
  }

  // vLLM with only short SamplingParams
  const sampling = callsNamed(a, 'vllm.SamplingParams');
  const llms = callsNamed(a, 'vllm.LLM');
  if (sampling.length > 0 && llms.length > 0) {
    const limits = sampling.map((s) => constNumber(text, callArgs(text, s).keywords.get('max_tokens')?.value, a.consts));
    if (limits.every((l) => l !== undefined && l <= MAX_TOKENS)) {
      for (const llm of llms) {
        const args = callArgs(text, llm);
        const id = constString(text, args.keywords.get('model')?.value ?? args.positional[0], a.consts);
        const p = id ? sizeOf(id) : undefined;
        if (id && p && p >= BIG) report(llm, id, p, `answers of at most ${Math.max(...(limits as number[]))} tokens (a label or yes/no)`);
      }
    }
  }
  return out;
}


/** Whether the call runs inside a `while` loop of its own function (or of the module). */
function insideWhile(call: PyNode): boolean {
  for (let p = call.parent; p && p.type !== 'function_definition' && p.type !== 'lambda'; p = p.parent) if (p.type === 'while_statement') return true;
  return false;
}
