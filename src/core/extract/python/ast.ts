// Small helpers over the plain Python syntax tree (PyNode): fields, calls, keyword arguments, walking.
import type { NotebookDoc, PythonDoc } from '../../parse/document';
import { tick, tickN } from '../../budget';
import { pyAst, statementOrders, statementsMayMove, type PyNode } from '../../parse/python';
import type { Span } from '../../types';

export type { PyNode };

/** The Python module the rules read: the file itself, or the joined code cells of a notebook. */
export function pythonOf(doc: PythonDoc | NotebookDoc): PythonDoc {
  return doc.lang === 'notebook' ? doc.python : doc;
}

export function rootOf(doc: PythonDoc): PyNode {
  return pyAst(doc);
}

export function field(n: PyNode | undefined, name: string): PyNode | undefined {
  tick();
  if (!n) return undefined;
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) if (ch[i].field === name) return ch[i];
  return undefined;
}

export function fields(n: PyNode, name: string): PyNode[] {
  return n.children.filter((c) => c.field === name);
}

export function spanOf(n: PyNode): Span {
  return { start: n.start, end: n.end };
}

export function textOf(text: string, n: PyNode): string {
  return text.slice(n.start, n.end);
}

/**
 * A top-level statement's nodes in pre-order, and for each one the index just past its subtree: built once per
 * statement (the extractors and rules walk the same tree a dozen times), so a walk is a loop over one array and
 * skipping a subtree is one jump. Each node's `order` is its index in its top-level statement's order. Kept per
 * statement, not per module: an incremental re-parse hands back every statement the edit did not touch as the same
 * object with the same subtree (parse/python.ts `reuseAt`), so its order (which holds no offsets) is re-used and only
 * the edited statement's is built again. A module (a node without a parent) is walked as itself, then each of its
 * statements in turn: the same pre-order as one array over the module.
 */
interface PreOrder {
  nodes: PyNode[];
  after: Int32Array;
  /** nodesOfTypes' answers for this statement, by the types asked for. */
  byTypes?: Map<string, PyNode[]>;
}

// (parse/python.ts' map, which shifts a re-used statement's offsets over the list)
const preOrders = statementOrders as WeakMap<PyNode, PreOrder>;
/** nodesOfTypes' answers for a whole module, by the types asked for (folded from its statements' answers). */
const moduleByTypes = new WeakMap<PyNode, Map<string, PyNode[]>>();

function preOrderOf(top: PyNode): PreOrder {
  let p = preOrders.get(top);
  if (p) return p;
  const nodes: PyNode[] = [];
  const ends: number[] = [];
  // the open nodes (their indices, by depth): a node at depth d closes every open node at depth >= d
  const open: number[] = [];
  const stack: PyNode[] = [top];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const d = depths.pop()!;
    while (open.length > d) ends[open.pop()!] = nodes.length;
    n.order = nodes.length;
    open.push(nodes.length);
    nodes.push(n);
    ends.push(0);
    for (let i = n.children.length - 1; i >= 0; i--) {
      stack.push(n.children[i]);
      depths.push(d + 1);
    }
  }
  while (open.length > 0) ends[open.pop()!] = nodes.length;
  p = { nodes, after: new Int32Array(ends) }; // (not Int32Array.from: it steps an iterator, an object per node)
  preOrders.set(top, p);
  return p;
}

/** Pre-order walk over every node below (and including) `n`. Return false from `visit` to skip a subtree. */
export function walk(n: PyNode, visit: (n: PyNode) => boolean | void): void {
  if (n.children.length === 0) {
    tick();
    visit(n);
    return;
  }
  if (!n.parent) {
    // a module: itself, then each top-level statement's order
    tick();
    if (visit(n) === false) return;
    for (const s of n.children) walkIn(s, s, visit);
    return;
  }
  let top = n;
  while (top.parent!.parent) top = top.parent!;
  walkIn(top, n, visit);
}

