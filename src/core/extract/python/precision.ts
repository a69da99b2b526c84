// Where a Python file's precision is decided besides the call a job is anchored at: the library's own default
// (the shared library-defaults table, at the version the project declares), weights loaded or cast to half
// precision, a precision switch chosen at launch (apex amp, a `--fp16` argument the script reads, DeepSpeed's
// config), a library that picks mixed precision itself (Unsloth), and GPU evidence that comes from the newer or
// indirect device idioms (`torch.accelerator`, a `device` argument). Rules ask these instead of guessing.
import { libraryDefault, libraryDefaults, libraryOfModule, appliesTo, resolveDefault, type ResolvedDefault } from '../../data/library-defaults';
import type { WorkspaceReader } from '../../settings';
import type { Precision } from '../../types';
import { precisionOfDtype } from '../config/job';
import { declaredVersion, type DeclaredVersion } from '../deps';
import { callArgs, enclosingFunction, field, functionName, nodesOfTypes, perStatement, textOf, walk, type PyNode } from './ast';
import { anyCallName, memo, type PyAnalysis } from './analysis';
import { definitionOf, importedModules } from './modules';
import { resolveExpression } from './resolve';
import { constString, evalConst, stringValue } from './consts';
import { qualifiedName } from './imports';

export interface LibraryDefaultAnswer {
  library: string;
  declared?: DeclaredVersion;
  resolved: ResolvedDefault;
}

/** The library default of `setting` for the API `qname`, at the version range the project around the file declares. */
export function libraryDefaultFor(a: PyAnalysis, workspace: WorkspaceReader, qname: string, setting: string): LibraryDefaultAnswer {
  const library = libraryOfModule(qname);
  const declared = declaredVersion(workspace, a.doc.path, library);
  return { library, declared, resolved: resolveDefault(qname, setting, declared?.range) };
}

/** A dtype expression's precision: a string (`"bfloat16"`), a `torch.*` dtype; undefined when it is not a constant. */
export function dtypePrecision(a: PyAnalysis, v: PyNode): Precision | undefined {
  const s = constString(a.text, v, a.consts);
  if (s !== undefined) return precisionOfDtype(s);
  const q = qualifiedName(a.text, a.imports, v);
  if (q?.startsWith('torch.')) return precisionOfDtype(q);
  return undefined;
}

const LOADERS = /\.(from_pretrained|from_config|from_single_file)$/;
const QUANT_KW = ['quantization_config', 'load_in_4bit', 'load_in_8bit'];

export type Elsewhere =
  /** Weights are loaded or cast to half precision (or a library picks it): not fp32. */
  | { kind: 'half'; precision: Precision; node: PyNode; why: string }
  /** The precision is chosen somewhere this file cannot see (a launch flag, a variable dtype). */
  | { kind: 'dynamic'; node?: PyNode; why: string };

/**
 * Half-precision (or unknown-dtype) weights anywhere in the file: a loader called with a dtype that is not
 * float32 (`torch_dtype=torch.bfloat16`, `"auto"`, or a variable), a quantized load, `.half()` / `.bfloat16()`,
 * `.to(torch.float16)` / `.to(dtype=weight_dtype)`, `torch.set_default_dtype(half)`.
 */
