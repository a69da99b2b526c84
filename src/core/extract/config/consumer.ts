// Who reads a YAML/JSON of training-argument keys. `per_device_train_batch_size`, `learning_rate` and
// `num_train_epochs` are TrainingArguments' names, but many projects copy the names into their own argument
// dataclass and read the YAML with their own (accelerate / DeepSpeed) loop, whose precision comes from the launcher
// (`accelerate launch --mixed_precision bf16`) or the script's model load, not from TrainingArguments' defaults.
//
// The evidence: a dataclass of the project that declares `per_device_train_batch_size` itself, does not derive from
// a transformers / TRL / optimum arguments class, and declares at least two thirds of the config's top-level keys.
// Such a config is that dataclass's, not TrainingArguments'. The class and the config must belong to the same
// project: the nearest folder above each with pyproject.toml, setup.py, setup.cfg or requirements.txt (the
// workspace root when it has one; otherwise the top-level folder, as in a folder of repositories side by side).
// The workspace's Python files are read
// through the WorkspaceReader (never the file system); only those whose text names the field are parsed, once per
// workspace.
import type { WorkspaceReader } from '../../settings';
import { safeRead } from '../../settings';
import { decoratorsOf, field, textOf, walk, type PyNode } from '../python/ast';
import { moduleAt } from '../python/modules';
import { qualifiedName } from '../python/imports';
import { asBool } from './job';
import { readTree } from './layered';

/** The project's own argument dataclass that a config's keys belong to. */
export interface OwnArguments {
  /** The file that defines it. */
  file: string;
  /** The class name. */
  name: string;
}

interface ArgClass extends OwnArguments {
  fields: Set<string>;
}

const FIELD = 'per_device_train_batch_size';
/** The field followed by an annotation's colon (a superset of the class bodies the parse accepts). */
const DECLARED = /\bper_device_train_batch_size\s*:/;
/** Base classes that make a dataclass TrainingArguments after all (transformers, TRL, optimum). */
const LIBRARY_BASE = /^(transformers|trl|optimum)\./;

const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt'];
const caches = new WeakMap<WorkspaceReader, { files: readonly string[]; set: Set<string>; classes: ArgClass[] }>();

/** The workspace's argument dataclasses that declare the TrainingArguments-named field (once per file list). */
function ownArgClasses(ws: WorkspaceReader, files: readonly string[]): { set: Set<string>; classes: ArgClass[] } {
  const hit = caches.get(ws);
  if (hit && hit.files === files) return hit;
  const out: ArgClass[] = [];
  for (const f of files) {
    if (!f.endsWith('.py')) continue;
    const text = safeRead(ws, f);
    // cheap filter before any parse: the file must declare the field the way a dataclass does (`name: type`; the parse
    // below decides) — most files that name it only read `args.per_device_train_batch_size` or pass it as a keyword
    if (!text || !text.includes(FIELD) || !text.includes('dataclass') || !DECLARED.test(text)) continue;
    const a = moduleAt(ws, f);
    if (!a) continue;
    walk(a.root, (n) => {
      if (n.type !== 'class_definition') return n.type === 'module' || n.type === 'decorated_definition' || n.type === 'block' || n.type === 'if_statement';
      const c = argClass(a.text, a.imports, n, f);
      if (c) out.push(c);
      return false;
    });
  }
  const entry = { files, set: new Set(files), classes: out };
  caches.set(ws, entry);
  return entry;
}

function argClass(text: string, imports: Parameters<typeof qualifiedName>[1], cls: PyNode, file: string): ArgClass | undefined {
  if (!decoratorsOf(cls).some((d) => /(^|\.)dataclass$/.test(textOf(text, d.type === 'call' ? (field(d, 'function') ?? d) : d)))) return undefined;
  for (const b of field(cls, 'superclasses')?.children ?? []) {
    if (b.type !== 'identifier' && b.type !== 'attribute') continue;
    const q = qualifiedName(text, imports, b);
    if (q && LIBRARY_BASE.test(q)) return undefined;
  }
  const fields = new Set<string>();
  for (const st of field(cls, 'body')?.children ?? []) {
    const e = st.type === 'expression_statement' ? st.children[0] : undefined;
    if (e?.type !== 'assignment' || !field(e, 'type')) continue;
    const left = field(e, 'left');
    if (left?.type === 'identifier') fields.add(textOf(text, left));
  }
  if (!fields.has(FIELD)) return undefined;
  const name = field(cls, 'name');
  return { file, name: name ? textOf(text, name) : '?', fields };
}

