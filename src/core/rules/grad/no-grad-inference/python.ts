// grad/no-grad-inference: the Python and notebook check.
// A forward pass (`model(x)`, `model.forward(x)`) on a model — resolved where the call is (flow.ts): a parameter,
// a local, `self.model` — in inference or evaluation code, with autograd on. Inference code: a function named like
// eval / validate / test / predict / infer, or code after `model.eval()`, or a file that never trains and loaded
// the model pretrained. Not flagged: any no-grad scope (scope.ts), including a package `__init__.py` above the
// module that turns autograd off at import (TGI); code that calls `.backward()` / `optimizer.step()` in the same
// loop or block or creates inputs that require grad; a model's own code (methods of nn.Module / LightningModule
// classes, `forward*` functions: Lightning runs validation/test/predict steps without grad); methods of a Trainer
// subclass other than its eval methods (`compute_loss` is the training forward; the trainer owns the backward);
// models outside PyTorch autograd (Flax, TF, Neuron, ONNX Runtime, OpenVINO); a single forward at module level, or
// in a function called once at module level in a file with no GPU (a one-off check); tokenizers and processors
// (not forward passes); HF `generate()` and pipelines (no-grad inside). A model created in a file with no GPU
// that is never given a device, moved or placed (CPU inference) is reported as info. Not flagged either: a single
// forward in a function this file calls only behind a config switch (an opt-in check at a checkpoint save).
import { appliesTo, libraryDefault } from '../../../data/library-defaults';
import { callArgs, decoratorsOf, enclosingFunction, field, functionName, parameterIds, statementOf, textOf, walk, type PyNode } from '../../../extract/python/ast';
import { analysisOf, definitions, isTorchvisionModel, keyOf, memo, plainCallsByName, type PyAnalysis } from '../../../extract/python/analysis';
import { enclosingClass, inModelCode, isTrainerClass, resolveReceiver, useWorkspace, workspaceOf, type Resolved } from '../../../extract/python/flow';
import { importedDefinition, importOf, moduleAt, packageInits } from '../../../extract/python/modules';
import { gradModeOf } from '../../../extract/python/scope';
import { torchRef, wrapStatementsEdit } from '../../../extract/python/edits';
import { jobAt } from '../../../extract/python/index';
import { calleeLast, qualifiedName } from '../../../extract/python/imports';
import { enclosingLoops, loopTargets, smallLiteralLoop, timesCalls } from '../../../extract/python/loops';
import { toyProgram } from '../../../extract/python/toy';
import { scaleEvidence } from '../../../extract/python/scale';
import { weightlessClassCall } from '../../../extract/python/netsize';
import type { Fix } from '../../../types';
import type { FindingDraft, RuleContext } from '../../rule';

const EVAL_WORDS = /(^|_)(eval|evaluate|evaluation|valid|validate|validation|val|test|testing|predict|prediction|predictions|infer|inference|embed|embeddings|score|extract|features)(_|$)/i;

/** The eval words that name an evaluation pass by themselves, inside a trainer too. */
const STRICT_EVAL_WORDS = /(^|_)(eval|evaluate|evaluation|valid|validate|validation|val|test|testing|predict|prediction|predictions|infer|inference)(_|$)/i;

/** Model classes that run outside PyTorch autograd: JAX/Flax and TensorFlow ports, compiled Neuron / ONNX Runtime / OpenVINO graphs. */
const NON_AUTOGRAD_CLASS = /^(Flax|TF|Neuron|ORT|OV)[A-Z]\w*$/;
const NON_AUTOGRAD_MODULES = ['optimum.neuron', 'optimum.onnxruntime', 'optimum.intel', 'onnxruntime', 'openvino', 'tensorrt', 'ctranslate2', 'flax', 'jax', 'tensorflow', 'keras'];