/** Walks `n`, a node of the top-level statement `top`, over that statement's order. */
function walkIn(top: PyNode, n: PyNode, visit: (n: PyNode) => boolean | void): void {
  const p = preOrderOf(top);
  let i = n.order;
  if (p.nodes[i] !== n) {
    // not a node of this statement's order (a tree changed after its order was built): walk its children arrays
    stackWalk(n, visit);
    return;
  }
  const { nodes, after } = p;
  const end = after[i];
  while (i < end) {
    tick();
    if (visit(nodes[i]) === false) i = after[i];
    else i++;
  }
}

/** The nodes of one of `types` in one top-level statement's subtree, in pre-order (kept with its order). */
function statementNodesOfTypes(top: PyNode, key: string, types: readonly string[]): PyNode[] {
  const p = preOrderOf(top);
  let byTypes = p.byTypes;
  if (!byTypes) byTypes = p.byTypes = new Map();
  let out = byTypes.get(key);
  if (!out) {
    out = [];
    const { nodes } = p;
    if (types.length === 1) {
      const t = types[0];
      for (let i = 0; i < nodes.length; i++) if (nodes[i].type === t) out.push(nodes[i]);
    } else {
      for (let i = 0; i < nodes.length; i++) if (types.includes(nodes[i].type)) out.push(nodes[i]);
    }
    byTypes.set(key, out);
  }
  return out;
}

/** `nodesOfTypes` for one top-level statement (a child of its module): its nodes of those types, in pre-order. */
export function nodesOfTypesIn(stmt: PyNode, ...types: string[]): readonly PyNode[] {
  const out = statementNodesOfTypes(stmt, types.join(' '), types);
  tickN(out.length);
  return out;
}

/**
 * Every node of one of `types` in the tree of `n` (its whole module), in pre-order: what a walk from the root that
 * skips nothing visits of those types, without calling back for every node. Once per tree and set of types (each
 * top-level statement's share once per statement: see `PreOrder`).
 */
export function nodesOfTypes(n: PyNode, ...types: string[]): readonly PyNode[] {
  let root = n;
  while (root.parent) root = root.parent;
  const key = types.join(' ');
  let byTypes = moduleByTypes.get(root);
  if (!byTypes) moduleByTypes.set(root, (byTypes = new Map()));
  let out = byTypes.get(key);
  if (!out) {
    out = types.includes(root.type) ? [root] : [];
    for (const s of root.children) {
      const part = statementNodesOfTypes(s, key, types);
      for (let i = 0; i < part.length; i++) out.push(part[i]);
    }
    byTypes.set(key, out);
  }
  tickN(out.length);
  return out;
}

/**
 * What a computation found in one top-level statement, kept across the language server's keystrokes. An incremental
 * re-parse hands back the previous plain copy of every top-level statement whose text the edit did not touch, as
 * the same object (parse/python.ts `reuseAt`, moved to its new offset), so a result that depends only on the
 * statement's own subtree and text, and holds nodes and strings but no offsets, is still the answer for the re-used
 * statement: the edit re-computes it for the statement it changed only. The cached result is checked against the
 * statement's text (so a result is never served for other text) and is shared: not to be changed by its readers.
 * A whole-file analysis (the CLI) builds a new tree each time: every statement misses, as if this were not here.
 */
const perStatementCache = new WeakMap<PyNode, { src: string; values: Map<string, unknown>; checked?: PyNode }>();

export function perStatement<T>(text: string, stmt: PyNode, key: string, compute: () => T): T {
  let e = perStatementCache.get(stmt);
  if (!e && stmt.parent && !statementsMayMove(stmt.parent)) {
    // a statement no later parse can re-use (a CLI scan's, an imported module's) lives under this one text: no copy
    // of its text to check against
    perStatementCache.set(stmt, (e = { src: '', values: new Map(), checked: stmt.parent }));
  }
  // the text is compared once per statement and module tree (`checked`: the module it was last compared under;
  // a module is parsed from one text, and a re-used statement gets the new module as its parent)
  if (!e || !stmt.parent || e.checked !== stmt.parent) {
    const src = text.slice(stmt.start, stmt.end);
    if (!e || e.src !== src) {
      // a copy of the statement's text, not a slice of the document's (which would keep every old text alive)
      perStatementCache.set(stmt, (e = { src: flatCopy(src), values: new Map() }));
    }
    e.checked = stmt.parent;
  }
  if (e.values.has(key)) {
    tick();
    return e.values.get(key) as T;
  }
  const value = compute();
  e.values.set(key, value);
  return value;
}

