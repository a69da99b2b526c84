// Python via tree-sitter (web-tree-sitter + the tree-sitter-python wasm). The grammar's bytes are handed in by
// the adapter (CLI, extension, tests): the core reads no files.
//
// One cursor walk per file collects the comments, finds the first ERROR / MISSING node and builds a plain-JS
// copy of the named nodes (`PyNode`, cached per document): the analysers read that copy, which is much cheaper
// than calling into wasm for every node property. On an incremental re-parse (the language server, per keystroke)
// the walk re-uses the previous copy of each top-level statement the edit did not touch, shifted to its new offset,
// and walks only the statements that changed.
//
// Broken files: a tree with an ERROR or MISSING node is reported as a ParseError at the first such node and the
// file is NOT analysed (tree-sitter recovers, but rules over a recovered tree misread scopes and indentation,
// and a linter that guesses produces false findings). The scan goes on with the next file.
import { Language as TsLanguage, Parser, type Range, type Tree } from 'web-tree-sitter';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult, PythonDoc } from './document';
import { changedSpan } from './incremental';

let parser: Parser | undefined;

export interface PythonGrammarBytes {
  /** web-tree-sitter's runtime (web-tree-sitter.wasm). */
  runtime: Uint8Array;
  /** tree-sitter-python.wasm */
  python: Uint8Array;
}

/** A named syntax node, copied out of the tree-sitter tree. Offsets are UTF-16 code units into the text. */
export interface PyNode {
  type: string;
  start: number;
  end: number;
  /** The field this node fills in its parent (`function`, `arguments`, `name`, `value`, ...). */
  field?: string;
  children: PyNode[];
  parent?: PyNode;
}

/** Loads the Python grammar once; later calls are free. */
export async function initPython(bytes: PythonGrammarBytes): Promise<void> {
  if (parser) return;
  await Parser.init({ wasmBinary: bytes.runtime });
  const lang = await TsLanguage.load(bytes.python);
  const p = new Parser();
  p.setLanguage(lang);
  parser = p;
}

export function pythonReady(): boolean {
  return parser !== undefined;
}

const astCache = new WeakMap<PythonDoc, PyNode>();

interface Walked {
  root: PyNode;
  comments: Comment[];
  /** Offset of the first ERROR or MISSING node, if any. */
  errorAt?: number;
  errorKind?: 'ERROR' | 'MISSING';
  missingType?: string;
}

// Per grammar: node type id → name / named, field id → name (each lookup is a call into wasm; cache them).
const typeNames: (string | undefined)[] = [];
const typeNamed: (boolean | undefined)[] = [];
const fieldNames: (string | null | undefined)[] = [];

/**
 * What an incremental re-parse can re-use: the previous plain copy's top-level statements by start offset and its
 * comments, the one span where the texts differ, and the ranges tree-sitter says changed structure.
 */
interface Reuse {
  byStart: Map<number, PyNode>;
  comments: Comment[];
  start: number;
  oldEnd: number;
  newEnd: number;
  changed: Range[];
}

/**
 * The previous copy of the top-level statement at [s, e) of the new text, moved to the new offsets, or undefined.
 * It is re-used only when its whole text lies strictly before or after the edited span (so it is the same text),
 * tree-sitter reports no structural change over it, and the previous tree had a statement of the same type over
 * exactly that text: then its subtree is the same.
 */
function reuseAt(r: Reuse, type: string, s: number, e: number, parent: PyNode, comments: Comment[]): PyNode | undefined {
  let delta: number;
  if (e < r.start) delta = 0;
  else if (s > r.newEnd) delta = r.newEnd - r.oldEnd;
  else return undefined;
  for (const c of r.changed) if (c.startIndex <= e && s <= c.endIndex) return undefined;
  const old = r.byStart.get(s - delta);
  if (!old || old.type !== type || old.end + delta !== e || old.field !== undefined) return undefined;
  old.parent = parent;
  if (delta !== 0) {
    const todo: PyNode[] = [old];
    for (let n = todo.pop(); n; n = todo.pop()) {
      n.start += delta;
      n.end += delta;
      for (const ch of n.children) todo.push(ch);
    }
  }
  // Its comments, in order (a comment inside a statement's text is in its subtree).
  const from = s - delta;
  let lo = 0;
  let hi = r.comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.comments[mid].span.start < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < r.comments.length && r.comments[i].span.end <= old.end - delta; i++) {
    const c = r.comments[i];
    comments.push(delta === 0 ? c : { span: { start: c.span.start + delta, end: c.span.end + delta }, text: c.text });
  }
  return old;
}