export function checkPython(ctx: RuleContext): FindingDraft[] {
  if (ctx.doc.lang !== 'python' && ctx.doc.lang !== 'notebook') return [];
  const a = useWorkspace(analysisOf(ctx.doc), ctx.workspace);
  // a toy program (a tiny network on a handful of rows written in the code): its graph costs nothing
  if (toyProgram(a)) return [];
  const text = a.text;
  const out: FindingDraft[] = [];
  // JAX / Flax code: no PyTorch autograd to turn off
  if (!a.imports.modules.has('torch') && (a.imports.modules.has('jax') || a.imports.modules.has('flax'))) return [];
  // a package that turns autograd off when it is imported (`torch.set_grad_enabled(False)` in an __init__.py
  // above this module, as TGI does server-wide): nothing below it records a graph
  if (ctx.doc.lang === 'python' && packageInits(ctx.doc.path, ctx.workspace).some((m) => m.grad.offAtImport)) return [];
  const trainsAnywhere = a.backwardCalls.length > 0 || a.stepCalls.length > 0 || a.trainCalls.length > 0;
  const wrapped = new Set<PyNode>();
  for (const call of a.calls) {
    const r = forwardReceiver(a, call);
    if (!r) continue;
    const key = forwardKey(a, call);
    if (!key) continue;
    if (a.grad.gradOff(call)) continue;
    // inside a function decorated with the project's own no-grad decorator (`@smart_inference_mode()`, a helper
    // that returns `torch.inference_mode()` or `torch.no_grad()`)
    if (projectNoGradDecorated(a, call, ctx.workspace)) continue;
    if (nonAutograd(r.mod ?? a, r.origin) || builtFromNonAutogradClass(a, r, call)) continue;
    // a module of the repository that holds no weights (a mel-spectrogram wrapper): no parameters for autograd to
    // record a graph over, unless its input requires grad (then the code needs the graph)
    if ((r.mod ?? a) === a && weightlessClassCall(a, r.origin, ctx.workspace)) continue;
    // a diffusers pipeline, or a method of a pipeline subclass: a pipeline's `__call__` is no-grad (library-defaults
    // row diffusers/pipeline-call-no-grad), and its helpers are called from there
    if (diffusersPipeline(r.mod ?? a, r.origin) || inPipelineSubclass(a, call)) continue;
    // a model's own code (its forward, its layers; Lightning's validation/test/predict steps): the caller decides
    if (inModelCode(a, call)) continue;
    // a Lightning Callback's evaluation hooks (`on_validation_batch_end`, ...) run inside Lightning's evaluation loop,
    // which turns grad off around them (lightning.ai/docs/pytorch/stable/common/lightning_module.html#hooks:
    // `val_loop()` sets `torch.set_grad_enabled(False)` before `on_validation_batch_start`)
    if (inLightningEvalHook(a, call)) continue;
    const fn = enclosingFunction(call);
    const fname = fn ? functionName(text, fn) : '';
    if (fname === 'forward' || fname.startsWith('train') || fname.endsWith('_step')) continue;
    const evalNamed = fn !== undefined && EVAL_WORDS.test(fname);
    // a Trainer subclass's compute_loss and its helpers: the backward runs in the trainer, outside this file
    const cls = enclosingClass(call);
    // (only a method named for evaluation is the trainer's inference: `est_score` or `extract_features` of a
    // trainer feed its losses)
    if (cls && isTrainerClass(a, cls) && !(evalNamed && STRICT_EVAL_WORDS.test(fname))) continue;
    // the code needs autograd: inputs that require grad, or a gradient taken in the same function
    if (needsGrad(a, fn ?? a.root)) continue;
    const loops = enclosingLoops(call);
    // the loops around the call that do not train (an eval loop nested in an epoch loop is still eval)
    const evalLoops: PyNode[] = [];
    for (const l of loops) {
      if (trains(a, l)) break;
      evalLoops.push(l);
    }
    if (loops.length > 0 && evalLoops.length === 0) continue;
    // the same forward repeated (`for _ in range(100):`): a warm-up or timing loop, not a workload
    if (loops.length > 0 && loopTargets(text, loops[0]).every((t) => t === '_')) continue;
    // a handful of items written in the code (a demo's questions, test-case strings): trivial either way
    if (loops.length > 0 && smallLiteralLoop(a, loops[0])) continue;
    // the model's own forward runs under no_grad (a decorated forward, or one that returns a decorated method)
    if (forwardWithoutGrad(a, r)) continue;
    if (timingHarness(a, call)) continue;
    if (loops.length === 0 && trains(a, (fn ? field(fn, 'body') : undefined) ?? a.root)) continue;
    // a single forward at module level (a notebook cell, a demo script): it runs once
    if (loops.length === 0 && !fn) continue;
    // a function this file calls once, at module level, on the CPU: a one-off check, not a workload
    if (loops.length === 0 && fn && !a.gpu && calledOnceAtTop(a, fn)) continue;
    // a single forward in a function this file calls only behind a config switch and never in a loop
    // (`if args.validate_with_forward_pass:` at a checkpoint save): an opt-in check, not a workload
    if (loops.length === 0 && fn && behindSwitchOnly(a, fn)) continue;
    // one forward on dummy inputs (random or constant tensors, `generate_dummy_inputs()`): an equivalence or
    // export check run once, not a workload
    if (loops.length === 0 && onDummyInputs(a, fn ?? a.root, call)) continue;
    // a model built or loaded here, never moved to an accelerator, in a file with no GPU: CPU inference (a CPU
    // serving example). The graph still costs memory and time there, but less than on a GPU: info
    const onCpu = staysOnCpu(a, key, r);
    const afterEval = evalBefore(a, key, call, fn);
    const origin = r.mod ? undefined : r.origin.type === 'call' ? r.origin : a.origins.get(key);
    const pretrainedOnly = !trainsAnywhere && (r.mod ? r.origin.type === 'call' && isLoaded(r.mod, r.origin) : origin !== undefined && isLoaded(a, origin));
    if (!evalNamed && !afterEval && !pretrainedOnly) continue;
    // a network the code builds (not one it loads), and nothing in the run, the file or the modules it imports says
    // the run is more than a teaching exercise (scale.ts): a lecture's test loop of a small model, whose graph costs
    // next to nothing
    const built = r.origin.type === 'call' && !isLoaded(r.mod ?? a, r.origin);
    if (built && !scaleEvidence(a, ctx.workspace, { epochs: jobAt(ctx.jobs, { start: call.start, end: call.end })?.facts.epochs?.value, forward: { call, receiver: r } })) continue;
    // a module-level function every caller in the repository runs under no_grad (`with torch.no_grad():
    // evaluate_pipe(...)` in the training script beside it): the caller already turned autograd off
    if (fn && calledOnlyWithoutGrad(a, fn, ctx.workspace)) continue;

    const target = statementOf(evalLoops.length > 0 ? evalLoops[evalLoops.length - 1] : call);
    const t = torchRef(a);
    // One fix per wrapped statement: the first forward pass in it carries the edit, the others share it (a loop of
    // 5,000 forward calls gets one re-indented loop in the output, not 5,000).
    let fix: Fix | undefined;
    if (!wrapped.has(target)) {
      wrapped.add(target);
      if (yields(target)) {
        // a `with` block around `yield` leaks the mode into the caller between iterations; the decorator does not
        fix = { safety: 'manual', title: `Decorate the generator function with \`@${t.prefix}inference_mode()\` (a \`with\` block around \`yield\` would leave autograd off in the caller)`, edits: [] };
      } else {
        const wrap = wrapStatementsEdit(a, target, target, `with ${t.prefix}inference_mode():`);
        if (wrap) fix = { safety: 'unsafe', title: `Wrap in \`with ${t.prefix}inference_mode():\``, edits: t.importEdit ? [t.importEdit, wrap] : [wrap] };
      }
    }
    const where = evalLoops.length > 0 ? 'this loop' : 'this statement';
    const cpu = onCpu ? ' The model stays on the CPU here (never given a device or moved), so the saving is smaller than on a GPU.' : '';
    const d: FindingDraft = {
      message:
        `\`${textOf(text, field(call, 'function')!)}(...)\` runs an inference forward pass with autograd on, so PyTorch records ` +
        `a graph and keeps activations for a backward pass that never comes (\`model.eval()\` does not turn autograd off): ` +
        `run ${where} under \`with ${t.prefix}inference_mode():\` (or \`${t.prefix}no_grad()\`).${cpu}`,
      span: { start: call.start, end: call.end },
      patch: { gradDisabled: true },
      given: { gradDisabled: false, outputTokens: 0 }, // one forward pass, autograd on (engine: saving = its share)
    };
    if (fix) d.fix = fix;
    if (onCpu) d.severity = 'info';
    const job = origin ? jobAt(ctx.jobs, { start: origin.start, end: origin.end }) : undefined;
    if (job) d.jobId = job.id;
    out.push(d);
  }
  return out;
}

