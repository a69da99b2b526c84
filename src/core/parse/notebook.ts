// Jupyter notebooks: the JSON is read with jsonc-parser; code cells are joined into one Python module so that
// imports and aliases carry across cells, and findings are mapped back to (cell, offset in cell).
//
// IPython syntax is blanked, never deleted, so every offset in the joined text still points into its cell:
// a line magic or shell escape (`%pip install x`, `!nvidia-smi`) becomes a comment of the same length (its first
// non-blank character turns into `#`); a cell magic that makes the body non-Python (`%%bash`, `%%writefile`)
// turns every line of the cell into a comment; `%%time`-style magics whose body is Python blank only their line.
// An indented magic becomes `pass#...` (its block stays valid); `x = !ls` becomes `x = 0#...`; help lines
// (`obj?`) are blanked; a shell or magic line ending in `\` blanks its continuation lines too; IPython's automagics
// (`pip install x`, `conda install y`, `cd dir` without the `%`) are blanked like magics. This is IPython's own input
// transformation done by hand, not detection of constructs. A cell that is still not Python fails alone, as in
// Jupyter: it is blanked and reported (`skippedCells`), and the other cells are analysed.
import { getNodeValue, parseTree, type ParseError as JsonParseError } from 'jsonc-parser';
import { LineIndex } from '../text/lines';
import type { ParseError } from '../types';
import type { NotebookCell, NotebookDoc, ParseResult } from './document';
import { nestingProblem } from './limits';
import { parsePythonText, pyAst, type Reparse } from './python';
import { keptOff } from '../incremental/kept';

/** Cell magics whose body is still Python. */
const PYTHON_BODY_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'memit', 'px', 'pypy', 'python', 'python3']);

function blankLine(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  if (i >= line.length) return line;
  const rest = line.slice(i);
  // an indented magic may be the only statement of its block: keep the block valid with `pass`
  if (i > 0 && rest.length >= 5) return line.slice(0, i) + 'pass#' + rest.slice(5);
  return line.slice(0, i) + '#' + rest.slice(1);
}

/** `files = !ls` / `t = %timeit -o f()`: the magic part becomes `0#...` (same length). */
function blankAssignedMagic(line: string): string | undefined {
  const eq = line.indexOf('=');
  if (eq <= 0) return undefined;
  const target = line.slice(0, eq).trim();
  if (target === '' || !/^[A-Za-z_][\w.,\s]*$/.test(target)) return undefined;
  let j = eq + 1;
  while (j < line.length && line[j] === ' ') j++;
  if (line[j] !== '!' && line[j] !== '%') return undefined;
  const part = line.slice(j);
  return part.length >= 2 ? line.slice(0, j) + '0#' + part.slice(2) : line.slice(0, j) + '0';
}

/** The cell's source with IPython-only syntax turned into comments of the same length. */
export function blankMagics(source: string): string {
  const lines = source.split('\n');
  const first = lines[0].trimStart();
  if (first.startsWith('%%')) {
    const name = first.slice(2).split(/\s/)[0];
    if (!PYTHON_BODY_MAGICS.has(name)) return lines.map(blankLine).join('\n');
    lines[0] = blankLine(lines[0]);
  }
  let continued = false;
  const py = new LineState();
  return lines
    .map((l) => {
      const t = l.trimStart();
      // a shell or magic line that ends in `\` goes on in the next line (`!lm_eval \` + `    --model hf`)
      if (continued) {
        continued = /\\\s*$/.test(l);
        return commentLine(l);
      }
      // IPython only reads magics at the start of a logical line: inside an open bracket, a triple-quoted string or
      // after a `\` a line starting with `%` is Python (`print('%d' \n    % n)`, a `%` operator on its own line)
      if (!py.atLogicalStart()) {
        py.scan(l);
        return l;
      }
      if (t.startsWith('%') || t.startsWith('!') || AUTOMAGIC.test(t)) {
        continued = /\\\s*$/.test(l);
        return blankLine(l);
      }
      // help syntax: `?obj`, `obj?`, `obj??`
      if (t.startsWith('?') || (t.endsWith('?') && !t.startsWith('#') && !t.includes('#'))) return blankLine(l);
      const assigned = blankAssignedMagic(l);
      if (assigned !== undefined) continued = /\\\s*$/.test(l);
      else py.scan(l);
      return assigned ?? l;
    })
    .join('\n');
}

/**
 * `blankMagics` of the last cells seen (a pure function of the source): a keystroke in an open notebook re-reads
 * every cell, and only the edited one has a new source. Bounded (cells up to 64 KB, 2,048 of them; cleared when
 * full).
 */
const blanked = new Map<string, string>();
const BLANKED_MAX = 2048;

