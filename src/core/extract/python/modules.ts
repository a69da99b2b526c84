// The repository's other Python modules, read through the WorkspaceReader (never the file system): one hop of
// `from pkg.data import build_loader` / `from .models import Net` to the module that defines the name (through up
// to two re-exports such as a package `__init__.py`'s `from .pipeline import Pipeline`; `src/` layouts too), and the
// chain of package `__init__.py` files a module's import runs first. Each module is parsed once per workspace
// (its plain syntax tree and analysis kept, the parser's tree freed at once), at most MAX_CACHED modules per
// workspace. A module that cannot be read or parsed is simply not followed.
import type { WorkspaceReader } from '../../settings';
import { parsePythonText } from '../../parse/python';
import { field, textOf, type PyNode } from './ast';
import { analysisOf, definitions, memo, type PyAnalysis } from './analysis';

const MAX_CACHED = 128;
const caches = new WeakMap<WorkspaceReader, Map<string, PyAnalysis | null>>();

/** The analysis of another module of the workspace, or undefined if it cannot be read or parsed. */
export function moduleAt(ws: WorkspaceReader, path: string): PyAnalysis | undefined {
  let cache = caches.get(ws);
  if (!cache) {
    cache = new Map();
    caches.set(ws, cache);
  }
  if (cache.has(path)) {
    const hit = cache.get(path) as PyAnalysis | null;
    // most recently used last: the entries evicted first are those no file has asked for the longest
    cache.delete(path);
    cache.set(path, hit);
    return hit ?? undefined;
  }
  let a: PyAnalysis | null = null;
  let text: string | undefined;
  try {
    text = ws.read(path);
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const r = parsePythonText(path, text);
    if ('doc' in r) {
      try {
        a = analysisOf(r.doc);
      } finally {
        r.doc.tree.delete(); // the analysis reads the plain copy of the tree
      }
    }
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(path, a);
  return a ?? undefined;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function join(dir: string, rel: string): string {
  return dir ? `${dir}/${rel}` : rel;
}

/** Where `from <dots><dotted> import ...` in `from` may live: relative to the file, or under any ancestor folder. */
export function moduleCandidates(from: string, dots: number, dotted: string): string[] {
  const rel = dotted.split('.').filter(Boolean).join('/');
  const out: string[] = [];
  if (dots > 0) {
    let dir = dirOf(from);
    for (let i = 1; i < dots; i++) dir = dirOf(dir);
    const base = rel ? join(dir, rel) : dir;
    out.push(`${base}.py`, join(base, '__init__.py'));
    return out;
  }
  if (!rel) return out;
  // an absolute import resolves against sys.path: the script's folder and the project roots above it, and a
  // project's `src/` folder (the src layout: `pip install -e .` puts src/ on sys.path, as notebooks beside it expect)
  for (let dir = dirOf(from); ; dir = dirOf(dir)) {
    out.push(`${join(dir, rel)}.py`, join(join(dir, rel), '__init__.py'));
    if (dir.split('/').pop() !== 'src') out.push(`${join(dir, `src/${rel}`)}.py`, join(join(dir, `src/${rel}`), '__init__.py'));
    if (!dir) break;
  }
  return out;
}

/** The module-level `from X import name [as local]` that binds `local` in `a`, as (module text, dots, name). */
export function importOf(a: PyAnalysis, local: string): { dots: number; dotted: string; name: string } | undefined {
  return fromImports(a).get(local);
}

/** The module a `from X import ...` statement names: its leading dots (relative levels) and its dotted path. */
export function fromModule(text: string, st: PyNode): { dots: number; dotted: string } | undefined {
  if (st.type !== 'import_from_statement') return undefined;
  const mod = field(st, 'module_name');
  if (!mod) return undefined;
  if (mod.type !== 'relative_import') return { dots: 0, dotted: textOf(text, mod) };
  const prefix = mod.children.find((c) => c.type === 'import_prefix');
  const dn = mod.children.find((c) => c.type === 'dotted_name');
  return { dots: prefix ? prefix.end - prefix.start : 1, dotted: dn ? textOf(text, dn) : '' };
}

/**
 * Every name the module's top-level `from X import ...` statements bind, each to the first statement that binds it
 * (in source order, as a search of the statements for one name finds it): built once per analysis.
 */
function fromImports(a: PyAnalysis): Map<string, { dots: number; dotted: string; name: string }> {
  return memo(a, 'modules.fromImports', () => {
    const out = new Map<string, { dots: number; dotted: string; name: string }>();
    for (const st of a.root.children) {
      const from = fromModule(a.text, st);
      if (!from) continue;
      const { dots, dotted } = from;
      for (const c of st.children) {
        if (c.field !== 'name') continue;
        if (c.type === 'dotted_name') {
          const local = textOf(a.text, c);
          if (!out.has(local)) out.set(local, { dots, dotted, name: local });
        } else if (c.type === 'aliased_import') {
          const n = field(c, 'name');
          const al = field(c, 'alias');
          if (n && al && !out.has(textOf(a.text, al))) out.set(textOf(a.text, al), { dots, dotted, name: textOf(a.text, n) });
        }
      }
    }
    return out;
  });
}

/**
 * The definition (function or class) a name stands for: this module's own, else the one it imports from the
 * repository's modules (when a workspace is given).
 */
export function definitionOf(a: PyAnalysis, name: string, ws: WorkspaceReader | undefined): { mod: PyAnalysis; def: PyNode } | undefined {
  const local = definitions(a).get(name);
  if (local) return { mod: a, def: local };
  return ws ? importedDefinition(a, name, ws) : undefined;
}

/** The definition (function or class) a name imported from the repository's own modules stands for. */
export function importedDefinition(a: PyAnalysis, local: string, ws: WorkspaceReader, hops = 0): { mod: PyAnalysis; def: PyNode } | undefined {
  const imp = importOf(a, local);
  if (!imp) return undefined;
  for (const p of moduleCandidates(a.doc.path, imp.dots, imp.dotted)) {
    const mod = moduleAt(ws, p);
    if (!mod) continue;
    const def = definitions(mod).get(imp.name);
    if (def) return { mod, def };
    // re-exported: a package `__init__.py` that imports the name from its own module (`from .pipeline import
    // Pipeline`), followed up to MAX_REEXPORTS further modules; a submodule of that name is not followed
    return hops < MAX_REEXPORTS ? importedDefinition(mod, imp.name, ws, hops + 1) : undefined;
  }
  return undefined;
}

/** How many re-exports (`from .x import name` in the imported module) importedDefinition follows. */
const MAX_REEXPORTS = 2;

/**
 * The repository modules this module's top-level `from X import ...` statements name (each the first candidate that
 * reads and parses), in statement order, once each.
 */
export function importedModules(a: PyAnalysis, ws: WorkspaceReader): PyAnalysis[] {
  const out: PyAnalysis[] = [];
  for (const st of a.root.children) {
    const from = fromModule(a.text, st);
    if (!from) continue;
    for (const p of moduleCandidates(a.doc.path, from.dots, from.dotted)) {
      const mod = moduleAt(ws, p);
      if (!mod) continue;
      if (mod !== a && !out.includes(mod)) out.push(mod);
      break;
    }
  }
  return out;
}

/** The package `__init__.py` files that run before this module when it is imported, nearest first. */
export function packageInits(path: string, ws: WorkspaceReader): PyAnalysis[] {
  const out: PyAnalysis[] = [];
  const own = path.endsWith('/__init__.py') ? dirOf(path) : undefined;
  for (let dir = dirOf(path); dir; dir = dirOf(dir)) {
    if (dir === own) continue;
    const mod = moduleAt(ws, `${dir}/__init__.py`);
    if (!mod) break;
    out.push(mod);
  }
  return out;
}