/** Whether a statement yields (not counting nested functions): a generator's loop. */
function yields(st: PyNode): boolean {
  let yes = false;
  walk(st, (n) => {
    if (yes) return false;
    if (n.type === 'yield') yes = true;
    return n.type !== 'function_definition' && n.type !== 'lambda' && n.type !== 'class_definition';
  });
  return yes;
}

/** The model variable a forward call is made on (`model(x)` → `model`, `self.net.forward(x)` → `self.net`). */
function forwardKey(a: PyAnalysis, call: PyNode): string | undefined {
  const f = field(call, 'function');
  if (!f) return undefined;
  const last = calleeLast(a.text, call);
  if (f.type === 'attribute' && (last === 'forward' || (last !== undefined && CODEC.has(last) && autoencoderCall(a, call)))) return keyOf(a.text, field(f, 'object'));
  return keyOf(a.text, f);
}

const FORWARD = new Set(['forward']);
const CODEC = new Set(['decode', 'encode']);
/** diffusers' autoencoders (by qualified name of the class or its loader): `decode` / `encode` run the decoder's or encoder's whole forward. */
const AUTOENCODER = /^diffusers\.(\w+\.)*(AutoencoderKL\w*|AutoencoderTiny|AsymmetricAutoencoderKL|ConsistencyDecoderVAE|VQModel)(\.from_pretrained|\.from_single_file)?$/;