function blankedOf(source: string): string {
  if (keptOff()) return blankMagics(source);
  let b = blanked.get(source);
  if (b === undefined) {
    b = blankMagics(source);
    if (source.length > 1 << 16) return b;
    if (blanked.size >= BLANKED_MAX) blanked.clear();
    blanked.set(source, b);
  }
  return b;
}

/**
 * Where a cell's Python stands at the end of each line it has read: open brackets, an open triple-quoted string,
 * a `\` continuation. Only what decides whether the next line starts a logical line (Python's tokenizer rules,
 * https://docs.python.org/3/reference/lexical_analysis.html#line-structure), not a tokenizer.
 */
class LineState {
  private depth = 0;
  private triple: '' | "'''" | '"""' = '';
  private backslash = false;

  atLogicalStart(): boolean {
    return this.depth === 0 && this.triple === '' && !this.backslash;
  }

  scan(line: string): void {
    this.backslash = false;
    let i = 0;
    const n = line.length;
    while (i < n) {
      if (this.triple) {
        const end = line.indexOf(this.triple, i);
        if (end < 0) return;
        // a closing quote escaped by a backslash does not close
        if (end > 0 && line[end - 1] === '\\' && !escapedBackslash(line, end - 1)) {
          i = end + 1;
          continue;
        }
        i = end + 3;
        this.triple = '';
        continue;
      }
      const c = line[i];
      if (c === '#') return;
      if (c === '\\' && i === n - 1) {
        this.backslash = true;
        return;
      }
      if (c === '"' || c === "'") {
        const q3 = line.slice(i, i + 3);
        if (q3 === "'''" || q3 === '"""') {
          this.triple = q3;
          i += 3;
          continue;
        }
        // a one-line string: to its closing quote (or the end of the line, where Python would stop with an error)
        i++;
        while (i < n && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') this.depth++;
      else if ((c === ')' || c === ']' || c === '}') && this.depth > 0) this.depth--;
      i++;
    }
  }
}

/** Whether the backslash at `i` is itself escaped (preceded by an odd number of backslashes). */
function escapedBackslash(line: string, i: number): boolean {
  let k = 0;
  for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) k++;
  return k % 2 === 1;
}

/**
 * IPython's automagic: `pip install x`, `conda install y`, `cd repo` run the `%pip` / `%conda` / `%cd` magics
 * without the `%` (none of them is valid Python as written).
 */
const AUTOMAGIC = /^(pip3?|conda|mamba)\s+(install|uninstall|list|show|freeze|download|-)|^cd\s+[^\s=(.[,:+\-*/%<>!&|^~]/;

/** A line as a comment of the same length (its indentation kept: a comment may sit at any indentation). */
function commentLine(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  if (i >= line.length) return line;
  return line.slice(0, i) + '#' + line.slice(i + 1);
}

function sourceText(v: unknown): string {
  if (Array.isArray(v)) return v.map((s) => (typeof s === 'string' ? s : '')).join('');
  return typeof v === 'string' ? v : '';
}

// Run times an executed notebook prints: transformers' Trainer reports `train_runtime` (seconds) in its TrainOutput
// metrics; training loops print elapsed or total time with a unit. Read from the saved outputs (data, not code).
const TRAIN_RUNTIME = /['"]train_runtime['"]\s*:\s*([0-9]+(?:\.[0-9]+)?)/g;
const ELAPSED = /\b(?:time elapsed|elapsed time|total training time|training time|total time)\s*[:=]?\s*([0-9]+(?:\.[0-9]+)?)\s*(min(?:ute)?s?|s(?:ec(?:ond)?s?)?|h(?:(?:ou)?rs?)?)\b/gi;
const MAX_OUTPUT_CHARS = 1 << 16;

function outputText(outputs: unknown): string {
  if (!Array.isArray(outputs)) return '';
  let out = '';
  for (const o of outputs) {
    if (!o || typeof o !== 'object') continue;
    const r = o as { text?: unknown; data?: Record<string, unknown> };
    out += sourceText(r.text) + sourceText(r.data?.['text/plain']) + '\n';
    if (out.length > MAX_OUTPUT_CHARS) return out.slice(0, MAX_OUTPUT_CHARS);
  }
  return out;
}

/** The longest run time, in minutes, that a cell's saved outputs record (see TRAIN_RUNTIME, ELAPSED). */
function recordedMinutesIn(text: string): number | undefined {
  let best: number | undefined;
  const take = (m: number) => {
    if (Number.isFinite(m) && (best === undefined || m > best)) best = m;
  };
  for (const m of text.matchAll(TRAIN_RUNTIME)) take(Number(m[1]) / 60);
  for (const m of text.matchAll(ELAPSED)) {
    const u = m[2].toLowerCase();
    take(Number(m[1]) * (u.startsWith('h') ? 60 : u.startsWith('m') ? 1 : 1 / 60));
  }
  return best;
}

/** `reparse`: an incremental re-parse of the joined code cells (see parse/python.ts). */
export function parseNotebook(path: string, text: string, reparse?: Reparse): ParseResult {
  const lines = new LineIndex(text);
  // The platform's JSON.parse reads a valid notebook several times faster than a position-keeping parser;
  // jsonc-parser runs only when it fails (lenient notebooks with trailing commas, or an error to locate).
  let value: { cells?: unknown } | null;
  try {
    value = JSON.parse(text) as { cells?: unknown } | null;
  } catch {
    const errors: JsonParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (!root || errors.length > 0) {
      const at = errors[0]?.offset ?? 0;
      const p = lines.position(at);
      return { ok: false, error: { file: path, line: p.line, column: p.column, message: 'notebook: the file is not valid JSON' } };
    }
    value = getNodeValue(root) as { cells?: unknown } | null;
  }
  const rawCells = value && typeof value === 'object' && Array.isArray(value.cells) ? (value.cells as unknown[]) : undefined;
  if (!rawCells) return { ok: false, error: { file: path, line: 1, column: 1, message: 'notebook: no `cells` list (nbformat 4 expected)' } };

  const cells: NotebookCell[] = [];
  const parts: string[] = [];
  let offset = 0;
  let recorded: number | undefined;
  rawCells.forEach((raw, index) => {
    const c = (raw && typeof raw === 'object' ? raw : {}) as { cell_type?: unknown; source?: unknown; outputs?: unknown };
    const kind = c.cell_type === 'code' ? 'code' : c.cell_type === 'markdown' ? 'markdown' : 'raw';
    const source = sourceText(c.source);
    if (kind === 'code') {
      const out = c.outputs ? outputText(c.outputs) : '';
      // (an empty text records nothing: the usual case of a notebook open in an editor, whose outputs are not sent)
      const m = out ? recordedMinutesIn(out) : undefined;
      if (m !== undefined && (recorded === undefined || m > recorded)) recorded = m;
      if (parts.length > 0) offset += 1; // the joining "\n"
      cells.push({ index, kind, source, offset });
      parts.push(blankedOf(source));
      offset += source.length;
    } else {
      cells.push({ index, kind, source, offset });
    }
  });
  // Jupyter compiles each cell on its own: a cell that is not Python (shell commands without `!`, a typo) fails
  // alone and the other cells still run. So when the joined cells do not parse, each cell is parsed alone; those
  // that fail are turned into comments of the same length and reported in `skippedCells`, and the rest of the
  // notebook is analysed. More than MAX_SKIPPED such cells, or an error that only the joined text has, and the
  // notebook is reported as one error, as before.
  const code = cells.filter((c) => c.kind === 'code');
  const locate = (offset: number, error: string): ParseError => {
    let cell = code[0];
    for (const c of code) if (c.offset <= offset) cell = c;
    const inCell = new LineIndex(cell?.source ?? '').position(offset - (cell?.offset ?? 0));
    return { file: path, cell: cell?.index, line: inCell.line, column: inCell.column, message: `cell ${(cell?.index ?? 0) + 1}: ${error}` };
  };
  // nesting past CPython's limits is refused before any parser recurses through it (parse/limits.ts)
  const deep = nestingProblem('python', parts.join('\n'));
  if (deep) return { ok: false, error: locate(deep.offset, deep.message) };
  const first = parsePythonText(path, parts.join('\n'), reparse);
  if (!('error' in first)) return { ok: true, doc: { lang: 'notebook', path, text, lines, comments: [], cells, python: first.doc, ...(recorded !== undefined ? { recordedMinutes: recorded } : {}) } };
  const skippedCells: ParseError[] = [];
  const alone: { offset: number; error: string }[] = [];
  code.forEach((c, i) => {
    const r = parsePythonText(path, parts[i]);
    if (!('error' in r)) {
      r.doc.tree.delete();
      return;
    }
    alone.push({ offset: c.offset + r.offset, error: r.error });
    skippedCells.push(locate(c.offset + r.offset, r.error.replace('(the file is not analysed)', '(this cell is not analysed; the other cells are)')));
    parts[i] = parts[i].split('\n').map(commentLine).join('\n');
  });
  const py = skippedCells.length > 0 && skippedCells.length <= MAX_SKIPPED ? parsePythonText(path, parts.join('\n')) : first;
  if ('error' in py) return { ok: false, error: alone.length > 0 ? locate(alone[0].offset, alone[0].error) : locate(first.offset, first.error) };
  const doc: NotebookDoc = { lang: 'notebook', path, text, lines, comments: [], cells, python: py.doc, skippedCells, ...(recorded !== undefined ? { recordedMinutes: recorded } : {}) };
  // an incremental caller keeps the first tree (of the text as written); this one only served the plain copy the
  // rules read, and nobody else would free it
  if (reparse) {
    pyAst(py.doc);
    py.doc.tree.delete();
  }
  return { ok: true, doc };
}

const MAX_SKIPPED = 16;