/**
 * The identifiers of the module `root` whose text is `name`, in pre-order (inside f-string interpolations too): what
 * `nodesOfTypes(root, 'identifier')` holds of that text, in its order. Each top-level statement's identifiers by text
 * are kept with the statement (`perStatement`: a keystroke re-reads the edited statement only, not every identifier
 * of the file), the statements' lists for `name` joined once per module tree and name. Shared: not to be changed.
 */
const identifiersByName = new WeakMap<PyNode, Map<string, readonly PyNode[]>>();

export function identifiersNamed(text: string, root: PyNode, name: string): readonly PyNode[] {
  let byName = identifiersByName.get(root);
  if (!byName) identifiersByName.set(root, (byName = new Map()));
  let out = byName.get(name);
  if (out) return out;
  // (one statement's list itself when no other statement has the name: no copy)
  const parts = partsNamed(text, root, name);
  if (parts.length === 0) out = NO_NODES;
  else if (parts.length === 1) out = parts[0].ids;
  else {
    const joined: PyNode[] = [];
    for (const p of parts) for (let i = 0; i < p.ids.length; i++) joined.push(p.ids[i]);
    out = joined;
  }
  byName.set(name, out);
  return out;
}

const NO_NODES: readonly PyNode[] = [];

/** The top-level statements that have identifiers of the text `name`, in order, with them (kept lists; shared). */
interface NamedPart {
  stmt: PyNode;
  ids: readonly PyNode[];
}
const partsByName = new WeakMap<PyNode, Map<string, readonly NamedPart[]>>();

function partsNamed(text: string, root: PyNode, name: string): readonly NamedPart[] {
  let byName = partsByName.get(root);
  if (!byName) partsByName.set(root, (byName = new Map()));
  let parts = byName.get(name);
  if (!parts) {
    const found: NamedPart[] = [];
    for (const stmt of root.children) {
      const ids = perStatement(text, stmt, 'usage-facts.identifiers', () => statementIdentifiers(text, stmt)).get(name);
      if (ids) found.push({ stmt, ids });
    }
    byName.set(name, (parts = found));
  }
  return parts;
}

/**
 * `identifiersNamed` one at a time, in its order, from the first top-level statement that ends after `from` (every
 * identifier before `from` skipped as a whole statement, when the caller skips them anyway): `visit` returns false
 * to stop. Reads the statements' kept lists without joining them.
 */
export function eachIdentifierNamed(text: string, root: PyNode, name: string, visit: (n: PyNode) => boolean | void, from = -1): void {
  for (const { stmt, ids } of partsNamed(text, root, name)) {
    if (stmt.end <= from) continue;
    for (let k = 0; k < ids.length; k++) if (visit(ids[k]) === false) return;
  }
}

function statementIdentifiers(text: string, stmt: PyNode): Map<string, PyNode[]> {
  const m = new Map<string, PyNode[]>();
  const ids = statementNodesOfTypes(stmt, 'identifier', ['identifier']);
  for (let i = 0; i < ids.length; i++) {
    const n = ids[i];
    const t = text.slice(n.start, n.end);
    const l = m.get(t);
    if (l) l.push(n);
    else m.set(t, [n]);
  }
  return m;
}