/**
 * The project's own argument dataclass that declares this config's keys (see the file comment); undefined when the
 * workspace cannot list its files or no such class is found.
 */
export function ownArgumentsFor(ws: WorkspaceReader, configPath: string, keys: readonly string[]): OwnArguments | undefined {
  if (!keys.includes(FIELD)) return undefined;
  const files = ws.list?.();
  if (!files) return undefined;
  const { set, classes } = ownArgClasses(ws, files);
  if (classes.length === 0) return undefined;
  const root = projectRoot(set, configPath);
  for (const c of classes) {
    if (projectRoot(set, c.file) !== root) continue;
    if (keys.filter((k) => c.fields.has(k)).length * 3 >= keys.length * 2) return { file: c.file, name: c.name };
  }
  return undefined;
}

/**
 * The project a file belongs to: the nearest folder above it with a project file; without one, its top-level folder
 * (a workspace that holds several repositories side by side), or the workspace root for a file at the root.
 */
function projectRoot(files: Set<string>, path: string): string {
  for (let dir = dirOf(path); dir; dir = dirOf(dir)) if (PROJECT_FILES.some((f) => files.has(`${dir}/${f}`))) return dir;
  if (PROJECT_FILES.some((f) => files.has(f))) return '';
  const i = path.indexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** What the project's training recipes say about precision (see `trainerRecipes`). */
export interface TrainerRecipes {
  /** TrainingArguments recipes (YAML/JSON of its keys, not the project's own dataclass's) that set bf16 / fp16. */
  half: string[];
  /** Those that set neither (or set them false). */
  fp32: string[];
  /** A Python file of the project builds `accelerate.Accelerator` itself (a raw accelerate loop the launcher config drives). */
  rawAccelerate: boolean;
}

const recipeCaches = new WeakMap<WorkspaceReader, Map<string, TrainerRecipes>>();

/**
 * The HF Trainer recipes of the project `configPath` belongs to, with their precision, and whether the project also
 * has a raw accelerate loop: an accelerate launcher config's `mixed_precision` is overridden by the recipe's
 * TrainingArguments (`bf16: true` sets ACCELERATE_MIXED_PRECISION itself), but drives a raw `Accelerator()` loop.
 * Undefined when the workspace cannot list its files.
 */
export function trainerRecipes(ws: WorkspaceReader, configPath: string): TrainerRecipes | undefined {
  const files = ws.list?.();
  if (!files) return undefined;
  const { set } = ownArgClasses(ws, files);
  const root = projectRoot(set, configPath);
  let cache = recipeCaches.get(ws);
  if (!cache) {
    cache = new Map();
    recipeCaches.set(ws, cache);
  }
  const hit = cache.get(root);
  if (hit) return hit;
  const out: TrainerRecipes = { half: [], fp32: [], rawAccelerate: false };
  const prefix = root ? `${root}/` : '';
  for (const f of files) {
    if (prefix && !f.startsWith(prefix)) continue;
    if (projectRoot(set, f) !== root) continue;
    const lower = f.toLowerCase();
    if (lower.endsWith('.py')) {
      if (out.rawAccelerate) continue;
      const text = safeRead(ws, f);
      if (!text || !text.includes('Accelerator(')) continue;
      const a = moduleAt(ws, f);
      if (a && a.calls.some((c) => /^accelerate(\.accelerator)?\.Accelerator$/.test(a.qname.get(c) ?? ''))) out.rawAccelerate = true;
      continue;
    }
    if (!/\.(ya?ml|json)$/.test(lower)) continue;
    const text = safeRead(ws, f);
    if (!text || !text.includes(FIELD)) continue;
    const tree = readTree(ws, f);
    const keys = tree?.root?.entries?.map((e) => e.key) ?? [];
    if (!tree || !keys.includes(FIELD) || ownArgumentsFor(ws, f, keys)) continue;
    const on = ['bf16', 'fp16'].some((k) => {
      const v = tree.get([k])?.value;
      return v !== undefined && v !== null && (asBool(v) === true || v === 'auto');
    });
    (on ? out.half : out.fp32).push(f);
  }
  cache.set(root, out);
  return out;
}
