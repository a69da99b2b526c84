// Toy programs: a file whose only data is a handful of rows written in the code (`torch.tensor([[-1.2, 3.1],
// [-0.9, 2.9], ...])`) and that reads no data set, file or pretrained weights. A teaching script that trains a tiny
// network on five points for a few epochs runs for seconds: compile, half-precision or no-grad advice saves nothing
// there (compile warm-up alone outlasts the run). Shared by the cost rules (compile/no-compile,
// grad/no-grad-inference, precision/*): one definition of "toy", so the rules agree.
import { callArgs, enclosingFunction, field, nodesOfTypes, nodesOfTypesIn, perStatement, textOf, walk, type PyNode } from './ast';
import { anyCallName, memo, type PyAnalysis } from './analysis';
import { calleeLast } from './imports';

/** Calls that build a tensor from the literal they are given. */
const LITERAL_TENSOR = /^(torch\.(tensor|Tensor|FloatTensor|LongTensor|as_tensor)|numpy\.(array|asarray))$/;

/**
 * Calls that bring real data or weights into the program (by their last name, so a repository's own wrapper
 * named like one counts too): a data set, a file, the network, a checkpoint, a pretrained model.
 */
const SOURCES = new Set([
  'load_dataset', 'load_from_disk', 'from_pretrained', 'open', 'read_csv', 'read_json', 'read_parquet', 'read_table', 'read_text', 'read_bytes',
  'loadtxt', 'genfromtxt', 'fromfile', 'memmap', 'load_state_dict', 'load_checkpoint', 'urlopen', 'urlretrieve', 'download', 'listdir',
  'glob', 'iglob', 'rglob', 'scandir', 'ImageFolder', 'DatasetFolder', 'imread', 'fetch_openml', 'make_classification', 'make_regression',
  'make_blobs', 'make_moons', 'randn', 'rand', 'randint', 'create_model', 'hf_hub_download', 'snapshot_download',
]);
/** The same by qualified name, where the last name alone is too common (`d.get`, `x.load`). */
const SOURCE_QNAMES = /^(torch\.load|numpy\.load|pickle\.load|joblib\.load|requests\.get|httpx\.get|torch\.hub\.\w+|torchvision\.(datasets|models)\.\w+|timm\.\w+|datasets\.\w+|torch\.(normal|randperm))$/;

/** Rows of a literal: the elements of the outer list (a flat list counts as its elements). */
function rowsOf(n: PyNode): number {
  return n.children.length;
}

/**
 * Whether the program is a toy: at least one tensor built from a list written in the code, every such literal of
 * at most `maxRows` rows, and no call that reads data or weights from anywhere else (a data set, a file, the
 * network, a checkpoint, random data of some size, a torchvision / timm model). Memoised per file.
 */
export function toyProgram(a: PyAnalysis, maxRows = 64): boolean {
  return memo(a, `toyProgram:${maxRows}`, () => {
    let literals = 0;
    let tooBig = false;
    let source = false;
    walk(a.root, (n) => {
      if (source || tooBig) return false;
      if (n.type !== 'call') return true;
      const q = a.qname.get(n) ?? '';
      const last = calleeLast(a.text, n) ?? '';
      if (SOURCES.has(last) || SOURCE_QNAMES.test(q)) {
        source = true;
        return false;
      }
      if (LITERAL_TENSOR.test(q)) {
        const first = callArgs(a.text, n).positional[0];
        if (first?.type === 'list' || first?.type === 'tuple') {
          literals++;
          if (rowsOf(first) > maxRows) tooBig = true;
        }
      }
      return true;
    });
    return literals > 0 && !tooBig && !source;
  });
}

/** Calls that fetch files from the network (checkpoints a tutorial ships pretrained), by last name or qualified name. */
const DOWNLOADS = new Set(['urlretrieve', 'hf_hub_download', 'snapshot_download', 'download_url_to_file', 'download_url', 'download_and_extract_archive', 'load_state_dict_from_url']);
const DOWNLOAD_QNAMES = /^(requests\.get|httpx\.get|wget\.download|urllib\.request\.urlopen|gdown\.download)$/;

