// The check a fixed text must pass before `fix` (or the editor's fix-all) writes it: a checker at least as strict
// as the language's own for what an edit can break. Python: CPython's tokenizer and INDENT rules
// (python-tokens.ts), tree-sitter's ERROR / MISSING nodes, and the parser's rules for call arguments and
// `__future__` imports, which tree-sitter accepts and CPython rejects (`f(a=1, a=2)`, a keyword before a
// positional argument, `from __future__` after code). Notebooks: strict JSON when the file was strict JSON, and
// each changed code cell (magics blanked) as Python. JSON: strict JSON when the original was, else JSONC. YAML,
// TOML, pbtxt, shell, JS/TS: their parsers report no error. Pure.
import { walk, type PyNode } from '../extract/python/ast';
import { languageOf } from '../parse/document';
import { parseDocument } from '../parse';
import { blankMagics } from '../parse/notebook';
import { parsePythonText, pyAst } from '../parse/python';
import { LineIndex } from '../text/lines';
import { checkPythonTokens, type SyntaxProblem } from './python-tokens';

export type { SyntaxProblem };

/** A problem with its 1-based position, for messages. */
export interface LocatedProblem {
  line: number;
  column: number;
  message: string;
  /** Notebook cell (0-based), when the problem is in one. */
  cell?: number;
}

function locate(text: string, p: SyntaxProblem, cell?: number): LocatedProblem {
  const pos = new LineIndex(text).position(Math.min(p.offset, text.length));
  return { line: pos.line, column: pos.column, message: p.message, ...(cell !== undefined ? { cell } : {}) };
}

/** Python source as strictly as CPython reads it (for what edits can break): the first problem, or undefined. */
export function checkPythonSource(text: string): SyntaxProblem | undefined {
  const colons: number[] = [];
  const tok = checkPythonTokens(text, colons);
  if (tok) return tok;
  const r = parsePythonText('check.py', text);
  if ('error' in r) return { offset: r.offset, message: r.error.replace(' (the file is not analysed)', '') };
  try {
    const root = pyAst(r.doc);
    return treeProblem(text, root) ?? headerProblem(text, root, colons);
  } finally {
    r.doc.tree.delete();
  }
}

/** Only whitespace, comments and line continuations in `text[from, to)`. */
function onlyTrivia(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < to && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '\f' && c !== '\\') return false;
  }
  return true;
}

/**
 * Every `:` that ends a logical line must end a compound statement's header, with its indented block next
 * (tree-sitter reads `x:\n    int = 1` or `a,b:\n    c = 1` as annotated assignments; CPython does not).
 */
function headerProblem(text: string, root: PyNode, colons: readonly number[]): SyntaxProblem | undefined {
  if (colons.length === 0) return undefined;
  const blocks: number[] = [];
  walk(root, (n) => {
    if (n.type === 'block' && n.parent && n.parent.start < n.start) blocks.push(n.start);
    return true;
  });
  blocks.sort((a, b) => a - b);
  for (const c of colons) {
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid] <= c) lo = mid + 1;
      else hi = mid;
    }
    const b = blocks[lo];
    if (b === undefined || !onlyTrivia(text, c + 1, b)) return { offset: c, message: "invalid syntax (a line ending in ':' that starts no block)" };
  }
  return undefined;
}