/** A string with the same UTF-16 code units that shares no memory with `s`. */
function flatCopy(s: string): string {
  let out = '';
  const codes = new Array<number>(Math.min(s.length, 8192));
  for (let i = 0; i < s.length; i += 8192) {
    const n = Math.min(8192, s.length - i);
    codes.length = n;
    for (let k = 0; k < n; k++) codes[k] = s.charCodeAt(i + k);
    out += String.fromCharCode(...codes);
  }
  return out;
}

function stackWalk(n: PyNode, visit: (n: PyNode) => boolean | void): void {
  const stack: PyNode[] = [n];
  while (stack.length > 0) {
    tick();
    const cur = stack.pop()!;
    if (visit(cur) === false) continue;
    for (let i = cur.children.length - 1; i >= 0; i--) stack.push(cur.children[i]);
  }
}

export function ancestors(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let p = n.parent; p; p = p.parent) out.push(p);
  return out;
}

/** Every `call` node of the module, in source order. */
export function allCalls(root: PyNode): PyNode[] {
  const out: PyNode[] = [];
  walk(root, (n) => {
    if (n.type === 'call') out.push(n);
  });
  return out;
}

export interface CallArgs {
  positional: PyNode[];
  keywords: Map<string, { name: PyNode; value: PyNode; node: PyNode }>;
  /** `**kwargs` or `*args` present: unlisted arguments may be set dynamically. */
  splat: boolean;
  list: PyNode | undefined;
}

/**
 * A call's arguments, read once per call node: a node's text never changes while it lives (a node an incremental
 * re-parse re-uses has the same statement text around it, parse/python.ts `reuseAt`), so the answer for the text the
 * node was parsed from stays right, across rules and keystrokes. `text` must be that text (the document's, or the
 * joined code of a notebook's cells). Shared: not to be changed by its readers.
 */
const callArgsCache = new WeakMap<PyNode, CallArgs>();

export function callArgs(text: string, call: PyNode): CallArgs {
  let out = callArgsCache.get(call);
  if (!out) {
    out = readCallArgs(text, call);
    callArgsCache.set(call, out);
  }
  return out;
}

function readCallArgs(text: string, call: PyNode): CallArgs {
  const list = field(call, 'arguments');
  const out: CallArgs = { positional: [], keywords: new Map(), splat: false, list };
  if (!list || list.type !== 'argument_list') return out;
  for (const a of list.children) {
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name');
      const value = field(a, 'value');
      if (name && value) out.keywords.set(textOf(text, name), { name, value, node: a });
    } else if (a.type === 'dictionary_splat' || a.type === 'list_splat') out.splat = true;
    else out.positional.push(a);
  }
  return out;
}

/** The statement node (a child of a block or the module) that contains `n`. */
export function statementOf(n: PyNode): PyNode {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}

/** The innermost enclosing function definition, if any. */
export function enclosingFunction(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/**
 * A function's parameters in order, as the identifier that names each (`x`, `x=1`, `x: int`, `x: int = 1`); undefined
 * in the place of anything else (`*args`, `**kwargs`, the `*` / `/` separators).
 */
export function parameterIds(fn: PyNode): (PyNode | undefined)[] {
  return (field(fn, 'parameters')?.children ?? []).map((p) =>
    p.type === 'identifier' ? p : p.type === 'default_parameter' || p.type === 'typed_parameter' || p.type === 'typed_default_parameter' ? (field(p, 'name') ?? p.children.find((c) => c.type === 'identifier')) : undefined,
  );
}

export function functionName(text: string, fn: PyNode): string {
  const name = field(fn, 'name');
  return name ? textOf(text, name) : '';
}

/** Decorator expressions of a function (or class) definition. */
export function decoratorsOf(def: PyNode): PyNode[] {
  const p = def.parent;
  if (!p || p.type !== 'decorated_definition') return [];
  return p.children.filter((c) => c.type === 'decorator').map((d) => d.children[0]).filter((x): x is PyNode => !!x);
}

/** The enclosing class definition of a function, if the function is a method. */
export function classOf(fn: PyNode): PyNode | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type === 'block' && p.parent?.type === 'class_definition') return p.parent;
  return undefined;
}