/** Whether the file fetches files from the network (pretrained checkpoints, typically). Memoised per file. */
export function downloadsFiles(a: PyAnalysis): boolean {
  // every call of the module (inside strings too) by its last name, each top-level statement's answer kept with it
  // (`perStatement`: it reads the statement's text only); the qualified names over the distinct ones of the calls
  // that have one (a call inside a string has none)
  return memo(a, 'downloadsFiles', () => anyCallName(a, (q) => DOWNLOAD_QNAMES.test(q)) || a.root.children.some((stmt) => perStatement(a.text, stmt, 'toy.downloads', () => nodesOfTypesIn(stmt, 'call').some((n) => DOWNLOADS.has(calleeLast(a.text, n) ?? '')))));
}

const EXISTS = new Set(['isfile', 'exists', 'is_file', 'isdir', 'is_dir']);

/** `os.path.isfile(p)`, `Path(p).exists()`, … : a test of whether a file is there. */
function existenceTest(a: PyAnalysis, n: PyNode | undefined): boolean {
  if (!n || n.type !== 'call') return false;
  return EXISTS.has(calleeLast(a.text, n) ?? '');
}

/**
 * Whether `n` runs only when a saved file is missing: it sits in the `else` of `if os.path.isfile(ckpt):` (or in the
 * body of `if not os.path.exists(ckpt):`) inside its function. The caching idiom of tutorials that ship pretrained
 * checkpoints: load the checkpoint if it is there, train otherwise.
 */
export function onlyWithoutSavedFile(a: PyAnalysis, n: PyNode): boolean {
  for (let c: PyNode = n, p = n.parent; p; c = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return false;
    if (p.type !== 'if_statement') continue;
    const cond = field(p, 'condition');
    if (c.type === 'else_clause' && existenceTest(a, cond)) return true;
    if (c.field === 'consequence' && cond?.type === 'not_operator' && existenceTest(a, field(cond, 'argument'))) return true;
  }
  return false;
}

/**
 * Training that the file's intended run skips: every given training call runs only when no saved checkpoint is
 * found, and the file downloads its pretrained checkpoints first (a course notebook that trains for hours only if
 * the reader deletes the weights it fetched). A precision or compile change saves nothing on that run.
 */
export function trainingSkippedForCheckpoints(a: PyAnalysis, calls: readonly PyNode[]): boolean {
  return calls.length > 0 && downloadsFiles(a) && calls.every((c) => onlyWithoutSavedFile(a, c));
}

/** The name a call's value is assigned to (`args = TrainingArguments(...)` → `args`), if it is assigned to a plain name. */
function assignedName(a: PyAnalysis, call: PyNode): string | undefined {
  const p = call.parent;
  if (p?.type !== 'assignment' || field(p, 'right') !== call) return undefined;
  const left = field(p, 'left');
  return left?.type === 'identifier' ? textOf(a.text, left) : undefined;
}

/** The plain-name assignments in `fn`'s own body (the module's, for undefined), in source order. */
function assignmentsIn(a: PyAnalysis, fn: PyNode | undefined): { name: string; node: PyNode; right: PyNode | undefined }[] {
  const out: { name: string; node: PyNode; right: PyNode | undefined }[] = [];
  for (const n of nodesOfTypes(a.root, 'assignment')) {
    const left = field(n, 'left');
    if (left?.type !== 'identifier' || enclosingFunction(n) !== fn) continue;
    out.push({ name: textOf(a.text, left), node: n, right: field(n, 'right') });
  }
  return out;
}

/**
 * Training arguments that no training run uses: the next `trainer.train()` after them (in the same function, or at
 * the top level of a script or notebook) is called on a trainer rebuilt, after these arguments were made, with other
 * arguments (another variable, a call written inline, or the same name assigned again in between). A notebook that
 * shows a first configuration, then replaces it before it trains. Arguments after the last `train()` are kept: a
 * function that only builds them, or a notebook whose reader runs the training later, still describes a run.
 */
