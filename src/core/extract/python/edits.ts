// Edit builders for Python fixes: add a keyword argument to a call (keeping one-per-line layouts), replace a
// value, wrap a statement in a `with` block (re-indenting it), and make sure `torch` is importable.
import { eolOf } from '../../text/lines';
import type { TextEdit } from '../../types';
import { field, walk, type PyNode } from './ast';
import { memo, type PyAnalysis } from './analysis';
import { torchPrefix } from './imports';

/** The edit that adds `kw` (e.g. `torch_dtype=torch.bfloat16`) as the last argument of `call`. */
export function addKeywordEdit(a: PyAnalysis, call: PyNode, kw: string): TextEdit | undefined {
  const list = field(call, 'arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const text = a.text;
  const file = a.doc.path;
  const args = list.children;
  if (args.length === 0) return { file, span: { start: list.start + 1, end: list.start + 1 }, newText: kw };
  const last = args[args.length - 1];
  // one argument per line? then add ours on its own line with the same indentation
  const lastLineStart = text.lastIndexOf('\n', last.start - 1) + 1;
  const onOwnLine = text.slice(lastLineStart, last.start).trim() === '' && text.lastIndexOf('\n', last.start) > list.start;
  let after = last.end;
  while (after < list.end && (text[after] === ' ' || text[after] === '\t')) after++;
  const trailingComma = text[after] === ',';
  if (onOwnLine) {
    const indent = text.slice(lastLineStart, last.start);
    const eol = eolOf(text);
    // keep a trailing comment on the last argument's line where it is
    let lineEnd = text.indexOf('\n', last.end);
    if (lineEnd < 0 || lineEnd > list.end) lineEnd = -1;
    else if (text[lineEnd - 1] === '\r') lineEnd--;
    if (trailingComma) {
      const at = lineEnd >= 0 ? lineEnd : after + 1;
      return { file, span: { start: at, end: at }, newText: `${eol}${indent}${kw},` };
    }
    if (lineEnd >= 0) {
      return { file, span: { start: last.end, end: lineEnd }, newText: `,${text.slice(last.end, lineEnd)}${eol}${indent}${kw}` };
    }
    return { file, span: { start: last.end, end: last.end }, newText: `,${eol}${indent}${kw}` };
  }
  if (trailingComma) return { file, span: { start: after + 1, end: after + 1 }, newText: ` ${kw}` };
  return { file, span: { start: last.end, end: last.end }, newText: `, ${kw}` };
}

export function replaceEdit(a: PyAnalysis, node: PyNode, newText: string): TextEdit {
  return { file: a.doc.path, span: { start: node.start, end: node.end }, newText };
}

/** `torch.` as this file spells it, and the edit that imports torch when the file does not. */
export function torchRef(a: PyAnalysis): { prefix: string; importEdit?: TextEdit } {
  const p = torchPrefix(a.imports);
  if (p) return { prefix: p };
  const eol = eolOf(a.text);
  const anchor = a.imports.lastModuleImport;
  if (anchor) {
    const lineEnd = a.text.indexOf('\n', anchor.end);
    const at = lineEnd < 0 ? a.text.length : lineEnd + 1;
    const pre = lineEnd < 0 ? eol : '';
    return { prefix: 'torch.', importEdit: { file: a.doc.path, span: { start: at, end: at }, newText: `${pre}import torch${eol}` } };
  }
  // after a module docstring / shebang / leading comments: simplest safe place is the very start
  let at = 0;
  const first = a.root.children[0];
  if (first?.type === 'expression_statement' && first.children[0]?.type === 'string') {
    const lineEnd = a.text.indexOf('\n', first.end);
    at = lineEnd < 0 ? a.text.length : lineEnd + 1;
    const pre = lineEnd < 0 ? eol : '';
    return { prefix: 'torch.', importEdit: { file: a.doc.path, span: { start: at, end: at }, newText: `${pre}import torch${eol}` } };
  }
  if (a.text.startsWith('#!')) at = a.text.indexOf('\n') + 1;
  return { prefix: 'torch.', importEdit: { file: a.doc.path, span: { start: at, end: at }, newText: `import torch${eol}` } };
}

/** The file's indentation step (the first indented block's indentation), default four spaces. */
export function indentUnit(a: PyAnalysis): string {
  return memo(a, 'indentUnit', () => findIndentUnit(a));
}

function findIndentUnit(a: PyAnalysis): string {
  let unit: string | undefined;
  walk(a.root, (n) => {
    if (unit !== undefined) return false;
    if (n.type === 'block' && n.children.length > 0) {
      const s = n.children[0].start;
      const ls = a.text.lastIndexOf('\n', s - 1) + 1;
      const ind = a.text.slice(ls, s);
      if (ind.length > 0 && ind.trim() === '') {
        // the parent's own indentation
        const ps = n.parent?.start ?? 0;
        const pls = a.text.lastIndexOf('\n', ps - 1) + 1;
        const pind = a.text.slice(pls, ps);
        unit = ind.startsWith(pind) && ind.length > pind.length ? ind.slice(pind.length) : ind;
      }
    }
    return true;
  });
  return unit ?? '    ';
}

/** Whether a node spans a multi-line string literal (re-indenting it would change the string). */
function hasMultilineString(a: PyAnalysis, n: PyNode): boolean {
  let yes = false;
  walk(n, (m) => {
    if (m.type === 'string') {
      if (a.text.slice(m.start, m.end).includes('\n')) yes = true;
      return false;
    }
    return !yes;
  });
  return yes;
}

/**
 * Wraps the statements `first..last` (same block) in `header` (e.g. `with torch.inference_mode():`), indenting
 * them one step. Undefined when that would change a multi-line string or the statements share a line with others.
 */
export function wrapStatementsEdit(a: PyAnalysis, first: PyNode, last: PyNode, header: string): TextEdit | undefined {
  const text = a.text;
  const lineStart = text.lastIndexOf('\n', first.start - 1) + 1;
  const indent = text.slice(lineStart, first.start);
  if (indent.trim() !== '') return undefined;
  let lineEnd = text.indexOf('\n', last.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text.slice(last.end, lineEnd).replace(/\r$/, '').trim() !== '' && !text.slice(last.end, lineEnd).trim().startsWith('#')) return undefined;
  for (let p = first; ; ) {
    if (hasMultilineString(a, p)) return undefined;
    if (p === last) break;
    const sibs = p.parent?.children ?? [];
    const next = sibs[sibs.indexOf(p) + 1];
    if (!next) return undefined;
    p = next;
  }
  const unit = indentUnit(a);
  const eol = eolOf(text);
  const body = text.slice(lineStart, lineEnd);
  const reindented = body
    .split('\n')
    .map((l) => (l.trim() === '' ? l : unit + l))
    .join('\n');
  return { file: a.doc.path, span: { start: lineStart, end: lineEnd }, newText: `${indent}${header}${eol}${reindented}` };
}
