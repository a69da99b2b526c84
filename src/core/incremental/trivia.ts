// Re-using an analysis across an edit that touched only comment and blank lines (the language server, per
// keystroke: typing a comment, adding or removing blank lines). Such an edit leaves every fact, finding, fix and
// saving as it was, only moved: the previous analysis is returned with its places shifted, and exactly what a
// fresh analysis of the new text gives, or nothing (the caller then analyses afresh). It holds only where nothing
// the analysis reads can tell the difference, so the shortcut is taken only when all of these hold:
// - the changed lines (old and new) are blank or hold only a comment, with no `wattlint:` directive, no dotted
//   name (a rule may look for a name anywhere in the text, `torch.accelerator`), no line continuation before them,
//   not in the first two lines (shebang, coding cookie), not a notebook cell's first line (cell magics), not inside a
//   string, and (notebooks) not an IPython magic that the parser blanks;
// - the new text re-parses (incrementally, with the caller's tree) to the same plain syntax tree, node for node,
//   with offsets shifted past the change: so a comment that tree-sitter attaches to a block (stretching a loop or a
//   function over it) is not trivia;
// - no place the analysis reported (a finding, a fix's edit, a related place, a job's anchor, a fact's source, a
//   directive) lies in or next to the run of comment and blank lines around the change: an insertion point "above the
//   comment lines over a statement", the comments a fix carries along, a directive covering the next line all depend
//   on that run;
// - the previous analysis is complete, has no errors (a refused reference is placed by a text search), and says no
//   line number in its messages when the change adds or removes lines; the pre-filter still passes.
// The property test (test/unit/incremental-trivia.test.ts) compares this against fresh analyses over seeded random
// edits.
import type { FileAnalysis } from '../analyze';
import { mayMatter } from '../prefilter';
import { parseDocument, type Reparse } from '../parse';
import { languageOf, type NotebookDoc, type PythonDoc } from '../parse/document';
import { changedSpan } from '../parse/incremental';
import { pyAst, type PlainTree, type PyNode } from '../parse/python';
import { LineIndex } from '../text/lines';
import type { Directive } from '../suppress';
import type { Finding, JobFacts, SourceRef, Span, TextEdit } from '../types';

/** The analysis an edit may re-use, and what it was computed from. */
export interface TriviaBase {
  /** The document text (nbformat JSON for a notebook). */
  text: string;
  /** The Python text the caller's incremental tree was last parsed from (a notebook's joined code cells). */
  python: string;
  analysis: FileAnalysis;
  /** A notebook's cells as that parse saw them (kind and source, in order). */
  cells?: { kind: string; source: string }[];
}

export interface TriviaResult {
  analysis: FileAnalysis;
  /** The base for the next edit. */
  next: TriviaBase;
}

const TRIVIA_LINE = /^[ \t]*(#[^\n]*)?$/;

/** Whether every line of `s` is blank or a comment, with nothing a rule or the parser could read as more. */
function triviaLines(s: string): boolean {
  if (s === '') return true;
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let l of lines) {
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (l.includes('\r') || !TRIVIA_LINE.test(l)) return false;
    if (/wattlint/i.test(l) || /[A-Za-z_]\w*\s*\.\s*[A-Za-z_]/.test(l) || /\\\s*$/.test(l)) return false;
  }
  return true;
}

const isTriviaLine = (text: string, from: number, to: number) => {
  let l = text.slice(from, to);
  if (l.endsWith('\r')) l = l.slice(0, -1);
  return TRIVIA_LINE.test(l);
};

/** Moves offsets of the old text to the new one; undefined for an offset inside the changed lines. */
class Shift {
  constructor(
    /** Start of the changed lines (the same in both texts). */
    readonly ls: number,
    /** End of the changed lines in the old text, and the length change. */
    readonly j: number,
    readonly delta: number,
  ) {}

  start(p: number): number | undefined {
    if (p < this.ls) return p;
    if (p >= this.j) return p + this.delta;
    return undefined;
  }

  end(p: number): number | undefined {
    if (p <= this.ls) return p;
    if (p > this.j) return p + this.delta;
    return undefined;
  }

