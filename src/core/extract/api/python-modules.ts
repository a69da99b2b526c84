// One level of cross-file resolution for Python model-API code: `from prompts import SYSTEM`,
// `from .clients import client`, `from app.llm import claude` read that module through the WorkspaceReader and
// bring back the constant strings and API clients it defines at top level. No recursion into its own imports.
import { hash53 } from '../../baseline';
import type { PythonDoc } from '../../parse/document';
import { parsePythonText, pyAst } from '../../parse/python';
import type { WorkspaceReader } from '../../settings';
import { field, textOf, walk, type PyNode } from '../python/ast';
import { collectModuleConsts, constString } from '../python/consts';
import { calleeName, collectImports } from '../python/imports';
import type { ApiProvider } from './usage';

export interface PyImported {
  strings: Map<string, string>;
  clients: Map<string, ApiProvider>;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function candidates(from: string, dots: number, dotted: string): string[] {
  const rel = dotted.split('.').filter(Boolean).join('/');
  const paths: string[] = [];
  if (dots > 0) {
    let dir = dirOf(from);
    for (let i = 1; i < dots; i++) dir = dirOf(dir);
    const base = dir ? `${dir}/${rel}` : rel;
    paths.push(`${base}.py`, `${base}/__init__.py`);
  } else {
    // absolute: next to the importing file, or from the workspace root
    const here = dirOf(from);
    for (const base of [here ? `${here}/${rel}` : rel, rel]) paths.push(`${base}.py`, `${base}/__init__.py`);
  }
  return paths;
}

export function importPythonModules(
  text: string,
  root: PyNode,
  docPath: string,
  workspace: WorkspaceReader,
  ctors: Record<string, ApiProvider>,
): PyImported {
  const out: PyImported = { strings: new Map(), clients: new Map() };
  for (const st of root.children) {
    if (st.type !== 'import_from_statement') continue;
    const mod = field(st, 'module_name');
    if (!mod) continue;
    let dots = 0;
    let dotted = '';
    if (mod.type === 'relative_import') {
      const prefix = mod.children.find((c) => c.type === 'import_prefix');
      dots = prefix ? prefix.end - prefix.start : 1;
      const dn = mod.children.find((c) => c.type === 'dotted_name');
      dotted = dn ? textOf(text, dn) : '';
    } else dotted = textOf(text, mod);
    let found: { path: string; text: string } | undefined;
    for (const p of candidates(docPath, dots, dotted)) {
      const t = workspace.read(p);
      if (t !== undefined) {
        found = { path: p, text: t };
        break;
      }
    }
    if (!found) continue;
    const names = new Map<string, string>(); // their name → our local name
    for (const c of st.children) {
      if (c.field !== 'name') continue;
      if (c.type === 'dotted_name') names.set(textOf(text, c), textOf(text, c));
      else if (c.type === 'aliased_import') {
        const n = field(c, 'name');
        const a = field(c, 'alias');
        if (n && a) names.set(textOf(text, n), textOf(text, a));
      }
    }
    if (names.size === 0) continue;
    const summary = summaryOf(workspace, found.path, found.text, ctors);
    if (!summary) continue;
    for (const [name, local] of names) {
      const s = summary.strings.get(name);
      if (s !== undefined) out.strings.set(local, s);
    }
    for (const [name, p] of summary.clients) {
      const local = names.get(name);
      if (local) out.clients.set(local, p);
    }
  }
  return out;
}

/** What a module offers to its importers: its constant strings and the API clients it builds at top level. */
interface ModuleSummary {
  /** Of the text summarised (the summary is kept, not the text). */
  length: number;
  hash: string;
  /** False: the module does not parse (nothing is read from it). */
  parses: boolean;
  ctors: Record<string, ApiProvider>;
  strings: Map<string, string>;
  /** Name → provider, the last top-level client construction of each name winning (as reading in order does). */
  clients: Map<string, ApiProvider>;
}

// A module imported by many files of a scan is parsed once: summaries are kept per reader (one per scan) and path,
// and hold no syntax tree.
const summaries = new WeakMap<WorkspaceReader, Map<string, ModuleSummary>>();

function summaryOf(workspace: WorkspaceReader, path: string, text: string, ctors: Record<string, ApiProvider>): ModuleSummary | undefined {
  let byPath = summaries.get(workspace);
  if (!byPath) {
    byPath = new Map();
    summaries.set(workspace, byPath);
  }
  const hash = hash53(text);
  let hit = byPath.get(path);
  if (!hit || hit.length !== text.length || hit.hash !== hash || hit.ctors !== ctors) {
    const parsed = parsePythonText(path, text);
    hit = 'error' in parsed ? { length: text.length, hash, ctors, parses: false, strings: new Map(), clients: new Map() } : readModule(parsed.doc, ctors);
    byPath.set(path, hit);
  }
  return hit.parses ? hit : undefined;
}

function readModule(doc: PythonDoc, ctors: Record<string, ApiProvider>): ModuleSummary {
  try {
    const their = doc.text;
    const root = pyAst(doc);
    const consts = collectModuleConsts(their, root);
    const imports = collectImports(their, root);
    const out: ModuleSummary = { length: their.length, hash: hash53(their), ctors, parses: true, strings: new Map(), clients: new Map() };
    for (const [name, v] of consts.values) {
      const s = constString(their, v, consts);
      if (s !== undefined) out.strings.set(name, s);
    }
    walk(root, (n) => {
      if (n.type === 'function_definition' || n.type === 'class_definition') return false;
      if (n.type === 'assignment') {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (left?.type === 'identifier' && right?.type === 'call') {
          const p = ctors[calleeName(their, imports, right) ?? ''];
          if (p) out.clients.set(textOf(their, left), p);
        }
      }
      return undefined;
    });
    return out;
  } finally {
    doc.tree.delete();
  }
}
