// Edit builders for Python fixes: add a keyword argument to a call (keeping one-per-line layouts), replace a
// value, wrap a statement in a `with` block (re-indenting it), and make sure `torch` is importable.
import { eolOf } from '../../text/lines';
import type { TextEdit } from '../../types';
import { field, textOf, walk, type PyNode } from './ast';
import { memo, type PyAnalysis } from './analysis';
import { STDLIB_MODULES } from './stdlib';

/**
 * The edit that adds `kw` (e.g. `torch_dtype=torch.bfloat16`) as the last argument of `call`, in the call's own
 * layout: `f(a, kw)` on one line; one argument per line keeps one per line (`a,\n    kw`), with a trailing comma
 * when the call had one, after a comment that ends the last argument's line, and before a closing parenthesis that
 * shares the last argument's line (`report_to="none")` → `report_to="none",\n    kw)`).
 */
export function addKeywordEdit(a: PyAnalysis, call: PyNode, kw: string): TextEdit | undefined {
  const list = field(call, 'arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const text = a.text;
  const file = a.doc.path;
  const close = list.end - 1;
  if (text[close] !== ')' || text[list.start] !== '(') return undefined;
  const args = list.children.filter((c) => c.type !== 'comment' && c.type !== 'line_continuation');
  const at = (start: number, end: number, newText: string): TextEdit => ({ file, span: { start, end }, newText });
  if (args.length === 0) return at(list.start + 1, list.start + 1, kw);
  const last = args[args.length - 1];
  let after = last.end;
  while (after < close && (text[after] === ' ' || text[after] === '\t')) after++;
  const trailingComma = text[after] === ',';
  const lastLineStart = text.lastIndexOf('\n', last.start - 1) + 1;
  const onOwnLine = lastLineStart > list.start && text.slice(lastLineStart, last.start).trim() === '';
  if (!onOwnLine) return trailingComma ? at(after + 1, after + 1, ` ${kw}`) : at(last.end, last.end, `, ${kw}`);
  const indent = text.slice(lastLineStart, last.start);
  const eol = eolOf(text);
  const from = trailingComma ? after + 1 : last.end;
  let lineEnd = text.indexOf('\n', from);
  if (lineEnd >= 0 && text[lineEnd - 1] === '\r') lineEnd--;
  if (lineEnd >= 0 && lineEnd < close) {
    // the `)` is on a later line: a new line after this one, which may end in a comment
    if (trailingComma) return at(lineEnd, lineEnd, `${eol}${indent}${kw},`);
    return at(last.end, lineEnd, `,${text.slice(last.end, lineEnd)}${eol}${indent}${kw}`);
  }
  // the `)` shares the last argument's line
  return trailingComma ? at(after + 1, after + 1, `${eol}${indent}${kw},`) : at(last.end, last.end, `,${eol}${indent}${kw}`);
}

export function replaceEdit(a: PyAnalysis, node: PyNode, newText: string): TextEdit {
  return { file: a.doc.path, span: { start: node.start, end: node.end }, newText };
}

/**
 * `torch.` as this file spells it, and the edit that imports torch when the module does not bind it at its top
 * level (an import inside a function, or under `if TYPE_CHECKING:`, does not bind it where a fix writes `torch.`).
 */
export function torchRef(a: PyAnalysis): { prefix: string; importEdit?: TextEdit } {
  const p = memo(a, 'moduleTorch', () => moduleBinding(a, 'torch'));
  if (p) return { prefix: `${p}.` };
  return { prefix: 'torch.', importEdit: importEdit(a, 'torch') };
}

/** The local name a module-level `import <module>` / `import <module> as x` binds, if any. */
function moduleBinding(a: PyAnalysis, module: string): string | undefined {
  let found: string | undefined;
  const visit = (stmts: readonly PyNode[]) => {
    for (const st of stmts) {
      if (found) return;
      if (st.type === 'import_statement') {
        for (const c of st.children) {
          if (c.type === 'dotted_name' && textOf(a.text, c).split('.')[0] === module) found = module;
          else if (c.type === 'aliased_import' && textOf(a.text, field(c, 'name')!) === module) found = textOf(a.text, field(c, 'alias')!);
        }
      } else if (st.type === 'if_statement') {
        const cond = field(st, 'condition');
        if (cond && /(^|\.)TYPE_CHECKING$/.test(textOf(a.text, cond))) continue;
        for (const b of st.children) visit(b.type === 'block' ? b.children : (field(b, 'body') ?? field(b, 'consequence'))?.children ?? []);
      } else if (st.type === 'try_statement' || st.type === 'with_statement') {
        for (const b of st.children) visit(b.type === 'block' ? b.children : field(b, 'body')?.children ?? []);
      }
    }
  };
  visit(a.root.children);
  return found;
}

interface ImportLine {
  node: PyNode;
  /** Section as isort sorts them: `__future__`, the standard library, relative imports, everything else. */
  section: 'future' | 'stdlib' | 'local' | 'other';
  /** `import x` (straight) rather than `from x import y`. */
  straight: boolean;
  key: string;
}

function importLine(a: PyAnalysis, n: PyNode): ImportLine | undefined {
  if (n.type === 'future_import_statement') return { node: n, section: 'future', straight: false, key: '__future__' };
  let mod: string;
  if (n.type === 'import_statement') {
    const first = n.children.find((c) => c.type === 'dotted_name' || c.type === 'aliased_import');
    if (!first) return undefined;
    mod = textOf(a.text, first.type === 'aliased_import' ? field(first, 'name')! : first);
  } else if (n.type === 'import_from_statement') {
    const m = field(n, 'module_name');
    if (!m) return undefined;
    if (m.type === 'relative_import') return { node: n, section: 'local', straight: false, key: textOf(a.text, m) };
    mod = textOf(a.text, m);
  } else return undefined;
  const top = mod.split('.')[0];
  return { node: n, section: STDLIB_MODULES.has(top) ? 'stdlib' : 'other', straight: n.type === 'import_statement', key: mod.toLowerCase() };
}

/**
 * The edit that inserts `import <module>` (a third-party module) where isort would put it: among the straight
 * imports of the first third-party group of the module's leading imports, in alphabetical order; else as a new
 * section after the standard-library (or `__future__`) imports, before relative imports, or after the docstring.
 */
export function importEdit(a: PyAnalysis, module: string): TextEdit {
  const text = a.text;
  const eol = eolOf(text);
  const file = a.doc.path;
  const line = `import ${module}`;
  const key = module.toLowerCase();
  const notebook = file.toLowerCase().endsWith('.ipynb');
  const lineStartOf = (n: PyNode) => {
    // above the comment lines directly over the statement (they belong to it), unless they reach the top of the
    // file (a header) or look like a magic a notebook blanked into a comment (`#pip install ...`)
    const own = text.lastIndexOf('\n', n.start - 1) + 1;
    if (notebook) return own;
    let s = own;
    for (;;) {
      if (s === 0) return own;
      const prevStart = text.lastIndexOf('\n', s - 2) + 1;
      const prev = text.slice(prevStart, s).trim();
      if (!/^#(\s|$)/.test(prev) || /coding[:=]/.test(prev)) return s;
      s = prevStart;
    }
  };
  const lineEndOf = (n: PyNode) => {
    const e = text.indexOf('\n', n.end);
    return e < 0 ? text.length : e + 1;
  };
  const insertAt = (at: number, newText: string): TextEdit => ({ file, span: { start: at, end: at }, newText: at === text.length && at > 0 && !text.endsWith('\n') ? eol + newText : newText });
  const blankBefore = (n: PyNode) => /\n[ \t]*\r?\n[ \t]*$/.test(text.slice(0, lineStartOf(n)));

  // the leading run of module-level imports (after the docstring), split into groups at blank lines
  const stmts = a.root.children.filter((c) => c.type !== 'comment');
  let i = 0;
  const docstring = stmts[0]?.type === 'expression_statement' && stmts[0].children.length === 1 && stmts[0].children[0].type === 'string';
  if (docstring) i = 1;
  const run: ImportLine[] = [];
  for (; i < stmts.length; i++) {
    const l = importLine(a, stmts[i]);
    if (!l) break;
    run.push(l);
  }
  const groups: ImportLine[][] = [];
  for (const l of run) {
    if (groups.length === 0 || blankBefore(l.node)) groups.push([l]);
    else groups[groups.length - 1].push(l);
  }
  const target = groups.find((g) => g.some((l) => l.section === 'other'));
  if (target) {
    const straight = target.filter((l) => l.section === 'other' && l.straight);
    const later = straight.find((l) => l.key > key);
    if (later) return insertAt(lineStartOf(later.node), `${line}${eol}`);
    if (straight.length) return insertAt(lineEndOf(straight[straight.length - 1].node), `${line}${eol}`);
    const from = target.find((l) => l.section === 'other')!;
    return insertAt(lineStartOf(from.node), `${line}${eol}`);
  }
  const before = [...run].reverse().find((l) => l.section === 'stdlib' || l.section === 'future');
  if (before) return insertAt(lineEndOf(before.node), `${eol}${line}${eol}`);
  const local = run.find((l) => l.section === 'local');
  if (local) return insertAt(lineStartOf(local.node), `${line}${eol}${eol}`);
  // no imports: after the docstring, else after a shebang / encoding line / leading comments
  if (docstring) return insertAt(lineEndOf(stmts[0]), `${eol}${line}${eol}`);
  const first = stmts[0];
  const at = first ? lineStartOf(first) : text.length;
  const blank = first ? `${eol}` : '';
  return insertAt(at, `${line}${eol}${blank}`);
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