/**
 * The model a forward call runs, resolved where the call is (a parameter, a local, `self.model`); also the
 * autoencoder of `vae.decode(latents)` / `vae.encode(x)` for diffusers' autoencoders, whose `decode` and `encode`
 * are plain module calls (no `no_grad` of their own: diffusers' `apply_forward_hook` only runs offloading hooks).
 */
function forwardReceiver(a: PyAnalysis, call: PyNode): Resolved | undefined {
  const r = resolveReceiver(a, call, FORWARD);
  if (r?.kind === 'model') return r;
  return autoencoderCall(a, call);
}

function autoencoderCall(a: PyAnalysis, call: PyNode): Resolved | undefined {
  const f = field(call, 'function');
  if (f?.type !== 'attribute' || !CODEC.has(textOf(a.text, field(f, 'attribute') ?? f))) return undefined;
  const r = resolveReceiver(a, call, CODEC);
  const q = r && r.origin.type === 'call' ? (r.mod ?? a).qname.get(r.origin) : undefined;
  return r?.kind === 'model' && q !== undefined && AUTOENCODER.test(q) ? r : undefined;
}

/** A model whose class runs outside PyTorch autograd (Flax, TF, Neuron, ONNX Runtime, OpenVINO), or subclasses one. */
const EVAL_HOOK = /^on_(validation|test|predict|sanity_check)_/;

function inLightningEvalHook(a: PyAnalysis, call: PyNode): boolean {
  const fn = enclosingFunction(call);
  if (!fn || !EVAL_HOOK.test(functionName(a.text, fn))) return false;
  const cls = enclosingClass(call);
  return (field(cls, 'superclasses')?.children ?? []).some((s) => /^(pytorch_lightning|lightning)(\.pytorch)?(\.callbacks)?(\.callback)?\.Callback$/.test(qualifiedName(a.text, a.imports, s) ?? ''));
}

function nonAutograd(a: PyAnalysis, origin: PyNode): boolean {
  if (origin.type !== 'call') return false;
  const q = a.qname.get(origin) ?? '';
  return nonAutogradClass(a, q.endsWith('.from_pretrained') ? q.slice(0, -'.from_pretrained'.length) : q, 0);
}

/**
 * The model comes from a helper that builds the class it is handed (`def optimize_model(path, model_class): return
 * model_class.from_pretrained(path)`), and every call of that helper in this file hands it a class outside PyTorch
 * autograd (`optimize_model(path, model_class=ORTModelForSequenceClassification)`).
 */
function builtFromNonAutogradClass(a: PyAnalysis, r: Resolved, call: PyNode): boolean {
  const m = r.mod ?? a;
  const param = classNameAt(m, r.origin);
  if (!param) return false;
  const fn = enclosingFunction(r.origin);
  if (!fn) return false;
  const names = parameterIds(fn).map((id) => (id ? textOf(m.text, id) : ''));
  const index = names.indexOf(param);
  if (index < 0) return false;
  const fname = functionName(m.text, fn);
  // the calls of the helper in the class of the forward (`self.model = load_model(...)` in `__init__`), else the file's
  const all = a.calls.filter((c) => calleeLast(a.text, c) === fname);
  const cls = enclosingClass(call);
  const own = cls ? all.filter((c) => c.start >= cls.start && c.end <= cls.end) : [];
  const sites = own.length > 0 ? own : all;
  if (sites.length === 0) return false;
  return sites.every((c) => {
    const args = callArgs(a.text, c);
    const v = args.keywords.get(param)?.value ?? args.positional[index - (names[0] === 'self' ? 1 : 0)];
    return !!v && (v.type === 'identifier' || v.type === 'attribute') && nonAutogradClass(a, qualifiedName(a.text, a.imports, v) ?? textOf(a.text, v), 0);
  });
}

function nonAutogradClass(a: PyAnalysis, cls: string, depth: number): boolean {
  const last = cls.slice(cls.lastIndexOf('.') + 1);
  if (NON_AUTOGRAD_CLASS.test(last) || NON_AUTOGRAD_MODULES.some((m) => cls === m || cls.startsWith(`${m}.`))) return true;
  const def = depth < 4 ? definitions(a).get(cls) : undefined;
  if (def?.type !== 'class_definition') return false;
  return (field(def, 'superclasses')?.children ?? []).some((s) => nonAutogradClass(a, qualifiedName(a.text, a.imports, s) ?? '', depth + 1));
}