export function configNeverTrained(a: PyAnalysis, argsCall: PyNode): boolean {
  const name = assignedName(a, argsCall);
  if (!name) return false;
  const fn = enclosingFunction(argsCall);
  const train = a.trainCalls.find((c) => c.start > argsCall.end && enclosingFunction(c) === fn);
  const obj = field(field(train, 'function'), 'object');
  if (!train || obj?.type !== 'identifier') return false;
  const trainer = textOf(a.text, obj);
  const assigns = assignmentsIn(a, fn);
  // the trainer `train()` runs on: its last assignment before the call
  const built = assigns.filter((x) => x.name === trainer && x.node.end < train.start).pop();
  if (!built || built.node.start < argsCall.end || built.right?.type !== 'call') return false;
  const args = callArgs(a.text, built.right);
  const given = args.keywords.get('args')?.value ?? args.positional[1];
  if (!given) return !args.splat; // Trainer(model) builds its own default arguments
  if (given.type !== 'identifier') return given.type === 'call';
  if (textOf(a.text, given) !== name) return !args.splat;
  // the same name, assigned again between these arguments and the trainer
  return assigns.some((x) => x.name === name && x.node.start > argsCall.end && x.node.end < built.node.start);
}

/** Optimizer classes of torch.optim (not its schedulers). */
const OPTIMIZER = /^torch\.optim\.[A-Z]\w*$/;

/**
 * Every optimizer the file builds optimizes input tensors, not a network's weights: its parameters are a list of
 * names (`torch.optim.Adam([target])`, `optim.Adam([latent_in] + noises)`) none of which reads a module's
 * `.parameters()` or holds a model, and each holds at least one that the file marks trainable itself
 * (`target = content.clone().requires_grad_(True)`, `latent_in.requires_grad = True`). Neural style transfer, GAN
 * inversion, adversarial examples: a few thousand steps on one input through a fixed network, which the file does
 * not train, so precision or compile advice for a training run does not apply.
 */
export function optimizesInputsOnly(a: PyAnalysis): boolean {
  return memo(a, 'toy.optimizesInputsOnly', () => {
    // the optimizers, over the distinct qualified names of the file's calls (every call with one is in byName)
    const ctors = [...a.byName.keys()].filter((q) => OPTIMIZER.test(q)).flatMap((q) => a.byName.get(q)!);
    if (ctors.length === 0) return false;
    const marked = trainableNames(a);
    return ctors.every((c) => {
      const args = callArgs(a.text, c);
      const p = args.positional[0] ?? args.keywords.get('params')?.value;
      const names = p ? listNames(a, p) : undefined;
      return !!names && names.some((n) => marked.has(n)) && !names.some((n) => a.kinds.get(n) === 'model');
    });
  });
}

/** The names a parameter list is made of (`[a, b]`, `[a] + bs`), or undefined when anything else is in it. */
function listNames(a: PyAnalysis, n: PyNode): string[] | undefined {
  if (n.type === 'identifier') return [textOf(a.text, n)];
  if (n.type === 'list') {
    const out: string[] = [];
    for (const e of n.children) {
      if (e.type !== 'identifier') return undefined;
      out.push(textOf(a.text, e));
    }
    return out;
  }
  if (n.type === 'binary_operator') {
    const l = field(n, 'left');
    const r = field(n, 'right');
    const ln = l ? listNames(a, l) : undefined;
    const rn = r ? listNames(a, r) : undefined;
    return ln && rn ? [...ln, ...rn] : undefined;
  }
  return undefined;
}

/** Names the file marks trainable: `x.requires_grad = True`, `x = ....requires_grad_(True)` / `requires_grad_()`. */
function trainableNames(a: PyAnalysis): Set<string> {
  const out = new Set<string>();
  for (const n of nodesOfTypes(a.root, 'assignment')) {
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) continue;
    if (left.type === 'attribute' && textOf(a.text, field(left, 'attribute') ?? left) === 'requires_grad' && textOf(a.text, right) === 'True') {
      const obj = field(left, 'object');
      if (obj?.type === 'identifier') out.add(textOf(a.text, obj));
    }
    if (left.type === 'identifier' && right.type === 'call' && calleeLast(a.text, right) === 'requires_grad_') {
      const v = callArgs(a.text, right).positional[0];
      if (!v || textOf(a.text, v) === 'True') out.add(textOf(a.text, left));
    }
  }
  return out;
}