export function halfWeights(a: PyAnalysis): Elsewhere | undefined {
  return memo(a, 'precision.halfWeights', () => {
    for (const c of a.calls) {
      const q = a.qname.get(c) ?? '';
      const args = callArgs(a.text, c);
      if (LOADERS.test(q) || q === 'transformers.pipeline') {
        for (const name of ['torch_dtype', 'dtype']) {
          const k = args.keywords.get(name);
          if (!k) continue;
          const p = dtypePrecision(a, k.value);
          if (p === undefined) return { kind: 'dynamic', node: k.node, why: `the weights' dtype \`${textOf(a.text, k.value)}\` is chosen elsewhere` } as Elsewhere;
          if (p !== 'fp32') return { kind: 'half', precision: p === 'auto' ? 'bf16' : p, node: k.node, why: `the weights are loaded with \`${textOf(a.text, k.node)}\`` } as Elsewhere;
        }
        for (const name of QUANT_KW) {
          const k = args.keywords.get(name);
          if (k && evalConst(a.text, k.value, a.consts) !== false && evalConst(a.text, k.value, a.consts) !== null) {
            return { kind: 'half', precision: 'int4', node: k.node, why: 'the weights are quantized' } as Elsewhere;
          }
        }
        continue;
      }
      if (q === 'torch.set_default_dtype') {
        const p = args.positional[0] && dtypePrecision(a, args.positional[0]);
        if (p === undefined) return { kind: 'dynamic', node: c, why: 'the default dtype is set from a variable' } as Elsewhere;
        if (p !== 'fp32') return { kind: 'half', precision: p, node: c, why: `\`${textOf(a.text, c)}\`` } as Elsewhere;
        continue;
      }
      const f = field(c, 'function');
      const attr = f?.type === 'attribute' ? field(f, 'attribute') : undefined;
      const m = attr ? textOf(a.text, attr) : undefined;
      if (m === 'half' && args.positional.length === 0) return { kind: 'half', precision: 'fp16', node: c, why: `\`${textOf(a.text, c)}\` casts to fp16` } as Elsewhere;
      if (m === 'bfloat16' && args.positional.length === 0) return { kind: 'half', precision: 'bf16', node: c, why: `\`${textOf(a.text, c)}\` casts to bf16` } as Elsewhere;
      if (m === 'to') {
        const dk = args.keywords.get('dtype');
        const cands = [...args.positional, ...(dk ? [dk.value] : [])];
        for (const v of cands) {
          const p = dtypePrecision(a, v);
          if (p === 'fp16' || p === 'bf16') return { kind: 'half', precision: p, node: c, why: `\`${textOf(a.text, c)}\` casts to ${p}` } as Elsewhere;
          if (p === undefined && (v === dk?.value || (v.type === 'identifier' && /dtype/i.test(textOf(a.text, v))))) {
            return { kind: 'dynamic', node: c, why: `\`${textOf(a.text, c)}\` casts to a dtype chosen elsewhere` } as Elsewhere;
          }
        }
      }
    }
    return undefined;
  });
}

/** Attribute names that hold a precision switch (`args.fp16`, `cfg.mixed_precision`, `opt.amp`). */
const SWITCH_ATTRS = new Set(['fp16', 'bf16', 'amp', 'use_amp', 'mixed_precision', 'fp16_opt_level', 'use_fp16', 'use_bf16', 'half', 'precision', 'autocast', 'use_autocast']);
/** Command-line flags that choose a precision. */
const SWITCH_FLAGS = /^--?(fp16|bf16|amp|use[-_]amp|mixed[-_]precision|half|precision|use[-_]fp16|use[-_]bf16|autocast)$/;

/**
 * The script lets its launcher choose the precision: apex amp (`amp.initialize`), DeepSpeed's `initialize` (its
 * config decides), an argparse flag such as `--fp16`, or a read of `args.fp16` / `config.mixed_precision`.
 */
export function precisionSwitch(a: PyAnalysis): Elsewhere | undefined {
  return memo(a, 'precision.switch', () => {
    const apex = (q: string) => q.startsWith('apex.') || /(^|\.)amp\.(initialize|scale_loss)$/.test(q);
    // (the first call, in order, whose qualified name is one of these; none when no distinct name is: the common case)
    if (anyCallName(a, (q) => apex(q) || q === 'deepspeed.initialize')) {
      for (const c of a.calls) {
        const q = a.qname.get(c) ?? '';
        if (apex(q)) return { kind: 'dynamic', node: c, why: 'apex amp decides the precision' } as Elsewhere;
        if (q === 'deepspeed.initialize') return { kind: 'dynamic', node: c, why: "the DeepSpeed config decides the precision" } as Elsewhere;
      }
    }
    if (a.imports.modules.has('apex')) return { kind: 'dynamic', why: 'apex amp decides the precision' } as Elsewhere;
    // the first switch in the module's pre-order: each top-level statement's first (kept across keystrokes for
    // the statements an edit did not touch, `perStatement`: it reads the statement's own subtree and text only)
    for (const stmt of a.root.children) {
      const found = perStatement(a.text, stmt, 'precision.switch', () => statementSwitch(a.text, stmt));
      if (found) return found;
    }
    return undefined;
  });
}

