// Import aliases and qualified names: `import torch as t` makes `t.no_grad` mean `torch.no_grad`;
// `from torch import no_grad as ng` makes `ng` mean `torch.no_grad`. Only module-level and function-level
// `import` statements anywhere in the file are read (a name imported twice keeps its first meaning).
import { field, perStatement, textOf, walk, type PyNode } from './ast';
import { keptOff } from '../../incremental/kept';

export interface Imports {
  /** Local name → qualified name (`t` → `torch`, `ng` → `torch.no_grad`, `AutoModel` → `transformers.AutoModel`). */
  names: Map<string, string>;
  /** Top-level modules imported at all (`torch`, `transformers`, `codecarbon`). */
  modules: Set<string>;
  /** The last import statement at module level (for inserting `import torch`). */
  lastModuleImport?: PyNode;
}

/** Nodes that can hold import statements (expressions cannot). */
const CONTAINERS = new Set([
  'module', 'block', 'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'finally_clause',
  'with_statement', 'for_statement', 'while_statement', 'function_definition', 'class_definition', 'decorated_definition',
  'match_statement', 'case_clause',
]);

/** The imports of each tree, with the text they were read from (the analysis and the model-API pass read the same ones). */
const importsOf = new WeakMap<PyNode, { text: string; imports: Imports }>();

/** A module's imports (computed once per tree and text; the result is shared, not to be changed). */
export function collectImports(text: string, root: PyNode): Imports {
  const hit = importsOf.get(root);
  if (hit && hit.text === text) return hit.imports;
  const imports = stable(readImports(text, root));
  importsOf.set(root, { text, imports });
  return imports;
}

/**
 * The last few modules' imports: a keystroke that leaves a module's imports as they were gets the same object back,
 * so what is kept per call by its imports (`calleeName`) stays valid. Two equal answers are interchangeable (the
 * same names in the same order, the same modules, the same last import node), so sharing one is exact.
 */
const recentImports: Imports[] = [];

function stable(imports: Imports): Imports {
  for (const r of recentImports) if (r === imports || sameImports(r, imports)) return r;
  recentImports.unshift(imports);
  if (recentImports.length > 8) recentImports.pop();
  return imports;
}

function sameImports(x: Imports, y: Imports): boolean {
  if (x.lastModuleImport !== y.lastModuleImport || x.names.size !== y.names.size || x.modules.size !== y.modules.size) return false;
  const xs = x.names.entries();
  for (const [k, v] of y.names) {
    const e = xs.next().value!;
    if (e[0] !== k || e[1] !== v) return false;
  }
  const xm = x.modules.values();
  for (const m of y.modules) if (xm.next().value !== m) return false;
  return true;
}

/** One top-level statement's imports, in the order the statement makes them (see `readImports`). */
interface StatementImports {
  /** [local name, qualified name] bindings in order (the first binding of a name wins across the module). */
  binds: [string, string][];
  modules: string[];
  /** The statement itself when it is a module-level import (a candidate for `lastModuleImport`). */
  last?: PyNode;
}

/**
 * A module's imports: each top-level statement's, in order (a statement the edit did not touch keeps its own
 * answer across keystrokes: `perStatement`), folded as one walk of the module would read them.
 */
function readImports(text: string, root: PyNode): Imports {
  const parts: StatementImports[] = [];
  for (const stmt of root.children) {
    const s = perStatement(text, stmt, 'imports', () => statementImports(text, stmt));
    // (statements that import nothing add nothing to the fold: left out, so an edit of one changes no sequence)
    if (s.binds.length > 0 || s.modules.length > 0 || s.last) parts.push(s);
  }
  // the fold of the same statements' imports as a recent fold's (the same kept objects, in the same order) is that
  // fold's answer: a keystroke outside the imports re-uses the module's imports without re-folding them
  if (!keptOff()) for (const f of recentFolds) if (f.parts.length === parts.length && f.parts.every((p, i) => p === parts[i])) return f.imports;
  const names = new Map<string, string>();
  const modules = new Set<string>();
  const out: Imports = { names, modules };
  for (const s of parts) {
    for (const [local, q] of s.binds) if (!names.has(local)) names.set(local, q);
    for (const m of s.modules) modules.add(m);
    if (s.last) out.lastModuleImport = s.last;
  }
  if (!keptOff()) {
    recentFolds.unshift({ parts, imports: out });
    if (recentFolds.length > 8) recentFolds.pop();
  }
  return out;
}

