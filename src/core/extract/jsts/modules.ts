// One level of cross-file resolution for JS/TS: names imported from the workspace's own modules
// (`import { openai } from "./clients.js"`, `import { SYSTEM } from "../prompts"`) get the binding (a client, a
// pipeline) or the constant (a prompt string) they have in that module. The module is read through the
// WorkspaceReader and parsed; its own imports are resolved, but not its local imports (no recursion).
import type { TSESTree } from '@typescript-eslint/types';
import type { JstsDoc } from '../../parse/document';
import { parseJstsText } from '../../parse/jsts';
import type { WorkspaceReader } from '../../settings';
import type { N } from './ast';
import { type Bindings, collectBindings } from './bindings';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function join(dir: string, rel: string): string | undefined {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** `./clients.js` from `src/server.ts` → the workspace path of the module and its text. */
function readModule(workspace: WorkspaceReader, from: string, spec: string): { path: string; text: string } | undefined {
  const base = join(dirname(from), spec);
  if (base === undefined) return undefined;
  const stem = base.replace(/\.(m|c)?(j|t)sx?$/, '');
  for (const cand of [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)]) {
    const text = workspace.read(cand);
    if (text !== undefined) return { path: cand, text };
  }
  return undefined;
}

/** Top-level `const` initialisers, function declarations and default-export target of a module. */
function topLevel(program: TSESTree.Program): { consts: Map<string, N>; functions: Map<string, N>; defaultName?: string } {
  const consts = new Map<string, N>();
  const functions = new Map<string, N>();
  let defaultName: string | undefined;
  for (const st of program.body) {
    const decl = st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration' ? st.declaration : st;
    if (decl?.type === 'VariableDeclaration' && decl.kind === 'const')
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
    if (decl?.type === 'FunctionDeclaration' && decl.id) functions.set(decl.id.name, decl);
    if (st.type === 'ExportDefaultDeclaration' && st.declaration.type === 'FunctionDeclaration' && st.declaration.id) defaultName = st.declaration.id.name;
    if (st.type === 'ExportDefaultDeclaration' && st.declaration.type === 'Identifier') defaultName = st.declaration.name;
  }
  return { consts, functions, defaultName };
}

/**
 * `functions`: the definitions of functions imported from the workspace's modules (`import { run } from
 * "../lib/run"` → its `export function run(fn)` node), so a callback passed to them can be followed.
 */
export function importLocalModules(doc: JstsDoc, workspace: WorkspaceReader): { bindings: Bindings; consts: Map<string, N>; functions: Map<string, N> } {
  const bindings: Bindings = new Map();
  const consts = new Map<string, N>();
  const functions = new Map<string, N>();
  for (const st of doc.ast.body) {
    if (st.type !== 'ImportDeclaration' || typeof st.source.value !== 'string' || !st.source.value.startsWith('.')) continue;
    const mod = readModule(workspace, doc.path, st.source.value);
    if (!mod) continue;
    const parsed = parseJstsText(mod.path, mod.text);
    if ('error' in parsed) continue;
    const theirs = collectBindings(parsed.doc.ast);
    const top = topLevel(parsed.doc.ast);
    for (const sp of st.specifiers) {
      let name: string | undefined;
      if (sp.type === 'ImportSpecifier') name = sp.imported.type === 'Identifier' ? sp.imported.name : String(sp.imported.value);
      else if (sp.type === 'ImportDefaultSpecifier') name = top.defaultName;
      if (!name) continue;
      const b = theirs.get(name);
      if (b && b.t !== 'module') bindings.set(sp.local.name, b);
      const c = top.consts.get(name);
      if (c) consts.set(sp.local.name, c);
      const f = top.functions.get(name);
      if (f) functions.set(sp.local.name, f);
    }
  }
  return { bindings, consts, functions };
}

