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
import { fromModule } from '../python/modules';
import type { ApiProvider } from './usage';

export interface PyImported {
  /** API clients the modules build at top level, by our local name. */
  clients: Map<string, ApiProvider>;
  /**
   * Constant strings the modules define, by our local name. Read on first use: only a file that makes an API call
   * reads them, so the modules are parsed for them only then.
   */
  strings(): Map<string, string>;
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

/**
 * Whether a module's text can build one of `ctors` at all: the qualified name of a call is made of the text's own
 * identifiers and attribute names (imports.ts), so the last segment of a constructor's name appears in the text of
 * any module that calls it, as a whole identifier (an identifier is the longest run of its characters: `VLLMClient`
 * is not `Client`). A module without any is not parsed for its clients (it has none).
 */
function mayBuildClients(text: string, ctors: Record<string, ApiProvider>): boolean {
  for (const seg of lastSegments(ctors)) if (hasIdentifier(text, seg)) return true;
  return false;
}

/**
 * Whether `word` occurs with no ASCII letter or `_` just before it and no ASCII letter, digit or `_` just after it:
 * where it could be a whole identifier. Any other neighbour counts as a possible boundary, so this never misses one.
 */
function hasIdentifier(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    const before = i > 0 ? text.charCodeAt(i - 1) : 0;
    const after = i + word.length < text.length ? text.charCodeAt(i + word.length) : 0;
    if (!isLetter(before) && !isLetter(after) && !(after >= 48 && after <= 57)) return true;
  }
  return false;
}

/** ASCII letter or `_`. */
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

const segmentsOf = new WeakMap<Record<string, ApiProvider>, string[]>();

function lastSegments(ctors: Record<string, ApiProvider>): string[] {
  let segs = segmentsOf.get(ctors);
  if (!segs) {
    segs = [...new Set(Object.keys(ctors).map((q) => q.slice(q.lastIndexOf('.') + 1)))];
    segmentsOf.set(ctors, segs);
  }
  return segs;
}

export function importPythonModules(
  text: string,
  root: PyNode,
  docPath: string,
  workspace: WorkspaceReader,
  ctors: Record<string, ApiProvider>,
): PyImported {
  const clients = new Map<string, ApiProvider>();
  const modules: { path: string; text: string; names: Map<string, string> }[] = [];
  for (const st of root.children) {
    const from = fromModule(text, st);
    if (!from) continue;
    const { dots, dotted } = from;
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
    modules.push({ ...found, names });
    if (!mayBuildClients(found.text, ctors)) continue;
    const summary = summaryOf(workspace, found.path, found.text, ctors);
    if (!summary) continue;
    for (const [name, p] of summary.clients) {
      const local = names.get(name);
      if (local) clients.set(local, p);
    }
  }
  let strings: Map<string, string> | undefined;
  return {
    clients,
    strings: () => {
      if (strings) return strings;
      strings = new Map();
      for (const m of modules) {
        const summary = summaryOf(workspace, m.path, m.text, ctors);
        if (!summary) continue;
        for (const [name, local] of m.names) {
          const s = summary.strings.get(name);
          if (s !== undefined) strings.set(local, s);
        }
      }
      modules.length = 0;
      return strings;
    },
  };
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