/** The first precision switch of a statement, in pre-order (a flag string, or a read of a switch attribute). */
function statementSwitch(text: string, stmt: PyNode): Elsewhere | undefined {
  let found: Elsewhere | undefined;
  walk(stmt, (n) => {
    if (found) return false;
    if (n.type === 'string') {
      const s = stringValue(text, n);
      if (s !== undefined && SWITCH_FLAGS.test(s)) found = { kind: 'dynamic', node: n, why: `the script takes \`${s}\` on its command line` };
      return false;
    }
    if (n.type === 'attribute') {
      const at = field(n, 'attribute');
      const parent = n.parent;
      // a read, not a method call (`model.half()`) and not an assignment target
      const called = parent?.type === 'call' && field(parent, 'function') === n;
      const assigned = parent?.type === 'assignment' && field(parent, 'left') === n;
      if (at && !called && !assigned && SWITCH_ATTRS.has(textOf(text, at))) found = { kind: 'dynamic', node: n, why: `\`${textOf(text, n)}\` chooses the precision` };
    }
    return true;
  });
  return found;
}

/** A library imported by the file picks mixed precision itself (the table's import-level rows, e.g. Unsloth). */
export function libraryPicksPrecision(a: PyAnalysis): Elsewhere | undefined {
  return memo(a, 'precision.library', () => {
    for (const row of libraryDefaults()) {
      if (row.setting !== 'bf16/fp16') continue;
      for (const m of a.imports.modules) {
        if (appliesTo(row, m)) return { kind: 'half', precision: row.precision ?? 'auto', node: a.root, why: row.says } as Elsewhere;
      }
    }
    return undefined;
  });
}

/** A keyword that passes a dtype to a helper (`dtype=`, `param_dtype=`, `torch_dtype=`, `compute_dtype=`). */
const DTYPE_KW = /^([a-z]+_)*dtype$/;

/**
 * The model is built in half precision by a helper of the repository one call away:
 * `load_model(folder, param_dtype=torch.bfloat16)` (or `param_dtype=param_dtype` after `param_dtype =
 * torch.bfloat16`), where `load_model` is a function of this file or imported from the project that takes that
 * parameter and passes it on (`dtype=param_dtype`, `.to(param_dtype)`). A library call is not a helper (halfWeights
 * reads the loaders); a name that is not the project's function, or a parameter the helper ignores, says nothing.
 */
export function helperHalfWeights(a: PyAnalysis, ws: WorkspaceReader): Elsewhere | undefined {
  return memo(a, 'precision.helperHalfWeights', () => {
    for (const c of a.calls) {
      const f = field(c, 'function');
      if (f?.type !== 'identifier') continue;
      const args = callArgs(a.text, c);
      const kws = [...args.keywords].filter(([k]) => DTYPE_KW.test(k));
      if (kws.length === 0) continue;
      let half: { kw: string; node: PyNode; p: Precision } | undefined;
      for (const [k, v] of kws) {
        let p = dtypePrecision(a, v.value);
        if (p === undefined && v.value.type === 'identifier') {
          const r = resolveExpression(a, v.value, ws);
          if (r.kind === 'library' && r.qname.startsWith('torch.')) p = precisionOfDtype(r.qname);
        }
        if (p === 'bf16' || p === 'fp16') {
          half = { kw: k, node: v.node, p };
          break;
        }
      }
      if (!half) continue;
      const name = textOf(a.text, f);
      const found = definitionOf(a, name, ws);
      const def = found?.def.type === 'decorated_definition' ? found.def.children.find((x) => x.type === 'function_definition') : found?.def;
      if (!found || def?.type !== 'function_definition' || !passesOn(found.mod.text, def, half.kw)) continue;
      return { kind: 'half', precision: half.p, node: half.node, why: `the model is built by \`${name}\` with \`${textOf(a.text, half.node)}\`` } as Elsewhere;
    }
    return undefined;
  });
}

/** Whether function `def` has a parameter `param` that its body passes as an argument to a call. */
function passesOn(text: string, def: PyNode, param: string): boolean {
  const params = field(def, 'parameters');
  let declared = false;
  for (const p of params?.children ?? []) {
    const id = p.type === 'identifier' ? p : p.children.find((x) => x.type === 'identifier');
    if (id && textOf(text, id) === param) declared = true;
  }
  if (!declared) return false;
  let used = false;
  walk(field(def, 'body') ?? def, (n) => {
    if (used) return false;
    if (n.type === 'identifier' && textOf(text, n) === param) {
      const up = n.parent?.type === 'keyword_argument' ? n.parent.parent : n.parent;
      if (up?.type === 'argument_list' && (n.parent?.type !== 'keyword_argument' || field(n.parent, 'value') === n)) used = true;
    }
    return true;
  });
  return used;
}

