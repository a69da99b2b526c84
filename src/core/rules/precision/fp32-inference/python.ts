// precision/fp32-inference: the Python and notebook check.
// `from_pretrained(...)` / `pipeline(...)` without a dtype load the library's default dtype, read from the shared
// defaults table for the library the class resolves to and the version the project declares: fp32 for
// transformers 4.x and diffusers, the checkpoint's dtype for transformers 5, fp16 for AutoGPTQ. A fp32 load that
// is used for inference on a GPU doubles weight memory and roughly halves throughput against bf16. Silent when a
// dtype is set or applied later (`.half()`, `.to(torch.bfloat16)`), the load is quantized, trained, only converted
// (`state_dict()` / `save_pretrained()`), never moved to a GPU, in a branch that cannot run, under `torch.autocast`,
// or when the script takes its precision from a flag; an explicit float32 on a model whose weights the file reads
// (`state_dict()`, `parameters()`: weight arithmetic). A project's own class, a tokenizer, config or processor is
// not a weight load. Where the default depends on a transformers version the project does not pin, the finding is
// info and says so. The fix adds `torch_dtype=` (`dtype=` when the project requires transformers ≥ 4.56); where the
// project pins a transformers before 4.9, which has no `torch_dtype=`, the advice is a cast after loading (manual).
import { callArgs, enclosingFunction, field, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { constString } from '../../../extract/python/consts';
import { analysisOf, anyCallName, callAtSpan, keyOf, type PyAnalysis } from '../../../extract/python/analysis';
import { enclosingClass } from '../../../extract/python/flow';
import { definitionOf } from '../../../extract/python/modules';
import { inDeadBranch, loadTarget, loadUse, replacedAfterFewUses } from '../../../extract/python/loads';
import { libraryDefaultFor, precisionSwitch, type LibraryDefaultAnswer } from '../../../extract/python/precision';
import { compareVersions } from '../../../data/versions';
import { resolveDefault } from '../../../data/library-defaults';
import { addKeywordEdit, replaceEdit, torchRef } from '../../../extract/python/edits';
import { jobAt } from '../../../extract/python/index';
import { APIS, apiSafety } from '../../../extract/python/resolve';
import { halfDtype, isPython, smallModel, smallClass, smallTextTower } from '../../../extract/python/rulekit';
import type { TextEdit } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (!isPython(ctx.doc)) return [];
  const a = analysisOf(ctx.doc);
  if (a.byName.has('torch.set_default_dtype')) return [];
  const out: FindingDraft[] = [];
  const half = halfDtype(ctx.settings);
  for (const job of ctx.jobs) {
    if (job.flavour === 'vllm' && job.anchor && job.facts.precision?.value === 'fp32' && job.facts.precision.origin === 'explicit') {
      const call = callAtSpan(a, job.anchor.span);
      const kw = call && callArgs(a.text, call).keywords.get('dtype');
      if (!kw) continue;
      out.push({
        message: `vLLM serves \`${job.facts.model?.value ?? 'this model'}\` in float32: use \`dtype="auto"\` (the checkpoint's bf16/fp16) or \`dtype="${half.name}"\`; fp32 doubles weight memory and halves decode throughput.`,
        span: { start: kw.node.start, end: kw.node.end },
        jobId: job.id,
        patch: { precision: half.precision },
        fix: { safety: 'unsafe', title: `Serve in ${half.name} (replaces the float32 you chose)`, edits: [replaceEdit(a, kw.value, `"${half.name}"`)] },
      });
      continue;
    }
    if (job.flavour !== 'transformers' || job.phase !== 'inference' || !job.anchor) continue;
    const p = job.facts.precision;
    if (!p || p.value !== 'fp32' || job.dynamic.includes('precision') || job.facts.device?.value !== 'gpu') continue;
    // a pre-quantized checkpoint (`-bnb-4bit`, `-GPTQ`, `-AWQ` in its name) or a quantized load: a dtype reaches only
    // the parts left unquantized (embeddings, norms, head), so there is little to halve
    if (job.facts.quantization && job.facts.quantization.value !== 'none') continue;
    // materiality: a model known to be small (`small-model-params`) saves too little in half precision to warn about
    if (smallModel(job.facts.model?.value, ctx.settings)) continue;
    const call = callAtSpan(a, job.anchor.span);
    if (!call) continue;
    // the same through a helper's parameter default (`def load(name="org/guard-86M")`): the size it names is what
    // the helper loads unless a caller says otherwise
    if (!job.facts.model && smallModel(parameterDefaultModel(a, call), ctx.settings)) continue;
    // a loader class whose every checkpoint is small (Stable Diffusion's VAE), whatever id the code builds
    if (smallClass(a.qname.get(call), ctx.settings)) continue;
    // CLIP's text tower on its own (Stable Diffusion's text encoder): 63M-123M parameters, not the whole CLIP
    const sub = callArgs(a.text, call).keywords.get('subfolder');
    if (smallTextTower(a.qname.get(call), job.facts.model?.value, sub ? constString(a.text, sub.value, a.consts) : undefined, ctx.settings)) continue;
    // not inference, or its precision is decided elsewhere
    const use = loadUse(a, call);
    if (inDeadBranch(a, call) || (use !== 'inference' && use !== 'passed') || underAutocast(a) || precisionSwitch(a)) continue;
    // a load that serves a prompt or two before a later load of the same variable replaces it: that one does the work
    if (replacedAfterFewUses(a, call)) continue;
    // a part of an object that trains its own parameters (an RL policy that loads its policy and value models as
    // attributes and builds an optimizer over `self.parameters()`, here or in a base class of the repository)
    if (attributeOfSelfTrainer(a, call, ctx.workspace)) continue;
    const args = callArgs(a.text, call);
    const explicit = args.keywords.get('torch_dtype') ?? args.keywords.get('dtype');
    // an explicit float32 is a choice: flagged only where this file runs the model itself
    if (explicit && use !== 'inference') continue;
    // an explicit float32 on a model whose weights this file reads (`state_dict()`, `parameters()`): weight
    // arithmetic (applying a weight diff, averaging checkpoints) that wants exact fp32
    if (explicit && readsWeights(a, call)) continue;
    const target = loadTarget(a, ctx.workspace, call);
    if (!explicit && !target) continue;
    const answer = target ? libraryDefaultFor(a, ctx.workspace, target.tableName, 'dtype') : undefined;
    const depends = !explicit && answer?.resolved.kind === 'depends';
    const t = torchRef(a);
    const value = `${t.prefix}${half.name}`;
    const kwName = explicit ? textOf(a.text, explicit.name) : prefersDtypeKeyword(answer) ? 'dtype' : 'torch_dtype';
    const edit: TextEdit | undefined = explicit ? replaceEdit(a, explicit.value, value) : addKeywordEdit(a, call, `${kwName}=${value}`);
    const what = textOf(a.text, call).split('(')[0];
    const model = job.facts.model?.value ? ` \`${job.facts.model.value}\`` : '';
    // a transformers older than 4.9 has no `torch_dtype=` (the shared defaults table): the keyword would crash the
    // model's constructor, so the advice is a cast after loading, made by hand
    const noKeyword = !explicit && !!target && !!answer?.declared && keywordAbsent(target.tableName, answer);
    let message: string;
    if (noKeyword) {
      message = `\`${what}\` loads${model} in fp32 on the GPU (${defaultWhy(answer)}), and that version has no \`torch_dtype=\` (added in 4.9): cast the model after loading with \`.half()\` (or \`.to(${value})\`) unless fp32 is needed for exact numerics; half-precision weights halve memory and speed up inference.`;
    } else if (explicit) {
      message = `\`${what}\` loads${model} in fp32 on the GPU (\`${textOf(a.text, explicit.node)}\`): unless fp32 is needed for exact numerics, use \`${kwName}=${value}\` (${half.why}); half-precision weights halve memory and speed up inference.`;
    } else if (depends) {
      message = `\`${what}\` loads${model} on the GPU without a dtype: transformers 4.x then loads fp32 weights (v5 loads the checkpoint's dtype, and ${answer?.declared ? `\`${answer.declared.files[0]}\` allows both` : 'no transformers version is declared in the scanned folder'}): pass \`${kwName}=${value}\` to get half precision on either (${half.why}).`;
    } else {
      message = `\`${what}\` loads${model} in fp32 on the GPU (${defaultWhy(answer)}): pass \`${kwName}=${value}\` (${half.why}); half-precision weights halve memory and speed up inference.`;
    }
    const d: FindingDraft = { message, span: { start: call.start, end: call.end }, jobId: job.id, patch: { precision: half.precision } };
    if (depends) d.severity = 'info';
    if (noKeyword) d.fix = { safety: 'manual', title: 'Cast the model to half precision after loading', edits: [] };
    else if (edit) {
      // safe only for transformers' / diffusers' own loaders and pipeline(), which take torch_dtype (resolve.ts: not
      // a project's class, not via a subclass); overriding an explicit float32 is a choice the user made: offered,
      // not safe
      const api = what.endsWith('.from_pretrained') ? APIS.pretrainedLoader : APIS.pipeline;
      const s = apiSafety(a, call, api, ctx.workspace);
      const note = explicit ? `replaces the ${textOf(a.text, explicit.value)} you chose` : s.note;
      d.fix = { safety: explicit ? 'unsafe' : s.safety, title: note ? `Load in ${half.name} (${note})` : `Load in ${half.name}`, edits: t.importEdit ? [t.importEdit, edit] : [edit] };
    }
    out.push(d);
  }
  return out;
}

