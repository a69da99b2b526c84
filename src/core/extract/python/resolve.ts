// Which library a class used in this file comes from: `AutoModel` imported from transformers is transformers';
// `GPT` defined here (or imported from the repository's own `model.py`) is the project's, unless it subclasses a
// library class and does not define the method itself (`class BertAbs(BertAbsPreTrainedModel)`, whose base
// subclasses `transformers.PreTrainedModel`, loads through transformers' `from_pretrained`). Follows local base
// classes and one import hop into the repository's modules through the WorkspaceReader (a module next to the file,
// a package folder above it, or `src/`), never a name that merely looks alike.
// This is the smallest piece the precision rules need; the `fix` helper's callee resolution (issue 9) is meant to
// absorb it.
import { parsePythonText, pyAst } from '../../parse/python';
import type { PythonDoc } from '../../parse/document';
import type { WorkspaceReader } from '../../settings';
import { field, textOf, walk, type PyNode } from './ast';
import { memo, type PyAnalysis } from './analysis';
import { collectImports, qualifiedName, type Imports } from './imports';

/** Top-level modules whose classes are "library" classes for this purpose. */
const LIBRARIES = new Set(['transformers', 'diffusers', 'torch', 'peft', 'trl', 'auto_gptq', 'optimum', 'sentence_transformers', 'vllm', 'unsloth', 'lightning', 'pytorch_lightning', 'timm', 'open_clip', 'swift', 'accelerate']);

export interface ClassOrigin {
  /** The qualified name of the library class the method resolves to (`transformers.PreTrainedModel`). */
  libraryClass?: string;
  /** The project defines the method itself (its own `from_pretrained`), or the class has no library base we can see. */
  project?: true;
}

/** A module of the repository, parsed once per text. */
interface ModuleInfo {
  text: string;
  root: PyNode;
  imports: Imports;
  relative: Map<string, string>;
  classes: Map<string, PyNode>;
}

const modules = new Map<string, ModuleInfo | null>();

function moduleInfo(path: string, text: string): ModuleInfo | undefined {
  const key = `${path}\u0000${text.length}\u0000${text.slice(0, 200)}`;
  const hit = modules.get(key);
  if (hit !== undefined) return hit ?? undefined;
  if (modules.size > 128) modules.clear();
  const r = parsePythonText(path, text);
  if ('error' in r) {
    modules.set(key, null);
    return undefined;
  }
  const info = infoOf(r.doc);
  r.doc.tree.delete();
  modules.set(key, info);
  return info;
}

function infoOf(doc: PythonDoc): ModuleInfo {
  const root = pyAst(doc);
  const text = doc.text;
  const classes = new Map<string, PyNode>();
  for (const s of root.children) {
    const def = s.type === 'decorated_definition' ? s.children.find((c) => c.type === 'class_definition') : s;
    if (def?.type === 'class_definition') {
      const n = field(def, 'name');
      if (n && !classes.has(textOf(text, n))) classes.set(textOf(text, n), def);
    }
  }
  return { text, root, imports: collectImports(text, root), relative: relativeImports(text, root), classes };
}

/** `from .modeling import X as Y` → `Y` → `.modeling.X` (the import map leaves relative imports out). */
function relativeImports(text: string, root: PyNode): Map<string, string> {
  const out = new Map<string, string>();
  walk(root, (n) => {
    if (n.type === 'import_from_statement') {
      const mod = field(n, 'module_name');
      if (mod?.type === 'relative_import') {
        const m = textOf(text, mod);
        for (const c of n.children) {
          if (c.field !== 'name') continue;
          if (c.type === 'dotted_name') out.set(textOf(text, c), `${m}${m.endsWith('.') ? '' : '.'}${textOf(text, c)}`);
          else if (c.type === 'aliased_import') {
            const name = field(c, 'name');
            const alias = field(c, 'alias');
            if (name && alias) out.set(textOf(text, alias), `${m}${m.endsWith('.') ? '' : '.'}${textOf(text, name)}`);
          }
        }
      }
      return false;
    }
    return n.type === 'module' || n.type === 'block' || n.type === 'if_statement' || n.type === 'try_statement' || n.type === 'else_clause' || n.type === 'except_clause' || n.type === 'function_definition' || n.type === 'class_definition';
  });
  return out;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, rel: string): string {
  return dir ? `${dir}/${rel}` : rel;
}