/**
 * FSDP's mixed precision (`MixedPrecision(param_dtype=...)` of FSDP1, `MixedPrecisionPolicy(param_dtype=...)` of
 * FSDP2's `fully_shard`) with a compute dtype other than float32, in this file or a repository module it imports
 * with `from X import` (one hop: a trainer whose `distributed.py` shards the model): the forward and backward run in
 * that dtype (library-defaults row torch/fsdp-mixed-precision-param-dtype), whatever autocast the loop lacks.
 */
export function fsdpMixedPrecision(a: PyAnalysis, ws: WorkspaceReader | undefined): Elsewhere | undefined {
  return memo(a, 'precision.fsdpMixedPrecision', () => {
    const row = libraryDefault('torch/fsdp-mixed-precision-param-dtype');
    const own = (m: PyAnalysis): boolean =>
      [...m.byName.keys()].filter((q) => appliesTo(row, q)).some((q) =>
        m.byName.get(q)!.some((c) => {
          const args = callArgs(m.text, c);
          const v = args.keywords.get('param_dtype')?.value ?? args.positional[0];
          if (!v) return false;
          const p = dtypePrecision(m, v);
          return p !== 'fp32';
        }),
      );
    if (own(a)) return { kind: 'dynamic', why: "FSDP's mixed-precision policy sets the compute dtype" } as Elsewhere;
    if (ws && importedModules(a, ws).some(own)) return { kind: 'dynamic', why: "FSDP's mixed-precision policy (in a module this file imports) sets the compute dtype" } as Elsewhere;
    return undefined;
  });
}

/** Everything above, first answer wins: whether fp32 training in this file is decided somewhere else. */
export function trainingPrecisionElsewhere(a: PyAnalysis, ws?: WorkspaceReader): Elsewhere | undefined {
  return libraryPicksPrecision(a) ?? halfWeights(a) ?? precisionSwitch(a) ?? liteSubclass(a) ?? (ws ? helperHalfWeights(a, ws) : undefined) ?? fsdpMixedPrecision(a, ws);
}

/** Lightning's LightningLite (1.x) and its successor Fabric, by qualified name. */
const LITE_CLASSES = new Set([
  'pytorch_lightning.lite.LightningLite', 'pytorch_lightning.lite.lite.LightningLite', 'lightning.lite.LightningLite', 'lightning_lite.LightningLite',
  'lightning.fabric.Fabric', 'lightning.Fabric', 'lightning_fabric.Fabric',
]);

/**
 * A class of this file derives from LightningLite / Fabric (`class Trainer(LightningLite):`, its loop calling
 * `self.setup(model, optimizer)` and `self.backward(loss)`): Lite runs the forward under the precision its
 * constructor is given (`Trainer(precision='bf16', ...)` in the launching script), which this file does not see.
 */
function liteSubclass(a: PyAnalysis): Elsewhere | undefined {
  return memo(a, 'precision.liteSubclass', () => {
    for (const cls of nodesOfTypes(a.root, 'class_definition')) {
      for (const base of field(cls, 'superclasses')?.children ?? []) {
        if (base.type !== 'identifier' && base.type !== 'attribute') continue;
        const q = qualifiedName(a.text, a.imports, base);
        if (q && LITE_CLASSES.has(q)) return { kind: 'dynamic', node: cls, why: `\`${textOf(a.text, base)}\` takes its precision where the class is constructed` } as Elsewhere;
      }
    }
    return undefined;
  });
}

const DEVICE_PARAM = /^(device|dev|device_id|device_name|target_device|gpu|gpu_id)$/;

/**
 * GPU evidence from indirect device idioms, for files without a literal `"cuda"`: `torch.accelerator.*`, or a
 * `device` parameter the code moves models and tensors to, unless every call of that function in the file
 * passes `"cpu"`.
 */