/** The name a model's creating call gives its class: `Net` of `Net(...)` or `Net.from_pretrained(...)`. */
function classNameAt(m: PyAnalysis, origin: PyNode): string | undefined {
  if (origin.type !== 'call') return undefined;
  let callee = field(origin, 'function');
  if (callee?.type === 'attribute' && textOf(m.text, field(callee, 'attribute') ?? callee) === 'from_pretrained') callee = field(callee, 'object');
  return callee?.type === 'identifier' ? textOf(m.text, callee) : undefined;
}

/**
 * The model's class (of this file, or imported from the repository one hop away) runs its forward with autograd off:
 * `forward` (or `__call__`) decorated `@torch.no_grad()` / `@torch.inference_mode()`, or a forward that returns a
 * method so decorated (`return self.inference(...)`).
 */
function forwardWithoutGrad(a: PyAnalysis, r: Resolved): boolean {
  const m = r.mod ?? a;
  const clsName = classNameAt(m, r.origin);
  if (!clsName) return false;
  const local = definitions(m).get(clsName);
  const ws = workspaceOf(a);
  const found = local?.type === 'class_definition' ? { mod: m, def: local } : ws ? importedDefinition(m, clsName, ws) : undefined;
  if (found?.def.type !== 'class_definition') return false;
  const methods = new Map<string, PyNode>();
  for (const c of field(found.def, 'body')?.children ?? []) {
    const d = c.type === 'decorated_definition' ? c.children.find((x) => x.type === 'function_definition') : c;
    if (d?.type === 'function_definition') methods.set(functionName(found.mod.text, d), d);
  }
  const offDecorated = (fn: PyNode | undefined) => !!fn && decoratorsOf(fn).some((d) => gradModeOf(found.mod.text, found.mod.imports, d) === 'off');
  const fwd = methods.get('forward') ?? methods.get('__call__');
  if (!fwd) return false;
  if (offDecorated(fwd)) return true;
  const body = field(fwd, 'body');
  if (body && bodyUnderGradOff(found.mod, body)) return true;
  const last = body?.children[body.children.length - 1];
  const ret = last?.type === 'return_statement' ? last.children[0] : undefined;
  if (ret?.type !== 'call') return false;
  const f = field(ret, 'function');
  if (f?.type !== 'attribute' || textOf(found.mod.text, field(f, 'object') ?? f) !== 'self') return false;
  return offDecorated(methods.get(textOf(found.mod.text, field(f, 'attribute') ?? f)));
}

/**
 * A forward whose work all runs inside `with torch.inference_mode():` / `with torch.no_grad():`: every statement of
 * its body is such a block, a docstring, or a `return` of plain names (dinov2's feature wrappers).
 */
function bodyUnderGradOff(m: PyAnalysis, body: PyNode): boolean {
  let blocks = 0;
  for (const st of body.children) {
    if (st.type === 'with_statement') {
      const items = st.children.find((c) => c.type === 'with_clause')?.children.filter((c) => c.type === 'with_item') ?? [];
      if (items.some((i) => gradModeOf(m.text, m.imports, field(i, 'value') ?? i.children[0] ?? i) === 'off')) {
        blocks++;
        continue;
      }
      return false;
    }
    if (st.type === 'expression_statement' && st.children[0]?.type === 'string') continue;
    if (st.type === 'return_statement' || st.type === 'pass_statement') {
      let calls = false;
      walk(st, (n) => {
        if (n.type === 'call') calls = true;
        return !calls;
      });
      if (calls) return false;
      continue;
    }
    return false;
  }
  return blocks > 0;
}

const DUMMY_MAKERS = /^torch\.(randn|rand|randint|zeros|ones|full|empty|randn_like|rand_like|zeros_like|ones_like|full_like|tensor|arange)$/;
const DUMMY_NAME = /dummy|fake|example_inputs?$/i;

/**
 * Every name the call's arguments read is a dummy: bound in `unit` before the call (not in a loop) from random or
 * constant tensors (`torch.randn(...)`, `torch.tensor([[...]])`), from a call or name that says it is a dummy
 * (`config.generate_dummy_inputs()`), or from other such names. A parameter or a loaded input is not a dummy.
 */