  span(s: Span): Span | undefined {
    if (s.start === s.end) {
      const p = this.start(s.start);
      return p === undefined ? undefined : { start: p, end: p };
    }
    const a = this.start(s.start);
    const b = this.end(s.end);
    return a === undefined || b === undefined ? undefined : { start: a, end: b };
  }
}

/** The new tree's node is the old one with its offsets moved. */
function sameTree(n: PyNode, o: PyNode, m: Shift): boolean {
  const stack: [PyNode, PyNode][] = [[n, o]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    if (a.type !== b.type || a.field !== b.field || a.children.length !== b.children.length) return false;
    if (a.start !== m.start(b.start) || a.end !== m.end(b.end)) return false;
    for (let i = 0; i < a.children.length; i++) stack.push([a.children[i], b.children[i]]);
  }
  return true;
}

/** Whether a string node of the old tree covers any of [from, to). */
function inString(root: PyNode, from: number, to: number): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of n.children) {
      if (c.start >= to || c.end <= from) continue;
      if (c.type === 'string' || c.type === 'concatenated_string' || c.type === 'string_content') return true;
      stack.push(c);
    }
  }
  return false;
}

const lineMention = /\blines? \d/i;
const mentionsCache = new WeakMap<FileAnalysis, boolean>();
function mentionsLines(a: FileAnalysis): boolean {
  let m = mentionsCache.get(a);
  if (m === undefined) {
    m = lineMention.test(JSON.stringify(a.findings.map((f) => [f.message, f.fix?.title, f.fix?.edits.map((e) => e.newText), f.related?.map((r) => r.message), f.saving]))) || lineMention.test(JSON.stringify(a.estimates));
    mentionsCache.set(a, m);
  }
  return m;
}

/**
 * The analysis of `text` from `base`, when `text` differs from `base.text` only in comment and blank lines and
 * nothing the analysis reads can tell (see the top of this file); undefined otherwise. `reparse` must be the
 * incremental tree whose last parse was of `base.python`; it is moved on to `text` when the edit is trivia (and may
 * be when it is not: the caller's next analysis of the same text then re-uses the whole tree).
 */
