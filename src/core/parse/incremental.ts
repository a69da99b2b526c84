// Incremental re-parsing for the language server: one tree-sitter tree per open Python document (or per open
// notebook, whose code cells parse as one module), edited with `tree.edit` and handed back to the parser with the
// next text, so a keystroke re-parses only around the change, and the plain copy the analysers read re-uses the
// top-level statements the change did not touch (see parse/python.ts). The edit is the one span where the old and
// new texts differ (common prefix and suffix), which covers any number of editor changes, and a notebook edit
// mapped into the joined cells, without tracking them one by one. Offsets and columns are UTF-16 code units,
// as web-tree-sitter counts them for JavaScript strings.
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import type { PlainTree, Reparse } from './python';

/** The single span where `before` and `after` differ: [start, oldEnd) in `before` became [start, newEnd) in `after`. */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  // whole chunks first (a substring comparison is native), then code unit by code unit: the same span
  const CHUNK = 1024;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd - CHUNK >= start && newEnd - CHUNK >= start && before.slice(oldEnd - CHUNK, oldEnd) === after.slice(newEnd - CHUNK, newEnd)) {
    oldEnd -= CHUNK;
    newEnd -= CHUNK;
  }
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/** Row and column (0-based, UTF-16 units) of an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The tree-sitter edit that turns a tree of `before` into one that matches `after`, or undefined if equal. */
export function treeEdit(before: string, after: string): Edit | undefined {
  const span = changedSpan(before, after);
  if (!span) return undefined;
  return new Edit({
    startIndex: span.start,
    oldEndIndex: span.oldEnd,
    newEndIndex: span.newEnd,
    startPosition: pointAt(before, span.start),
    oldEndPosition: pointAt(before, span.oldEnd),
    newEndPosition: pointAt(after, span.newEnd),
  });
}

/**
 * The incremental parse state of one document: its last tree and the text that tree is of. Pass it as
 * `reparse` to the analysis; `dispose()` when the document closes. Not shared between documents.
 */
export class IncrementalTree implements Reparse {
  private tree?: Tree;
  private text = '';
  /** The last parse's plain copy (the parser reads and sets it). */
  plain?: PlainTree;
  /** Top-level statements the last parse re-used from the previous copy. */
  reused = 0;
  /** Parses done from an earlier tree / from nothing (the bench and tests read these). */
  incremental = 0;
  fresh = 0;

  oldTree(text: string): Tree | undefined {
    if (!this.tree) {
      this.fresh++;
      return undefined;
    }
    const edit = treeEdit(this.text, text);
    if (edit) this.tree.edit(edit);
    this.incremental++;
    return this.tree;
  }

  keep(tree: Tree, text: string): void {
    if (this.tree && this.tree !== tree) this.tree.delete();
    this.tree = tree;
    // The text the parser was given (the joined cells for a notebook): the next edit is measured against it.
    this.text = text;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.text = '';
    this.plain = undefined;
  }
}