export function indirectGpu(a: PyAnalysis): boolean {
  return memo(a, 'precision.indirectGpu', () => {
    if ([...a.byName.keys()].some((q) => q.startsWith('torch.accelerator.'))) return true;
    for (const c of a.calls) {
      const f = field(c, 'function');
      const attr = f?.type === 'attribute' ? field(f, 'attribute') : undefined;
      const args = callArgs(a.text, c);
      const target = attr && textOf(a.text, attr) === 'to' ? args.positional[0] ?? args.keywords.get('device')?.value : args.keywords.get('device')?.value;
      if (!target || target.type !== 'identifier') continue;
      const name = textOf(a.text, target);
      if (!DEVICE_PARAM.test(name)) continue;
      const fn = enclosingFunction(c);
      if (!fn || !paramNames(a, fn).includes(name)) continue;
      if (!allCallersPassCpu(a, fn, name)) return true;
    }
    return false;
  });
}

function paramNames(a: PyAnalysis, fn: PyNode): string[] {
  const ps = field(fn, 'parameters');
  const out: string[] = [];
  for (const p of ps?.children ?? []) {
    const id = p.type === 'identifier' ? p : field(p, 'name') ?? p.children.find((x) => x.type === 'identifier');
    if (id) out.push(textOf(a.text, id));
  }
  return out;
}