function onDummyInputs(a: PyAnalysis, unit: PyNode, call: PyNode): boolean {
  const text = a.text;
  const readsOf = (n: PyNode): string[] => {
    const out: string[] = [];
    walk(n, (m) => {
      if (m.type === 'identifier' && m.field !== 'attribute' && !(m.field === 'name' && m.parent?.type === 'keyword_argument')) out.push(textOf(text, m));
      return m.type !== 'lambda';
    });
    return out;
  };
  const binds = new Map<string, PyNode[]>();
  walk(unit, (n) => {
    if (n !== unit && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) return false;
    if (n.type === 'assignment' && n.start < call.start && enclosingLoops(n).length === 0) {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left && right) for (const t of readsOf(left)) binds.set(t, [...(binds.get(t) ?? []), right]);
    }
    return true;
  });
  const params = new Set<string>();
  const plist = unit.type === 'function_definition' ? field(unit, 'parameters') : undefined;
  if (plist) for (const p of readsOf(plist)) params.add(p);
  const seen = new Map<string, boolean>();
  const dummy = (name: string, depth: number): boolean => {
    if (DUMMY_NAME.test(name)) return true;
    if (seen.has(name)) return seen.get(name)!;
    const rights = binds.get(name) ?? [];
    // a parameter, or a name whose first binding here reads an earlier value of it, comes from outside
    if (params.has(name) || (rights.length > 0 && readsOf(rights[0]).includes(name))) return false;
    seen.set(name, true); // a later rebinding from itself (`x = x.clamp(-1, 1)`) adds no other source
    const yes = depth < 6 && rights.length > 0 && rights.every((r) => dummyExpr(r, depth));
    seen.set(name, yes);
    return yes;
  };
  const dummyExpr = (r: PyNode, depth: number): boolean => {
    let maker = false;
    walk(r, (m) => {
      if (m.type === 'call' && (DUMMY_MAKERS.test(a.qname.get(m) ?? '') || DUMMY_NAME.test(calleeLast(text, m) ?? ''))) maker = true;
      return !maker;
    });
    if (maker) return true;
    const names = readsOf(r).filter((x) => binds.has(x) || DUMMY_NAME.test(x));
    return names.length > 0 && names.every((x) => dummy(x, depth + 1));
  };
  // a tensor made in the call itself (`net(torch.randn(1, 3, 32, 32))`, `m(torch.zeros(2, 8).cuda())`), or a name
  // bound to one
  const direct = (n: PyNode | undefined): boolean => {
    while (n?.type === 'parenthesized_expression') n = n.children[0];
    if (n?.type === 'identifier') return dummy(textOf(text, n), 0);
    if (n?.type !== 'call') return false;
    if (DUMMY_MAKERS.test(a.qname.get(n) ?? '')) return true;
    const f = field(n, 'function');
    return f?.type === 'attribute' && TENSOR_MOVES.has(textOf(text, field(f, 'attribute') ?? f)) && direct(field(f, 'object'));
  };
  const given = callArgs(text, call);
  const all = [...given.positional, ...[...given.keywords.values()].map((k) => k.value)];
  if (!given.splat && all.length > 0 && all.every(direct)) return true;
  const args = field(call, 'arguments');
  const names = args ? readsOf(args).filter((x) => x !== 'self' && !a.imports.modules.has(x)) : [];
  return names.length > 0 && names.every((x) => dummy(x, 0));
}

/** Methods that move or cast a tensor without changing what it holds. */
const TENSOR_MOVES = new Set(['to', 'cuda', 'cpu', 'half', 'float', 'bfloat16', 'contiguous', 'type', 'type_as']);

/** Timing and profiling harnesses (`benchmark_*`, `measure_latency`, a loop timed with `perf_counter`). */
function timingHarness(a: PyAnalysis, call: PyNode): boolean {
  for (let p = call.parent; p; p = p.parent) if (p.type === 'function_definition' && /bench|latency|throughput|profil|warm_?up/i.test(functionName(a.text, p))) return true;
  return enclosingLoops(call).some((l) => timesCalls(a, l));
}

/** Inputs created with `requires_grad=True`, `.requires_grad_()`, or `torch.autograd.grad` in this unit. */
function needsGrad(a: PyAnalysis, unit: PyNode): boolean {
  return memo(a, `needsGrad:${unit.start}`, () => {
    let yes = false;
    walk(unit, (n) => {
      if (yes) return false;
      if (n.type === 'keyword_argument' && textOf(a.text, field(n, 'name') ?? n) === 'requires_grad' && textOf(a.text, field(n, 'value') ?? n) === 'True') yes = true;
      if (n.type === 'call') {
        const last = calleeLast(a.text, n);
        const q = a.qname.get(n);
        if (last === 'requires_grad_' || q === 'torch.autograd.grad' || q === 'torch.autograd.backward') yes = true;
      }
      return true;
    });
    return yes;
  });
}