function walkTree(tree: Tree, text: string, reuse?: Reuse): Walked & { reused: number } {
  const lang = tree.language;
  const checkErrors = tree.rootNode.hasError;
  if (checkErrors) reuse = undefined; // the walk must visit every node to find the first error
  const c = tree.walk();
  const root: PyNode = { type: 'module', start: c.startIndex, end: c.endIndex, children: [] };
  const comments: Comment[] = [];
  const out: Walked & { reused: number } = { root, comments, reused: 0 };
  const stack: PyNode[] = [root];
  let depthNamed: boolean[] = [];
  if (c.gotoFirstChild()) {
    for (;;) {
      const id = c.nodeTypeId;
      let type = typeNames[id];
      if (type === undefined) {
        type = lang.nodeTypeForId(id) ?? '';
        typeNames[id] = type;
        typeNamed[id] = lang.nodeTypeIsNamed(id);
      }
      if (reuse && depthNamed.length === 0 && typeNamed[id] && type !== 'comment' && !c.currentFieldId) {
        const old = reuseAt(reuse, type, c.startIndex, c.endIndex, root, comments);
        if (old) {
          root.children.push(old);
          out.reused++;
          // as a leaf: on to the next top-level node
          if (c.gotoNextSibling()) continue;
          break;
        }
      }
      const missing = checkErrors && c.nodeIsMissing;
      if (checkErrors && (type === 'ERROR' || missing) && out.errorAt === undefined) {
        out.errorAt = c.startIndex;
        out.errorKind = missing ? 'MISSING' : 'ERROR';
        if (missing) out.missingType = type;
      }
      let named = false;
      if (type === 'comment') {
        const start = c.startIndex;
        const end = c.endIndex;
        comments.push({ span: { start, end }, text: text.slice(start, end) });
      } else if (typeNamed[id] && !missing) {
        named = true;
        const parent = stack[stack.length - 1];
        const node: PyNode = { type, start: c.startIndex, end: c.endIndex, children: [], parent };
        const fid = c.currentFieldId;
        if (fid) {
          let f = fieldNames[fid];
          if (f === undefined) {
            f = lang.fieldNameForId(fid);
            fieldNames[fid] = f;
          }
          if (f) node.field = f;
        }
        parent.children.push(node);
        stack.push(node);
      }
      depthNamed.push(named);
      if (c.gotoFirstChild()) continue;
      // leave this node and climb until a sibling exists
      for (;;) {
        if (depthNamed.pop()) stack.pop();
        if (c.gotoNextSibling()) break;
        if (!c.gotoParent() || depthNamed.length === 0) {
          depthNamed = [];
          c.delete();
          return out;
        }
      }
    }
  }
  c.delete();
  return out;
}

/** The plain copy of a parse that had no syntax error, which the next incremental re-parse re-uses. */
export interface PlainTree {
  text: string;
  root: PyNode;
  comments: Comment[];
}

/**
 * An incremental re-parse (the language server, per keystroke): `oldTree(text)` gives the document's previous
 * tree, already edited with `tree.edit` to match `text`, or undefined for a fresh parse; `keep(tree, text)` receives
 * the new tree and the text it is of; the tree then belongs to the caller (it is not deleted here, even when the text
 * has a syntax error).
 */
export interface Reparse {
  oldTree(text: string): Tree | undefined;
  keep(tree: Tree, text: string): void;
  /**
   * The plain copy of the last parse, set by the parser (undefined after a syntax error). The next parse moves its
   * unchanged top-level statements into the new copy, so the previous document's copy is not to be read after it.
   */
  plain?: PlainTree;
  /** Top-level statements re-used from the previous copy in the last parse (tests and the bench read it). */
  reused?: number;
}

export function parsePythonText(
  path: string,
  text: string,
  reparse?: Reparse,
): { doc: PythonDoc } | { error: string; offset: number; line: number; column: number } {
  if (!parser) return { error: 'Python grammar not loaded (initPython was not called)', offset: 0, line: 1, column: 1 };
  const old = reparse?.oldTree(text);
  const tree = parser.parse(text, old ?? null);
  if (!tree) return { error: 'Python: the parser gave no tree', offset: 0, line: 1, column: 1 };
  let reuse: Reuse | undefined;
  const prev = reparse?.plain;
  if (reparse && old && prev) {
    const span = changedSpan(prev.text, text) ?? { start: text.length + 1, oldEnd: text.length + 1, newEnd: text.length + 1 };
    const byStart = new Map<number, PyNode>();
    for (const n of prev.root.children) byStart.set(n.start, n);
    reuse = { byStart, comments: prev.comments, ...span, changed: tree.getChangedRanges(old) };
  }
  if (reparse) reparse.plain = undefined;
  reparse?.keep(tree, text);
  const lines = new LineIndex(text);
  const w = walkTree(tree, text, reuse);
  if (reparse) {
    reparse.reused = w.reused;
    if (w.errorAt === undefined) reparse.plain = { text, root: w.root, comments: w.comments };
  }
  if (w.errorAt !== undefined) {
    if (!reparse) tree.delete();
    const p = lines.position(w.errorAt);
    const what = w.errorKind === 'MISSING' ? `syntax error: missing \`${w.missingType ?? '?'}\`` : 'syntax error';
    return { error: `Python ${what} (the file is not analysed)`, offset: w.errorAt, line: p.line, column: p.column };
  }
  const doc: PythonDoc = { lang: 'python', path, text, lines, comments: w.comments, tree };
  astCache.set(doc, w.root);
  return { doc };
}

/** The plain syntax tree of a parsed Python document (built by the parser, rebuilt if absent). */
export function pyAst(doc: PythonDoc): PyNode {
  let root = astCache.get(doc);
  if (!root) {
    root = walkTree(doc.tree, doc.text).root;
    astCache.set(doc, root);
  }
  return root;
}

export function parsePython(path: string, text: string, reparse?: Reparse): ParseResult {
  const r = parsePythonText(path, text, reparse);
  if ('error' in r) return { ok: false, error: { file: path, line: r.line, column: r.column, message: r.error } };
  return { ok: true, doc: r.doc };
}