export function reuseAcrossTrivia(file: string, base: TriviaBase, text: string, reparse: Reparse, cells?: { kind: string; source: string }[]): TriviaResult | undefined {
  const lang = languageOf(file);
  if (lang !== 'python' && lang !== 'notebook') return undefined;
  const a0 = base.analysis;
  if (a0.language !== lang || a0.skipped || a0.incomplete || a0.errors.length > 0) return undefined;
  const prev: PlainTree | undefined = reparse.plain;
  if (!prev || prev.text !== base.python) return undefined;
  if (text === base.text) return undefined;
  // Python: the changed lines are looked at before any parse (an edit of code costs nothing here).
  if (lang === 'python' && (text === base.python || !changedLinesAreTrivia(base.python, text))) return undefined;
  // A notebook whose cells the caller knows: one code cell changed, in comment and blank lines only.
  if (lang === 'notebook' && cells && base.cells) {
    if (cells.length !== base.cells.length) return undefined;
    let changed = 0;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i].source === base.cells[i].source) continue;
      if (++changed > 1 || cells[i].kind !== 'code' || !changedLinesAreTrivia(base.cells[i].source, cells[i].source)) return undefined;
    }
  }
  if (!mayMatter(lang, text)) return undefined;

  const oldKids = prev.root.children.slice();
  const oldSpans = oldKids.map((n) => [n.start, n.end]);
  const oldRoot = { start: prev.root.start, end: prev.root.end };
  const parsed = parseDocument(file, text, lang, reparse);
  if (!parsed.ok) return undefined;
  const nb = parsed.doc.lang === 'notebook' ? (parsed.doc as NotebookDoc) : undefined;
  if (nb?.skippedCells?.length) return undefined;
  const py: PythonDoc = nb ? nb.python : (parsed.doc as PythonDoc);
  const newPy = py.text;
  const r = regionOf(base.python, newPy);
  if (!r) return undefined;
  const { ls, j, delta, oldRegion, newRegion } = r;
  if (!triviaLines(oldRegion) || !triviaLines(newRegion)) return undefined;
  // not the first two lines (shebang, coding cookie), no line continuation into the change
  const second = base.python.indexOf('\n', base.python.indexOf('\n') + 1);
  if (second < 0 || ls <= second) return undefined;
  if (/\\\s*$/.test(base.python.slice(base.python.lastIndexOf('\n', ls - 2) + 1, ls - 1))) return undefined;
  if (inString(prev.root, Math.max(0, ls - 1), j + 1)) return undefined;
  const m = new Shift(ls, j, delta);

  // The same plain tree, moved: re-used top-level statements are the old objects (already moved by the parser).
  const root = pyAst(py);
  if (root.children.length !== oldKids.length || root.start !== m.start(oldRoot.start) || root.end !== m.end(oldRoot.end)) return undefined;
  for (let i = 0; i < oldKids.length; i++) {
    const n = root.children[i];
    if (n === oldKids[i]) {
      if (n.start !== m.start(oldSpans[i][0]) || n.end !== m.end(oldSpans[i][1])) return undefined;
    } else if (!sameTree(n, oldKids[i], m)) return undefined;
  }

  // The run of comment and blank lines around the change (old offsets): no reported place may touch it.
  let runStart = ls;
  while (runStart > 0) {
    const ps = base.python.lastIndexOf('\n', runStart - 2) + 1;
    if (!isTriviaLine(base.python, ps, runStart - 1)) break;
    runStart = ps;
  }
  let runEnd = j;
  while (runEnd < base.python.length) {
    let e = base.python.indexOf('\n', runEnd);
    if (e < 0) e = base.python.length;
    if (!isTriviaLine(base.python, runEnd, e)) break;
    runEnd = e + 1;
  }
  const touches = (s: Span) => s.start <= runEnd + 1 && s.end >= runStart - 1;
  if (a0.directives.some((d) => touches(d.span))) return undefined;
  if (newRegion.split('\n').length !== oldRegion.split('\n').length && mentionsLines(a0)) return undefined;

  // Where the change is in the document's own coordinates: the file, or (notebooks) one code cell.
  let cellIndex: number | undefined;
  let cellShift: Shift = m;
  let lines: LineIndex = py.lines;
  if (nb) {
    const old = base.cells;
    if (!old || old.length !== nb.cells.length) return undefined;
    let changed = -1;
    for (let i = 0; i < nb.cells.length; i++) {
      if (nb.cells[i].kind !== old[i].kind) return undefined;
      if (nb.cells[i].source !== old[i].source) {
        if (changed >= 0) return undefined;
        changed = i;
      }
    }
    const c = nb.cells[changed];
    if (!c || c.kind !== 'code') return undefined;
    const oldSource = old[changed].source;
    // inside the cell (its joining newline may be in the change), never its first line
    if (ls <= c.offset || j > c.offset + oldSource.length + 1 || j + delta > c.offset + c.source.length + 1) return undefined;
    // the cell as written (a magic is blanked into a comment in the parsed text)
    if (!triviaLines(oldSource.slice(ls - c.offset, j - c.offset)) || !triviaLines(c.source.slice(ls - c.offset, j + delta - c.offset))) return undefined;
    cellIndex = c.index;
    cellShift = new Shift(ls - c.offset, j - c.offset, delta);
    lines = new LineIndex(c.source);
  }

  // Every place of this document, checked and moved.
  let ok = true;
  const own = (file0: string, cell: number | undefined) => file0 === file && (nb ? cell === cellIndex : true);
  const moveSpan = (s: Span, cell: number | undefined): Span => {
    if (!nb) {
      if (touches(s)) ok = false;
      const moved = m.span(s);
      if (!moved) ok = false;
      return moved ?? s;
    }
    // a notebook place is in a cell (its offsets the cell's): those of other cells do not move
    const c = cell === undefined ? undefined : nb.cells[cell];
    if (!c || c.index !== cell) {
      ok = false;
      return s;
    }
    const oldOffset = cell! > cellIndex! ? c.offset - delta : c.offset;
    if (touches({ start: s.start + oldOffset, end: s.end + oldOffset })) ok = false;
    if (cell !== cellIndex) return s;
    const moved = cellShift.span(s);
    if (!moved) ok = false;
    return moved ?? s;
  };
  const moveRef = (r: SourceRef): SourceRef => {
    if (r.file !== file) return r;
    const s = moveSpan(r.span, r.cell);
    return s === r.span ? r : { ...r, span: s };
  };
  const findings = a0.findings.map((f): Finding => {
    const g: Finding = { ...f };
    if (f.span) {
      g.span = moveSpan(f.span, f.cell);
      if (own(f.file, f.cell)) g.range = lines.range(g.span);
    }
    if (f.fix) {
      g.fix = {
        ...f.fix,
        edits: f.fix.edits.map((e): TextEdit => {
          if (e.file !== file) return e;
          const s = moveSpan(e.span, e.cell);
          const out: TextEdit = { ...e, span: s };
          if (own(e.file, e.cell)) out.range = lines.range(s);
          return out;
        }),
      };
    }
    if (f.related) g.related = f.related.map((r) => ({ ...r, ref: moveRef(r.ref) }));
    return g;
  });
  const jobs = a0.jobs.map((job): JobFacts => {
    const facts: JobFacts['facts'] = {};
    for (const [k, fact] of Object.entries(job.facts)) (facts as Record<string, unknown>)[k] = fact?.source ? { ...fact, source: moveRef(fact.source) } : fact;
    return { ...job, anchor: job.anchor ? moveRef(job.anchor) : job.anchor, facts };
  });
  if (!ok) return undefined;
  // directives are in the parsed Python's coordinates (the joined cells for a notebook)
  const directives = a0.directives.map((d): Directive => {
    const s = m.span(d.span)!;
    if (d.kind !== 'ignore') return { ...d, span: s };
    const line = py.lines.position(s.start).line;
    return { ...d, span: s, lines: d.lines.length > 1 ? [line, line + 1] : [line] };
  });
  const analysis: FileAnalysis = { ...a0, findings, jobs, directives, errors: [] };
  // the same messages: what they say about line numbers carries over
  const mentions = mentionsCache.get(a0);
  if (mentions !== undefined) mentionsCache.set(analysis, mentions);
  const next: TriviaBase = { text, python: newPy, analysis, cells: nb?.cells.map((c) => ({ kind: c.kind, source: c.source })) };
  return { analysis, next };
}