/** A top-level function of this file called exactly once, at module level and outside any loop. */
function calledOnceAtTop(a: PyAnalysis, fn: PyNode): boolean {
  if (fn.parent?.type !== 'module' && !(fn.parent?.type === 'decorated_definition' && fn.parent.parent?.type === 'module')) return false;
  const name = functionName(a.text, fn);
  const sites = a.calls.filter((c) => {
    const f = field(c, 'function');
    return f?.type === 'identifier' && textOf(a.text, f) === name;
  });
  return sites.length === 1 && enclosingLoops(sites[0]).length === 0 && (enclosingFunction(sites[0]) === undefined || functionName(a.text, enclosingFunction(sites[0])!) === 'main');
}

/**
 * Every call of `fn` in this file (at least one) sits in an `if` on a config switch (`if args.flag:`,
 * `if cfg.validate:` — an attribute or name, possibly negated) and in no loop; nothing else references it.
 */
function behindSwitchOnly(a: PyAnalysis, fn: PyNode, depth = 0): boolean {
  const name = functionName(a.text, fn);
  if (!name) return false;
  const sites = a.calls.filter((c) => {
    const f = field(c, 'function');
    return (f?.type === 'identifier' && textOf(a.text, f) === name) || (f?.type === 'attribute' && textOf(a.text, field(f, 'attribute')!) === name);
  });
  if (sites.length === 0) return false;
  return sites.every((c) => {
    if (enclosingLoops(c).length > 0) return false;
    for (let p = c.parent; p && p.type !== 'function_definition'; p = p.parent) {
      if (p.type !== 'if_statement') continue;
      let cond = field(p, 'condition');
      if (cond?.type === 'not_operator') cond = field(cond, 'argument');
      if (cond && (cond.type === 'attribute' || cond.type === 'identifier') && c.start >= field(p, 'consequence')!.start && c.end <= field(p, 'consequence')!.end) return true;
    }
    // or the function around the call is itself only called behind a switch (a helper of the check)
    const outer = enclosingFunction(c);
    return depth < 2 && !!outer && outer !== fn && behindSwitchOnly(a, outer, depth + 1);
  });
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

const MOVES = ['to', 'cuda', 'xpu', 'npu', 'mps', 'to_empty'];
const PLACERS = /(^|\.)(prepare|prepare_model|DataParallel|DistributedDataParallel|FullyShardedDataParallel|FSDP|initialize|init_inference|dispatch_model|load_checkpoint_and_dispatch)$/;

/**
 * The model `key` is created in this file (built or loaded, not a parameter), no device is given where it is
 * created (`device=`, `device_map=`), it is never moved (`.to(...)`, `.cuda()`), nothing wraps or places it
 * (accelerate `prepare`, DDP/FSDP, DeepSpeed), and the file shows no GPU at all: it runs on the CPU.
 */
function staysOnCpu(a: PyAnalysis, key: string, r: Resolved): boolean {
  if (a.gpu || r.mod || r.origin.type !== 'call') return false;
  const kw = callArgs(a.text, r.origin).keywords;
  if (kw.has('device') || kw.has('device_map')) return false;
  if (MOVES.some((m) => (a.methodCalls.get(`${key}.${m}`) ?? []).length > 0)) return false;
  return !a.calls.some((c) => PLACERS.test(a.qname.get(c) ?? calleeLast(a.text, c) ?? ''));
}

/** A model loaded from weights (pretrained / checkpoint), not built to be trained here. */
function isLoaded(a: PyAnalysis, origin: PyNode): boolean {
  const q = a.qname.get(origin) ?? '';
  return q.endsWith('.from_pretrained') || q === 'torch.load' || q === 'torch.hub.load' || q === 'torch.jit.load' || q === 'timm.create_model' || isTorchvisionModel(q);
}

/** A diffusers pipeline class (`DiffusionPipeline`, `AutoPipelineFor*`, `*Pipeline`): the shared table's row. */
function isDiffusersPipelineClass(q: string): boolean {
  return appliesTo(libraryDefault('diffusers/pipeline-call-no-grad'), q);
}

/** The receiver was built by a diffusers pipeline constructor or `from_pretrained`. */
function diffusersPipeline(a: PyAnalysis, origin: PyNode): boolean {
  if (origin.type !== 'call') return false;
  const q = a.qname.get(origin) ?? '';
  return isDiffusersPipelineClass(q.endsWith('.from_pretrained') ? q.slice(0, -'.from_pretrained'.length) : q);
}

/** The call sits in a method of a class that subclasses a diffusers pipeline (its inherited `__call__` is no-grad). */
function inPipelineSubclass(a: PyAnalysis, call: PyNode): boolean {
  const cls = enclosingClass(call);
  if (!cls) return false;
  return (field(cls, 'superclasses')?.children ?? []).some((s) => isDiffusersPipelineClass(qualifiedName(a.text, a.imports, s) ?? ''));
}

/**
 * The call runs in a function decorated with a decorator the repository defines (in this file, or one import away)
 * whose own body turns autograd off: it names `torch.no_grad`, `torch.inference_mode` or `torch.set_grad_enabled`
 * (yolov5's `smart_inference_mode()` returns `torch.inference_mode` or `torch.no_grad` for the torch at hand), or is
 * itself decorated with them.
 */
function projectNoGradDecorated(a: PyAnalysis, call: PyNode, ws: RuleContext['workspace']): boolean {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    for (const d of decoratorsOf(fn)) {
      const callee = d.type === 'call' ? field(d, 'function') : d;
      if (callee?.type !== 'identifier') continue;
      const name = textOf(a.text, callee);
      const local = definitions(a).get(name);
      const found = local && local.type === 'function_definition' ? { mod: a, def: local } : importedDefinition(a, name, ws);
      if (found && found.def.type === 'function_definition' && turnsGradOff(found.mod, found.def)) return true;
    }
  }
  return false;
}