/** What CPython's grammar rejects in a tree tree-sitter accepts. */
function treeProblem(text: string, root: PyNode): SyntaxProblem | undefined {
  let problem: SyntaxProblem | undefined;
  // `from __future__` only after the docstring, comments and other future imports
  let codeSeen = false;
  root.children.forEach((st, i) => {
    if (problem) return;
    if (st.type === 'future_import_statement') {
      if (codeSeen) problem = { offset: st.start, message: 'from __future__ imports must occur at the beginning of the file' };
      return;
    }
    const docstring = i === 0 && st.type === 'expression_statement' && st.children.length === 1 && st.children[0].type === 'string';
    if (!docstring) codeSeen = true;
  });
  if (problem) return problem;
  walk(root, (n) => {
    if (problem) return false;
    if (n.type === 'print_statement' || n.type === 'exec_statement') {
      problem = { offset: n.start, message: `invalid syntax (a Python 2 ${n.type === 'print_statement' ? 'print' : 'exec'} statement)` };
      return false;
    }
    if (n.type === 'module' || n.type === 'block') problem = separationProblem(text, n);
    else if (n.type === 'raise_statement' && n.children[0]?.type === 'expression_list') {
      problem = { offset: n.start, message: 'invalid syntax (raise takes one exception, not a tuple)' };
    } else if (n.type === 'import_from_statement' && /,\s*(#[^\n]*)?$/.test(text.slice(n.start, n.end)) && !text.slice(n.start, n.end).includes('(')) {
      problem = { offset: n.end, message: 'trailing comma not allowed without surrounding parentheses' };
    } else if (n.type === 'except_clause' || n.type === 'except_group_clause') {
      const exprs = n.children.filter((c) => c.type !== 'block' && c.type !== 'comment' && c.type !== 'line_continuation');
      if (exprs.length >= 2 && text.slice(exprs[0].end, exprs[1].start).includes(',')) {
        problem = { offset: exprs[0].start, message: 'multiple exception types must be parenthesized' };
      }
    } else if (n.type === 'try_statement' && !n.children.some((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) {
      if (!n.children.some((c) => c.type === 'finally_clause') || n.children.some((c) => c.type === 'else_clause')) {
        problem = { offset: n.start, message: "expected 'except' or 'finally' block" };
      }
    } else if (n.type === 'for_in_clause' && n.children.filter((c) => c.field === 'right').length + n.children.filter((c) => c.field === 'right' && c.type === 'expression_list').length > 1) {
      problem = { offset: n.start, message: 'invalid syntax (a comprehension iterates over one expression; parenthesize the tuple)' };
    } else if (n.type === 'assignment' && n.children.some((c) => c.field === 'type')) {
      const left = n.children.find((c) => c.field === 'left');
      if (left && left.type !== 'identifier' && left.type !== 'attribute' && left.type !== 'subscript' && left.type !== 'parenthesized_expression') {
        problem = { offset: n.start, message: 'only single target (not tuple) can be annotated' };
      }
    }
    if (problem) return false;
    if (n.type === 'argument_list') problem = argumentProblem(text, n);
    else if (n.type === 'parameters' || n.type === 'lambda_parameters') problem = parameterProblem(text, n);
    return !problem;
  });
  return problem;
}

/** Statements of one block are separated by a newline or `;` (tree-sitter also accepts `a = 1 b = 2`). */
function separationProblem(text: string, block: PyNode): SyntaxProblem | undefined {
  const kids = block.children.filter((c) => c.type !== 'comment' && c.type !== 'line_continuation');
  for (let i = 1; i < kids.length; i++) {
    const prev = kids[i - 1];
    const next = kids[i];
    let sep = false;
    for (let k = prev.end; k < next.start; k++) {
      const c = text[k];
      if (c === '\\') {
        k += text[k + 1] === '\r' && text[k + 2] === '\n' ? 2 : 1; // a line continuation joins, it does not separate
        continue;
      }
      if (c === '\n' || c === '\r' || c === ';') {
        sep = true;
        break;
      }
      if (c === '#') while (k + 1 < next.start && text[k + 1] !== '\n' && text[k + 1] !== '\r') k++;
    }
    if (!sep) return { offset: next.start, message: 'invalid syntax (two statements on one line without `;`)' };
  }
  return undefined;
}

/** CPython's order for call arguments: positional and `*x`, then keywords and `**x`; no keyword twice. */
function argumentProblem(text: string, list: PyNode): SyntaxProblem | undefined {
  const names = new Set<string>();
  let keyword = false;
  let dstar = false;
  for (const a of list.children) {
    if (a.type === 'keyword_argument') {
      const name = a.children.find((c) => c.field === 'name');
      const id = name ? text.slice(name.start, name.end) : '';
      if (id && names.has(id)) return { offset: a.start, message: `keyword argument repeated: ${id}` };
      names.add(id);
      keyword = true;
    } else if (a.type === 'dictionary_splat') dstar = true;
    else if (a.type === 'list_splat') {
      if (dstar) return { offset: a.start, message: 'iterable argument unpacking follows keyword argument unpacking' };
    } else if (a.type !== 'comment' && a.type !== 'line_continuation') {
      if (dstar) return { offset: a.start, message: 'positional argument follows keyword argument unpacking' };
      if (keyword) return { offset: a.start, message: 'positional argument follows keyword argument' };
    }
  }
  return undefined;
}

/** CPython's rules for a parameter list: no name twice, no parameter without a default after one with a default. */
function parameterProblem(text: string, list: PyNode): SyntaxProblem | undefined {
  const names = new Set<string>();
  let defaulted = false;
  let star = false;
  for (const p of list.children) {
    if (p.type === 'comment' || p.type === 'line_continuation') continue;
    const nameNode = p.type === 'identifier' ? p : p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' ? p.children.find((c) => c.type === 'identifier') : p.children.find((c) => c.field === 'name') ?? p.children.find((c) => c.type === 'identifier');
    const name = nameNode ? text.slice(nameNode.start, nameNode.end) : '';
    if (name && names.has(name)) return { offset: p.start, message: `duplicate argument '${name}' in function definition` };
    if (name) names.add(name);
    const inner = p.type === 'typed_parameter' ? p.children[0]?.type : p.type;
    if (inner === 'list_splat_pattern' || inner === 'keyword_separator' || inner === 'dictionary_splat_pattern') star = true;
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') defaulted = true;
    else if ((p.type === 'identifier' || p.type === 'typed_parameter') && defaulted && !star) {
      if (p.type === 'typed_parameter' && inner !== 'identifier') continue;
      return { offset: p.start, message: 'non-default argument follows default argument' };
    }
  }
  return undefined;
}

function strictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The code cells of a notebook text (index → source), or undefined when it is not a readable notebook. */
function notebookCells(text: string): Map<number, string> | undefined {
  const r = parseDocument('check.ipynb', text, 'notebook');
  if (!r.ok || r.doc.lang !== 'notebook') return undefined;
  const out = new Map<number, string>();
  for (const c of r.doc.cells) if (c.kind === 'code') out.set(c.index, c.source);
  r.doc.python.tree.delete();
  return out;
}

/**
 * Whether `after` (a fixed text of `path`) is as well-formed as `before` was: undefined when it is, else the first
 * problem. A check `before` fails too is reported as well (the file cannot be vouched for, so it is not fixed).
 */
export function checkFixedText(path: string, before: string, after: string): LocatedProblem | undefined {
  const lang = languageOf(path);
  switch (lang) {
    case 'python': {
      const p = checkPythonSource(after);
      return p ? locate(after, p) : undefined;
    }
    case 'notebook': {
      if (strictJson(before) && !strictJson(after)) return { line: 1, column: 1, message: 'the notebook would no longer be valid JSON' };
      const was = notebookCells(before);
      const now = notebookCells(after);
      if (!now) return { line: 1, column: 1, message: 'the notebook would no longer be readable' };
      for (const [cell, src] of now) {
        if (was?.get(cell) === src) continue;
        const p = checkPythonSource(blankMagics(src));
        if (p) return locate(src, p, cell);
      }
      return undefined;
    }
    case 'json': {
      if (strictJson(before) && !strictJson(after)) return { line: 1, column: 1, message: 'the file would no longer be valid JSON' };
      break;
    }
    case undefined:
      return { line: 1, column: 1, message: 'not a file type Wattlint reads' };
    default:
      break;
  }
  const r = parseDocument(path, after, lang);
  if (!r.ok) return { line: r.error.line ?? 1, column: r.error.column ?? 1, message: r.error.message };
  if (r.doc.lang === 'python') r.doc.tree.delete();
  else if (r.doc.lang === 'notebook') r.doc.python.tree.delete();
  return undefined;
}