/** The changed lines: [ls, j) of the old text became [ls, j + delta) of the new one. */
function regionOf(before: string, after: string): { ls: number; j: number; delta: number; oldRegion: string; newRegion: string } | undefined {
  const span = changedSpan(before, after);
  if (!span) return undefined;
  const ls = before.lastIndexOf('\n', span.start - 1) + 1;
  let j: number;
  if ((span.oldEnd === 0 || before.charCodeAt(span.oldEnd - 1) === 10) && (span.newEnd === 0 || after.charCodeAt(span.newEnd - 1) === 10)) j = span.oldEnd;
  else {
    const nl = before.indexOf('\n', span.oldEnd);
    j = nl < 0 ? before.length : nl + 1;
  }
  const delta = span.newEnd - span.oldEnd;
  return { ls, j, delta, oldRegion: before.slice(ls, j), newRegion: after.slice(ls, j + delta) };
}

/** Python: whether the lines an edit changed (old and new) are all blank or comments (the cheap test first). */
function changedLinesAreTrivia(before: string, after: string): boolean {
  const r = regionOf(before, after);
  return !r || (triviaLines(r.oldRegion) && triviaLines(r.newRegion));
}

/** The base for the next edit after a full analysis of `text` with `reparse` (undefined when it cannot serve). */
export function triviaBase(text: string, analysis: FileAnalysis, reparse: Reparse, cells?: { kind: string; source: string }[]): TriviaBase | undefined {
  if (analysis.skipped || analysis.incomplete || analysis.errors.length > 0 || !reparse.plain) return undefined;
  return { text, python: reparse.plain.text, analysis, cells };
}