/**
 * Whether a module-level function is called somewhere in the repository and every call runs with autograd off: the
 * calls in this file, and those in the repository's Python files that import it from this module (the scripts
 * beside a helper module, or in a sibling folder: `examples/generate_act_scales.py` importing
 * `smoothquant.calibration`; a text test first, so only files that name the function are parsed).
 */
/** Files outside the function's folder that calledOnlyWithoutGrad parses for callers, at most. */
const MAX_FAR = 16;

function calledOnlyWithoutGrad(a: PyAnalysis, fn: PyNode, ws: RuleContext['workspace']): boolean {
  if (fn.parent?.type !== 'module' && !(fn.parent?.type === 'decorated_definition' && fn.parent.parent?.type === 'module')) return false;
  const name = functionName(a.text, fn);
  if (!name) return false;
  return memo(a, `calledOnlyWithoutGrad:${name}`, () => {
    const sites: { m: PyAnalysis; call: PyNode }[] = [];
    const callsOf = (m: PyAnalysis) => {
      for (const call of plainCallsByName(m).get(name) ?? []) sites.push({ m, call });
    };
    callsOf(a);
    const path = a.doc.path;
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const moduleName = path.slice(dir.length).replace(/\.py$/, '');
    const packageName = dir.split('/').filter(Boolean).pop();
    let far = 0;
    for (const p of ws.list?.() ?? []) {
      if (p === path || !p.endsWith('.py')) continue;
      const sameFolder = p.startsWith(dir) && !p.slice(dir.length).includes('/');
      let text: string | undefined;
      try {
        text = ws.read(p);
      } catch {
        text = undefined;
      }
      if (!text || !text.includes(name)) continue;
      // outside the folder, an import of this module spells its name or its package's (`from smoothquant.calibration
      // import ...`, `from smoothquant import ...`); past MAX_FAR such files (a name every module of a large repository
      // shares) the callers are not all read, and nothing is concluded from them
      if (!sameFolder) {
        if (!text.includes(moduleName) && !(packageName && text.includes(packageName))) continue;
        if (++far > MAX_FAR) return false;
      }
      const m = moduleAt(ws, p);
      if (!m) continue;
      // the import resolves to this function; or, where the package's `__init__.py` that re-exports it is not in
      // the workspace, it names this module or its package (`from lora_diffusion import evaluate_pipe`)
      const def = importedDefinition(m, name, ws);
      const imp = def ? undefined : importOf(m, name);
      const last = imp?.dotted.split('.').pop();
      // (that fallback only beside the module: elsewhere the import must resolve to it)
      if (def ? def.mod.doc.path === path && def.def.start === fn.start : sameFolder && imp !== undefined && imp.name === name && (last === moduleName || last === packageName)) callsOf(m);
    }
    return sites.length > 0 && sites.every((s) => s.m.grad.gradOff(s.call));
  });
}

function turnsGradOff(m: PyAnalysis, def: PyNode): boolean {
  if (decoratorsOf(def).some((d) => gradModeOf(m.text, m.imports, d) === 'off')) return true;
  let off = false;
  walk(def, (n) => {
    if (off) return false;
    if (n.type === 'attribute' || n.type === 'identifier') {
      const q = qualifiedName(m.text, m.imports, n);
      if (q === 'torch.no_grad' || q === 'torch.inference_mode' || q === 'torch.set_grad_enabled') off = true;
      return !off && n.type !== 'attribute';
    }
    return true;
  });
  return off;
}
