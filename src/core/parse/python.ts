// Python via tree-sitter (web-tree-sitter + the tree-sitter-python wasm). The grammar's bytes are handed in by
// the adapter (CLI, extension, tests): the core reads no files.
//
// One cursor walk per file collects the comments, finds the first ERROR / MISSING node and builds a plain-JS
// copy of the named nodes (`PyNode`, cached per document): the analysers read that copy, which is much cheaper
// than calling into wasm for every node property. The walk calls web-tree-sitter's C cursor functions directly
// (see `RawCursor`): through its TreeCursor class the copy cost more than the parse itself. Each node's children
// are copied once into an array of their exact length, and every leaf shares one frozen empty array. On an
// incremental re-parse (the language server, per keystroke) the walk re-uses the previous copy of each top-level
// statement the edit did not touch, shifted to its new offset, and walks only the statements that changed.
//
// Broken files: a tree with an ERROR or MISSING node is reported as a ParseError at the first such node and the
// file is NOT analysed (tree-sitter recovers, but rules over a recovered tree misread scopes and indentation,
// and a linter that guesses produces false findings). The scan goes on with the next file.
import { Language as TsLanguage, Parser, type Range, type Tree, type TreeCursor } from 'web-tree-sitter';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult, PythonDoc } from './document';
import { changedSpan } from './incremental';

let parser: Parser | undefined;
/** web-tree-sitter's wasm exports, when they have the shape the fast walk needs (see `rawCursorOf`). */
let raw: RawCursor | undefined;

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
  /**
   * This node's place in its module's pre-order (extract/python/ast.ts keeps the order, built once per tree, so
   * every walk is a loop over one array); -1 until then. Read only through `walk`, which checks it.
   */
  order: number;
}

/** Loads the Python grammar once; later calls are free. */
export async function initPython(bytes: PythonGrammarBytes): Promise<void> {
  if (parser) return;
  // web-tree-sitter's Emscripten module is built on the options object given to `init` (MODULARIZE: `var Module =
  // moduleArg`), so the wasm exports land on it: the fast walk below calls them directly.
  const moduleOptions: Record<string, unknown> = { wasmBinary: bytes.runtime };
  await Parser.init(moduleOptions);
  const lang = await TsLanguage.load(bytes.python);
  const p = new Parser();
  p.setLanguage(lang);
  raw = rawCursorOf(moduleOptions);
  parser = p;
}

export function pythonReady(): boolean {
  return parser !== undefined;
}

const astCache = new WeakMap<PythonDoc, PyNode>();

/**
 * The module roots of parses made through a `Reparse` (the language server's): only their top-level statements can
 * be handed to a later parse of another text (`reuseAt` re-uses statements of `reparse.plain` only). A statement of
 * any other tree lives under the one text it was parsed from.
 */
const reparsedRoots = new WeakSet<PyNode>();

/**
 * Each top-level statement's nodes in pre-order, when a reader built that list (extract/python/ast.ts keeps it per
 * statement, here so that `reuseAt` can shift a re-used statement's offsets over one array instead of a walk of its
 * children). A statement's subtree never changes while it lives, so the list holds every node of it.
 */
export const statementOrders = new WeakMap<PyNode, { nodes: PyNode[] }>();

/** Whether the top-level statements of this module root may be re-used under a later text (see `reparsedRoots`). */
export function statementsMayMove(root: PyNode): boolean {
  return reparsedRoots.has(root);
}

