// grad/no-grad-inference: the Python and notebook check.
// A forward pass (`model(x)`, `model.forward(x)`) on a model variable, in inference or evaluation code, with
// autograd on. Inference code: a function named like eval / validate / test / predict / infer, or code after
// `model.eval()`, or a file that never trains and loaded the model pretrained. Not flagged: any no-grad scope
// (scope.ts), code that calls `.backward()` / `optimizer.step()` in the same loop or block, methods of
// nn.Module / LightningModule classes (Lightning runs validation/test/predict steps without grad), HF
// `generate()` and pipelines (no-grad inside).
import { callArgs, enclosingFunction, field, functionName, statementOf, textOf, type PyNode } from '../../../extract/python/ast';
import { analysisOf, isTorchvisionModel, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { torchRef, wrapStatementsEdit } from '../../../extract/python/edits';
import { jobAt } from '../../../extract/python/index';
import { calleeLast } from '../../../extract/python/imports';
import { enclosingLoops } from '../../../extract/python/loops';
import { isTestFile } from '../../../extract/python/rulekit';
import type { Fix } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

const EVAL_WORDS = /(^|_)(eval|evaluate|evaluation|valid|validate|validation|val|test|testing|predict|prediction|predictions|infer|inference|embed|embeddings|score|extract|features|benchmark)(_|$)/i;

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if ((ctx.doc.lang !== 'python' && ctx.doc.lang !== 'notebook') || isTestFile(ctx.doc.path)) return [];
  const a = analysisOf(ctx.doc);
  const text = a.text;
  const out: FindingDraft[] = [];
  const trainsAnywhere = a.backwardCalls.length > 0 || a.stepCalls.length > 0 || a.trainCalls.length > 0;
  for (const call of a.calls) {
    const key = forwardKey(a, call);
    if (!key) continue;
    if (a.grad.gradOff(call)) continue;
    if (inModuleClass(a, call)) continue;
    const fn = enclosingFunction(call);
    const fname = fn ? functionName(text, fn) : '';
    if (fname === 'forward' || fname.startsWith('train') || fname.endsWith('_step')) continue;
    const loops = enclosingLoops(call);
    // the loops around the call that do not train (an eval loop nested in an epoch loop is still eval)
    const evalLoops: PyNode[] = [];
    for (const l of loops) {
      if (trains(a, l)) break;
      evalLoops.push(l);
    }
    if (loops.length > 0 && evalLoops.length === 0) continue;
    if (loops.length === 0 && trains(a, (fn ? field(fn, 'body') : undefined) ?? a.root)) continue;
    const evalNamed = fn !== undefined && EVAL_WORDS.test(fname);
    const afterEval = evalBefore(a, key, call, fn);
    const origin = a.origins.get(key);
    const pretrainedOnly = !trainsAnywhere && origin !== undefined && isLoaded(a, origin);
    if (!evalNamed && !afterEval && !pretrainedOnly) continue;

    const target = statementOf(evalLoops.length > 0 ? evalLoops[evalLoops.length - 1] : call);
    const t = torchRef(a);
    const wrap = wrapStatementsEdit(a, target, target, `with ${t.prefix}inference_mode():`);
    let fix: Fix | undefined;
    if (wrap) {
      fix = {
        safety: 'unsafe',
        title: `Wrap in \`with ${t.prefix}inference_mode():\``,
        edits: t.importEdit ? [t.importEdit, wrap] : [wrap],
      };
    }
    const where = evalLoops.length > 0 ? 'this loop' : 'this statement';
    const d: FindingDraft = {
      message:
        `\`${textOf(text, field(call, 'function')!)}(...)\` runs an inference forward pass with autograd on, so PyTorch records ` +
        `a graph and keeps activations for a backward pass that never comes (\`model.eval()\` does not turn autograd off): ` +
        `run ${where} under \`with ${t.prefix}inference_mode():\` (or \`${t.prefix}no_grad()\`).`,
      span: { start: call.start, end: call.end },
      patch: { gradDisabled: true },
      given: { gradDisabled: false, outputTokens: 0 }, // one forward pass, autograd on (engine: saving = its share)
    };
    if (fix) d.fix = fix;
    const job = origin ? jobAt(ctx.jobs, { start: origin.start, end: origin.end }) : undefined;
    if (job) d.jobId = job.id;
    out.push(d);
  }
  return out;
}

/** The model variable a forward call is made on (`model(x)` → `model`, `self.net.forward(x)` → `self.net`). */
function forwardKey(a: PyAnalysis, call: PyNode): string | undefined {
  const f = field(call, 'function');
  if (!f) return undefined;
  let key: string | undefined;
  if (f.type === 'attribute' && calleeLast(a.text, call) === 'forward') key = keyOf(a.text, field(f, 'object'));
  else key = keyOf(a.text, f);
  return key && a.kinds.get(key) === 'model' ? key : undefined;
}

function inModuleClass(a: PyAnalysis, n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'class_definition') {
      const name = field(p, 'name');
      if (name && a.moduleClasses.has(textOf(a.text, name))) return true;
    }
  }
  return false;
}

/** `.backward()` or an optimizer step inside `unit` (not inside nested functions). */
function trains(a: PyAnalysis, unit: PyNode): boolean {
  const inside = (c: PyNode) => c.start >= unit.start && c.end <= unit.end;
  if (unit.type === 'module') {
    const top = (c: PyNode) => enclosingFunction(c) === undefined;
    return a.backwardCalls.some(top) || a.stepCalls.some(top);
  }
  return a.backwardCalls.some(inside) || a.stepCalls.some(inside);
}

/** `key.eval()` earlier in the same function (or at module level for module-level code). */
function evalBefore(a: PyAnalysis, key: string, call: PyNode, fn: PyNode | undefined): boolean {
  return (a.methodCalls.get(`${key}.eval`) ?? []).some(
    (n) => n.start < call.start && callArgs(a.text, n).positional.length === 0 && enclosingFunction(n) === fn,
  );
}

/** A model loaded from weights (pretrained / checkpoint), not built to be trained here. */
function isLoaded(a: PyAnalysis, origin: PyNode): boolean {
  const q = a.qname.get(origin) ?? '';
  return q.endsWith('.from_pretrained') || q === 'torch.load' || q === 'torch.hub.load' || q === 'torch.jit.load' || q === 'timm.create_model' || isTorchvisionModel(q);
}