export { jobAt };

/**
 * The model id a loader's first argument takes from the enclosing function's parameter default, when the argument
 * is that parameter, it has a constant string default and the function never assigns it.
 */
function parameterDefaultModel(a: PyAnalysis, call: PyNode): string | undefined {
  const args = callArgs(a.text, call);
  const arg = args.positional[0] ?? args.keywords.get('pretrained_model_name_or_path')?.value;
  if (arg?.type !== 'identifier') return undefined;
  const name = textOf(a.text, arg);
  const fn = enclosingFunction(call);
  const params = fn && field(fn, 'parameters');
  if (!fn || !params) return undefined;
  let value: string | undefined;
  for (const p of params.children) {
    if (!p || (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter')) continue;
    const n = field(p, 'name');
    if (n && textOf(a.text, n) === name) value = constString(a.text, field(p, 'value'), a.consts);
  }
  if (value === undefined) return undefined;
  let assigned = false;
  walk(field(fn, 'body')!, (n) => {
    if (assigned) return false;
    if ((n.type === 'assignment' || n.type === 'augmented_assignment') && field(n, 'left')?.type === 'identifier' && textOf(a.text, field(n, 'left')!) === name) assigned = true;
    return !assigned;
  });
  return assigned ? undefined : value;
}

/**
 * The load is assigned to `self.<name>` in a class that optimises its own parameters: the class, or a base class of it
 * defined in this file or one import away in the repository, calls `self.parameters()` / `self.named_parameters()`
 * and builds an optimizer (a `torch.optim` class, or a callable named like one: `optimizer_class(...)`).
 */
function attributeOfSelfTrainer(a: PyAnalysis, call: PyNode, ws: RuleContext['workspace']): boolean {
  // through a chain of moves and casts (`from_pretrained(name).to("cuda")`) to the assignment
  let e: PyNode = call;
  let p = call.parent;
  while (p && (p.type === 'parenthesized_expression' || (p.type === 'attribute' && field(p, 'object') === e && p.parent?.type === 'call'))) {
    e = p.type === 'attribute' ? p.parent! : p;
    p = e.parent;
  }
  if (p?.type !== 'assignment' || !textOf(a.text, field(p, 'left') ?? p).startsWith('self.')) return false;
  const cls = enclosingClass(call);
  if (!cls) return false;
  const seen = new Set<PyNode>();
  const visit = (m: PyAnalysis, c: PyNode, depth: number): boolean => {
    if (seen.has(c) || depth > 3) return false;
    seen.add(c);
    if (optimisesSelf(m, c)) return true;
    for (const base of field(c, 'superclasses')?.children ?? []) {
      if (base.type !== 'identifier') continue;
      const name = textOf(m.text, base);
      const found = definitionOf(m, name, ws);
      if (found?.def.type === 'class_definition' && visit(found.mod, found.def, depth + 1)) return true;
    }
    return false;
  };
  return visit(a, cls, 0);
}

function optimisesSelf(m: PyAnalysis, cls: PyNode): boolean {
  let params = false;
  let optimizer = false;
  for (const c of m.calls) {
    if (c.start < cls.start || c.end > cls.end) continue;
    const f = textOf(m.text, field(c, 'function') ?? c);
    if (f === 'self.parameters' || f === 'self.named_parameters') params = true;
    if ((m.qname.get(c) ?? '').startsWith('torch.optim.') || /(^|\.)(optimizer_class|optimizer_cls|optim_cls)$/.test(f)) optimizer = true;
  }
  return params && optimizer;
}

/** The variable the load is assigned to has its weights read: `x.state_dict()`, `x.parameters()`, `x.named_parameters()`. */
function readsWeights(a: PyAnalysis, call: PyNode): boolean {
  let p = call.parent;
  while (p && (p.type === 'parenthesized_expression' || p.type === 'type')) p = p.parent;
  if (p?.type !== 'assignment') return false;
  const key = keyOf(a.text, field(p, 'left'));
  if (!key) return false;
  return ['state_dict', 'parameters', 'named_parameters'].some((m) => (a.methodCalls.get(`${key}.${m}`) ?? []).length > 0);
}

/** Inference under `torch.autocast` runs its matmuls in half precision already (the weights stay fp32). */
function underAutocast(a: PyAnalysis): boolean {
  return anyCallName(a, (q) => q.endsWith('.autocast') || q === 'autocast');
}

/** The project's declared transformers admits only versions that read `dtype=` (4.56 and later). */
function prefersDtypeKeyword(answer: LibraryDefaultAnswer | undefined): boolean {
  const lo = answer?.library === 'transformers' ? answer.declared?.range.lo : undefined;
  return !!lo && compareVersions(lo.v, [4, 56]) >= 0;
}

/** Every transformers version the project declares predates `from_pretrained(torch_dtype=...)`. */
function keywordAbsent(tableName: string, answer: LibraryDefaultAnswer): boolean {
  const r = resolveDefault(tableName, 'dtype-keyword', answer.declared?.range);
  return r.kind === 'known' && r.row.value === false;
}

/** Why the default is fp32, in words, with the version evidence. */
function defaultWhy(answer: LibraryDefaultAnswer | undefined): string {
  if (!answer || answer.resolved.kind !== 'known') return "the library's default when no dtype is given";
  const lib = answer.library;
  const owner = lib.endsWith('s') ? `${lib}'` : `${lib}'s`;
  if (answer.declared) return `${owner} default when no dtype is given; \`${answer.declared.files[0]}\` declares ${lib} \`${answer.declared.range.text || 'any version'}\``;
  return `${owner} default when no dtype is given`;
}