/** Workspace paths a module name may live at, seen from `fromFile`: next to it, in a folder above it, or under src/. */
export function moduleCandidates(fromFile: string, module: string): string[] {
  const out: string[] = [];
  let dir = dirOf(fromFile);
  if (module.startsWith('.')) {
    const dots = /^\.+/.exec(module)![0].length;
    for (let i = 1; i < dots; i++) dir = dirOf(dir);
    const rest = module.slice(dots).replace(/\./g, '/');
    if (!rest) return [join(dir, '__init__.py')];
    return [join(dir, `${rest}.py`), join(dir, `${rest}/__init__.py`)];
  }
  const rel = module.replace(/\./g, '/');
  const parts = dir ? dir.split('/') : [];
  for (let i = parts.length; i >= 0; i--) {
    const base = parts.slice(0, i).join('/');
    out.push(join(base, `${rel}.py`), join(base, `${rel}/__init__.py`), join(join(base, 'src'), `${rel}.py`), join(join(base, 'src'), `${rel}/__init__.py`));
  }
  return out;
}

function readModule(ws: WorkspaceReader, fromFile: string, module: string): { path: string; info: ModuleInfo } | undefined {
  for (const p of moduleCandidates(fromFile, module)) {
    let t: string | undefined;
    try {
      t = ws.read(p);
    } catch {
      t = undefined;
    }
    if (t === undefined) continue;
    const info = moduleInfo(p, t);
    return info ? { path: p, info } : undefined;
  }
  return undefined;
}

function definesMethod(info: ModuleInfo, cls: PyNode, method: string): boolean {
  const body = field(cls, 'body');
  for (const s of body?.children ?? []) {
    const def = s.type === 'decorated_definition' ? s.children.find((c) => c.type === 'function_definition') : s;
    if (def?.type === 'function_definition') {
      const n = field(def, 'name');
      if (n && textOf(info.text, n) === method) return true;
    }
  }
  return false;
}

function isLibrary(q: string): boolean {
  return LIBRARIES.has(q.split('.')[0]);
}

/**
 * Where `Class.method` resolves for a class named `name` in `info` (its path `path`): a library class, the
 * project's own method, or undefined when it cannot be seen. `hops` limits the imports followed into other modules.
 */
function originIn(ws: WorkspaceReader, path: string, info: ModuleInfo, name: string, method: string, hops: number, depth: number): ClassOrigin | undefined {
  if (depth > 6) return undefined;
  const local = info.classes.get(name);
  if (local) {
    if (definesMethod(info, local, method)) return { project: true };
    for (const s of field(local, 'superclasses')?.children ?? []) {
      if (s.type === 'keyword_argument') continue;
      const q = qualifiedName(info.text, info.imports, s);
      if (!q) continue;
      const r = originOfName(ws, path, info, q, method, hops, depth + 1);
      if (r?.libraryClass) return r;
    }
    return { project: true };
  }
  return originOfName(ws, path, info, name, method, hops, depth + 1);
}

/** A (possibly dotted, possibly imported) class name as written in module `info`. */
function originOfName(ws: WorkspaceReader, path: string, info: ModuleInfo, q: string, method: string, hops: number, depth: number): ClassOrigin | undefined {
  const rel = info.relative.get(q.split('.')[0]);
  const full = rel ? `${rel}${q.includes('.') ? q.slice(q.indexOf('.')) : ''}` : (info.imports.names.get(q.split('.')[0]) ?? q.split('.')[0]) + (q.includes('.') ? q.slice(q.indexOf('.')) : '');
  if (isLibrary(full)) return { libraryClass: full };
  const dot = full.lastIndexOf('.');
  if (dot <= 0 && !full.startsWith('.')) {
    // a bare name: a class of this module
    return info.classes.has(full) && depth < 6 ? originIn(ws, path, info, full, method, hops, depth + 1) : undefined;
  }
  if (hops <= 0 || dot < 0) return undefined;
  const mod = full.slice(0, dot);
  const cls = full.slice(dot + 1);
  const m = readModule(ws, path, mod);
  if (!m) return undefined;
  return originIn(ws, m.path, m.info, cls, method, hops - 1, depth + 1);
}

/**
 * Where `cls.method(...)` resolves, for a class expression `cls` of the analysed file (qualified through its
 * imports as `qname`). `relative` and `classes` come from the analysed file itself.
 */
export function classOrigin(a: PyAnalysis, ws: WorkspaceReader, qname: string, method: string): ClassOrigin | undefined {
  if (isLibrary(qname)) return { libraryClass: qname };
  const file = a.doc.path;
  const info = memo(a, 'resolve.moduleInfo', () => infoOf(a.doc));
  const first = qname.split('.')[0];
  if (info.classes.has(qname)) return originIn(ws, file, info, qname, method, 1, 0);
  // a name imported from the repository (`from model import GPT` → `model.GPT`, `from .modeling import X`)
  const rel = info.relative.get(first);
  const full = rel ? `${rel}${qname.slice(first.length)}` : qname;
  const dot = full.lastIndexOf('.');
  if (dot < 0) return undefined;
  const m = readModule(ws, file, full.slice(0, dot));
  if (!m) return undefined;
  return originIn(ws, m.path, m.info, full.slice(dot + 1), method, 1, 0);
}