export interface Walked {
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
/**
 * Per node type id: the grammar's tokens, which never have children, so the walk does not ask the cursor for a
 * first child (one call into wasm fewer for about two nodes in three). Tokens are every anonymous type (keywords,
 * punctuation) except the two aliases of keyword sequences, `not in` and `is not`, and the named tokens below
 * (tree-sitter-python's grammar.js: the `word` identifier, number and string tokens, `comment`, the external scanner's
 * string delimiters). `bothWalks` (the test hook) checks the fast walk against the cursor's own, node for node.
 */
const typeLeaf: (boolean | undefined)[] = [];
const NAMED_TOKENS = new Set([
  'identifier', 'integer', 'float', 'true', 'false', 'none', 'comment', 'string_start', 'string_end', 'escape_sequence',
  'escape_interpolation', 'line_continuation', 'ellipsis', 'type_conversion',
]);

function isToken(type: string, named: boolean): boolean {
  return named ? NAMED_TOKENS.has(type) : !type.includes(' ');
}
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
  const order = delta !== 0 ? statementOrders.get(old) : undefined;
  if (order && order.nodes[0] === old) {
    // (the statement's pre-order list, when it was built: one pass over an array)
    const nodes = order.nodes;
    for (let i = 0; i < nodes.length; i++) {
      nodes[i].start += delta;
      nodes[i].end += delta;
    }
  } else if (delta !== 0) {
    // (index loops: this runs over every node after the edit on every keystroke, and an iterator per node adds up)
    const todo: PyNode[] = [old];
    while (todo.length > 0) {
      const n = todo.pop()!;
      n.start += delta;
      n.end += delta;
      const ch = n.children;
      for (let i = 0; i < ch.length; i++) todo.push(ch[i]);
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

/**
 * The moves and reads of a tree cursor, each one call. web-tree-sitter's `TreeCursor` copies its state into the
 * wasm transfer buffer and back around every call (8 `setValue`/`getValue` per step); its C side keeps the cursor
 * in that buffer between calls anyway, so `RawCursor` calls the C functions directly and leaves the state there.
 * Nothing else may call into wasm through the transfer buffer during a walk (the type and field names are read
 * through the language, which does not use it).
 */
interface CursorOps {
  first(t: number): number | boolean;
  next(t: number): number | boolean;
  parent(t: number): number | boolean;
  typeId(t: number): number;
  start(t: number): number;
  end(t: number): number;
  fieldId(t: number): number;
  missing(t: number): number | boolean;
}

interface RawCursor extends CursorOps {
  /** Address of the transfer buffer (where the C side keeps the cursor between calls). */
  transfer: number;
  heap(): Int32Array;
}

type WasmFn = (t: number) => number;

/** The raw cursor over web-tree-sitter's exports, or undefined if this build lacks one of them (then the portable walk runs). */
export function rawCursorOf(mod: Record<string, unknown>): RawCursor | undefined {
  const fn = (name: string): WasmFn | undefined => (typeof mod[name] === 'function' ? (mod[name] as WasmFn) : undefined);
  const first = fn('_ts_tree_cursor_goto_first_child_wasm');
  const next = fn('_ts_tree_cursor_goto_next_sibling_wasm');
  const parent = fn('_ts_tree_cursor_goto_parent_wasm');
  const typeId = fn('_ts_tree_cursor_current_node_type_id_wasm');
  const start = fn('_ts_tree_cursor_start_index_wasm');
  const end = fn('_ts_tree_cursor_end_index_wasm');
  const fieldId = fn('_ts_tree_cursor_current_field_id_wasm');
  const missing = fn('_ts_tree_cursor_current_node_is_missing_wasm');
  const init = fn('_ts_init');
  if (!first || !next || !parent || !typeId || !start || !end || !fieldId || !missing || !init) return undefined;
  if (!(mod.HEAP32 instanceof Int32Array)) return undefined;
  const transfer = init(0); // idempotent: writes the language versions into the buffer and returns its address
  return { first, next, parent, typeId, start, end, fieldId, missing, transfer, heap: () => mod.HEAP32 as Int32Array };
}

function portableOps(c: TreeCursor): CursorOps {
  return {
    first: () => c.gotoFirstChild(),
    next: () => c.gotoNextSibling(),
    parent: () => c.gotoParent(),
    typeId: () => c.nodeTypeId,
    start: () => c.startIndex,
    end: () => c.endIndex,
    fieldId: () => c.currentFieldId,
    missing: () => c.nodeIsMissing,
  };
}

/** The children of every leaf: shared, and frozen so that no one adds to it. */
const NO_CHILDREN: PyNode[] = Object.freeze([] as PyNode[]) as PyNode[];

/** Copies the named nodes of `tree` into PyNodes, collects comments and finds the first ERROR / MISSING node. */
function walkTree(tree: Tree, text: string, reuse?: Reuse, portable = raw === undefined, everyNode = false): Walked & { reused: number } {
  const lang = tree.language;
  const checkErrors = tree.rootNode.hasError; // before the walk: it uses the transfer buffer
  if (checkErrors) reuse = undefined; // the walk must visit every node to find the first error
  const c = tree.walk();
  const ops: CursorOps = portable ? portableOps(c) : raw!;
  const t = (tree as unknown as { 0: number })[0]; // the tree's address in wasm memory
  try {
    return walkWith(ops, t, lang, checkErrors, text, reuse, everyNode);
  } finally {
    if (!portable) {
      // The C side may have grown the cursor's stack: hand its current state back to the JS cursor, which frees it.
      const h = raw!.heap();
      const handles = (c as unknown as { handles: number[] }).handles;
      for (let i = 0; i < 4; i++) handles[i] = h[(raw!.transfer >> 2) + i];
    }
    c.delete();
  }
}

/** `everyNode`: ask the cursor for the children of tokens too (the test hook's reference walk). */
function walkWith(ops: CursorOps, t: number, lang: TsLanguage, checkErrors: boolean, text: string, reuse: Reuse | undefined, everyNode: boolean): Walked & { reused: number } {
  // every node has the same properties in the same order (one shape for the analysers' property reads)
  const root: PyNode = { type: 'module', start: ops.start(t), end: ops.end(t), field: undefined, children: NO_CHILDREN, parent: undefined, order: -1 };
  const comments: Comment[] = [];
  const out: Walked & { reused: number } = { root, comments, reused: 0 };
  // The open named nodes, and where each one's children start in `kids`: a node's children are gathered there and
  // copied into an array of their exact length when it closes (growing arrays by push over-allocates).
  const open: PyNode[] = [root];
  const marks: number[] = [0];
  const kids: PyNode[] = [];
  const close = () => {
    const node = open.pop()!;
    const m = marks.pop()!;
    if (kids.length > m) {
      node.children = kids.slice(m);
      kids.length = m;
    }
  };
  const depthNamed: boolean[] = [];
  if (!ops.first(t)) return out;
  for (;;) {
    const id = ops.typeId(t);
    let type = typeNames[id];
    if (type === undefined) {
      type = lang.nodeTypeForId(id) ?? '';
      typeNames[id] = type;
      typeNamed[id] = lang.nodeTypeIsNamed(id);
      typeLeaf[id] = isToken(type, typeNamed[id]!);
    }
    const leaf = typeLeaf[id] && !everyNode;
    let descend = true;
    let named = false;
    if (reuse && depthNamed.length === 0 && typeNamed[id] && type !== 'comment' && !ops.fieldId(t)) {
      const old = reuseAt(reuse, type, ops.start(t), ops.end(t), root, comments);
      if (old) {
        kids.push(old);
        out.reused++;
        descend = false; // as a leaf: on to the next top-level node
      }
    }
    if (descend) {
      const missing = checkErrors && !!ops.missing(t);
      if (checkErrors && (type === 'ERROR' || missing) && out.errorAt === undefined) {
        out.errorAt = ops.start(t);
        out.errorKind = missing ? 'MISSING' : 'ERROR';
        if (missing) out.missingType = type;
      }
      if (type === 'comment') {
        const start = ops.start(t);
        const end = ops.end(t);
        comments.push({ span: { start, end }, text: text.slice(start, end) });
      } else if (typeNamed[id] && !missing) {
        named = !leaf; // opened, to gather its children (a token has none)
        const start = ops.start(t);
        const end = ops.end(t);
        const fid = ops.fieldId(t);
        let f: string | null | undefined;
        if (fid) {
          f = fieldNames[fid];
          if (f === undefined) {
            f = lang.fieldNameForId(fid);
            fieldNames[fid] = f;
          }
        }
        // (an object literal, not a class: V8 tracks a literal's allocation site and, seeing its nodes live on, allocates
        // them in the old generation at once; built by a class, they were copied by scavenges instead, and the corpus
        // scan's scavenge time went from 3.8 to 5.9 s)
        const node: PyNode = { type, start, end, field: f || undefined, children: NO_CHILDREN, parent: open[open.length - 1], order: -1 };
        kids.push(node);
        if (named) {
          open.push(node);
          marks.push(kids.length);
        }
      }
      depthNamed.push(named);
      if (!leaf && ops.first(t)) continue; // a token has no children: on to its next sibling
    } else depthNamed.push(false);
    // leave this node and climb until a sibling exists
    for (;;) {
      if (depthNamed.pop()) close();
      if (ops.next(t)) break;
      if (!ops.parent(t) || depthNamed.length === 0) {
        while (open.length > 0) close();
        return out;
      }
    }
  }
}

/**
 * Test hook: two walks of one parse, the fast one and the reference: through web-tree-sitter's own TreeCursor,
 * asking for the children of every node, tokens included. They must agree node for node (a web-tree-sitter upgrade
 * that changes the C side, or a grammar whose tokens have children, fails this rather than misreading trees).
 */
export function bothWalks(text: string): { fast: Walked; portable: Walked } | undefined {
  const tree = parser?.parse(text);
  if (!tree) return undefined;
  try {
    return { fast: walkTree(tree, text, undefined, false), portable: walkTree(tree, text, undefined, true, true) };
  } finally {
    tree.delete();
  }
}

/** Whether parses use the fast walk (web-tree-sitter's exports found). */
export function fastWalk(): boolean {
  return raw !== undefined;
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
    reparsedRoots.add(w.root);
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