/** A parameter's default value expression (`device="cpu"`), if it has one. */
function paramDefault(a: PyAnalysis, fn: PyNode, param: string): PyNode | undefined {
  for (const p of field(fn, 'parameters')?.children ?? []) {
    if (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') continue;
    const n = field(p, 'name');
    if (n && textOf(a.text, n) === param) return field(p, 'value');
  }
  return undefined;
}

/**
 * Every call of `fn` in this file passes `"cpu"` for `param` (a call that leaves it out gets its default); with no
 * call in the file, whether the default is `"cpu"`.
 */
function allCallersPassCpu(a: PyAnalysis, fn: PyNode, param: string): boolean {
  const name = functionName(a.text, fn);
  const def = paramDefault(a, fn, param);
  const defCpu = def !== undefined && evalConst(a.text, def, a.consts) === 'cpu';
  const index = paramNames(a, fn).filter((p) => p !== 'self').indexOf(param);
  const calls = a.calls.filter((c) => {
    const f = field(c, 'function');
    if (!f) return false;
    const last = f.type === 'identifier' ? f : f.type === 'attribute' ? field(f, 'attribute') : undefined;
    return !!last && textOf(a.text, last) === name;
  });
  if (calls.length === 0) return defCpu;
  return calls.every((c) => {
    const args = callArgs(a.text, c);
    const v = args.keywords.get(param)?.value ?? (index >= 0 ? args.positional[index] : undefined);
    if (!v) return defCpu && !args.splat;
    const s = evalConst(a.text, v, a.consts);
    return s === 'cpu';
  });
}

const TOY_TORCHVISION = /^torchvision\.datasets\.(MNIST|FashionMNIST|KMNIST|EMNIST|QMNIST|CIFAR10|CIFAR100|SVHN|USPS)$/;
const TOY_HUB = new Set(['mnist', 'ylecun/mnist', 'fashion_mnist', 'zalando-datasets/fashion_mnist', 'cifar10', 'uoft-cs/cifar10', 'cifar100', 'uoft-cs/cifar100']);

/**
 * Data sets an epoch of which is a fraction of a second on a GPU, however many epochs a tutorial runs:
 * - Planetoid's citation graphs, trained full-graph (one forward an epoch): Cora 2,708 nodes, CiteSeer 3,327, PubMed
 *   19,717 (PyG's Planetoid docs, "Revisiting Semi-Supervised Learning with Graph Embeddings"), and Zachary's karate
 *   club (34 nodes, `KarateClub`);
 * - the ants-and-bees folder of PyTorch's transfer-learning tutorial (`hymenoptera_data`): "about 120 training images
 *   each for ants and bees ... 75 validation images for each class" (pytorch/tutorials,
 *   beginner_source/transfer_learning_tutorial.py), read through `ImageFolder`.
 */
const TINY_SETS = new Set(['Cora', 'CiteSeer', 'PubMed', 'KarateClub', 'hymenoptera_data']);
/** Planetoid's `name` (matched without case) → the data set's name. */
const PLANETOID = new Map([
  ['cora', 'Cora'],
  ['citeseer', 'CiteSeer'],
  ['pubmed', 'PubMed'],
]);

/** A tiny data set (TINY_SETS) a call builds, by its name. */
function tinySet(a: PyAnalysis, c: PyNode, q: string): string | undefined {
  if (q === 'torch_geometric.datasets.KarateClub') return 'KarateClub';
  const args = callArgs(a.text, c);
  if (q === 'torch_geometric.datasets.Planetoid') {
    const n = args.positional[1] ?? args.keywords.get('name')?.value;
    const s = n ? constString(a.text, n, a.consts) : undefined;
    return s ? PLANETOID.get(s.toLowerCase()) : undefined;
  }
  if (q === 'torchvision.datasets.ImageFolder') {
    const root = args.positional[0] ?? args.keywords.get('root')?.value;
    let hit = false;
    if (root)
      walk(root, (n) => {
        if (hit) return false;
        if (n.type === 'string' || n.type === 'identifier') hit = /(^|[/\\])hymenoptera_data([/\\]|$)/.test(constString(a.text, n, a.consts) ?? '');
        return !hit;
      });
    return hit ? 'hymenoptera_data' : undefined;
  }
  return undefined;
}

/** Whether a data set `toyDataset` names is one of the tiny ones (an epoch a fraction of a second). */
export function tinyDataset(name: string): boolean {
  return TINY_SETS.has(name);
}

/**
 * The file trains on a tutorial-sized dataset (MNIST, Fashion-MNIST, CIFAR-10/100, SVHN: tens of thousands of tiny
 * images; or a tiny one, TINY_SETS): an epoch takes seconds to minutes on a GPU, so the precision of a short run is
 * not a cost to cut.
 */
export function toyDataset(a: PyAnalysis): string | undefined {
  return memo(a, 'precision.toyDataset', () => {
    for (const c of a.calls) {
      const q = a.qname.get(c) ?? '';
      const m = TOY_TORCHVISION.exec(q);
      if (m) return m[1];
      const tiny = tinySet(a, c, q);
      if (tiny) return tiny;
      if (q === 'datasets.load_dataset') {
        const id = callArgs(a.text, c).positional[0];
        const s = id ? constString(a.text, id, a.consts) : undefined;
        if (s && TOY_HUB.has(s.toLowerCase())) return s;
      }
    }
    return undefined;
  });
}

/**
 * The small GLUE tasks, by train-split size (Wang et al., GLUE, ICLR 2019, Table 1): CoLA 8.5k sentences, STS-B 7k,
 * MRPC 3.7k and RTE 2.5k pairs, WNLI 634. A few epochs of a base-size encoder on one of them is about a thousand
 * optimizer steps, minutes on a GPU. SST-2 (67k), QNLI (105k), QQP (364k) and MNLI (393k) are not small.
 */
const SMALL_GLUE = new Set(['cola', 'stsb', 'mrpc', 'rte', 'wnli']);

/**
 * The file trains on one of the small GLUE tasks (`load_dataset("glue", "mrpc")`): `glue/<task>`, else undefined.
 * Only a size: whether the run is short also depends on the model (the caller asks for a known-small one).
 */
export function smallGlueTask(a: PyAnalysis): string | undefined {
  return memo(a, 'precision.smallGlueTask', () => {
    for (const c of a.calls) {
      if ((a.qname.get(c) ?? '') !== 'datasets.load_dataset') continue;
      const args = callArgs(a.text, c);
      const id = args.positional[0] ?? args.keywords.get('path')?.value;
      const task = args.positional[1] ?? args.keywords.get('name')?.value;
      const s = id ? constString(a.text, id, a.consts)?.toLowerCase() : undefined;
      const t = task ? constString(a.text, task, a.consts)?.toLowerCase() : undefined;
      if ((s === 'glue' || s === 'nyu-mll/glue') && t && SMALL_GLUE.has(t)) return `glue/${t}`;
    }
    return undefined;
  });
}

/**
 * The tutorial data sets of grayscale 28×28 digits and clothes (MNIST and its kin; USPS is 16×16): a sample is 784
 * bytes, an epoch of 60k of them through a small network a few seconds on a GPU, so even tens of epochs are minutes.
 * CIFAR and SVHN (32×32 colour, usually with a ResNet) are not in this set: their longer runs are hours.
 */
const GRAYSCALE_DIGITS = new Set(['mnist', 'fashionmnist', 'kmnist', 'emnist', 'qmnist', 'usps', 'ylecun/mnist', 'fashion_mnist', 'zalando-datasets/fashion_mnist']);

/** Model zoo and pretrained-weight loaders: a network the file did not write, of any size (a ResNet-50, a ViT). */
const ZOO_QNAMES = /^(torchvision\.models\.\w+(\.\w+)?|timm\.\w+|torch\.hub\.load)$|\.from_pretrained$/;

/** Whether the file builds or loads a model from a zoo or pretrained weights (`torchvision.models.resnet50()`, `timm.create_model`, `from_pretrained`). */
export function zooModel(a: PyAnalysis): boolean {
  return memo(a, 'precision.zooModel', () => a.calls.some((c) => ZOO_QNAMES.test(a.qname.get(c) ?? '')));
}

/**
 * Whether the file's own network repeats blocks: a class body that builds layers in a `for … in range(n)` loop or a
 * comprehension over `range(n)` (`self.layers.append(Block(...))`, `nn.Sequential(*[Block() for _ in range(n)])`).
 * A network built that way is as deep as its configuration says (a ResNet, a transformer), not a two-layer toy.
 */
export function repeatsBlocks(a: PyAnalysis): boolean {
  return memo(a, 'precision.repeatsBlocks', () => {
    let yes = false;
    for (const cls of nodesOfTypes(a.root, 'class_definition')) {
      walk(cls, (n) => {
        if (yes) return false;
        const overRange = (n.type === 'for_statement' && rangeCall(a, field(n, 'right'))) || (n.type === 'for_in_clause' && rangeCall(a, field(n, 'right')));
        if (!overRange) return true;
        // the loop's body (a statement) or the comprehension's element (the clause's parent holds it)
        const scope = n.type === 'for_statement' ? field(n, 'body') : n.parent;
        if (scope) walk(scope, (m) => {
          if (yes) return false;
          if (m.type === 'call' && buildsLayer(a, m)) yes = true;
          return !yes;
        });
        return !yes;
      });
      if (yes) break;
    }
    return yes;
  });
}

function rangeCall(a: PyAnalysis, n: PyNode | undefined): boolean {
  if (n?.type !== 'call') return false;
  const f = field(n, 'function');
  return f?.type === 'identifier' && textOf(a.text, f) === 'range';
}

/**
 * A call that constructs a layer or block: a `torch.nn` class, a class-like name (`BasicBlock(...)`,
 * `nn.Conv2d(...)`), or whatever is appended to a list of layers (`layers.append(block(self.inplanes, planes))`,
 * where the block class arrives as a parameter).
 */
function buildsLayer(a: PyAnalysis, c: PyNode): boolean {
  const q = a.qname.get(c) ?? '';
  if (/^torch\.nn\.[A-Z]/.test(q)) return true;
  const outer = c.parent?.type === 'argument_list' ? c.parent.parent : undefined;
  const of = outer?.type === 'call' ? field(outer, 'function') : undefined;
  if (of?.type === 'attribute' && /^(append|extend|add_module)$/.test(textOf(a.text, field(of, 'attribute')!))) return true;
  const f = field(c, 'function');
  const last = f?.type === 'identifier' ? f : f?.type === 'attribute' ? field(f, 'attribute') : undefined;
  return !!last && /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(textOf(a.text, last)) && !/^(Sequential|ModuleList|ModuleDict|Parameter|Tensor)$/.test(textOf(a.text, last));
}

/**
 * A run short enough that its precision is not a cost to cut, on a tutorial data set: at most 10 epochs of any of
 * them (`toyDataset`), at most 1,000 of a tiny one (TINY_SETS), or at most 30 epochs of a grayscale 28×28 set through
 * the file's own network when that network repeats no blocks and no zoo or pretrained model is loaded (a few minutes
 * of GPU time). The data set's
 * name, else undefined. `epochs` is the run's epoch count (the library's default where the code sets none).
 */
export function tutorialRun(a: PyAnalysis, epochs: number): string | undefined {
  const d = toyDataset(a);
  if (!d) return undefined;
  if (epochs <= 10 || (tinyDataset(d) && epochs <= 1000)) return d;
  if (epochs <= 30 && GRAYSCALE_DIGITS.has(d.toLowerCase()) && !zooModel(a) && !repeatsBlocks(a)) return d;
  return undefined;
}