/** The last few folds of `readImports`, by the statements' imports they folded (see there). */
const recentFolds: { parts: StatementImports[]; imports: Imports }[] = [];

function statementImports(text: string, stmt: PyNode): StatementImports {
  const out: StatementImports = { binds: [], modules: [] };
  const bind = (local: string, qualified: string) => void out.binds.push([local, qualified]);
  walk(stmt, (n) => {
    if (n.type === 'import_statement') {
      for (const c of n.children) {
        if (c.type === 'dotted_name') {
          const q = textOf(text, c);
          out.modules.push(q.split('.')[0]);
          bind(q.split('.')[0], q.split('.')[0]);
        } else if (c.type === 'aliased_import') {
          const name = field(c, 'name');
          const alias = field(c, 'alias');
          if (name && alias) {
            const q = textOf(text, name);
            out.modules.push(q.split('.')[0]);
            bind(textOf(text, alias), q);
          }
        }
      }
      if (n.parent?.type === 'module') out.last = n;
      return false;
    }
    if (n.type === 'import_from_statement') {
      const mod = field(n, 'module_name');
      if (!mod || mod.type !== 'dotted_name') return false;
      const m = textOf(text, mod);
      out.modules.push(m.split('.')[0]);
      for (const c of n.children) {
        if (c.field !== 'name') continue;
        if (c.type === 'dotted_name') bind(textOf(text, c), `${m}.${textOf(text, c)}`);
        else if (c.type === 'aliased_import') {
          const name = field(c, 'name');
          const alias = field(c, 'alias');
          if (name && alias) bind(textOf(text, alias), `${m}.${textOf(text, name)}`);
        }
      }
      if (n.parent?.type === 'module') out.last = n;
      return false;
    }
    if (n.type === 'future_import_statement' && n.parent?.type === 'module') out.last = n;
    return CONTAINERS.has(n.type);
  });
  return out;
}

/**
 * The qualified name an expression stands for: `t.no_grad` → `torch.no_grad`, `nn.Linear` → `torch.nn.Linear`.
 * A name that was not imported stays as written (`model.generate` → `model.generate`). Undefined for anything
 * that is not a dotted name.
 */
export function qualifiedName(text: string, imports: Imports, n: PyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') {
    const t = textOf(text, n);
    return imports.names.get(t) ?? t;
  }
  if (n.type === 'attribute') {
    const obj = qualifiedName(text, imports, field(n, 'object'));
    const attr = field(n, 'attribute');
    if (!obj || !attr) return undefined;
    return `${obj}.${textOf(text, attr)}`;
  }
  return undefined;
}

/**
 * The qualified name of a call's callee. Kept per call node with the imports it was read under: a node's text never
 * changes while it lives (parse/python.ts `reuseAt` re-uses a statement only with the same text), and equal imports
 * are one object (`stable`), so a call of a statement an edit did not touch keeps its answer across keystrokes.
 * `text` must be the text the node was parsed from.
 */
const calleeNames = new WeakMap<PyNode, { imports: Imports; q: string | undefined }>();

export function calleeName(text: string, imports: Imports, call: PyNode): string | undefined {
  const hit = calleeNames.get(call);
  if (hit && hit.imports === imports) return hit.q;
  const q = qualifiedName(text, imports, field(call, 'function'));
  calleeNames.set(call, { imports, q });
  return q;
}

/** The last segment of a call's callee (`model.generate(...)` → `generate`). */
export function calleeLast(text: string, call: PyNode): string | undefined {
  const f = field(call, 'function');
  if (!f) return undefined;
  if (f.type === 'identifier') return textOf(text, f);
  if (f.type === 'attribute') {
    const a = field(f, 'attribute');
    return a ? textOf(text, a) : undefined;
  }
  return undefined;
}

/** How this file can write `torch.<name>`: `torch.`, `t.`; undefined if torch is not imported as a module. */
export function torchPrefix(imports: Imports): string | undefined {
  for (const [local, q] of imports.names) if (q === 'torch') return `${local}.`;
  return undefined;
}

/** Whether a qualified name is `torch.X` or one of its spellings (`torch.cuda.amp.X`, `torch.amp.X`). */
export function isTorch(q: string | undefined, ...names: string[]): boolean {
  if (!q) return false;
  return names.some((n) => q === `torch.${n}`);
}
